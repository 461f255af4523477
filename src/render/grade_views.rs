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

/// Each grade outside the scale (実施, 中止, 記入なし …) with what puts an
/// achievement in it, as the data page explains it.
pub fn other_rows(grading: &Grading) -> Vec<Value> {
    grading
        .all()
        .into_iter()
        .filter(|g| !matches!(g, Grade::Band(_)))
        .map(|g| context! { grade => Serde(grading.info(g)), meaning => other_meaning(grading, g) })
        .collect()
}

fn other_meaning(grading: &Grading, grade: Grade) -> &'static str {
    match grade {
        Grade::Band(_) => "",
        Grade::Implemented => "「実施」とだけ書かれ、割合の記載がないもの",
        Grade::Cancelled => "「中止」「開催中止」と書かれたもの",
        Grade::NotAchieved => "「未達」と書かれたもの",
        // A scale with a dash step reads 「-」 as that step.
        Grade::NotCarriedOut if grading.symbol_step("-").is_some() => "「実施なし」と書かれたもの",
        Grade::NotCarriedOut => "「実施なし」または「-」と書かれたもの",
        Grade::NotEvaluable => "「数値評価は困難」と書かれたもの",
        Grade::Other => "文章で書かれ、上のいずれにも当たらないもの（記載をそのまま表示します）",
        Grade::NoEntry => "達成度の欄が空欄のもの、またはその年度の記録がないもの",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::GradeStep;

    #[test]
    fn a_dash_is_not_carried_out_only_where_the_scale_has_no_dash_step() {
        let bands = Grading::new(vec![GradeStep::band("100%", 100.0)]);
        let mut dash = GradeStep::band("−", 0.0);
        dash.symbol = Some("−".into());
        dash.min = None;
        dash.not_evaluable = true;
        let mut a = GradeStep::band("A", 0.0);
        a.symbol = Some("A".into());
        let symbols = Grading::new(vec![a, dash]);
        assert_eq!(
            other_meaning(&bands, Grade::NotCarriedOut),
            "「実施なし」または「-」と書かれたもの"
        );
        assert_eq!(
            other_meaning(&symbols, Grade::NotCarriedOut),
            "「実施なし」と書かれたもの"
        );
    }
}
