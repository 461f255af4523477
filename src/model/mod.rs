//! The domain model: what the site *is*, independent of files and HTML.
//!
//! `load` turns `content/` into these types, `validate` checks them, and every
//! later stage (render, charts, search, open data) reads them and nothing else.

mod achievement;
mod date;
#[cfg(test)]
pub(crate) mod every_field;
pub mod fields;
pub mod figures;
mod fiscal_year;
mod grade;
pub mod indicator;
pub mod names;
pub mod number;
pub mod text;

pub use achievement::{Achievement, AchievementKind, AchievementPart};
pub use date::Date;
pub use fields::{Extra, FieldKind, FieldSpec, FieldValue};
pub use fiscal_year::{leading_year, parse_fiscal_year, LeadingYear, UnreadableFiscalYear};
pub use grade::{symbol_key, Grade, GradeInfo, GradeStep, Grading, Reading};
pub use indicator::{Direction, Indicator, Progress, Reference, Track};

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// A fiscal year of the plan: data, not code. `year` is the Western year in
/// which the fiscal year starts (令和2年度 = 2020); `label` is how the city writes it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct FiscalYear {
    pub year: u16,
    pub label: String,
    /// 集計中: declared `draft: true` while the reports are still coming in.
    /// Published with a notice, kept out of totals and charts unless
    /// `site.toml` says otherwise, marked in the open data.
    pub draft: bool,
}

/// The plan itself (`content/_index.md`).
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub title: String,
    /// The body that issues the plan, e.g. 熊本市.
    pub organization: String,
    /// Fiscal years reported, oldest first.
    pub fiscal_years: Vec<FiscalYear>,
    /// Fiscal year → the date its report was published, where
    /// `fiscal_years` states one (`published:`).
    #[serde(skip)]
    pub published: BTreeMap<u16, Date>,
    /// Where the data came from (e.g. the PDF's title); shown on the data page.
    pub source: String,
    /// Markdown describing the plan.
    pub body: String,
    pub file: PathBuf,
}

/// A level of the plan's hierarchy, as the city names it (`site.toml`'s
/// `[[levels]]`): 基本施策, or 政策 → 施策 → 基本事業.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Level {
    /// What the city calls the level: headings, breadcrumbs, captions.
    pub name: String,
    /// The front-matter key that links to a node of this level.
    pub key: String,
    /// `content/<folder>/<id>.md`, and `<folder>/<id>.html` in the site.
    pub folder: String,
}

impl Level {
    /// The plan of one level, as every site had before levels were data.
    pub fn default_levels() -> Vec<Level> {
        vec![Level {
            name: "基本施策".into(),
            key: "policy".into(),
            folder: "policies".into(),
        }]
    }

    /// The front-matter key that links a measure to its node: the lowest
    /// level's (`policy`, `kihon_jigyo`).
    pub fn link_key(levels: &[Level]) -> &str {
        levels.last().map_or("", |level| level.key.as_str())
    }
}

/// What a measure is called when `site.toml` does not say.
pub const DEFAULT_MEASURE_NAME: &str = "実施内容";

/// The interface's word for one measure (「施策 4件」, 「前の施策」) when
/// `site.toml` has no `measure_name`; with one, the city's word is used.
pub const DEFAULT_MEASURE_NOUN: &str = "施策";

/// A node of the hierarchy (`content/<folder>/<id>.md`): a 基本施策, a 政策, ….
#[derive(Debug, Clone, Serialize)]
pub struct Node {
    /// Index into `Site.levels`; 0 is the top.
    pub level: usize,
    /// The file stem: URL-safe, also the page's name.
    pub id: String,
    /// The city's number, as written (`6`, `2-1`).
    pub number: String,
    pub title: String,
    pub body: String,
    /// The id of the node one level up; none at the top.
    pub parent: Option<String>,
    /// 評価指標 of the node itself (a policy's KPIs).
    pub indicators: Vec<Indicator>,
    pub file: PathBuf,
}

/// 実施内容: one measure of the plan (`content/measures/ID.md`). Its
/// built-in fields are declared in [`fields::MEASURE_FIELDS`]; `Default`
/// lets a new measure name only the fields it sets.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Measure {
    /// Stable identifier, also the output file name (`1-01`).
    pub id: String,
    /// The id of the node of the lowest level it belongs to.
    pub node: String,
    /// 計画における項目, e.g. `ア. 相談支援の充実`.
    pub plan_item: String,
    /// 実施内容, without the `《新規》` mark.
    pub title: String,
    /// Marked `《新規》` (new in this plan period) in the table.
    pub is_new: bool,
    /// 計画書ページ: the page of the plan document (`P.21` → 21).
    pub plan_page: Option<u32>,
    /// 担当部署 (one or more).
    pub departments: Vec<String>,
    /// 担当課 (one or more).
    pub sections: Vec<String>,
    /// One record per fiscal year reported, oldest first.
    pub years: Vec<YearRecord>,
    /// Notes the importer left where it had to judge an irregular row.
    pub import_notes: Vec<String>,
    /// The city's own fields (`extra:`), private ones already dropped.
    pub extra: Extra,
    /// 評価指標: numeric indicators with baseline, target and yearly values.
    pub indicators: Vec<Indicator>,
    /// Markdown body written by hand (may be empty).
    pub body: String,
    pub file: PathBuf,
}

/// What a section reported for one measure in one fiscal year.
/// Prose fields hold Markdown (numbered runs become lists).
#[derive(Debug, Clone, Serialize)]
pub struct YearRecord {
    pub year: u16,
    /// 実施状況
    pub status: String,
    /// 実施状況に関する担当課の評価
    pub evaluation: String,
    /// 達成度
    pub achievement: Achievement,
    /// 今後の実施計画 (for the following years)
    pub next_plan: String,
    /// The city's own fields for this year (`years.<year>.extra:`).
    pub extra: Extra,
}

impl YearRecord {
    /// Whether a section reported anything that year: at least one field
    /// written, its own fields included. A returned template leaves blank
    /// records for the rows a section did not fill in; those are not reports.
    pub fn is_reported(&self) -> bool {
        fields::YEAR_FIELDS
            .iter()
            .map(|spec| self.field(spec.key))
            .chain(self.extra.iter().map(|(_, value)| value))
            .any(|text| !text.trim().is_empty())
    }
}

/// Measures a node's page lists and charts; more go on further pages.
pub const MEASURES_PER_PAGE: usize = 50;

/// The whole validated site: what every stage after `validate` receives.
#[derive(Debug, Clone, Serialize)]
pub struct Site {
    pub plan: Plan,
    /// The hierarchy's levels, top first.
    pub levels: Vec<Level>,
    /// What the city calls a measure (実施内容, 事務事業).
    pub measure_name: String,
    /// The interface's word for one measure in running text (「施策 4件」,
    /// 「事務事業 4件」): `measure_name` when the city sets it, else 施策.
    pub measure_noun: String,
    /// Sorted by level, then in reading order (number-aware).
    pub nodes: Vec<Node>,
    /// Sorted by node (in the order of `nodes`), then id: the reading
    /// order of the table.
    pub measures: Vec<Measure>,
    /// `site.toml`'s `draft_years_in_totals`: whether draft years count in
    /// totals and charts. Set by the pipeline from the settings.
    pub draft_years_in_totals: bool,
    /// `site.toml`'s `[[fields]]`: the labels of the city's own fields.
    /// Set by the pipeline from the settings.
    #[serde(skip)]
    pub declared_fields: Vec<crate::config::FieldDeclaration>,
    /// `site.toml`'s date of the data and department addresses. Set by
    /// the pipeline from the settings.
    #[serde(skip)]
    pub publishing: crate::config::Publishing,
}

impl Site {
    pub fn node(&self, id: &str, level: usize) -> Option<&Node> {
        self.nodes.iter().find(|n| n.level == level && n.id == id)
    }

    /// The nodes of a level, in reading order.
    pub fn nodes_at(&self, level: usize) -> impl Iterator<Item = &Node> {
        self.nodes.iter().filter(move |n| n.level == level)
    }

    /// The nodes one level below `node`, in reading order.
    pub fn children<'a>(&'a self, node: &'a Node) -> impl Iterator<Item = &'a Node> {
        self.nodes_at(node.level + 1)
            .filter(move |n| n.parent.as_deref() == Some(node.id.as_str()))
    }

    /// `基本施策1`, `施策6`: the level's name and the node's number.
    pub fn node_name(&self, node: &Node) -> String {
        format!("{}{}", self.levels[node.level].name, node.number)
    }

    /// The lowest level: the one measures link to.
    pub fn lowest_level(&self) -> usize {
        self.levels.len() - 1
    }

    /// The node a measure belongs to.
    pub fn node_of(&self, measure: &Measure) -> Option<&Node> {
        self.node(&measure.node, self.lowest_level())
    }

    /// `node` and the nodes above it, top first.
    pub fn ancestry<'a>(&'a self, node: &'a Node) -> Vec<&'a Node> {
        let mut chain = vec![node];
        while let Some(parent) = chain
            .last()
            .and_then(|n| Some((n.level.checked_sub(1)?, n.parent.as_deref()?)))
            .and_then(|(level, id)| self.node(id, level))
        {
            chain.push(parent);
        }
        chain.reverse();
        chain
    }

    /// The ids of the lowest-level nodes under `node` (itself, if lowest).
    fn lowest_under<'a>(&'a self, node: &'a Node) -> BTreeSet<&'a str> {
        let mut frontier = vec![node];
        while frontier
            .first()
            .is_some_and(|n| n.level < self.lowest_level())
        {
            frontier = frontier.iter().flat_map(|n| self.children(n)).collect();
        }
        frontier.iter().map(|n| n.id.as_str()).collect()
    }

    /// The measures under `node` at any depth, in reading order.
    pub fn measures_under<'a>(&'a self, node: &'a Node) -> impl Iterator<Item = &'a Measure> {
        let lowest = self.lowest_under(node);
        self.measures
            .iter()
            .filter(move |m| lowest.contains(m.node.as_str()))
    }

    /// The measures under `node` in pages of [`MEASURES_PER_PAGE`] (one
    /// page, maybe empty, at least): a prefecture's policy can hold
    /// hundreds, too many for one chart or one table a citizen can read.
    pub fn measure_pages<'a>(&'a self, node: &'a Node) -> Vec<Vec<&'a Measure>> {
        in_pages(&self.measures_under(node).collect::<Vec<_>>())
    }

    /// The date fiscal year `year`'s report was published: as the site
    /// states it, else [`Date::assumed_publication`].
    pub fn published(&self, year: u16) -> Date {
        self.plan
            .published
            .get(&year)
            .copied()
            .unwrap_or_else(|| Date::assumed_publication(year))
    }

    pub fn fiscal_year(&self, year: u16) -> Option<&FiscalYear> {
        self.plan.fiscal_years.iter().find(|fy| fy.year == year)
    }

    /// The fiscal years that totals and charts count, oldest first: the one
    /// place that decides whether a draft (集計中) year is among them.
    pub fn years_in_totals(&self) -> Vec<&FiscalYear> {
        self.plan
            .fiscal_years
            .iter()
            .filter(|fy| !fy.draft || self.draft_years_in_totals)
            .collect()
    }

    /// The draft (集計中) years, oldest first.
    pub fn draft_years(&self) -> impl Iterator<Item = &FiscalYear> {
        self.plan.fiscal_years.iter().filter(|fy| fy.draft)
    }
}

/// `measures` in pages of [`MEASURES_PER_PAGE`]: one page, maybe empty, at
/// least.
pub fn in_pages<'a>(measures: &[&'a Measure]) -> Vec<Vec<&'a Measure>> {
    if measures.is_empty() {
        return vec![Vec::new()];
    }
    measures
        .chunks(MEASURES_PER_PAGE)
        .map(<[&Measure]>::to_vec)
        .collect()
}

impl Measure {
    pub fn year(&self, year: u16) -> Option<&YearRecord> {
        self.years.iter().find(|r| r.year == year)
    }
}
