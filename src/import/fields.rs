//! Front matter as a flat map of fields (`title`, `years.2021.status`, …),
//! and the three-way merge of a re-import: what the importer wrote last
//! time (from [`super::state`]), what the file holds now, what the table says.
//!
//! A field is the table's when the file still holds what the importer last
//! wrote; otherwise it was edited by hand and is kept. When the table also
//! changed it, that is a conflict: kept, and the import refuses unless forced.
//! Fields the table does not have (an older fiscal year) are kept as they are.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{json, Value};

use super::answers::is_blank_value;
use crate::load::{parse_front_matter, parse_measure_front, NodeFront};
use crate::model::fields::MEASURE_FIELDS;
use crate::model::{Extra, FieldKind, FieldValue, Indicator, Measure, Node, YearRecord};

/// Field name → value, as compared and as recorded in the import state.
pub(crate) type Fields = BTreeMap<String, Value>;

pub(crate) use crate::model::fields::YEAR_FIELDS;

/// Where the city's own fields go in the flat map: `extra.根拠法令`,
/// `years.2025.extra.事業費`.
const EXTRA: &str = "extra.";

pub(crate) fn measure_fields(measure: &Measure) -> Fields {
    let mut fields = Fields::new();
    for spec in &MEASURE_FIELDS {
        let value = match measure.field(spec.key) {
            FieldValue::Text(text) => json!(text),
            FieldValue::Names(names) => json!(names),
            FieldValue::PlanPage(page) => json!(page),
            FieldValue::Flag(flag) => json!(flag),
        };
        fields.insert(spec.key.into(), value);
    }
    extra_fields(&mut fields, "", &measure.extra);
    for record in &measure.years {
        let prefix = format!("years.{}.", record.year);
        for spec in &YEAR_FIELDS {
            let value = record.field(spec.key);
            fields.insert(format!("{prefix}{}", spec.key), json!(value));
        }
        extra_fields(&mut fields, &prefix, &record.extra);
    }
    super::indicator_fields::insert(&mut fields, &measure.indicators);
    fields
}

fn extra_fields(fields: &mut Fields, prefix: &str, extra: &Extra) {
    for (key, value) in extra.iter() {
        fields.insert(format!("{prefix}{EXTRA}{key}"), json!(value));
    }
}

pub(crate) fn node_fields(node: &Node) -> Fields {
    Fields::from([("title".to_string(), json!(node.title))])
}

/// The measure a file's front matter describes; None when it does not parse.
pub(crate) fn parse_measure(front: &str, file: &Path, node_key: &str) -> Option<Measure> {
    let front = parse_measure_front(front, file, 1, node_key).ok()?;
    Some(front.into_measure(String::new(), file.to_path_buf()))
}

/// A node file's fields, and its indicators: written by hand (no table
/// layout reads a node's), kept as they are by every import.
pub(crate) fn parse_node_fields(front: &str, file: &Path) -> Option<(Fields, Vec<Indicator>)> {
    let front: NodeFront = parse_front_matter(front, file, 1).ok()?;
    let fields = Fields::from([("title".to_string(), json!(front.title))]);
    Some((fields, crate::load::indicators_of(front.indicators)))
}

/// `measure` with the merged field values (its id, policy and file stay).
/// The city's own fields keep `measure`'s order; new ones follow, and so
/// do indicators (new ones in the order of `table_indicators`).
pub(crate) fn with_fields(
    measure: &Measure,
    table_indicators: &[Indicator],
    fields: &Fields,
) -> Measure {
    let text = |key: &str| {
        fields
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let mut merged = measure.clone();
    for spec in &MEASURE_FIELDS {
        let value = fields.get(spec.key).cloned().unwrap_or_default();
        let value = match spec.kind {
            FieldKind::Names => {
                FieldValue::Names(serde_json::from_value(value).unwrap_or_default())
            }
            FieldKind::PlanPage => {
                FieldValue::PlanPage(value.as_u64().and_then(|page| u32::try_from(page).ok()))
            }
            FieldKind::Flag => FieldValue::Flag(value.as_bool().unwrap_or_default()),
            FieldKind::Title | FieldKind::Text | FieldKind::Markdown | FieldKind::Achievement => {
                FieldValue::Text(text(spec.key))
            }
        };
        merged.set_field(spec.key, value);
    }
    merged.extra = merged_extra(&measure.extra, fields, EXTRA);
    let mut years: BTreeMap<u16, YearRecord> = BTreeMap::new();
    for key in fields.keys() {
        let Some(year) = key
            .strip_prefix("years.")
            .and_then(|rest| rest.split('.').next()?.parse::<u16>().ok())
        else {
            continue;
        };
        years.entry(year).or_insert_with(|| {
            let prefix = format!("years.{year}.");
            let mut record = YearRecord::empty(year);
            for spec in &YEAR_FIELDS {
                record.set_field(spec.key, text(&format!("{prefix}{}", spec.key)));
            }
            let before = measure
                .year(year)
                .map(|r| r.extra.clone())
                .unwrap_or_default();
            record.extra = merged_extra(&before, fields, &format!("{prefix}{EXTRA}"));
            record
        });
    }
    merged.years = years.into_values().collect();
    merged.indicators =
        super::indicator_fields::from_fields(&measure.indicators, table_indicators, fields);
    merged
}

/// The extra fields under `prefix` in `fields`: those `before` has in its
/// order, then the others.
fn merged_extra(before: &Extra, fields: &Fields, prefix: &str) -> Extra {
    let value = |key: &str| {
        fields
            .get(&format!("{prefix}{key}"))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let kept = before
        .iter()
        .filter_map(|(key, _)| Some((key.to_string(), value(key)?)));
    let added = fields.iter().filter_map(|(key, v)| {
        let name = key.strip_prefix(prefix)?;
        Some((name.to_string(), v.as_str()?.to_string()))
    });
    kept.chain(added.filter(|(key, _)| before.get(key).is_none()))
        .collect()
}

/// The outcome of merging one file's fields.
#[derive(Debug, Default)]
pub(crate) struct Merged {
    pub fields: Fields,
    /// Edited by hand, the table unchanged there: kept (unless forced).
    pub kept: Vec<String>,
    /// Edited by hand and changed in the table (or no record of the last
    /// import to tell): kept, unless forced.
    pub conflicts: Vec<String>,
}

/// Three-way merge. `last_import` is None when the importer has no record
/// of this file: then any difference from the table is a conflict. With
/// `force` the table wins everywhere; hand edits are still reported.
pub(crate) fn merge(
    last_import: Option<&Fields>,
    current: &Fields,
    table: &Fields,
    force: bool,
) -> Merged {
    let mut merged = Merged::default();
    let keys: std::collections::BTreeSet<&String> = current.keys().chain(table.keys()).collect();
    for key in keys {
        if key == "import_notes" {
            merged
                .fields
                .insert(key.clone(), merged_notes(current.get(key), table.get(key)));
            continue;
        }
        let value = match (current.get(key), table.get(key)) {
            (Some(now), None) => now,
            (None, Some(new)) => new,
            (Some(now), Some(new)) if now == new => new,
            (Some(now), Some(new)) => {
                let last = last_import.and_then(|fields| fields.get(key));
                // Filling a field nobody wrote loses nothing; one the importer
                // wrote and a clerk emptied stays empty.
                if last == Some(now) || (last.is_none() && is_blank_value(now)) {
                    new
                } else {
                    if last == Some(new) {
                        merged.kept.push(key.clone());
                    } else {
                        merged.conflicts.push(key.clone());
                    }
                    if force {
                        new
                    } else {
                        now
                    }
                }
            }
            (None, None) => continue,
        };
        merged.fields.insert(key.clone(), value.clone());
    }
    merged
}

/// The importer's notes are kept, the table's new ones added: a note the
/// file has already (whatever its row number, `行13: …`) is not repeated.
fn merged_notes(current: Option<&Value>, table: Option<&Value>) -> Value {
    let notes = |value: Option<&Value>| -> Vec<String> {
        value
            .and_then(|v| serde_json::from_value(v.clone()).ok())
            .unwrap_or_default()
    };
    let without_row = |note: &str| {
        note.split_once(": ")
            .map_or(note, |(_, text)| text)
            .to_string()
    };
    let mut merged = notes(current);
    let known: Vec<String> = merged.iter().map(|note| without_row(note)).collect();
    merged.extend(
        notes(table)
            .into_iter()
            .filter(|note| !known.contains(&without_row(note))),
    );
    json!(merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Fields {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), json!(v)))
            .collect()
    }

    #[test]
    fn the_table_wins_where_the_file_was_not_edited() {
        let last = fields(&[("title", "相談"), ("years.2020.status", "実施")]);
        let now = last.clone();
        let table = fields(&[("title", "相談"), ("years.2021.status", "継続")]);
        let merged = merge(Some(&last), &now, &table, false);
        assert_eq!(
            merged.fields,
            fields(&[
                ("title", "相談"),
                ("years.2020.status", "実施"),
                ("years.2021.status", "継続")
            ])
        );
        assert!(merged.kept.is_empty() && merged.conflicts.is_empty());
    }

    #[test]
    fn hand_edits_are_kept_and_conflicts_named() {
        let last = fields(&[("title", "相談"), ("plan_item", "ア")]);
        let now = fields(&[("title", "相談窓口"), ("plan_item", "イ")]);
        let table = fields(&[("title", "相談"), ("plan_item", "ウ")]);
        let merged = merge(Some(&last), &now, &table, false);
        assert_eq!(merged.fields, now);
        assert_eq!(
            (merged.kept, merged.conflicts),
            (vec!["title".to_string()], vec!["plan_item".to_string()])
        );
        assert_eq!(merge(Some(&last), &now, &table, true).fields, table);
        assert_eq!(
            merge(None, &now, &table, false).conflicts,
            ["plan_item", "title"]
        );
    }

    #[test]
    fn notes_are_kept_and_new_ones_added_once() {
        let now = Fields::from([("import_notes".into(), json!(["行13: 文章です"]))]);
        let table = Fields::from([(
            "import_notes".into(),
            json!(["行11: 文章です", "行12: 新しい"]),
        )]);
        let merged = merge(Some(&table), &now, &table, false);
        assert_eq!(
            merged.fields["import_notes"],
            json!(["行13: 文章です", "行12: 新しい"])
        );
        assert!(merged.kept.is_empty() && merged.conflicts.is_empty());
    }

    #[test]
    fn fields_round_trip_through_a_measure() {
        let front = "id: 1-01\npolicy: 1\ntitle: 相談\nplan_page: 21\ndepartments: [福祉部]\nyears:\n  2020:\n    status: 実施\n    achievement: 80\n";
        let measure = parse_measure(front, Path::new("m.md"), "policy").unwrap();
        let fields = measure_fields(&measure);
        assert_eq!(fields["years.2020.achievement"], json!("80"));
        let rebuilt = with_fields(&measure, &[], &fields);
        assert_eq!(measure_fields(&rebuilt), fields);
        assert_eq!(
            (rebuilt.plan_page, rebuilt.departments.clone()),
            (Some(21), vec!["福祉部".to_string()])
        );
        assert!(parse_measure("id: [", Path::new("m.md"), "policy").is_none());
    }
}
