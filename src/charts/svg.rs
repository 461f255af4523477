//! Drawing the charts with plotters' SVG backend.
//!
//! Only ASCII goes inside the SVG (`FY2019`, `1-01`, numbers): without font
//! features plotters measures text by byte length, and Japanese labels would
//! overflow. Grade names, legends and captions live in the page's HTML.
//! Layout is computed here in whole pixels so the output is byte-identical
//! for the same input.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::palette::{grade_colour, grade_hatch, text_colour_on, year_colour, Hatch, Rgb};
use crate::model::{FiscalYear, Grade, Grading, Measure};

/// Canvas width: narrow enough that labels stay legible when a phone scales
/// the chart down to ~360 px.
pub(super) const WIDTH: i32 = 480;
pub(super) const FONT_SIZE: f64 = 22.0;
pub(super) const AXIS_HEIGHT: i32 = 32;
pub(super) const TOP: i32 = 10;
pub(super) const RIGHT: i32 = 16;
pub(super) const GRID: RGBColor = RGBColor(0xd0, 0xd0, 0xd0);
pub(super) const INK: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);
/// The trend line: Okabe–Ito blue, 5.2:1 against white (graphics need 3:1).
pub(super) const TREND_LINE: RGBColor = RGBColor(0x00, 0x72, 0xb2);

pub(super) type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

pub(super) fn rgb((r, g, b): Rgb) -> RGBColor {
    RGBColor(r, g, b)
}

pub(super) fn text(area: &Area, label: &str, (x, y): (i32, i32), h: HPos, colour: RGBColor) {
    debug_assert!(label.is_ascii(), "non-ASCII text in a chart: {label}");
    let style = TextStyle::from(("sans-serif", FONT_SIZE).into_font())
        .color(&colour)
        .pos(Pos::new(h, VPos::Center));
    area.draw(&Text::new(label.to_string(), (x, y), style))
        .expect("drawing to a string");
}

pub(super) fn rect(area: &Area, (x0, y0): (i32, i32), (x1, y1): (i32, i32), colour: RGBColor) {
    area.draw(&Rectangle::new([(x0, y0), (x1, y1)], colour.filled()))
        .expect("drawing to a string");
}

pub(super) fn line(area: &Area, from: (i32, i32), to: (i32, i32), colour: RGBColor) {
    area.draw(&PathElement::new(vec![from, to], colour.stroke_width(1)))
        .expect("drawing to a string");
}

/// Hatch lines over a filled rectangle, in the colour that contrasts with
/// the fill (half transparent, so the count written on top stays legible).
pub(super) fn hatch(
    area: &Area,
    (x0, y0): (i32, i32),
    (x1, y1): (i32, i32),
    pattern: Hatch,
    fill: Rgb,
) {
    const SPACING: i32 = 8;
    let (r, g, b) = text_colour_on(fill);
    let style = RGBAColor(r, g, b, 0.45).stroke_width(2);
    let mut segments: Vec<[(i32, i32); 2]> = Vec::new();
    let height = y1 - y0;
    // Diagonals: for each start k, the part of the 45° line inside the box.
    let diagonal = |rising: bool, segments: &mut Vec<[(i32, i32); 2]>| {
        for k in ((x0 - height)..x1).step_by(SPACING as usize) {
            let (xa, xb) = (x0.max(k), x1.min(k + height));
            if xa < xb {
                let y = |x: i32| if rising { y1 - (x - k) } else { y0 + (x - k) };
                segments.push([(xa, y(xa)), (xb, y(xb))]);
            }
        }
    };
    let horizontal = |segments: &mut Vec<[(i32, i32); 2]>| {
        segments.extend(
            ((y0 + SPACING / 2)..y1)
                .step_by(SPACING as usize)
                .map(|y| [(x0, y), (x1, y)]),
        )
    };
    let vertical = |segments: &mut Vec<[(i32, i32); 2]>| {
        segments.extend(
            ((x0 + SPACING / 2)..x1)
                .step_by(SPACING as usize)
                .map(|x| [(x, y0), (x, y1)]),
        )
    };
    match pattern {
        Hatch::Solid => {}
        Hatch::Rising => diagonal(true, &mut segments),
        Hatch::Falling => diagonal(false, &mut segments),
        Hatch::Cross => {
            diagonal(true, &mut segments);
            diagonal(false, &mut segments);
        }
        Hatch::Horizontal => horizontal(&mut segments),
        Hatch::Vertical => vertical(&mut segments),
        Hatch::Grid => {
            horizontal(&mut segments);
            vertical(&mut segments);
        }
        Hatch::RisingHorizontal => {
            diagonal(true, &mut segments);
            horizontal(&mut segments);
        }
        Hatch::Dots => {
            for y in ((y0 + SPACING / 2)..y1).step_by(SPACING as usize) {
                for x in ((x0 + SPACING / 2)..x1).step_by(SPACING as usize) {
                    area.draw(&Circle::new((x, y), 2, RGBAColor(r, g, b, 0.45).filled()))
                        .expect("drawing to a string");
                }
            }
        }
    }
    for [from, to] in segments {
        area.draw(&PathElement::new(vec![from, to], style))
            .expect("drawing to a string");
    }
}

/// Width of a label in pixels, as plotters' naive font would estimate it.
pub(super) fn label_width(label: &str) -> i32 {
    (FONT_SIZE * 0.6 * label.len() as f64).ceil() as i32
}

/// A whole-number step giving at most 7 ticks from 0 to `max`: 1, 2, 5, 10, 20, 50, …
pub(super) fn tick_step(max: f64) -> f64 {
    let mut magnitude = 1.0;
    loop {
        for step in [1.0, 2.0, 5.0] {
            if max / (step * magnitude) <= 7.0 {
                return step * magnitude;
            }
        }
        magnitude *= 10.0;
    }
}

/// The horizontal value axis shared by both charts: grid lines and tick labels.
pub(super) struct ValueAxis {
    pub(super) left: i32,
    pub(super) right: i32,
    pub(super) max: f64,
}

impl ValueAxis {
    pub(super) fn x(&self, value: f64) -> i32 {
        self.left + ((value / self.max) * f64::from(self.right - self.left)).round() as i32
    }

    pub(super) fn draw(&self, area: &Area, top: i32, bottom: i32, suffix: &str) {
        let step = tick_step(self.max);
        let ticks = (self.max / step).floor() as usize;
        for tick in (0..=ticks).map(|i| i as f64 * step) {
            let x = self.x(tick);
            line(area, (x, top), (x, bottom), GRID);
            let label = format!("{tick}{suffix}");
            text(
                area,
                &label,
                (x, bottom + AXIS_HEIGHT / 2),
                HPos::Center,
                INK,
            );
        }
        line(area, (self.left, top), (self.left, bottom), INK);
    }
}

pub(super) fn finish(mut svg: String, draw: impl FnOnce(&Area), height: i32) -> String {
    {
        let area =
            SVGBackend::with_string(&mut svg, (WIDTH as u32, height as u32)).into_drawing_area();
        area.fill(&WHITE).expect("drawing to a string");
        draw(&area);
        area.present().expect("drawing to a string");
    }
    svg
}

/// One horizontal bar per fiscal year, stacked by grade, the count written
/// inside each segment wide enough to hold it.
pub fn distribution_svg(
    grading: &Grading,
    distribution: &[(FiscalYear, Vec<(Grade, usize)>)],
) -> String {
    const BAR: i32 = 30;
    const GAP: i32 = 16;
    let labels: Vec<String> = distribution
        .iter()
        .map(|(fy, _)| format!("FY{}", fy.year))
        .collect();
    let left = 12 + labels.iter().map(|l| label_width(l)).max().unwrap_or(0);
    let total = distribution
        .first()
        .map_or(0, |(_, c)| c.iter().map(|(_, n)| n).sum::<usize>());
    let axis = ValueAxis {
        left,
        right: WIDTH - RIGHT,
        max: total.max(1) as f64,
    };
    let bottom = TOP + distribution.len() as i32 * (BAR + GAP) + GAP;
    finish(
        String::new(),
        |area| {
            axis.draw(area, TOP, bottom, "");
            for (row, ((_, counts), label)) in distribution.iter().zip(&labels).enumerate() {
                let y0 = TOP + GAP + row as i32 * (BAR + GAP);
                text(area, label, (left - 8, y0 + BAR / 2), HPos::Right, INK);
                let mut start = 0;
                for &(grade, count) in counts.iter().filter(|(_, n)| *n > 0) {
                    let (x0, x1) = (axis.x(start as f64), axis.x((start + count) as f64));
                    let fill = grade_colour(grading, grade);
                    rect(area, (x0, y0), (x1, y0 + BAR), rgb(fill));
                    hatch(area, (x0, y0), (x1, y0 + BAR), grade_hatch(grade), fill);
                    // A white seam keeps neighbouring segments apart.
                    line(area, (x1, y0), (x1, y0 + BAR), WHITE);
                    let number = count.to_string();
                    if x1 - x0 >= label_width(&number) + 6 {
                        text(
                            area,
                            &number,
                            ((x0 + x1) / 2, y0 + BAR / 2),
                            HPos::Center,
                            rgb(text_colour_on(fill)),
                        );
                    }
                    start += count;
                }
            }
        },
        bottom + AXIS_HEIGHT,
    )
}

/// For each measure, one thin bar per fiscal year (oldest on top) with its
/// percentage written after the bar; `-` where the achievement has no number.
pub fn percentages_svg(
    fiscal_years: &[&FiscalYear],
    rows: &[(&Measure, Vec<Option<f64>>)],
) -> String {
    const BAR: i32 = 20;
    const ROW_GAP: i32 = 12;
    let row_height = fiscal_years.len().max(1) as i32 * (BAR + 2) + ROW_GAP;
    let left = 12
        + rows
            .iter()
            .map(|(m, _)| label_width(&m.id))
            .max()
            .unwrap_or(0);
    let highest = rows
        .iter()
        .flat_map(|(_, p)| p.iter().flatten())
        .fold(100.0_f64, |a, &b| a.max(b));
    let value_room = label_width("100") + 8;
    let axis = ValueAxis {
        left,
        right: WIDTH - RIGHT - value_room,
        max: highest,
    };
    let bottom = TOP + rows.len() as i32 * row_height;
    finish(
        String::new(),
        |area| {
            axis.draw(area, TOP, bottom, "%");
            for (row, (measure, percents)) in rows.iter().enumerate() {
                let y0 = TOP + row as i32 * row_height + ROW_GAP / 2;
                if row > 0 {
                    line(area, (0, y0 - ROW_GAP / 2), (WIDTH, y0 - ROW_GAP / 2), GRID);
                }
                text(
                    area,
                    &measure.id,
                    (left - 8, y0 + (row_height - ROW_GAP) / 2),
                    HPos::Right,
                    INK,
                );
                for (i, percent) in percents.iter().enumerate() {
                    let y = y0 + i as i32 * (BAR + 2);
                    let end = match percent {
                        Some(p) => {
                            let end = axis.x(*p);
                            rect(area, (axis.left, y), (end, y + BAR), rgb(year_colour(i)));
                            end
                        }
                        None => axis.left,
                    };
                    let value = percent.map_or_else(|| "-".to_string(), super::format_percent);
                    text(area, &value, (end + 4, y + BAR / 2), HPos::Left, INK);
                }
            }
        },
        bottom + AXIS_HEIGHT,
    )
}

/// The mean percentage per fiscal year as a line with a marker and its value
/// at each year; a year without any number breaks the line.
pub fn trend_svg(points: &[super::TrendPoint]) -> String {
    const HEIGHT: i32 = 240;
    const MARKER: i32 = 6;
    let left = 12 + label_width("100%");
    let (top, bottom) = (TOP + 24, HEIGHT - AXIS_HEIGHT);
    let highest = points
        .iter()
        .filter_map(|p| p.mean)
        .fold(100.0_f64, f64::max);
    let y = |value: f64| bottom - ((value / highest) * f64::from(bottom - top)).round() as i32;
    let slot = (WIDTH - RIGHT - left) / points.len().max(1) as i32;
    let x = |i: usize| left + slot * i as i32 + slot / 2;
    finish(
        String::new(),
        |area| {
            let step = tick_step(highest);
            for tick in (0..=(highest / step).floor() as usize).map(|i| i as f64 * step) {
                line(area, (left, y(tick)), (WIDTH - RIGHT, y(tick)), GRID);
                text(
                    area,
                    &format!("{tick}%"),
                    (left - 8, y(tick)),
                    HPos::Right,
                    INK,
                );
            }
            line(area, (left, top), (left, bottom), INK);
            let colour = TREND_LINE;
            for (i, pair) in points.windows(2).enumerate() {
                if let (Some(a), Some(b)) = (pair[0].mean, pair[1].mean) {
                    area.draw(&PathElement::new(
                        vec![(x(i), y(a)), (x(i + 1), y(b))],
                        colour.stroke_width(3),
                    ))
                    .expect("drawing to a string");
                }
            }
            for (i, point) in points.iter().enumerate() {
                let label = format!("FY{}", point.fiscal_year.year);
                text(
                    area,
                    &label,
                    (x(i), bottom + AXIS_HEIGHT / 2),
                    HPos::Center,
                    INK,
                );
                let Some(mean) = point.mean else {
                    text(area, "-", (x(i), bottom - 16), HPos::Center, INK);
                    continue;
                };
                area.draw(&Circle::new((x(i), y(mean)), MARKER, colour.filled()))
                    .expect("drawing to a string");
                let value = format!("{}%", super::format_percent(mean));
                text(area, &value, (x(i), y(mean) - 18), HPos::Center, INK);
            }
        },
        HEIGHT,
    )
}

#[cfg(test)]
mod tests {
    use super::tick_step;

    /// Grades differ by more than colour: a hatched grade draws its lines.
    #[test]
    fn hatched_grades_draw_lines_and_solid_ones_do_not() {
        use crate::model::{FiscalYear, Grade, Grading};
        let year = FiscalYear {
            year: 2020,
            label: "令和2年度".into(),
            draft: false,
        };
        let grading = Grading::default();
        let svg = |grade| super::distribution_svg(&grading, &[(year.clone(), vec![(grade, 3)])]);
        let hatch_lines = |svg: String| svg.matches("opacity=\"0.45\"").count();
        assert_eq!(hatch_lines(svg(Grade::Band(0))), 0);
        assert!(hatch_lines(svg(Grade::Band(1))) > 10);
        assert!(
            hatch_lines(svg(Grade::Cancelled)) > hatch_lines(svg(Grade::Band(1))),
            "cross = both diagonals"
        );
    }

    #[test]
    fn ticks_are_whole_numbers_and_few() {
        assert_eq!(tick_step(4.0), 1.0);
        assert_eq!(tick_step(13.0), 2.0);
        assert_eq!(tick_step(20.0), 5.0);
        assert_eq!(tick_step(100.0), 20.0);
        assert_eq!(tick_step(150.0), 50.0);
    }
}
