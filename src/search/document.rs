//! A measure as the search sees it: its text fields in a fixed order of
//! field classes (title, then metadata, then prose, then achievements), so
//! that each class is one contiguous range of the document's text.

use crate::model::{Grading, Measure, Site};
use crate::render::markdown::to_plain_text;

/// Field classes, in document order; their weights are the engine's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum FieldClass {
    Title,
    /// Plan item, departments, sections.
    Meta,
    /// Each year's status, evaluation and plan.
    Prose,
    Achievement,
}

impl FieldClass {
    pub const ALL: [FieldClass; 4] =
        [FieldClass::Title, FieldClass::Meta, FieldClass::Prose, FieldClass::Achievement];
}

/// One searchable text of a measure, as a reader sees it (plain text).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Field {
    pub class: FieldClass,
    /// Shown beside a snippet taken from this field: `令和2年度 実施状況`.
    pub label: String,
    pub text: String,
}

/// What a result shows besides its snippet.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Document {
    pub url: String,
    pub title: String,
    pub is_new: bool,
    pub policy: u32,
    pub departments: Vec<String>,
    /// `(fiscal year label, grade key, grade label)`, oldest first.
    pub grades: Vec<(String, String, String)>,
    /// Sorted by class.
    pub fields: Vec<Field>,
}

/// The mark the table puts before a new measure's title; searchable, so
/// that `新規` finds the new measures.
const NEW_MARK: &str = "《新規》";

impl Document {
    pub fn new(site: &Site, grading: &Grading, measure: &Measure) -> Document {
        let year_label = |year: u16| {
            site.fiscal_year(year).map_or_else(|| format!("{year}年度"), |fy| fy.label.clone())
        };
        let mut fields = Vec::new();
        let mut push = |class, label: String, text: String| {
            if !text.trim().is_empty() {
                fields.push(Field { class, label, text });
            }
        };
        let marked_title =
            if measure.is_new { format!("{NEW_MARK}{}", measure.title) } else { measure.title.clone() };
        push(FieldClass::Title, "実施内容".into(), marked_title);
        push(FieldClass::Meta, "計画における項目".into(), measure.plan_item.clone());
        for department in &measure.departments {
            push(FieldClass::Meta, "担当部署".into(), department.clone());
        }
        for section in &measure.sections {
            push(FieldClass::Meta, "担当課".into(), section.clone());
        }
        for record in &measure.years {
            let year = year_label(record.year);
            push(FieldClass::Prose, format!("{year} 実施状況"), to_plain_text(&record.status));
            push(FieldClass::Prose, format!("{year} 担当課の評価"), to_plain_text(&record.evaluation));
            push(FieldClass::Prose, format!("{year} 今後の実施計画"), to_plain_text(&record.next_plan));
        }
        for record in &measure.years {
            let year = year_label(record.year);
            push(FieldClass::Achievement, format!("{year} 達成度"), record.achievement.raw.clone());
        }
        let grades = measure
            .years
            .iter()
            .map(|record| {
                let info = grading.info(grading.grade(&record.achievement));
                (year_label(record.year), info.key, info.label)
            })
            .collect();
        Document {
            url: format!("measures/{}.html", measure.id),
            title: measure.title.clone(),
            is_new: measure.is_new,
            policy: measure.policy,
            departments: measure.departments.clone(),
            grades,
            fields,
        }
    }
}
