//! Charts of yearly figures ([`crate::model::figures`]): per measure and
//! per node, one stacked chart per `group` (the funding split) and one of
//! the `total` figure when it is in no group; on the top page the total
//! per top-level node. One bar per fiscal year, its sum written after it.

use plotters::style::text_anchor::HPos;

use plotters::style::WHITE;

use super::palette::{Hatch, Rgb};
use super::svg::{
    finish, hatch, label_width, line, rect, rgb, text, tick_step, ValueAxis, AXIS_HEIGHT, GRID,
    INK, RIGHT, TOP, WIDTH,
};
use super::Chart;
use crate::config::FieldDeclaration;
use crate::csv_file::{Cell, CsvFile};
use crate::model::figures::{declared_figures, grouped, plain, sum, Sum};
use crate::model::{FiscalYear, Measure, Node, Site};
use crate::output::OutputFile;
use crate::render::chart_subject;

/// The stacked parts, in order (`--figures-<i>` and `.figures-key-<i>` in
/// `style.css`, a test keeps both in step): Okabe–Ito, each with its own
/// hatch so that parts differ without colour; a seventh part reuses the first.
pub const FIGURE_COLOURS: [&str; 6] = [
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00",
];
const FIGURE_HATCHES: [Hatch; 6] = [
    Hatch::Solid,
    Hatch::Rising,
    Hatch::Horizontal,
    Hatch::Falling,
    Hatch::Vertical,
    Hatch::Cross,
];

/// One part of a chart: a figure (or a node's total) per fiscal year.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureSeries {
    pub label: String,
    /// Per fiscal year of [`FigureChart::years`]; a measure's own value
    /// is a sum of one.
    pub values: Vec<Option<Sum>>,
}

/// A chart of yearly figures with everything its page, CSV and SVG show.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureChart {
    pub chart: Chart,
    /// The group's name, or the total figure's label.
    pub title: String,
    pub unit: String,
    pub years: Vec<FiscalYear>,
    pub series: Vec<FigureSeries>,
    /// Sums over several measures: the CSV says how many gave each.
    pub summed: bool,
}

impl FigureChart {
    /// Each year's stacked total (none when no part has a number).
    pub fn year_totals(&self) -> Vec<Option<f64>> {
        (0..self.years.len())
            .map(|i| {
                let values: Vec<f64> = self
                    .series
                    .iter()
                    .filter_map(|s| s.values[i].map(|sum| sum.total))
                    .collect();
                (!values.is_empty()).then(|| values.iter().sum())
            })
            .collect()
    }

    /// Whether it can be drawn: some number, and none below zero (a
    /// stacked bar cannot show one truthfully; the table still does).
    fn drawable(&self) -> bool {
        let values = || self.series.iter().flat_map(|s| s.values.iter().flatten());
        values().next().is_some() && values().all(|sum| sum.total >= 0.0)
    }
}

/// A page's charts: one per group, in the order `site.toml` first names
/// each, then the total figure if it is in no group. `values` gives a
/// figure's value per year.
fn charts_of(
    site: &Site,
    subject: &str,
    summed: bool,
    values: impl Fn(&FieldDeclaration, u16) -> Option<Sum>,
) -> Vec<FigureChart> {
    let figures = declared_figures(site);
    let years: Vec<FiscalYear> = site.years_in_totals().into_iter().cloned().collect();
    let mut parts: Vec<(String, Vec<&FieldDeclaration>)> = Vec::new();
    for figure in &figures {
        match (&figure.group, figure.total) {
            (Some(group), _) => match parts.iter_mut().find(|(name, _)| name == group) {
                Some((_, members)) => members.push(figure),
                None => parts.push((group.clone(), vec![figure])),
            },
            (None, true) => parts.push((figure.label().to_string(), vec![figure])),
            (None, false) => {}
        }
    }
    let charts = parts.into_iter().map(|(title, members)| FigureChart {
        chart: Chart::Figures {
            subject: subject.to_string(),
            index: 0,
        },
        title,
        unit: members[0].unit.clone().unwrap_or_default(),
        series: members
            .iter()
            .map(|figure| FigureSeries {
                label: figure.label().to_string(),
                values: years.iter().map(|fy| values(figure, fy.year)).collect(),
            })
            .collect(),
        years: years.clone(),
        summed,
    });
    numbered(charts.filter(FigureChart::drawable).collect())
}

/// Numbers a page's charts from 1: their files' names.
fn numbered(mut charts: Vec<FigureChart>) -> Vec<FigureChart> {
    for (i, chart) in charts.iter_mut().enumerate() {
        if let Chart::Figures { index, .. } = &mut chart.chart {
            *index = i + 1;
        }
    }
    charts
}

/// A measure's figure charts.
pub fn measure_figure_charts(site: &Site, measure: &Measure) -> Vec<FigureChart> {
    let subject = super::measure_subject(measure);
    charts_of(site, &subject, false, |figure, year| {
        sum([measure], &figure.key, year)
    })
}

/// A node's figure charts: sums over every measure under it.
pub fn node_figure_charts(site: &Site, node: &Node) -> Vec<FigureChart> {
    let measures: Vec<&Measure> = site.measures_under(node).collect();
    charts_of(site, &chart_subject(site, node), true, |figure, year| {
        sum(measures.iter().copied(), &figure.key, year)
    })
}

/// The top page's chart: the total figure per top-level node and year.
pub fn plan_total_chart(site: &Site) -> Option<FigureChart> {
    let total = declared_figures(site).into_iter().find(|f| f.total)?;
    let years: Vec<FiscalYear> = site.years_in_totals().into_iter().cloned().collect();
    let chart = FigureChart {
        chart: Chart::Figures {
            subject: "plan".into(),
            index: 1,
        },
        title: total.label().to_string(),
        unit: total.unit.clone().unwrap_or_default(),
        series: site
            .nodes_at(0)
            .map(|node| FigureSeries {
                label: site.node_name(node),
                values: years
                    .iter()
                    .map(|fy| sum(site.measures_under(node), &total.key, fy.year))
                    .collect(),
            })
            .collect(),
        years,
        summed: true,
    };
    chart.drawable().then_some(chart)
}

/// Every figure chart of the site with its CSV.
pub fn render_figure_charts(site: &Site) -> Vec<OutputFile> {
    if declared_figures(site).is_empty() {
        return Vec::new();
    }
    let charts = site
        .measures
        .iter()
        .flat_map(|m| measure_figure_charts(site, m))
        .chain(site.nodes.iter().flat_map(|n| node_figure_charts(site, n)))
        .chain(plan_total_chart(site));
    charts
        .flat_map(|chart| {
            [
                OutputFile::new(chart.chart.svg_path(), figures_svg(&chart)),
                OutputFile::new(
                    chart.chart.csv_path(),
                    figures_csv(&chart, &site.measure_noun),
                ),
            ]
        })
        .collect()
}

/// The chart's numbers: one row per fiscal year, a column per part (and,
/// for sums, how many measures gave it), then the year's total.
pub fn figures_csv(chart: &FigureChart, noun: &str) -> Vec<u8> {
    let unit = &chart.unit;
    let mut header = vec!["年度（西暦）".to_string(), "年度".to_string()];
    for series in &chart.series {
        header.push(format!("{}（{unit}）", series.label));
        if chart.summed {
            header.push(format!("{}：数値のある{noun}（件）", series.label));
        }
    }
    header.push(format!("合計（{unit}）"));
    let mut file = CsvFile::new();
    file.row(header.iter().map(|h| Cell::from(h.as_str())));
    for (i, (fy, total)) in chart.years.iter().zip(chart.year_totals()).enumerate() {
        let mut row = vec![Cell::number(Some(fy.year)), Cell::from(fy.label.as_str())];
        for series in &chart.series {
            let value = series.values[i];
            row.push(Cell::number(value.map(|sum| plain(sum.total))));
            if chart.summed {
                row.push(Cell::number(Some(value.map_or(0, |sum| sum.reported))));
            }
        }
        row.push(Cell::number(total.map(plain)));
        file.row(row);
    }
    file.into_bytes()
}

fn part_colour(i: usize) -> Rgb {
    let hex = FIGURE_COLOURS[i % FIGURE_COLOURS.len()];
    let channel = |at: usize| u8::from_str_radix(&hex[at..at + 2], 16).unwrap_or(0);
    (channel(1), channel(3), channel(5))
}

/// One horizontal bar per fiscal year, its parts stacked in the order of
/// the table, the year's total written after it (`-` without a number).
pub fn figures_svg(chart: &FigureChart) -> String {
    const BAR: i32 = 30;
    const GAP: i32 = 16;
    let labels: Vec<String> = chart
        .years
        .iter()
        .map(|fy| format!("FY{}", fy.year))
        .collect();
    let totals = chart.year_totals();
    let written: Vec<String> = totals
        .iter()
        .map(|total| total.map_or_else(|| "-".into(), grouped))
        .collect();
    let left = 12 + labels.iter().map(|l| label_width(l)).max().unwrap_or(0);
    let value_room = written.iter().map(|w| label_width(w)).max().unwrap_or(0) + 8;
    let highest = totals.iter().flatten().fold(0.0_f64, |a, &b| a.max(b));
    // At most three steps: the numbers are long (`5,000,000`).
    let step = tick_step(highest.max(f64::MIN_POSITIVE) * 7.0 / 3.0);
    let steps = (highest / step).ceil().max(1.0);
    let axis = ValueAxis {
        left,
        right: WIDTH - RIGHT - value_room,
        max: steps * step,
    };
    let bottom = TOP + chart.years.len() as i32 * (BAR + GAP) + GAP;
    finish(
        String::new(),
        |area| {
            for tick in (0..=steps as usize).map(|i| i as f64 * step) {
                let x = axis.x(tick);
                line(area, (x, TOP), (x, bottom), GRID);
                let label = (bottom + AXIS_HEIGHT / 2, grouped(tick));
                text(area, &label.1, (x, label.0), HPos::Center, INK);
            }
            line(area, (axis.left, TOP), (axis.left, bottom), INK);
            for (row, label) in labels.iter().enumerate() {
                let y0 = TOP + GAP + row as i32 * (BAR + GAP);
                text(area, label, (left - 8, y0 + BAR / 2), HPos::Right, INK);
                let mut start = 0.0;
                for (i, series) in chart.series.iter().enumerate() {
                    let Some(value) = series.values[row].map(|sum| sum.total) else {
                        continue;
                    };
                    let (x0, x1) = (axis.x(start), axis.x(start + value));
                    let fill = part_colour(i);
                    rect(area, (x0, y0), (x1, y0 + BAR), rgb(fill));
                    hatch(area, (x0, y0), (x1, y0 + BAR), FIGURE_HATCHES[i % 6], fill);
                    line(area, (x1, y0), (x1, y0 + BAR), WHITE);
                    start += value;
                }
                let end = axis.x(start);
                text(
                    area,
                    &written[row],
                    (end + 4, y0 + BAR / 2),
                    HPos::Left,
                    INK,
                );
            }
        },
        bottom + AXIS_HEIGHT,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_stylesheet_uses_the_parts_colours() {
        let css = crate::render::theme::Theme::builtin_stylesheet();
        for (i, colour) in FIGURE_COLOURS.iter().enumerate() {
            let declaration = format!("--figures-{i}: {colour};");
            assert!(
                css.contains(&declaration),
                "style.css lacks `{declaration}`"
            );
        }
    }
}
