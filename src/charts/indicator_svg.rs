//! Drawing the indicator charts, written as SVG text directly: they need
//! dashed lines, patterns and labels in Japanese (目標値, the unit), which
//! are written as character references so that the file stays ASCII like
//! the other charts. Every position is a whole pixel: the same input gives
//! the same bytes.

use std::fmt::Write;

use plotters::style::RGBColor;

use super::indicator::TrackCounts;
use super::palette::{text_colour_on, Rgb};
use super::svg::{label_width, AXIS_HEIGHT, FONT_SIZE, GRID, INK, RIGHT, TOP, TREND_LINE, WIDTH};
use crate::model::FiscalYear;

/// The target line: Okabe–Ito vermilion, 3.9:1 against white.
const TARGET: &str = "#c85200";
/// The baseline: dark grey, dotted.
const BASELINE: &str = "#595959";

/// Text for SVG: markup characters escaped, anything not ASCII as a
/// character reference.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_ascii() => out.push(c),
            c => {
                let _ = write!(out, "&#x{:x};", c as u32);
            }
        }
    }
    out
}

fn hex(RGBColor(r, g, b): RGBColor) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

fn rgb_hex((r, g, b): Rgb) -> String {
    hex(RGBColor(r, g, b))
}

/// An SVG document being written: its size, title and description first.
struct Svg(String);

impl Svg {
    fn new(height: i32, title: &str, desc: &str) -> Svg {
        let mut svg = String::new();
        let _ = write!(
            svg,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\">\n<title>{}</title>\n<desc>{}</desc>\n<rect width=\"{WIDTH}\" height=\"{height}\" fill=\"#ffffff\"/>\n",
            xml(title),
            xml(desc)
        );
        Svg(svg)
    }

    /// `anchor`: `start`, `middle` or `end`.
    fn text(&mut self, label: &str, (x, y): (i32, i32), anchor: &str, colour: &str) {
        let _ = writeln!(
            self.0,
            "<text x=\"{x}\" y=\"{y}\" font-family=\"sans-serif\" font-size=\"{FONT_SIZE}\" fill=\"{colour}\" text-anchor=\"{anchor}\" dominant-baseline=\"middle\">{}</text>",
            xml(label)
        );
    }

    /// `dash`: a `stroke-dasharray`, empty for a solid line.
    fn line(
        &mut self,
        (x0, y0): (i32, i32),
        (x1, y1): (i32, i32),
        colour: &str,
        width: i32,
        dash: &str,
    ) {
        let dash = if dash.is_empty() {
            String::new()
        } else {
            format!(" stroke-dasharray=\"{dash}\"")
        };
        let _ = writeln!(
            self.0,
            "<line x1=\"{x0}\" y1=\"{y0}\" x2=\"{x1}\" y2=\"{y1}\" stroke=\"{colour}\" stroke-width=\"{width}\"{dash}/>"
        );
    }

    fn rect(&mut self, (x0, y0): (i32, i32), (x1, y1): (i32, i32), fill: &str) {
        let _ = writeln!(
            self.0,
            "<rect x=\"{x0}\" y=\"{y0}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"/>",
            x1 - x0,
            y1 - y0
        );
    }

    fn finish(mut self) -> String {
        self.0.push_str("</svg>\n");
        self.0
    }
}

/// What an indicator chart draws.
pub struct IndicatorPlot<'a> {
    pub points: &'a [(&'a FiscalYear, Option<f64>)],
    pub baseline: Option<(f64, Option<u16>)>,
    pub target: Option<(f64, Option<u16>)>,
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
        .chain(plot.baseline.map(|(v, _)| v))
        .chain(plot.target.map(|(v, _)| v))
        .collect();
    let (low, high, step) = value_range(&numbers);
    let ticks: Vec<f64> = (0..=((high - low) / step).round() as usize)
        .map(|i| low + i as f64 * step)
        .collect();
    let left = 12
        + ticks
            .iter()
            .map(|t| label_width(&number_label(*t)))
            .max()
            .unwrap_or(0);
    let year = |year: Option<u16>| year.map(|y| format!("（{y}年度）")).unwrap_or_default();
    let (ink, grid, line_colour) = (hex(INK), hex(GRID), hex(TREND_LINE));
    // The legend: a sample of each line with its name (and value).
    let mut legend: Vec<(String, String, &str)> =
        vec![("実績値".to_string(), line_colour.clone(), "")];
    if let Some((value, at)) = plot.target {
        let label = format!("目標値 {}{}", number_label(value), year(at));
        legend.push((label, TARGET.to_string(), "10 6"));
    }
    if let Some((value, at)) = plot.baseline {
        let label = format!("基準値 {}{}", number_label(value), year(at));
        legend.push((label, BASELINE.to_string(), "2 6"));
    }
    let unit_rows = i32::from(!plot.unit.is_empty());
    let top = TOP + (legend.len() as i32 + unit_rows) * LEGEND_ROW + 20;
    let (bottom, right) = (top + PLOT_HEIGHT, WIDTH - RIGHT);
    let height = bottom + AXIS_HEIGHT;
    let y = |value: f64| {
        bottom - ((value - low) / (high - low) * f64::from(bottom - top)).round() as i32
    };
    let slot = (right - left) / plot.points.len().max(1) as i32;
    let x = |i: usize| left + slot * i as i32 + slot / 2;
    let mut svg = Svg::new(height, title, desc);
    let row = |i: i32| TOP + LEGEND_ROW / 2 + i * LEGEND_ROW;
    if !plot.unit.is_empty() {
        svg.text(&format!("単位: {}", plot.unit), (8, row(0)), "start", &ink);
    }
    for (i, (label, colour, dash)) in legend.iter().enumerate() {
        let at = row(i as i32 + unit_rows);
        let width = if dash.is_empty() { 3 } else { 2 };
        svg.line((8, at), (48, at), colour, width, dash);
        svg.text(label, (56, at), "start", &ink);
    }
    let _ = writeln!(
        svg.0,
        "<circle cx=\"28\" cy=\"{}\" r=\"{MARKER}\" fill=\"{line_colour}\"/>",
        row(unit_rows)
    );
    for tick in &ticks {
        svg.line((left, y(*tick)), (right, y(*tick)), &grid, 1, "");
        svg.text(&number_label(*tick), (left - 8, y(*tick)), "end", &ink);
    }
    svg.line((left, top), (left, bottom), &ink, 1, "");
    if let Some((value, _)) = plot.baseline {
        svg.line((left, y(value)), (right, y(value)), BASELINE, 2, "2 6");
    }
    if let Some((value, _)) = plot.target {
        svg.line((left, y(value)), (right, y(value)), TARGET, 2, "10 6");
    }
    for (i, pair) in plot.points.windows(2).enumerate() {
        if let (Some(a), Some(b)) = (pair[0].1, pair[1].1) {
            svg.line((x(i), y(a)), (x(i + 1), y(b)), &line_colour, 3, "");
        }
    }
    for (i, (fy, value)) in plot.points.iter().enumerate() {
        svg.text(
            &format!("FY{}", fy.year),
            (x(i), bottom + AXIS_HEIGHT / 2),
            "middle",
            &ink,
        );
        let Some(value) = value else {
            svg.text("-", (x(i), bottom - 16), "middle", &ink);
            continue;
        };
        let _ = writeln!(
            svg.0,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{MARKER}\" fill=\"{line_colour}\"/>",
            x(i),
            y(*value)
        );
        svg.text(
            &number_label(*value),
            (x(i), y(*value) - 20),
            "middle",
            &ink,
        );
    }
    svg.finish()
}

/// Fill and pattern of each track, in [`Track::ALL`] order: besides the
/// colour, 遅れ is hatched and 評価できない cross-hatched.
const TRACK_FILLS: [(Rgb, &str); 3] = [
    ((0x00, 0x72, 0xb2), ""),
    ((0xe6, 0x9f, 0x00), "M0,8 L8,0 M-2,2 L2,-2 M6,10 L10,6"),
    ((0xe6, 0xe6, 0xe6), "M0,8 L8,0 M0,0 L8,8"),
];

/// One horizontal bar per fiscal year: the share of indicators on track,
/// behind and not evaluable, each segment's count written inside it when
/// it fits.
pub fn tracks_svg(counts: &[(&FiscalYear, TrackCounts)], title: &str, desc: &str) -> String {
    const BAR: i32 = 30;
    const GAP: i32 = 16;
    let labels: Vec<String> = counts
        .iter()
        .map(|(fy, _)| format!("FY{}", fy.year))
        .collect();
    let left = 12 + labels.iter().map(|l| label_width(l)).max().unwrap_or(0);
    // Room for half the last tick's label, centred on the bar's end.
    let right = WIDTH - 4 - label_width("100%") / 2;
    let bottom = TOP + counts.len() as i32 * (BAR + GAP) + GAP;
    let x = |share: f64| left + (share * f64::from(right - left)).round() as i32;
    let ink = hex(INK);
    let mut svg = Svg::new(bottom + AXIS_HEIGHT, title, desc);
    svg.0.push_str("<defs>\n");
    for (i, (fill, path)) in TRACK_FILLS
        .iter()
        .enumerate()
        .filter(|(_, (_, p))| !p.is_empty())
    {
        let stroke = rgb_hex(text_colour_on(*fill));
        let _ = writeln!(
            svg.0,
            "<pattern id=\"track-{i}\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\"><path d=\"{path}\" stroke=\"{stroke}\" stroke-opacity=\"0.45\" stroke-width=\"2\"/></pattern>"
        );
    }
    svg.0.push_str("</defs>\n");
    for percent in (0..=100).step_by(20) {
        let at = x(f64::from(percent) / 100.0);
        svg.line((at, TOP), (at, bottom), &hex(GRID), 1, "");
        svg.text(
            &format!("{percent}%"),
            (at, bottom + AXIS_HEIGHT / 2),
            "middle",
            &ink,
        );
    }
    svg.line((left, TOP), (left, bottom), &ink, 1, "");
    for (row, ((_, counts), label)) in counts.iter().zip(&labels).enumerate() {
        let y0 = TOP + GAP + row as i32 * (BAR + GAP);
        svg.text(label, (left - 8, y0 + BAR / 2), "end", &ink);
        let total = counts.iter().sum::<usize>().max(1) as f64;
        let mut start = 0;
        for (i, &count) in counts.iter().enumerate().filter(|(_, n)| **n > 0) {
            let (x0, x1) = (x(start as f64 / total), x((start + count) as f64 / total));
            let (fill, path) = TRACK_FILLS[i];
            svg.rect((x0, y0), (x1, y0 + BAR), &rgb_hex(fill));
            if !path.is_empty() {
                svg.rect((x0, y0), (x1, y0 + BAR), &format!("url(#track-{i})"));
            }
            // A white seam keeps neighbouring segments apart.
            svg.line((x1, y0), (x1, y0 + BAR), "#ffffff", 1, "");
            let number = count.to_string();
            if x1 - x0 >= label_width(&number) + 6 {
                let colour = rgb_hex(text_colour_on(fill));
                svg.text(&number, ((x0 + x1) / 2, y0 + BAR / 2), "middle", &colour);
            }
            start += count;
        }
    }
    svg.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Track;

    fn year(year: u16) -> FiscalYear {
        FiscalYear {
            year,
            label: format!("{year}"),
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
                rgb_hex(TRACK_FILLS[track as usize].0)
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
    fn japanese_labels_are_character_references() {
        assert_eq!(xml("目標値 <1>"), "&#x76ee;&#x6a19;&#x5024; &lt;1&gt;");
    }

    #[test]
    fn indicator_chart_draws_target_baseline_and_values() {
        let (a, b, c) = (year(2019), year(2020), year(2021));
        let points = [(&a, Some(95.2)), (&b, None), (&c, Some(96.5))];
        let svg = indicator_svg(
            &IndicatorPlot {
                points: &points,
                baseline: Some((94.1, Some(2018))),
                target: Some((98.0, Some(2025))),
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
            svg.matches(&format!(
                "stroke=\"{}\" stroke-width=\"3\"",
                hex(TREND_LINE)
            ))
            .count(),
            1
        );
        assert!(svg.contains("<title>&#x53d7;"));
    }

    #[test]
    fn track_bars_are_patterned_and_counted() {
        let a = year(2020);
        let svg = tracks_svg(&[(&a, [2, 1, 1])], "t", "d");
        assert!(svg.contains("url(#track-1)") && svg.contains("url(#track-2)"));
        assert!(svg.contains(">2</text>"), "{svg}");
    }
}
