//! Grades: how an achievement is counted in charts and summaries.
//! Numeric achievements fall into the configurable bands of `site.toml`;
//! the other kinds of achievement are grades of their own.

use serde::{Deserialize, Serialize};

use super::{Achievement, AchievementKind};

/// A band of percentages: every value ≥ `min` and below the previous band's `min`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeBand {
    pub label: String,
    pub min: f64,
}

/// The grade of one achievement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Grade {
    /// Index into the configured bands (0 = highest).
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
    /// Stable key for CSS classes and data: `band-0`, `implemented`, …
    pub key: String,
    pub label: String,
    /// Whether the grade carries a percentage.
    pub numeric: bool,
}

/// The grading scheme of a site.
#[derive(Debug, Clone)]
pub struct Grading {
    bands: Vec<GradeBand>,
}

impl Grading {
    /// `bands` must be sorted by `min`, highest first (checked by config).
    pub fn new(bands: Vec<GradeBand>) -> Self {
        Grading { bands }
    }

    pub fn grade(&self, achievement: &Achievement) -> Grade {
        match achievement.percent() {
            Some(p) => Grade::Band(
                self.bands
                    .iter()
                    .position(|b| p >= b.min)
                    .unwrap_or(self.bands.len() - 1),
            ),
            None => match achievement.kind {
                AchievementKind::Implemented => Grade::Implemented,
                AchievementKind::Cancelled => Grade::Cancelled,
                AchievementKind::NotAchieved => Grade::NotAchieved,
                AchievementKind::NotCarriedOut => Grade::NotCarriedOut,
                AchievementKind::NotEvaluable => Grade::NotEvaluable,
                AchievementKind::Empty => Grade::NoEntry,
                _ => Grade::Other,
            },
        }
    }

    /// Every grade in display order: bands first, then the kinds without a number.
    pub fn all(&self) -> Vec<Grade> {
        (0..self.bands.len())
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
            Grade::Band(i) => (format!("band-{i}"), self.bands[i].label.clone()),
            Grade::Implemented => ("implemented".into(), "実施（数値なし）".into()),
            Grade::Cancelled => ("cancelled".into(), "中止".into()),
            Grade::NotAchieved => ("not-achieved".into(), "未達".into()),
            Grade::NotCarriedOut => ("not-carried-out".into(), "実施なし".into()),
            Grade::NotEvaluable => ("not-evaluable".into(), "数値評価は困難".into()),
            Grade::Other => ("other".into(), "その他（記述）".into()),
            Grade::NoEntry => ("no-entry".into(), "記入なし".into()),
        };
        GradeInfo {
            key,
            label,
            numeric: matches!(grade, Grade::Band(_)),
        }
    }

    pub fn bands(&self) -> &[GradeBand] {
        &self.bands
    }
}
