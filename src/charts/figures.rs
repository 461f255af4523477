//! Charts of yearly figures ([`crate::model::figures`]): per measure and
//! per node, one stacked chart per `group` (the funding split) and one of
//! the `total` figure when it is in no group; on the top page the total
//! per top-level node. One bar per fiscal year, its sum written after it.

use super::palette::{Hatch, Rgb};
use super::svg::{
    label_width, right_room, tick_step, Anchor, Svg, ValueAxis, AXIS_HEIGHT, INK, LINE, MARGIN,
    TOP, WIDTH,
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

/// Every figure chart of the site with its CSV; each SVG titled with its
/// subject and described by its text alternative ([`super::alt`]).
pub fn render_figure_charts(site: &Site) -> Vec<OutputFile> {
    if declared_figures(site).is_empty() {
        return Vec::new();
    }
    let of_measures = site.measures.iter().flat_map(|m| {
        let subject = m.title.clone();
        measure_figure_charts(site, m)
            .into_iter()
            .map(move |c| (subject.clone(), c))
    });
    let of_nodes = site.nodes.iter().flat_map(|n| {
        let subject = site.node_name(n);
        node_figure_charts(site, n)
            .into_iter()
            .map(move |c| (subject.clone(), c))
    });
    let of_plan = plan_total_chart(site).map(|c| ("計画全体".to_string(), c));
    of_measures
        .chain(of_nodes)
        .chain(of_plan)
        .flat_map(|(subject, chart)| {
            let title = format!("{subject} {}", chart.title);
            let desc = super::alt::figures_alt(&subject, &chart);
            [
                OutputFile::new(chart.chart.svg_path(), figures_svg(&chart, &title, &desc)),
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

/// One horizontal bar per fiscal year (named as the pages name it), its
/// parts stacked in the order of the table, the year's total written
/// after it (`-` without a number); the unit and, for several parts, a
/// legend above.
pub fn figures_svg(chart: &FigureChart, title: &str, desc: &str) -> String {
    const BAR: i32 = 30;
    const GAP: i32 = 16;
    let totals = chart.year_totals();
    let written: Vec<String> = totals
        .iter()
        .map(|total| total.map_or_else(|| "-".into(), grouped))
        .collect();
    let left = MARGIN
        + 8
        + chart
            .years
            .iter()
            .map(|fy| label_width(&fy.label))
            .max()
            .unwrap_or(0);
    let value_room = written.iter().map(|w| label_width(w)).max().unwrap_or(0) + 4 + MARGIN;
    let highest = totals.iter().flatten().fold(0.0_f64, |a, &b| a.max(b));
    // At most three steps, fewer when their labels (`5,000,000`) would
    // run into each other.
    let layout = |most: f64| {
        let step = tick_step(highest.max(f64::MIN_POSITIVE) * 7.0 / most);
        let steps = (highest / step).ceil().max(1.0);
        let axis = ValueAxis {
            left,
            right: WIDTH - value_room.max(right_room(&grouped(steps * step))),
            max: steps * step,
        };
        (step, steps, axis)
    };
    let fits = |(step, steps, axis): &(f64, f64, ValueAxis)| {
        let widest = label_width(&grouped(steps * step));
        axis.x(*step) - axis.x(0.0) >= widest + 8
    };
    let (step, steps, axis) = [3.0, 2.0]
        .into_iter()
        .map(layout)
        .find(fits)
        .unwrap_or_else(|| layout(1.0));
    let ticks: Vec<f64> = (0..=steps as usize).map(|i| i as f64 * step).collect();
    let legend: Vec<_> = match chart.series.len() {
        1 => Vec::new(),
        _ => chart
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| (s.label.clone(), part_colour(i), FIGURE_HATCHES[i % 6]))
            .collect(),
    };
    let legend_height = match legend.len() {
        0 => 0,
        _ => Svg::new(0, "", "").legend(0, &legend),
    };
    let bars_top = TOP + LINE + legend_height;
    let bottom = bars_top + chart.years.len() as i32 * (BAR + GAP) + GAP;
    let mut svg = Svg::new(bottom + AXIS_HEIGHT, title, desc);
    let unit = format!("単位: {}", chart.unit);
    svg.text(&unit, (MARGIN, TOP + LINE / 2), Anchor::Start, INK);
    if !legend.is_empty() {
        svg.legend(TOP + LINE, &legend);
    }
    axis.draw(&mut svg, (bars_top, bottom), &ticks, grouped);
    for (row, fy) in chart.years.iter().enumerate() {
        let y0 = bars_top + GAP + row as i32 * (BAR + GAP);
        svg.text(&fy.label, (left - 8, y0 + BAR / 2), Anchor::End, INK);
        let mut start = 0.0;
        for (i, series) in chart.series.iter().enumerate() {
            let Some(value) = series.values[row].map(|sum| sum.total) else {
                continue;
            };
            let (x0, x1) = (axis.x(start), axis.x(start + value));
            svg.hatched_rect(
                (x0, y0),
                (x1, y0 + BAR),
                part_colour(i),
                FIGURE_HATCHES[i % 6],
            );
            svg.line((x1, y0), (x1, y0 + BAR), "#ffffff", 1, "");
            start += value;
        }
        let at = (axis.x(start) + 4, y0 + BAR / 2);
        svg.text(&written[row], at, Anchor::Start, INK);
    }
    svg.finish()
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
