//! Table rows → the site model: policies and measures with repaired text.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

use unicode_normalization::UnicodeNormalization;

use super::answers::{is_erase_marker, TableMeasure};
use super::cells::is_markdown_list;
use super::fields::YEAR_FIELDS;
use super::irregular::{
    realign, FilledFields, RowCells, ACHIEVEMENT, EVALUATION, NEXT_PLAN, STATUS,
};
use super::lists::to_markdown;
use super::names::split_names;
use super::nodes::Nodes;
use super::repair::{repair_heading, repair_prose, WrapWidths};
use super::table::{NodeCell, Row, Table, FIXED_COLUMNS, YEAR_COLUMNS};
use super::Warnings;
use crate::model::names::is_id_char;
use crate::model::{Achievement, Extra, FiscalYear, Indicator, Level, Measure, Node, YearRecord};

const NEW_MARKS: [&str; 2] = ["《新規》", "≪新規≫"];

pub(crate) struct Imported {
    pub fiscal_years: Vec<FiscalYear>,
    /// Every level's nodes, in the table's order.
    pub nodes: Vec<Node>,
    pub measures: Vec<TableMeasure>,
}

/// A data row placed under its policy, cells realigned.
struct Placed {
    line: usize,
    /// The measure's id when the table names it (a template's ID column).
    id: Option<String>,
    part: usize,
    /// The id of the row's lowest-level node.
    node: String,
    cells: RowCells,
    /// The columns the layout does not map, by heading: the measure's extra fields.
    extras: Extra,
    /// Per fiscal year, its extra columns.
    year_extras: Vec<Extra>,
    indicators: Vec<Indicator>,
}

pub(crate) fn build(table: Table, levels: &[Level], warnings: &mut Warnings) -> Imported {
    let mut nodes = Nodes::new(levels);
    let mut placed: Vec<Placed> = Vec::new();
    // The heading rows read so far, top level first.
    let mut headings: Vec<NodeCell> = Vec::new();
    let filled = FilledFields::of(&table.rows, &table.fiscal_years);
    for row in table.rows {
        match row {
            Row::Heading {
                line,
                level,
                number,
                title,
            } => {
                headings.truncate(level);
                headings.push(NodeCell { number, title });
                nodes.place(&headings, line, warnings);
            }
            Row::Data(row) => {
                if row.nodes.is_empty() {
                    warnings.add(
                        row.line,
                        None,
                        format!(
                            "{}の行より前にあるため読み飛ばしました: {}",
                            levels[0].name,
                            row.cells.join(" ").trim()
                        ),
                    );
                    continue;
                }
                let node = nodes.place(&row.nodes, row.line, warnings);
                if row.cells.get(1).is_none_or(|title| title.trim().is_empty()) {
                    attach_untitled(&row.cells, row.line, placed.last_mut(), warnings);
                    continue;
                }
                let cells = realign(&row, &table.fiscal_years, &filled, warnings);
                placed.push(Placed {
                    line: row.line,
                    id: row.id.clone(),
                    part: row.part,
                    node,
                    cells,
                    extras: extra_of(row.extras),
                    year_extras: row.year_extras.into_iter().map(extra_of).collect(),
                    indicators: row.indicators,
                });
            }
        }
    }
    let widths = wrap_widths(&placed);
    let mut sequence: HashMap<String, usize> = HashMap::new();
    let mut named: HashSet<String> = HashSet::new();
    let measures = placed
        .into_iter()
        .map(|mut row| {
            let n = sequence.entry(row.node.clone()).or_default();
            *n += 1;
            row.id = row
                .id
                .take()
                .filter(|id| usable_id(id, row.line, &mut named, warnings));
            let (line, id_from_table) = (row.line, row.id.is_some());
            let (measure, erased) = measure(row, *n, &table.fiscal_years, &widths, warnings);
            TableMeasure {
                measure,
                line,
                id_from_table,
                erased,
            }
        })
        .collect();
    Imported {
        fiscal_years: table.fiscal_years,
        nodes: nodes.into_nodes(),
        measures,
    }
}

/// An id from the table becomes a file name: letters, digits, `-` and `_`
/// only, and each once.
fn usable_id(id: &str, line: usize, named: &mut HashSet<String>, warnings: &mut Warnings) -> bool {
    let safe = id.chars().all(is_id_char);
    if !safe || !named.insert(id.to_string()) {
        let why = if safe {
            "ほかの行と同じです"
        } else {
            "英数字と - _ 以外の文字があります"
        };
        warnings.add(
            line,
            Some("ID"),
            format!("ID「{id}」は{why}。表の順番から番号を付けました"),
        );
        return false;
    }
    true
}

/// A row without 実施内容 cannot be a measure of its own: its text goes to
/// the notes of the measure above it, so that nothing is lost.
fn attach_untitled(
    cells: &[String],
    line: usize,
    previous: Option<&mut Placed>,
    warnings: &mut Warnings,
) {
    let text: Vec<String> = cells
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .map(|c| format!("「{c}」"))
        .collect();
    match previous {
        Some(previous) => {
            warnings.add(
                line,
                Some("実施内容"),
                "実施内容が空のため、記載を直前の実施内容の import_notes に残しました".into(),
            );
            previous.cells.notes.push(format!(
                "行{line}: 実施内容が空の行の記載（前の行の続きかもしれません）: {}",
                text.join("")
            ));
        }
        None => warnings.add(
            line,
            Some("実施内容"),
            format!("実施内容が空のため読み飛ばしました: {}", text.join("")),
        ),
    }
}

fn wrap_widths(placed: &[Placed]) -> WrapWidths {
    WrapWidths::estimate(placed.iter().flat_map(|row| {
        row.cells
            .years
            .iter()
            .enumerate()
            .flat_map(move |(k, cells)| {
                cells
                    .iter()
                    .enumerate()
                    .map(move |(j, text)| (row.part, column(k, j), text.as_str()))
            })
    }))
}

fn column(year_index: usize, field: usize) -> usize {
    FIXED_COLUMNS + YEAR_COLUMNS * year_index + field
}

/// The row's measure, and the fields whose cell holds the erase marker
/// (read as empty).
fn measure(
    mut row: Placed,
    n: usize,
    fiscal_years: &[FiscalYear],
    widths: &WrapWidths,
    warnings: &mut Warnings,
) -> (Measure, BTreeSet<String>) {
    let erased = take_erase_markers(&mut row, fiscal_years);
    let id = row
        .id
        .clone()
        .unwrap_or_else(|| format!("{}-{n:02}", row.node));
    let [plan_item, title, page, departments, sections] =
        [0, 1, 2, 3, 4].map(|i| row.cells.fixed[i].as_str());
    let mut notes = row.cells.notes.clone();
    let plan_page = plan_page(page);
    if plan_page.is_none() && !page.is_empty() {
        warnings.add(
            row.line,
            Some("計画書ページ"),
            format!("ページ番号「{page}」が読めません。import_notes に残しました"),
        );
        notes.push(format!(
            "行{}: 計画書ページ「{page}」はページ番号として読めませんでした。",
            row.line
        ));
    }
    let (title, is_new) = without_new_mark(&repair_heading(title));
    let years = fiscal_years
        .iter()
        .zip(&row.cells.years)
        .enumerate()
        .map(|(k, (fy, cells))| {
            let text = |j: usize| match is_markdown_list(&cells[j]) {
                // Already the importer's own Markdown (a template's last year): kept as it is.
                true => cells[j].clone(),
                false => repair_prose(&cells[j], widths.get(row.part, column(k, j))),
            };
            YearRecord {
                year: fy.year,
                status: markdown(text(STATUS)),
                evaluation: markdown(text(EVALUATION)),
                // 達成度 is kept as written: it is read, not rendered as Markdown.
                achievement: Achievement::parse(&text(ACHIEVEMENT)),
                next_plan: markdown(text(NEXT_PLAN)),
                extra: row.year_extras.get(k).cloned().unwrap_or_default(),
            }
        })
        .collect();
    let indicators = named_indicators(&row.indicators, &title);
    let measure = Measure {
        file: PathBuf::from(format!("content/measures/{id}.md")),
        id,
        node: row.node.clone(),
        plan_item: repair_heading(plan_item),
        title,
        is_new,
        plan_page,
        departments: split_names(departments),
        sections: split_names(sections),
        years,
        import_notes: notes,
        extra: row.extras.clone(),
        indicators,
        body: String::new(),
    };
    (measure, erased)
}

/// The row's indicators, each with a name of its own within the measure
/// (a re-import matches them by name): one without a name column is named
/// by the row's title; a name written twice gets its kind, then a number
/// (`件数（成果指標）`, `件数（2）`).
fn named_indicators(indicators: &[Indicator], title: &str) -> Vec<Indicator> {
    let mut named: Vec<Indicator> = Vec::with_capacity(indicators.len());
    for indicator in indicators {
        let base = match indicator.name.is_empty() {
            true => title.to_string(),
            false => indicator.name.clone(),
        };
        let taken = |name: &str| named.iter().any(|known| known.name == name);
        let with_kind = format!("{base}（{}）", indicator.kind);
        let name = if !taken(&base) {
            base
        } else if !indicator.kind.is_empty() && !taken(&with_kind) {
            with_kind
        } else {
            (2..)
                .map(|n| format!("{base}（{n}）"))
                .find(|name| !taken(name))
                .unwrap_or(base)
        };
        named.push(Indicator {
            name,
            ..indicator.clone()
        });
    }
    named
}

/// Empties the cells that hold the erase marker; returns their fields.
/// 実施内容 cannot be erased: a measure needs a title.
fn take_erase_markers(row: &mut Placed, fiscal_years: &[FiscalYear]) -> BTreeSet<String> {
    let fixed = ["plan_item", "", "plan_page", "departments", "sections"];
    let mut erased = BTreeSet::new();
    for (cell, field) in row.cells.fixed.iter_mut().zip(fixed) {
        if !field.is_empty() && is_erase_marker(cell) {
            cell.clear();
            erased.insert(field.to_string());
        }
    }
    for (fy, cells) in fiscal_years.iter().zip(&mut row.cells.years) {
        for (cell, field) in cells.iter_mut().zip(YEAR_FIELDS) {
            if is_erase_marker(cell) {
                cell.clear();
                erased.insert(format!("years.{}.{field}", fy.year));
            }
        }
    }
    let marked = |extra: &mut Extra, prefix: String, erased: &mut BTreeSet<String>| {
        extra.retain(|key, text| {
            let keep = !is_erase_marker(text);
            if !keep {
                erased.insert(format!("{prefix}extra.{key}"));
            }
            keep
        })
    };
    marked(&mut row.extras, String::new(), &mut erased);
    for (fy, extra) in fiscal_years.iter().zip(&mut row.year_extras) {
        marked(extra, format!("years.{}.", fy.year), &mut erased);
    }
    erased
}

/// A row's unmapped cells as the measure's extra fields: kept as written
/// (line breaks too), an empty cell is no value.
fn extra_of(cells: Vec<(String, String)>) -> Extra {
    cells
        .into_iter()
        .map(|(key, text)| (key, text.trim().to_string()))
        .filter(|(_, text)| !text.is_empty())
        .collect()
}

fn markdown(text: String) -> String {
    if is_markdown_list(&text) {
        text
    } else {
        to_markdown(&text)
    }
}

/// `《新規》SNSによる相談` → (`SNSによる相談`, true). A title that is only
/// the mark keeps it: a measure needs a title.
fn without_new_mark(title: &str) -> (String, bool) {
    let is_new = NEW_MARKS.iter().any(|mark| title.contains(mark));
    let stripped = NEW_MARKS
        .iter()
        .fold(title.to_string(), |t, mark| t.replace(mark, ""));
    match stripped.trim() {
        "" => (title.to_string(), false),
        rest => (rest.to_string(), is_new),
    }
}

/// `P.21`, `Ｐ．２１`, `21`, `21ページ` → 21.
fn plan_page(cell: &str) -> Option<u32> {
    let text: String = cell.nfkc().filter(|c| !c.is_whitespace()).collect();
    let text = text.trim_start_matches(['P', 'p']).trim_start_matches('.');
    let text = text.trim_end_matches("ページ").trim_end_matches('頁');
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_marks() {
        assert_eq!(
            without_new_mark("《新規》SNSによる相談"),
            ("SNSによる相談".into(), true)
        );
        assert_eq!(
            without_new_mark("自殺未遂者支援≪新規≫"),
            ("自殺未遂者支援".into(), true)
        );
        assert_eq!(without_new_mark("相談"), ("相談".into(), false));
        assert_eq!(without_new_mark("《新規》"), ("《新規》".into(), false));
    }

    #[test]
    fn plan_pages() {
        assert_eq!(plan_page("P.21"), Some(21));
        assert_eq!(plan_page("Ｐ．２１"), Some(21));
        assert_eq!(plan_page(" 23 "), Some(23));
        assert_eq!(plan_page("p 24ページ"), Some(24));
        assert_eq!(plan_page("P.21-22"), None);
        assert_eq!(plan_page(""), None);
        assert_eq!(plan_page("-5"), None);
    }
}
