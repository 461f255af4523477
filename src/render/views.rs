//! What templates see: the model reshaped for display, with grades, page
//! paths (relative to the site root; templates prefix `root`) and fiscal-year
//! headings worked out. Prose stays Markdown; templates pass it through the
//! `markdown` filter, the only way content becomes markup.

use serde::Serialize;

use crate::charts::{format_percent, Chart};
use crate::model::{
    Achievement, AchievementKind, Extra, FiscalYear, Grade, GradeInfo, Grading, Measure, Site,
};

pub fn policy_path(number: u32) -> String {
    format!("policies/{number}.html")
}

pub fn measure_path(id: &str) -> String {
    format!("measures/{id}.html")
}

pub fn department_path(name: &str) -> String {
    format!("departments/{}.html", department_slug(name))
}

/// A short ASCII name for a department's page that does not change when
/// departments are added or removed: FNV-1a (32 bit) of the name, in hex.
pub fn department_slug(name: &str) -> String {
    let hash = name.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    format!("d{hash:08x}")
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

#[derive(Debug, Clone, Serialize)]
pub struct PolicyLink {
    pub number: u32,
    /// `基本施策1`
    pub name: String,
    pub title: String,
    pub path: String,
}

impl PolicyLink {
    pub fn new(site: &Site, number: u32) -> PolicyLink {
        PolicyLink {
            number,
            name: format!("基本施策{number}"),
            title: site
                .policy(number)
                .map(|p| p.title.clone())
                .unwrap_or_default(),
            path: policy_path(number),
        }
    }
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
                "{}は集計中です。数値は確定していません（報告のある施策 {}件／{}件）。{totals}。",
                year_heading(fy),
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
        extra
            .iter()
            .filter(|(_, value)| !value.trim().is_empty())
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
    pub policy: PolicyLink,
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
            policy: PolicyLink::new(site, measure.policy),
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
                    extra: record.map_or_else(Vec::new, |r| ExtraView::list(site, &r.extra)),
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
                    path: department_path(d),
                })
                .collect(),
            sections: measure.sections.clone(),
            years,
            extra: ExtraView::list(site, &measure.extra),
            body: measure.body.clone(),
            change: crate::changes::latest_sentence(site, grading, measure),
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

/// Counts of measures per grade per year, as a table with a row per grade
/// (only grades that occur) and a column per fiscal year: narrow enough for
/// a phone, and it doubles as the chart's legend.
#[derive(Debug, Clone, Serialize)]
pub struct GradeTable {
    pub rows: Vec<GradeTableRow>,
    /// Per fiscal year: the number of measures.
    pub totals: Vec<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GradeTableRow {
    pub grade: GradeInfo,
    /// Per fiscal year, in plan order.
    pub counts: Vec<usize>,
}

/// A chart image with its text alternative and downloadable numbers.
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    /// Unique within a page: the figure's id, so it can be linked to.
    pub id: String,
    pub svg: String,
    pub csv: String,
    pub alt: String,
}

/// The grade-distribution chart of a policy (or the whole plan) with its
/// table; the alt text states every non-zero count.
pub fn grade_chart(site: &Site, grading: &Grading, policy: Option<u32>) -> (ChartView, GradeTable) {
    let distribution = crate::charts::grade_distribution(site, grading, policy);
    let present = crate::charts::grades_present(&distribution);
    let subject = policy.map_or("計画全体".to_string(), |n| format!("基本施策{n}"));
    let chart = Chart::Grades(policy);
    let count = |counts: &[(Grade, usize)], grade: Grade| {
        counts
            .iter()
            .find(|(g, _)| *g == grade)
            .map_or(0, |(_, n)| *n)
    };
    let sentences: Vec<String> = distribution
        .iter()
        .map(|(fy, counts)| {
            let parts: Vec<String> = present
                .iter()
                .map(|g| (g, count(counts, *g)))
                .filter(|(_, n)| *n > 0)
                .map(|(g, n)| format!("{} {n}件", grading.info(*g).label))
                .collect();
            format!("{}: {}", year_heading(fy), parts.join("、"))
        })
        .collect();
    let alt = format!(
        "{subject}の施策の達成度区分を年度ごとに示す横帯グラフ。{}。",
        sentences.join("。")
    );
    let view = ChartView {
        id: format!(
            "chart-{}",
            policy.map_or("plan".into(), |n| format!("policy-{n}"))
        ),
        svg: chart.svg_path(),
        csv: chart.csv_path(),
        alt,
    };
    let table = GradeTable {
        rows: present
            .iter()
            .map(|g| GradeTableRow {
                grade: grading.info(*g),
                counts: distribution
                    .iter()
                    .map(|(_, counts)| count(counts, *g))
                    .collect(),
            })
            .collect(),
        totals: distribution
            .iter()
            .map(|(_, counts)| counts.iter().map(|(_, n)| n).sum())
            .collect(),
    };
    (view, table)
}

/// One fiscal year of a policy's trend, as its table shows it.
#[derive(Debug, Clone, Serialize)]
pub struct TrendRow {
    pub year: String,
    /// Mean percentage, formatted; empty when no measure gave a number.
    pub mean: String,
    pub numeric: usize,
    pub reported: usize,
}

/// The trend chart of a policy (mean achievement per fiscal year) with its
/// table; the alt text states every point.
pub fn trend_chart(site: &Site, policy: u32) -> (ChartView, Vec<TrendRow>) {
    let chart = Chart::Trend(policy);
    let rows: Vec<TrendRow> = crate::charts::policy_trend(site, policy)
        .into_iter()
        .map(|p| TrendRow {
            year: year_heading(p.fiscal_year),
            mean: p.mean.map(format_percent).unwrap_or_default(),
            numeric: p.numeric,
            reported: p.reported,
        })
        .collect();
    let points: Vec<String> = rows
        .iter()
        .map(|r| match r.mean.as_str() {
            "" => format!("{} 数値なし", r.year),
            mean => format!(
                "{} {mean}%（数値のある施策 {}件／{}件の平均）",
                r.year, r.numeric, r.reported
            ),
        })
        .collect();
    let view = ChartView {
        id: format!("chart-policy-{policy}-trend"),
        svg: chart.svg_path(),
        csv: chart.csv_path(),
        alt: format!(
            "基本施策{policy}の平均達成度の推移を示す折れ線グラフ。{}。",
            points.join("、")
        ),
    };
    (view, rows)
}

/// The per-measure percentage chart of a policy; its numbers are in the
/// policy page's table of measures, and in the alt text.
/// The chart of one page (from 1) of a policy's measures.
pub fn percentage_chart(site: &Site, policy: u32, page: usize, measures: &[&Measure]) -> ChartView {
    let chart = Chart::Percentages { policy, page };
    let year_order: Vec<&str> = site
        .years_in_totals()
        .into_iter()
        .map(|fy| fy.label.as_str())
        .collect();
    let values: Vec<String> = crate::charts::measure_percentages(site, measures)
        .into_iter()
        .map(|(measure, percents)| {
            let per_year: Vec<String> = percents
                .into_iter()
                .map(|p| {
                    p.map_or("数値なし".to_string(), |p| {
                        format!("{}%", format_percent(p))
                    })
                })
                .collect();
            format!("{} {}", measure.id, per_year.join("・"))
        })
        .collect();
    ChartView {
        id: format!("chart-policy-{policy}-percentages-{page}"),
        svg: chart.svg_path(),
        csv: chart.csv_path(),
        alt: format!(
            "基本施策{policy}の施策ごとの達成度（%）を年度別に示す横棒グラフ。{}の順に、{}。",
            year_order.join("、"),
            values.join("、")
        ),
    }
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
    fn grade_chart_alt_states_the_counts() {
        let (chart, table) = grade_chart(&site(), &grading(), Some(1));
        assert!(
            chart
                .alt
                .contains("令和元年度（2019年度）: 100% 1件、中止 1件、記入なし 1件"),
            "{}",
            chart.alt
        );
        assert_eq!(table.totals, vec![3, 3]);
        assert_eq!(table.rows.len(), 5);
        assert_eq!(table.rows[1].grade.label, "50〜79%");
        assert_eq!(table.rows[1].counts, vec![0, 2]);
    }

    #[test]
    fn percentage_chart_alt_marks_missing_numbers() {
        let site = site();
        let chart = percentage_chart(&site, 1, 1, &site.measure_pages(1)[0]);
        assert!(
            chart
                .alt
                .contains("令和元年度、令和2年度の順に、1-01 数値なし・70%、"),
            "{}",
            chart.alt
        );
        assert!(chart.alt.contains("1-02 100%・75%"), "{}", chart.alt);
    }

    #[test]
    fn measures_group_by_consecutive_heading() {
        let site = site();
        let rows = site
            .measures_of(1)
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
