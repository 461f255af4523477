//! The table's rows → heading rows and data rows, read by the layout's
//! [`Plan`]. Nothing here judges cell contents.
//!
//! Rows before the header are not part of the table. A header repeated
//! (a PDF's next page, a KPI table's headings under each policy) starts a
//! new part and is skipped, and so is a header's continuation row (blank
//! under the first heading and the title). A row read by a level's pattern
//! is a heading row; one that looks like a heading but matches no pattern
//! is an error. Every other non-blank row is data.

use super::levels::{looks_like_heading, read_heading};
use super::plan::{is_header, plan, LevelSource, Plan};
use super::settings::ImportLayout;
use super::text::{compact, node_number};
use crate::import::cells::clean_cell;
use crate::import::source::Source;
use crate::import::table::{DataRow, NodeCell, Row, Table};
use crate::import::{ImportError, Warnings};
use crate::model::{parse_fiscal_year, FiscalYear};

/// Reads the rows of the table. Fails when there is no header to read the
/// fiscal years from, or nothing to import.
pub(crate) fn read_table(
    source: Source,
    layout: &ImportLayout,
    warnings: &mut Warnings,
) -> Result<Table, ImportError> {
    let path = source.label.clone();
    let is_blank = |cells: &[String]| cells.iter().all(|c| c.trim().is_empty());
    if source.rows.iter().all(|row| is_blank(&row.cells)) {
        return Err(ImportError::Empty { path });
    }
    let header_at = source.rows.iter().position(|row| match layout.header_row {
        Some(number) => row.number == number,
        None => is_header(&row.cells, layout),
    });
    let Some(header_at) = header_at else {
        return Err(super::messages::no_header(&source, layout));
    };
    let header = &source.rows[header_at];
    let mut plan = plan(&header.cells, header.number, layout, &path)?;
    let mut rows = Vec::new();
    let mut path_so_far: Vec<Option<NodeCell>> = vec![None; plan.levels.len()];
    for row in &source.rows[..header_at] {
        // A table may name its first policy above the headings.
        let cells: Vec<String> = row.cells.iter().map(|cell| clean_cell(cell)).collect();
        if let Some((level, node)) = heading_row(&cells, &plan) {
            rows.push(enter(level, node, row.number, &mut path_so_far));
        } else if !is_blank(&row.cells) {
            warnings.add(
                row.number,
                None,
                "見出し行より前の行は表の一部ではないとみなし、読み飛ばしました".into(),
            );
        }
    }
    let mut part = 1;
    let mut after_header = true;
    for row in &source.rows[header_at + 1..] {
        let line = row.number;
        let cells: Vec<String> = row.cells.iter().map(|cell| clean_cell(cell)).collect();
        if is_blank(&cells) {
            continue;
        }
        if repeats_header(&cells, &plan, layout) {
            let again = super::plan::plan(&cells, line, layout, &path)?;
            let years = |plan: &Plan| {
                plan.years
                    .iter()
                    .filter_map(|b| b.year.clone())
                    .collect::<Vec<_>>()
            };
            let (first, now) = (years(&plan), years(&again));
            if first != now {
                warnings.add(
                    line,
                    None,
                    format!(
                        "この見出し行の年度（{}）が最初の見出し行（{}）と違います。最初の見出し行の年度で読みました",
                        labels(&now),
                        labels(&first)
                    ),
                );
            }
            part += 1;
            after_header = true;
            continue;
        }
        if let Some((level, node)) = heading_row(&cells, &plan) {
            rows.push(enter(level, node, line, &mut path_so_far));
            after_header = false;
            continue;
        }
        let title_column = plan.roles[1];
        let blank_at = |column: Option<usize>| {
            column.is_none_or(|c| cells.get(c).is_none_or(|t| t.trim().is_empty()))
        };
        let continues_header =
            after_header && blank_at(Some(plan.first_column)) && blank_at(title_column);
        after_header &= continues_header;
        if continues_header {
            continue;
        }
        if looks_like_heading(&cells)
            && plan
                .levels
                .iter()
                .any(|l| matches!(l, LevelSource::Heading(_)))
        {
            return Err(super::messages::stray_heading(&path, line, &cells, layout));
        }
        resolve_years(&mut plan, &cells, line, layout, &path, warnings)?;
        rows.push(Row::Data(data_row(cells, line, part, &plan, &path_so_far)));
    }
    if !rows.iter().any(|row| matches!(row, Row::Data(_))) {
        return Err(ImportError::NoDataRows { path });
    }
    let fiscal_years = plan.years.iter().filter_map(|b| b.year.clone()).collect();
    // A column without a heading is named only when some row fills it.
    let filled = |key: &String| {
        rows.iter().any(|row| match row {
            Row::Data(row) => row.extras.iter().any(|(k, _)| k == key),
            Row::Heading { .. } => false,
        })
    };
    let extra_columns = plan
        .extras
        .iter()
        .filter(|(column, key)| {
            !header
                .cells
                .get(*column)
                .is_none_or(|h| h.trim().is_empty())
                || filled(key)
        })
        .map(|(_, key)| key.clone())
        .collect();
    Ok(Table {
        fiscal_years,
        rows,
        extra_columns,
        year_extra_columns: plan
            .years
            .first()
            .map(|b| b.extras.iter().map(|(_, k)| k.clone()).collect())
            .unwrap_or_default(),
        ignored_columns: plan.ignored.clone(),
    })
}

fn labels(years: &[FiscalYear]) -> String {
    years
        .iter()
        .map(|fy| fy.label.as_str())
        .collect::<Vec<_>>()
        .join("・")
}

/// A later row with the header's headings: the layout's own, or two of
/// the first header's with the title's heading in the title's column.
fn repeats_header(cells: &[String], plan: &Plan, layout: &ImportLayout) -> bool {
    if is_header(cells, layout) {
        return true;
    }
    let title_heading = plan.roles[1].and_then(|c| plan.heading_cells.get(c));
    let title_repeated = plan.roles[1]
        .and_then(|c| cells.get(c))
        .is_some_and(|cell| title_heading.is_some_and(|heading| compact(cell) == *heading));
    let same = cells
        .iter()
        .filter(|c| {
            let c = compact(c);
            !c.is_empty() && plan.headings.contains(&c)
        })
        .count();
    title_repeated && same >= 2.min(plan.headings.len())
}

/// The row as a heading of the highest level whose pattern reads it.
fn heading_row(cells: &[String], plan: &Plan) -> Option<(usize, NodeCell)> {
    plan.levels
        .iter()
        .enumerate()
        .find_map(|(level, source)| match source {
            LevelSource::Heading(pattern) => read_heading(cells, pattern)
                .map(|(number, title)| (level, NodeCell { number, title })),
            LevelSource::Columns { .. } => None,
        })
}

/// A heading row: the node it names replaces the one of its level, and
/// the deeper levels start again.
fn enter(level: usize, node: NodeCell, line: usize, path: &mut [Option<NodeCell>]) -> Row {
    path[level] = Some(node.clone());
    path[level + 1..]
        .iter_mut()
        .for_each(|deeper| *deeper = None);
    Row::Heading {
        line,
        level,
        number: node.number,
        title: node.title,
    }
}

/// Blocks without a year in their headings: the last block's year is in
/// a column of the rows (`7` meaning 令和7年度), read from the first row
/// that has it; the blocks before count back one year each.
fn resolve_years(
    plan: &mut Plan,
    cells: &[String],
    line: usize,
    layout: &ImportLayout,
    path: &std::path::Path,
    warnings: &mut Warnings,
) -> Result<(), ImportError> {
    let Some(column) = plan.last_year_column else {
        return Ok(());
    };
    let written = cells.get(column).map(|c| c.trim()).unwrap_or_default();
    if written.is_empty() {
        return Ok(());
    }
    let era = layout.years.era.as_deref().unwrap_or("令和");
    let with_era = if written
        .chars()
        .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        && written.chars().count() <= 2
    {
        format!("{era}{written}")
    } else {
        written.to_string()
    };
    let heading = layout.years.last_year_column.clone().unwrap_or_default();
    let last = parse_fiscal_year(&with_era).map_err(|e| ImportError::LastYear {
        path: path.to_path_buf(),
        line,
        heading: heading.clone(),
        reason: e.to_string(),
    })?;
    let count = plan.years.len() as u16;
    match plan.years.last().and_then(|b| b.year.as_ref()) {
        None => {
            for (k, block) in plan.years.iter_mut().enumerate() {
                let year = last + 1 + k as u16 - count;
                block.year = Some(FiscalYear {
                    year,
                    label: era_label(year, era),
                    draft: false,
                });
            }
        }
        Some(known) if known.year != last => warnings.add(
            line,
            Some(&heading),
            format!("この行の{heading}（{written}）が最初の行（{}）と違います。最初の行の年度で読みました", known.label),
        ),
        Some(_) => {}
    }
    Ok(())
}

/// `令和2年度`, `令和元年度`; a year before the era in Western digits.
fn era_label(year: u16, era: &str) -> String {
    match parse_fiscal_year(&format!("{era}1")) {
        Ok(first) if year >= first => match year - first + 1 {
            1 => format!("{era}元年度"),
            n => format!("{era}{n}年度"),
        },
        _ => format!("{year}年度"),
    }
}

fn data_row(
    cells: Vec<String>,
    line: usize,
    part: usize,
    plan: &Plan,
    headings: &[Option<NodeCell>],
) -> DataRow {
    let cell = |column: Option<usize>| {
        column
            .and_then(|c| cells.get(c))
            .cloned()
            .unwrap_or_default()
    };
    let id_column = plan.roles[5];
    let id = Some(cell(id_column).trim().to_string()).filter(|id| !id.is_empty());
    let seed_cells: Vec<String> = if plan.in_seed_order {
        let mut cells = cells.clone();
        if let Some(i) = id_column.filter(|&i| i < cells.len()) {
            cells.remove(i);
        }
        cells
    } else {
        let beyond = (plan.width..cells.len()).filter(|c| Some(*c) != id_column);
        plan.roles[..5]
            .iter()
            .map(|&c| cell(c))
            .chain(plan.years.iter().flat_map(|block| block.roles.map(cell)))
            .chain(beyond.map(|c| cells[c].clone()))
            .collect()
    };
    let filled = |pairs: &[(usize, String)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(column, key)| (key.clone(), cell(Some(*column)).trim().to_string()))
            .filter(|(_, value)| !value.is_empty())
            .collect()
    };
    let mut nodes = Vec::new();
    for (level, source) in plan.levels.iter().enumerate() {
        let node = match source {
            LevelSource::Heading(_) => headings[level].clone(),
            LevelSource::Columns { number, title } => {
                let joined: String = number
                    .iter()
                    .map(|&c| cell(Some(c)).trim().to_string())
                    .collect();
                let title = cell(*title).trim().to_string();
                (!joined.is_empty() || !title.is_empty()).then(|| NodeCell {
                    number: node_number(&joined),
                    title,
                })
            }
        };
        match node {
            Some(node) => nodes.push(node),
            // Not under every level: placed nowhere, and said so by `build`.
            None => {
                nodes.clear();
                break;
            }
        }
    }
    let years: Vec<Option<u16>> = plan
        .years
        .iter()
        .map(|block| block.year.as_ref().map(|fy| fy.year))
        .collect();
    DataRow {
        indicators: super::indicators::read_row(&plan.indicators, &cell, &years),
        line,
        id,
        part,
        cells: seed_cells,
        nodes,
        extras: filled(&plan.extras),
        year_extras: plan
            .years
            .iter()
            .map(|block| filled(&block.extras))
            .collect(),
    }
}
