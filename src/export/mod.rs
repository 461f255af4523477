//! `shinchoku export --template FY`: the table the sections fill in for a
//! new fiscal year. It has the seed's column layout — so that `shinchoku
//! import` reads it back — with the last reported year's values filled in,
//! the new year's four columns empty, and an ID column at the right that
//! ties each row to its measure.
//!
//! Without `--by section` it is one workbook and the same table as CSV
//! (UTF-8 with a BOM, so that Excel opens it); with it, one workbook per
//! section (担当課) holding only that section's measures — a measure of
//! several sections is in each of their workbooks, and import matches rows
//! by ID, so a measure answered twice is no problem. Every workbook opens
//! on 「記入のしかた」 ([`workbook`]); its file name is safe on every OS
//! ([`file_names`]).

mod file_names;
mod workbook;

use std::fs;
use std::path::PathBuf;

use rust_xlsxwriter::XlsxError;

use crate::csv_file::{Cell, CsvFile};
use crate::diagnostics::Diagnostics;
use crate::model::fields::{MEASURE_FIELDS, YEAR_FIELDS};
use crate::model::{FieldKind, FieldSpec, FieldValue, FiscalYear, Measure, Site, YearRecord};
use crate::write::together::{write_together, WriteTogetherError};

/// What `shinchoku export` was asked to do.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub root: PathBuf,
    /// The fiscal year to fill in (Western year it starts in: 令和3年度 = 2021).
    pub fiscal_year: u16,
    /// Folder for the templates.
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

/// The measure's fields the template has, one column each, as
/// [`MEASURE_FIELDS`] orders them.
fn measure_columns() -> impl Iterator<Item = &'static FieldSpec> {
    MEASURE_FIELDS.iter().filter(|spec| spec.export.is_some())
}

/// A fiscal year's fields the template has (実施状況, 評価, 達成度,
/// 今後の実施計画), one column each.
fn year_columns() -> impl Iterator<Item = &'static FieldSpec> {
    YEAR_FIELDS.iter().filter(|spec| spec.export.is_some())
}
const ID_HEADING: &str = "ID（変更しないでください）";

/// A template's table, and which fiscal years its columns hold.
struct Template {
    /// The header, then each basic policy's heading row and its measures.
    rows: Vec<Vec<String>>,
    /// The year reported last before the new one: its values are filled in.
    last_year: Option<FiscalYear>,
    /// The year to fill in.
    new_year: FiscalYear,
}

impl Template {
    /// The first of the new year's four columns.
    fn new_year_column(&self) -> usize {
        measure_columns().count() + year_columns().count() * usize::from(self.last_year.is_some())
    }
}

/// Writes one workbook and its CSV; returns the files written.
pub fn export_template(opts: &ExportOptions) -> Result<Vec<PathBuf>, ExportError> {
    let site = valid_site(opts)?;
    let template = template(&site, opts.fiscal_year, |_| true);
    let xlsx = opts.out.join(format!("template-{}.xlsx", opts.fiscal_year));
    let csv = opts.out.join(format!("template-{}.csv", opts.fiscal_year));
    let workbook = workbook_bytes(&template, None, &xlsx)?;
    write_new(
        vec![(xlsx, workbook), (csv, csv_text(&template.rows))],
        opts.force,
    )
}

/// Writes one workbook per section (担当課), each with only its measures,
/// as `template-FY-課名.xlsx`; returns the files written.
pub fn export_section_templates(opts: &ExportOptions) -> Result<Vec<PathBuf>, ExportError> {
    let site = valid_site(opts)?;
    let mut files = Vec::new();
    for (section, file_name) in file_names::section_files(&sections(&site), opts.fiscal_year) {
        let template = template(&site, opts.fiscal_year, |measure| {
            in_section(measure, &section)
        });
        let path = opts.out.join(file_name);
        let workbook = workbook_bytes(&template, Some(&section), &path)?;
        files.push((path, workbook));
    }
    write_new(files, opts.force)
}

/// Stands for the section of measures that name none.
const NO_SECTION: &str = "担当課なし";

/// Every section in the order the table first names it.
fn sections(site: &Site) -> Vec<String> {
    let mut sections: Vec<String> = Vec::new();
    for measure in &site.measures {
        let named = if measure.sections.is_empty() {
            vec![NO_SECTION.to_string()]
        } else {
            measure.sections.clone()
        };
        for section in named {
            if !sections.contains(&section) {
                sections.push(section);
            }
        }
    }
    sections
}

fn in_section(measure: &Measure, section: &str) -> bool {
    if measure.sections.is_empty() {
        section == NO_SECTION
    } else {
        measure.sections.iter().any(|own| own == section)
    }
}

/// The site, valid, without the year to fill in.
fn valid_site(opts: &ExportOptions) -> Result<Site, ExportError> {
    let (content, mut diagnostics) = crate::load::load_content(&opts.root);
    let site = match crate::validate::validate(content, &Default::default(), &mut diagnostics) {
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
    Ok(site)
}

fn workbook_bytes(
    template: &Template,
    section: Option<&str>,
    path: &std::path::Path,
) -> Result<Vec<u8>, ExportError> {
    workbook::xlsx_bytes(template, section).map_err(|source| ExportError::Xlsx {
        path: path.to_path_buf(),
        source,
    })
}

/// Writes `files` all or none, refusing (unless `force`) when any is there.
fn write_new(files: Vec<(PathBuf, Vec<u8>)>, force: bool) -> Result<Vec<PathBuf>, ExportError> {
    // Whatever has that name counts, a link too (even a broken one).
    let existing: Vec<PathBuf> = files
        .iter()
        .map(|(path, _)| path)
        .filter(|path| fs::symlink_metadata(path).is_ok())
        .cloned()
        .collect();
    if !existing.is_empty() && !force {
        return Err(ExportError::Exists { files: existing });
    }
    write_together(&files)?;
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

/// The table of the measures `wanted` picks, under the headings of the
/// nodes of the lowest level.
fn template(site: &Site, fiscal_year: u16, wanted: impl Fn(&Measure) -> bool) -> Template {
    let last_year = site
        .plan
        .fiscal_years
        .iter()
        .rfind(|fy| fy.year < fiscal_year)
        .cloned();
    let new_year = FiscalYear {
        year: fiscal_year,
        label: era_label(fiscal_year),
        draft: false,
    };
    let mut header: Vec<String> = measure_columns()
        .filter_map(|spec| Some(spec.export?.heading.to_string()))
        .collect();
    for fy in last_year.iter().chain([&new_year]) {
        header.extend(year_headings(fy));
    }
    header.push(ID_HEADING.into());
    let mut rows = vec![header];
    for node in site.nodes_at(site.lowest_level()) {
        let measures: Vec<&Measure> = site.measures_under(node).filter(|m| wanted(m)).collect();
        if measures.is_empty() {
            continue;
        }
        rows.push(vec![format!("{} {}", site.node_name(node), node.title)]);
        for measure in measures {
            let last = last_year.as_ref().and_then(|fy| measure.year(fy.year));
            rows.push(measure_row(measure, last));
        }
    }
    Template {
        rows,
        last_year,
        new_year,
    }
}

fn year_headings(fy: &FiscalYear) -> impl Iterator<Item = String> + '_ {
    year_columns().filter_map(|spec| {
        let heading = spec.export?.heading;
        Some(
            heading
                .replace("{year}", &fy.label)
                .replace("{next_year}", &era_label(fy.year + 1)),
        )
    })
}

/// The last year's values as written, the new year's cells empty.
fn measure_row(measure: &Measure, last: Option<&YearRecord>) -> Vec<String> {
    let mut row: Vec<String> = measure_columns()
        .map(|spec| match measure.field(spec.key) {
            FieldValue::Text(_) if spec.kind == FieldKind::Title => measure.marked_title(),
            FieldValue::Text(text) => text,
            FieldValue::PlanPage(page) => page.map(|page| format!("P.{page}")).unwrap_or_default(),
            FieldValue::Names(names) => names.join("・"),
            FieldValue::Flag(flag) => if flag { "○" } else { "" }.to_string(),
        })
        .collect();
    if let Some(record) = last {
        row.extend(year_columns().map(|spec| record.field(spec.key).to_string()));
    }
    row.extend(std::iter::repeat_n(String::new(), year_columns().count()));
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

    #[test]
    fn every_exported_field_has_its_column_and_last_value() {
        let site = crate::model::every_field::site_with_every_field();
        let last = site.plan.fiscal_years.last().unwrap().clone();
        let template = template(&site, last.year + 1, |_| true);
        let header = &template.rows[0];
        let measure = &site.measures[0];
        let row = template
            .rows
            .iter()
            .find(|row| row.last() == Some(&measure.id))
            .unwrap();
        for spec in measure_columns() {
            let heading = spec.export.unwrap().heading;
            assert!(header.iter().any(|h| h == heading), "{spec} in {header:?}");
            let shown = match measure.field(spec.key) {
                FieldValue::Text(text) => text,
                FieldValue::Names(names) => names.join("・"),
                FieldValue::PlanPage(page) => format!("P.{}", page.unwrap()),
                FieldValue::Flag(_) => String::new(),
            };
            assert!(
                row.iter().any(|cell| cell.contains(&shown)),
                "{spec}: {shown} in {row:?}"
            );
        }
        let record = measure.year(last.year).unwrap();
        let new_year = template.new_year_column();
        for (i, spec) in year_columns().enumerate() {
            let column = new_year - year_columns().count() + i;
            assert_eq!(row[column], record.field(spec.key), "{spec}");
            assert_eq!(row[new_year + i], "", "{spec} of the new year");
        }
    }
}
