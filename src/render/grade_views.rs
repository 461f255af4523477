//! The city's grade scale as the data page explains it and as the theme
//! colours it.

use minijinja::context;
use minijinja::value::{Serde, Value};

use crate::charts::format_percent;
use crate::model::{Grade, Grading};

/// The class of `<body>` that picks the colours of a scale of symbols
/// (`grade-scale-4`: four ranked steps); none for bands, whose colours are fixed.
pub fn scale_class(grading: &Grading) -> Option<String> {
    grading
        .has_symbols()
        .then(|| format!("grade-scale-{}", grading.ranked_steps()))
}

/// `80%以上 100%未満`: the percentages a step takes by its rule, counting
/// from the previous step that has one.
fn rule(grading: &Grading, step: usize) -> String {
    let steps = grading.steps();
    let Some(min) = steps[step].min else {
        return String::new();
    };
    match steps[..step].iter().rev().find_map(|s| s.min) {
        Some(upper) => format!(
            "{}%以上 {}%未満",
            format_percent(min),
            format_percent(upper)
        ),
        None => format!("{}%以上", format_percent(min)),
    }
}

/// Each band of a scale of bands with its range; none for a scale of symbols.
pub fn band_rows(grading: &Grading) -> Vec<Value> {
    if grading.has_symbols() {
        return Vec::new();
    }
    (0..grading.steps().len())
        .map(|i| context! { grade => Serde(grading.info(Grade::Band(i))), range => rule(grading, i) })
        .collect()
}

/// Each step of a scale of symbols: its grade, its spellings, its rule
/// from a percentage; none for a scale of bands.
pub fn symbol_rows(grading: &Grading) -> Vec<Value> {
    if !grading.has_symbols() {
        return Vec::new();
    }
    grading
        .steps()
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let spellings: Vec<String> = step.symbol.iter().chain(&step.also).cloned().collect();
            context! {
                grade => Serde(grading.info(Grade::Band(i))),
                spellings,
                rule => rule(grading, i),
            }
        })
        .collect()
}
