//! `[[levels]]`, `measure_name` and `[[fields]]` in `site.toml` (issue #13's
//! shared design): what the city calls the plan's levels and its measures,
//! and the extra fields it declares.

use serde::Deserialize;

/// One level of the plan's hierarchy, top first.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelSetting {
    /// What the city calls the level (政策, 施策, 基本事業).
    pub name: String,
    /// ASCII: the front-matter key that links to a node of this level.
    pub key: String,
    /// `content/<folder>/`; default = key.
    #[serde(default)]
    pub folder: Option<String>,
}

/// A declared extra field.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSetting {
    /// The key under `extra:` (the table's heading, by default).
    pub key: String,
    /// Shown as; default = key.
    #[serde(default)]
    pub label: Option<String>,
    /// Kept in `content/`, never in the built site, search or open data.
    #[serde(default)]
    pub private: bool,
    /// The value lives under `years.<year>.extra`.
    #[serde(default)]
    pub per_year: bool,
}
