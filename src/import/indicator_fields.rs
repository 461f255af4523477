//! Indicators in the flat map of fields a re-import merges: one field per
//! key of each indicator, named by the indicator's name within its measure
//! (`indicators[待機児童数].values.2021`). So a re-import takes the table's
//! values where the file still holds what the importer wrote, keeps what
//! staff edited by hand, and keeps whole indicators the table does not
//! describe (written by hand): the same rule as every other field.

use serde_json::{json, Value};
use std::collections::BTreeMap;

use super::fields::Fields;
use crate::model::{Direction, Indicator, Reference};

const PREFIX: &str = "indicators[";

/// The fields of `indicators`; empty keys are left out (a blank cell keeps
/// what the file has), the name is always there (the indicator exists).
pub(crate) fn insert(fields: &mut Fields, indicators: &[Indicator]) {
    for indicator in indicators {
        let mut put = |key: &str, value: Value| {
            fields.insert(format!("{PREFIX}{}].{key}", indicator.name), value);
        };
        put("name", json!(indicator.name));
        let direction = indicator
            .direction
            .map(Direction::label)
            .unwrap_or_default();
        let unit = indicator.unit.as_deref().unwrap_or_default();
        for (key, text) in [
            ("kind", indicator.kind.as_str()),
            ("unit", unit),
            ("direction", direction),
            ("note", indicator.note.as_str()),
        ] {
            if !text.is_empty() {
                put(key, json!(text));
            }
        }
        for (key, reference) in [
            ("baseline", &indicator.baseline),
            ("target", &indicator.target),
        ] {
            if let Some(reference) = reference {
                put(&format!("{key}.value"), json!(reference.value));
                if let Some(year) = reference.year {
                    put(&format!("{key}.year"), json!(year));
                }
            }
        }
        for (year, value) in &indicator.values {
            put(&format!("values.{year}"), json!(value));
        }
    }
}

/// The indicators the merged `fields` describe: those of `before` in their
/// order, then the others in the order of `table`.
pub(crate) fn from_fields(
    before: &[Indicator],
    table: &[Indicator],
    fields: &Fields,
) -> Vec<Indicator> {
    let mut by_name: BTreeMap<&str, Indicator> = BTreeMap::new();
    for (key, value) in fields {
        let Some((name, part)) = key
            .strip_prefix(PREFIX)
            .and_then(|rest| rest.rsplit_once("]."))
        else {
            continue;
        };
        let indicator = by_name.entry(name).or_insert_with(|| Indicator {
            name: name.to_string(),
            ..Indicator::default()
        });
        set(indicator, part, value);
    }
    let order = |name: &str| {
        let position = |list: &[Indicator]| list.iter().position(|i| i.name == name);
        (position(before).unwrap_or(usize::MAX), position(table))
    };
    let mut indicators: Vec<Indicator> = by_name.into_values().collect();
    indicators.sort_by_cached_key(|indicator| order(&indicator.name));
    indicators
}

/// Sets one key of an indicator from its field.
fn set(indicator: &mut Indicator, part: &str, value: &Value) {
    let text = value.as_str().unwrap_or_default().to_string();
    let (slot, key) = match part.split_once('.') {
        Some(("baseline", key)) => (&mut indicator.baseline, key),
        Some(("target", key)) => (&mut indicator.target, key),
        Some(("values", year)) => {
            if let Ok(year) = year.parse() {
                indicator.values.insert(year, text);
            }
            return;
        }
        _ => {
            match part {
                "kind" => indicator.kind = text,
                "unit" => indicator.unit = Some(text).filter(|u| !u.is_empty()),
                "direction" => indicator.direction = Direction::parse(&text),
                "note" => indicator.note = text,
                _ => {}
            }
            return;
        }
    };
    let reference = slot.get_or_insert_with(|| Reference {
        year: None,
        value: String::new(),
    });
    match key {
        "value" => reference.value = text,
        "year" => reference.year = value.as_u64().and_then(|y| u16::try_from(y).ok()),
        _ => {}
    }
}
