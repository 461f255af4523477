//! 達成度: the achievement value of a measure in a fiscal year.
//! PLACEHOLDER: the parser is being written (see import helper); types are the contract.

use serde::Serialize;

/// An achievement value: the typed reading plus the raw text as written.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Achievement {
    /// The text as written in the table or the front matter.
    pub raw: String,
    pub kind: AchievementKind,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AchievementKind {
    /// `100%`, `70` → 70.0
    Percent { value: f64 },
    /// Several parts: `①100% ② 0% ③～⑦ 100%`, `(1)100% (2)50%`, `1.1/1回 100% 2.0/1回 0%`.
    Parts { parts: Vec<AchievementPart> },
    /// 実施: carried out, no number given.
    Implemented,
    /// 中止, 開催中止
    Cancelled,
    /// 未達
    NotAchieved,
    /// 実施なし, `-`
    NotCarriedOut,
    /// 数値評価は困難
    NotEvaluable,
    /// Empty cell.
    Empty,
    /// Anything else (a sentence); the raw text says it.
    Text,
}

/// One part of a multi-part achievement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AchievementPart {
    /// The part's marker as written: `①`, `③～⑦`, `(1)`, `1.`
    pub label: String,
    /// Its percentage, when one is given (a truncated part has none).
    pub percent: Option<f64>,
    /// Any other text of the part (`1/1回`).
    pub detail: String,
}

impl Achievement {
    /// Reads an achievement as written. Never fails: what is not recognised is `Text`.
    pub fn parse(raw: &str) -> Achievement {
        todo!("import helper implements the parser: {raw}")
    }

    /// The percentage used for grading: the value itself, or the mean of the
    /// parts that carry one.
    pub fn percent(&self) -> Option<f64> {
        match &self.kind {
            AchievementKind::Percent { value } => Some(*value),
            AchievementKind::Parts { parts } => {
                let values: Vec<f64> = parts.iter().filter_map(|p| p.percent).collect();
                (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
            }
            _ => None,
        }
    }
}
