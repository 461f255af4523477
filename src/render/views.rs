//! What templates see: the model reshaped for display, with grades, page
//! paths (relative to the site root; templates prefix `root`) and fiscal-year
//! headings worked out. Prose stays Markdown; templates pass it through the
//! `markdown` filter, the only way content becomes markup.

use serde::Serialize;

use crate::charts::format_percent;
use crate::model::{
    Achievement, AchievementKind, Extra, FieldValue, FiscalYear, GradeInfo, Grading, Measure, Node,
    Site,
};

/// `policies/1.html`, `kihon_jigyo/2-6-5.html`: the level's folder and the id.
pub fn node_path(site: &Site, node: &Node) -> String {
    format!("{}/{}.html", site.levels[node.level].folder, node.id)
}

pub fn measure_path(id: &str) -> String {
    format!("measures/{id}.html")
}

/// The one place that decides a department's address: the one `site.toml`
/// declares for it (`[department_addresses]`, kept across a rename), else
/// the one made from its name ([`department_slug`]).
pub fn department_path(site: &Site, name: &str) -> String {
    match site.publishing.department_addresses.get(name) {
        Some(address) => format!("departments/{address}.html"),
        None => hashed_department_path(name),
    }
}

/// The address made from a department's name: every department's until
/// `site.toml` declares one, so a declared department's old address
/// becomes a redirect to the new.
pub fn hashed_department_path(name: &str) -> String {
    format!("departments/{}.html", department_slug(name))
}

/// A short ASCII name for a department's page that does not change when
/// departments are added or removed: FNV-1a (32 bit) of the name, in hex.
fn department_slug(name: &str) -> String {
    let hash = name.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    format!("d{hash:08x}")
}

/// The date of the data as pages show it: `text` 令和3年3月31日 and `iso`
/// 2021-03-31 for `<time datetime>`; none when `site.toml` states none.
pub fn data_updated(site: &Site) -> Option<minijinja::Value> {
    site.publishing.data_updated.map(|date| {
        minijinja::context! { text => date.japanese(), iso => date.to_string() }
    })
}

/// `[notice]` as the pages show it, each phone number with the `tel:`
/// address a tap dials.
pub fn notice(notice: &crate::config::Notice) -> minijinja::Value {
    let items: Vec<minijinja::Value> = notice
        .items
        .iter()
        .map(|item| {
            minijinja::context! {
                text => &item.text, url => &item.url, note => &item.note,
                phone => &item.phone, tel => item.tel(),
            }
        })
        .collect();
    minijinja::context! { heading => &notice.heading, text => &notice.text, items }
}

/// Plain text of Markdown on one line, cut to a length fit for a
/// `<meta name="description">`.
pub fn summary(markdown: &str) -> String {
    const MAX_CHARS: usize = 120;
    let text = crate::render::markdown::to_plain_text(markdown).replace('\n', " ");
    if text.chars().count() <= MAX_CHARS {
        text
    } else {
        text.chars().take(MAX_CHARS - 1).chain(['…']).collect()
    }
}

/// `令和2年度（2020年度）`
pub fn year_heading(fy: &FiscalYear) -> String {
    format!("{}（{}年度）", fy.label, fy.year)
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub path: String,
}

/// A node of the hierarchy as a link: `基本施策1 地域における…`.
#[derive(Debug, Clone, Serialize)]
pub struct NodeLink {
    pub number: String,
    /// `基本施策1`, `施策6`
    pub name: String,
    pub title: String,
    pub path: String,
    /// The name of its level: `基本施策`.
    pub level: String,
}

impl NodeLink {
    pub fn new(site: &Site, node: &Node) -> NodeLink {
        NodeLink {
            number: node.number.clone(),
            name: site.node_name(node),
            title: node.title.clone(),
            path: node_path(site, node),
            level: site.levels[node.level].name.clone(),
        }
    }

    /// The links of `node` and the nodes above it, top first.
    pub fn trail(site: &Site, node: &Node) -> Vec<NodeLink> {
        site.ancestry(node)
            .into_iter()
            .map(|n| NodeLink::new(site, n))
            .collect()
    }
}

/// A node's key in the names of its charts and their figures:
/// `policy-1`, `kihon_jigyo-2-6-5` (the level's key and the id).
pub fn chart_subject(site: &Site, node: &Node) -> String {
    format!("{}-{}", site.levels[node.level].key, node.id)
}

#[derive(Debug, Clone, Serialize)]
pub struct FiscalYearView {
    pub year: u16,
    pub label: String,
    pub heading: String,
    /// 集計中: shown with a mark beside the heading.
    pub draft: bool,
}

impl FiscalYearView {
    pub(super) fn new(fy: &FiscalYear) -> FiscalYearView {
        FiscalYearView {
            year: fy.year,
            label: fy.label.clone(),
            heading: year_heading(fy),
            draft: fy.draft,
        }
    }
}

pub fn fiscal_years(site: &Site) -> Vec<FiscalYearView> {
    site.plan
        .fiscal_years
        .iter()
        .map(FiscalYearView::new)
        .collect()
}

/// The columns of the grade tables and the legend of the charts.
pub fn years_in_totals(site: &Site) -> Vec<FiscalYearView> {
    site.years_in_totals()
        .into_iter()
        .map(FiscalYearView::new)
        .collect()
}

/// The notice of each draft (集計中) year, shown on every page with years.
pub fn draft_notices(site: &Site) -> Vec<String> {
    site.draft_years()
        .map(|fy| {
            let year = crate::completeness::year_completeness(site, fy);
            let totals = if site.draft_years_in_totals {
                "合計とグラフには含めています"
            } else {
                "合計とグラフには含めていません"
            };
            format!(
                "{}は集計中です。数値は確定していません（報告のある{} {}件／{}件）。{totals}。",
                year_heading(fy),
                site.measure_noun,
                year.reported,
                year.measures
            )
        })
        .collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct AchievementView {
    /// As written; empty when the cell was empty.
    pub raw: String,
    pub grade: GradeInfo,
    /// The mean a multi-part achievement was graded by (`75`), else none.
    pub mean: Option<String>,
}

impl AchievementView {
    pub fn new(achievement: &Achievement, grading: &Grading) -> AchievementView {
        AchievementView {
            raw: achievement.raw.clone(),
            grade: grading.info(grading.grade(achievement)),
            mean: match achievement.kind {
                AchievementKind::Parts { .. } => achievement.percent().map(format_percent),
                _ => None,
            },
        }
    }
}

/// One fiscal year of a measure; `recorded` is false when the table has no
/// row for that year (the other fields are then empty).
#[derive(Debug, Clone, Serialize)]
pub struct YearView {
    pub year: u16,
    pub heading: String,
    pub draft: bool,
    pub recorded: bool,
    pub status: String,
    pub evaluation: String,
    pub next_plan: String,
    pub achievement: Option<AchievementView>,
    /// The city's own fields for this year.
    pub extra: Vec<ExtraView>,
}

/// One of the city's own fields as shown: its label, its text line by line
/// (as written in the table's cell).
#[derive(Debug, Clone, Serialize)]
pub struct ExtraView {
    pub label: String,
    pub lines: Vec<String>,
}

impl ExtraView {
    /// The fields of `extra` that hold something, labelled as `site` declares.
    pub fn list(site: &Site, extra: &Extra) -> Vec<ExtraView> {
        Self::list_except(site, extra, &[])
    }

    /// A year's fields, but for its yearly figures: the page shows those
    /// in their own table ([`super::figure_views::measure_figures`]).
    pub fn year_list(site: &Site, extra: &Extra) -> Vec<ExtraView> {
        let figures: Vec<&str> = crate::model::figures::declared_figures(site)
            .into_iter()
            .map(|figure| figure.key.as_str())
            .collect();
        Self::list_except(site, extra, &figures)
    }

    fn list_except(site: &Site, extra: &Extra, left_out: &[&str]) -> Vec<ExtraView> {
        extra
            .iter()
            .filter(|(key, value)| !value.trim().is_empty() && !left_out.contains(key))
            .map(|(key, value)| ExtraView {
                label: site.extra_label(key).to_string(),
                lines: value.lines().map(str::to_string).collect(),
            })
            .collect()
    }
}

/// A measure as one row of a table: link, badges and each year's achievement.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureRow {
    pub id: String,
    pub title: String,
    pub path: String,
    pub is_new: bool,
    pub plan_item: String,
    /// The nodes it is under, top first; the last is its own.
    pub trail: Vec<NodeLink>,
    /// One per fiscal year of the plan, in order; none where not recorded.
    pub achievements: Vec<Option<AchievementView>>,
}

impl MeasureRow {
    pub fn new(site: &Site, grading: &Grading, measure: &Measure) -> MeasureRow {
        MeasureRow {
            id: measure.id.clone(),
            title: measure.title.clone(),
            path: measure_path(&measure.id),
            is_new: measure.is_new,
            plan_item: measure.plan_item.clone(),
            trail: site
                .node_of(measure)
                .map(|node| NodeLink::trail(site, node))
                .unwrap_or_default(),
            achievements: site
                .plan
                .fiscal_years
                .iter()
                .map(|fy| {
                    measure
                        .year(fy.year)
                        .map(|r| AchievementView::new(&r.achievement, grading))
                })
                .collect(),
        }
    }
}

/// Everything on a measure's own page.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureView {
    #[serde(flatten)]
    pub row: MeasureRow,
    pub plan_page: Option<u32>,
    pub departments: Vec<Link>,
    pub sections: Vec<String>,
    pub years: Vec<YearView>,
    /// The city's own fields.
    pub extra: Vec<ExtraView>,
    pub body: String,
    /// How it changed into the latest fiscal year, in one sentence.
    pub change: Option<String>,
    /// Each built-in field's label, by key, as the registry declares it.
    pub labels: std::collections::BTreeMap<&'static str, String>,
    /// Each published built-in field's value, by key: a field a theme
    /// shows needs no view of its own.
    pub fields: std::collections::BTreeMap<&'static str, FieldValue>,
}

impl MeasureView {
    pub fn new(site: &Site, grading: &Grading, measure: &Measure) -> MeasureView {
        let years = site
            .plan
            .fiscal_years
            .iter()
            .map(|fy| {
                let record = measure.year(fy.year);
                YearView {
                    year: fy.year,
                    heading: year_heading(fy),
                    draft: fy.draft,
                    recorded: record.is_some(),
                    status: record.map(|r| r.status.clone()).unwrap_or_default(),
                    evaluation: record.map(|r| r.evaluation.clone()).unwrap_or_default(),
                    next_plan: record.map(|r| r.next_plan.clone()).unwrap_or_default(),
                    achievement: record.map(|r| AchievementView::new(&r.achievement, grading)),
                    extra: record.map_or_else(Vec::new, |r| ExtraView::year_list(site, &r.extra)),
                }
            })
            .collect();
        MeasureView {
            row: MeasureRow::new(site, grading, measure),
            plan_page: measure.plan_page,
            departments: measure
                .departments
                .iter()
                .map(|d| Link {
                    title: d.clone(),
                    path: department_path(site, d),
                })
                .collect(),
            sections: measure.sections.clone(),
            years,
            extra: ExtraView::list(site, &measure.extra),
            body: measure.body.clone(),
            change: crate::changes::latest_sentence(site, grading, measure),
            labels: crate::model::fields::MEASURE_FIELDS
                .iter()
                .chain(&crate::model::fields::YEAR_FIELDS)
                .map(|spec| (spec.key, spec.label(site).to_string()))
                .collect(),
            fields: crate::model::fields::MEASURE_FIELDS
                .iter()
                .filter(|spec| spec.open_data.is_some())
                .map(|spec| (spec.key, measure.field(spec.key)))
                .collect(),
        }
    }
}

/// Consecutive measures under one heading (a plan item, or a basic policy).
#[derive(Debug, Clone, Serialize)]
pub struct RowGroup {
    pub heading: String,
    pub measures: Vec<MeasureRow>,
}

/// Consecutive rows with the same heading form a group, keeping table order.
pub fn group_rows(rows: Vec<MeasureRow>, heading: impl Fn(&MeasureRow) -> String) -> Vec<RowGroup> {
    let mut groups: Vec<RowGroup> = Vec::new();
    for row in rows {
        let key = heading(&row);
        match groups.last_mut() {
            Some(group) if group.heading == key => group.measures.push(row),
            _ => groups.push(RowGroup {
                heading: key,
                measures: vec![row],
            }),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::test_site::{grading, site};

    #[test]
    fn department_slugs_are_stable_ascii_and_distinct() {
        assert_eq!(
            department_slug("障がい者支援部"),
            department_slug("障がい者支援部")
        );
        assert_ne!(department_slug("障がい者支援部"), department_slug("福祉部"));
        let slug = department_slug("障がい者支援部");
        assert!(slug.len() == 9 && slug.is_ascii(), "{slug}");
        // Pinned (FNV-1a of the UTF-8 bytes): a changed hash would break
        // every published department URL.
        assert_eq!(department_slug("福祉部"), "dc49f8828");
    }

    #[test]
    fn a_declared_address_wins_over_the_hashed_one() {
        let mut site = site();
        assert_eq!(
            department_path(&site, "福祉部"),
            "departments/dc49f8828.html"
        );
        site.publishing
            .department_addresses
            .insert("福祉部".into(), "fukushi".into());
        assert_eq!(department_path(&site, "福祉部"), "departments/fukushi.html");
        assert_eq!(
            hashed_department_path("福祉部"),
            "departments/dc49f8828.html"
        );
    }

    #[test]
    fn measures_group_by_consecutive_heading() {
        let site = site();
        let rows = site
            .measures_under(&site.nodes[0])
            .map(|m| MeasureRow::new(&site, &grading(), m))
            .collect();
        let groups = group_rows(rows, |row| row.plan_item.clone());
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].measures.len(), 2);
        assert_eq!(
            groups[0].measures[1].achievements[1]
                .as_ref()
                .unwrap()
                .mean
                .as_deref(),
            Some("75")
        );
    }
}
