//! A measure as the search sees it: its text fields in a fixed order of
//! field classes (title, then metadata, then prose, then achievements), so
//! that each class is one contiguous range of the document's text.

use crate::model::fields::{Searched, MEASURE_FIELDS, YEAR_FIELDS};
use crate::model::{FieldKind, FieldValue, Grading, Measure, Site};
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
    /// The class of a field the registry declares searched.
    fn of(searched: Searched) -> FieldClass {
        match searched {
            Searched::Meta => FieldClass::Meta,
            Searched::Prose => FieldClass::Prose,
            Searched::Achievement => FieldClass::Achievement,
        }
    }

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

/// The mark before a new measure's title; searchable, so that `新規`
/// finds the new measures.
pub(crate) use crate::model::fields::NEW_MARK;

/// Every field label a document of `site` can have, sorted: the manifest
/// lists them and cards refer to them by index.
pub fn all_labels(site: &Site) -> Vec<String> {
    let fixed = MEASURE_FIELDS
        .iter()
        .filter_map(|spec| spec.search_label(site))
        .map(String::from);
    let yearly = site.plan.fiscal_years.iter().flat_map(|fy| {
        YEAR_FIELDS
            .iter()
            .filter_map(|spec| spec.search_label(site))
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
    let labels: std::collections::BTreeSet<String> = fixed.chain(yearly).chain(extra).collect();
    labels.into_iter().collect()
}

/// How a result names a fiscal year: as the plan does.
fn year_label(site: &Site, year: u16) -> String {
    site.fiscal_year(year)
        .map_or_else(|| format!("{year}年度"), |fy| fy.label.clone())
}

/// The texts the search takes from a field's value: a list gives one per
/// name, prose its plain text, the rest as written.
fn searched_texts(kind: FieldKind, value: FieldValue) -> Vec<String> {
    match value {
        FieldValue::Names(names) => names,
        FieldValue::Text(text) if kind == FieldKind::Markdown => vec![to_plain_text(&text)],
        FieldValue::Text(text) => vec![text],
        FieldValue::PlanPage(_) | FieldValue::Flag(_) => Vec::new(),
    }
}

impl Document {
    pub fn new(site: &Site, grading: &Grading, measure: &Measure) -> Document {
        let year_label = |year: u16| year_label(site, year);
        // The title is always the first field; empty others are left out.
        let mut fields = vec![Field {
            class: FieldClass::Title,
            label: site.measure_name.clone(),
            text: measure.marked_title(),
        }];
        let mut push = |class, label: String, text: String| {
            if !text.trim().is_empty() {
                fields.push(Field { class, label, text });
            }
        };
        for spec in &MEASURE_FIELDS {
            let Some((searched, label)) = spec.search else {
                continue;
            };
            for text in searched_texts(spec.kind, measure.field(spec.key)) {
                push(FieldClass::of(searched), label.into(), text);
            }
        }
        // The city's own fields are prose, as written.
        for (key, value) in measure.extra.iter() {
            push(
                FieldClass::Prose,
                site.extra_label(key).into(),
                value.into(),
            );
        }
        // Each year's prose, then (in a class of their own) each year's 達成度.
        for searched in [Searched::Prose, Searched::Achievement] {
            for record in &measure.years {
                let year = year_label(record.year);
                for spec in &YEAR_FIELDS {
                    let Some((class, label)) = spec.search.filter(|(c, _)| *c == searched) else {
                        continue;
                    };
                    let value = FieldValue::Text(record.field(spec.key).to_string());
                    for text in searched_texts(spec.kind, value) {
                        push(FieldClass::of(class), format!("{year} {label}"), text);
                    }
                }
                if searched == Searched::Prose {
                    for (key, value) in record.extra.iter() {
                        push(
                            FieldClass::Prose,
                            format!("{year} {}", site.extra_label(key)),
                            value.into(),
                        );
                    }
                }
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::every_field::site_with_every_field;

    #[test]
    fn every_searched_field_is_in_the_document_under_its_label() {
        let site = site_with_every_field();
        let grading = crate::render::test_site::grading();
        let measure = &site.measures[0];
        let document = Document::new(&site, &grading, measure);
        let labels = all_labels(&site);
        let has = |label: &str, text: &str| {
            assert!(labels.iter().any(|l| l == label), "{label} in {labels:?}");
            assert!(
                document
                    .fields
                    .iter()
                    .any(|f| f.label == label && f.text.contains(text)),
                "{label}: {text} in {:?}",
                document.fields
            );
        };
        has(&site.measure_name, &measure.title);
        for spec in MEASURE_FIELDS.iter().filter(|spec| spec.search.is_some()) {
            let label = spec.search_label(&site).unwrap();
            let texts = match measure.field(spec.key) {
                FieldValue::Names(names) => names,
                FieldValue::Text(text) => vec![text],
                other => panic!("{spec} is searched but {other:?} has no text"),
            };
            for text in texts {
                has(label, &text);
            }
        }
        let year = &measure.years[0];
        for spec in YEAR_FIELDS.iter().filter(|spec| spec.search.is_some()) {
            let label = format!(
                "{} {}",
                year_label(&site, year.year),
                spec.search_label(&site).unwrap()
            );
            has(&label, year.field(spec.key));
        }
    }
}
