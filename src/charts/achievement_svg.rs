//! The achievement charts: measures per grade per year, each measure's
//! percentage per year, a node's mean percentage over the years. Years
//! are named as the pages name them (令和元年度), measures by their id and
//! title; every label is laid out by [`super::svg::text_width`].

use super::bars::{callout_height, stacked_bar, Segment};
use super::palette::{grade_colour, grade_hatch, year_colour, Hatch};
use super::svg::{
    label_width, right_room, ticks, wrap, Anchor, Svg, ValueAxis, AXIS_HEIGHT, INK, LINE, MARGIN,
    TOP, TREND_LINE, WIDTH,
};
use super::{format_percent, TrendPoint};
use crate::model::{FiscalYear, Grade, Grading, Measure};

/// One horizontal bar per fiscal year, stacked by grade, each segment's
/// count written on it or, when it is too narrow, under the bar; a legend
/// above names every grade drawn.
pub fn distribution_svg(
    grading: &Grading,
    distribution: &[(FiscalYear, Vec<(Grade, usize)>)],
    title: &str,
    desc: &str,
) -> String {
    const BAR: i32 = 30;
    const GAP: i32 = 14;
    let left = MARGIN
        + 8
        + distribution
            .iter()
            .map(|(fy, _)| label_width(&fy.label))
            .max()
            .unwrap_or(0);
    let total = distribution
        .first()
        .map_or(0, |(_, c)| c.iter().map(|(_, n)| n).sum::<usize>());
    let ticks = ticks(total.max(1) as f64);
    let last = ticks.last().copied().unwrap_or(0.0).to_string();
    let axis = ValueAxis {
        left,
        right: WIDTH - right_room(&last),
        max: total.max(1) as f64,
    };
    let legend: Vec<_> = super::grades_present(distribution)
        .into_iter()
        .map(|g| {
            let info = grading.info(g);
            (info.label, grade_colour(grading, g), grade_hatch(g))
        })
        .collect();
    let rows: Vec<Vec<Segment>> = distribution
        .iter()
        .map(|(_, counts)| {
            let mut start = 0;
            counts
                .iter()
                .filter(|(_, n)| *n > 0)
                .map(|&(grade, count)| {
                    let x0 = axis.x(start as f64);
                    start += count;
                    Segment {
                        x0,
                        x1: axis.x(start as f64),
                        fill: grade_colour(grading, grade),
                        hatch: grade_hatch(grade),
                        count,
                    }
                })
                .collect()
        })
        .collect();
    // The legend's height depends on how its items wrap: lay it out once
    // on a scratch canvas.
    let legend_height = Svg::new(0, "", "").legend(0, &legend);
    let unit_y = TOP + LINE / 2;
    let bars_top = TOP + LINE + legend_height + 4;
    let heights: Vec<i32> = rows.iter().map(|s| BAR + callout_height(s) + GAP).collect();
    let bottom = bars_top + GAP + heights.iter().sum::<i32>();
    let mut svg = Svg::new(bottom + AXIS_HEIGHT, title, desc);
    svg.text("単位: 件", (MARGIN, unit_y), Anchor::Start, INK);
    svg.legend(TOP + LINE, &legend);
    axis.draw(&mut svg, (bars_top, bottom), &ticks, |t| t.to_string());
    let mut y0 = bars_top + GAP;
    for (((fy, _), segments), height) in distribution.iter().zip(&rows).zip(&heights) {
        svg.text(&fy.label, (left - 8, y0 + BAR / 2), Anchor::End, INK);
        stacked_bar(&mut svg, y0, BAR, segments);
        y0 += height;
    }
    svg.finish()
}

/// For each measure, its id and title (on up to two lines, shortened with
/// 「…」, whole in the label's `<title>`), then one thin bar per fiscal
/// year (oldest on top) with its percentage after it; `-` where the
/// achievement has no number. A legend above names the years' colours.
pub fn percentages_svg(
    fiscal_years: &[&FiscalYear],
    rows: &[(&Measure, Vec<Option<f64>>)],
    title: &str,
    desc: &str,
) -> String {
    const BAR: i32 = 20;
    const ROW_GAP: i32 = 12;
    let legend: Vec<_> = fiscal_years
        .iter()
        .enumerate()
        .map(|(i, fy)| (fy.label.clone(), year_colour(i), Hatch::Solid))
        .collect();
    let labels: Vec<(String, Vec<String>)> = rows
        .iter()
        .map(|(m, _)| {
            let full = format!("{} {}", m.id, m.title);
            let lines = wrap(&full, WIDTH - 2 * MARGIN, 2);
            (full, lines)
        })
        .collect();
    let values: Vec<Vec<String>> = rows
        .iter()
        .map(|(_, percents)| {
            percents
                .iter()
                .map(|p| p.map_or_else(|| "-".to_string(), format_percent))
                .collect()
        })
        .collect();
    let highest = rows
        .iter()
        .flat_map(|(_, p)| p.iter().flatten())
        .fold(100.0_f64, |a, &b| a.max(b));
    let ticks = ticks(highest);
    let tick_label = |t: f64| format!("{t}%");
    let widest_value = values.iter().flatten().map(|v| label_width(v)).max();
    let value_room = widest_value.unwrap_or(0) + 4 + MARGIN;
    let last_tick = tick_label(ticks.last().copied().unwrap_or(0.0));
    let axis = ValueAxis {
        left: MARGIN + label_width(&tick_label(0.0)) / 2,
        right: WIDTH - value_room.max(right_room(&last_tick)),
        max: highest,
    };
    let legend_height = Svg::new(0, "", "").legend(0, &legend);
    let bars_height = fiscal_years.len() as i32 * (BAR + 2);
    let heights: Vec<i32> = labels
        .iter()
        .map(|(_, lines)| lines.len() as i32 * LINE + bars_height + ROW_GAP)
        .collect();
    let top = TOP + legend_height + ROW_GAP / 2;
    let bottom = top + heights.iter().sum::<i32>();
    let mut svg = Svg::new(bottom + AXIS_HEIGHT, title, desc);
    svg.legend(TOP, &legend);
    let mut y0 = top;
    for (row, ((full, lines), percents)) in
        labels.iter().zip(rows).map(|(l, r)| (l, &r.1)).enumerate()
    {
        if row > 0 {
            svg.line((0, y0), (WIDTH, y0), super::svg::GRID, 1, "");
        }
        let shortened = lines.concat() != *full;
        for (i, line) in lines.iter().enumerate() {
            let at = (MARGIN, y0 + ROW_GAP / 2 + i as i32 * LINE + LINE / 2);
            svg.titled_text(
                line,
                shortened.then_some(full.as_str()),
                at,
                Anchor::Start,
                INK,
            );
        }
        let bars_top = y0 + ROW_GAP / 2 + lines.len() as i32 * LINE;
        axis.grid(&mut svg, (bars_top - 2, bars_top + bars_height), &ticks);
        for (i, (percent, value)) in percents.iter().zip(&values[row]).enumerate() {
            let y = bars_top + i as i32 * (BAR + 2);
            let end = match percent {
                Some(p) => {
                    let end = axis.x(*p);
                    let colour = super::svg::hex(year_colour(i));
                    svg.rect((axis.left, y), (end, y + BAR), &colour);
                    end
                }
                None => axis.left,
            };
            svg.text(value, (end + 4, y + BAR / 2), Anchor::Start, INK);
        }
        y0 += heights[row];
    }
    axis.tick_labels(&mut svg, bottom, &ticks, tick_label);
    svg.finish()
}

/// Year labels under a horizontal axis of `slots` columns `slot` px wide:
/// each wrapped onto as many lines as it needs (at most three). Returns
/// the lines and the height they take.
pub(super) fn year_axis_labels(years: &[&FiscalYear], slot: i32) -> (Vec<Vec<String>>, i32) {
    let lines: Vec<Vec<String>> = years
        .iter()
        .map(|fy| wrap(&fy.label, slot - 8, 3))
        .collect();
    let most = lines.iter().map(Vec::len).max().unwrap_or(1) as i32;
    (lines, most * LINE + 8)
}

/// Draws [`year_axis_labels`] centred on each `x`, from `top`.
pub(super) fn draw_year_labels(
    svg: &mut Svg,
    years: &[&FiscalYear],
    lines: &[Vec<String>],
    top: i32,
    x: impl Fn(usize) -> i32,
) {
    for (i, (fy, lines)) in years.iter().zip(lines).enumerate() {
        let full = (lines.concat() != fy.label).then_some(fy.label.as_str());
        for (n, line) in lines.iter().enumerate() {
            let at = (x(i), top + 4 + n as i32 * LINE + LINE / 2);
            svg.titled_text(line, full, at, Anchor::Middle, INK);
        }
    }
}

/// The mean percentage per fiscal year as a line with a marker and its
/// value at each year; a year without any number breaks the line.
pub fn trend_svg(points: &[TrendPoint], title: &str, desc: &str) -> String {
    const PLOT: i32 = 180;
    const MARKER: i32 = 6;
    let highest = points
        .iter()
        .filter_map(|p| p.mean)
        .fold(100.0_f64, f64::max);
    let ticks = ticks(highest);
    let tick_label = |t: f64| format!("{t}%");
    let left = MARGIN
        + 8
        + ticks
            .iter()
            .map(|t| label_width(&tick_label(*t)))
            .max()
            .unwrap_or(0);
    let right = WIDTH - MARGIN;
    let (top, bottom) = (TOP + 30, TOP + 30 + PLOT);
    let y = |value: f64| bottom - ((value / highest) * f64::from(bottom - top)).round() as i32;
    let slot = (right - left) / points.len().max(1) as i32;
    let x = |i: usize| left + slot * i as i32 + slot / 2;
    let years: Vec<&FiscalYear> = points.iter().map(|p| p.fiscal_year).collect();
    let (year_lines, axis_height) = year_axis_labels(&years, slot);
    let mut svg = Svg::new(bottom + axis_height, title, desc);
    for tick in &ticks {
        svg.line((left, y(*tick)), (right, y(*tick)), super::svg::GRID, 1, "");
        svg.text(&tick_label(*tick), (left - 8, y(*tick)), Anchor::End, INK);
    }
    svg.line((left, top), (left, bottom), INK, 1, "");
    for (i, pair) in points.windows(2).enumerate() {
        if let (Some(a), Some(b)) = (pair[0].mean, pair[1].mean) {
            svg.line((x(i), y(a)), (x(i + 1), y(b)), TREND_LINE, 3, "");
        }
    }
    draw_year_labels(&mut svg, &years, &year_lines, bottom, x);
    for (i, point) in points.iter().enumerate() {
        let Some(mean) = point.mean else {
            svg.text("-", (x(i), bottom - 16), Anchor::Middle, INK);
            continue;
        };
        svg.circle((x(i), y(mean)), MARKER, TREND_LINE);
        let value = format!("{}%", format_percent(mean));
        svg.text(&value, (x(i), y(mean) - 20), Anchor::Middle, INK);
    }
    svg.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year(year: u16, label: &str) -> FiscalYear {
        FiscalYear {
            year,
            label: label.into(),
            draft: false,
        }
    }

    /// Grades differ by more than colour: a hatched grade is filled with
    /// its pattern, a solid one is not.
    #[test]
    fn hatched_grades_are_patterned_and_solid_ones_are_not() {
        let fy = year(2020, "令和2年度");
        let grading = Grading::default();
        let svg = |grade| distribution_svg(&grading, &[(fy.clone(), vec![(grade, 3)])], "t", "d");
        assert!(!svg(Grade::Band(0)).contains("<pattern"));
        assert!(svg(Grade::Band(1)).contains("<pattern"));
        assert!(svg(Grade::Band(1)).contains(&super::super::svg::xml("令和2年度")));
    }

    /// The whole of one chart, to see any change of layout in review.
    #[test]
    fn a_grade_chart_as_written() {
        let site = crate::render::test_site::site();
        let grading = crate::render::test_site::grading();
        let node = &site.nodes[0];
        let distribution = crate::charts::grade_distribution(&site, &grading, Some(node));
        let desc = crate::charts::alt::grade_alt(&site, &grading, Some(node), &distribution);
        let title = "基本施策1 達成度区分の分布";
        insta::assert_snapshot!(distribution_svg(&grading, &distribution, title, &desc));
    }

    #[test]
    fn a_count_too_narrow_for_its_segment_is_written_under_the_bar() {
        let fy = year(2020, "令和2年度");
        let grading = Grading::default();
        let counts = vec![(Grade::Band(0), 60), (Grade::Band(1), 1)];
        let svg = distribution_svg(&grading, &[(fy, counts)], "t", "d");
        assert!(
            svg.contains(">60</text>") && svg.contains(">1</text>"),
            "{svg}"
        );
    }
}
