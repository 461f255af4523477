//! What a cell of a returned table means: a blank cell is "no answer" and
//! keeps the value the site has; a value is the answer; [`ERASE_MARKER`]
//! erases. With `--force` the table wins outright, blanks included.

use std::collections::BTreeSet;

use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

use super::fields::{self, Fields};
use crate::model::Measure;

/// Typed in a cell to erase the value the site has there (full- or
/// half-width brackets, spaces around allowed). The one place it is spelt.
pub const ERASE_MARKER: &str = "（削除）";

/// Whether the cell holds [`ERASE_MARKER`], in any width.
pub(crate) fn is_erase_marker(cell: &str) -> bool {
    let normalized: String = cell.nfkc().filter(|c| !c.is_whitespace()).collect();
    let marker: String = ERASE_MARKER.nfkc().collect();
    normalized == marker
}

/// An empty text, list or page number: what a blank cell gives.
pub(crate) fn is_blank_value(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(text) => text.trim().is_empty(),
        Value::Array(items) => items.is_empty(),
        _ => false,
    }
}

/// A measure as one table gives it: its fields, and which of them the
/// table erases.
#[derive(Debug, Clone)]
pub(crate) struct TableMeasure {
    pub measure: Measure,
    /// The table's row of the measure.
    pub line: usize,
    /// The id came from the template's ID column (else from the row's place).
    pub id_from_table: bool,
    /// Fields whose cell holds [`ERASE_MARKER`] (their value is empty).
    pub erased: BTreeSet<String>,
}

/// What a table says about one field.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Answer {
    Blank,
    Value(Value),
    Erase,
}

impl TableMeasure {
    /// Every field of the row and what the table says there.
    pub(crate) fn answers(&self) -> Vec<(String, Answer)> {
        fields::measure_fields(&self.measure)
            .into_iter()
            .map(|(key, value)| {
                let answer = if self.erased.contains(&key) {
                    Answer::Erase
                } else if is_blank_value(&value) {
                    Answer::Blank
                } else {
                    Answer::Value(value)
                };
                (key, answer)
            })
            .collect()
    }

    /// The fields the import takes from the table: the answers and the
    /// erasures; with `force` the blanks too.
    pub(crate) fn fields_to_import(&self, force: bool) -> Fields {
        fields::measure_fields(&self.measure)
            .into_iter()
            .filter(|(key, value)| force || !is_blank_value(value) || self.erased.contains(key))
            .collect()
    }
}

/// What one returned file did to the site's values, for the summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Empty → the file's value.
    pub filled: usize,
    /// A value → the file's other value.
    pub changed: usize,
    /// A value → empty, by the erase marker (or, forced, a blank).
    pub erased: usize,
    /// Blank in the file, the site's value kept.
    pub left_alone: usize,
}

impl Tally {
    /// Counts what `answers` (one file's row) did to a measure whose fields
    /// went from `before` to `after`. A value that did not land (a hand
    /// edit kept) counts nowhere. `new` is part of the title cell and the
    /// notes are the importer's, not answers.
    pub(crate) fn count(&mut self, answers: &[(String, Answer)], before: &Fields, after: &Fields) {
        let present = |fields: &Fields, key: &str| {
            fields
                .get(key)
                .filter(|value| !is_blank_value(value))
                .cloned()
        };
        for (key, answer) in answers {
            if key == "new" || key == "import_notes" {
                continue;
            }
            let (was, is) = (present(before, key), present(after, key));
            match (answer, was, is) {
                (Answer::Value(value), None, Some(is)) if is == *value => self.filled += 1,
                (Answer::Value(value), Some(was), Some(is)) if is == *value && was != is => {
                    self.changed += 1
                }
                (Answer::Erase | Answer::Blank, Some(_), None) => self.erased += 1,
                (Answer::Blank, Some(was), Some(is)) if was == is => self.left_alone += 1,
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_erase_marker_in_either_width() {
        for cell in ["（削除）", "(削除)", " （削除) ", "（ 削除 ）"] {
            assert!(is_erase_marker(cell), "{cell}");
        }
        for cell in ["削除", "（削除）する", "", "【削除】"] {
            assert!(!is_erase_marker(cell), "{cell}");
        }
    }
}
