//! What the import does to each content file: create it, leave it, or
//! merge the table into it field by field (see [`super::fields`]), with the
//! changes as a readable diff for `--dry-run`.

use std::path::{Path, PathBuf};

use super::answers::TableMeasure;
use super::emit;
use super::fields::{self, Fields, Merged};
use super::merge::{read_existing, Existing};
use super::state::ImportState;
use super::ImportError;
use crate::model::{Level, Measure, Node, Plan};

/// One content file the import would write, and why.
pub(crate) struct Planned {
    pub path: PathBuf,
    pub front: String,
    /// The hand-written body, always carried over.
    pub body: String,
    pub change: Change,
    /// `+ field: value` / `- field: value` lines, for the report.
    pub diff: Vec<String>,
    /// The table's values for this file, recorded as "last imported".
    pub record: Option<Fields>,
    /// Fields edited by hand since the last import (`title`, `years.2020.status`).
    pub hand_edits: Vec<String>,
    /// The fields before and after the import (for the summary's counts).
    pub before: Fields,
    pub after: Fields,
    /// Hand-edited fields the table changes too.
    pub conflicts: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Change {
    Create,
    Unchanged,
    /// Merged: the table's changes in, hand edits kept.
    Update,
    /// Forced: the table's values replaced hand edits.
    Overwrite,
    /// Hand edits the table changes too: the import refuses unless forced.
    Conflict,
}

pub(crate) struct Updater<'a> {
    pub root: &'a Path,
    pub state: &'a ImportState,
    pub force: bool,
    /// Files the import replaces whole, as if absent (`init`'s samples).
    pub replaced: &'a [PathBuf],
    /// The site's levels: a measure links to its node by the lowest's key.
    pub levels: &'a [Level],
}

impl Updater<'_> {
    /// A measure of the table, merged into `existing` (the measure it was
    /// matched with) or written as new. Blank cells keep the existing
    /// values (unless forced); erase markers empty them.
    pub(crate) fn measure(
        &self,
        from_table: &TableMeasure,
        existing: Option<&Measure>,
    ) -> Result<Planned, ImportError> {
        let table = &from_table.measure;
        // A new measure is written whole, blanks too.
        let mut table_fields = fields::measure_fields(table);
        let (measure, current) = match existing {
            Some(old) => {
                table_fields = from_table.fields_to_import(self.force);
                let current = fields::measure_fields(old);
                // A year left blank (a template not filled in) adds nothing.
                for record in table
                    .years
                    .iter()
                    .filter(|r| old.year(r.year).is_none() && !r.is_reported())
                {
                    table_fields
                        .retain(|key, _| !key.starts_with(&format!("years.{}.", record.year)));
                }
                let merged = self.merge(&old.file, &current, &table_fields);
                (
                    fields::with_fields(old, &table.indicators, &merged.fields),
                    Some((current, merged)),
                )
            }
            None => (table.clone(), None),
        };
        let after = fields::measure_fields(&measure);
        self.planned(
            &measure.file,
            emit::measure_front(&measure, Level::link_key(self.levels)),
            table_fields,
            after,
            current,
        )
    }

    pub(crate) fn node(&self, table: &Node) -> Result<Planned, ImportError> {
        let table_fields = fields::node_fields(table);
        let file = self.existing(&table.file)?;
        let current = file
            .as_ref()
            .and_then(|e| fields::parse_node_fields(e.front.as_deref()?, &table.file));
        let (node, current) = match current {
            Some((current, indicators)) => {
                let merged = self.merge(&table.file, &current, &table_fields);
                let title = merged
                    .fields
                    .get("title")
                    .and_then(|v| v.as_str())
                    .unwrap_or(&table.title)
                    .to_string();
                (
                    Node {
                        title,
                        indicators,
                        ..table.clone()
                    },
                    Some((current, merged)),
                )
            }
            None => (table.clone(), None),
        };
        let after = fields::node_fields(&node);
        self.planned(
            &table.file,
            emit::node_front(&node),
            table_fields,
            after,
            current,
        )
    }

    /// The plan belongs to the importer except its title and organization;
    /// its fiscal years are those already in the site and the table's.
    pub(crate) fn plan(&self, plan: &Plan) -> Result<Planned, ImportError> {
        let existing = read_existing(self.root, &plan.file)?;
        let front = emit::plan_front(plan);
        let before = existing
            .as_ref()
            .and_then(|e| e.front.clone())
            .unwrap_or_default();
        let change = match &existing {
            None => Change::Create,
            Some(e) if e.front.as_deref() == Some(front.as_str()) => Change::Unchanged,
            Some(_) => Change::Update,
        };
        let diff = line_diff(&before, &front);
        Ok(Planned {
            path: plan.file.clone(),
            body: existing.map(|e| e.body).unwrap_or_default(),
            front,
            change,
            diff,
            record: None,
            hand_edits: Vec::new(),
            conflicts: Vec::new(),
            before: Fields::new(),
            after: Fields::new(),
        })
    }

    fn existing(&self, path: &Path) -> Result<Option<Existing>, ImportError> {
        if self.replaced.iter().any(|replaced| replaced == path) {
            return Ok(None);
        }
        read_existing(self.root, path)
    }

    fn merge(&self, file: &Path, current: &Fields, table: &Fields) -> Merged {
        fields::merge(self.state.get(file), current, table, self.force)
    }

    fn planned(
        &self,
        path: &Path,
        front: String,
        table: Fields,
        after: Fields,
        current: Option<(Fields, Merged)>,
    ) -> Result<Planned, ImportError> {
        let existing = self.existing(path)?;
        let (before, merged) = current.unwrap_or_default();
        let edited = !merged.hand_edits().is_empty();
        let unchanged = existing
            .as_ref()
            .is_some_and(|e| e.front.as_deref() == Some(front.as_str()));
        // A file whose front matter does not parse has nothing to merge with.
        let unreadable = before.is_empty() && !unchanged;
        let change = match &existing {
            None => Change::Create,
            Some(_) if !merged.conflicts.is_empty() || unreadable => {
                if self.force {
                    Change::Overwrite
                } else {
                    Change::Conflict
                }
            }
            Some(_) if unchanged => Change::Unchanged,
            Some(_) if self.force && edited => Change::Overwrite,
            Some(_) => Change::Update,
        };
        // A conflict keeps the file as it is: show what the table would put there.
        let diff = match change {
            Change::Conflict => {
                let only = |fields: &Fields| -> Fields {
                    fields
                        .iter()
                        .filter(|(k, _)| merged.conflicts.contains(k))
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect()
                };
                field_diff(&only(&before), &only(&table))
            }
            _ => field_diff(&before, &after),
        };
        let after = match change {
            Change::Conflict => before.clone(),
            _ => after,
        };
        let record = self
            .state
            .get(path)
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .chain(table)
            .collect();
        Ok(Planned {
            path: path.to_path_buf(),
            body: existing.map(|e| e.body).unwrap_or_default(),
            front,
            change,
            diff,
            record: Some(record),
            hand_edits: merged.hand_edits(),
            conflicts: merged.conflicts,
            before,
            after,
        })
    }
}

impl Merged {
    fn hand_edits(&self) -> Vec<String> {
        let mut all: Vec<String> = self.kept.iter().chain(&self.conflicts).cloned().collect();
        all.sort();
        all
    }
}

/// `- key: old` and `+ key: new` for every field that changes.
fn field_diff(before: &Fields, after: &Fields) -> Vec<String> {
    let mut lines = Vec::new();
    let keys: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    for key in keys {
        let (old, new) = (before.get(key), after.get(key));
        if old == new {
            continue;
        }
        if let Some(old) = old {
            lines.push(format!("- {key}: {}", shown(old)));
        }
        if let Some(new) = new {
            lines.push(format!("+ {key}: {}", shown(new)));
        }
    }
    lines
}

/// A value on one line, cut short: the diff is for reading, the file has it all.
fn shown(value: &serde_json::Value) -> String {
    let text = match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    let one_line = text.replace('\n', "⏎");
    match one_line.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &one_line[..cut]),
        None => one_line,
    }
}

fn line_diff(before: &str, after: &str) -> Vec<String> {
    let old: Vec<&str> = before.lines().collect();
    let new: Vec<&str> = after.lines().collect();
    let removed = old
        .iter()
        .filter(|line| !new.contains(line))
        .map(|line| format!("- {line}"));
    let added = new
        .iter()
        .filter(|line| !old.contains(line))
        .map(|line| format!("+ {line}"));
    removed.chain(added).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diffs_name_the_changed_fields_on_one_line() {
        let before = Fields::from([
            ("title".into(), json!("相談")),
            ("years.2020.status".into(), json!("実施")),
        ]);
        let after = Fields::from([
            ("title".into(), json!("相談")),
            ("years.2020.status".into(), json!("- ①実施\n- ②継続")),
            ("years.2021.status".into(), json!("あ".repeat(70))),
        ]);
        let diff = field_diff(&before, &after);
        assert_eq!(
            diff[..3],
            [
                "- years.2020.status: 実施",
                "+ years.2020.status: - ①実施⏎- ②継続",
                &format!("+ years.2021.status: {}…", "あ".repeat(60))
            ]
        );
        assert_eq!(
            line_diff("a: 1\nb: 2\n", "a: 1\nb: 3\n"),
            ["- b: 2", "+ b: 3"]
        );
    }
}
