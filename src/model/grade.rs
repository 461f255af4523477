//! Grades: how an achievement is counted in charts and summaries.
//!
//! The city's scale (`[[grades]]` in `site.toml`) is either percentage
//! bands (every step has `min`) or symbols as the table writes them (S, A,
//! ◎ …, each step with a `symbol`). Achievements that no step takes are
//! grades of their own (実施, 中止, その他（記述）…).

use serde::{Deserialize, Serialize};

use super::{Achievement, AchievementKind};

mod symbols;

pub use symbols::symbol_key;

/// One step of the scale, best first: a band of percentages (`label`,
/// `min`: every value ≥ `min` and below the previous band's) or a symbol
/// as written in the table, with an optional rule from a percentage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeStep {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symbol: Option<String>,
    /// Defaults to the symbol (filled in by the settings).
    #[serde(default)]
    pub label: String,
    /// What the step means, in plain Japanese.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub meaning: String,
    /// Other spellings of the symbol.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// 評価できない・期限前: neither a failure nor 「実施なし」.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_evaluable: bool,
}

impl GradeStep {
    /// A percentage band, as the default scale has them.
    pub fn band(label: &str, min: f64) -> GradeStep {
        GradeStep {
            symbol: None,
            label: label.into(),
            meaning: String::new(),
            also: Vec::new(),
            min: Some(min),
            not_evaluable: false,
        }
    }
}

/// The grade of one achievement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Grade {
    /// Index into the city's scale (0 = best): a band or a symbol step.
    Band(usize),
    Implemented,
    Cancelled,
    NotAchieved,
    NotCarriedOut,
    NotEvaluable,
    Other,
    NoEntry,
}

/// One grade with what a page shows for it.
#[derive(Debug, Clone, Serialize)]
pub struct GradeInfo {
    /// Stable key for CSS classes and data: `band-0`, `step-0`, `implemented`, …
    pub key: String,
    pub label: String,
    /// Whether the grade carries a percentage.
    pub numeric: bool,
    /// The city's words for the step (`meaning` in `site.toml`), else empty.
    pub meaning: String,
    /// A step flagged `not_evaluable`: counted apart, never as a failure.
    pub not_evaluable: bool,
}

/// The grading scheme of a site.
#[derive(Debug, Clone)]
pub struct Grading {
    steps: Vec<GradeStep>,
    /// Per step, its spellings as [`symbol_key`] reads them (none for bands).
    spellings: Vec<Vec<String>>,
}

impl Default for Grading {
    /// The default bands of `site.toml`.
    fn default() -> Self {
        Grading::new(crate::config::default_grades())
    }
}

impl Grading {
    /// `steps` checked by config: bands sorted by `min`, highest first;
    /// symbols distinct, not-evaluable steps last.
    pub fn new(steps: Vec<GradeStep>) -> Self {
        let spellings = steps
            .iter()
            .map(|step| {
                step.symbol
                    .iter()
                    .chain(&step.also)
                    .map(|s| symbol_key(s))
                    .collect()
            })
            .collect();
        Grading { steps, spellings }
    }

    /// Whether the scale is of symbols (S/A/B, ◎○△) rather than bands.
    pub fn has_symbols(&self) -> bool {
        self.steps.iter().any(|step| step.symbol.is_some())
    }

    /// The step whose symbol `raw` is, read as [`symbol_key`] reads it.
    pub fn symbol_step(&self, raw: &str) -> Option<usize> {
        if !self.has_symbols() {
            return None;
        }
        let key = symbol_key(raw);
        self.spellings.iter().position(|s| s.contains(&key))
    }

    pub fn grade(&self, achievement: &Achievement) -> Grade {
        if let Some(step) = self.symbol_step(&achievement.raw) {
            return Grade::Band(step);
        }
        // Graded as shown: a mean of 79.96 reads 「80」 and is 80〜99%.
        if let Some(p) = achievement.percent().map(crate::model::number::round) {
            if !self.has_symbols() {
                return Grade::Band(
                    self.steps
                        .iter()
                        .position(|b| b.min.is_some_and(|min| p >= min))
                        .unwrap_or(self.steps.len() - 1),
                );
            }
            if let Some(step) = self
                .steps
                .iter()
                .position(|s| s.min.is_some_and(|m| p >= m))
            {
                return Grade::Band(step);
            }
        }
        match achievement.kind {
            AchievementKind::Implemented => Grade::Implemented,
            AchievementKind::Cancelled => Grade::Cancelled,
            AchievementKind::NotAchieved => Grade::NotAchieved,
            AchievementKind::NotCarriedOut => Grade::NotCarriedOut,
            AchievementKind::NotEvaluable => Grade::NotEvaluable,
            AchievementKind::Empty => Grade::NoEntry,
            _ => Grade::Other,
        }
    }

    /// The place of a grade in the scale's order (0 = best), for telling
    /// whether a measure rose or fell; none for a not-evaluable step and
    /// for the grades outside the scale.
    pub fn rank(&self, grade: Grade) -> Option<usize> {
        match grade {
            Grade::Band(i) if !self.steps[i].not_evaluable => Some(i),
            _ => None,
        }
    }

    /// Every grade in display order: the scale first, then the kinds it does not take.
    pub fn all(&self) -> Vec<Grade> {
        (0..self.steps.len())
            .map(Grade::Band)
            .chain([
                Grade::Implemented,
                Grade::Cancelled,
                Grade::NotAchieved,
                Grade::NotCarriedOut,
                Grade::NotEvaluable,
                Grade::Other,
                Grade::NoEntry,
            ])
            .collect()
    }

    pub fn info(&self, grade: Grade) -> GradeInfo {
        let (key, label) = match grade {
            Grade::Band(i) if self.has_symbols() => {
                (format!("step-{i}"), self.steps[i].label.clone())
            }
            Grade::Band(i) => (format!("band-{i}"), self.steps[i].label.clone()),
            Grade::Implemented => ("implemented".into(), "実施（数値なし）".into()),
            Grade::Cancelled => ("cancelled".into(), "中止".into()),
            Grade::NotAchieved => ("not-achieved".into(), "未達".into()),
            Grade::NotCarriedOut => ("not-carried-out".into(), "実施なし".into()),
            Grade::NotEvaluable => ("not-evaluable".into(), "数値評価は困難".into()),
            Grade::Other => ("other".into(), "その他（記述）".into()),
            Grade::NoEntry => ("no-entry".into(), "記入なし".into()),
        };
        let step = match grade {
            Grade::Band(i) => Some(&self.steps[i]),
            _ => None,
        };
        GradeInfo {
            key,
            label,
            numeric: matches!(grade, Grade::Band(_)) && !self.has_symbols(),
            meaning: step.map(|s| s.meaning.clone()).unwrap_or_default(),
            not_evaluable: step.is_some_and(|s| s.not_evaluable),
        }
    }

    pub fn steps(&self) -> &[GradeStep] {
        &self.steps
    }

    /// The steps that are not flagged not evaluable: they come first.
    pub fn ranked_steps(&self) -> usize {
        self.steps.iter().filter(|s| !s.not_evaluable).count()
    }

    /// The kind of an achievement as the open data names it: the grade for
    /// a symbol of the scale, else the kind read from the text.
    pub fn kind_label(&self, achievement: &Achievement) -> &'static str {
        match self.symbol_step(&achievement.raw) {
            Some(_) => "評価区分",
            None => achievement.kind.label(),
        }
    }

    /// An achievement as the JSON open data writes it: a symbol of the
    /// scale as `{"raw", "kind": "grade", "grade", "label"}`, else as read.
    pub fn reading<'a>(&self, achievement: &'a Achievement) -> Reading<'a> {
        match self.symbol_step(&achievement.raw) {
            Some(step) => {
                let info = self.info(Grade::Band(step));
                Reading::Grade {
                    raw: &achievement.raw,
                    kind: "grade",
                    grade: info.key,
                    label: info.label,
                }
            }
            None => Reading::Read(achievement),
        }
    }

    /// Why an achievement falls to 「その他（記述）」, for `check` and
    /// `build`; none when a step or a kind takes it.
    pub fn unread_problem(&self, achievement: &Achievement) -> Option<String> {
        let raw = &achievement.raw;
        if !self.has_symbols() {
            return (achievement.kind == AchievementKind::Text).then(|| format!(
                "達成度「{raw}」は割合や区分として読めません。記載のまま表示し、区分は「その他（記述）」とします"
            ));
        }
        if self.grade(achievement) != Grade::Other {
            return None;
        }
        let symbols: Vec<&str> = self
            .steps
            .iter()
            .filter_map(|s| s.symbol.as_deref())
            .collect();
        let symbols = symbols.join("・");
        Some(match achievement.percent() {
            Some(_) => format!(
                "達成度「{raw}」は割合ですが、区分（{symbols}）に割合の目安がありません。記載のまま表示し、区分は「その他（記述）」とします。割合で区分するには site.toml の [[grades]] に min を書いてください"
            ),
            None => format!(
                "達成度「{raw}」は区分（{symbols}）のどれにも当たりません。記載のまま表示し、区分は「その他（記述）」とします。区分の別の書き方なら site.toml の [[grades]] の also に加えてください"
            ),
        })
    }
}

/// An achievement in the JSON open data.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Reading<'a> {
    /// A symbol of the city's scale: its step's key and label.
    Grade {
        raw: &'a str,
        kind: &'static str,
        grade: String,
        label: String,
    },
    /// As [`Achievement`] reads it.
    Read(&'a Achievement),
}

#[cfg(test)]
mod tests;
