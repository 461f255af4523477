//! `[[import.indicators]]` on the header row: where each group of indicator
//! columns is (`{n}` expanded to every letter the headings use), and the
//! indicators a data row holds.

use super::plan::YearBlock;
use super::settings::{ImportLayout, IndicatorLayout};
use super::text::{compact, find_heading};
use crate::import::matching::similarity;
use crate::import::ImportError;
use crate::model::{leading_year, Indicator, Reference};

/// What stands for the letter or number of one indicator of a group.
const PLACEHOLDER: &str = "{n}";
/// Headings shown as close to one the layout names but the table lacks.
const CLOSE_SHOWN: usize = 3;

/// The columns of one indicator (one group, one `{n}`).
#[derive(Debug, Clone)]
pub(crate) struct IndicatorColumns {
    /// None: the measure's title names the indicator.
    pub name: Option<usize>,
    pub kind: String,
    pub unit: Option<usize>,
    /// The column, and the year its heading names.
    pub baseline: Option<(usize, Option<u16>)>,
    pub target: Option<(usize, Option<u16>)>,
    pub note: Option<usize>,
    /// The value's heading inside a year block, compacted.
    pub value: String,
    /// Per year block, the value's column.
    pub values: Vec<Option<usize>>,
}

/// Finds the measure-level columns of every group (taking them, so they
/// are neither years nor extra fields); the values are found in the year
/// blocks by [`take_values`].
pub(crate) fn locate(
    cells: &[String],
    layout: &ImportLayout,
    taken: &mut Vec<usize>,
    missing: &dyn Fn(String, &str) -> ImportError,
) -> Result<Vec<IndicatorColumns>, ImportError> {
    let mut found = Vec::new();
    for (index, group) in layout.indicators.iter().enumerate() {
        let setting = |key: &str| format!("[[import.indicators]] の{}つ目の {key}", index + 1);
        for letter in letters(cells, group) {
            let heading = |wanted: &str| wanted.replace(PLACEHOLDER, &letter);
            let mut column = |key: &str, wanted: &Option<String>| match wanted {
                None => Ok::<_, ImportError>(None),
                Some(wanted) => {
                    let wanted = heading(wanted);
                    let column = find_heading(cells, &wanted, taken)
                        .ok_or_else(|| missing(setting(key), &wanted))?;
                    taken.push(column);
                    Ok(Some(column))
                }
            };
            let name = column("name", &group.name)?;
            let unit = column("unit", &group.unit)?;
            let with_year = |column: Option<usize>| column.map(|c| (c, year_named_in(&cells[c])));
            let baseline = with_year(column("baseline", &group.baseline)?);
            let target = with_year(column("target", &group.target)?);
            let note = column("note", &group.note)?;
            found.push(IndicatorColumns {
                name,
                kind: group.kind.clone().unwrap_or_default(),
                unit,
                baseline,
                target,
                note,
                value: compact(&heading(group.value.as_deref().unwrap_or_default())),
                values: Vec::new(),
            });
        }
    }
    Ok(found)
}

/// The year a baseline's or target's heading names anywhere in it, era
/// letters too (`基準値（H30年度）` → 2018, `目標値（令和7年）` → 2025).
fn year_named_in(heading: &str) -> Option<u16> {
    let text = compact(heading);
    let mut previous: Option<char> = None;
    for (at, c) in text.char_indices() {
        let starts_word = previous.is_none_or(|p| !p.is_ascii_alphanumeric());
        if starts_word {
            if let Some(read) = leading_year(&text[at..]) {
                return Some(read.year);
            }
        }
        previous = Some(c);
    }
    None
}

/// The letters `{n}` stands for, in the order of the columns: read from
/// the first heading of the group that has `{n}`; `[""]` when none has.
fn letters(cells: &[String], group: &IndicatorLayout) -> Vec<String> {
    let Some((_, pattern)) = group
        .headings()
        .into_iter()
        .find(|(_, heading)| heading.contains(PLACEHOLDER))
    else {
        return vec![String::new()];
    };
    let (before, after) = pattern.split_once(PLACEHOLDER).unwrap_or((pattern, ""));
    let (before, after) = (compact(before), compact(after));
    let mut letters: Vec<String> = Vec::new();
    for cell in cells {
        let cell = compact(cell);
        let letter = cell
            .strip_prefix(&before)
            .and_then(|rest| rest.strip_suffix(&after));
        // A letter or a number, not a whole phrase.
        if let Some(letter) = letter.filter(|l| (1..=3).contains(&l.chars().count())) {
            if !letters.iter().any(|known| known == letter) {
                letters.push(letter.to_string());
            }
        }
    }
    letters
}

/// Takes each group's value columns out of the year blocks' extra fields;
/// a value heading no block has is an error naming its setting.
pub(crate) fn take_values(
    groups: &mut [IndicatorColumns],
    blocks: &mut [YearBlock],
    cells: &[String],
    missing: &dyn Fn(String, &str) -> ImportError,
) -> Result<(), ImportError> {
    for (index, group) in groups.iter_mut().enumerate() {
        group.values = blocks
            .iter_mut()
            .map(|block| {
                let at = block.extras.iter().position(|(column, key)| {
                    compact(key) == group.value
                        || cells
                            .get(*column)
                            .is_some_and(|h| compact(h) == group.value)
                })?;
                Some(block.extras.remove(at).0)
            })
            .collect();
        if group.values.iter().all(Option::is_none) {
            let setting = format!("[[import.indicators]] の{}つ目の value", index + 1);
            return Err(missing(setting, &group.value));
        }
    }
    Ok(())
}

/// Whether a cell holds no value: blank, or the dash tables write for none.
fn is_no_value(cell: &str) -> bool {
    matches!(cell.trim(), "" | "-" | "－" | "―" | "‐" | "ー")
}

/// The indicators of a data row. `cell` reads a column; `years` are the
/// blocks' fiscal years. An indicator whose name and every value are empty
/// is not there; one with values but no name is named by its value's
/// heading (「⑤活動指標ア」), so no value the city wrote is dropped.
pub(crate) fn read_row(
    groups: &[IndicatorColumns],
    cell: &dyn Fn(Option<usize>) -> String,
    years: &[Option<u16>],
) -> Vec<Indicator> {
    let text = |column: Option<usize>| cell(column).trim().to_string();
    let reference = |at: Option<(usize, Option<u16>)>| {
        let (column, year) = at?;
        let value = text(Some(column));
        (!is_no_value(&value)).then_some(Reference { year, value })
    };
    groups
        .iter()
        .filter_map(|group| {
            let values: std::collections::BTreeMap<u16, String> = group
                .values
                .iter()
                .zip(years)
                .filter_map(|(&column, &year)| Some((year?, text(column))))
                .filter(|(_, value)| !is_no_value(value))
                .collect();
            let mut indicator = Indicator {
                name: text(group.name),
                kind: group.kind.clone(),
                unit: Some(text(group.unit)).filter(|u| !u.is_empty()),
                direction: None,
                baseline: reference(group.baseline),
                target: reference(group.target),
                values,
                note: text(group.note),
            };
            let has_numbers = !indicator.values.is_empty()
                || indicator.baseline.is_some()
                || indicator.target.is_some();
            if group.name.is_some() && indicator.name.is_empty() && has_numbers {
                indicator.name = group.value.clone();
            }
            // Without a name column, the measure's title names the indicator.
            let exists = !indicator.name.is_empty() || (group.name.is_none() && has_numbers);
            exists.then_some(indicator)
        })
        .collect()
}

/// The headings of the table closest to one it lacks, for the message.
pub(crate) fn close_headings(cells: &[String], wanted: &str) -> String {
    let mut scored: Vec<(f64, String)> = cells
        .iter()
        .map(|cell| super::text::field_key(cell))
        .filter(|cell| !cell.is_empty())
        .map(|cell| (similarity(&cell, wanted), cell))
        .filter(|(score, _)| *score > 0.3)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.dedup_by(|a, b| a.1 == b.1);
    let shown: Vec<String> = scored
        .into_iter()
        .take(CLOSE_SHOWN)
        .map(|(_, cell)| format!("「{cell}」"))
        .collect();
    if shown.is_empty() {
        "なし".into()
    } else {
        shown.join("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(name: Option<usize>) -> IndicatorColumns {
        IndicatorColumns {
            name,
            kind: "活動指標".into(),
            unit: None,
            baseline: None,
            target: None,
            note: None,
            value: "⑤活動指標ア".into(),
            values: vec![Some(1), Some(2)],
        }
    }

    fn read(cells: &[&str], name: Option<usize>) -> Vec<Indicator> {
        let cell = |column: Option<usize>| column.map_or(String::new(), |c| cells[c].to_string());
        read_row(&[group(name)], &cell, &[Some(2020), Some(2021)])
    }

    #[test]
    fn a_nameless_indicator_with_values_keeps_them_under_its_heading() {
        let found = read(&["", "12", "-"], Some(0));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name, "⑤活動指標ア");
        assert_eq!(found[0].values.len(), 1);
        assert!(read(&["", "－", ""], Some(0)).is_empty(), "nothing written");
        assert_eq!(read(&["研修の回数", "", ""], Some(0))[0].name, "研修の回数");
        // No name column: the measure's title names it (empty here).
        assert_eq!(read(&["", "3", ""], None)[0].name, "");
        assert!(read(&["", "", ""], None).is_empty());
    }
}
