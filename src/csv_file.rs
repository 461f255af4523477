//! Every CSV the project writes (the open data, the charts' numbers, the
//! export template), as Excel reads it: UTF-8 with a BOM (else Excel
//! assumes Shift_JIS), CRLF, quotes only where needed — and no text cell
//! that a spreadsheet would run as a formula.
//!
//! A spreadsheet reads a cell starting with `=`, `+`, `-`, `@`, a tab or a
//! carriage return as a formula (`=HYPERLINK(…)` sends data away when
//! clicked), and Japanese Excel reads the full-width `＝＋－＠` the same way.
//! As OWASP recommends, such a text cell gets an apostrophe before it,
//! inside quotes: `"'=1+1"`, which a spreadsheet shows as text. Only text
//! cells: a number the project formats (`-3`) is written as it is, so it
//! stays a number; and not a cell of that one character alone (`-`). The importer takes the apostrophe off again
//! ([`without_formula_guard`]), so an exported template reads back as it was.

use std::borrow::Cow;

/// One cell of a row, by what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell<'a> {
    /// Text someone wrote (or a heading): guarded against formulas.
    Text(Cow<'a, str>),
    /// A number the project formatted, or empty: written as it is.
    Number(String),
}

impl Cell<'_> {
    /// `value` as a number cell (`None`: an empty cell).
    pub fn number(value: Option<impl std::fmt::Display>) -> Cell<'static> {
        Cell::Number(value.map(|v| v.to_string()).unwrap_or_default())
    }
}

impl<'a> From<&'a str> for Cell<'a> {
    fn from(text: &'a str) -> Cell<'a> {
        Cell::Text(Cow::Borrowed(text))
    }
}

impl From<String> for Cell<'static> {
    fn from(text: String) -> Cell<'static> {
        Cell::Text(Cow::Owned(text))
    }
}

/// What a spreadsheet reads as the start of a formula.
const FORMULA_STARTS: [char; 10] = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];

/// Put before a text cell that starts like a formula.
const FORMULA_GUARD: char = '\'';

/// Whether a spreadsheet would read `text` as a formula. One of those
/// characters alone holds none (「-」 is many a table's "nothing"), and is
/// left as written.
fn starts_like_formula(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| FORMULA_STARTS.contains(&c)) && chars.next().is_some()
}

/// A table cell as read back from a spreadsheet or CSV, without the guard
/// [`CsvFile`] put before it (`'=1` → `=1`); any other cell as it is.
pub fn without_formula_guard(cell: &str) -> &str {
    match cell.strip_prefix(FORMULA_GUARD) {
        Some(rest) if starts_like_formula(rest) => rest,
        _ => cell,
    }
}

/// A CSV file being written, row by row.
pub struct CsvFile {
    bytes: Vec<u8>,
}

impl Default for CsvFile {
    fn default() -> Self {
        CsvFile::new()
    }
}

impl CsvFile {
    /// An empty file: only the BOM.
    pub fn new() -> CsvFile {
        CsvFile {
            bytes: "\u{feff}".into(),
        }
    }

    /// Appends one row (a header is a row of text cells).
    pub fn row<'c>(&mut self, cells: impl IntoIterator<Item = Cell<'c>>) {
        for (i, cell) in cells.into_iter().enumerate() {
            if i > 0 {
                self.bytes.push(b',');
            }
            let (text, guarded) = match &cell {
                Cell::Text(text) => (text.as_ref(), starts_like_formula(text)),
                Cell::Number(number) => (number.as_str(), false),
            };
            // An empty first cell is quoted, so that a row of one empty cell is no blank line.
            if guarded || (i == 0 && text.is_empty()) || text.contains([',', '"', '\n', '\r']) {
                self.bytes.push(b'"');
                if guarded {
                    self.bytes.push(FORMULA_GUARD as u8);
                }
                for (k, part) in text.split('"').enumerate() {
                    if k > 0 {
                        self.bytes.extend_from_slice(b"\"\"");
                    }
                    self.bytes.extend_from_slice(part.as_bytes());
                }
                self.bytes.push(b'"');
            } else {
                self.bytes.extend_from_slice(text.as_bytes());
            }
        }
        self.bytes.extend_from_slice(b"\r\n");
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written<'c>(cells: impl IntoIterator<Item = Cell<'c>>) -> String {
        let mut file = CsvFile::new();
        file.row(cells);
        String::from_utf8(file.into_bytes()).unwrap()
    }

    #[test]
    fn text_that_starts_like_a_formula_is_guarded_inside_quotes() {
        for start in FORMULA_STARTS {
            let text = format!("{start}1+1");
            assert_eq!(
                written([Cell::from(text.as_str())]),
                format!("\u{feff}\"'{text}\"\r\n")
            );
        }
        assert_eq!(
            written(["-", "=", "@"].map(Cell::from)),
            "\u{feff}-,=,@\r\n"
        );
        assert_eq!(
            written([Cell::from("=HYPERLINK(\"x\")")]),
            "\u{feff}\"'=HYPERLINK(\"\"x\"\")\"\r\n"
        );
    }

    #[test]
    fn numbers_and_other_text_are_written_as_they_are() {
        assert_eq!(
            written([
                Cell::number(Some(-3)),
                Cell::number(Some(-0.5)),
                Cell::number(None::<u32>),
                Cell::from("a-b"),
                Cell::from("令和2年度"),
                Cell::from("'引用'"),
            ]),
            "\u{feff}-3,-0.5,,a-b,令和2年度,'引用'\r\n"
        );
    }

    #[test]
    fn cells_are_quoted_only_when_needed() {
        assert_eq!(
            written(["a", "b,c", "改\n行", "\"引用\""].map(Cell::from)),
            "\u{feff}a,\"b,c\",\"改\n行\",\"\"\"引用\"\"\"\r\n"
        );
        assert_eq!(written([Cell::from("")]), "\u{feff}\"\"\r\n");
    }

    #[test]
    fn the_guard_comes_off_when_read_back() {
        assert_eq!(without_formula_guard("'=1+1"), "=1+1");
        assert_eq!(without_formula_guard("'－全角"), "－全角");
        assert_eq!(without_formula_guard("'引用'"), "'引用'");
        assert_eq!(without_formula_guard("=1"), "=1");
        assert_eq!(without_formula_guard("'-"), "'-");
    }
}
