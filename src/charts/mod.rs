//! Charts stage: the model → SVG charts and the CSV of their numbers under
//! `charts/`. Per node of the hierarchy, the distribution across grades
//! per fiscal year of all the measures under it and their mean's trend; per
//! node of the lowest level, each measure's percentage by year; plus the
//! distribution over the whole plan for the top page. Only the years of
//! [`Site::years_in_totals`] are charted: a draft year's numbers are not final.

mod data;
pub mod indicator;
mod indicator_svg;
pub mod palette;
mod svg;

pub use data::{
    format_percent, grade_distribution, grades_present, measure_percentages, node_trend, TrendPoint,
};

use crate::model::{Grading, Measure, Site};
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
    /// One indicator's values by year against its target: of a measure
    /// (`measure-1-01`) or a node's own (`policy-1`); `index` from 0.
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

/// Every chart of the site with its CSV.
pub fn render_charts(site: &Site, grading: &Grading) -> Vec<OutputFile> {
    let mut files = Vec::new();
    let mut grades = |chart: Chart, node| {
        let distribution = grade_distribution(site, grading, node);
        files.push(OutputFile::new(
            chart.svg_path(),
            svg::distribution_svg(&distribution),
        ));
        files.push(OutputFile::new(
            chart.csv_path(),
            data::distribution_csv(grading, &distribution),
        ));
    };
    grades(Chart::Grades(None), None);
    for node in &site.nodes {
        grades(Chart::Grades(Some(chart_subject(site, node))), Some(node));
    }
    for node in &site.nodes {
        let trend = Chart::Trend(chart_subject(site, node));
        let points = node_trend(site, node);
        // Only the lowest level's pages list measures, with their chart.
        let lists_measures = node.level == site.lowest_level();
        let pages = if lists_measures {
            site.measure_pages(node)
        } else {
            Vec::new()
        };
        for (i, measures) in pages.iter().enumerate() {
            let chart = Chart::Percentages {
                node: chart_subject(site, node),
                page: i + 1,
            };
            let rows = measure_percentages(site, measures);
            files.push(OutputFile::new(
                chart.svg_path(),
                svg::percentages_svg(&site.years_in_totals(), &rows),
            ));
        }
        if lists_measures {
            let all: Vec<&Measure> = pages.into_iter().flatten().collect();
            let chart = Chart::Percentages {
                node: chart_subject(site, node),
                page: 1,
            };
            files.push(OutputFile::new(
                chart.csv_path(),
                data::percentages_csv(site, &all),
            ));
        }
        files.push(OutputFile::new(trend.svg_path(), svg::trend_svg(&points)));
        files.push(OutputFile::new(
            trend.csv_path(),
            data::trend_csv(site, &points),
        ));
    }
    files.extend(indicator::indicator_charts(site));
    files
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::test_site::{grading, site};

    #[test]
    fn every_policy_gets_both_charts_with_their_csv() {
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
            "charts/policy-2-percentages.csv",
        ] {
            assert!(
                paths.contains(&expected.to_string()),
                "{expected} missing from {paths:?}"
            );
        }
    }

    #[test]
    fn svg_holds_only_ascii_and_is_deterministic() {
        let site = site();
        let first = render_charts(&site, &grading());
        for file in first.iter().filter(|f| f.path.ends_with(".svg")) {
            let svg = std::str::from_utf8(&file.contents).unwrap();
            assert!(svg.is_ascii(), "{} has non-ASCII text", file.path);
            assert!(svg.contains("viewBox=\"0 0 480 "), "{}", file.path);
        }
        assert_eq!(first, render_charts(&site, &grading()));
    }

    #[test]
    fn charts_show_the_numbers() {
        let site = site();
        let svg = String::from_utf8(render_charts(&site, &grading())[2].contents.to_vec()).unwrap();
        assert!(svg.contains("FY2019") && svg.contains("FY2020"), "{svg}");
        let percentages = svg::percentages_svg(
            &site.years_in_totals(),
            &measure_percentages(&site, &site.measure_pages(&site.nodes[0])[0]),
        );
        for label in ["1-01", ">\n70\n<", ">\n75\n<", ">\n-\n<", "100%"] {
            assert!(percentages.contains(label), "{label} missing");
        }
    }
}
