//! The charts of the pages as templates see them: the image, its text
//! alternative, its CSV, and the table of its numbers.

use serde::Serialize;

use super::views::{chart_subject, year_heading};
use crate::charts::{alt, format_percent, Chart};
use crate::model::{Grade, GradeInfo, Grading, Measure, Node, Site};

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

/// The grade-distribution chart of a node (or the whole plan) with its
/// table; the alt text states every non-zero count. None when no measure
/// has a grade ([`crate::charts::has_grades`]): nothing to show.
pub fn grade_chart(
    site: &Site,
    grading: &Grading,
    node: Option<&Node>,
) -> Option<(ChartView, GradeTable)> {
    let distribution = crate::charts::grade_distribution(site, grading, node);
    if !crate::charts::has_grades(&distribution) {
        return None;
    }
    let present = crate::charts::grades_present(&distribution);
    let chart = Chart::Grades(node.map(|n| chart_subject(site, n)));
    let count = |counts: &[(Grade, usize)], grade: Grade| {
        counts
            .iter()
            .find(|(g, _)| *g == grade)
            .map_or(0, |(_, n)| *n)
    };
    let alt = alt::grade_alt(site, grading, node, &distribution);
    let view = ChartView {
        id: format!(
            "chart-{}",
            node.map_or("plan".into(), |n| chart_subject(site, n))
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
    Some((view, table))
}

/// One fiscal year of a node's trend, as its table shows it.
#[derive(Debug, Clone, Serialize)]
pub struct TrendRow {
    pub year: String,
    /// Mean percentage, formatted; empty when no measure gave a number.
    pub mean: String,
    pub numeric: usize,
    pub reported: usize,
}

/// The trend chart of a node (mean achievement per fiscal year of the
/// measures under it) with its table; the alt text states every point.
/// None when no measure under it gives a percentage.
pub fn trend_chart(site: &Site, node: &Node) -> Option<(ChartView, Vec<TrendRow>)> {
    if !crate::charts::shows_percentages(site, node) {
        return None;
    }
    let subject = chart_subject(site, node);
    let chart = Chart::Trend(subject.clone());
    let points = crate::charts::node_trend(site, node);
    let rows: Vec<TrendRow> = points
        .iter()
        .map(|p| TrendRow {
            year: year_heading(p.fiscal_year),
            mean: p.mean.map(format_percent).unwrap_or_default(),
            numeric: p.numeric,
            reported: p.reported,
        })
        .collect();
    let view = ChartView {
        id: format!("chart-{subject}-trend"),
        svg: chart.svg_path(),
        csv: chart.csv_path(),
        alt: alt::trend_alt(site, node, &points),
    };
    Some((view, rows))
}

/// The per-measure percentage chart of one page (from 1) of a node's
/// measures; its numbers are in the node page's table of measures, and in
/// the alt text. None when no measure of the page gives a percentage.
pub fn percentage_chart(
    site: &Site,
    node: &Node,
    page: usize,
    measures: &[&Measure],
) -> Option<ChartView> {
    let rows = crate::charts::measure_percentages(site, measures);
    if !crate::charts::has_percentages(&rows) {
        return None;
    }
    let subject = chart_subject(site, node);
    let chart = Chart::Percentages {
        node: subject.clone(),
        page,
    };
    Some(ChartView {
        id: format!("chart-{subject}-percentages-{page}"),
        svg: chart.svg_path(),
        csv: chart.csv_path(),
        alt: alt::percentages_alt(site, node, &rows),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::test_site::{grading, site};

    #[test]
    fn grade_chart_alt_states_the_counts() {
        let site = site();
        let (chart, table) = grade_chart(&site, &grading(), Some(&site.nodes[0])).unwrap();
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
        let node = &site.nodes[0];
        let chart = percentage_chart(&site, node, 1, &site.measure_pages(node)[0]).unwrap();
        assert!(
            chart
                .alt
                .contains("令和元年度、令和2年度の順に、1-01 数値なし・70%、"),
            "{}",
            chart.alt
        );
        assert!(chart.alt.contains("1-02 100%・75%"), "{}", chart.alt);
    }
}
