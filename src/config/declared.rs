//! `[[fields]]` in `site.toml`: the city's own fields and which are private.

use serde::Deserialize;

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
    /// A filter of the measure finder (今後の方向性: 現状維持／改革改善／終了).
    #[serde(default)]
    pub filter: bool,
}

impl FieldDeclaration {
    pub fn label(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.key)
    }
}

/// The keys of the fields declared private: the one rule that keeps them
/// out of the built site.
pub fn private_keys(fields: &[FieldDeclaration]) -> Vec<&str> {
    fields
        .iter()
        .filter(|field| field.private)
        .map(|field| field.key.as_str())
        .collect()
}
