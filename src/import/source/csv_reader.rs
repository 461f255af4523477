//! CSV as Excel writes it: cells separated by commas, rows by line breaks
//! (CRLF, LF or CR); a cell in double quotes may hold commas, line breaks
//! and doubled quotes (`""`). Rows are numbered as Excel numbers them: a
//! cell with line breaks does not make its row count twice, an empty line
//! is an empty row.
//!
//! A quote left open makes every row after it part of one cell, silently:
//! so a quoted cell must close before the end of the file, within
//! [`MAX_QUOTED_CELL_LINES`], and be followed by a comma or a line break
//! (Excel never writes anything else; `"相談"窓口` is a quote that was meant
//! as a character, or one that closes a quote opened rows earlier).

use super::{SourceRow, HEADER_START};

/// The most lines one quoted cell may span. A cell listing its items one a
/// line has a few dozen at most (the template `shinchoku export` writes puts
/// a list item on each); 200 leaves room for any real cell while a quote
/// left open in a table of a few thousand rows is still caught.
pub(super) const MAX_QUOTED_CELL_LINES: usize = 200;

/// A quoted cell that does not close as it should.
#[derive(Debug, PartialEq)]
pub(super) struct BadQuote {
    /// 1-based line of the file where the quote opened.
    pub line: usize,
    /// 0-based column of the cell.
    pub column: usize,
    /// The column's heading in the header row above, if there is one.
    pub heading: Option<String>,
    pub problem: QuoteProblem,
}

#[derive(Debug, PartialEq)]
pub(super) enum QuoteProblem {
    /// The file ended inside the cell.
    NeverClosed,
    /// The cell ran past `MAX_QUOTED_CELL_LINES`.
    TooManyLines,
    /// Text follows the closing quote, on this line.
    TextAfterClose { line: usize },
}

impl BadQuote {
    /// What went wrong and what to do, for the clerk.
    pub(super) fn reason(&self) -> String {
        let problem = match self.problem {
            QuoteProblem::NeverClosed => {
                "閉じる「\"」がファイルの最後までありません（この後の行がすべてこのセルに入ってしまいます）".to_string()
            }
            QuoteProblem::TooManyLines => format!(
                "閉じる「\"」が {MAX_QUOTED_CELL_LINES} 行先までありません（その間の行がこのセルに入ってしまいます）"
            ),
            QuoteProblem::TextAfterClose { line } => format!(
                "{line}行目で閉じた「\"」のすぐ後に、コンマでも改行でもない文字が続いています"
            ),
        };
        let heading = self
            .heading
            .as_ref()
            .map(|heading| format!("（{heading}）"))
            .unwrap_or_default();
        format!(
            "{}列{heading}のセルが「\"」で始まっていますが、{problem}。セルの中の「\"」は「\"\"」と二つ重ねて書き、セルの終わりに閉じる「\"」を書いてください（何も書き込んでいません）",
            super::column_letters(self.column)
        )
    }
}

pub(super) fn csv_rows(text: &str) -> Result<Vec<SourceRow>, BadQuote> {
    let mut rows: Vec<SourceRow> = Vec::new();
    let mut cells: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut line = 1;
    let mut at_cell_start = true;
    let mut row_has_text = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        row_has_text = true;
        match c {
            '"' if at_cell_start => {
                let opened = line;
                read_quoted(&mut chars, &mut cell, &mut line).map_err(|problem| BadQuote {
                    line: opened,
                    column: cells.len(),
                    heading: heading_above(&rows, cells.len()),
                    problem,
                })?;
                at_cell_start = false;
            }
            ',' => {
                cells.push(std::mem::take(&mut cell));
                at_cell_start = true;
            }
            '\r' | '\n' => {
                if c == '\r' {
                    chars.next_if_eq(&'\n');
                }
                line += 1;
                cells.push(std::mem::take(&mut cell));
                rows.push(SourceRow {
                    number: rows.len() + 1,
                    cells: std::mem::take(&mut cells),
                });
                at_cell_start = true;
                row_has_text = false;
            }
            _ => {
                cell.push(c);
                at_cell_start = false;
            }
        }
    }
    if row_has_text {
        cells.push(cell);
        rows.push(SourceRow {
            number: rows.len() + 1,
            cells,
        });
    }
    Ok(rows)
}

/// Reads a quoted cell's text after its opening quote, through the closing
/// one, counting the lines it spans.
fn read_quoted(
    chars: &mut std::iter::Peekable<std::str::Chars>,
    cell: &mut String,
    line: &mut usize,
) -> Result<(), QuoteProblem> {
    let opened = *line;
    while let Some(c) = chars.next() {
        match c {
            '"' if chars.next_if_eq(&'"').is_some() => cell.push('"'),
            '"' => {
                return match chars.peek() {
                    None | Some(',' | '\r' | '\n') => Ok(()),
                    Some(_) => Err(QuoteProblem::TextAfterClose { line: *line }),
                }
            }
            '\r' | '\n' => {
                cell.push(c);
                if c == '\r' && chars.next_if_eq(&'\n').is_some() {
                    cell.push('\n');
                }
                *line += 1;
                if *line - opened >= MAX_QUOTED_CELL_LINES {
                    return Err(QuoteProblem::TooManyLines);
                }
            }
            _ => cell.push(c),
        }
    }
    Err(QuoteProblem::NeverClosed)
}

/// The heading of `column` in the last header row read.
fn heading_above(rows: &[SourceRow], column: usize) -> Option<String> {
    let header = rows.iter().rev().find(|row| {
        row.cells
            .first()
            .is_some_and(|cell| cell.trim().starts_with(HEADER_START))
    })?;
    let heading = header.cells.get(column)?.trim();
    (!heading.is_empty()).then(|| heading.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<(usize, Vec<String>)> {
        let rows = csv_rows(text).unwrap();
        rows.into_iter().map(|r| (r.number, r.cells)).collect()
    }

    fn row(number: usize, cells: &[&str]) -> (usize, Vec<String>) {
        (number, cells.iter().map(|c| c.to_string()).collect())
    }

    #[test]
    fn cells_keep_commas_line_breaks_and_quotes_and_rows_count_as_in_excel() {
        assert_eq!(
            rows("a,\"b,\r\nc\"\r\n\r\nd,\"e\"\"f\",\"\"\rg,"),
            [
                row(1, &["a", "b,\r\nc"]),
                row(2, &[""]),
                row(3, &["d", "e\"f", ""]),
                row(4, &["g", ""]),
            ]
        );
        assert_eq!(rows("a\"b,c\"\n"), [row(1, &["a\"b", "c\""])]);
        assert!(rows("").is_empty());
    }

    fn bad_quote(text: &str) -> BadQuote {
        csv_rows(text).unwrap_err()
    }

    #[test]
    fn a_quote_left_open_names_the_line_it_opened_on_and_the_column() {
        let text = "x\n計画における項目,実施内容\n①,\"相談\n②,研修\n";
        assert_eq!(
            bad_quote(text),
            BadQuote {
                line: 3,
                column: 1,
                heading: Some("実施内容".into()),
                problem: QuoteProblem::NeverClosed,
            }
        );
        let reason = bad_quote(text).reason();
        assert!(reason.starts_with("B列（実施内容）のセル"), "{reason}");
        assert_eq!(bad_quote("\"a").heading, None);
    }

    #[test]
    fn text_after_a_closing_quote_is_refused() {
        let problem = bad_quote("a,\"相談\"窓口\n").problem;
        assert_eq!(problem, QuoteProblem::TextAfterClose { line: 1 });
        // A quote opened by mistake, closed by the next quoted cell's opening quote.
        let wrong = bad_quote("\"a,b\nc,d\ne,\"f\"\n");
        assert_eq!(
            (wrong.line, wrong.column, wrong.problem),
            (1, 0, QuoteProblem::TextAfterClose { line: 3 })
        );
    }

    #[test]
    fn a_quoted_cell_may_span_up_to_the_line_limit() {
        let cell = |lines: usize| format!("a,\"{}\"\nb\n", "x\r\n".repeat(lines - 1));
        let read = csv_rows(&cell(MAX_QUOTED_CELL_LINES)).unwrap();
        assert_eq!(read.len(), 2);
        assert_eq!(read[1].number, 2);
        let too_long = bad_quote(&cell(MAX_QUOTED_CELL_LINES + 1));
        assert_eq!(
            (too_long.line, too_long.problem),
            (1, QuoteProblem::TooManyLines)
        );
    }
}
