//! `indicators:` of a measure or a node checked: a name, one name per
//! indicator, a direction the site can read, a value to every baseline and
//! target, and values only for fiscal years of the plan.

use serde_saphyr::Spanned;
use std::collections::BTreeSet;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{Document, IndicatorFront};
use crate::model::indicator::DIRECTIONS;
use crate::model::{Direction, Plan};

/// Reports every problem of the indicators of `doc` with its line and its
/// field (`indicators[2].direction`, counted from 1 as staff count).
pub(super) fn check<T>(
    fronts: &[Spanned<IndicatorFront>],
    doc: &Document<T>,
    plan: &Plan,
    diags: &mut Diagnostics,
) {
    let mut names = BTreeSet::new();
    for (index, spanned) in fronts.iter().enumerate() {
        let indicator = &spanned.value;
        let field = |key: &str| format!("indicators[{}].{key}", index + 1);
        let mut error = |line: u64, key: &str, message: String| {
            diags.push(Diagnostic::error(
                &doc.file,
                Some(doc.line(line)),
                Some(&field(key)),
                message,
            ));
        };
        let name = indicator.name.trim();
        let who = if name.is_empty() {
            format!("{} つ目の指標", index + 1)
        } else {
            format!("指標「{name}」")
        };
        let item_line = spanned.referenced.line();
        if name.is_empty() {
            error(
                item_line,
                "name",
                format!(
                    "{} つ目の指標の名前（name）が空です。指標名を書いてください",
                    index + 1
                ),
            );
        } else if !names.insert(name) {
            error(
                item_line,
                "name",
                format!(
                    "指標「{name}」が二度書かれています。同じ指標なら一つにまとめ、別の指標なら名前を変えてください"
                ),
            );
        }
        if let Some(direction) = &indicator.direction {
            if Direction::parse(&direction.value).is_none() {
                let labels: Vec<&str> = DIRECTIONS.iter().map(|d| d.label()).collect();
                let keys: Vec<&str> = DIRECTIONS.iter().map(|d| d.key()).collect();
                error(
                    direction.referenced.line(),
                    "direction",
                    format!(
                        "{who}の direction「{}」は読めません。{} のいずれかを書いてください（{} も使えます）",
                        direction.value,
                        labels.join("・"),
                        keys.join(", ")
                    ),
                );
            }
        }
        for (key, reference) in [
            ("baseline", &indicator.baseline),
            ("target", &indicator.target),
        ] {
            if let Some(reference) = reference
                .as_ref()
                .filter(|r| r.value.value.trim().is_empty())
            {
                error(
                    reference.referenced.line(),
                    &format!("{key}.value"),
                    format!(
                        "{who}の {key} に値（value）がありません。{key}: {{year: 2025, value: \"98.0%\"}} のように書くか、{key} の行を消してください"
                    ),
                );
            }
        }
        for (year, value) in &indicator.values {
            if !plan.fiscal_years.iter().any(|fy| fy.year == *year) {
                let known: Vec<String> = plan
                    .fiscal_years
                    .iter()
                    .map(|fy| fy.year.to_string())
                    .collect();
                error(
                    value.referenced.line(),
                    &format!("values.{year}"),
                    format!(
                        "{who}の {year} 年度は content/_index.md の fiscal_years にありません（あるのは {}）。基準値・目標値の年は baseline・target の year に書いてください",
                        known.join(", ")
                    ),
                );
            }
        }
    }
}
