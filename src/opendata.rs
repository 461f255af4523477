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

use serde::{Serialize, Serializer};

use crate::csv_file::{Cell, CsvFile};
use crate::model::{Extra, Grading, Measure, Node, Site, YearRecord};
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

/// The header of `measures.csv`: after [`ID_HEADING`], a number and a
/// name column per level, then the measure's name and these.
const CSV_HEADER_AFTER_MEASURE_NAME: [&str; 15] = [
    "新規",
    "計画書ページ",
    "担当部署",
    "担当課",
    "年度（西暦）",
    "年度（和暦）",
    "集計状況",
    "実施状況",
    "実施状況に関する担当課の評価",
    "達成度（記載のまま）",
    "達成度の種類",
    "達成度（%）",
    "達成度区分",
    "今後の実施計画",
    "ページ",
];

pub fn write_open_data(site: &Site, grading: &Grading) -> Vec<OutputFile> {
    open_data_files(site, grading).collect()
}

type MakeFile = fn(&Site, &Grading) -> Vec<u8>;

/// The open-data files, each made when asked for: on a large site each is
/// hundreds of megabytes, and a build writes one before making the next.
pub fn open_data_files<'a>(
    site: &'a Site,
    grading: &'a Grading,
) -> impl Iterator<Item = OutputFile> + 'a {
    let makers: [(&str, MakeFile); 3] = [
        (CSV_PATH, csv),
        (JSON_PATH, json),
        (CHANGES_CSV_PATH, changes_csv),
    ];
    makers
        .into_iter()
        .map(move |(path, make)| OutputFile::new(path, make(site, grading)))
}

const ID_HEADING: &str = "施策ID";
const PLAN_ITEM_HEADING: &str = "計画における項目";

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
    if is_plain_number(number) {
        Cell::number(Some(number))
    } else {
        Cell::from(number)
    }
}

/// Digits without a leading zero: what can be written as a number and read
/// back the same.
fn is_plain_number(text: &str) -> bool {
    !text.is_empty()
        && text.len() < 16
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'))
}

fn csv(site: &Site, grading: &Grading) -> Vec<u8> {
    let mut file = CsvFile::new();
    let header: Vec<String> = [ID_HEADING.to_string()]
        .into_iter()
        .chain(level_headings(site, true))
        .chain([PLAN_ITEM_HEADING.to_string(), site.measure_name.clone()])
        .chain(CSV_HEADER_AFTER_MEASURE_NAME.map(String::from))
        .collect();
    // The city's own fields follow the built-in columns, headed by their labels.
    let extra_columns = site.extra_columns();
    let extra_headers = extra_columns.iter().map(|c| c.label.clone());
    file.row(header.into_iter().chain(extra_headers).map(Cell::from));
    for measure in &site.measures {
        let chain = chain(site, measure);
        let departments = measure.departments.join(LIST_SEPARATOR);
        let sections = measure.sections.join(LIST_SEPARATOR);
        for fiscal_year in &site.plan.fiscal_years {
            let Some(record) = measure.year(fiscal_year.year) else {
                continue;
            };
            let row = Row::new(record, grading);
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
                    .chain([
                        Cell::from(measure.plan_item.as_str()),
                        Cell::from(measure.title.as_str()),
                        Cell::number(Some(u8::from(measure.is_new))),
                        Cell::number(measure.plan_page),
                        Cell::from(departments.as_str()),
                        Cell::from(sections.as_str()),
                        Cell::number(Some(fiscal_year.year)),
                        Cell::from(fiscal_year.label.as_str()),
                        Cell::from(if fiscal_year.draft { DRAFT } else { FINAL }),
                        Cell::from(row.status),
                        Cell::from(row.evaluation),
                        Cell::from(record.achievement.raw.as_str()),
                        Cell::from(row.kind),
                        Cell::number(row.percent.map(format_number)),
                        Cell::from(row.grade),
                        Cell::from(row.next_plan),
                        Cell::from(page_path(measure)),
                    ])
                    .chain(extra),
            );
        }
    }
    file.into_bytes()
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
    let header: Vec<String> = [ID_HEADING.to_string()]
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

/// The plain-text, graded reading of one measure's year.
struct Row {
    status: String,
    evaluation: String,
    next_plan: String,
    kind: &'static str,
    percent: Option<f64>,
    grade: String,
}

impl Row {
    fn new(record: &YearRecord, grading: &Grading) -> Row {
        Row {
            status: to_plain_text(&record.status),
            evaluation: to_plain_text(&record.evaluation),
            next_plan: to_plain_text(&record.next_plan),
            kind: record.achievement.kind.label(),
            percent: record.achievement.percent(),
            grade: grading.info(grading.grade(&record.achievement)).label,
        }
    }
}

/// `70` rather than `70.0`; fractions keep at most two decimals.
fn format_number(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        rounded.to_string()
    }
}

fn page_path(measure: &Measure) -> String {
    format!("measures/{}.html", measure.id)
}

#[derive(Serialize)]
struct JsonSite<'a> {
    title: &'a str,
    organization: &'a str,
    source: &'a str,
    fiscal_years: &'a [crate::model::FiscalYear],
    grade_bands: &'a [crate::model::GradeBand],
    /// A list of nodes per level, under the level's folder (`policies`).
    #[serde(flatten)]
    nodes: JsonNodes<'a>,
    measures: JsonMeasures<'a>,
}

/// The measures, each made as it is written: held all at once, their
/// plain-text copies cost 200 MB at 100,000 measures, beside the file.
struct JsonMeasures<'a> {
    site: &'a Site,
    grading: &'a Grading,
}

impl Serialize for JsonMeasures<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let JsonMeasures { site, grading } = *self;
        serializer.collect_seq(
            site.measures
                .iter()
                .map(|m| JsonMeasure::new(site, grading, m)),
        )
    }
}

/// Each level's nodes, under the level's folder name, top level first.
struct JsonNodes<'a>(&'a Site);

impl Serialize for JsonNodes<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let site = self.0;
        serializer.collect_map(site.levels.iter().enumerate().map(|(level, l)| {
            let nodes: Vec<JsonNode> = site.nodes_at(level).map(JsonNode::new).collect();
            (l.folder.as_str(), nodes)
        }))
    }
}

/// A node; its id only where it is not its number, its parent only below
/// the top level.
#[derive(Serialize)]
struct JsonNode<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<JsonId<'a>>,
    number: JsonId<'a>,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<JsonId<'a>>,
}

impl<'a> JsonNode<'a> {
    fn new(node: &'a Node) -> JsonNode<'a> {
        JsonNode {
            id: (node.id != node.number).then_some(JsonId(&node.id)),
            number: JsonId(&node.number),
            title: &node.title,
            parent: node.parent.as_deref().map(JsonId),
        }
    }
}

/// An id or a number: a JSON number when it is a plain number, else text.
struct JsonId<'a>(&'a str);

impl Serialize for JsonId<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.parse::<u64>() {
            Ok(number) if is_plain_number(self.0) => serializer.serialize_u64(number),
            _ => serializer.serialize_str(self.0),
        }
    }
}

/// The measure's node, under the lowest level's key (`policy`).
struct JsonLink<'a> {
    key: &'a str,
    node: &'a str,
}

impl Serialize for JsonLink<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map([(self.key, JsonId(self.node))])
    }
}

#[derive(Serialize)]
struct JsonMeasure<'a> {
    id: &'a str,
    #[serde(flatten)]
    node: JsonLink<'a>,
    plan_item: &'a str,
    title: &'a str,
    new: bool,
    plan_page: Option<u32>,
    departments: &'a [String],
    sections: &'a [String],
    years: Vec<JsonYear<'a>>,
    /// The city's own fields, by key, as written.
    #[serde(skip_serializing_if = "Extra::is_empty")]
    extra: &'a Extra,
    page: String,
}

#[derive(Serialize)]
struct JsonYear<'a> {
    year: u16,
    label: &'a str,
    /// 集計中: the figures are not final.
    draft: bool,
    status: String,
    evaluation: String,
    achievement: &'a crate::model::Achievement,
    achievement_percent: Option<f64>,
    grade: String,
    next_plan: String,
    #[serde(skip_serializing_if = "Extra::is_empty")]
    extra: &'a Extra,
}

impl<'a> JsonMeasure<'a> {
    fn new(site: &'a Site, grading: &Grading, m: &'a Measure) -> JsonMeasure<'a> {
        JsonMeasure {
            id: &m.id,
            node: JsonLink {
                key: &site.levels[site.lowest_level()].key,
                node: &m.node,
            },
            plan_item: &m.plan_item,
            title: &m.title,
            new: m.is_new,
            plan_page: m.plan_page,
            departments: &m.departments,
            sections: &m.sections,
            years: site
                .plan
                .fiscal_years
                .iter()
                .filter_map(|fy| {
                    let record = m.year(fy.year)?;
                    let row = Row::new(record, grading);
                    Some(JsonYear {
                        year: fy.year,
                        label: &fy.label,
                        draft: fy.draft,
                        status: row.status,
                        evaluation: row.evaluation,
                        achievement: &record.achievement,
                        achievement_percent: row.percent,
                        grade: row.grade,
                        next_plan: row.next_plan,
                        extra: &record.extra,
                    })
                })
                .collect(),
            extra: &m.extra,
            page: page_path(m),
        }
    }
}

fn json(site: &Site, grading: &Grading) -> Vec<u8> {
    let doc = JsonSite {
        title: &site.plan.title,
        organization: &site.plan.organization,
        source: &site.plan.source,
        fiscal_years: &site.plan.fiscal_years,
        grade_bands: grading.bands(),
        nodes: JsonNodes(site),
        measures: JsonMeasures { site, grading },
    };
    let mut bytes = serde_json::to_vec_pretty(&doc).expect("the model always serialises");
    bytes.push(b'\n');
    bytes
}
