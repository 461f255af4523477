//! Charts stage: the model → SVG charts and the CSV of their numbers under
//! `charts/`. Per basic policy, the distribution of its measures across
//! grades per fiscal year and each measure's percentage by year; plus the
//! distribution over the whole plan for the top page. Only the years of
//! [`Site::years_in_totals`] are charted: a draft year's numbers are not final.

mod data;
pub mod palette;
mod svg;

pub use data::{
    format_percent, grade_distribution, grades_present, measure_percentages, policy_trend,
    TrendPoint,
};

use crate::model::{Grading, Measure, Site};
use crate::output::OutputFile;

/// One chart of the site, which names its files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chart {
    /// Measures per grade per fiscal year: of one policy, or of the whole plan.
    Grades(Option<u32>),
    /// Each measure's achievement percentage per fiscal year, of one page
    /// (from 1) of a policy's measures; its CSV holds the whole policy.
    Percentages { policy: u32, page: usize },
    /// A policy's mean achievement percentage over the fiscal years.
    Trend(u32),
}

impl Chart {
    fn stem(self) -> String {
        match self {
            Chart::Grades(None) => "charts/plan-grades".into(),
            Chart::Grades(Some(policy)) => format!("charts/policy-{policy}-grades"),
            Chart::Percentages { policy, .. } => format!("charts/policy-{policy}-percentages"),
            Chart::Trend(policy) => format!("charts/policy-{policy}-trend"),
        }
    }

    /// Root-relative path of the SVG.
    pub fn svg_path(self) -> String {
        match self {
            Chart::Percentages { page, .. } if page > 1 => format!("{}-{page}.svg", self.stem()),
            _ => format!("{}.svg", self.stem()),
        }
    }

    /// Root-relative path of the CSV holding the chart's numbers.
    pub fn csv_path(self) -> String {
        format!("{}.csv", self.stem())
    }
}

/// Every chart of the site with its CSV.
pub fn render_charts(site: &Site, grading: &Grading) -> Vec<OutputFile> {
    let mut files = Vec::new();
    let mut grades = |chart: Chart, policy| {
        let distribution = grade_distribution(site, grading, policy);
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
    for policy in &site.policies {
        grades(Chart::Grades(Some(policy.number)), Some(policy.number));
    }
    for policy in &site.policies {
        let pages = site.measure_pages(policy.number);
        for (i, measures) in pages.iter().enumerate() {
            let chart = Chart::Percentages {
                policy: policy.number,
                page: i + 1,
            };
            let rows = measure_percentages(site, measures);
            files.push(OutputFile::new(
                chart.svg_path(),
                svg::percentages_svg(&site.years_in_totals(), &rows),
            ));
        }
        let all: Vec<&Measure> = pages.into_iter().flatten().collect();
        let chart = Chart::Percentages {
            policy: policy.number,
            page: 1,
        };
        files.push(OutputFile::new(
            chart.csv_path(),
            data::percentages_csv(site, &all),
        ));
        let trend = Chart::Trend(policy.number);
        let points = policy_trend(site, policy.number);
        files.push(OutputFile::new(trend.svg_path(), svg::trend_svg(&points)));
        files.push(OutputFile::new(trend.csv_path(), data::trend_csv(&points)));
    }
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
            &measure_percentages(&site, &site.measure_pages(1)[0]),
        );
        for label in ["1-01", ">\n70\n<", ">\n75\n<", ">\n-\n<", "100%"] {
            assert!(percentages.contains(label), "{label} missing");
        }
    }
}
