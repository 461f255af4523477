//! A measure's fields, declared once: the built-in ones in [`MEASURE_FIELDS`]
//! and [`YEAR_FIELDS`] (key, label, kind), read and written by key through
//! [`Measure::field`] and [`Measure::set_field`], so that the importer's
//! field map, the emitter and the search follow from the table; and the
//! city's own ones in [`Extra`], declared or not in `site.toml`'s `[[fields]]`.

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::{Achievement, Measure, Site, YearRecord};
use crate::config::FieldDeclaration;
use crate::diagnostics::Diagnostic;

/// How a field's value is held and written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// Prose in Markdown (lists repaired from the table).
    Markdown,
    /// A list of names (departments, sections, notes).
    Names,
    /// 計画書ページ: a page number, or none.
    PlanPage,
    /// 達成度: kept as written, read by [`Achievement::parse`].
    Achievement,
    /// Yes or no (《新規》).
    Flag,
}

/// A built-in field: its front-matter key, the label a citizen reads, its kind.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    pub key: &'static str,
    pub label: &'static str,
    pub kind: FieldKind,
}

/// A field is named by its front-matter key (`years.2021.status`).
impl std::fmt::Display for FieldSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key)
    }
}

const fn spec(key: &'static str, label: &'static str, kind: FieldKind) -> FieldSpec {
    FieldSpec { key, label, kind }
}

/// A measure's own fields (besides `id`, the policy and `years`), in the
/// order content files write them.
pub const MEASURE_FIELDS: [FieldSpec; 7] = [
    spec("plan_item", "計画における項目", FieldKind::Text),
    spec("title", "実施内容", FieldKind::Text),
    spec("new", "新規", FieldKind::Flag),
    spec("plan_page", "計画書ページ", FieldKind::PlanPage),
    spec("departments", "担当部署", FieldKind::Names),
    spec("sections", "担当課", FieldKind::Names),
    spec("import_notes", "取り込み時の注記", FieldKind::Names),
];

/// A fiscal year's fields, in the table's column order.
pub const YEAR_FIELDS: [FieldSpec; 4] = [
    spec("status", "実施状況", FieldKind::Markdown),
    spec(
        "evaluation",
        "実施状況に関する担当課の評価",
        FieldKind::Markdown,
    ),
    spec("achievement", "達成度", FieldKind::Achievement),
    spec("next_plan", "今後の実施計画", FieldKind::Markdown),
];

/// The value of a built-in field, whatever its kind.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    /// Text, Markdown and 達成度 (as written).
    Text(String),
    Names(Vec<String>),
    PlanPage(Option<u32>),
    Flag(bool),
}

impl FieldValue {
    /// The value as text; lists and flags have none.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            FieldValue::Text(text) => Some(text),
            _ => None,
        }
    }
}

impl Measure {
    /// The built-in field `key` of [`MEASURE_FIELDS`].
    pub fn field(&self, key: &str) -> FieldValue {
        match key {
            "plan_item" => FieldValue::Text(self.plan_item.clone()),
            "title" => FieldValue::Text(self.title.clone()),
            "new" => FieldValue::Flag(self.is_new),
            "plan_page" => FieldValue::PlanPage(self.plan_page),
            "departments" => FieldValue::Names(self.departments.clone()),
            "sections" => FieldValue::Names(self.sections.clone()),
            "import_notes" => FieldValue::Names(self.import_notes.clone()),
            _ => unreachable!("{key} is not in MEASURE_FIELDS"),
        }
    }

    /// Sets the built-in field `key`; a value of another kind leaves it empty.
    pub fn set_field(&mut self, key: &str, value: FieldValue) {
        let names = |value: FieldValue| match value {
            FieldValue::Names(names) => names,
            _ => Vec::new(),
        };
        match key {
            "plan_item" => self.plan_item = value.as_text().unwrap_or_default().into(),
            "title" => self.title = value.as_text().unwrap_or_default().into(),
            "new" => self.is_new = value == FieldValue::Flag(true),
            "plan_page" => {
                self.plan_page = match value {
                    FieldValue::PlanPage(page) => page,
                    _ => None,
                }
            }
            "departments" => self.departments = names(value),
            "sections" => self.sections = names(value),
            "import_notes" => self.import_notes = names(value),
            _ => unreachable!("{key} is not in MEASURE_FIELDS"),
        }
    }
}

impl YearRecord {
    /// A fiscal year with nothing reported.
    pub fn empty(year: u16) -> YearRecord {
        YearRecord {
            year,
            status: String::new(),
            evaluation: String::new(),
            achievement: Achievement::parse(""),
            next_plan: String::new(),
            extra: Extra::default(),
        }
    }

    /// The text of the built-in field `key` of [`YEAR_FIELDS`] (達成度 as written).
    pub fn field(&self, key: &str) -> &str {
        match key {
            "status" => &self.status,
            "evaluation" => &self.evaluation,
            "achievement" => &self.achievement.raw,
            "next_plan" => &self.next_plan,
            _ => unreachable!("{key} is not in YEAR_FIELDS"),
        }
    }

    /// Sets the built-in field `key` from its text.
    pub fn set_field(&mut self, key: &str, text: String) {
        match key {
            "status" => self.status = text,
            "evaluation" => self.evaluation = text,
            "achievement" => self.achievement = Achievement::parse(&text),
            "next_plan" => self.next_plan = text,
            _ => unreachable!("{key} is not in YEAR_FIELDS"),
        }
    }
}

/// The city's own fields of a measure or of one of its years (`extra:` in
/// front matter): key → text as written, in the order written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Extra(Vec<(String, String)>);

impl Extra {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0
            .iter()
            .map(|(key, value)| (key.as_str(), value.as_str()))
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.iter().find(|(k, _)| *k == key).map(|(_, value)| value)
    }

    /// Sets `key`, in its place if it is there, else last.
    pub fn set(&mut self, key: &str, value: String) {
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some((_, old)) => *old = value,
            None => self.0.push((key.to_string(), value)),
        }
    }

    /// Keeps the fields `keep` accepts, given key and value.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &str) -> bool) {
        self.0.retain(|(key, value)| keep(key, value));
    }
}

impl FromIterator<(String, String)> for Extra {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(pairs: I) -> Extra {
        let mut extra = Extra::default();
        for (key, value) in pairs {
            extra.set(&key, value);
        }
        extra
    }
}

/// A mapping in the order written (open data's JSON, templates).
impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl Site {
    /// The site without the fields `site.toml` declares private: they stay
    /// in `content/` and never reach a page, the search or open data.
    pub fn without_private_fields(mut self) -> Site {
        let private: Vec<String> = self
            .declared_fields
            .iter()
            .filter(|field| field.private)
            .map(|field| field.key.clone())
            .collect();
        let public = |key: &str, _: &str| !private.iter().any(|p| p == key);
        for measure in &mut self.measures {
            measure.extra.retain(public);
            for record in &mut measure.years {
                record.extra.retain(public);
            }
        }
        self
    }

    /// Warnings for declared fields written at the other level: a
    /// `per_year` field directly under a measure's `extra:`, or another
    /// field under a year's. Shown where written, all the same.
    pub fn misplaced_fields(&self) -> Vec<Diagnostic> {
        let mut warnings = Vec::new();
        for field in &self.declared_fields {
            for measure in &self.measures {
                let written_at = if field.per_year {
                    measure.extra.get(&field.key).map(|_| "extra".to_string())
                } else {
                    measure
                        .years
                        .iter()
                        .find(|record| record.extra.get(&field.key).is_some())
                        .map(|record| format!("years.{}.extra", record.year))
                };
                let Some(written_at) = written_at else {
                    continue;
                };
                let (declared, belongs) = match field.per_year {
                    true => ("年度ごとの項目（per_year = true）", "years.<年度>.extra"),
                    false => ("施策の項目（per_year = false）", "extra"),
                };
                warnings.push(Diagnostic::warning(
                    &measure.file,
                    None,
                    Some(&format!("{written_at}.{}", field.key)),
                    format!(
                        "「{}」は site.toml の [[fields]] で{declared}とされています。{belongs} の下に書くか、site.toml の per_year を直してください",
                        field.key
                    ),
                ));
            }
        }
        warnings
    }

    /// The label of the city's field `key`: as `site.toml` declares it,
    /// else the key itself.
    pub fn extra_label<'a>(&'a self, key: &'a str) -> &'a str {
        self.declared_fields
            .iter()
            .find(|field| field.key == key)
            .map_or(key, FieldDeclaration::label)
    }

    /// The city's fields as open-data columns, one per key: the public
    /// declared ones in `site.toml`'s order, then the others as first written.
    pub fn extra_columns(&self) -> Vec<ExtraColumn> {
        let mut columns: Vec<ExtraColumn> = self
            .declared_fields
            .iter()
            .filter(|field| !field.private)
            .map(|field| ExtraColumn {
                key: field.key.clone(),
                label: field.label().to_string(),
            })
            .collect();
        for measure in &self.measures {
            let yearly = measure.years.iter().flat_map(|record| record.extra.iter());
            for (key, _) in measure.extra.iter().chain(yearly) {
                if !columns.iter().any(|column| column.key == key) {
                    columns.push(ExtraColumn {
                        key: key.to_string(),
                        label: key.to_string(),
                    });
                }
            }
        }
        columns
    }
}

/// One of the city's fields as a column of open data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtraColumn {
    pub key: String,
    pub label: String,
}

impl ExtraColumn {
    /// This column's value for one measure and one of its years: the
    /// year's own, else the measure's.
    pub fn value<'a>(&self, measure: &'a Measure, record: &'a YearRecord) -> &'a str {
        record
            .extra
            .get(&self.key)
            .or_else(|| measure.extra.get(&self.key))
            .unwrap_or_default()
    }
}
