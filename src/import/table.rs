//! What the table reader ([`super::layout`]) gives: heading rows of the
//! plan's levels and data rows, each data row's cells in the bundled
//! plan's order (five fixed columns, four per fiscal year) with its extra
//! fields and its place in the plan beside them.

use crate::model::{FiscalYear, Indicator};

/// 計画における項目, 実施内容, 計画書ページ, 担当部署, 担当課.
pub(crate) const FIXED_COLUMNS: usize = 5;
/// 実施状況, 評価, 達成度, 今後の実施計画 — for each fiscal year.
pub(crate) const YEAR_COLUMNS: usize = 4;

/// Fields kept by their heading, in the table's order: (key, text).
pub type Extra = Vec<(String, String)>;

pub(crate) struct Table {
    /// From the header, oldest first as the columns run.
    pub fiscal_years: Vec<FiscalYear>,
    pub rows: Vec<Row>,
    /// The keys of the columns kept as extra fields of each measure.
    pub extra_columns: Vec<String>,
    /// The keys of the columns kept as extra fields of each year.
    pub year_extra_columns: Vec<String>,
    /// The headings of the columns the layout leaves out.
    pub ignored_columns: Vec<String>,
}

pub(crate) enum Row {
    /// A row of its own naming a node of the plan (`基本施策1 …`).
    Heading {
        line: usize,
        /// 0 = the top level.
        level: usize,
        number: String,
        title: String,
    },
    Data(DataRow),
}

/// A node of the plan as a row names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeCell {
    /// As the city numbers it (`2`; `02` read as `2`).
    pub number: String,
    pub title: String,
}

pub(crate) struct DataRow {
    /// 1-based line of the table file.
    pub line: usize,
    /// From the ID column (a template made by `shinchoku export`, a
    /// city's own ID).
    pub id: Option<String>,
    /// Which header the row follows: the rows of one PDF page share their wraps.
    pub part: usize,
    /// In the bundled order: five fixed columns, four per fiscal year, then
    /// any cell right of the header (kept for the irregular-row checks).
    pub cells: Vec<String>,
    /// The row's place in the plan, top level first; empty when a level
    /// is missing (a row before the first heading row).
    pub nodes: Vec<NodeCell>,
    /// Columns the layout does not map, by heading.
    pub extras: Extra,
    /// Per fiscal year (as `Table::fiscal_years`), its extra columns.
    pub year_extras: Vec<Extra>,
    /// `[[import.indicators]]`: named, or to be named by the title.
    pub indicators: Vec<Indicator>,
}
