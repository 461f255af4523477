//! Yearly figures as templates see them (`figures.html`): a measure's
//! table of figures by year and its charts, a node's sums over the
//! measures under it, and the top page's total per top-level node.

use serde::Serialize;

use super::chart_views::ChartView;
use super::views::{year_heading, NodeLink};
use crate::charts::figures::{
    measure_figure_charts, node_figure_charts, plan_total_chart, FigureChart,
};
use crate::config::FieldDeclaration;
use crate::model::figures::{declared_figures, grouped, measure_value, sum, FigureValue, Sum};
use crate::model::{FiscalYear, Measure, Node, Site};

/// A page's figures: the table, then the charts.
#[derive(Debug, Clone, Serialize)]
pub struct FiguresView {
    /// The section's heading.
    pub heading: String,
    /// The heading of the rows' column: 項目, or the top level's name.
    pub row_heading: String,
    pub caption: String,
    /// Column headings: `令和2年度（2020年度）`.
    pub years: Vec<String>,
    pub rows: Vec<FigureRow>,
    pub charts: Vec<FigureChartView>,
    /// Sums: each cell says how many measures gave a number.
    pub summed: bool,
    /// How many measures a sum is over.
    pub measure_count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct FigureRow {
    pub label: String,
    pub unit: String,
    /// A link to the row's page (top page: the node's), if any.
    pub path: Option<String>,
    pub cells: Vec<FigureCell>,
}

/// One figure in one year: the number with separators, or the text as
/// written when it is none; for a sum, how many measures gave a number.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FigureCell {
    pub text: String,
    pub reported: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FigureChartView {
    pub chart: ChartView,
    pub title: String,
    pub unit: String,
    /// The parts in stacking order, for the legend (`.figures-key-<i>`).
    pub legend: Vec<String>,
}

/// The heading of a measure's and a node's figures.
const HEADING: &str = "年度ごとの数値";
const ROW_HEADING: &str = "項目";

fn sum_cell(value: Option<Sum>) -> FigureCell {
    match value {
        Some(sum) => FigureCell {
            text: grouped(sum.total),
            reported: Some(sum.reported),
        },
        None => FigureCell {
            text: "-".into(),
            reported: Some(0),
        },
    }
}

fn chart_view(subject: &str, chart: FigureChart) -> FigureChartView {
    let alt = crate::charts::alt::figures_alt(subject, &chart);
    let id = chart
        .chart
        .svg_path()
        .trim_start_matches("charts/")
        .trim_end_matches(".svg")
        .replace('/', "-");
    FigureChartView {
        chart: ChartView {
            id: format!("chart-{id}"),
            svg: chart.chart.svg_path(),
            csv: chart.chart.csv_path(),
            alt,
        },
        title: chart.title,
        unit: chart.unit,
        legend: chart.series.into_iter().map(|s| s.label).collect(),
    }
}

fn row(figure: &FieldDeclaration, cells: Vec<FigureCell>) -> FigureRow {
    FigureRow {
        label: figure.label().to_string(),
        unit: figure.unit.clone().unwrap_or_default(),
        path: None,
        cells,
    }
}

/// A measure's figures, every fiscal year of the plan; none when the site
/// declares none or the measure gives none.
pub fn measure_figures(site: &Site, measure: &Measure) -> Option<FiguresView> {
    let figures = declared_figures(site);
    let years = &site.plan.fiscal_years;
    let rows: Vec<FigureRow> = figures
        .iter()
        .map(|figure| {
            let cells = years
                .iter()
                .map(|fy| match measure_value(measure, &figure.key, fy.year) {
                    (_, FigureValue::Number(number)) => FigureCell {
                        text: grouped(number),
                        reported: None,
                    },
                    (raw, FigureValue::Unreadable) => FigureCell {
                        text: raw.trim().to_string(),
                        reported: None,
                    },
                    (_, FigureValue::Absent) => FigureCell {
                        text: "-".into(),
                        reported: None,
                    },
                })
                .collect();
            row(figure, cells)
        })
        .collect();
    let given = figures.iter().any(|figure| {
        years.iter().any(|fy| {
            !measure_value(measure, &figure.key, fy.year)
                .0
                .trim()
                .is_empty()
        })
    });
    given.then(|| FiguresView {
        heading: HEADING.into(),
        row_heading: ROW_HEADING.into(),
        caption: format!("{}の年度ごとの数値", measure.title),
        years: years.iter().map(year_heading).collect(),
        rows,
        charts: measure_figure_charts(site, measure)
            .into_iter()
            .map(|chart| chart_view(&measure.title, chart))
            .collect(),
        summed: false,
        measure_count: 1,
    })
}

/// A node's figures: per figure and year, the sum over the measures under
/// it and how many gave a number; none when the site declares none or no
/// measure under it gives any.
pub fn node_figures(site: &Site, node: &Node) -> Option<FiguresView> {
    let measures: Vec<&Measure> = site.measures_under(node).collect();
    let years = site.years_in_totals();
    let rows: Vec<FigureRow> = declared_figures(site)
        .into_iter()
        .map(|figure| {
            let cells = years
                .iter()
                .map(|fy| sum_cell(sum(measures.iter().copied(), &figure.key, fy.year)))
                .collect();
            row(figure, cells)
        })
        .collect();
    let name = site.node_name(node);
    summed_view(
        (HEADING.into(), ROW_HEADING.into()),
        format!(
            "{name}の年度ごとの数値（配下の{}の合計）",
            site.measure_noun
        ),
        &years,
        rows,
        measures.len(),
    )
    .map(|view| FiguresView {
        charts: node_figure_charts(site, node)
            .into_iter()
            .map(|chart| chart_view(&name, chart))
            .collect(),
        ..view
    })
}

/// The top page's "what each node costs": the `total` figure per
/// top-level node and year, then the plan's; none without a total.
pub fn plan_costs(site: &Site) -> Option<FiguresView> {
    let total = declared_figures(site).into_iter().find(|f| f.total)?;
    let years = site.years_in_totals();
    let sums = |measures: Vec<&Measure>| -> Vec<FigureCell> {
        years
            .iter()
            .map(|fy| sum_cell(sum(measures.iter().copied(), &total.key, fy.year)))
            .collect()
    };
    let mut rows: Vec<FigureRow> = site
        .nodes_at(0)
        .map(|node| {
            let link = NodeLink::new(site, node);
            FigureRow {
                label: format!("{} {}", link.name, link.title),
                unit: total.unit.clone().unwrap_or_default(),
                path: Some(link.path),
                cells: sums(site.measures_under(node).collect()),
            }
        })
        .collect();
    rows.push(FigureRow {
        label: "計画全体".into(),
        unit: total.unit.clone().unwrap_or_default(),
        path: None,
        cells: sums(site.measures.iter().collect()),
    });
    let caption = format!(
        "{}ごとの{}（単位: {}）",
        site.levels[0].name,
        total.label(),
        total.unit.as_deref().unwrap_or_default()
    );
    let heading = format!("{}ごとの{}", site.levels[0].name, total.label());
    let row_heading = site.levels[0].name.clone();
    summed_view(
        (heading, row_heading),
        caption,
        &years,
        rows,
        site.measures.len(),
    )
    .map(|view| FiguresView {
        charts: plan_total_chart(site)
            .into_iter()
            .map(|chart| chart_view("計画全体", chart))
            .collect(),
        ..view
    })
}

/// A table of sums, if any cell has a number.
fn summed_view(
    (heading, row_heading): (String, String),
    caption: String,
    years: &[&FiscalYear],
    rows: Vec<FigureRow>,
    measure_count: usize,
) -> Option<FiguresView> {
    let any = rows
        .iter()
        .flat_map(|row| &row.cells)
        .any(|cell| cell.reported.is_some_and(|n| n > 0));
    any.then(|| FiguresView {
        heading,
        row_heading,
        caption,
        years: years.iter().map(|fy| year_heading(fy)).collect(),
        rows,
        charts: Vec::new(),
        summed: true,
        measure_count,
    })
}
