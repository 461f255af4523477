//! Re-import without destroying hand edits.
//!
//! The importer owns the front matter (merged field by field, see
//! [`super::fields`]); the Markdown body below it belongs to whoever edits
//! the site and is always carried over.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::ImportError;
use crate::load::split_front_matter;
use crate::model::{Date, FiscalYear, Level};

/// A file as found on disk before the import.
pub(crate) struct Existing {
    /// Front matter with `\n` line ends; None when the file has none.
    pub front: Option<String>,
    pub body: String,
}

pub(crate) fn read_existing(root: &Path, path: &Path) -> Result<Option<Existing>, ImportError> {
    let full = root.join(path);
    let text = match fs::read(&full) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(ImportError::Io { path: full, source }),
    };
    Ok(Some(match split_front_matter(&text) {
        Some(parts) => Existing {
            front: Some(parts.front.replace("\r\n", "\n")),
            body: parts.body.to_string(),
        },
        None => Existing {
            front: None,
            body: String::new(),
        },
    }))
}

/// The hand-written parts of `content/_index.md` that import keeps.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct PlanByHand {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub organization: String,
    /// Where the figures come from: the first import writes the table's
    /// file name, which the city may replace with the report's title or URL.
    #[serde(default)]
    pub source: String,
    /// The fiscal years the site already reports: a new year's table adds to them.
    #[serde(default)]
    fiscal_years: Vec<FiscalYearByHand>,
}

#[derive(Debug, Default, Deserialize)]
struct FiscalYearByHand {
    year: u16,
    label: String,
    /// Written by hand only; a new import keeps it.
    #[serde(default)]
    published: Option<String>,
    /// 集計中: kept through every import until the city removes it.
    #[serde(default)]
    draft: bool,
}

impl PlanByHand {
    pub(crate) fn fiscal_years(&self) -> Vec<FiscalYear> {
        self.fiscal_years
            .iter()
            .map(|fy| FiscalYear {
                year: fy.year,
                label: fy.label.clone(),
                draft: fy.draft,
            })
            .collect()
    }

    /// The publication dates written by hand (valid ones: `build` reports the rest).
    pub(crate) fn published(&self) -> BTreeMap<u16, Date> {
        self.fiscal_years
            .iter()
            .filter_map(|fy| Some((fy.year, Date::parse(fy.published.as_deref()?)?)))
            .collect()
    }
}

impl Existing {
    pub(crate) fn plan_by_hand(&self) -> PlanByHand {
        self.front
            .as_deref()
            .and_then(|front| serde_saphyr::from_str(front).ok())
            .unwrap_or_default()
    }
}

/// Every Markdown file under each level's folder and `content/measures`.
pub(crate) fn content_files(root: &Path, levels: &[Level]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let folders = levels.iter().map(|level| level.folder.as_str());
    for dir in folders
        .chain(["measures"])
        .map(|folder| format!("content/{folder}"))
    {
        let Ok(entries) = fs::read_dir(root.join(&dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = Path::new(&dir).join(entry.file_name());
            if path.extension().is_some_and(|e| e == "md") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Content files that this import does not produce (left untouched, but worth a look).
pub(crate) fn files_not_in_table(
    root: &Path,
    levels: &[Level],
    produced: &[&Path],
) -> Vec<PathBuf> {
    content_files(root, levels)
        .into_iter()
        .filter(|path| !produced.contains(&path.as_path()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_and_fronts_are_read_and_compared() {
        let tmp = tempfile::tempdir().unwrap();
        let path = Path::new("content/measures/1-01.md");
        assert!(read_existing(tmp.path(), path).unwrap().is_none());
        fs::create_dir_all(tmp.path().join("content/measures")).unwrap();
        fs::write(
            tmp.path().join(path),
            "---\r\nid: 1-01\r\n---\r\n\r\n手書きの本文\n",
        )
        .unwrap();
        let existing = read_existing(tmp.path(), path).unwrap().unwrap();
        assert_eq!(existing.body, "手書きの本文\n");
        assert_eq!(
            existing.front.as_deref(),
            Some("id: 1-01\n"),
            "CRLF is not an edit"
        );
    }

    #[test]
    fn hand_written_plan_fields_survive_a_broken_front_matter() {
        let by_hand = |front: &str| {
            Existing {
                front: Some(front.into()),
                body: String::new(),
            }
            .plan_by_hand()
        };
        assert_eq!(
            by_hand("title: 私の計画\norganization: 熊本市\nfiscal_years: []\n").title,
            "私の計画"
        );
        let years = by_hand(
            "title: x\nfiscal_years:\n  - year: 2019\n    label: 令和元年度\n  - year: 2020\n    label: 令和2年度\n    draft: true\n",
        )
        .fiscal_years();
        assert_eq!(
            years,
            [
                FiscalYear {
                    year: 2019,
                    label: "令和元年度".into(),
                    draft: false,
                },
                FiscalYear {
                    year: 2020,
                    label: "令和2年度".into(),
                    draft: true,
                }
            ],
            "a draft year stays a draft through an import"
        );
        assert_eq!(by_hand("title: [壊れた\n").title, "");
        assert_eq!(
            Existing {
                front: None,
                body: String::new()
            }
            .plan_by_hand()
            .organization,
            ""
        );
    }
}
