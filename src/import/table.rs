//! The table's rows (from [`super::source`]) → header (with the fiscal
//! years), policy rows and data rows. Nothing here judges cell contents.
//!
//! A header row starts with 計画における項目; a PDF repeats it on every page
//! and may add a continuation row whose first cells are empty. A policy row
//! starts with `基本施策N`. Every other non-blank row is data.

use unicode_normalization::UnicodeNormalization;

use super::cells::clean_cell;
use super::source::Source;
use super::{ImportError, Warnings};
use crate::model::FiscalYear;

/// 計画における項目, 実施内容, 計画書ページ, 担当部署, 担当課.
pub(crate) const FIXED_COLUMNS: usize = 5;
/// 実施状況, 評価, 達成度, 今後の実施計画 — for each fiscal year.
pub(crate) const YEAR_COLUMNS: usize = 4;

const HEADER_START: &str = "計画における項目";
const POLICY_START: &str = "基本施策";

pub(crate) struct Table {
    /// From the first header row, oldest first as the columns run.
    pub fiscal_years: Vec<FiscalYear>,
    pub rows: Vec<Row>,
}

pub(crate) enum Row {
    Policy {
        line: usize,
        number: u32,
        title: String,
    },
    Data(DataRow),
}

pub(crate) struct DataRow {
    /// 1-based line of the table file.
    pub line: usize,
    /// From the ID column of a template made by `shinchoku export`.
    pub id: Option<String>,
    /// Which header the row follows: the rows of one PDF page share their wraps.
    pub part: usize,
    pub cells: Vec<String>,
}

/// Reads the rows of the table. Fails when there is no header to read the
/// fiscal years from, or nothing to import.
pub(crate) fn read_table(source: Source, warnings: &mut Warnings) -> Result<Table, ImportError> {
    let path = source.label.as_path();
    let is_blank = |cells: &[String]| cells.iter().all(|c| c.trim().is_empty());
    if source.rows.iter().all(|row| is_blank(&row.cells)) {
        return Err(ImportError::Empty {
            path: path.to_path_buf(),
        });
    }
    let mut fiscal_years: Option<Vec<FiscalYear>> = None;
    let mut rows = Vec::new();
    let mut part = 0;
    let mut after_header = false;
    let mut skipped_before_header = Vec::new();
    let mut id_column: Option<usize> = None;
    for row in source.rows {
        let line = row.number;
        let mut cells: Vec<String> = row.cells.iter().map(|cell| clean_cell(cell)).collect();
        if cells.is_empty() || is_blank(&cells) {
            continue;
        }
        let is_header = normalized(&cells[0]).starts_with(HEADER_START);
        if is_header && fiscal_years.is_none() {
            id_column = cells.iter().position(|cell| is_id_heading(cell));
        }
        // The ID column is not part of the seed's layout: taken out of every row.
        let id = id_column
            .filter(|&i| i < cells.len())
            .map(|i| cells.remove(i).trim().to_string());
        if is_header {
            let years = header_fiscal_years(&cells).map_err(|reason| ImportError::Header {
                path: path.to_path_buf(),
                line,
                reason,
            })?;
            match &fiscal_years {
                None => fiscal_years = Some(years),
                Some(first) if *first != years => warnings.add(
                    line,
                    None,
                    format!(
                        "この見出し行の年度（{}）が最初の見出し行（{}）と違います。最初の見出し行の年度で読みました",
                        labels(&years),
                        labels(first)
                    ),
                ),
                Some(_) => {}
            }
            part += 1;
            after_header = true;
            continue;
        }
        let continues_header = after_header && cells.iter().take(2).all(|c| c.trim().is_empty());
        after_header &= continues_header;
        if continues_header {
            continue;
        }
        if fiscal_years.is_none() {
            skipped_before_header.push(line);
            continue;
        }
        match policy_heading(&cells) {
            Some((number, title)) => rows.push(Row::Policy {
                line,
                number,
                title,
            }),
            None => rows.push(Row::Data(DataRow {
                line,
                id: id.filter(|id| !id.is_empty()),
                part,
                cells,
            })),
        }
    }
    let fiscal_years = fiscal_years.ok_or_else(|| ImportError::NoHeader {
        path: path.to_path_buf(),
    })?;
    for line in skipped_before_header {
        warnings.add(
            line,
            None,
            "見出し行より前の行は表の一部ではないとみなし、読み飛ばしました".into(),
        );
    }
    if !rows.iter().any(|row| matches!(row, Row::Data(_))) {
        return Err(ImportError::NoDataRows {
            path: path.to_path_buf(),
        });
    }
    Ok(Table { fiscal_years, rows })
}

/// `ID` or `ID（変更しないでください）`, as `shinchoku export` writes it.
fn is_id_heading(cell: &str) -> bool {
    let text = normalized(cell);
    text == "ID" || text.starts_with("ID(")
}

fn normalized(cell: &str) -> String {
    cell.nfkc().filter(|c| !c.is_whitespace()).collect()
}

fn labels(years: &[FiscalYear]) -> String {
    years
        .iter()
        .map(|fy| fy.label.as_str())
        .collect::<Vec<_>>()
        .join("・")
}

/// The fiscal years of a header: one per group of four columns after the
/// first five, read from the group's first cell that names a year
/// (`令和元年度実施状況`), skipping `今後（令和3年度以降）…`.
fn header_fiscal_years(cells: &[String]) -> Result<Vec<FiscalYear>, String> {
    let used = cells
        .iter()
        .rposition(|c| !c.trim().is_empty())
        .map_or(0, |i| i + 1);
    let full_groups = used.saturating_sub(FIXED_COLUMNS) / YEAR_COLUMNS;
    // A merged year heading (`令和2年度` over four cells) fills only the first
    // cell of the last group; a stray cell after the groups does not count.
    let last_is_merged = cells
        .iter()
        .skip(FIXED_COLUMNS + YEAR_COLUMNS * full_groups)
        .take(used.saturating_sub(FIXED_COLUMNS + YEAR_COLUMNS * full_groups))
        .any(|cell| !cell.contains("以降") && fiscal_year_in(cell).is_some());
    let groups = full_groups + usize::from(last_is_merged);
    if groups == 0 {
        return Err(format!(
            "年度ごとの列（実施状況・評価・達成度・今後の実施計画）がありません（{used}列しかありません）"
        ));
    }
    let mut years: Vec<FiscalYear> = Vec::with_capacity(groups);
    for group in 0..groups {
        let first = FIXED_COLUMNS + YEAR_COLUMNS * group;
        let year = cells
            .iter()
            .skip(first)
            .take(YEAR_COLUMNS)
            .filter(|cell| !cell.contains("以降"))
            .find_map(|cell| fiscal_year_in(cell))
            .ok_or_else(|| format!("{}列目からの年度（例: 令和2年度）が読めません", first + 1))?;
        if years.iter().any(|known| known.year == year.year) {
            return Err(format!("{} が二度あります", year.label));
        }
        years.push(year);
    }
    Ok(years)
}

/// `令和元年度` → 2019, `令和2年度` → 2020, `平成30年度` → 2018, `2020年度` → 2020.
fn fiscal_year_in(cell: &str) -> Option<FiscalYear> {
    let text = normalized(cell);
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len()).find_map(|i| fiscal_year_at(&chars[i..]))
}

fn fiscal_year_at(chars: &[char]) -> Option<FiscalYear> {
    let text: String = chars.iter().take(8).collect();
    let (era_start, rest): (u16, &str) = if let Some(rest) = text.strip_prefix("令和") {
        (2018, rest)
    } else if let Some(rest) = text.strip_prefix("平成") {
        (1988, rest)
    } else {
        (0, text.as_str())
    };
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let (number, after) = match rest.strip_prefix('元') {
        Some(after) if era_start > 0 => (1, after),
        _ => (digits.parse::<u16>().ok()?, &rest[digits.len()..]),
    };
    if !after.starts_with("年度") {
        return None;
    }
    let year = match era_start {
        0 if (1900..=2200).contains(&number) && digits.len() == 4 => number,
        0 => return None,
        start if number >= 1 => start.checked_add(number)?,
        _ => return None,
    };
    let label_len = text.len() - after.len() + "年度".len();
    Some(FiscalYear {
        year,
        label: text[..label_len].to_string(),
        draft: false,
    })
}

/// `基本施策1 地域におけるネットワークの強化` → (1, title). The title may
/// also stand in the next cell.
fn policy_heading(cells: &[String]) -> Option<(u32, String)> {
    let first = cells[0].trim();
    let rest = first.strip_prefix(POLICY_START)?;
    let rest = rest.trim_start();
    let digits: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
        .collect();
    let number: u32 = digits
        .nfkc()
        .collect::<String>()
        .parse()
        .ok()
        .filter(|&n| n > 0)?;
    let title = rest[digits.len()..]
        .trim_start_matches(|c: char| c.is_whitespace() || ":：.．、".contains(c));
    let title = match title.trim() {
        "" => cells[1..]
            .iter()
            .map(|c| c.trim())
            .find(|c| !c.is_empty())
            .unwrap_or_default(),
        title => title,
    };
    // A policy needs a name; its heading is the best there is.
    let title = if title.is_empty() { first } else { title };
    Some((number, super::repair::repair_heading(title)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fy(year: u16, label: &str) -> FiscalYear {
        FiscalYear {
            year,
            label: label.into(),
            draft: false,
        }
    }

    #[test]
    fn era_years() {
        assert_eq!(
            fiscal_year_in("令和元年度実施状況"),
            Some(fy(2019, "令和元年度"))
        );
        assert_eq!(
            fiscal_year_in("令和2年度 実施状況に関する担当課の評価"),
            Some(fy(2020, "令和2年度"))
        );
        assert_eq!(fiscal_year_in("令和１０年度"), Some(fy(2028, "令和10年度")));
        assert_eq!(
            fiscal_year_in("平成30年度実施状況"),
            Some(fy(2018, "平成30年度"))
        );
        assert_eq!(fiscal_year_in("平成元年度"), Some(fy(1989, "平成元年度")));
        assert_eq!(
            fiscal_year_in("2021年度 実施状況"),
            Some(fy(2021, "2021年度"))
        );
        for none in [
            "実施状況",
            "令和年度",
            "令和0年度",
            "元年度",
            "21年度",
            "令和2年",
        ] {
            assert_eq!(fiscal_year_in(none), None, "{none}");
        }
    }

    fn cells(line: &str) -> Vec<String> {
        line.split('\t').map(str::to_string).collect()
    }

    #[test]
    fn header_groups_follow_the_columns() {
        let seed_header = cells("計画における項目\t実施内容\t計画書 ページ\t担当部署\t担当課\t令和元年度実施状況\t令和元年度 実施状況に関する担当課の評価\t達成度 (%)\t今後 (令和2年度以降) の実施計画\t令和2年度実施状況\t令和2年度 実施状況に関する担当課の評価\t達成度 (%)\t今後 (令和3年度以降) の実施計画");
        assert_eq!(
            header_fiscal_years(&seed_header),
            Ok(vec![fy(2019, "令和元年度"), fy(2020, "令和2年度")])
        );
        let one_year = cells(
            "計画における項目\t実施内容\t計画書ページ\t担当部署\t担当課\t令和3年度実施状況\t評価\t達成度\t今後\t\t",
        );
        assert_eq!(
            header_fiscal_years(&one_year),
            Ok(vec![fy(2021, "令和3年度")])
        );
        let merged = cells("計画における項目\t実施内容\t計画書ページ\t担当部署\t担当課\t令和元年度\t\t\t\t令和2年度");
        assert_eq!(
            header_fiscal_years(&merged),
            Ok(vec![fy(2019, "令和元年度"), fy(2020, "令和2年度")])
        );
        let extra = cells("計画における項目\t実施内容\t計画書ページ\t担当部署\t担当課\t令和3年度実施状況\t評価\t達成度\t今後\t備考");
        assert_eq!(header_fiscal_years(&extra), Ok(vec![fy(2021, "令和3年度")]));
        assert!(header_fiscal_years(&cells("計画における項目\t実施内容\t計画書ページ")).is_err());
        let unnamed = cells("計画における項目\t実施内容\t計画書ページ\t担当部署\t担当課\t実施状況\t評価\t達成度\t今後");
        assert!(header_fiscal_years(&unnamed).unwrap_err().contains("6列目"));
    }

    #[test]
    fn policy_headings() {
        assert_eq!(
            policy_heading(&cells("基本施策1 地域におけるネットワークの強化\t\t")),
            Some((1, "地域におけるネットワークの強化".into()))
        );
        assert_eq!(
            policy_heading(&cells("基本施策１２：住民への 啓発")),
            Some((12, "住民への啓発".into()))
        );
        assert_eq!(
            policy_heading(&cells("基本施策3\t住民への啓発と周知")),
            Some((3, "住民への啓発と周知".into()))
        );
        assert_eq!(
            policy_heading(&cells("基本施策4\t\t")),
            Some((4, "基本施策4".into()))
        );
        assert_eq!(policy_heading(&cells("基本施策の推進\t")), None);
        assert_eq!(policy_heading(&cells("ア. 基本施策1")), None);
    }
}
