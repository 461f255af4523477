//! The header row → where each role, level, fiscal year and extra field
//! of the table is: a [`Plan`] that every data row is read by.

use super::indicators::{self, IndicatorColumns};
use super::settings::{ImportLayout, ROLES, YEAR_ROLES};
use super::text::{compact, field_key, find_heading, heading_matches};
use crate::import::ImportError;
use crate::model::{leading_year, FiscalYear};

/// Where a level of the plan is given.
#[derive(Debug, Clone)]
pub(crate) enum LevelSource {
    /// Rows of their own, read by a pattern (`【基本施策{number}】{title}`).
    Heading(String),
    /// Columns on every row: the number's (joined) and the name's.
    Columns {
        number: Vec<usize>,
        title: Option<usize>,
    },
}

/// One fiscal year's columns.
#[derive(Debug, Clone)]
pub(crate) struct YearBlock {
    /// None until read from the data (a block without a year in its headings).
    pub year: Option<FiscalYear>,
    /// The column of each of [`YEAR_ROLES`].
    pub roles: [Option<usize>; 4],
    /// Per-year extra fields: (column, key).
    pub extras: Vec<(usize, String)>,
}

#[derive(Debug, Clone)]
pub(crate) struct Plan {
    /// The column of each of [`ROLES`].
    pub roles: Vec<Option<usize>>,
    pub levels: Vec<LevelSource>,
    pub years: Vec<YearBlock>,
    /// The column holding the last block's year, for blocks without one.
    pub last_year_column: Option<usize>,
    /// Measure-level extra fields: (column, key), in table order.
    pub extras: Vec<(usize, String)>,
    /// `[[import.indicators]]`, one entry per indicator of each group.
    pub indicators: Vec<IndicatorColumns>,
    /// Headings of the columns left out.
    pub ignored: Vec<String>,
    /// One past the last column the header speaks for: cells beyond it
    /// (a row shifted to the right) are kept for the irregular-row checks.
    pub width: usize,
    /// 計画における項目's column, else the first with a heading: a
    /// header's continuation row is blank there and under the title.
    pub first_column: usize,
    /// Whether rows are already in the bundled order (ID column aside):
    /// then they are read exactly as they are.
    pub in_seed_order: bool,
    /// The headings, compacted: a repeated header row is recognised by them.
    pub headings: Vec<String>,
    /// Each column's heading, compacted.
    pub heading_cells: Vec<String>,
}

/// Whether `cells` hold the headings the layout declares: two of them
/// (one, when the layout names only one).
pub(crate) fn is_header(cells: &[String], layout: &ImportLayout) -> bool {
    let wanted = wanted_headings(layout);
    let found = wanted
        .iter()
        .filter(|heading| find_heading(cells, heading, &[]).is_some())
        .count();
    found >= wanted.len().min(2)
}

/// The headings a header row must (or may) hold, for finding it and for
/// telling the clerk what was looked for.
pub(crate) fn wanted_headings(layout: &ImportLayout) -> Vec<String> {
    let mut wanted: Vec<String> = ROLES
        .iter()
        .filter(|role| layout.requires(role) || layout.columns.contains_key(**role))
        .map(|role| layout.heading_of(role).to_string())
        .collect();
    for level in &layout.levels {
        wanted.extend(level.number.list().iter().map(|h| h.to_string()));
        wanted.extend(level.title.clone());
    }
    wanted.extend(layout.years.first.clone());
    wanted.extend(layout.years.last_year_column.clone());
    wanted
}

pub(crate) fn plan(
    cells: &[String],
    line: usize,
    layout: &ImportLayout,
    label: &std::path::Path,
) -> Result<Plan, ImportError> {
    let missing = |heading: &str| ImportError::MissingColumn {
        path: label.to_path_buf(),
        line,
        heading: heading.to_string(),
    };
    let missing_indicator = |setting: String, heading: &str| ImportError::MissingIndicatorColumn {
        path: label.to_path_buf(),
        line,
        setting,
        heading: heading.to_string(),
        close: indicators::close_headings(cells, heading),
    };
    let header_error = |reason: String| ImportError::Header {
        path: label.to_path_buf(),
        line,
        reason,
    };
    let used = cells
        .iter()
        .rposition(|c| !c.trim().is_empty())
        .map_or(0, |i| i + 1);
    let mut taken: Vec<usize> = Vec::new();
    let mut ignored = Vec::new();
    for heading in &layout.ignore {
        for (i, cell) in cells.iter().enumerate() {
            if heading_matches(cell, heading, false) && !taken.contains(&i) {
                taken.push(i);
                ignored.push(field_key(cell));
            }
        }
    }
    let mut roles = Vec::new();
    for role in ROLES {
        let heading = layout.heading_of(role);
        let column = find_heading(cells, heading, &taken);
        if column.is_none() && layout.requires(role) {
            return Err(missing(role));
        }
        taken.extend(column);
        roles.push(column);
    }
    let mut levels = Vec::new();
    for level in layout.levels() {
        if let Some(pattern) = level.heading {
            levels.push(LevelSource::Heading(pattern));
            continue;
        }
        let mut find = |heading: &str| {
            let column = find_heading(cells, heading, &taken).ok_or_else(|| missing(heading))?;
            taken.push(column);
            Ok::<usize, ImportError>(column)
        };
        let number = level
            .number
            .list()
            .into_iter()
            .map(&mut find)
            .collect::<Result<Vec<_>, _>>()?;
        let title = level.title.as_deref().map(&mut find).transpose()?;
        levels.push(LevelSource::Columns { number, title });
    }
    let last_year_column = match &layout.years.last_year_column {
        Some(heading) => {
            let column = find_heading(cells, heading, &taken).ok_or_else(|| missing(heading))?;
            taken.push(column);
            Some(column)
        }
        None => None,
    };
    let mut indicators = indicators::locate(cells, layout, &mut taken, &missing_indicator)?;
    let free: Vec<usize> = (0..used).filter(|i| !taken.contains(i)).collect();
    let (mut years, year_columns) =
        year_blocks(cells, &free, &taken, layout, used).map_err(header_error)?;
    indicators::take_values(&mut indicators, &mut years, cells, &missing_indicator)?;
    let mut extras: Vec<(usize, String)> = Vec::new();
    for &column in free.iter().filter(|c| !year_columns.contains(c)) {
        let key = match field_key(&cells[column]) {
            key if key.is_empty() => format!("列{}", crate::import::source::column_letters(column)),
            key => key,
        };
        let key = unique_key(key, extras.iter().map(|(_, k)| k.as_str()));
        extras.push((column, key));
    }
    let width = year_columns
        .iter()
        .map(|c| c + 1)
        .max()
        .unwrap_or(0)
        .max(used);
    let id = roles[ROLES.len() - 1];
    let seed_position = |column: usize| column - usize::from(id.is_some_and(|id| id < column));
    let in_seed_order =
        ignored.is_empty()
            && extras.is_empty()
            && indicators.is_empty()
            && levels.iter().all(|l| matches!(l, LevelSource::Heading(_)))
            && roles[..5]
                .iter()
                .enumerate()
                .all(|(k, column)| column.is_some_and(|c| seed_position(c) == k))
            && years.iter().enumerate().all(|(k, block)| {
                block.extras.is_empty()
                    && block.roles.iter().enumerate().all(|(j, column)| {
                        column.is_some_and(|c| seed_position(c) == 5 + 4 * k + j)
                    })
            });
    let first_column = roles[0]
        .or_else(|| cells.iter().position(|c| !c.trim().is_empty()))
        .unwrap_or(0);
    Ok(Plan {
        roles,
        levels,
        years,
        last_year_column,
        extras,
        indicators,
        ignored,
        width,
        first_column,
        in_seed_order,
        headings: cells
            .iter()
            .map(|c| compact(c))
            .filter(|c| !c.is_empty())
            .collect(),
        heading_cells: cells.iter().map(|c| compact(c)).collect(),
    })
}

/// `key`, or `key（2）`, `key（3）` … when another field has it.
fn unique_key<'a>(key: String, known: impl Iterator<Item = &'a str> + Clone) -> String {
    if !known.clone().any(|k| k == key) {
        return key;
    }
    (2..)
        .map(|n| format!("{key}（{n}）"))
        .find(|candidate| !known.clone().any(|k| k == candidate))
        .unwrap_or(key)
}

/// The fiscal years' blocks, and every column they use. Blocks run side
/// by side over the columns no role took, from the first whose heading
/// starts with a year (or `first`); a merged year heading over a block
/// fills only its first cell, so the last block may reach past the header.
fn year_blocks(
    cells: &[String],
    free: &[usize],
    taken: &[usize],
    layout: &ImportLayout,
    used: usize,
) -> Result<(Vec<YearBlock>, Vec<usize>), String> {
    let width = layout.years.width();
    let fields = layout.years.fields();
    let heading = |column: usize| cells.get(column).map(String::as_str).unwrap_or_default();
    let start = match &layout.years.first {
        Some(first) => free
            .iter()
            .position(|&c| heading_matches(heading(c), first, true))
            .ok_or_else(|| format!("年度の列の最初の見出し「{first}」（[import.years] の first）がありません"))?,
        None => free
            .iter()
            .position(|&c| !heading(c).contains("以降") && leading_year(heading(c)).is_some())
            .or_else(|| {
                let last_role = taken.iter().max().map_or(0, |c| c + 1);
                free.iter().position(|&c| c >= last_role)
            })
            .ok_or_else(|| {
                format!("年度ごとの列（実施状況・評価・達成度・今後の実施計画）がありません（{used}列しかありません）")
            })?,
    };
    // Past the header's last column, the block goes on column by column.
    let column_at = |i: usize| match free.get(i) {
        Some(&c) => c,
        None => free.last().map_or(used, |&last| last + 1 + i - free.len()),
    };
    let block_columns = |g: usize| -> Vec<usize> {
        (0..width)
            .map(|j| column_at(start + g * width + j))
            .collect()
    };
    let remaining = free.len() - start;
    let mut blocks = Vec::new();
    let mut columns = Vec::new();
    if layout.years.first.is_some() {
        let first_headings: Vec<String> = block_columns(0)
            .iter()
            .map(|&c| compact(heading(c)))
            .collect();
        let mut g = 0;
        while (g + 1) * width <= remaining
            && block_columns(g)
                .iter()
                .map(|&c| compact(heading(c)))
                .eq(first_headings.iter().cloned())
        {
            blocks.push(block(&block_columns(g), None, &fields, cells, layout));
            columns.extend(block_columns(g));
            g += 1;
        }
        return Ok((blocks, columns));
    }
    let full = remaining / width;
    let partial_has_year =
        (start + full * width..free.len()).any(|i| year_in_heading(heading(free[i])).is_some());
    let groups = full + usize::from(partial_has_year);
    for g in 0..groups {
        let block_cols = block_columns(g);
        let year = block_cols.iter().find_map(|&c| year_in_heading(heading(c)));
        let Some(year) = year else {
            if g == 0 {
                return Err(format!(
                    "{}列目からの年度（例: 令和2年度）が読めません",
                    block_cols[0] + 1
                ));
            }
            break;
        };
        if blocks
            .iter()
            .any(|b: &YearBlock| b.year.as_ref().is_some_and(|y| y.year == year.year))
        {
            return Err(format!("{} が二度あります", year.label));
        }
        blocks.push(block(&block_cols, Some(year), &fields, cells, layout));
        columns.extend(block_cols);
    }
    Ok((blocks, columns))
}

fn block(
    columns: &[usize],
    year: Option<FiscalYear>,
    fields: &[String],
    cells: &[String],
    layout: &ImportLayout,
) -> YearBlock {
    let mut roles = [None; 4];
    let mut extras: Vec<(usize, String)> = Vec::new();
    for (j, &column) in columns.iter().enumerate() {
        match YEAR_ROLES
            .iter()
            .position(|role| fields.get(j).is_some_and(|f| f == role))
        {
            Some(k) => roles[k] = Some(column),
            None => {
                let heading = cells.get(column).map(String::as_str).unwrap_or_default();
                let key = match leading_year(heading) {
                    Some(read) => field_key(&read.rest),
                    None => field_key(heading),
                };
                let key = if key.is_empty() {
                    layout.years.value_name().to_string()
                } else {
                    key
                };
                let key = unique_key(key, extras.iter().map(|(_, k)| k.as_str()));
                extras.push((column, key));
            }
        }
    }
    YearBlock {
        year,
        roles,
        extras,
    }
}

/// The year a year column's heading names: at its start (`R3`, `令和元年`),
/// or inside it as a year written in full (`実施状況（令和2年度）`); never
/// a later year the heading looks ahead to (`今後（令和3年度以降）`).
fn year_in_heading(heading: &str) -> Option<FiscalYear> {
    if heading.contains("以降") {
        return None;
    }
    let text = compact(heading);
    let read = leading_year(&text).or_else(|| {
        text.char_indices()
            .skip(1)
            .map(|(i, _)| &text[i..])
            .filter(|rest| !rest.starts_with(|c: char| c.is_ascii_alphabetic()))
            .find_map(leading_year)
    })?;
    Some(FiscalYear {
        year: read.year,
        label: read.label,
        draft: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn planned(header: &str) -> Result<Plan, String> {
        let cells: Vec<String> = header.split('\t').map(str::to_string).collect();
        plan(&cells, 1, &ImportLayout::default(), Path::new("t.tsv")).map_err(|e| e.to_string())
    }

    fn labels(plan: &Plan) -> Vec<String> {
        plan.years
            .iter()
            .filter_map(|b| b.year.clone())
            .map(|fy| fy.label)
            .collect()
    }

    #[test]
    fn the_bundled_header_in_its_shapes() {
        const FIXED: &str = "計画における項目\t実施内容\t計画書 ページ\t担当部署\t担当課";
        let seed = planned(&format!("{FIXED}\t令和元年度実施状況\t令和元年度 実施状況に関する担当課の評価\t達成度 (%)\t今後 (令和2年度以降) の実施計画\t令和2年度実施状況\t評価\t達成度\t今後")).unwrap();
        assert_eq!(labels(&seed), ["令和元年度", "令和2年度"]);
        assert!(seed.in_seed_order && seed.extras.is_empty());
        let merged = planned(&format!("{FIXED}\t令和元年度\t\t\t\t令和2年度")).unwrap();
        assert_eq!(labels(&merged), ["令和元年度", "令和2年度"]);
        assert_eq!(merged.years[1].roles[3], Some(12));
        // A column after the years is kept, not dropped.
        let remarks = planned(&format!(
            "{FIXED}\t令和3年度実施状況\t評価\t達成度\t今後\t備考"
        ))
        .unwrap();
        assert_eq!(labels(&remarks), ["令和3年度"]);
        assert_eq!(remarks.extras, [(9, "備考".to_string())]);
        assert!(!remarks.in_seed_order);
        let unnamed = planned(&format!("{FIXED}\t実施状況\t評価\t達成度\t今後")).unwrap_err();
        assert!(unnamed.contains("6列目からの年度"), "{unnamed}");
        let twice = planned(&format!(
            "{FIXED}\t令和3年度実施状況\t評価\t達成度\t今後\t令和3年度実施状況\t評価\t達成度\t今後"
        ))
        .unwrap_err();
        assert!(twice.contains("令和3年度 が二度あります"), "{twice}");
    }
}
