//! `indicators:` in a measure's or a node's front matter: each indicator as
//! written, every value kept as the text the city wrote (a YAML number
//! `1.50` reads as `1.50`, not 1.5). `validate` checks the direction and the years
//! against the plan; [`IndicatorFront::into_indicator`] is the one
//! conversion to the model.

use serde::{Deserialize, Deserializer};
use serde_saphyr::Spanned;
use std::collections::BTreeMap;

use super::front_matter::text;
use crate::model::{Direction, Indicator, Reference};

/// One entry of `indicators:`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorFront {
    /// Required; `validate` says so with the entry's line when it is empty.
    #[serde(default, deserialize_with = "text")]
    pub name: String,
    #[serde(default, deserialize_with = "text")]
    pub kind: String,
    #[serde(default, deserialize_with = "written")]
    pub unit: String,
    /// 増加 / 減少 / 以上を維持 / 以下を維持 (or `increase` …): read by
    /// [`Direction::parse`]; `validate` refuses any other word.
    #[serde(default)]
    pub direction: Option<Spanned<String>>,
    #[serde(default)]
    pub baseline: Option<Spanned<ReferenceFront>>,
    #[serde(default)]
    pub target: Option<Spanned<ReferenceFront>>,
    /// Fiscal year → the value as written; `validate` checks the years.
    #[serde(default)]
    pub values: BTreeMap<u16, Spanned<Written>>,
    #[serde(default, deserialize_with = "text")]
    pub note: String,
}

/// `baseline:` / `target:`: `{year: 2018, value: "94.1%"}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceFront {
    /// Any year (a baseline often predates the plan).
    #[serde(default)]
    pub year: Option<u16>,
    #[serde(default, deserialize_with = "written")]
    pub value: String,
}

/// A value as written: a plain YAML number reads as its text (`1.50`
/// stays `1.50`); empty for a blank value.
#[derive(Debug, Clone, Default)]
pub struct Written(pub String);

impl<'de> Deserialize<'de> for Written {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Checked(#[serde(deserialize_with = "text")] String);
        let value = Option::<Checked>::deserialize(deserializer)?;
        Ok(Written(value.map(|checked| checked.0).unwrap_or_default()))
    }
}

fn written<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Written::deserialize(deserializer).map(|w| w.0)
}

impl IndicatorFront {
    /// The indicator as the model holds it: texts trimmed, blank values
    /// and references left out, an unknown direction left to `validate`.
    pub fn into_indicator(self) -> Indicator {
        let reference = |front: Option<Spanned<ReferenceFront>>| {
            front
                .map(|r| r.value)
                .map(|r| Reference {
                    year: r.year,
                    value: r.value.trim().to_string(),
                })
                .filter(|r| !r.value.is_empty())
        };
        Indicator {
            name: self.name.trim().to_string(),
            kind: self.kind.trim().to_string(),
            unit: Some(self.unit.trim().to_string()).filter(|u| !u.is_empty()),
            direction: self.direction.and_then(|d| Direction::parse(&d.value)),
            baseline: reference(self.baseline),
            target: reference(self.target),
            values: self
                .values
                .into_iter()
                .map(|(year, value)| (year, value.value.0.trim().to_string()))
                .filter(|(_, value)| !value.is_empty())
                .collect(),
            note: self.note.trim().to_string(),
        }
    }
}
