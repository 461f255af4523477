//! The charts' text alternatives: one sentence saying what a chart shows,
//! then every number it draws. Pages give it as the image's `alt`; the
//! SVG carries the same text as its `<desc>`, so the two never differ.

use super::data::{format_percent, grades_present, TrendPoint};
use super::figures::FigureChart;
use crate::model::figures::grouped;
use crate::model::{FiscalYear, Grade, Grading, Measure, Node, Site};
use crate::render::year_heading;

/// The grade distribution of a node (`None`: the whole plan): every
/// non-zero count per year.
pub fn grade_alt(
    site: &Site,
    grading: &Grading,
    node: Option<&Node>,
    distribution: &[(FiscalYear, Vec<(Grade, usize)>)],
) -> String {
    let present = grades_present(distribution);
    let subject = node.map_or("計画全体".to_string(), |n| site.node_name(n));
    let sentences: Vec<String> = distribution
        .iter()
        .map(|(fy, counts)| {
            let parts: Vec<String> = present
                .iter()
                .filter_map(|g| counts.iter().find(|(c, _)| c == g))
                .filter(|(_, n)| *n > 0)
                .map(|(g, n)| format!("{} {n}件", grading.info(*g).label))
                .collect();
            format!("{}: {}", year_heading(fy), parts.join("、"))
        })
        .collect();
    format!(
        "{subject}の{}の達成度区分を年度ごとに示す横帯グラフ。{}。",
        site.measure_noun,
        sentences.join("。")
    )
}

/// A node's mean percentage per year, with how many measures it is of.
pub fn trend_alt(site: &Site, node: &Node, points: &[TrendPoint]) -> String {
    let points: Vec<String> = points
        .iter()
        .map(|p| match p.mean {
            None => format!("{} 数値なし", year_heading(p.fiscal_year)),
            Some(mean) => format!(
                "{} {}%（数値のある{} {}件／{}件の平均）",
                year_heading(p.fiscal_year),
                format_percent(mean),
                site.measure_noun,
                p.numeric,
                p.reported
            ),
        })
        .collect();
    format!(
        "{}の平均達成度の推移を示す折れ線グラフ。{}。",
        site.node_name(node),
        points.join("、")
    )
}

/// Each measure's percentage per year, of one page of a node's measures.
pub fn percentages_alt(site: &Site, node: &Node, rows: &[(&Measure, Vec<Option<f64>>)]) -> String {
    let year_order: Vec<&str> = site
        .years_in_totals()
        .into_iter()
        .map(|fy| fy.label.as_str())
        .collect();
    let values: Vec<String> = rows
        .iter()
        .map(|(measure, percents)| {
            let per_year: Vec<String> = percents
                .iter()
                .map(|p| {
                    p.map_or("数値なし".to_string(), |p| {
                        format!("{}%", format_percent(p))
                    })
                })
                .collect();
            format!("{} {}", measure.id, per_year.join("・"))
        })
        .collect();
    format!(
        "{}の{}ごとの達成度（%）を年度別に示す横棒グラフ。{}の順に、{}。",
        site.node_name(node),
        site.measure_noun,
        year_order.join("、"),
        values.join("、")
    )
}

/// A chart of yearly figures of `subject` (a measure's title, a node's
/// name, 計画全体): each year's parts and total.
pub fn figures_alt(subject: &str, chart: &FigureChart) -> String {
    let years: Vec<String> = chart
        .years
        .iter()
        .zip(chart.year_totals())
        .enumerate()
        .map(|(i, (fy, total))| {
            let parts: Vec<String> = chart
                .series
                .iter()
                .filter_map(|s| Some(format!("{} {}", s.label, grouped(s.values[i]?.total))))
                .collect();
            match total {
                Some(total) if chart.series.len() > 1 => format!(
                    "{}: {}、合計 {}",
                    year_heading(fy),
                    parts.join("、"),
                    grouped(total)
                ),
                Some(_) => format!("{}: {}", year_heading(fy), parts.join("、")),
                None => format!("{}: 数値なし", year_heading(fy)),
            }
        })
        .collect();
    let kind = match chart.series.len() {
        1 => "横棒グラフ",
        _ => "積み上げ横棒グラフ",
    };
    format!(
        "{subject}の{}（単位: {}）を年度ごとに示す{kind}。{}。",
        chart.title,
        chart.unit,
        years.join("。")
    )
}
