//! The table reader stage: a file → rows of cells, each row with the number
//! a clerk sees (the line of a text file, the row of a sheet). Nothing here
//! knows what the columns mean.
//!
//! | file | read as |
//! | --- | --- |
//! | `.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods` | the sheet the layout names, else the first whose rows hold the layout's header (else the first sheet), within bounds ([`workbook`]) |
//! | `.csv` | comma-separated, quoted cells may hold commas and line breaks; a quote left open is refused ([`csv_reader`]) |
//! | anything else (`.tsv`, `.txt`) | tab-separated lines, as copied from the PDF |
//!
//! Text files are decoded from UTF-8 (with or without BOM), UTF-16 with a
//! BOM (Excel's "Unicode text"), or Shift_JIS/CP932 (Excel's CSV on Japanese
//! Windows) — whichever decodes without error, in that order — unless an
//! encoding is given. A byte no encoding reads is reported on its own line.
//!
//! A table must be a regular file: a folder cannot be read, and opening a
//! named pipe would wait for a writer forever, so both are refused from the
//! file's metadata before it is opened.

mod cell_text;
mod csv_reader;
mod package;
mod workbook;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use encoding_rs::{DecoderResult, Encoding, SHIFT_JIS, UTF_8};

use super::ImportError;

/// One row of the source, cells from the first column on.
#[derive(Debug)]
pub(crate) struct SourceRow {
    /// 1-based: the line of a text file, the row number of a sheet.
    pub number: usize,
    pub cells: Vec<String>,
}

/// The rows of a table and where they came from.
#[derive(Debug)]
pub(crate) struct Source {
    /// How messages name the table: the file, and for a workbook the sheet.
    pub label: PathBuf,
    /// The sheet read, for a workbook.
    pub sheet: Option<String>,
    pub rows: Vec<SourceRow>,
}

/// The bundled plan's first heading: a CSV's quote error names its column by it.
const HEADER_START: &str = "計画における項目";

/// Which sheet of a workbook is the table.
pub(crate) struct SheetChoice<'a> {
    /// The sheet the layout names; else the first that `holds_table`
    /// (else the first sheet).
    pub name: Option<&'a str>,
    /// Whether a sheet's rows hold the table's header.
    pub holds_table: &'a dyn Fn(&[SourceRow]) -> bool,
}

pub(crate) fn read_source(
    path: &Path,
    encoding: Option<&str>,
    sheet: &SheetChoice,
) -> Result<Source, ImportError> {
    let file_size = regular_file_size(path)?;
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if ["xlsx", "xlsm", "xls", "xlsb", "ods"].contains(&extension.as_str()) {
        return workbook::read_workbook(path, file_size, &extension, sheet);
    }
    let bytes = fs::read(path).map_err(|source| ImportError::Unreadable {
        path: path.to_path_buf(),
        source,
    })?;
    let text = decode(&bytes, path, encoding)?;
    let rows = if extension == "csv" {
        csv_reader::csv_rows(&text).map_err(|quote| ImportError::Csv {
            path: path.to_path_buf(),
            row: quote.line,
            reason: quote.reason(),
        })?
    } else {
        tab_rows(&text)
    };
    Ok(Source {
        label: path.to_path_buf(),
        sheet: None,
        rows,
    })
}

/// The size of the file at `path`; Err unless it is a regular file.
fn regular_file_size(path: &Path) -> Result<u64, ImportError> {
    let unreadable = |source| ImportError::Unreadable {
        path: path.to_path_buf(),
        source,
    };
    let metadata = fs::metadata(path).map_err(unreadable)?;
    if metadata.is_file() {
        return Ok(metadata.len());
    }
    let what = if metadata.is_dir() {
        "フォルダです"
    } else {
        "ふつうのファイルではありません（名前付きパイプや装置です）"
    };
    Err(unreadable(io::Error::other(format!(
        "{what}。表のファイル（.xlsx・.csv・.tsv など）を指定してください"
    ))))
}

/// The text of a table, in the encoding given or detected. When none reads
/// it, the line reported is the furthest first bad byte among those tried:
/// a file fails at once (its first Japanese character) in the encoding it
/// is not written in, and at the real bad byte in its own.
fn decode(bytes: &[u8], path: &Path, encoding: Option<&str>) -> Result<String, ImportError> {
    let candidates: Vec<(&'static Encoding, &[u8])> = match encoding {
        Some(label) => {
            let encoding = encoding_for_label(label)?;
            vec![(encoding, strip_bom(bytes, encoding))]
        }
        None => match Encoding::for_bom(bytes) {
            Some((encoding, bom_length)) => vec![(encoding, &bytes[bom_length..])],
            None => vec![(UTF_8, bytes), (SHIFT_JIS, bytes)],
        },
    };
    let mut furthest_line = 1;
    for &(encoding, body) in &candidates {
        match decode_strictly(body, encoding) {
            Ok(text) => return Ok(text),
            Err(line) => furthest_line = furthest_line.max(line),
        }
    }
    let tried: Vec<&str> = candidates.iter().map(|(e, _)| e.name()).collect();
    Err(ImportError::Undecodable {
        path: path.to_path_buf(),
        line: furthest_line,
        tried: tried.join("・"),
    })
}

fn encoding_for_label(label: &str) -> Result<&'static Encoding, ImportError> {
    // Windows' name for Excel's Japanese encoding is not a WHATWG label.
    let known = if label.trim().eq_ignore_ascii_case("cp932") {
        "windows-31j"
    } else {
        label.trim()
    };
    Encoding::for_label(known.as_bytes()).ok_or_else(|| ImportError::UnknownEncoding {
        label: label.to_string(),
    })
}

/// The text, or the 1-based line of the first byte `encoding` cannot read.
fn decode_strictly(bytes: &[u8], encoding: &'static Encoding) -> Result<String, usize> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::new();
    let mut rest = bytes;
    loop {
        let room = decoder
            .max_utf8_buffer_length_without_replacement(rest.len())
            .unwrap_or(rest.len());
        text.reserve(room);
        let (result, read) = decoder.decode_to_string_without_replacement(rest, &mut text, true);
        rest = &rest[read..];
        match result {
            DecoderResult::InputEmpty => return Ok(text),
            DecoderResult::OutputFull => {}
            // `text` holds what decoded before the bad byte.
            DecoderResult::Malformed(..) => return Err(text.matches('\n').count() + 1),
        }
    }
}

fn strip_bom<'a>(bytes: &'a [u8], encoding: &'static Encoding) -> &'a [u8] {
    match Encoding::for_bom(bytes) {
        Some((found, length)) if found == encoding => &bytes[length..],
        _ => bytes,
    }
}

fn tab_rows(text: &str) -> Vec<SourceRow> {
    text.lines()
        .enumerate()
        .map(|(index, line)| SourceRow {
            number: index + 1,
            cells: line.split('\t').map(str::to_string).collect(),
        })
        .collect()
}

/// Excel's name of a 0-based column: A, …, Z, AA, …, XFD.
pub(crate) fn column_letters(column: usize) -> String {
    let mut letters = Vec::new();
    let mut rest = column + 1;
    while rest > 0 {
        rest -= 1;
        letters.push(char::from(b'A' + (rest % 26) as u8));
        rest /= 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(bytes: &[u8], encoding: Option<&str>) -> Result<String, String> {
        decode(bytes, Path::new("t.csv"), encoding).map_err(|e| e.to_string())
    }

    #[test]
    fn encodings_are_detected() {
        let text = "計画における項目,実施内容\r\n①,相談\r\n";
        let (sjis, _, _) = SHIFT_JIS.encode(text);
        assert_eq!(decoded(&sjis, None).unwrap(), text);
        assert_eq!(
            decoded(format!("\u{feff}{text}").as_bytes(), None).unwrap(),
            text
        );
        assert_eq!(decoded(text.as_bytes(), None).unwrap(), text);
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decoded(&utf16, None).unwrap(), text);
        assert_eq!(decoded(&sjis, Some("cp932")).unwrap(), text);
    }

    #[test]
    fn undecodable_text_names_its_line_and_the_encodings_tried() {
        let message = decoded(b"ok\nok\n\xff\xff\n", None).unwrap_err();
        assert!(
            message.contains("t.csv:3") && message.contains("UTF-8・Shift_JIS"),
            "{message}"
        );
        let message = decoded(b"ok\n\xff\n", Some("shift_jis")).unwrap_err();
        assert!(
            message.contains("t.csv:2") && message.contains("Shift_JIS"),
            "{message}"
        );
        assert!(decoded(b"x", Some("klingon"))
            .unwrap_err()
            .contains("klingon"));
    }

    #[test]
    fn a_bad_byte_is_reported_on_its_own_line_in_the_encoding_that_reads_furthest() {
        let (sjis, _, _) = SHIFT_JIS.encode("計画における項目\n相談\n");
        let bad = [&sjis[..], b"\xff\n"].concat();
        for encoding in [None, Some("shift_jis"), Some("cp932")] {
            let message = decoded(&bad, encoding).unwrap_err();
            assert!(message.contains("t.csv:3:"), "{encoding:?}: {message}");
        }
        let message = decoded(&bad, Some("utf-8")).unwrap_err();
        assert!(message.contains("t.csv:1:"), "{message}");
        let message = decoded(b"\xef\xbb\xbfok\n\xff\n", None).unwrap_err();
        assert!(
            message.contains("t.csv:2:") && message.contains("UTF-8 として"),
            "{message}"
        );
    }

    #[test]
    fn columns_are_named_as_in_excel() {
        let names: Vec<String> = [0, 25, 26, 255, 16_383].map(column_letters).into();
        assert_eq!(names, ["A", "Z", "AA", "IV", "XFD"]);
    }
}
