//! The table reader stage: a file → rows of cells, each row with the number
//! a clerk sees (the line of a text file, the row of a sheet). Nothing here
//! knows what the columns mean.
//!
//! | file | read as |
//! | --- | --- |
//! | `.xlsx`, `.xlsm`, `.xls`, `.ods` | the first sheet whose first column holds 計画における項目 (else the first sheet) |
//! | `.csv` | comma-separated, quoted cells may hold commas and line breaks |
//! | anything else (`.tsv`, `.txt`) | tab-separated lines, as copied from the PDF |
//!
//! Text files are decoded from UTF-8 (with or without BOM), UTF-16 with a
//! BOM (Excel's "Unicode text"), or Shift_JIS/CP932 (Excel's CSV on Japanese
//! Windows) — whichever decodes without error, in that order — unless an
//! encoding is given.

use std::fs;
use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto, Data, Reader, StyleRange};
use encoding_rs::{Encoding, SHIFT_JIS};

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
    pub rows: Vec<SourceRow>,
}

const HEADER_START: &str = "計画における項目";

pub(crate) fn read_source(path: &Path, encoding: Option<&str>) -> Result<Source, ImportError> {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if ["xlsx", "xlsm", "xls", "xlsb", "ods"].contains(&extension.as_str()) {
        return read_workbook(path);
    }
    let bytes = fs::read(path).map_err(|source| ImportError::Unreadable {
        path: path.to_path_buf(),
        source,
    })?;
    let text = decode(&bytes, path, encoding)?;
    let rows = if extension == "csv" {
        csv_rows(&text, path)?
    } else {
        tab_rows(&text)
    };
    Ok(Source {
        label: path.to_path_buf(),
        rows,
    })
}

fn decode(bytes: &[u8], path: &Path, encoding: Option<&str>) -> Result<String, ImportError> {
    if let Some(label) = encoding {
        // Windows' name for Excel's Japanese encoding is not a WHATWG label.
        let known = if label.trim().eq_ignore_ascii_case("cp932") {
            "windows-31j"
        } else {
            label.trim()
        };
        let encoding =
            Encoding::for_label(known.as_bytes()).ok_or_else(|| ImportError::UnknownEncoding {
                label: label.to_string(),
            })?;
        let (text, had_errors) = encoding.decode_without_bom_handling(strip_bom(bytes, encoding));
        if had_errors {
            let line = line_of_first_error(bytes, encoding);
            return Err(ImportError::Undecodable {
                path: path.to_path_buf(),
                line,
                tried: encoding.name().into(),
            });
        }
        return Ok(text.into_owned());
    }
    if let Some((encoding, bom_length)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
        return Ok(text.into_owned());
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(utf8_error) => {
            let (text, had_errors) = SHIFT_JIS.decode_without_bom_handling(bytes);
            if !had_errors {
                return Ok(text.into_owned());
            }
            let valid = &bytes[..utf8_error.valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            Err(ImportError::Undecodable {
                path: path.to_path_buf(),
                line,
                tried: "UTF-8・Shift_JIS".into(),
            })
        }
    }
}

fn strip_bom<'a>(bytes: &'a [u8], encoding: &'static Encoding) -> &'a [u8] {
    match Encoding::for_bom(bytes) {
        Some((found, length)) if found == encoding => &bytes[length..],
        _ => bytes,
    }
}

/// The line where decoding first fails: decode growing prefixes line by line.
fn line_of_first_error(bytes: &[u8], encoding: &'static Encoding) -> usize {
    let mut end = 0;
    for (index, line) in bytes.split(|&b| b == b'\n').enumerate() {
        end += line.len() + 1;
        let prefix = &bytes[..end.min(bytes.len())];
        if encoding.decode_without_bom_handling(prefix).1 {
            return index + 1;
        }
    }
    1
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

/// Rows are numbered as Excel numbers them: a cell with line breaks does
/// not make its row count twice.
fn csv_rows(text: &str, path: &Path) -> Result<Vec<SourceRow>, ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| ImportError::Csv {
            path: path.to_path_buf(),
            row: index + 1,
            reason: e.to_string(),
        })?;
        rows.push(SourceRow {
            number: index + 1,
            cells: record.iter().map(str::to_string).collect(),
        });
    }
    Ok(rows)
}

fn read_workbook(path: &Path) -> Result<Source, ImportError> {
    let workbook_error = |reason: String| ImportError::Workbook {
        path: path.to_path_buf(),
        reason,
    };
    if !path.exists() {
        let source = std::io::Error::from(std::io::ErrorKind::NotFound);
        return Err(ImportError::Unreadable {
            path: path.to_path_buf(),
            source,
        });
    }
    let mut workbook = open_workbook_auto(path).map_err(|e| workbook_error(e.to_string()))?;
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| workbook_error(format!("シート「{name}」: {e}")))?;
        // Without styles a percentage shows as its fraction (0.8); the values are still read.
        let styles = workbook.worksheet_style(&name).unwrap_or_default();
        sheets.push((name, sheet_rows(&range, &styles)));
    }
    let has_header = |rows: &[SourceRow]| {
        rows.iter().any(|row| {
            row.cells
                .first()
                .is_some_and(|cell| cell.trim().starts_with(HEADER_START))
        })
    };
    let chosen = match sheets.iter().position(|(_, rows)| has_header(rows)) {
        Some(index) => index,
        None if sheets.is_empty() => return Err(workbook_error("シートがありません".into())),
        None => 0,
    };
    let (name, rows) = sheets.swap_remove(chosen);
    Ok(Source {
        label: PathBuf::from(format!("{}（シート「{name}」）", path.display())),
        rows,
    })
}

/// Rows numbered as in Excel, cells from column A even when the used range
/// starts further right or down.
fn sheet_rows(range: &calamine::Range<Data>, styles: &StyleRange) -> Vec<SourceRow> {
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let is_percent = |position: (u32, u32)| {
        let format = styles
            .get(position)
            .and_then(|style| style.number_format.as_ref());
        format.is_some_and(|format| format.format_code.contains('%'))
    };
    range
        .rows()
        .enumerate()
        .map(|(index, cells)| {
            let row = first_row.saturating_add(u32::try_from(index).unwrap_or(u32::MAX));
            let leading = std::iter::repeat_n(String::new(), first_column as usize);
            let texts = cells.iter().enumerate().map(|(c, cell)| {
                let column = first_column.saturating_add(u32::try_from(c).unwrap_or(u32::MAX));
                cell_text(cell, is_percent((row, column)))
            });
            SourceRow {
                number: row as usize + 1,
                cells: leading.chain(texts).collect(),
            }
        })
        .collect()
}

/// A cell as the clerk sees it: `21`, not `21.0`; `80%` for 0.8 shown as a percentage.
fn cell_text(cell: &Data, percent: bool) -> String {
    let number = match cell {
        Data::Empty => return String::new(),
        Data::String(text) => return text.clone(),
        Data::Float(number) => *number,
        Data::Int(number) => *number as f64,
        other => return other.to_string(),
    };
    if percent {
        format!("{}%", (number * 10_000.0).round() / 100.0)
    } else {
        format!("{number}")
    }
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
    fn csv_cells_keep_commas_and_line_breaks_and_rows_count_as_in_excel() {
        let rows = csv_rows("a,\"b,\r\nc\"\r\nd,\"e\"\"f\"\r\n", Path::new("t.csv")).unwrap();
        let cells: Vec<(usize, Vec<&str>)> = rows
            .iter()
            .map(|r| (r.number, r.cells.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(cells, [(1, vec!["a", "b,\r\nc"]), (2, vec!["d", "e\"f"])]);
    }

    #[test]
    fn sheet_cells_read_as_shown() {
        assert_eq!(cell_text(&Data::Float(21.0), false), "21");
        assert_eq!(cell_text(&Data::Float(0.5), false), "0.5");
        assert_eq!(cell_text(&Data::Int(80), false), "80");
        assert_eq!(cell_text(&Data::Float(0.7), true), "70%");
        assert_eq!(cell_text(&Data::Float(0.125), true), "12.5%");
        assert_eq!(cell_text(&Data::Int(1), true), "100%");
        assert_eq!(cell_text(&Data::Empty, true), "");
        assert_eq!(cell_text(&Data::String("100%".into()), true), "100%");
    }
}
