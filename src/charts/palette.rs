//! Colours of grades and fiscal years, shared by the SVG charts and the
//! theme's legend swatches (`--grade-<key>` / `--year-<i>` in `style.css`;
//! a test keeps both in step). Based on the Okabe–Ito palette, which stays
//! distinguishable with colour-vision deficiencies. Colour is never the only
//! carrier of meaning: each grade also has a hatch pattern (drawn in the SVG
//! and on the legend swatches) and every chart has a labelled table beside it.

use crate::model::{Grade, Grading};

pub type Rgb = (u8, u8, u8);

/// Percentage bands from the highest down.
const BAND_COLOURS: [&str; 9] = [
    "#0072b2", "#56b4e9", "#e69f00", "#d55e00", "#994f00", "#5d3a9b", "#117733", "#44aa99",
    "#332288",
];

/// A scale of symbols runs from blue (best) through pale yellow to red
/// (worst): ColorBrewer's RdYlBu, which stays ordered with colour-vision
/// deficiencies. A scale of n ranked steps takes n tones spread over it.
pub const SCALE_TONES: [&str; 9] = [
    "#4575b4", "#74add1", "#abd9e9", "#e0f3f8", "#ffffbf", "#fee090", "#fdae61", "#f46d43",
    "#d73027",
];

/// A step flagged not evaluable: neutral, neither good nor bad.
pub const NOT_EVALUABLE_STEP_COLOUR: &str = "#a6a6a6";

/// Bars of successive fiscal years: the older light, the newer dark.
pub const YEAR_COLOURS: [&str; 4] = ["#56b4e9", "#0072b2", "#009e73", "#e69f00"];

/// Which of [`SCALE_TONES`] ranked step `step` of `ranked` takes.
pub fn scale_tone(step: usize, ranked: usize) -> usize {
    match ranked {
        0 | 1 => 0,
        _ => (step * (SCALE_TONES.len() - 1) + (ranked - 1) / 2) / (ranked - 1),
    }
}

pub fn grade_colour_hex(grading: &Grading, grade: Grade) -> &'static str {
    match grade {
        Grade::Band(i) if grading.has_symbols() => match grading.rank(grade) {
            Some(_) => SCALE_TONES[scale_tone(i, grading.ranked_steps())],
            None => NOT_EVALUABLE_STEP_COLOUR,
        },
        Grade::Band(i) => BAND_COLOURS[i.min(BAND_COLOURS.len() - 1)],
        Grade::Implemented => "#009e73",
        Grade::Cancelled => "#cc79a7",
        Grade::NotAchieved => "#882255",
        Grade::NotCarriedOut => "#777777",
        Grade::NotEvaluable => "#f0e442",
        Grade::Other => "#bbbbbb",
        Grade::NoEntry => "#e6e6e6",
    }
}

/// The hatch pattern that tells a grade apart without colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hatch {
    Solid,
    /// `/` lines
    Rising,
    /// `\` lines
    Falling,
    Horizontal,
    Vertical,
    Cross,
    /// `+` lines: horizontal and vertical
    Grid,
    /// A dot in every cell of a grid
    Dots,
    /// `/` and horizontal lines
    RisingHorizontal,
}

/// The steps of a scale, in order: nine patterns, one per step.
pub const STEP_HATCHES: [Hatch; 9] = [
    Hatch::Solid,
    Hatch::Rising,
    Hatch::Horizontal,
    Hatch::Falling,
    Hatch::Vertical,
    Hatch::Cross,
    Hatch::Grid,
    Hatch::Dots,
    Hatch::RisingHorizontal,
];

/// Each step of the scale its own pattern; the other grades take ones
/// that differ from their usual neighbours in the charts.
pub fn grade_hatch(grade: Grade) -> Hatch {
    use Hatch::*;
    match grade {
        Grade::Band(i) => STEP_HATCHES[i % STEP_HATCHES.len()],
        Grade::Implemented => Vertical,
        Grade::Cancelled => Cross,
        Grade::NotAchieved => Rising,
        Grade::NotCarriedOut => Horizontal,
        Grade::NotEvaluable => Falling,
        Grade::Other => Cross,
        Grade::NoEntry => Solid,
    }
}

pub fn grade_colour(grading: &Grading, grade: Grade) -> Rgb {
    parse_hex(grade_colour_hex(grading, grade))
}

pub fn year_colour(index: usize) -> Rgb {
    parse_hex(YEAR_COLOURS[index % YEAR_COLOURS.len()])
}

fn parse_hex(hex: &str) -> Rgb {
    let channel =
        |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).expect("palette colours are #rrggbb");
    (channel(1), channel(3), channel(5))
}

/// WCAG relative luminance.
fn luminance((r, g, b): Rgb) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/// Black or white, whichever contrasts more with `fill`.
pub fn text_colour_on(fill: Rgb) -> Rgb {
    let l = luminance(fill);
    if (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) {
        (0, 0, 0)
    } else {
        (255, 255, 255)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Grading;

    #[test]
    fn theme_stylesheet_uses_the_chart_colours() {
        let css = crate::render::theme::Theme::builtin_stylesheet();
        let grading = Grading::default();
        for grade in grading.all() {
            let declaration = format!(
                "--grade-{}: {};",
                grading.info(grade).key,
                grade_colour_hex(&grading, grade)
            );
            assert!(
                css.contains(&declaration),
                "style.css lacks `{declaration}`"
            );
        }
        for (i, colour) in YEAR_COLOURS.iter().enumerate() {
            let declaration = format!("--year-{i}: {colour};");
            assert!(
                css.contains(&declaration),
                "style.css lacks `{declaration}`"
            );
        }
    }

    /// A scale of symbols of n steps, the last not evaluable when `dash`.
    fn symbol_scale(n: usize, dash: bool) -> Grading {
        Grading::new(
            (0..n)
                .map(|i| crate::model::GradeStep {
                    symbol: Some(char::from(b'A' + i as u8).to_string()),
                    label: char::from(b'A' + i as u8).to_string(),
                    meaning: String::new(),
                    also: Vec::new(),
                    min: None,
                    not_evaluable: dash && i == n - 1,
                })
                .collect(),
        )
    }

    fn contrast(a: Rgb, b: Rgb) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn every_scale_of_2_to_9_steps_differs_by_pattern_colour_and_order() {
        for n in 2..=9 {
            for dash in [false, true] {
                let grading = symbol_scale(n, dash);
                let steps: Vec<Grade> = (0..n).map(Grade::Band).collect();
                let hatches: Vec<Hatch> = steps.iter().map(|g| grade_hatch(*g)).collect();
                let colours: Vec<&str> = steps
                    .iter()
                    .map(|g| grade_colour_hex(&grading, *g))
                    .collect();
                for i in 0..n {
                    assert!(
                        !hatches[..i].contains(&hatches[i]),
                        "{n} steps: {hatches:?}"
                    );
                    assert!(
                        !colours[..i].contains(&colours[i]),
                        "{n} steps: {colours:?}"
                    );
                    let fill = grade_colour(&grading, steps[i]);
                    assert!(
                        contrast(fill, text_colour_on(fill)) >= 4.5,
                        "{}",
                        colours[i]
                    );
                }
                // Ranked steps run down the tones in order; a dash is neutral.
                let ranked = grading.ranked_steps();
                let tones: Vec<usize> = (0..ranked).map(|i| scale_tone(i, ranked)).collect();
                assert!(tones.windows(2).all(|w| w[0] < w[1]), "{tones:?}");
                if ranked > 1 {
                    assert_eq!((tones[0], tones[ranked - 1]), (0, SCALE_TONES.len() - 1));
                }
                if dash {
                    assert_eq!(colours[n - 1], NOT_EVALUABLE_STEP_COLOUR);
                }
            }
        }
    }

    #[test]
    fn theme_stylesheet_colours_every_scale_as_the_charts_do() {
        let css = crate::render::theme::Theme::builtin_stylesheet();
        for (i, colour) in SCALE_TONES.iter().enumerate() {
            assert!(css.contains(&format!("--grade-tone-{i}: {colour};")));
        }
        assert!(css.contains(&format!(
            "--grade-step-not-evaluable: {NOT_EVALUABLE_STEP_COLOUR};"
        )));
        for (i, colour) in BAND_COLOURS.iter().enumerate() {
            assert!(css.contains(&format!("--grade-band-{i}: {colour};")));
        }
        for ranked in 1..=9 {
            for step in 0..ranked {
                let rule = format!(
                    ".grade-scale-{ranked} .grade-step-{step} .grade-swatch {{ background-color: var(--grade-tone-{}); }}",
                    scale_tone(step, ranked)
                );
                assert!(css.contains(&rule), "style.css lacks `{rule}`");
            }
        }
    }

    #[test]
    fn segment_text_contrasts_with_its_fill() {
        let grading = Grading::default();
        assert_eq!(
            text_colour_on(grade_colour(&grading, Grade::Band(0))),
            (255, 255, 255)
        );
        assert_eq!(
            text_colour_on(grade_colour(&grading, Grade::NotEvaluable)),
            (0, 0, 0)
        );
        assert_eq!(
            text_colour_on(grade_colour(&grading, Grade::NoEntry)),
            (0, 0, 0)
        );
    }
}
