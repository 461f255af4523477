//! Workbooks → rows: the sheet the layout names, else the first whose
//! rows hold the layout's header (else the first sheet), each cell as the clerk sees it
//! ([`super::cell_text`]).
//!
//! Nothing a workbook holds may make the import hold more than a table
//! needs. Its zip is measured before calamine reads it ([`super::package`]),
//! and its values are bounded as they are read: a value beyond `MAX_ROWS`
//! or `MAX_COLUMNS` is refused with its cell, where calamine would make a
//! range of every cell up to it (one value in XFD1048576 is 17 billion
//! cells). .xlsx, .xlsm and .xlsb sheets are streamed cell by cell for
//! this; .xls and .ods sheets calamine reads whole, and only their values
//! are bounded.

use std::fs;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{open_workbook_from_rs, Data, NumberFormat, Reader, Sheets, Style, XlsxError};

use super::cell_text::cell_text;
use super::{column_letters, package, SheetChoice, Source, SourceRow};
use crate::import::ImportError;

/// The rows a table may use: twice the 10,000 measures the site is built
/// and benchmarked with, where a city's plan has a few hundred.
const MAX_ROWS: u32 = 20_000;
/// The columns a table may use: Excel 2003's own width (A–IV), room for 62
/// fiscal years of four columns. With `MAX_ROWS`, the table's rows hold at
/// most 5 million cells (123 MB, were they all empty).
const MAX_COLUMNS: u32 = 256;

type Workbook<'bytes> = Sheets<Cursor<&'bytes [u8]>>;

pub(super) fn read_workbook(
    path: &Path,
    file_size: u64,
    extension: &str,
    choice: &SheetChoice,
) -> Result<Source, ImportError> {
    let workbook_error = |reason: String| ImportError::Workbook {
        path: path.to_path_buf(),
        reason,
    };
    if file_size > package::MAX_INFLATED_BYTES {
        return Err(workbook_error(package::too_large_reason(
            "ファイルの大きさが",
        )));
    }
    let bytes = fs::read(path).map_err(|source| ImportError::Unreadable {
        path: path.to_path_buf(),
        source,
    })?;
    package::check_declared_size(&bytes).map_err(workbook_error)?;
    let mut workbook = open(&bytes, extension).map_err(|e| workbook_error(e.to_string()))?;
    let source = |name: &str, rows: Vec<SourceRow>| Source {
        label: PathBuf::from(format!("{}（シート「{name}」）", path.display())),
        sheet: Some(name.to_string()),
        rows,
    };
    let names = workbook.sheet_names();
    if let Some(wanted) = choice.name {
        if !names.iter().any(|name| name == wanted) {
            return Err(workbook_error(format!(
                "シート「{wanted}」（site.toml の [import] の sheet）がありません。あるのは「{}」です",
                names.join("」「")
            )));
        }
    }
    // Sheets after the table's are not read; the first is kept in case no
    // sheet has the header.
    let mut first_sheet = None;
    for name in names {
        if choice.name.is_some_and(|wanted| wanted != name) {
            continue;
        }
        let rows = sheet_cells(&mut workbook, &name)
            .map_err(|reason| workbook_error(format!("シート「{name}」: {reason}")))?
            .into_rows();
        if choice.name.is_some() || (choice.holds_table)(&rows) {
            return Ok(source(&name, rows));
        }
        first_sheet.get_or_insert((name, rows));
    }
    match first_sheet {
        Some((name, rows)) => Ok(source(&name, rows)),
        None => Err(workbook_error("シートがありません".into())),
    }
}

/// The workbook in `bytes`, read as its extension says.
fn open<'bytes>(bytes: &'bytes [u8], extension: &str) -> Result<Workbook<'bytes>, calamine::Error> {
    let reader = Cursor::new(bytes);
    Ok(match extension {
        "xls" => Sheets::Xls(open_workbook_from_rs(reader).map_err(calamine::Error::Xls)?),
        "xlsb" => Sheets::Xlsb(open_workbook_from_rs(reader).map_err(calamine::Error::Xlsb)?),
        "ods" => Sheets::Ods(open_workbook_from_rs(reader).map_err(calamine::Error::Ods)?),
        _ => Sheets::Xlsx(open_workbook_from_rs(reader).map_err(calamine::Error::Xlsx)?),
    })
}

/// A sheet's values; Err with the reason (a value out of bounds, a broken sheet).
fn sheet_cells(workbook: &mut Workbook, name: &str) -> Result<SheetCells, String> {
    let mut cells = SheetCells::default();
    match workbook {
        Sheets::Xlsx(xlsx) => {
            let mut reader = match xlsx.worksheet_cells_reader(name) {
                Ok(reader) => reader,
                // A chart sheet: no cells.
                Err(XlsxError::NotAWorksheet(_)) => return Ok(cells),
                Err(e) => return Err(broken(e)),
            };
            while let Some((cell, style)) = reader.next_cell_with_style_id().map_err(broken)? {
                let format = number_format(reader.styles().get(style));
                let value = Data::from(cell.get_value().clone());
                cells.add(cell.get_position(), &value, format)?;
            }
        }
        Sheets::Xlsb(xlsb) => {
            let mut reader = xlsb.worksheet_cells_reader(name).map_err(broken)?;
            while let Some(cell) = reader.next_cell().map_err(broken)? {
                let value = Data::from(cell.get_value().clone());
                cells.add(cell.get_position(), &value, None)?;
            }
        }
        whole => {
            let range = whole.worksheet_range(name).map_err(broken)?;
            // Without styles a percentage shows as its fraction (0.8) and a
            // date as yyyy/m/d; the values are still read.
            let styles = whole.worksheet_style(name).unwrap_or_default();
            let (first_row, first_column) = range.start().unwrap_or((0, 0));
            for (row, column, value) in range.used_cells() {
                let position = (
                    first_row.saturating_add(u32::try_from(row).unwrap_or(u32::MAX)),
                    first_column.saturating_add(u32::try_from(column).unwrap_or(u32::MAX)),
                );
                cells.add(position, value, number_format(styles.get(position)))?;
            }
        }
    }
    Ok(cells)
}

/// A sheet calamine cannot read (a part cut off at its declared size, bad
/// XML): its error is for whoever repairs the file.
fn broken(error: impl std::fmt::Display) -> String {
    format!("壊れていて読めません（{error}）。Excel で開いて保存し直してください")
}

fn number_format(style: Option<&Style>) -> Option<&NumberFormat> {
    style.and_then(|style| style.number_format.as_ref())
}

/// A sheet's values as they are read, within `MAX_ROWS` × `MAX_COLUMNS`:
/// only values are held until the sheet is chosen, so that memory follows
/// what the workbook holds, not where it holds it.
#[derive(Default)]
struct SheetCells {
    /// (row, column, text), 0-based, in the order read.
    values: Vec<(u32, u32, String)>,
    /// One past the rightmost column with a value.
    width: usize,
}

impl SheetCells {
    fn add(
        &mut self,
        (row, column): (u32, u32),
        value: &Data,
        format: Option<&NumberFormat>,
    ) -> Result<(), String> {
        let text = cell_text(value, format);
        if text.is_empty() {
            return Ok(());
        }
        if row >= MAX_ROWS || column >= MAX_COLUMNS {
            return Err(format!(
                "セル {}{} に値があります。表として読むのは {MAX_ROWS} 行目・{} 列（{MAX_COLUMNS} 列目）までです。表の外にある値を消して（その行や列ごと削除して）保存し直してください",
                column_letters(column as usize),
                u64::from(row) + 1,
                column_letters(MAX_COLUMNS as usize - 1)
            ));
        }
        self.width = self.width.max(column as usize + 1);
        self.values.push((row, column, text));
        Ok(())
    }

    /// Rows numbered as in Excel, cells from column A, each as wide as the
    /// sheet's used range; rows without a value are left out.
    fn into_rows(mut self) -> Vec<SourceRow> {
        // Stable: of two values for one cell, the later wins, as in calamine.
        self.values.sort_by_key(|&(row, column, _)| (row, column));
        let mut rows: Vec<SourceRow> = Vec::new();
        for (row, column, text) in self.values {
            let number = row as usize + 1;
            match rows.last_mut() {
                Some(last) if last.number == number => last.cells[column as usize] = text,
                _ => {
                    let mut cells = vec![String::new(); self.width];
                    cells[column as usize] = text;
                    rows.push(SourceRow { number, cells });
                }
            }
        }
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(value: &str) -> Data {
        Data::String(value.into())
    }

    #[test]
    fn values_up_to_the_bounds_are_read_and_beyond_them_refused_with_their_cell() {
        let mut cells = SheetCells::default();
        cells
            .add((MAX_ROWS - 1, 2), &text("last row"), None)
            .unwrap();
        cells
            .add((0, MAX_COLUMNS - 1), &text("last column"), None)
            .unwrap();
        cells.add((0, 1), &text("B1"), None).unwrap();
        // An empty cell far out (formatting only) is no value.
        cells.add((1_048_575, 16_383), &Data::Empty, None).unwrap();
        let rows = cells.into_rows();
        let numbers: Vec<usize> = rows.iter().map(|row| row.number).collect();
        assert_eq!(numbers, [1, 20_000]);
        assert!(rows.iter().all(|row| row.cells.len() == 256));
        assert_eq!(
            (rows[0].cells[1].as_str(), rows[0].cells[255].as_str()),
            ("B1", "last column")
        );
        assert_eq!(rows[1].cells[2], "last row");
        for (position, cell) in [
            ((MAX_ROWS, 0), "A20001"),
            ((0, MAX_COLUMNS), "IW1"),
            ((1_048_575, 16_383), "XFD1048576"),
        ] {
            let reason = SheetCells::default()
                .add(position, &text("x"), None)
                .unwrap_err();
            assert!(
                reason.contains(&format!("セル {cell} に値")) && reason.contains("IV 列"),
                "{reason}"
            );
        }
    }
}
