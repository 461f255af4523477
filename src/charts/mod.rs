//! Charts stage: the model → SVG charts and the CSV of their numbers under
//! `charts/`. Per node of the hierarchy, the distribution across grades
//! per fiscal year of all the measures under it and their mean's trend; per
//! node of the lowest level, each measure's percentage by year; plus the
//! distribution over the whole plan for the top page. Only the years of
//! [`Site::years_in_totals`] are charted: a draft year's numbers are not final.

mod achievement_svg;
pub mod alt;
mod bars;
mod data;
pub mod figures;
pub mod indicator;
mod indicator_svg;
pub mod palette;
mod svg;

pub use data::{
    format_percent, grade_distribution, grades_present, has_grades, has_percentages,
    measure_percentages, node_trend, TrendPoint,
};
pub use svg::text_width;

use crate::model::{Grading, Measure, Node, Site};
use crate::output::OutputFile;
use crate::render::chart_subject;

/// One chart of the site, which names its files. A node is named by
/// [`chart_subject`] (`policy-1`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chart {
    /// Measures per grade per fiscal year: of one node, or of the whole plan.
    Grades(Option<String>),
    /// Each measure's achievement percentage per fiscal year, of one page
    /// (from 1) of a node's measures; its CSV holds all the node's.
    Percentages { node: String, page: usize },
    /// A node's mean achievement percentage over the fiscal years.
    Trend(String),
    /// The `index`-th (from 1) chart of yearly figures of a measure
    /// (`measures/<id>`), a node or the plan ([`figures`]).
    Figures { subject: String, index: usize },
    /// One indicator's values by year against its target: of a measure
    /// (`measures/1-01`) or a node's own (`policy-1`); `index` from 0.
    Indicator { subject: String, index: usize },
    /// The share of indicators on track per fiscal year: of one node, or
    /// of the whole plan.
    Tracks(Option<String>),
}

impl Chart {
    fn stem(&self) -> String {
        match self {
            Chart::Grades(None) => "charts/plan-grades".into(),
            Chart::Grades(Some(node)) => format!("charts/{node}-grades"),
            Chart::Percentages { node, .. } => format!("charts/{node}-percentages"),
            Chart::Trend(node) => format!("charts/{node}-trend"),
            Chart::Figures { subject, index } => format!("charts/{subject}-figures-{index}"),
            Chart::Indicator { subject, index } => {
                format!("charts/{subject}-indicator-{}", index + 1)
            }
            Chart::Tracks(None) => "charts/plan-tracks".into(),
            Chart::Tracks(Some(node)) => format!("charts/{node}-tracks"),
        }
    }

    /// Root-relative path of the SVG.
    pub fn svg_path(&self) -> String {
        match self {
            Chart::Percentages { page, .. } if *page > 1 => {
                format!("{}-{page}.svg", self.stem())
            }
            _ => format!("{}.svg", self.stem()),
        }
    }

    /// Root-relative path of the CSV holding the chart's numbers.
    pub fn csv_path(&self) -> String {
        format!("{}.csv", self.stem())
    }
}

/// A measure's part of the names of its own charts (`charts/measures/1-01-…`).
pub fn measure_subject(measure: &Measure) -> String {
    format!("measures/{}", measure.id)
}

/// A chart of the site and the node it shows (none: the whole plan).
#[derive(Debug, Clone)]
pub struct SiteChart<'a> {
    pub chart: Chart,
    pub node: Option<&'a Node>,
    /// The title of a chart whose subject is more than its node (a group
    /// of yearly figures, an indicator), as the data page lists it.
    pub named: Option<String>,
}

impl SiteChart<'_> {
    /// What the chart shows, as the data page lists its numbers:
    /// 「基本施策1 達成度区分の分布」.
    pub fn title(&self, site: &Site) -> String {
        let subject = self
            .node
            .map_or_else(|| "計画全体".to_string(), |node| site.node_name(node));
        if let Some(named) = &self.named {
            return named.clone();
        }
        match self.chart {
            Chart::Grades(_) => format!("{subject} 達成度区分の分布"),
            Chart::Percentages { .. } => format!("{subject} {}ごとの達成度", site.measure_noun),
            Chart::Trend(_) => format!("{subject} 平均達成度の推移"),
            Chart::Figures { .. } | Chart::Indicator { .. } | Chart::Tracks(_) => subject,
        }
    }
}

/// Whether the grade distribution of a node (or of the whole plan) has a
/// count to show ([`has_grades`]).
pub fn shows_grades(site: &Site, grading: &Grading, node: Option<&Node>) -> bool {
    has_grades(&grade_distribution(site, grading, node))
}

/// Whether any measure under a node gives a percentage: its per-measure
/// and trend charts have a number to draw.
pub fn shows_percentages(site: &Site, node: &Node) -> bool {
    let measures: Vec<&Measure> = site.measures_under(node).collect();
    has_percentages(&measure_percentages(site, &measures))
}

/// Every chart the site draws, each once (a node's measures on several
/// pages are one chart, [`Chart::Percentages`] of page 1), in the order the
/// data page lists them: [`render_charts`] draws this list and the data
/// page links its CSVs, so a chart's numbers cannot go unlisted. A chart
/// that would have no number is not in it.
pub fn site_charts<'a>(site: &'a Site, grading: &Grading) -> Vec<SiteChart<'a>> {
    let chart = |chart, node| SiteChart {
        chart,
        node,
        named: None,
    };
    let mut charts = Vec::new();
    if shows_grades(site, grading, None) {
        charts.push(chart(Chart::Grades(None), None));
    }
    for node in &site.nodes {
        let subject = chart_subject(site, node);
        if shows_grades(site, grading, Some(node)) {
            charts.push(chart(Chart::Grades(Some(subject.clone())), Some(node)));
        }
        if !shows_percentages(site, node) {
            continue;
        }
        // Only the lowest level's pages list measures, with their chart.
        if node.level == site.lowest_level() {
            let percentages = Chart::Percentages {
                node: subject.clone(),
                page: 1,
            };
            charts.push(chart(percentages, Some(node)));
        }
        charts.push(chart(Chart::Trend(subject), Some(node)));
    }
    // A measure's own figure charts are listed on its page; figures.csv
    // holds every measure's numbers.
    let figure_charts = figures::plan_total_chart(site)
        .map(|c| (c, None))
        .into_iter()
        .chain(site.nodes.iter().flat_map(|node| {
            figures::node_figure_charts(site, node)
                .into_iter()
                .map(move |c| (c, Some(node)))
        }));
    charts.extend(figure_charts.map(|(figure, node)| SiteChart {
        chart: figure.chart,
        named: Some(match node {
            Some(node) => format!("{} {}", site.node_name(node), figure.title),
            None => format!("計画全体 {}", figure.title),
        }),
        node,
    }));
    charts.extend(
        indicator::chart_files(site)
            .into_iter()
            .map(|(named, chart)| SiteChart {
                chart,
                node: None,
                named: Some(named),
            }),
    );
    charts
}

/// Every chart of [`site_charts`] with its CSV. Each SVG is titled as
/// the data page lists it and described by the text alternative its page
/// gives the image ([`alt`]).
pub fn render_charts(site: &Site, grading: &Grading) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for site_chart in site_charts(site, grading) {
        let title = site_chart.title(site);
        let SiteChart { chart, node, .. } = site_chart;
        match (&chart, node) {
            (Chart::Grades(_), node) => {
                let distribution = grade_distribution(site, grading, node);
                let desc = alt::grade_alt(site, grading, node, &distribution);
                files.push(OutputFile::new(
                    chart.svg_path(),
                    achievement_svg::distribution_svg(grading, &distribution, &title, &desc),
                ));
                files.push(OutputFile::new(
                    chart.csv_path(),
                    data::distribution_csv(grading, &distribution),
                ));
            }
            (Chart::Percentages { node: subject, .. }, Some(node)) => {
                let pages = site.measure_pages(node);
                for (i, measures) in pages.iter().enumerate() {
                    let page = Chart::Percentages {
                        node: subject.clone(),
                        page: i + 1,
                    };
                    let rows = measure_percentages(site, measures);
                    if !has_percentages(&rows) {
                        continue;
                    }
                    let desc = alt::percentages_alt(site, node, &rows);
                    files.push(OutputFile::new(
                        page.svg_path(),
                        achievement_svg::percentages_svg(
                            &site.years_in_totals(),
                            &rows,
                            &title,
                            &desc,
                        ),
                    ));
                }
                let all: Vec<&Measure> = pages.into_iter().flatten().collect();
                files.push(OutputFile::new(
                    chart.csv_path(),
                    data::percentages_csv(site, &all),
                ));
            }
            (Chart::Trend(_), Some(node)) => {
                let points = node_trend(site, node);
                let desc = alt::trend_alt(site, node, &points);
                files.push(OutputFile::new(
                    chart.svg_path(),
                    achievement_svg::trend_svg(&points, &title, &desc),
                ));
                files.push(OutputFile::new(
                    chart.csv_path(),
                    data::trend_csv(site, &points),
                ));
            }
            // A node's chart always names its node (site_charts above).
            (Chart::Percentages { .. } | Chart::Trend(_), None) => {}
            // Drawn with the measures' own, below.
            (Chart::Figures { .. } | Chart::Indicator { .. } | Chart::Tracks(_), _) => {}
        }
    }
    files.extend(figures::render_figure_charts(site));
    files.extend(indicator::indicator_charts(site));
    files
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::test_site::{grading, site};

    #[test]
    fn every_policy_gets_the_charts_that_have_numbers() {
        let paths: Vec<String> = render_charts(&site(), &grading())
            .into_iter()
            .map(|f| f.path)
            .collect();
        for expected in [
            "charts/plan-grades.svg",
            "charts/plan-grades.csv",
            "charts/policy-1-grades.svg",
            "charts/policy-2-grades.csv",
            "charts/policy-1-percentages.svg",
            "charts/policy-1-trend.csv",
        ] {
            assert!(
                paths.contains(&expected.to_string()),
                "{expected} missing from {paths:?}"
            );
        }
        // Policy 2's one measure is 未達, then blank: no percentage to draw.
        assert!(!paths
            .iter()
            .any(|p| p.starts_with("charts/policy-2-percentages")
                || p.starts_with("charts/policy-2-trend")));
    }

    /// Years as the pages write them, measures by title, and every chart
    /// named and described; the file stays ASCII (character references).
    #[test]
    fn charts_speak_japanese_and_describe_themselves() {
        let site = site();
        let first = render_charts(&site, &grading());
        for file in first.iter().filter(|f| f.path.ends_with(".svg")) {
            let svg = std::str::from_utf8(&file.contents).unwrap();
            assert!(svg.is_ascii(), "{} has raw non-ASCII text", file.path);
            assert!(!svg.contains("FY20"), "{}", file.path);
            assert!(svg.contains(&svg::xml("令和2年度")), "{}", file.path);
            for part in ["<title id=\"chart-title\">", "<desc id=\"chart-desc\">"] {
                assert!(svg.contains(part), "{} lacks {part}", file.path);
            }
            assert!(svg.contains("role=\"img\""), "{}", file.path);
        }
        assert_eq!(first, render_charts(&site, &grading()));
        let percentages = first
            .iter()
            .find(|f| f.path == "charts/policy-1-percentages.svg")
            .unwrap();
        let svg = std::str::from_utf8(&percentages.contents).unwrap();
        let measure = &site.measures[0];
        assert!(
            svg.contains(&svg::xml(&format!("{} ", measure.id))),
            "{svg}"
        );
        for label in [">70</text>", ">75</text>", ">-</text>", ">100%</text>"] {
            assert!(svg.contains(label), "{label} missing");
        }
    }
}
