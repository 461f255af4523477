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
    /// A yearly figure's unit (`千円`, `人`): the field holds numbers,
    /// shown in a table and a chart and summed per node.
    #[serde(default)]
    pub unit: Option<String>,
    /// Figures of one group (`財源内訳`) are drawn stacked in one chart.
    #[serde(default)]
    pub group: Option<String>,
    /// The figure the nodes' and the top page's "what it costs" show.
    #[serde(default)]
    pub total: bool,
}

impl FieldDeclaration {
    pub fn label(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.key)
    }

    /// Whether the field is a yearly figure: published and with a unit.
    pub fn is_figure(&self) -> bool {
        self.unit.is_some() && !self.private
    }
}

/// The first declaration whose `unit`, `group` or `total` is wrong:
/// (index, key, why). A unit makes a yearly figure, so it needs
/// `per_year`; a group and the total are figures, so they need a unit;
/// one chart draws a group, so its figures share their unit; one figure
/// is the total.
pub(super) fn figures_problem(
    fields: &[FieldDeclaration],
) -> Option<(usize, &'static str, String)> {
    for (i, field) in fields.iter().enumerate() {
        let key = &field.key;
        if let Some(unit) = &field.unit {
            if unit.trim().is_empty() {
                return Some((
                    i,
                    "unit",
                    format!(
                        "「{key}」の unit が空です。単位（例: 千円、人、時間）を書いてください"
                    ),
                ));
            }
            if !field.per_year {
                return Some((i, "unit", format!("「{key}」に unit があります。単位のある項目は年度ごとの数値です。per_year = true を加えてください")));
            }
        } else {
            let needs_unit = |setting: &str| {
                format!("「{key}」の {setting} は数値の項目にだけ書けます。unit（例: 千円）と per_year = true を加えてください")
            };
            if field.group.is_some() {
                return Some((i, "group", needs_unit("group")));
            }
            if field.total {
                return Some((i, "total", needs_unit("total")));
            }
        }
        if field.total && field.private {
            return Some((i, "total", format!("「{key}」は private（公開しない項目）なので total にできません。公開する項目に total = true を書いてください")));
        }
        if let Some(first) = fields[..i].iter().find(|other| field.total && other.total) {
            return Some((i, "total", format!("total = true は一つの項目にだけ書けます（「{}」と「{key}」）。合計として示す項目を一つ選んでください", first.key)));
        }
        let same_group = fields[..i].iter().find(|other| {
            field.group.is_some() && other.group == field.group && other.unit != field.unit
        });
        if let (Some(other), Some(group)) = (same_group, &field.group) {
            return Some((i, "unit", format!(
                "group「{group}」の項目は一つのグラフに積み上げるので、同じ単位にしてください（「{}」は {}、「{key}」は {}）",
                other.key,
                other.unit.as_deref().unwrap_or_default(),
                field.unit.as_deref().unwrap_or_default()
            )));
        }
    }
    None
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
