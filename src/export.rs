//! `shinchoku export --template FY`: the table the sections fill in for a
//! new fiscal year, as an .xlsx workbook and as CSV (UTF-8 with a BOM, so
//! that Excel opens it). It has the seed's column layout — so that
//! `shinchoku import` reads it back — with the last reported year's values
//! filled in, the new year's four columns empty, and an ID column at the
//! right that ties each row to its measure.

use std::fs;
use std::path::PathBuf;

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::csv_file::{Cell, CsvFile};
use crate::diagnostics::Diagnostics;
use crate::model::{FiscalYear, Measure, Site, YearRecord};
use crate::write::together::{write_together, WriteTogetherError};

/// What `shinchoku export` was asked to do.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub root: PathBuf,
    /// The fiscal year to fill in (Western year it starts in: 令和3年度 = 2021).
    pub fiscal_year: u16,
    /// Folder for `template-FY.xlsx` and `template-FY.csv`.
    pub out: PathBuf,
    /// Overwrite templates already there (a filled-in one loses its answers).
    pub force: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("サイトに誤りがあるため書き出せません:\n{0}")]
    Invalid(Diagnostics),
    #[error("{year}年度はすでにサイトにあります（{label}）。新しい年度を指定してください")]
    YearExists { year: u16, label: String },
    #[error(
        "次のファイルがすでにあります。記入済みの回答が入っているかもしれないため、上書きしません（何も書き出していません）。別の --out を指定するか、上書きしてよいなら --force を付けてください:\n  {}",
        files.iter().map(|file| file.display().to_string()).collect::<Vec<_>>().join("\n  ")
    )]
    Exists { files: Vec<PathBuf> },
    #[error(transparent)]
    Write(#[from] WriteTogetherError),
    #[error("{}: Excel のブックを書き出せません: {source}", path.display())]
    Xlsx { path: PathBuf, source: XlsxError },
}

const FIXED_HEADINGS: [&str; 5] = [
    "計画における項目",
    "実施内容",
    "計画書ページ",
    "担当部署",
    "担当課",
];
const ID_HEADING: &str = "ID（変更しないでください）";

/// Writes the template; returns the files written.
pub fn export_template(opts: &ExportOptions) -> Result<Vec<PathBuf>, ExportError> {
    let (content, mut diagnostics) = crate::load::load_content(&opts.root);
    let site = crate::validate::validate(content, &mut diagnostics);
    let site = match site {
        Some(site) if !diagnostics.has_errors() => site,
        _ => {
            return Err(ExportError::Invalid(Diagnostics(
                diagnostics.errors().cloned().collect(),
            )))
        }
    };
    if let Some(known) = site.fiscal_year(opts.fiscal_year) {
        return Err(ExportError::YearExists {
            year: opts.fiscal_year,
            label: known.label.clone(),
        });
    }
    let xlsx = opts.out.join(format!("template-{}.xlsx", opts.fiscal_year));
    let csv = opts.out.join(format!("template-{}.csv", opts.fiscal_year));
    // Whatever has that name counts, a link too (even a broken one).
    let existing: Vec<PathBuf> = [&xlsx, &csv]
        .into_iter()
        .filter(|path| fs::symlink_metadata(path).is_ok())
        .cloned()
        .collect();
    if !existing.is_empty() && !opts.force {
        return Err(ExportError::Exists { files: existing });
    }
    let rows = template_rows(&site, opts.fiscal_year);
    let workbook = xlsx_bytes(&rows).map_err(|source| ExportError::Xlsx {
        path: xlsx.clone(),
        source,
    })?;
    write_together(&[(xlsx.clone(), workbook), (csv.clone(), csv_text(&rows))])?;
    Ok(vec![xlsx, csv])
}

/// The header, then each basic policy's heading row and its measures.
fn template_rows(site: &Site, fiscal_year: u16) -> Vec<Vec<String>> {
    let last = site
        .plan
        .fiscal_years
        .iter()
        .rfind(|fy| fy.year < fiscal_year);
    let new = FiscalYear {
        year: fiscal_year,
        label: era_label(fiscal_year),
        draft: false,
    };
    let years: Vec<&FiscalYear> = last.into_iter().chain([&new]).collect();
    let mut header: Vec<String> = FIXED_HEADINGS.map(String::from).to_vec();
    for fy in &years {
        header.extend(year_headings(fy));
    }
    header.push(ID_HEADING.into());
    let mut rows = vec![header];
    for policy in &site.policies {
        rows.push(vec![format!("基本施策{} {}", policy.number, policy.title)]);
        for measure in site.measures_of(policy.number) {
            rows.push(measure_row(
                measure,
                last.and_then(|fy| measure.year(fy.year)),
            ));
        }
    }
    rows
}

fn year_headings(fy: &FiscalYear) -> [String; 4] {
    [
        format!("{}実施状況", fy.label),
        format!("{} 実施状況に関する担当課の評価", fy.label),
        "達成度 (%)".into(),
        format!("今後 ({}以降) の実施計画", era_label(fy.year + 1)),
    ]
}

/// The last year's values as written, the new year's cells empty.
fn measure_row(measure: &Measure, last: Option<&YearRecord>) -> Vec<String> {
    let title = if measure.is_new {
        format!("《新規》{}", measure.title)
    } else {
        measure.title.clone()
    };
    let mut row = vec![
        measure.plan_item.clone(),
        title,
        measure
            .plan_page
            .map(|page| format!("P.{page}"))
            .unwrap_or_default(),
        measure.departments.join("・"),
        measure.sections.join("・"),
    ];
    if let Some(record) = last {
        row.extend(
            [
                &record.status,
                &record.evaluation,
                &record.achievement.raw,
                &record.next_plan,
            ]
            .map(String::clone),
        );
    }
    row.extend(std::iter::repeat_n(String::new(), 4));
    row.push(measure.id.clone());
    row
}

/// `2019` → `令和元年度`, `2021` → `令和3年度`; before 令和, `2018年度`.
pub fn era_label(year: u16) -> String {
    match year {
        2019 => "令和元年度".into(),
        year if year > 2019 => format!("令和{}年度", year - 2018),
        year => format!("{year}年度"),
    }
}

fn xlsx_bytes(rows: &[Vec<String>]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("進捗状況")?;
    let wrap = Format::new().set_text_wrap();
    let heading = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color("#DDEBF7");
    for (r, row) in rows.iter().enumerate() {
        let format = if r == 0 { &heading } else { &wrap };
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (
                u32::try_from(r).unwrap_or(u32::MAX),
                u16::try_from(c).unwrap_or(u16::MAX),
            );
            sheet.write_string_with_format(r, c, cell, format)?;
        }
    }
    let columns = rows.first().map_or(0, Vec::len);
    for c in 0..columns {
        let width = if (5..columns.saturating_sub(1)).contains(&c) {
            40
        } else {
            16
        };
        sheet.set_column_width(u16::try_from(c).unwrap_or(u16::MAX), width)?;
    }
    sheet.set_freeze_panes(1, 2)?;
    workbook.save_to_buffer()
}

/// The rows as CSV; every cell is text, as in the workbook.
fn csv_text(rows: &[Vec<String>]) -> Vec<u8> {
    let mut file = CsvFile::new();
    for row in rows {
        file.row(row.iter().map(|cell| Cell::from(cell.as_str())));
    }
    file.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn era_labels() {
        assert_eq!(era_label(2019), "令和元年度");
        assert_eq!(era_label(2021), "令和3年度");
        assert_eq!(era_label(2018), "2018年度");
    }

    #[test]
    fn csv_cells_are_text_guarded_against_formulas() {
        let rows = vec![vec!["a".to_string(), "- 1.事例".into(), "b,c".into()]];
        assert_eq!(
            String::from_utf8(csv_text(&rows)).unwrap(),
            "\u{feff}a,\"'- 1.事例\",\"b,c\"\r\n"
        );
    }
}
