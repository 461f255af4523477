//! `[indicators]`: how pages show the grade a measure's indicators give.

use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorSettings {
    /// Where the city gives its own 達成度, whether the grade computed from
    /// the indicators' progress is shown beside it (it always is where the
    /// city gives none).
    #[serde(default)]
    pub show_computed_grade: bool,
}
