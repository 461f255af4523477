//! What a scale of symbols (`[[grades]]` with `symbol`) must be: each
//! spelling reads as one step, steps with a rule from a percentage are
//! ordered, and the not-evaluable steps come after the ranked ones.

use crate::model::{symbol_key, GradeStep};

/// Charts tell steps apart by colour and hatch pattern: nine at most.
pub const MAX_GRADE_STEPS: usize = 9;

/// A scale of symbols needs at least this many steps to say anything.
const MIN_SYMBOL_STEPS: usize = 2;

/// The first step of a scale of symbols that is wrong: (index, key, why).
/// The problem of step `i` when an earlier step has its label.
pub(super) fn repeated_label(
    steps: &[GradeStep],
    i: usize,
) -> Option<(usize, &'static str, String)> {
    let label = steps[i].label.trim();
    let same = steps[..i]
        .iter()
        .position(|other| other.label.trim() == label)?;
    Some((
        i,
        "label",
        format!(
            "{} 番目の区分の label「{label}」は {} 番目と同じです。区分ごとに別の名前にしてください",
            i + 1,
            same + 1
        ),
    ))
}

pub(super) fn symbols_problem(steps: &[GradeStep]) -> Option<(usize, &'static str, String)> {
    if steps.len() < MIN_SYMBOL_STEPS {
        return Some((
            0,
            "symbol",
            format!("記号の区分（grades）が {} 個だけです。{MIN_SYMBOL_STEPS} 個から {MAX_GRADE_STEPS} 個までの区分を、よい順に書いてください", steps.len()),
        ));
    }
    // Every spelling read so far: (key, step, as written).
    let mut spellings: Vec<(String, usize, &str)> = Vec::new();
    let mut lowest_min: Option<(usize, f64)> = None;
    for (i, step) in steps.iter().enumerate() {
        let number = i + 1;
        let symbol = step.symbol.as_deref().unwrap_or_default();
        let written = std::iter::once(("symbol", symbol))
            .chain(step.also.iter().map(|a| ("also", a.as_str())));
        for (key, spelling) in written {
            let read = symbol_key(spelling);
            if read.is_empty() {
                return Some((
                    i,
                    key,
                    format!("{number} 番目の区分の {key} が空です。表に書かれているとおりの記号（例: S、◎）を書いてください"),
                ));
            }
            if let Some((_, other, first)) = spellings.iter().find(|(known, _, _)| *known == read) {
                return Some((
                    i,
                    key,
                    format!(
                        "{number} 番目の区分の「{spelling}」は {} 番目の区分の「{first}」と同じ記号として読みます（全角・半角、ダッシュの種類は区別しません）。区分ごとに別の記号にしてください",
                        other + 1
                    ),
                ));
            }
            spellings.push((read, i, spelling));
        }
        // The settings gave a step without a label its symbol.
        if let Some(problem) = repeated_label(steps, i) {
            return Some(problem);
        }
        if step.not_evaluable {
            if step.min.is_some() {
                return Some((
                    i,
                    "min",
                    format!("{number} 番目の区分は評価できない区分（not_evaluable）なので、min は書けません"),
                ));
            }
            continue;
        }
        if let Some(ranked) = steps[..i].iter().position(|s| s.not_evaluable) {
            return Some((
                i,
                "symbol",
                format!(
                    "評価できない区分（not_evaluable、{} 番目）は、ほかの区分より後に書いてください（{number} 番目がその後にあります）",
                    ranked + 1
                ),
            ));
        }
        let Some(min) = step.min else {
            continue;
        };
        if !min.is_finite() || min < 0.0 {
            return Some((
                i,
                "min",
                format!("{number} 番目の区分の min は 0 以上の数（達成率の %）にしてください（nan や inf は使えません）"),
            ));
        }
        if let Some((above, above_min)) = lowest_min.filter(|&(_, above_min)| min >= above_min) {
            return Some((
                i,
                "min",
                format!(
                    "min のある区分は min の大きい順に並べてください（{number} 番目の min {min} が {} 番目の {above_min} 以上です）",
                    above + 1
                ),
            ));
        }
        lowest_min = Some((i, min));
    }
    None
}
