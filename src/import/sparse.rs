//! Rows most of whose year cells are empty, counting only the fields the
//! table has: a table with one value per year leaves the other fields
//! empty in every row, and that is its layout, not a row's omission.

use super::irregular::YEAR_FIELDS;
use super::table::{Row, FIXED_COLUMNS, YEAR_COLUMNS};
use crate::model::FiscalYear;

/// Which of a year's fields the table fills in at all, in any row and year.
/// A table with only a value per year leaves the other fields empty
/// everywhere: those are columns it does not have, not a row's omissions.
pub(crate) struct FilledFields(pub(crate) [bool; YEAR_COLUMNS]);

impl FilledFields {
    pub(crate) fn of(rows: &[Row], fiscal_years: &[FiscalYear]) -> Self {
        let mut filled = [false; YEAR_COLUMNS];
        for row in rows {
            let Row::Data(row) = row else { continue };
            for k in 0..fiscal_years.len() {
                for (j, field) in filled.iter_mut().enumerate() {
                    let column = FIXED_COLUMNS + YEAR_COLUMNS * k + j;
                    *field |= row.cells.get(column).is_some_and(|c| !c.trim().is_empty());
                }
            }
        }
        FilledFields(filled)
    }
}

/// A row most of whose fields are empty in the years it answers.
pub(crate) struct SparseRow {
    /// `年度の欄8欄のうち5欄が空欄です（…）`
    pub warning: String,
    /// `令和2年度の評価・達成度`: the empty fields, by year.
    pub empty: String,
}

/// More than half of the row's fields empty, in the years it answers at
/// all (a year with no cell written is not answered yet) and among the
/// fields the table fills somewhere.
pub(crate) fn sparse_row(
    fiscal_years: &[FiscalYear],
    years: &[[String; YEAR_COLUMNS]],
    filled: &FilledFields,
) -> Option<SparseRow> {
    let answered: Vec<(&FiscalYear, &[String; YEAR_COLUMNS])> = fiscal_years
        .iter()
        .zip(years)
        .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()))
        .collect();
    let empty_fields = |cells: &[String; YEAR_COLUMNS]| -> Vec<&str> {
        YEAR_FIELDS
            .iter()
            .zip(cells.iter())
            .zip(filled.0)
            .filter(|((_, c), in_table)| *in_table && c.is_empty())
            .map(|((name, _), _)| *name)
            .collect()
    };
    let total = answered.len() * filled.0.iter().filter(|&&f| f).count();
    let empty_count: usize = answered
        .iter()
        .map(|(_, cells)| empty_fields(cells).len())
        .sum();
    if empty_count * 2 <= total {
        return None;
    }
    let empty: Vec<String> = answered
        .iter()
        .filter_map(|(fy, cells)| {
            let names = empty_fields(cells);
            (!names.is_empty()).then(|| format!("{}の{}", fy.label, names.join("・")))
        })
        .collect();
    let empty = empty.join("、");
    Some(SparseRow {
        warning: format!("年度の欄{total}欄のうち{empty_count}欄が空欄です（{empty}）"),
        empty,
    })
}
