//! The table's layout, declared in `site.toml`'s `[import]`, and the one
//! table reader it drives. The bundled plan's table is the default layout.
//!
//! | step | module |
//! | --- | --- |
//! | `[import]` → typed settings | [`settings`] |
//! | header row → where each role, level, year and extra field is | [`plan`] |
//! | rows → heading rows and data rows | [`reader`] |
//! | heading rows of a level (`【基本施策{number}】{title}`) | [`levels`] |
//! | a table → a proposed `[import]` (`import --detect`) | [`detect`] |
//! | what went wrong, for the clerk | [`messages`] |

mod detect;
mod detect_indicators;
mod indicators;
mod levels;
mod messages;
mod plan;
mod reader;
mod settings;
mod text;

use std::path::Path;

pub use detect::{detect, Detected};
pub use settings::{
    Headings, ImportLayout, IndicatorLayout, LevelLayout, YearsLayout, ROLES, TITLE, YEAR_ROLES,
};

use super::source::{read_source, SheetChoice};
pub use super::table::{Extra, NodeCell};
use super::table::{Row, Table};
use super::{ImportError, Warnings};
use crate::diagnostics::Diagnostic;
use crate::model::FiscalYear;

/// A table as its layout reads it, before any repair: what import makes
/// measures of.
#[derive(Debug, Clone)]
pub struct LayoutTable {
    pub fiscal_years: Vec<FiscalYear>,
    pub rows: Vec<LayoutRow>,
    /// The keys of the columns kept as extra fields of each measure.
    pub extra_columns: Vec<String>,
    /// The keys of the columns kept as extra fields of each year.
    pub year_extra_columns: Vec<String>,
    /// The headings of the columns left out.
    pub ignored_columns: Vec<String>,
    pub warnings: Vec<Diagnostic>,
}

/// One data row: its place in the plan, its roles (by [`ROLES`] name),
/// its extra fields and its years.
#[derive(Debug, Clone)]
pub struct LayoutRow {
    pub line: usize,
    pub nodes: Vec<NodeCell>,
    /// (role, text) for every role the table has, `ID` included.
    pub roles: Extra,
    pub extras: Extra,
    pub years: Vec<LayoutYear>,
    /// `[[import.indicators]]`: the row's indicators, as written.
    pub indicators: Vec<crate::model::Indicator>,
}

#[derive(Debug, Clone)]
pub struct LayoutYear {
    pub year: u16,
    pub label: String,
    /// (role of [`YEAR_ROLES`], text), the four always.
    pub roles: Extra,
    pub extras: Extra,
}

/// Reads `path` as `layout` says: every data row with every cell it has.
pub fn read_layout(
    path: &Path,
    encoding: Option<&str>,
    layout: &ImportLayout,
) -> Result<LayoutTable, ImportError> {
    let (table, warnings) = read(path, encoding, layout)?;
    let rows = table
        .rows
        .into_iter()
        .filter_map(|row| match row {
            Row::Data(row) => Some(row),
            Row::Heading { .. } => None,
        })
        .map(|row| {
            let cell = |i: usize| row.cells.get(i).cloned().unwrap_or_default();
            let mut roles: Extra = ROLES[..5]
                .iter()
                .enumerate()
                .map(|(i, role)| (role.to_string(), cell(i)))
                .collect();
            roles.extend(row.id.clone().map(|id| ("ID".to_string(), id)));
            let years = table
                .fiscal_years
                .iter()
                .zip(&row.year_extras)
                .enumerate()
                .map(|(k, (fy, extras))| LayoutYear {
                    year: fy.year,
                    label: fy.label.clone(),
                    roles: YEAR_ROLES
                        .iter()
                        .enumerate()
                        .map(|(j, role)| (role.to_string(), cell(5 + 4 * k + j)))
                        .collect(),
                    extras: extras.clone(),
                })
                .collect();
            LayoutRow {
                line: row.line,
                nodes: row.nodes,
                roles,
                extras: row.extras,
                years,
                indicators: row.indicators,
            }
        })
        .collect();
    Ok(LayoutTable {
        fiscal_years: table.fiscal_years,
        rows,
        extra_columns: table.extra_columns,
        year_extra_columns: table.year_extra_columns,
        ignored_columns: table.ignored_columns,
        warnings: warnings.into_sorted(),
    })
}

/// The table's layout: `site.toml`'s `[import]`, with the `--column`
/// flags (which win for the same column).
pub(crate) fn with_flags(
    mut layout: ImportLayout,
    column_flags: &[String],
) -> Result<ImportLayout, ImportError> {
    for flag in column_flags {
        let (role, heading) = parse_column_flag(flag)?;
        layout.columns.insert(role, heading);
    }
    Ok(layout)
}

/// `実施内容=事業名` → (実施内容, 事業名); the role must be one of
/// [`ROLES`].
fn parse_column_flag(flag: &str) -> Result<(String, String), ImportError> {
    let invalid = || ImportError::ColumnMapping {
        flag: flag.to_string(),
    };
    let (role, heading) = flag.split_once('=').ok_or_else(invalid)?;
    let (role, heading) = (role.trim(), heading.trim());
    if !ROLES.contains(&role) || heading.is_empty() {
        return Err(invalid());
    }
    Ok((role.to_string(), heading.to_string()))
}

/// The file's rows (the layout's sheet of a workbook, else the first whose
/// headings match) read as the layout says.
pub(crate) fn read(
    path: &Path,
    encoding: Option<&str>,
    layout: &ImportLayout,
) -> Result<(Table, Warnings), ImportError> {
    let holds_table = |rows: &[super::source::SourceRow]| match layout.header_row {
        Some(_) => true,
        None => rows.iter().any(|row| plan::is_header(&row.cells, layout)),
    };
    let choice = SheetChoice {
        name: layout.sheet.as_deref(),
        holds_table: &holds_table,
    };
    let source = read_source(path, encoding, &choice)?;
    let mut warnings = Warnings::new(&source.label);
    let table = reader::read_table(source, layout, &mut warnings)?;
    Ok((table, warnings))
}
