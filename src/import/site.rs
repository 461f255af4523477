//! What the site already has, as the import needs it: its top-level nodes
//! (a new year's table may not invent one), its measures (to match the
//! table's rows against), and its plan (`content/_index.md`, merged with
//! the table's fiscal years).

use std::path::{Path, PathBuf};

use super::merge::{self, Existing};
use super::{fields, table, ImportError};
use crate::model::{FiscalYear, Level, Measure, Plan};

/// The plan: its title, organization and source as written by hand (the
/// source is the table's file name until someone writes one; `init`'s
/// sample title counts as none), the fiscal years already in the site (but
/// `init`'s sample year, when dropped) and the table's.
pub(super) fn plan(
    table: &Path,
    root: &Path,
    table_years: &[FiscalYear],
    drop_sample_year: bool,
) -> Result<Plan, ImportError> {
    let file = PathBuf::from("content/_index.md");
    let by_hand = merge::read_existing(root, &file)?
        .as_ref()
        .map(Existing::plan_by_hand)
        .unwrap_or_default();
    let mut fiscal_years = by_hand.fiscal_years();
    fiscal_years.retain(|fy| !(drop_sample_year && crate::init::is_sample_year(fy)));
    for fy in table_years {
        if !fiscal_years.iter().any(|known| known.year == fy.year) {
            fiscal_years.push(fy.clone());
        }
    }
    fiscal_years.sort();
    Ok(Plan {
        title: match by_hand.title.trim() {
            "" | crate::init::placeholder::PLAN_TITLE => default_title(&fiscal_years),
            title => title.to_string(),
        },
        organization: by_hand.organization.trim().to_string(),
        fiscal_years,
        published: by_hand.published(),
        source: match by_hand.source.trim() {
            "" => table
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            source => source.to_string(),
        },
        body: String::new(),
        file,
    })
}

/// A new year's table for an existing site names only its top-level nodes
/// (basic policies): another number is a typo, not a new policy.
pub(super) fn check_top_nodes_known(
    root: &Path,
    levels: &[Level],
    samples: &[PathBuf],
    table: &table::Table,
    label: &Path,
) -> Result<(), ImportError> {
    let top_folder = Path::new("content").join(&levels[0].folder);
    let known: Vec<String> = merge::content_files(root, levels)
        .iter()
        .filter(|file| file.starts_with(&top_folder) && !samples.contains(file))
        .filter_map(|file| Some(file.file_stem()?.to_string_lossy().into_owned()))
        .collect();
    if known.is_empty() {
        return Ok(());
    }
    let tops = table.rows.iter().filter_map(|row| match row {
        table::Row::Heading {
            line,
            level: 0,
            number,
            ..
        } => Some((*line, number)),
        table::Row::Data(row) => row.nodes.first().map(|top| (row.line, &top.number)),
        table::Row::Heading { .. } => None,
    });
    for (line, number) in tops {
        if !known.contains(number) {
            let mut known = known.clone();
            known.sort();
            return Err(ImportError::UnknownPolicy {
                level: levels[0].name.clone(),
                path: label.to_path_buf(),
                line,
                number: number.clone(),
                known: known.join("、"),
            });
        }
    }
    Ok(())
}

/// The measures under `content/measures/` whose front matter parses,
/// `init`'s untouched sample aside.
pub(super) fn existing_measures(
    root: &Path,
    levels: &[Level],
    samples: &[PathBuf],
) -> Result<Vec<Measure>, ImportError> {
    let key = Level::link_key(levels);
    let mut measures = Vec::new();
    for file in merge::content_files(root, levels) {
        if !file.starts_with("content/measures") || samples.contains(&file) {
            continue;
        }
        let existing = merge::read_existing(root, &file)?;
        if let Some(measure) =
            existing.and_then(|e| fields::parse_measure(e.front.as_deref()?, &file, key))
        {
            measures.push(measure);
        }
    }
    Ok(measures)
}

/// Until a clerk names the plan: `計画の進捗状況（令和元年度・令和2年度）`.
fn default_title(fiscal_years: &[FiscalYear]) -> String {
    let labels: Vec<&str> = fiscal_years.iter().map(|fy| fy.label.as_str()).collect();
    format!("計画の進捗状況（{}）", labels.join("・"))
}
