//! Drawing the indicator charts: an indicator's values by year against its
//! target and baseline, and the share of indicators on track per year.

use super::achievement_svg::{draw_year_labels, year_axis_labels};
use super::bars::{callout_height, stacked_bar, Segment};
use super::indicator::TrackCounts;
use super::palette::{Hatch, Rgb};
use super::svg::{
    label_width, right_room, wrap, Anchor, Svg, Taken, ValueAxis, AXIS_HEIGHT, GRID, INK, MARGIN,
    TOP, TREND_LINE, WIDTH,
};
use crate::model::{FiscalYear, Track};

/// The target line: Okabe–Ito vermilion, 3.9:1 against white.
const TARGET: &str = "#c85200";
/// The baseline: dark grey, dotted.
const BASELINE: &str = "#595959";

/// What an indicator chart draws.
pub struct IndicatorPlot<'a> {
    pub points: &'a [(&'a FiscalYear, Option<f64>)],
    /// The value and the year it is of, as the pages name it.
    pub baseline: Option<(f64, Option<String>)>,
    pub target: Option<(f64, Option<String>)>,
    pub unit: &'a str,
}

/// A number as read, with no more digits than it was written with.
fn number_label(value: f64) -> String {
    let rounded = (value * 1e6).round() / 1e6;
    rounded.to_string()
}

/// A step of 1, 2 or 5 times a power of ten giving at most 7 ticks over
/// `span`: indicators run from 1.31 (a birth rate) to 12,480 (visitors).
fn value_step(span: f64) -> f64 {
    let magnitude = 10_f64.powf((span / 7.0).log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|step| span / step <= 7.0)
        .unwrap_or(10.0 * magnitude)
}

/// The value axis of an indicator chart: from 0 when the numbers are near
/// it, else from just below the lowest, so that a rate moving between 92.8
/// and 98.0 shows its movement.
fn value_range(numbers: &[f64]) -> (f64, f64, f64) {
    let mut lowest = numbers.iter().copied().fold(f64::INFINITY, f64::min);
    let mut highest = numbers.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    // One number alone (or all equal): a tenth of it either way.
    if highest <= lowest {
        let tenth = if highest == 0.0 {
            1.0
        } else {
            highest.abs() * 0.1
        };
        (lowest, highest) = (lowest - tenth, highest + tenth);
    }
    let span = highest - lowest;
    let lowest = if lowest > 0.0 && lowest < span {
        0.0
    } else {
        lowest
    };
    let step = value_step((highest - lowest).max(span));
    let low = (lowest / step).floor() * step;
    let high = ((highest / step).ceil() * step).max(low + step);
    (low, high, step)
}

/// The values by year as a line with markers and their numbers, the
/// target as a dashed line and the baseline as a dotted one; a legend
/// above names the three and the unit. A year without a number breaks
/// the line and shows `-`.
pub fn indicator_svg(plot: &IndicatorPlot, title: &str, desc: &str) -> String {
    const LEGEND_ROW: i32 = 30;
    const PLOT_HEIGHT: i32 = 220;
    const MARKER: i32 = 6;
    let numbers: Vec<f64> = plot
        .points
        .iter()
        .filter_map(|(_, v)| *v)
        .chain(plot.baseline.as_ref().map(|(v, _)| *v))
        .chain(plot.target.as_ref().map(|(v, _)| *v))
        .collect();
    let (low, high, step) = value_range(&numbers);
    let ticks: Vec<f64> = (0..=((high - low) / step).round() as usize)
        .map(|i| low + i as f64 * step)
        .collect();
    let left = MARGIN
        + 8
        + ticks
            .iter()
            .map(|t| label_width(&number_label(*t)))
            .max()
            .unwrap_or(0);
    let year = |year: &Option<String>| {
        year.as_ref()
            .map(|y| format!("（{y}）"))
            .unwrap_or_default()
    };
    // The legend: a sample of each line with its name (and value).
    let mut legend: Vec<(String, &str, &str)> = vec![("実績値".to_string(), TREND_LINE, "")];
    if let Some((value, at)) = &plot.target {
        let label = format!("目標値 {}{}", number_label(*value), year(at));
        legend.push((label, TARGET, "10 6"));
    }
    if let Some((value, at)) = &plot.baseline {
        let label = format!("基準値 {}{}", number_label(*value), year(at));
        legend.push((label, BASELINE, "2 6"));
    }
    let unit_rows = i32::from(!plot.unit.is_empty());
    let top = TOP + (legend.len() as i32 + unit_rows) * LEGEND_ROW + 20;
    let (bottom, right) = (top + PLOT_HEIGHT, WIDTH - MARGIN);
    let y = |value: f64| {
        bottom - ((value - low) / (high - low) * f64::from(bottom - top)).round() as i32
    };
    let slot = (right - left) / plot.points.len().max(1) as i32;
    let x = |i: usize| left + slot * i as i32 + slot / 2;
    let years: Vec<&FiscalYear> = plot.points.iter().map(|(fy, _)| *fy).collect();
    let (year_lines, axis_height) = year_axis_labels(&years, slot);
    let mut svg = Svg::new(bottom + axis_height, title, desc);
    let row = |i: i32| TOP + LEGEND_ROW / 2 + i * LEGEND_ROW;
    if !plot.unit.is_empty() {
        let unit = format!("単位: {}", plot.unit);
        let lines = wrap(&unit, WIDTH - 2 * MARGIN, 1);
        let full = (lines[0] != unit).then_some(unit.as_str());
        svg.titled_text(&lines[0], full, (MARGIN, row(0)), Anchor::Start, INK);
    }
    for (i, (label, colour, dash)) in legend.iter().enumerate() {
        let at = row(i as i32 + unit_rows);
        let width = if dash.is_empty() { 3 } else { 2 };
        svg.line((MARGIN, at), (48, at), colour, width, dash);
        let lines = wrap(label, WIDTH - MARGIN - 56, 1);
        let full = (lines[0] != *label).then_some(label.as_str());
        svg.titled_text(&lines[0], full, (56, at), Anchor::Start, INK);
    }
    svg.circle((28, row(unit_rows)), MARKER, TREND_LINE);
    let mut taken = Taken::default();
    for tick in &ticks {
        svg.line((left, y(*tick)), (right, y(*tick)), GRID, 1, "");
        let label = number_label(*tick);
        svg.text(&label, (left - 8, y(*tick)), Anchor::End, INK);
        taken.add(&label, (left - 8, y(*tick)), Anchor::End);
    }
    svg.line((left, top), (left, bottom), INK, 1, "");
    if let Some((value, _)) = plot.baseline {
        svg.line((left, y(value)), (right, y(value)), BASELINE, 2, "2 6");
    }
    if let Some((value, _)) = plot.target {
        svg.line((left, y(value)), (right, y(value)), TARGET, 2, "10 6");
    }
    for (i, pair) in plot.points.windows(2).enumerate() {
        if let (Some(a), Some(b)) = (pair[0].1, pair[1].1) {
            svg.line((x(i), y(a)), (x(i + 1), y(b)), TREND_LINE, 3, "");
        }
    }
    draw_year_labels(&mut svg, &years, &year_lines, bottom, x);
    for (i, (_, value)) in plot.points.iter().enumerate() {
        match value {
            None => {
                svg.text("-", (x(i), bottom - 16), Anchor::Middle, INK);
                taken.add("-", (x(i), bottom - 16), Anchor::Middle);
            }
            Some(value) => svg.circle((x(i), y(*value)), MARKER, TREND_LINE),
        }
    }
    // Each value above its marker, else below, else (too crowded) only in
    // the table; never under the legend or the years.
    for (i, (_, value)) in plot.points.iter().enumerate() {
        let Some(value) = value else { continue };
        let label = number_label(*value);
        let spots = [(x(i), y(*value) - 20), (x(i), y(*value) + 20)];
        let within = (left + 2, WIDTH - 2);
        if let Some(at) = taken.place(&label, &spots, within, (top - 12, bottom + 2)) {
            svg.text(&label, at, Anchor::Middle, INK);
        }
    }
    svg.finish()
}

/// Fill and pattern of each track, in [`Track::ALL`] order: besides the
/// colour, 遅れ is hatched and 評価できない cross-hatched.
const TRACK_FILLS: [(Rgb, Hatch); 3] = [
    ((0x00, 0x72, 0xb2), Hatch::Solid),
    ((0xe6, 0x9f, 0x00), Hatch::Rising),
    ((0xe6, 0xe6, 0xe6), Hatch::Cross),
];

/// One horizontal bar per fiscal year (named as the pages name it): the
/// share of indicators on track, behind and not evaluable, each segment's
/// count written on it, or under the bar when it does not fit.
pub fn tracks_svg(counts: &[(&FiscalYear, TrackCounts)], title: &str, desc: &str) -> String {
    const BAR: i32 = 30;
    const GAP: i32 = 16;
    let left = MARGIN
        + 8
        + counts
            .iter()
            .map(|(fy, _)| label_width(&fy.label))
            .max()
            .unwrap_or(0);
    let axis = ValueAxis {
        left,
        right: WIDTH - right_room("100%"),
        max: 1.0,
    };
    let rows: Vec<Vec<Segment>> = counts
        .iter()
        .map(|(_, counts)| {
            let total = counts.iter().sum::<usize>().max(1) as f64;
            let mut start = 0;
            counts
                .iter()
                .enumerate()
                .filter(|(_, n)| **n > 0)
                .map(|(i, &count)| {
                    let x0 = axis.x(start as f64 / total);
                    start += count;
                    let (fill, hatch) = TRACK_FILLS[i];
                    let x1 = axis.x(start as f64 / total);
                    Segment {
                        x0,
                        x1,
                        fill,
                        hatch,
                        count,
                    }
                })
                .collect()
        })
        .collect();
    let heights: Vec<i32> = rows.iter().map(|s| BAR + callout_height(s) + GAP).collect();
    // The legend names the tracks drawn.
    let legend: Vec<_> = Track::ALL
        .iter()
        .filter(|t| counts.iter().any(|(_, c)| c[**t as usize] > 0))
        .map(|t| {
            let (fill, hatch) = TRACK_FILLS[*t as usize];
            (t.label().to_string(), fill, hatch)
        })
        .collect();
    let bars_top = TOP + Svg::new(0, "", "").legend(0, &legend);
    let bottom = bars_top + GAP + heights.iter().sum::<i32>();
    let mut svg = Svg::new(bottom + AXIS_HEIGHT, title, desc);
    svg.legend(TOP, &legend);
    let ticks: Vec<f64> = (0..=5).map(|i| f64::from(i) / 5.0).collect();
    let percent = |share: f64| format!("{}%", (share * 100.0).round());
    axis.draw(&mut svg, (bars_top, bottom), &ticks, percent);
    let mut y0 = bars_top + GAP;
    for (((fy, _), segments), height) in counts.iter().zip(&rows).zip(&heights) {
        svg.text(&fy.label, (left - 8, y0 + BAR / 2), Anchor::End, INK);
        stacked_bar(&mut svg, y0, BAR, segments);
        y0 += height;
    }
    svg.finish()
}

#[cfg(test)]
mod tests {
    use super::super::svg::{hex, xml};
    use super::*;

    fn year(year: u16) -> FiscalYear {
        FiscalYear {
            year,
            label: crate::export::era_label(year),
            draft: false,
        }
    }

    #[test]
    fn theme_stylesheet_uses_the_track_colours() {
        let css = crate::render::theme::Theme::builtin_stylesheet();
        for track in Track::ALL {
            let declaration = format!(
                "--indicator-track-{}: {};",
                track.key(),
                hex(TRACK_FILLS[track as usize].0)
            );
            assert!(
                css.contains(&declaration),
                "style.css lacks `{declaration}`"
            );
        }
    }

    #[test]
    fn the_value_axis_fits_the_numbers() {
        let range = |numbers: &[f64]| {
            let (low, high, step) = value_range(numbers);
            [low, high, step].map(number_label)
        };
        assert_eq!(range(&[92.8, 98.0, 94.1]), ["92", "98", "1"]);
        assert_eq!(range(&[1.31, 1.5, 1.42]), ["1.3", "1.5", "0.05"]);
        assert_eq!(range(&[0.0, 4.0, 2.0]), ["0", "4", "1"]);
        assert_eq!(range(&[6215.0, 15000.0]), ["0", "15000", "5000"]);
        assert_eq!(range(&[40.0]), ["36", "44", "2"]);
    }

    #[test]
    fn indicator_chart_draws_target_baseline_and_values() {
        let (a, b, c) = (year(2019), year(2020), year(2021));
        let points = [(&a, Some(95.2)), (&b, None), (&c, Some(96.5))];
        let svg = indicator_svg(
            &IndicatorPlot {
                points: &points,
                baseline: Some((94.1, Some("2018年度".into()))),
                target: Some((98.0, Some("2025年度".into()))),
                unit: "%",
            },
            "受診率",
            "説明",
        );
        assert!(svg.is_ascii());
        assert!(
            svg.contains(">95.2</text>") && svg.contains(">96.5</text>"),
            "{svg}"
        );
        assert!(svg.contains("stroke-dasharray=\"10 6\""), "target dashed");
        assert!(svg.contains("stroke-dasharray=\"2 6\""), "baseline dotted");
        assert!(svg.contains(&xml("目標値 98（2025年度）")), "{svg}");
        assert!(svg.contains(&xml("基準値 94.1（2018年度）")), "{svg}");
        assert!(svg.contains(&xml("単位: %")));
        assert_eq!(
            svg.matches("<circle").count(),
            1 + 2,
            "the legend's and two years'"
        );
        // No line through the year without a number: the legend's sample only.
        assert_eq!(
            svg.matches(&format!("stroke=\"{TREND_LINE}\" stroke-width=\"3\""))
                .count(),
            1
        );
        assert!(svg.contains("<title id=\"chart-title\">&#x53d7;"));
        assert!(svg.contains(&xml("令和元年度")) && !svg.contains("FY20"));
    }

    #[test]
    fn track_bars_are_patterned_and_counted() {
        let a = year(2020);
        let svg = tracks_svg(&[(&a, [2, 1, 1])], "t", "d");
        assert_eq!(svg.matches("<pattern ").count(), 2);
        assert!(svg.contains(">2</text>"), "{svg}");
    }
}
