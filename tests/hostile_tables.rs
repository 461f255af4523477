//! Tables that import must not swallow, crash or mislead: a quote left open
//! in a CSV, a workbook whose used range or inflated size is a bomb, a bad
//! byte in a Shift_JIS table, a table path that is a folder or a pipe. Each
//! is `shinchoku import` run as a clerk runs it, but in a capped address
//! space and with a time limit; each must fail naming the file and the line
//! (or the sheet and the cell) and write nothing under `content/`.

mod common;

use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Address space for one import: a bomb must be refused within it (the
/// whole seed imports in well under half of it).
const MEMORY_LIMIT_KIB: u64 = 256 * 1024;
/// A table that makes the import wait (a pipe) fails the test after this.
const TIME_LIMIT: Duration = Duration::from_secs(30);

const SEED: &str = "seed/kumamoto-jisatsu-2019-2020.tsv";

fn seed_rows() -> Vec<Vec<String>> {
    let text = fs::read_to_string(common::fixture(SEED)).unwrap();
    text.lines()
        .map(|line| line.split('\t').map(str::to_string).collect())
        .collect()
}

struct Run {
    success: bool,
    stderr: String,
}

/// `shinchoku import TABLE --root ROOT ARGS…` within `MEMORY_LIMIT_KIB` of
/// address space (an allocation beyond it aborts the import); a run still
/// going after `TIME_LIMIT` is killed and fails the test.
fn import(table: &Path, root: &Path, args: &[&str]) -> Run {
    let stderr_path = root.join("stderr.txt");
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v {MEMORY_LIMIT_KIB} && exec \"$0\" \"$@\""
        ))
        .arg(env!("CARGO_BIN_EXE_shinchoku"))
        .arg("import")
        .arg(table)
        .arg("--root")
        .arg(root)
        .args(args)
        .stdout(Stdio::null())
        .stderr(fs::File::create(&stderr_path).unwrap())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIME_LIMIT {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!(
                "importing {} still ran after {TIME_LIMIT:?}",
                table.display()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        success: status.success(),
        stderr: fs::read_to_string(&stderr_path).unwrap(),
    }
}

/// The import failed, its message says every one of `expected`, and nothing
/// was written under `content/`.
fn assert_refused(run: &Run, root: &Path, expected: &[&str]) {
    assert!(!run.success, "the import succeeded:\n{}", run.stderr);
    for part in expected {
        assert!(
            run.stderr.contains(part),
            "the message does not say {part:?}:\n{}",
            run.stderr
        );
    }
    assert!(
        !root.join("content").exists(),
        "content/ was written:\n{}",
        run.stderr
    );
}

#[test]
fn a_quote_left_open_stops_the_import_at_its_line_and_column() {
    // Closed by chance by the next quoted cell, two rows on; or never, in
    // the last row.
    for (title, problem) in [
        ("自殺対策連絡協議会", "行目で閉じた"),
        (
            "自死遺族グループミーティング",
            "ファイルの最後までありません",
        ),
    ] {
        let text = common::csv_text(&seed_rows());
        let cell = format!(",{title},");
        let line = text.lines().position(|l| l.contains(&cell)).unwrap() + 1;
        let dir = tempfile::tempdir().unwrap();
        let table = dir.path().join("table.csv");
        fs::write(&table, text.replacen(&cell, &format!(",\"{title},"), 1)).unwrap();
        let run = import(&table, dir.path(), &[]);
        assert_refused(
            &run,
            dir.path(),
            &[
                &format!("table.csv: {line}行目"),
                "B列（実施内容）",
                problem,
                "\"\"",
            ],
        );
    }
}

#[test]
fn a_quote_open_for_more_than_200_lines_stops_the_import_at_its_line() {
    // A generated table of 300 measures; the quote opened in the first one's
    // status is closed, as if by chance, by a quote ending a cell 240 lines
    // on: without a limit, the 240 measures between are silently lost.
    let mut rows = seed_rows()[..3].to_vec();
    rows.push(vec!["基本施策1 相談体制の充実".into()]);
    let header_lines = rows.len();
    for n in 1..=300 {
        let row = format!(
            "ア. 相談体制の充実,相談事業{n},P.21,健康福祉局,福祉課,{0},{0}",
            "実施した,実施,100,継続"
        );
        rows.push(row.split(',').map(String::from).collect());
    }
    rows[header_lines][5] = "\"実施した".into();
    rows[header_lines + 240][5] = "実施した\"".into();
    // Written as a clerk's editor would: no quoting of its own.
    let text: String = rows.iter().map(|row| row.join(",") + "\r\n").collect();
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("table.csv");
    fs::write(&table, text).unwrap();
    let run = import(&table, dir.path(), &[]);
    assert_refused(
        &run,
        dir.path(),
        &[
            &format!("table.csv: {}行目", header_lines + 1),
            "F列（令和元年度実施状況）",
            "200",
        ],
    );
}

/// The seed as CSV: `bom`, then the text encoded by `encode` with `bad`
/// bytes put at the start of line 10.
fn seed_with_bad_bytes_on_line_10(bom: &[u8], encode: fn(&str) -> Vec<u8>, bad: &[u8]) -> Vec<u8> {
    let text = common::csv_text(&seed_rows());
    let line_10 = text.match_indices('\n').nth(8).unwrap().0 + 1;
    let (before, after) = text.split_at(line_10);
    [bom, &encode(before), bad, &encode(after)].concat()
}

#[test]
fn a_bad_byte_is_reported_on_its_own_line_whatever_the_encoding() {
    let shift_jis: fn(&str) -> Vec<u8> = |text| encoding_rs::SHIFT_JIS.encode(text).0.into();
    let utf8: fn(&str) -> Vec<u8> = |text| text.as_bytes().to_vec();
    let utf16: fn(&str) -> Vec<u8> =
        |text| text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let shift_jis_file = seed_with_bad_bytes_on_line_10(b"", shift_jis, b"\xff");
    // The seed's first Japanese text is on line 3: read as UTF-8, a
    // Shift_JIS file fails there, at once; its bad byte is on line 10.
    let cases: [(&str, Vec<u8>, &[&str], &str); 6] = [
        ("Shift_JIS", shift_jis_file.clone(), &[], ":10:"),
        (
            "Shift_JIS given",
            shift_jis_file.clone(),
            &["--encoding", "shift_jis"],
            ":10:",
        ),
        (
            "CP932 given",
            shift_jis_file.clone(),
            &["--encoding", "cp932"],
            ":10:",
        ),
        (
            "Shift_JIS read as UTF-8",
            shift_jis_file,
            &["--encoding", "utf-8"],
            ":3:",
        ),
        (
            "UTF-8 with a BOM",
            seed_with_bad_bytes_on_line_10(b"\xef\xbb\xbf", utf8, b"\xff"),
            &[],
            ":10:",
        ),
        (
            "UTF-16 with a BOM, a lone surrogate",
            seed_with_bad_bytes_on_line_10(b"\xff\xfe", utf16, b"\x00\xd8"),
            &[],
            ":10:",
        ),
    ];
    for (what, bytes, args, line) in cases {
        let dir = tempfile::tempdir().unwrap();
        let table = dir.path().join("table.csv");
        fs::write(&table, bytes).unwrap();
        let run = import(&table, dir.path(), args);
        let expected = format!("table.csv{line} 文字コードを");
        assert!(
            run.stderr.contains(&expected),
            "{what}: expected {expected:?}:\n{}",
            run.stderr
        );
        assert_refused(&run, dir.path(), &[]);
    }
}

#[test]
fn a_table_path_that_is_a_folder_or_a_pipe_is_refused_without_waiting() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("table.csv");
    fs::create_dir(&folder).unwrap();
    let run = import(&folder, dir.path(), &[]);
    assert_refused(
        &run,
        dir.path(),
        // A folder is read as a folder of returned tables (import a/ b/).
        &["table.csv: 取り込める表（.xlsx .csv .tsv .txt）がこのフォルダにありません"],
    );
    for name in ["table.tsv", "book.xlsx"] {
        let pipe = dir.path().join(name);
        let made = Command::new("mkfifo").arg(&pipe).status().unwrap();
        assert!(made.success(), "mkfifo {name}");
        let run = import(&pipe, dir.path(), &[]);
        assert_refused(
            &run,
            dir.path(),
            &[&format!(
                "{name}: 表を読めません: ふつうのファイルではありません"
            )],
        );
    }
}

/// The seed's rows as a workbook with one sheet, 進捗状況; `edit` may add to it.
fn seed_workbook(edit: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("進捗状況").unwrap();
    for (r, row) in seed_rows().iter().enumerate() {
        for (c, cell) in row.iter().enumerate().filter(|(_, cell)| !cell.is_empty()) {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    edit(sheet);
    workbook.save_to_buffer().unwrap()
}

#[test]
fn a_value_in_the_last_cell_of_a_sheet_is_refused_with_the_sheet_and_the_cell() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book.xlsx");
    fs::write(
        &book,
        seed_workbook(|sheet| {
            sheet.write_string(1_048_575, 16_383, "x").unwrap();
        }),
    )
    .unwrap();
    let run = import(&book, dir.path(), &[]);
    assert_refused(
        &run,
        dir.path(),
        &["book.xlsx", "シート「進捗状況」", "XFD1048576"],
    );
}

/// One file of a zip written by hand, so that its sizes can lie.
struct Part {
    name: String,
    /// 0 stored, 8 deflated.
    method: u16,
    data: Vec<u8>,
    crc: u32,
    /// What the headers declare it inflates to.
    declared_size: u32,
}

/// A zip of `parts`: local headers and data, the central directory, its end.
fn zip(parts: &[Part]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for part in parts {
        let offset = out.len() as u32;
        let common = |to: &mut Vec<u8>| {
            for half in [20, 0, part.method, 0, 0x21] {
                to.extend(u16::to_le_bytes(half)); // version, flags, method, time, date
            }
            for word in [part.crc, part.data.len() as u32, part.declared_size] {
                to.extend(word.to_le_bytes());
            }
            to.extend((part.name.len() as u16).to_le_bytes());
            to.extend(0u16.to_le_bytes()); // extra field length
        };
        out.extend(0x04034b50u32.to_le_bytes());
        common(&mut out);
        out.extend(part.name.as_bytes());
        out.extend(&part.data);
        central.extend(0x02014b50u32.to_le_bytes());
        central.extend(20u16.to_le_bytes()); // made by
        common(&mut central);
        central.extend([0; 10]); // comment length, disk, internal and external attributes
        central.extend(offset.to_le_bytes());
        central.extend(part.name.as_bytes());
    }
    let central_offset = out.len() as u32;
    out.extend(&central);
    out.extend(0x06054b50u32.to_le_bytes());
    out.extend([0; 4]); // disk numbers
    for count in [parts.len() as u16; 2] {
        out.extend(count.to_le_bytes());
    }
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(central_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes()); // comment length
    out
}

/// Bits in deflate's order: values from their lowest bit, Huffman codes
/// from their highest.
#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    pending: u64,
    count: u32,
}

impl Bits {
    fn value(&mut self, value: u32, width: u32) {
        self.pending |= u64::from(value) << self.count;
        self.count += width;
        while self.count >= 8 {
            self.out.push(self.pending as u8);
            self.pending >>= 8;
            self.count -= 8;
        }
    }

    fn code(&mut self, code: u32, width: u32) {
        self.value(code.reverse_bits() >> (32 - width), width);
    }

    /// A literal byte in the fixed Huffman code.
    fn literal(&mut self, byte: u8) {
        match byte {
            0..=143 => self.code(0x30 + u32::from(byte), 8),
            _ => self.code(0x190 + u32::from(byte) - 144, 9),
        }
    }

    /// The bytes, the last one padded with zero bits.
    fn finish(mut self) -> Vec<u8> {
        if self.count > 0 {
            self.out.push(self.pending as u8);
        }
        self.out
    }
}

/// One fixed-Huffman deflate block: `prefix`, `1 + 258 × copies` spaces,
/// `suffix`. Each 258 spaces are a 13-bit copy of the last 258 bytes, so
/// 2 GiB of padding takes 13 MB.
fn deflated_padding(prefix: &[u8], copies: usize, suffix: &[u8]) -> Vec<u8> {
    let mut bits = Bits::default();
    bits.value(1, 1); // the last block
    bits.value(1, 2); // fixed Huffman codes
    for &byte in prefix.iter().chain(b" ") {
        bits.literal(byte);
    }
    for _ in 0..copies {
        bits.code(0b1100_0101, 8); // length 258
        bits.code(0, 5); // distance 1
    }
    for &byte in suffix {
        bits.literal(byte);
    }
    bits.code(0, 7); // end of block
    bits.finish()
}

#[test]
fn the_hand_written_padding_inflates_to_what_it_says() {
    let part = Part {
        name: "padding.xml".into(),
        method: 8,
        data: deflated_padding(b"<a>", 2, b"</a>"),
        crc: 0,
        declared_size: 3 + 1 + 2 * 258 + 4,
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip(&[part]))).unwrap();
    let options = zip::ZipReadOptions::new().ignore_crc32(true);
    let mut inflated = String::new();
    let mut file = archive.by_index_with_options(0, options).unwrap();
    file.read_to_string(&mut inflated).unwrap();
    assert_eq!(inflated, format!("<a>{}</a>", " ".repeat(517)));
}

/// The seed workbook rewritten by hand, its sheet replaced by `sheet`'s
/// part (given the sheet's XML and CRC).
fn workbook_with_sheet(sheet: impl Fn(&[u8], u32) -> Part) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(seed_workbook(|_| ()))).unwrap();
    let mut parts = Vec::new();
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).unwrap();
        let mut data = Vec::new();
        file.read_to_end(&mut data).unwrap();
        let name = file.name().unwrap().to_string();
        parts.push(if name == "xl/worksheets/sheet1.xml" {
            sheet(&data, file.crc32())
        } else {
            Part {
                name,
                method: 0,
                declared_size: data.len() as u32,
                data,
                crc: file.crc32(),
            }
        });
    }
    zip(&parts)
}

#[test]
fn a_workbook_that_inflates_to_2_gib_is_refused_whatever_its_sizes_declare() {
    const SHEET: &str = "xl/worksheets/sheet1.xml";
    let dir = tempfile::tempdir().unwrap();
    // The hand-written zip itself imports: what is refused below is the padding.
    let book = dir.path().join("book.xlsx");
    fs::write(
        &book,
        workbook_with_sheet(|xml, crc| Part {
            name: SHEET.into(),
            method: 0,
            data: xml.to_vec(),
            crc,
            declared_size: xml.len() as u32,
        }),
    )
    .unwrap();
    let run = import(&book, dir.path(), &[]);
    assert!(run.success, "{}", run.stderr);

    let copies = (2usize << 30) / 258;
    // Declaring its 2 GiB, it is refused from the zip's directory; declaring
    // the sheet's real size, it is cut off there by the zip reader.
    for (declares_its_size, expected) in [
        (
            true,
            "シート「進捗状況」（xl/worksheets/sheet1.xml）を展開すると 128 MiB を超えます",
        ),
        (false, "シート「進捗状況」: 壊れていて読めません"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("book.xlsx");
        // The padding is blanks inside <sheetData>; the CRC is the real
        // sheet's: the padding must be refused before any CRC is compared.
        let bomb = workbook_with_sheet(|xml, crc| {
            let text = std::str::from_utf8(xml).unwrap();
            let (prefix, suffix) = text.split_at(text.find("</sheetData>").unwrap());
            let inflated = prefix.len() + 1 + 258 * copies + suffix.len();
            Part {
                name: SHEET.into(),
                method: 8,
                data: deflated_padding(prefix.as_bytes(), copies, suffix.as_bytes()),
                crc,
                declared_size: if declares_its_size {
                    inflated as u32
                } else {
                    xml.len() as u32
                },
            }
        });
        assert!(bomb.len() < 16 << 20, "{} bytes", bomb.len());
        fs::write(&book, bomb).unwrap();
        let run = import(&book, dir.path(), &[]);
        assert_refused(
            &run,
            dir.path(),
            &["book.xlsx: Excel のブックとして読めません: ", expected],
        );
    }
}
