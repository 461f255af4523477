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

/// `[[fields]]`: one of the city's own fields. An undeclared key under
/// `extra:` is kept and shown too, labelled by its key.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDeclaration {
    /// The key under `extra:` (by default the table's heading).
    pub key: String,
    /// What a citizen reads; the key when absent.
    #[serde(default)]
    label: Option<String>,
    /// Kept in `content/`, never in the built site, the search or open data
    /// (staff names, phone numbers, internal memos).
    #[serde(default)]
    pub private: bool,
    /// One value per fiscal year, under `years.<year>.extra`.
    #[serde(default)]
    pub per_year: bool,
}

impl FieldDeclaration {
    pub fn label(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.key)
    }
}
