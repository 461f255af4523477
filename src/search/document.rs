//! A measure as the search sees it: its text fields in a fixed order of
//! field classes (title, then metadata, then prose, then achievements), so
//! that each class is one contiguous range of the document's text.

use crate::model::{Grading, Measure, Site};
use crate::render::markdown::to_plain_text;

/// Field classes, in document order; their weights are the engine's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum FieldClass {
    Title,
    /// Plan item, departments, sections.
    Meta,
    /// Each year's status, evaluation and plan.
    Prose,
    Achievement,
}

impl FieldClass {
    pub const ALL: [FieldClass; 4] = [
        FieldClass::Title,
        FieldClass::Meta,
        FieldClass::Prose,
        FieldClass::Achievement,
    ];
}

/// One searchable text of a measure, as a reader sees it (plain text).
#[derive(Debug, Clone, PartialEq, Hash)]
pub(crate) struct Field {
    pub class: FieldClass,
    /// Shown beside a snippet taken from this field: `令和2年度 実施状況`.
    pub label: String,
    pub text: String,
}

/// A measure's searchable text and what a result shows besides it (its
/// title is the first field).
#[derive(Debug, Clone, PartialEq, Hash)]
pub(crate) struct Document {
    pub url: String,
    pub is_new: bool,
    /// Index into `Site.nodes` of the measure's own node (of the lowest
    /// level): the manifest lists the nodes, so a result shows its trail.
    pub node: usize,
    pub departments: Vec<String>,
    /// `(index of the fiscal year in the plan, index of the grade in
    /// `Grading::all`)`, oldest first.
    pub grades: Vec<(usize, usize)>,
    /// Sorted by class; the first is the title.
    pub fields: Vec<Field>,
}

/// The mark the table puts before a new measure's title; searchable, so
/// that `新規` finds the new measures.
pub(crate) const NEW_MARK: &str = "《新規》";

/// Every field label a document of `site` can have, sorted: the manifest
/// lists them and cards refer to them by index.
pub fn all_labels(site: &Site) -> Vec<String> {
    let fixed = [
        site.measure_name.as_str(),
        PLAN_ITEM_LABEL,
        DEPARTMENT_LABEL,
        SECTION_LABEL,
    ]
    .map(String::from);
    let yearly = site.plan.fiscal_years.iter().flat_map(|fy| {
        [
            STATUS_LABEL,
            EVALUATION_LABEL,
            NEXT_PLAN_LABEL,
            ACHIEVEMENT_LABEL,
        ]
        .map(|label| format!("{} {label}", fy.label))
    });
    let extra = site.measures.iter().flat_map(|measure| {
        let own = measure
            .extra
            .iter()
            .map(|(key, _)| site.extra_label(key).to_string());
        let yearly = measure.years.iter().flat_map(|record| {
            let year = year_label(site, record.year);
            record
                .extra
                .iter()
                .map(move |(key, _)| format!("{year} {}", site.extra_label(key)))
        });
        own.chain(yearly)
    });
    let labels: std::collections::BTreeSet<String> =
        fixed.into_iter().chain(yearly).chain(extra).collect();
    labels.into_iter().collect()
}

/// How a result names a fiscal year: as the plan does.
fn year_label(site: &Site, year: u16) -> String {
    site.fiscal_year(year)
        .map_or_else(|| format!("{year}年度"), |fy| fy.label.clone())
}

const PLAN_ITEM_LABEL: &str = "計画における項目";
const DEPARTMENT_LABEL: &str = "担当部署";
const SECTION_LABEL: &str = "担当課";
const STATUS_LABEL: &str = "実施状況";
const EVALUATION_LABEL: &str = "担当課の評価";
const NEXT_PLAN_LABEL: &str = "今後の実施計画";
const ACHIEVEMENT_LABEL: &str = "達成度";

impl Document {
    pub fn new(site: &Site, grading: &Grading, measure: &Measure) -> Document {
        let year_label = |year: u16| year_label(site, year);
        let marked_title = if measure.is_new {
            format!("{NEW_MARK}{}", measure.title)
        } else {
            measure.title.clone()
        };
        // The title is always the first field; empty others are left out.
        let mut fields = vec![Field {
            class: FieldClass::Title,
            label: site.measure_name.clone(),
            text: marked_title,
        }];
        let mut push = |class, label: String, text: String| {
            if !text.trim().is_empty() {
                fields.push(Field { class, label, text });
            }
        };
        push(
            FieldClass::Meta,
            PLAN_ITEM_LABEL.into(),
            measure.plan_item.clone(),
        );
        for department in &measure.departments {
            push(
                FieldClass::Meta,
                DEPARTMENT_LABEL.into(),
                department.clone(),
            );
        }
        for section in &measure.sections {
            push(FieldClass::Meta, SECTION_LABEL.into(), section.clone());
        }
        // The city's own fields are prose, as written.
        for (key, value) in measure.extra.iter() {
            push(
                FieldClass::Prose,
                site.extra_label(key).into(),
                value.into(),
            );
        }
        for record in &measure.years {
            let year = year_label(record.year);
            push(
                FieldClass::Prose,
                format!("{year} {STATUS_LABEL}"),
                to_plain_text(&record.status),
            );
            push(
                FieldClass::Prose,
                format!("{year} {EVALUATION_LABEL}"),
                to_plain_text(&record.evaluation),
            );
            push(
                FieldClass::Prose,
                format!("{year} {NEXT_PLAN_LABEL}"),
                to_plain_text(&record.next_plan),
            );
            for (key, value) in record.extra.iter() {
                push(
                    FieldClass::Prose,
                    format!("{year} {}", site.extra_label(key)),
                    value.into(),
                );
            }
        }
        for record in &measure.years {
            let year = year_label(record.year);
            push(
                FieldClass::Achievement,
                format!("{year} {ACHIEVEMENT_LABEL}"),
                record.achievement.raw.clone(),
            );
        }
        let all_grades = grading.all();
        // Validation guarantees every record's year is one of the plan's.
        let grades = measure
            .years
            .iter()
            .filter_map(|record| {
                let year = site
                    .plan
                    .fiscal_years
                    .iter()
                    .position(|fy| fy.year == record.year)?;
                let grade = grading.grade(&record.achievement);
                Some((year, all_grades.iter().position(|g| *g == grade)?))
            })
            .collect();
        Document {
            url: format!("measures/{}.html", measure.id),
            is_new: measure.is_new,
            node: site
                .nodes
                .iter()
                .position(|n| n.level == site.lowest_level() && n.id == measure.node)
                .unwrap_or_default(),
            departments: measure.departments.clone(),
            grades,
            fields,
        }
    }
}
