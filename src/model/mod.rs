//! The domain model: what the site *is*, independent of files and HTML.
//!
//! `load` turns `content/` into these types, `validate` checks them, and every
//! later stage (render, charts, search, open data) reads them and nothing else.

mod achievement;
mod date;
pub mod fields;
mod fiscal_year;
mod grade;
pub mod names;
pub mod text;

pub use achievement::{Achievement, AchievementKind, AchievementPart};
pub use date::Date;
pub use fields::{Extra, FieldKind, FieldSpec, FieldValue};
pub use fiscal_year::{leading_year, parse_fiscal_year, LeadingYear, UnreadableFiscalYear};
pub use grade::{Grade, GradeBand, GradeInfo, Grading};

use serde::Serialize;
use std::collections::BTreeMap;
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

/// 基本施策: a basic policy of the plan (`content/policies/N.md`).
#[derive(Debug, Clone, Serialize)]
pub struct BasicPolicy {
    pub number: u32,
    pub title: String,
    pub body: String,
    pub file: PathBuf,
}

/// 実施内容: one measure of the plan (`content/measures/ID.md`).
#[derive(Debug, Clone, Serialize)]
pub struct Measure {
    /// Stable identifier, also the output file name (`1-01`).
    pub id: String,
    /// Number of the basic policy it belongs to.
    pub policy: u32,
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

/// Measures a policy page lists and charts; more go on further pages.
pub const MEASURES_PER_PAGE: usize = 50;

/// The whole validated site: what every stage after `validate` receives.
#[derive(Debug, Clone, Serialize)]
pub struct Site {
    pub plan: Plan,
    /// Sorted by number.
    pub policies: Vec<BasicPolicy>,
    /// Sorted by policy, then id: the reading order of the table.
    pub measures: Vec<Measure>,
    /// `site.toml`'s `draft_years_in_totals`: whether draft years count in
    /// totals and charts. Set by the pipeline from the settings.
    pub draft_years_in_totals: bool,
    /// `site.toml`'s `[[fields]]`: the labels of the city's own fields.
    /// Set by the pipeline from the settings.
    #[serde(skip)]
    pub declared_fields: Vec<crate::config::FieldDeclaration>,
}

impl Site {
    pub fn policy(&self, number: u32) -> Option<&BasicPolicy> {
        self.policies.iter().find(|p| p.number == number)
    }

    pub fn measures_of(&self, policy: u32) -> impl Iterator<Item = &Measure> {
        self.measures.iter().filter(move |m| m.policy == policy)
    }

    /// A policy's measures in pages of [`MEASURES_PER_PAGE`] (one page,
    /// maybe empty, at least): a prefecture's policy can hold hundreds, too
    /// many for one chart or one table a citizen can read.
    pub fn measure_pages(&self, policy: u32) -> Vec<Vec<&Measure>> {
        in_pages(&self.measures_of(policy).collect::<Vec<_>>())
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
