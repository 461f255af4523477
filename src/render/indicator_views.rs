//! Indicators as templates see them: per indicator a small table (baseline,
//! each fiscal year as written with its progress and status, target) and
//! its chart; the grade a measure's indicators give where the city gives
//! none; per node and for the whole plan, how many indicators are on track.

use serde::Serialize;

use super::chart_views::ChartView;
use super::views::{measure_path, node_path, year_heading};
use crate::charts::indicator::{
    has_chart, indicator_alt, indicators_under, rate, share, track_counts, tracks_alt, year_name,
    Owner,
};
use crate::charts::{format_percent, Chart};
use crate::model::indicator::DIRECTIONS;
use crate::model::{
    Achievement, AchievementKind, GradeInfo, Grading, Indicator, Measure, Node, Progress,
    Reference, Site, Track,
};

/// A baseline or target as the table shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ReferenceView {
    pub raw: String,
    /// `2018年度`, or the plan's heading; empty when unknown.
    pub year: String,
}

/// A status with its stable key (CSS, open data).
#[derive(Debug, Clone, Serialize)]
pub struct TrackView {
    pub key: &'static str,
    pub label: &'static str,
}

impl From<Track> for TrackView {
    fn from(track: Track) -> TrackView {
        TrackView {
            key: track.key(),
            label: track.label(),
        }
    }
}

/// One fiscal year of an indicator.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorYearView {
    pub heading: String,
    pub draft: bool,
    /// As written; empty when the year has no value.
    pub raw: String,
    /// The progress rate (%), formatted; none when not comparable.
    pub progress: Option<String>,
    /// Why there is no rate, in plain Japanese (only for a written value).
    pub reason: Option<String>,
    pub track: TrackView,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorView {
    /// Unique within the page: the table's and the figure's id.
    pub id: String,
    pub name: String,
    pub kind: String,
    pub unit: String,
    /// 増加 / 減少 / …; empty when neither declared nor inferred.
    pub direction: String,
    pub baseline: Option<ReferenceView>,
    pub target: Option<ReferenceView>,
    pub years: Vec<IndicatorYearView>,
    pub note: String,
    pub chart: Option<ChartView>,
}

impl IndicatorView {
    fn new(site: &Site, indicator: &Indicator, subject: &str, index: usize) -> IndicatorView {
        let reference = |r: &Option<Reference>| {
            r.as_ref().map(|r| ReferenceView {
                raw: r.value.clone(),
                year: r.year.map(|y| year_name(site, y)).unwrap_or_default(),
            })
        };
        let years = site
            .plan
            .fiscal_years
            .iter()
            .map(|fy| {
                let raw = indicator.values.get(&fy.year).cloned().unwrap_or_default();
                let progress = indicator.progress(fy.year);
                IndicatorYearView {
                    heading: year_heading(fy),
                    draft: fy.draft,
                    reason: match &progress {
                        Progress::NotComparable { reason } if !raw.trim().is_empty() => {
                            Some(reason.clone())
                        }
                        _ => None,
                    },
                    progress: rate(&progress),
                    raw,
                    track: indicator.track(fy.year).into(),
                }
            })
            .collect();
        let chart = Chart::Indicator {
            subject: subject.to_string(),
            index,
        };
        let id = format!("indicator-{}", index + 1);
        IndicatorView {
            chart: has_chart(site, indicator).then(|| ChartView {
                id: format!("chart-{id}"),
                svg: chart.svg_path(),
                csv: chart.csv_path(),
                alt: indicator_alt(site, indicator),
            }),
            id,
            name: indicator.name.clone(),
            kind: indicator.kind.clone(),
            unit: indicator.unit(),
            direction: indicator
                .direction()
                .map(|d| d.label())
                .unwrap_or_default()
                .into(),
            baseline: reference(&indicator.baseline),
            target: reference(&indicator.target),
            years,
            note: indicator.note.clone(),
        }
    }

    fn list(site: &Site, indicators: &[Indicator], subject: &str) -> Vec<IndicatorView> {
        indicators
            .iter()
            .enumerate()
            .map(|(i, indicator)| IndicatorView::new(site, indicator, subject, i))
            .collect()
    }
}

/// The grade a measure's indicators give in a fiscal year (計算値): the
/// mean progress of those with a rate, graded like a percentage.
#[derive(Debug, Clone, Serialize)]
pub struct ComputedGradeView {
    pub heading: String,
    pub mean: String,
    pub grade: GradeInfo,
    /// Whether the city gave its own 達成度 that year: the computed grade
    /// is then shown beside it only when `show_computed_grade` is set.
    pub city_gives: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct MeasureIndicators {
    pub items: Vec<IndicatorView>,
    pub computed: Vec<ComputedGradeView>,
}

/// A measure's indicators, and per fiscal year the grade they give.
pub fn measure_indicators(site: &Site, grading: &Grading, measure: &Measure) -> MeasureIndicators {
    let computed = site
        .plan
        .fiscal_years
        .iter()
        .filter_map(|fy| {
            let rates: Vec<f64> = measure
                .indicators
                .iter()
                .filter_map(|i| match i.progress(fy.year) {
                    Progress::Rate { percent } => Some(percent),
                    Progress::NotComparable { .. } => None,
                })
                .collect();
            if rates.is_empty() {
                return None;
            }
            let mean = rates.iter().sum::<f64>() / rates.len() as f64;
            let as_percent = Achievement {
                raw: String::new(),
                kind: AchievementKind::Percent { value: mean },
            };
            Some(ComputedGradeView {
                heading: year_heading(fy),
                mean: format_percent(mean),
                grade: grading.info(grading.grade(&as_percent)),
                city_gives: measure
                    .year(fy.year)
                    .is_some_and(|r| !r.achievement.raw.trim().is_empty()),
            })
        })
        .collect();
    MeasureIndicators {
        items: IndicatorView::list(
            site,
            &measure.indicators,
            &crate::charts::measure_subject(measure),
        ),
        computed,
    }
}

/// A node's own indicators.
pub fn node_indicators(site: &Site, node: &Node) -> Vec<IndicatorView> {
    IndicatorView::list(site, &node.indicators, &super::chart_subject(site, node))
}

/// An indicator in a summary: its name, and the page it is on.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorLink {
    pub name: String,
    pub owner: String,
    pub path: String,
}

/// Indicators a summary links to per status: a prefecture's plan has
/// thousands, too many for one page.
const LINKS_PER_TRACK: usize = 50;

/// One status of the latest year with (the first of) its indicators.
#[derive(Debug, Clone, Serialize)]
pub struct TrackGroup {
    pub track: TrackView,
    pub count: usize,
    pub share: String,
    pub indicators: Vec<IndicatorLink>,
    /// How many more there are than those linked.
    pub more: usize,
}

/// One fiscal year of the track chart's table.
#[derive(Debug, Clone, Serialize)]
pub struct TrackRow {
    pub heading: String,
    pub counts: Vec<usize>,
    pub total: usize,
    pub on_track_share: String,
}

/// How the indicators under a node (or the whole plan) stand.
#[derive(Debug, Clone, Serialize)]
pub struct TrackSummary {
    pub subject: String,
    pub latest_year: String,
    pub total: usize,
    pub groups: Vec<TrackGroup>,
    pub rows: Vec<TrackRow>,
    pub tracks: Vec<TrackView>,
    pub chart: ChartView,
}

/// The summary of the indicators under `node` (`None`: the whole plan) in
/// the latest fiscal year of the totals; none when there are none (or no
/// year to count).
pub fn track_summary(site: &Site, node: Option<&Node>) -> Option<TrackSummary> {
    let indicators = indicators_under(site, node);
    let latest = *site.years_in_totals().last()?;
    if indicators.is_empty() {
        return None;
    }
    let subject = node.map_or("計画全体".to_string(), |n| site.node_name(n));
    let counts = track_counts(site, &indicators);
    let (_, latest_counts) = counts.last()?;
    let link = |owner: &Owner, indicator: &Indicator| match owner {
        Owner::Measure(m) => IndicatorLink {
            name: indicator.name.clone(),
            owner: format!("{} {}", m.id, m.title),
            path: format!("{}#{}", measure_path(&m.id), "indicators"),
        },
        Owner::Node(n) => IndicatorLink {
            name: indicator.name.clone(),
            owner: format!("{} {}", site.node_name(n), n.title),
            path: format!("{}#{}", node_path(site, n), "indicators"),
        },
    };
    let groups = Track::ALL
        .iter()
        .zip(latest_counts)
        .map(|(&track, &count)| TrackGroup {
            track: track.into(),
            count,
            share: share(count, latest_counts),
            indicators: indicators
                .iter()
                .filter(|(_, i)| i.track(latest.year) == track)
                .take(LINKS_PER_TRACK)
                .map(|(owner, i)| link(owner, i))
                .collect(),
            more: count.saturating_sub(LINKS_PER_TRACK),
        })
        .collect();
    let chart = Chart::Tracks(node.map(|n| super::chart_subject(site, n)));
    let rows = counts
        .iter()
        .map(|(fy, counts)| TrackRow {
            heading: year_heading(fy),
            counts: counts.to_vec(),
            total: counts.iter().sum(),
            on_track_share: share(counts[0], counts),
        })
        .collect();
    Some(TrackSummary {
        chart: ChartView {
            id: format!(
                "chart-{}-tracks",
                node.map_or("plan".into(), |n| super::chart_subject(site, n))
            ),
            svg: chart.svg_path(),
            csv: chart.csv_path(),
            alt: tracks_alt(&subject, &counts),
        },
        latest_year: year_heading(latest),
        total: indicators.len(),
        subject,
        groups,
        rows,
        tracks: Track::ALL.iter().map(|&t| t.into()).collect(),
    })
}

/// The data page's explanation of indicators: each direction's formula,
/// the on-track rule and the columns of `indicators.csv`; none on a site
/// without indicators.
pub fn indicator_help(site: &Site) -> Option<minijinja::Value> {
    if indicators_under(site, None).is_empty() {
        return None;
    }
    let formulas: Vec<minijinja::Value> = DIRECTIONS
        .iter()
        .map(|d| minijinja::context! { direction => d.label(), key => d.key(), formula => d.formula() })
        .collect();
    let tracks: Vec<minijinja::Value> = Track::ALL
        .iter()
        .map(|t| minijinja::context! { label => t.label(), key => t.key() })
        .collect();
    Some(minijinja::context! {
        formulas,
        rule => Track::RULE,
        tracks,
        csv => crate::opendata::INDICATORS_CSV_PATH,
        columns => crate::opendata::indicator_columns(site),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Reference;
    use crate::render::test_site::{config, grading, site};

    /// The test site with one indicator on 1-01: numeric in 2019, `増加`
    /// (not comparable) in 2020.
    fn site_with_indicator() -> Site {
        let mut site = site();
        site.measures[0].indicators = vec![Indicator {
            name: "相談件数".into(),
            kind: "活動指標".into(),
            baseline: Some(Reference {
                year: Some(2018),
                value: "10件".into(),
            }),
            target: Some(Reference {
                year: Some(2025),
                value: "20件".into(),
            }),
            values: [(2019, "12件".to_string()), (2020, "増加".to_string())].into(),
            ..Indicator::default()
        }];
        site
    }

    #[test]
    fn indicator_table_has_rates_reasons_and_computed_grades() {
        let site = site_with_indicator();
        let view = measure_indicators(&site, &grading(), &site.measures[0]);
        let item = &view.items[0];
        assert_eq!(
            (item.unit.as_str(), item.direction.as_str()),
            ("件", "増加")
        );
        // (12 − 10) ÷ (20 − 10) × 100 = 20, ahead of 1/7 of the time.
        assert_eq!(item.years[0].progress.as_deref(), Some("20"));
        assert_eq!(item.years[0].track.key, "on_track");
        assert_eq!(item.years[1].progress, None);
        assert_eq!(
            item.years[1].reason.as_deref(),
            Some("実績値が数値ではありません")
        );
        assert_eq!(
            item.chart.as_ref().unwrap().svg,
            "charts/measures/1-01-indicator-1.svg"
        );
        // 2019 only (2020 has no rate); the city wrote 中止 that year.
        assert_eq!(view.computed.len(), 1);
        assert!(view.computed[0].city_gives);
        assert_eq!(view.computed[0].grade.label, "50%未満");
    }

    #[test]
    fn summaries_count_the_latest_year_and_are_absent_without_indicators() {
        assert!(track_summary(&site(), None).is_none());
        assert!(indicator_help(&site()).is_none());
        let site = site_with_indicator();
        let plan = track_summary(&site, None).unwrap();
        assert_eq!(plan.rows[0].counts, vec![1, 0, 0]);
        assert_eq!(plan.groups[2].count, 1, "2020: 増加 is not evaluable");
        assert_eq!(
            plan.groups[2].indicators[0].path,
            "measures/1-01.html#indicators"
        );
        assert!(track_summary(&site, Some(&site.nodes[1])).is_none());
    }

    #[test]
    fn measure_page_shows_the_table_and_the_chart() {
        let site = site_with_indicator();
        let files = crate::render::render_site(
            &site,
            &config(""),
            &grading(),
            &crate::render::theme::Theme::builtin(),
        )
        .unwrap();
        let page = files
            .iter()
            .find(|f| f.path == "measures/1-01.html")
            .unwrap();
        let html = String::from_utf8_lossy(&page.contents);
        for expected in [
            "<caption>相談件数（活動指標） 単位: 件 方向: 増加</caption>",
            "基準値（2018年度）</th><td>10件</td>",
            "<td class=\"number\">20</td>",
            "（実績値が数値ではありません）",
            "charts/measures/1-01-indicator-1.svg",
        ] {
            assert!(html.contains(expected), "{expected} missing");
        }
        // The city gave 中止 in 2019: the computed grade only on request.
        assert!(!html.contains("計算値</span>"));
    }
}
