//! Several returned tables imported as one: each section fills its rows of
//! a copy of the template, and the copies are merged cell by cell before
//! anything is written. Rows are the same measure by the template's ID
//! column, else by basic policy and title. Two files that give different
//! answers for the same field are a conflict: nothing is imported.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::answers::{Answer, TableMeasure, ERASE_MARKER};
use super::build::Imported;
use super::fields::{self, Fields};
use super::matching::comparable;
use super::ImportError;
use crate::export::era_label;

/// The extensions of the tables a folder is searched for.
const TABLE_EXTENSIONS: [&str; 4] = ["xlsx", "csv", "tsv", "txt"];

/// One returned table as read.
pub(crate) struct Returned {
    /// The file and sheet, as messages name it.
    pub label: PathBuf,
    pub imported: Imported,
}

/// The tables merged into one, and what each file said about each measure.
pub(crate) struct Combined {
    pub imported: Imported,
    /// For `imported.measures[i]`: (index of the file, its row) per file that has it.
    pub said: Vec<Vec<(usize, TableMeasure)>>,
}

/// The tables to read: files as given, and a folder's tables (sorted, not
/// recursive, without Excel's lock files `~$…` and hidden files).
pub(crate) fn table_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, ImportError> {
    let mut files = Vec::new();
    for path in paths {
        if !path.is_dir() {
            files.push(path.clone());
            continue;
        }
        let entries = fs::read_dir(path).map_err(|source| ImportError::Unreadable {
            path: path.clone(),
            source,
        })?;
        let mut found: Vec<PathBuf> = entries
            .filter_map(|entry| Some(entry.ok()?.path()))
            .filter(|file| file.is_file() && is_table(file))
            .collect();
        if found.is_empty() {
            return Err(ImportError::NoTablesInFolder { path: path.clone() });
        }
        found.sort();
        files.extend(found);
    }
    Ok(files)
}

fn is_table(file: &Path) -> bool {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let extension = file
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    !name.starts_with("~$") && !name.starts_with('.') && TABLE_EXTENSIONS.contains(&&*extension)
}

/// Which rows of different files are the same measure.
#[derive(PartialEq)]
enum Key {
    Id(String),
    Title(String, String),
}

fn key(row: &TableMeasure) -> Key {
    if row.id_from_table {
        Key::Id(row.measure.id.clone())
    } else {
        Key::Title(row.measure.node.clone(), comparable(&row.measure.title))
    }
}

/// A measure as the files so far answer it.
struct Group {
    key: Key,
    fields: Fields,
    /// Field → the first answer given: (file, row, answer).
    answered: Vec<(String, usize, usize, Answer)>,
    said: Vec<(usize, TableMeasure)>,
}

/// Merges the tables; lists every disagreement between them as an error.
pub(crate) fn combine(returned: Vec<Returned>) -> Result<Combined, ImportError> {
    let labels: Vec<PathBuf> = returned.iter().map(|r| r.label.clone()).collect();
    let mut fiscal_years = Vec::new();
    let mut nodes = Vec::new();
    let mut groups: Vec<Group> = Vec::new();
    let mut conflicts = Vec::new();
    for (file, table) in returned.into_iter().enumerate() {
        for fy in table.imported.fiscal_years {
            if !fiscal_years
                .iter()
                .any(|known: &crate::model::FiscalYear| known.year == fy.year)
            {
                fiscal_years.push(fy);
            }
        }
        for node in table.imported.nodes {
            if !nodes.iter().any(|n: &crate::model::Node| n.id == node.id) {
                nodes.push(node);
            }
        }
        for row in table.imported.measures {
            let row_key = key(&row);
            // A file's own rows are never merged with each other.
            let group = groups
                .iter_mut()
                .find(|g| g.key == row_key && g.said.iter().all(|(f, _)| *f != file));
            match group {
                Some(group) => group.add(file, row, &labels, &mut conflicts),
                None => groups.push(Group {
                    key: row_key,
                    fields: fields::measure_fields(&row.measure),
                    answered: answered(&row)
                        .map(|(key, answer)| (key, file, row.line, answer))
                        .collect(),
                    said: vec![(file, row)],
                }),
            }
        }
    }
    if !conflicts.is_empty() {
        return Err(ImportError::Disagree { conflicts });
    }
    fiscal_years.sort();
    let (measures, said) = groups.into_iter().map(Group::into_measure).unzip();
    Ok(Combined {
        imported: Imported {
            fiscal_years,
            nodes,
            measures,
        },
        said,
    })
}

/// The fields a row answers (a value or the erase marker); `new` comes
/// with the title and the notes are the importer's.
fn answered(row: &TableMeasure) -> impl Iterator<Item = (String, Answer)> {
    row.answers()
        .into_iter()
        .filter(|(key, answer)| *answer != Answer::Blank && key != "new" && key != "import_notes")
}

impl Group {
    fn add(
        &mut self,
        file: usize,
        row: TableMeasure,
        labels: &[PathBuf],
        conflicts: &mut Vec<String>,
    ) {
        let row_fields = fields::measure_fields(&row.measure);
        for (key, answer) in answered(&row) {
            match self.answered.iter().find(|(known, ..)| *known == key) {
                Some((_, _, _, first)) if *first == answer => {}
                Some((_, first_file, first_line, first)) => conflicts.push(format!(
                    "実施内容「{}」の{}: {}:{}「{}」と {}:{}「{}」",
                    row.measure.title,
                    field_label(&key),
                    labels[*first_file].display(),
                    first_line,
                    shown(first),
                    labels[file].display(),
                    row.line,
                    shown(&answer)
                )),
                None => {
                    self.fields.insert(key.clone(), row_fields[&key].clone());
                    self.answered.push((key, file, row.line, answer));
                }
            }
        }
        let notes = |fields: &Fields| -> Vec<Value> {
            fields["import_notes"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        };
        let mut all_notes = notes(&self.fields);
        all_notes.extend(notes(&row_fields));
        self.fields
            .insert("import_notes".into(), Value::Array(all_notes));
        self.said.push((file, row));
    }

    /// The first file's row with the other files' answers in.
    fn into_measure(self) -> (TableMeasure, Vec<(usize, TableMeasure)>) {
        let first = &self.said[0].1;
        let measure = match self.said.len() {
            1 => first.clone(),
            _ => TableMeasure {
                measure: fields::with_fields(&first.measure, &[], &self.fields),
                erased: self
                    .answered
                    .iter()
                    .filter(|(.., answer)| *answer == Answer::Erase)
                    .map(|(key, ..)| key.clone())
                    .collect(),
                ..first.clone()
            },
        };
        (measure, self.said)
    }
}

/// `years.2021.status` → `令和3年度 実施状況`; `plan_page` → `計画書ページ`.
fn field_label(key: &str) -> String {
    const YEAR_LABELS: [(&str, &str); 4] = [
        ("status", "実施状況"),
        ("evaluation", "評価"),
        ("achievement", "達成度"),
        ("next_plan", "今後の実施計画"),
    ];
    if let Some((year, name)) = key.strip_prefix("years.").and_then(|k| k.split_once('.')) {
        let name = YEAR_LABELS
            .iter()
            .find(|(field, _)| *field == name)
            .map_or(name, |(_, label)| label);
        return match year.parse() {
            Ok(year) => format!("{} {name}", era_label(year)),
            Err(_) => key.to_string(),
        };
    }
    match key {
        "plan_item" => "計画における項目",
        "title" => "実施内容",
        "plan_page" => "計画書ページ",
        "departments" => "担当部署",
        "sections" => "担当課",
        other => other,
    }
    .to_string()
}

/// An answer on one line, cut short.
fn shown(answer: &Answer) -> String {
    let text = match answer {
        Answer::Blank => String::new(),
        Answer::Erase => ERASE_MARKER.to_string(),
        Answer::Value(Value::String(text)) => text.replace('\n', " "),
        Answer::Value(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("・"),
        Answer::Value(other) => other.to_string(),
    };
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_named_as_the_table_heads_them() {
        assert_eq!(field_label("years.2021.status"), "令和3年度 実施状況");
        assert_eq!(
            field_label("years.2019.next_plan"),
            "令和元年度 今後の実施計画"
        );
        assert_eq!(field_label("sections"), "担当課");
    }

    #[test]
    fn a_folder_gives_its_tables_sorted_without_lock_files() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "b.xlsx",
            "a.CSV",
            "~$b.xlsx",
            ".a.csv",
            "notes.docx",
            "c.tsv",
        ] {
            fs::write(dir.path().join(name), "").unwrap();
        }
        fs::create_dir(dir.path().join("old.xlsx")).unwrap();
        let files = table_files(&[dir.path().to_path_buf()]).unwrap();
        let names: Vec<_> = files
            .iter()
            .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.CSV", "b.xlsx", "c.tsv"]);
        let empty = tempfile::tempdir().unwrap();
        assert!(matches!(
            table_files(&[empty.path().to_path_buf()]),
            Err(ImportError::NoTablesInFolder { .. })
        ));
    }
}
