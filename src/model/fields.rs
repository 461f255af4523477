//! A measure's fields, declared once: the built-in ones in [`MEASURE_FIELDS`]
//! and [`YEAR_FIELDS`] (key, label, kind), read and written by key through
//! [`Measure::field`] and [`Measure::set_field`], so that the importer's
//! field map, the emitter and the search follow from the table; and the
//! city's own ones in [`Extra`], declared or not in `site.toml`'s `[[fields]]`.

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use super::{Achievement, Measure, Site, YearRecord};
use crate::config::FieldDeclaration;
use crate::diagnostics::Diagnostic;

/// How a field's value is held and written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// The measure's name: labelled as the site calls a measure (実施内容,
    /// 事務事業), shown with 《新規》 where the measure is new.
    Title,
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

/// Where the search puts a field (the title is always first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Searched {
    /// Plan item, departments, sections: one text per name.
    Meta,
    /// Prose, searched as plain text.
    Prose,
    /// 達成度 as written.
    Achievement,
}

/// A field's column in `export --template`'s table. In a year's heading
/// `{year}` stands for the year's label and `{next_year}` for the next
/// year's (`今後 ({next_year}以降) の実施計画`).
#[derive(Debug, Clone, Copy)]
pub struct ExportColumn {
    pub heading: &'static str,
    /// What the cell says when selected (a year's cells only), `{words}`
    /// standing for the words 達成度 takes besides a percentage.
    pub hint: &'static str,
}

/// A field in open data: its columns in `measures.csv` and its keys in
/// `measures.json`. A 達成度 has four columns (as written, kind, %,
/// grade) and three keys (as written and read, %, grade); other kinds one.
#[derive(Debug, Clone, Copy)]
pub struct OpenData {
    pub columns: &'static [&'static str],
    pub json_keys: &'static [&'static str],
}

/// A built-in field, declared once: its front-matter key, its kind, and how
/// each surface shows it. The loader, validator, importer, emitter, page,
/// search, open data and export template follow from this declaration.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    pub key: &'static str,
    pub kind: FieldKind,
    /// The label a citizen reads on the measure's page.
    pub label: &'static str,
    /// Searched, and the label beside a snippet taken from it; None: not searched.
    pub search: Option<(Searched, &'static str)>,
    /// Its column in the export template; None: not in the template.
    pub export: Option<ExportColumn>,
    /// None: never published in open data.
    pub open_data: Option<OpenData>,
}

/// A field is named by its front-matter key (`years.2021.status`).
impl std::fmt::Display for FieldSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key)
    }
}

impl FieldSpec {
    /// The label on the page; a title's is what `site` calls a measure.
    pub fn label<'a>(&self, site: &'a Site) -> &'a str {
        match self.kind {
            FieldKind::Title => &site.measure_name,
            _ => self.label,
        }
    }

    /// The label beside a search snippet, if searched.
    pub fn search_label<'a>(&self, site: &'a Site) -> Option<&'a str> {
        match self.kind {
            FieldKind::Title => Some(&site.measure_name),
            _ => self.search.map(|(_, label)| label),
        }
    }

    /// The headings of its open-data columns; a title's is what `site`
    /// calls a measure.
    pub fn open_data_columns<'a>(&self, site: &'a Site) -> Vec<&'a str> {
        let columns = self.open_data.map_or(&[][..], |data| data.columns);
        match self.kind {
            FieldKind::Title if !columns.is_empty() => vec![site.measure_name.as_str()],
            _ => columns.to_vec(),
        }
    }
}

const fn field(key: &'static str, kind: FieldKind, label: &'static str) -> FieldSpec {
    FieldSpec {
        key,
        kind,
        label,
        search: None,
        export: None,
        open_data: None,
    }
}

impl FieldSpec {
    const fn searched(mut self, searched: Searched, label: &'static str) -> FieldSpec {
        self.search = Some((searched, label));
        self
    }

    const fn exported(mut self, heading: &'static str, hint: &'static str) -> FieldSpec {
        self.export = Some(ExportColumn { heading, hint });
        self
    }

    const fn published(
        mut self,
        columns: &'static [&'static str],
        json_keys: &'static [&'static str],
    ) -> FieldSpec {
        self.open_data = Some(OpenData { columns, json_keys });
        self
    }
}

/// A measure's own fields (besides `id`, the node and `years`), in the
/// order content files, the export template and open data write them.
pub const MEASURE_FIELDS: [FieldSpec; 7] = [
    field("plan_item", FieldKind::Text, "計画における項目")
        .searched(Searched::Meta, "計画における項目")
        .exported("計画における項目", "")
        .published(&["計画における項目"], &["plan_item"]),
    field("title", FieldKind::Title, "実施内容")
        .exported("実施内容", "")
        .published(&["実施内容"], &["title"]),
    // In the template, 《新規》 stands in the title's cell.
    field("new", FieldKind::Flag, "新規").published(&["新規"], &["new"]),
    field("plan_page", FieldKind::PlanPage, "計画書のページ")
        .exported("計画書ページ", "")
        .published(&["計画書ページ"], &["plan_page"]),
    field("departments", FieldKind::Names, "担当部署")
        .searched(Searched::Meta, "担当部署")
        .exported("担当部署", "")
        .published(&["担当部署"], &["departments"]),
    field("sections", FieldKind::Names, "担当課")
        .searched(Searched::Meta, "担当課")
        .exported("担当課", "")
        .published(&["担当課"], &["sections"]),
    // For the people who edit content/: never published.
    field("import_notes", FieldKind::Names, "取り込み時の注記"),
];

/// A fiscal year's fields, in the table's column order.
pub const YEAR_FIELDS: [FieldSpec; 4] = [
    field("status", FieldKind::Markdown, "実施状況")
        .searched(Searched::Prose, "実施状況")
        .exported("{year}実施状況", "この年度に実施したことを書いてください。")
        .published(&["実施状況"], &["status"]),
    field("evaluation", FieldKind::Markdown, "実施状況に関する担当課の評価")
        .searched(Searched::Prose, "担当課の評価")
        .exported(
            "{year} 実施状況に関する担当課の評価",
            "実施状況の評価を書いてください。",
        )
        .published(&["実施状況に関する担当課の評価"], &["evaluation"]),
    field("achievement", FieldKind::Achievement, "達成度")
        .searched(Searched::Achievement, "達成度")
        .exported(
            "達成度 (%)",
            "100%、80% のように割合で書いてください。割合で表せないときは {words} のどれか、または文章で。",
        )
        .published(
            &["達成度（記載のまま）", "達成度の種類", "達成度（%）", "達成度区分"],
            &["achievement", "achievement_percent", "grade"],
        ),
    field("next_plan", FieldKind::Markdown, "今後の実施計画")
        .searched(Searched::Prose, "今後の実施計画")
        .exported(
            "今後 ({next_year}以降) の実施計画",
            "次の年度からの計画を書いてください。",
        )
        .published(&["今後の実施計画"], &["next_plan"]),
];

/// The mark the table puts before a new measure's title.
pub const NEW_MARK: &str = "《新規》";

/// The value of a built-in field, whatever its kind; to a template, text,
/// a list, a number (or none) or a yes/no.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
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
    /// The title as the table writes it: with 《新規》 when new.
    pub fn marked_title(&self) -> String {
        match self.is_new {
            true => format!("{NEW_MARK}{}", self.title),
            false => self.title.clone(),
        }
    }

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

    /// The reading of the 達成度 field `key` of [`YEAR_FIELDS`].
    pub fn achievement(&self, key: &str) -> &Achievement {
        match key {
            "achievement" => &self.achievement,
            _ => unreachable!("{key} is not a 達成度 of YEAR_FIELDS"),
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
        let private: Vec<String> = crate::config::private_keys(&self.declared_fields)
            .into_iter()
            .map(String::from)
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
