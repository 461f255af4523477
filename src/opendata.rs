//! Open-data stage: the model → `data/measures.csv` and `data/measures.json`.
//!
//! Follows the Japanese government's rules for machine-readable tables: one
//! header row, one row per measure and fiscal year, one value per cell,
//! numbers as numbers, the Western year beside the era label, and the raw
//! achievement text beside its parsed reading. The CSV is written as Excel
//! reads it, text that starts like a formula guarded ([`crate::csv_file`]);
//! the JSON keeps every text exactly as written. A draft (集計中) year's rows
//! say so in their own column (`集計状況`) and field (`draft`), so that no
//! one takes them for final figures.

mod figures;
mod indicators;
mod json;

pub use indicators::{indicator_columns, INDICATORS_CSV_PATH};
use json::json;

pub use figures::FIGURES_CSV_PATH;
use serde::Serialize;

use crate::csv_file::{Cell, CsvFile};
use crate::model::fields::{MEASURE_FIELDS, YEAR_FIELDS};
use crate::model::{FieldKind, FieldSpec, FieldValue, Grading, Measure, Node, Site, YearRecord};
use crate::output::OutputFile;
use crate::render::markdown::to_plain_text;

pub const CSV_PATH: &str = "data/measures.csv";
pub const JSON_PATH: &str = "data/measures.json";
/// What changed between the last two fiscal years ([`crate::changes`]).
pub const CHANGES_CSV_PATH: &str = "data/changes.csv";

/// Separator inside a cell that lists several departments or sections.
const LIST_SEPARATOR: &str = "／";

/// `集計状況` of a year declared draft, and of every other year.
const DRAFT: &str = "集計中";
const FINAL: &str = "確定";

/// The columns of `measures.csv` between the measure's fields and the
/// year's fields.
const CSV_YEAR_HEADINGS: [&str; 3] = ["年度（西暦）", "年度（和暦）", "集計状況"];
/// The last built-in column: the measure's page.
const PAGE_HEADING: &str = "ページ";
/// The column after every other, when `site.toml` states `data_updated`:
/// last, so that no consumer's column moves.
const UPDATED_HEADING: &str = "データ更新日";

pub fn write_open_data(site: &Site, grading: &Grading) -> Vec<OutputFile> {
    open_data_files(site, grading).collect()
}

type MakeFile = fn(&Site, &Grading) -> Vec<u8>;

/// One open-data file: where it goes, how the data page names and
/// describes it (`{noun}`: the site's word for a measure), and how it is made.
struct OpenDataFile {
    path: &'static str,
    title: &'static str,
    about: &'static str,
    make: MakeFile,
    /// Whether the site has anything for this file (figures, indicators).
    wanted: fn(&Site) -> bool,
}

fn always(_: &Site) -> bool {
    true
}

/// Every open-data file, in the order the data page lists them: the one
/// list that both writes them and links them.
const FILES: [OpenDataFile; 5] = [
    OpenDataFile {
        path: CSV_PATH,
        title: "全{noun}・全年度のデータ（CSV）",
        about: "{noun}と年度ごとに1行。文字コードは UTF-8（BOM付き）で、Excel でもそのまま開けます。",
        make: csv,
        wanted: always,
    },
    OpenDataFile {
        path: JSON_PATH,
        title: "全{noun}・全年度のデータ（JSON）",
        about: "同じ内容を構造化したもの。",
        make: json,
        wanted: always,
    },
    OpenDataFile {
        path: CHANGES_CSV_PATH,
        title: "最後の2年度の変化（CSV）",
        about: "{noun}ごとに1行。達成度の区分が上がった・下がった・同じ・比較できない、新規、終了のどれかと、両年度の達成度。",
        make: changes_csv,
        wanted: always,
    },
    OpenDataFile {
        path: FIGURES_CSV_PATH,
        title: "年度ごとの数値（CSV）",
        about: "{noun}・項目・年度ごとに1行。事業費などの数値を単位とともに、記載どおりの文字も添えて。",
        make: figures::figures_csv,
        wanted: |site| !crate::model::figures::declared_figures(site).is_empty(),
    },
    OpenDataFile {
        path: INDICATORS_CSV_PATH,
        title: "評価指標の実績（CSV）",
        about: "評価指標と年度ごとに1行。基準値・目標値・実績値を記載のままと数値で、進捗率と状況も。列の説明は下の「評価指標」の節にあります。",
        make: |site, _| indicators::indicators_csv(site),
        wanted: |site| !crate::charts::indicator::indicators_under(site, None).is_empty(),
    },
];

/// The open-data files as the data page lists them.
#[derive(Debug, Clone, Serialize)]
pub struct OpenDataLink {
    pub path: &'static str,
    pub title: String,
    pub about: String,
}

/// Every open-data file the site writes, as the data page links them.
pub fn open_data_list(site: &Site) -> Vec<OpenDataLink> {
    let noun = |text: &str| text.replace("{noun}", &site.measure_noun);
    FILES
        .iter()
        .filter(|file| (file.wanted)(site))
        .map(|file| OpenDataLink {
            path: file.path,
            title: noun(file.title),
            about: noun(file.about),
        })
        .collect()
}

/// The open-data files, each made when asked for: on a large site each is
/// hundreds of megabytes, and a build writes one before making the next.
pub fn open_data_files<'a>(
    site: &'a Site,
    grading: &'a Grading,
) -> impl Iterator<Item = OutputFile> + 'a {
    FILES
        .iter()
        .filter(move |file| (file.wanted)(site))
        .map(move |file| OutputFile::new(file.path, (file.make)(site, grading)))
}

/// `基本施策番号`, `基本施策`, … for each level, top first.
fn level_headings(site: &Site, with_names: bool) -> Vec<String> {
    site.levels
        .iter()
        .flat_map(|level| {
            let number = format!("{}番号", level.name);
            std::iter::once(number).chain(with_names.then(|| level.name.clone()))
        })
        .collect()
}

/// The chain of nodes of a measure, top first (empty if it has none).
fn chain<'a>(site: &'a Site, measure: &Measure) -> Vec<&'a Node> {
    site.node_of(measure)
        .map(|node| site.ancestry(node))
        .unwrap_or_default()
}

/// A node's number: a number cell when it is one, else text.
fn number_cell(number: &str) -> Cell<'_> {
    if crate::model::text::is_plain_number(number) {
        Cell::number(Some(number))
    } else {
        Cell::from(number)
    }
}

fn csv(site: &Site, grading: &Grading) -> Vec<u8> {
    let mut file = CsvFile::new();
    let published = |specs: &'static [FieldSpec]| {
        specs
            .iter()
            .flat_map(|spec| spec.open_data_columns(site))
            .map(str::to_string)
    };
    let header: Vec<String> = [format!("{}ID", site.measure_noun)]
        .into_iter()
        .chain(level_headings(site, true))
        .chain(published(&MEASURE_FIELDS))
        .chain(CSV_YEAR_HEADINGS.map(String::from))
        .chain(published(&YEAR_FIELDS))
        .chain([PAGE_HEADING.to_string()])
        .collect();
    // The city's own fields follow the built-in columns, headed by their labels.
    let extra_columns = site.extra_columns();
    let extra_headers = extra_columns.iter().map(|c| c.label.clone());
    let updated = site.publishing.data_updated.map(|date| date.to_string());
    let updated_header = updated.as_ref().map(|_| UPDATED_HEADING.to_string());
    file.row(
        header
            .into_iter()
            .chain(extra_headers)
            .chain(updated_header)
            .map(Cell::from),
    );
    for measure in &site.measures {
        let chain = chain(site, measure);
        let measure_cells = measure_cells(measure);
        for fiscal_year in &site.plan.fiscal_years {
            let Some(record) = measure.year(fiscal_year.year) else {
                continue;
            };
            let extra = extra_columns
                .iter()
                .map(|column| Cell::from(column.value(measure, record)));
            let levels = chain
                .iter()
                .flat_map(|node| [number_cell(&node.number), Cell::from(node.title.as_str())]);
            file.row(
                [Cell::from(measure.id.as_str())]
                    .into_iter()
                    .chain(levels)
                    .chain(measure_cells.iter().cloned())
                    .chain([
                        Cell::number(Some(fiscal_year.year)),
                        Cell::from(fiscal_year.label.as_str()),
                        Cell::from(if fiscal_year.draft { DRAFT } else { FINAL }),
                    ])
                    .chain(year_cells(record, grading))
                    .chain([Cell::from(page_path(measure))])
                    .chain(extra)
                    .chain(updated.as_deref().map(Cell::from)),
            );
        }
    }
    file.into_bytes()
}

/// The cells of a measure's published fields, as [`MEASURE_FIELDS`] orders them.
fn measure_cells(measure: &Measure) -> Vec<Cell<'static>> {
    MEASURE_FIELDS
        .iter()
        .filter(|spec| spec.open_data.is_some())
        .map(|spec| match measure.field(spec.key) {
            FieldValue::Text(text) if spec.kind == FieldKind::Markdown => {
                Cell::from(to_plain_text(&text))
            }
            FieldValue::Text(text) => Cell::from(text),
            FieldValue::Names(names) => Cell::from(names.join(LIST_SEPARATOR)),
            FieldValue::PlanPage(page) => Cell::number(page),
            FieldValue::Flag(flag) => Cell::number(Some(u8::from(flag))),
        })
        .collect()
}

/// The cells of a year's published fields, as [`YEAR_FIELDS`] orders them:
/// prose as plain text, a 達成度 as written, its kind, % and grade.
fn year_cells<'a>(record: &'a YearRecord, grading: &Grading) -> Vec<Cell<'a>> {
    let mut cells = Vec::new();
    for spec in YEAR_FIELDS.iter().filter(|spec| spec.open_data.is_some()) {
        let text = record.field(spec.key);
        match spec.kind {
            FieldKind::Achievement => {
                let achievement = record.achievement(spec.key);
                cells.extend([
                    Cell::from(text),
                    Cell::from(grading.kind_label(achievement)),
                    Cell::number(achievement.percent().map(crate::model::number::format)),
                    Cell::from(grading.info(grading.grade(achievement)).label),
                ]);
            }
            FieldKind::Markdown => cells.push(Cell::from(to_plain_text(text))),
            _ => cells.push(Cell::from(text)),
        }
    }
    cells
}

/// The header of `changes.csv` after the id, the levels' numbers and the
/// measure's name.
const CHANGES_CSV_HEADER_AFTER_MEASURE_NAME: [&str; 10] = [
    "前の年度（西暦）",
    "前の年度（和暦）",
    "後の年度（西暦）",
    "後の年度（和暦）",
    "変化",
    "前の年度の達成度（記載のまま）",
    "前の年度の達成度区分",
    "後の年度の達成度（記載のまま）",
    "後の年度の達成度区分",
    "ページ",
];

/// A row per measure reported in either of the last two fiscal years
/// (only the header with a single year).
fn changes_csv(site: &Site, grading: &Grading) -> Vec<u8> {
    let mut file = CsvFile::new();
    let header: Vec<String> = [format!("{}ID", site.measure_noun)]
        .into_iter()
        .chain(level_headings(site, false))
        .chain([site.measure_name.clone()])
        .chain(CHANGES_CSV_HEADER_AFTER_MEASURE_NAME.map(String::from))
        .collect();
    file.row(header.into_iter().map(Cell::from));
    let Some((earlier, later)) = crate::changes::latest_pair(site) else {
        return file.into_bytes();
    };
    let achievement = |record: Option<&YearRecord>| match record {
        Some(r) => (
            r.achievement.raw.clone(),
            grading.info(grading.grade(&r.achievement)).label,
        ),
        None => Default::default(),
    };
    for item in crate::changes::Comparison::new(site, grading, earlier, later).measures {
        let (before, before_grade) = achievement(item.before);
        let (after, after_grade) = achievement(item.after);
        let chain = chain(site, item.measure);
        let levels = chain.iter().map(|node| number_cell(&node.number));
        file.row(
            [Cell::from(item.measure.id.as_str())]
                .into_iter()
                .chain(levels)
                .chain([
                    Cell::from(item.measure.title.as_str()),
                    Cell::number(Some(earlier.year)),
                    Cell::from(earlier.label.as_str()),
                    Cell::number(Some(later.year)),
                    Cell::from(later.label.as_str()),
                    Cell::from(item.change.label()),
                    Cell::from(before),
                    Cell::from(before_grade),
                    Cell::from(after),
                    Cell::from(after_grade),
                    Cell::from(page_path(item.measure)),
                ]),
        );
    }
    file.into_bytes()
}

fn page_path(measure: &Measure) -> String {
    format!("measures/{}.html", measure.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::every_field::site_with_every_field;

    #[test]
    fn every_published_field_has_its_columns_and_keys() {
        let site = site_with_every_field();
        let grading = crate::render::test_site::grading();
        let csv = String::from_utf8(csv(&site, &grading)).unwrap();
        let mut lines = csv.lines();
        let (header, first_row) = (lines.next().unwrap(), lines.next().unwrap());
        let json: serde_json::Value = serde_json::from_slice(&json(&site, &grading)).unwrap();
        let measure = &json["measures"][0];
        let json_text = json.to_string();
        for spec in &MEASURE_FIELDS {
            let value = match site.measures[0].field(spec.key) {
                FieldValue::Text(text) => text,
                FieldValue::Names(names) => names.join(LIST_SEPARATOR),
                FieldValue::PlanPage(page) => page.unwrap_or_default().to_string(),
                FieldValue::Flag(flag) => u8::from(flag).to_string(),
            };
            let Some(data) = spec.open_data else {
                assert!(!json_text.contains(&value), "{spec} is published");
                assert!(!csv.contains(&value), "{spec} is published");
                continue;
            };
            for column in spec.open_data_columns(&site) {
                assert!(header.contains(column), "{spec}: {column} in {header}");
            }
            assert!(first_row.contains(&value), "{spec}: {value} in {first_row}");
            assert!(measure.get(data.json_keys[0]).is_some(), "{spec} in JSON");
        }
        for spec in &YEAR_FIELDS {
            let Some(data) = spec.open_data else {
                continue;
            };
            for column in data.columns {
                assert!(header.contains(column), "{spec}: {column} in {header}");
            }
            let value = site.measures[0].years[0].field(spec.key);
            assert!(first_row.contains(value), "{spec}: {value} in {first_row}");
            for key in data.json_keys {
                assert!(
                    measure["years"][0].get(key).is_some(),
                    "{spec}: {key} in JSON"
                );
            }
        }
    }
}
