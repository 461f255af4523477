//! A city's sheet whose columns differ from the seed's → the seed's layout.
//!
//! The header row is the first row holding all five fixed headings
//! (計画における項目, 実施内容, 計画書ページ, 担当部署, 担当課) — under the
//! city's own names where `--column 実施内容=事業名` says so. Its columns are
//! moved into the seed's order; the year columns keep theirs, from the first
//! heading that names a fiscal year on; other columns (`No.`) are dropped.
//! A sheet already in the seed's order is left exactly as it is.

use unicode_normalization::UnicodeNormalization;

use super::source::Source;
use super::ImportError;

pub(crate) const FIXED_HEADINGS: [&str; 5] = [
    "計画における項目",
    "実施内容",
    "計画書ページ",
    "担当部署",
    "担当課",
];

/// `実施内容=事業名` → (実施内容, 事業名); the role must be a fixed heading.
pub(crate) fn parse_mapping(flag: &str) -> Result<(String, String), ImportError> {
    let invalid = || ImportError::ColumnMapping {
        flag: flag.to_string(),
    };
    let (role, heading) = flag.split_once('=').ok_or_else(invalid)?;
    let (role, heading) = (role.trim(), heading.trim());
    if !FIXED_HEADINGS.contains(&role) || heading.is_empty() {
        return Err(invalid());
    }
    Ok((role.to_string(), heading.to_string()))
}

pub(crate) fn to_seed_layout(
    mut source: Source,
    mapping: &[(String, String)],
) -> Result<Source, ImportError> {
    let heading_of = |cell: &str| -> Option<usize> {
        let text = compact(cell);
        let role = mapping
            .iter()
            .find(|(_, city)| compact(city) == text)
            .map_or(text.as_str(), |(role, _)| role);
        FIXED_HEADINGS
            .iter()
            .position(|fixed| role.starts_with(&compact(fixed)))
    };
    let header = source.rows.iter().find_map(|row| {
        let found: Vec<Option<usize>> = (0..FIXED_HEADINGS.len())
            .map(|k| row.cells.iter().position(|c| heading_of(c) == Some(k)))
            .collect();
        let count = found.iter().flatten().count();
        // Two fixed headings make a header row; all five are needed to read it.
        (count >= 2).then(|| (row.number, found, row.cells.clone()))
    });
    let Some((line, found, header_cells)) = header else {
        return Ok(source);
    };
    // The seed's own layout, even with columns missing: the table reader explains what is wrong.
    let in_seed_order = found
        .iter()
        .enumerate()
        .all(|(k, column)| column.is_none_or(|i| i == k));
    if in_seed_order && mapping.is_empty() {
        return Ok(source);
    }
    if let Some(missing) = found.iter().position(Option::is_none) {
        return Err(ImportError::MissingColumn {
            path: source.label,
            line,
            heading: FIXED_HEADINGS[missing].to_string(),
        });
    }
    let fixed: Vec<usize> = found.into_iter().flatten().collect();
    let years_start = header_cells
        .iter()
        .position(|c| compact(c).contains("年度"))
        .unwrap_or(header_cells.len());
    let order: Vec<usize> = fixed
        .iter()
        .copied()
        .chain((years_start..header_cells.len()).filter(|i| !fixed.contains(i)))
        .collect();
    for row in &mut source.rows {
        if is_policy_row(&row.cells) {
            continue;
        }
        // Cells right of the header (a shifted row) stay at the right, kept for the table reader to judge.
        let beyond = header_cells.len()..row.cells.len().max(header_cells.len());
        let mut cells: Vec<String> = order
            .iter()
            .copied()
            .chain(beyond)
            .map(|i| row.cells.get(i).cloned().unwrap_or_default())
            .collect();
        if row.number == line {
            cells.splice(0..FIXED_HEADINGS.len(), FIXED_HEADINGS.map(String::from));
        }
        row.cells = cells;
    }
    Ok(source)
}

/// `基本施策2 人材の育成` alone on its row (perhaps not in column A).
fn is_policy_row(cells: &[String]) -> bool {
    let filled: Vec<&String> = cells.iter().filter(|c| !c.trim().is_empty()).collect();
    filled.len() <= 2
        && filled
            .first()
            .is_some_and(|c| c.trim().starts_with("基本施策"))
}

fn compact(text: &str) -> String {
    text.nfkc().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::source::SourceRow;
    use std::path::PathBuf;

    fn source(rows: &[&str]) -> Source {
        let rows = rows
            .iter()
            .enumerate()
            .map(|(i, row)| SourceRow {
                number: i + 1,
                cells: row.split('|').map(String::from).collect(),
            })
            .collect();
        Source {
            label: PathBuf::from("市.xlsx"),
            rows,
        }
    }

    fn cells(source: &Source) -> Vec<String> {
        source.rows.iter().map(|row| row.cells.join("|")).collect()
    }

    #[test]
    fn a_citys_columns_are_moved_into_the_seeds_order() {
        let city = source(&[
            "No.|事業名|所管課|担当部署|計画における項目|計画書ページ|令和3年度実施状況|評価|達成度|今後",
            "基本施策1 ネットワーク|",
            "1|協議会|福祉課|福祉部|ア. 連携|P.21|実施|良い|100%|継続",
        ]);
        let mapping = [
            parse_mapping("実施内容=事業名").unwrap(),
            parse_mapping("担当課 = 所管課").unwrap(),
        ];
        let seed = to_seed_layout(city, &mapping).unwrap();
        assert_eq!(
            cells(&seed),
            [
                "計画における項目|実施内容|計画書ページ|担当部署|担当課|令和3年度実施状況|評価|達成度|今後",
                "基本施策1 ネットワーク|",
                "ア. 連携|協議会|P.21|福祉部|福祉課|実施|良い|100%|継続",
            ]
        );
    }

    #[test]
    fn the_seeds_layout_is_left_alone_and_a_missing_column_is_named() {
        let seed = [
            "計画における項目|実施内容|計画書ページ|担当部署|担当課|令和2年度実施状況",
            "ア|相談|P.1|部|課|実施",
        ];
        assert_eq!(cells(&to_seed_layout(source(&seed), &[]).unwrap()), seed);
        let missing =
            source(&["事業名|計画における項目|計画書ページ|担当部署|担当課|令和2年度実施状況"]);
        let message = to_seed_layout(missing, &[]).unwrap_err().to_string();
        assert!(
            message.contains("市.xlsx:1: 「実施内容」の列がありません"),
            "{message}"
        );
        assert!(parse_mapping("事業名").is_err() && parse_mapping("番号=No").is_err());
    }
}
