//! Import stage: a progress table (tab-separated text copied from the city's
//! PDF, CSV, or an Excel workbook) → `content/` files.
//!
//! | step | module |
//! | --- | --- |
//! | file → rows of cells with their row numbers | [`source`] |
//! | `[import]` layout → header, fiscal years, heading and data rows | [`layout`] (into [`table`]) |
//! | a cell's text: control characters out, line breaks kept | [`cells`] |
//! | misplaced cells moved back, irregular rows reported | [`irregular`] (with [`sparse`]) |
//! | PDF wrap spaces removed | [`repair`] |
//! | 担当部署・担当課 → lists of names | [`names`] |
//! | numbered runs → Markdown lists | [`lists`] (with [`markers`]) |
//! | rows → nodes of every level ([`nodes`]) and measures | [`build`] |
//! | several returned tables → one, disagreements refused | [`returned`] |
//! | model → YAML front matter | [`emit`] |
//! | existing measures matched by id, else title | [`matching`] |
//! | a blank cell keeps the value, `（削除）` erases | [`answers`] |
//! | the site's nodes, measures and plan, as they are | [`site`] |
//! | three-way merge of fields, import state | [`fields`], [`state`], [`update`] |
//! | hand-written parts kept | [`merge`] |
//! | every file written all or nothing | [`crate::write::together`] |

mod answers;
mod build;
mod cells;
pub(crate) mod emit;
mod fields;
mod indicator_fields;
mod irregular;
pub mod layout;
mod lists;
mod markers;
mod matching;
mod merge;
mod names;
mod nodes;
mod repair;
mod report;
mod returned;
mod site;
mod source;
mod sparse;
mod state;
mod table;
mod update;

use std::path::{Path, PathBuf};

use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::model::{FiscalYear, Measure};
use crate::write::together::write_together;
use answers::TableMeasure;
use matching::Match;
use state::ImportState;
use update::{Change, Updater};

pub use answers::{Tally, ERASE_MARKER};
pub use report::{ImportError, ImportReport, ReturnedFile};
pub(crate) use state::{STATE_DIR, STATE_FILE_NAME};

/// What `shinchoku import` was asked to do. `..Default::default()` keeps
/// callers compiling when an option is added.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The table: `.tsv`/`.txt` (tab-separated), `.csv`, or an Excel workbook.
    pub table: PathBuf,
    /// The text file's encoding (`shift_jis`, `utf-8`, …); detected when None.
    pub encoding: Option<String>,
    /// `実施内容=事業名`: a fixed column under the city's own heading.
    pub columns: Vec<String>,
    /// The site folder; files go to `<root>/content/`.
    pub root: PathBuf,
    /// Take the table's values over hand edits, and accept proposed renames.
    pub force: bool,
    /// Report what would happen, write nothing.
    pub dry_run: bool,
}

/// Imports `opts.table` (a file, or a folder of returned tables) into
/// `<root>/content/`: see [`run_many`].
pub fn run(opts: &ImportOptions) -> Result<ImportReport, ImportError> {
    run_many(opts, std::slice::from_ref(&opts.table))
}

/// Imports `tables` (files, or folders of them) in place of `opts.table`,
/// merged cell by cell into the measures already there (matched by id, else
/// by title): a blank cell keeps the value, fields edited by hand since the
/// last import and hand-written bodies are kept. Refuses, writing nothing,
/// when two tables disagree on a field, or the tables change a hand-edited
/// field or rename a measure, unless `force`. Refuses symbolic links in the
/// site before reading it.
pub fn run_many(opts: &ImportOptions, tables: &[PathBuf]) -> Result<ImportReport, ImportError> {
    let links = crate::symlinks::links_in_site(&opts.root);
    if !links.is_empty() {
        return Err(ImportError::Symlinks {
            links: links.iter().map(|link| opts.root.join(link)).collect(),
        });
    }
    // `site.toml` once: the layout, the levels and the words for a measure.
    let config = SiteConfig::of_site(&opts.root).map_err(ImportError::Settings)?;
    let layout = layout::with_flags(config.import.clone(), &opts.columns)?;
    let levels = config.levels();
    let measure_words = (config.measure_name(), config.measure_noun());
    if layout.levels.len().max(1) != levels.len() {
        return Err(ImportError::LevelCount {
            path: opts.root.join(crate::config::SiteConfig::FILE),
            table: layout.levels.len().max(1),
            site: levels.len(),
        });
    }
    let paths = returned::table_files(tables)?;
    // `init`'s sample policy and measure, untouched: the table takes their place.
    let samples = crate::init::untouched_samples(&opts.root);
    let mut read = Vec::new();
    let mut files = Vec::new();
    let mut all_warnings = Vec::new();
    for path in &paths {
        let (table, mut warnings) = layout::read(path, opts.encoding.as_deref(), &layout)?;
        site::check_top_nodes_known(&opts.root, &levels, &samples, &table, warnings.table())?;
        let table_columns = report::TableColumns::of(&table);
        let mut imported = build::build(table, &levels, &mut warnings);
        names::unify_spellings(&mut imported.measures, &mut warnings);
        files.push(ReturnedFile::new(path, &imported, &levels, &table_columns));
        read.push(returned::Returned {
            label: warnings.table().to_path_buf(),
            imported,
        });
        all_warnings.extend(warnings.into_sorted());
    }
    let returned::Combined { mut imported, said } = returned::combine(read)?;
    let state = ImportState::read(&opts.root)?;
    let updater = Updater {
        root: &opts.root,
        state: &state,
        force: opts.force,
        replaced: &samples,
        levels: &levels,
    };
    let existing = site::existing_measures(&opts.root, &levels, &samples)?;

    // A year nobody reported in (a template not filled in) is not added to the plan.
    let reported: Vec<FiscalYear> = imported
        .fiscal_years
        .iter()
        .filter(|fy| {
            imported
                .measures
                .iter()
                .any(|m| crate::completeness::has_report(&m.measure, fy.year))
        })
        .cloned()
        .collect();
    for table_measure in &mut imported.measures {
        // A KPI row reports through its indicators: no blank records beside them.
        let only_indicators = !table_measure.measure.indicators.is_empty();
        table_measure.measure.years.retain(|r| {
            reported.iter().any(|fy| fy.year == r.year) && (!only_indicators || r.is_reported())
        });
    }
    // The sample year goes with the sample measure, unless someone reports on it.
    let sample_year_unused = samples
        .iter()
        .any(|s| s == Path::new(crate::init::SAMPLE_MEASURE))
        && !existing
            .iter()
            .any(|m| m.year(crate::init::placeholder::YEAR).is_some());
    let plan = site::plan(&paths[0], &opts.root, &reported, sample_year_unused)?;
    let mut planned = vec![updater.plan(&plan)?];
    for node in &imported.nodes {
        planned.push(updater.node(node)?);
    }
    let mut renamed = Vec::new();
    let last_titles: Vec<Option<&str>> = existing
        .iter()
        .map(|m| state.get(&m.file)?.get("title")?.as_str())
        .collect();
    let table_measures: Vec<Measure> = imported
        .measures
        .iter()
        .map(|m| m.measure.clone())
        .collect();
    let matches = matching::match_measures(&table_measures, &existing, &last_titles);
    for ((from_table, found), said) in imported.measures.iter().zip(matches).zip(&said) {
        let measure = &from_table.measure;
        let old = match found {
            Match::Same(i) => Some(&existing[i]),
            Match::Renamed(i) => {
                let old = &existing[i];
                renamed.push(format!(
                    "{}: 「{}」→「{}」",
                    old.file.display(),
                    old.title,
                    measure.title
                ));
                opts.force.then_some(old)
            }
            Match::New(_) => None,
        };
        let as_new = |id: String| Measure {
            file: PathBuf::from(format!("content/measures/{id}.md")),
            id,
            ..measure.clone()
        };
        let from_table = match &found {
            Match::New(id) => TableMeasure {
                measure: as_new(id.clone()),
                ..from_table.clone()
            },
            // An unconfirmed rename is held back: it must not take the old measure's place.
            Match::Renamed(_) if old.is_none() => continue,
            _ => from_table.clone(),
        };
        let measure_planned = updater.measure(&from_table, old)?;
        for (file, row) in said {
            files[*file].tally.count(
                &row.answers(),
                &measure_planned.before,
                &measure_planned.after,
            );
        }
        planned.push(measure_planned);
    }

    let produced: Vec<&Path> = planned.iter().map(|p| p.path.as_path()).collect();
    let mut report =
        ImportReport::new(opts, &imported, &levels, measure_words, files, all_warnings);
    report.not_in_table = merge::files_not_in_table(&opts.root, &levels, &produced);
    report.not_in_table.retain(|file| !samples.contains(file));
    report.samples_removed = samples
        .iter()
        .filter(|sample| !produced.contains(&sample.as_path()))
        .cloned()
        .collect();
    report.renamed = renamed;
    for planned in &planned {
        report.add(planned);
    }
    if opts.dry_run {
        return Ok(report);
    }
    if !report.renamed.is_empty() && !opts.force {
        return Err(ImportError::Renamed {
            proposals: report.renamed,
        });
    }
    if !report.conflicts.is_empty() {
        return Err(ImportError::Conflicts {
            files: report.conflicts,
        });
    }
    let mut new_state = state;
    let mut files = Vec::new();
    for planned in &planned {
        if let Some(record) = &planned.record {
            new_state.set(&planned.path, record.clone());
        }
        if matches!(
            planned.change,
            Change::Create | Change::Update | Change::Overwrite
        ) {
            let document = emit::document(&planned.front, &planned.body);
            files.push((opts.root.join(&planned.path), document.into_bytes()));
        }
    }
    // The state last: should a rename fail part-way, running the same import
    // again finishes it (files already new equal the table), whereas a new
    // state with old files would make the table's values look hand-edited.
    files.push(new_state.file(&opts.root));
    write_together(&files)?;
    for sample in &report.samples_removed {
        let path = opts.root.join(sample);
        std::fs::remove_file(&path).map_err(|source| ImportError::Io { path, source })?;
    }
    Ok(report)
}

/// Warnings about rows of the table, with the table's path and line.
pub(crate) struct Warnings {
    table: PathBuf,
    list: Vec<Diagnostic>,
}

impl Warnings {
    pub(crate) fn new(table: &Path) -> Self {
        Warnings {
            table: table.to_path_buf(),
            list: Vec::new(),
        }
    }

    pub(crate) fn add(&mut self, line: usize, field: Option<&str>, message: String) {
        self.list
            .push(Diagnostic::warning(&self.table, Some(line), field, message));
    }

    fn table(&self) -> &Path {
        &self.table
    }

    fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.list.sort_by_key(|d| d.line);
        self.list
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;
    use std::fs;

    /// Fragments that have tripped parsers: markers, Markdown and YAML
    /// syntax, full-width text, control characters, separators.
    const FRAGMENTS: [&str; 44] = [
        "①",
        "③～⑦",
        "(1)",
        "1.",
        "2)",
        "【中央区】",
        "★",
        "※",
        "#",
        "*",
        "_",
        "<b>",
        "- ",
        "`",
        "&amp;",
        "\\",
        "\"",
        "'",
        ": ",
        " #",
        "|-",
        "---",
        "100%",
        "７０％",
        "実施",
        "中止",
        "《新規》",
        " ",
        "　",
        "P.21",
        "令和2年度",
        "障がい者 支援部",
        "課・",
        "/",
        "\u{0}",
        "\r",
        "\u{2028}",
        "𠮷",
        "ｶﾅ",
        "~",
        "\u{FEFF}",
        "8:30",
        "true",
        "長い文章の一部",
    ];

    /// A deterministic stream of pseudo-random numbers (no crate needed).
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) as usize % n
        }
    }

    fn random_table(rng: &mut Lcg) -> String {
        let mut table = String::from(
            "計画における項目\t実施内容\t計画書ページ\t担当部署\t担当課\t令和元年度実施状況\t評価\t達成度\t今後\t令和2年度実施状況\t評価\t達成度\t今後\n基本施策1 ネットワーク\n",
        );
        for _ in 0..6 {
            let cells: Vec<String> = (0..3 + rng.below(13))
                .map(|_| {
                    (0..rng.below(6))
                        .map(|_| FRAGMENTS[rng.below(FRAGMENTS.len())])
                        .collect()
                })
                .collect();
            table.push_str(&cells.join("\t"));
            table.push('\n');
        }
        table
    }

    /// Whatever the cells hold, import neither panics nor writes a file
    /// the loader rejects, and a second import changes nothing.
    #[test]
    fn any_cell_text_imports_into_a_valid_site() {
        let mut rng = Lcg(20240401);
        for round in 0..150 {
            let tmp = tempfile::tempdir().unwrap();
            let table = tmp.path().join("table.tsv");
            let text = random_table(&mut rng);
            fs::write(&table, &text).unwrap();
            let opts = ImportOptions {
                table,
                encoding: None,
                columns: Vec::new(),
                root: tmp.path().to_path_buf(),
                force: false,
                dry_run: false,
            };
            let report = match run(&opts) {
                Ok(report) => report,
                Err(ImportError::NoDataRows { .. }) => continue,
                Err(e) => panic!("round {round}: {e}\n{text}"),
            };
            let (content, mut diagnostics) = crate::load::load_content(tmp.path());
            let site = crate::validate::validate(
                content,
                &crate::model::Grading::default(),
                &mut diagnostics,
            );
            let errors = Diagnostics(diagnostics.errors().cloned().collect());
            assert!(
                site.is_some() && !errors.has_errors(),
                "round {round}:\n{errors}\n{text}"
            );
            let again = run(&opts).unwrap();
            assert_eq!(
                again.unchanged.len(),
                report.created.len(),
                "round {round}:\n{text}"
            );
        }
    }
}
