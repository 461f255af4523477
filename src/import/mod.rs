//! Import stage: a progress table (tab-separated text copied from the city's
//! PDF) → `content/` files.
//!
//! | step | module |
//! | --- | --- |
//! | lines → header, fiscal years, policy and data rows | [`table`] |
//! | misplaced cells moved back, irregular rows reported | [`irregular`] |
//! | PDF wrap spaces removed | [`repair`] |
//! | 担当部署・担当課 → lists of names | [`names`] |
//! | numbered runs → Markdown lists | [`lists`] (with [`markers`]) |
//! | rows → policies and measures | [`build`] |
//! | model → YAML front matter | [`emit`] |
//! | hand edits protected, atomic writes | [`merge`] |

mod build;
mod emit;
mod irregular;
mod lists;
mod markers;
mod merge;
mod names;
mod repair;
mod report;
mod table;

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::model::{FiscalYear, Plan};
use merge::{Existing, Outcome, Target};

pub use report::{ImportError, ImportReport};

/// What `shinchoku import` was asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The tab-separated table.
    pub table: PathBuf,
    /// The site folder; files go to `<root>/content/`.
    pub root: PathBuf,
    /// Overwrite files whose front matter was edited by hand.
    pub force: bool,
    /// Report what would happen, write nothing.
    pub dry_run: bool,
}

/// Imports the table into `<root>/content/`. Refuses, writing nothing, when
/// a file it would change has been edited by hand, unless `force`.
pub fn run(opts: &ImportOptions) -> Result<ImportReport, ImportError> {
    let text = read_table_text(&opts.table)?;
    let mut warnings = Warnings::new(&opts.table);
    let table = table::read_table(&text, &opts.table, &mut warnings)?;
    let imported = build::build(table, &mut warnings);
    let source = opts.table.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();

    let mut planned: Vec<(Target, Option<Existing>)> = Vec::new();
    let plan_path = PathBuf::from("content/_index.md");
    let existing_plan = merge::read_existing(&opts.root, &plan_path)?;
    let by_hand = existing_plan.as_ref().map(Existing::plan_by_hand).unwrap_or_default();
    let plan = Plan {
        title: match by_hand.title.trim() {
            "" => default_title(&imported.fiscal_years),
            title => title.to_string(),
        },
        organization: by_hand.organization.trim().to_string(),
        fiscal_years: imported.fiscal_years.clone(),
        source,
        body: String::new(),
        file: plan_path.clone(),
    };
    planned.push((Target { path: plan_path, front: emit::plan_front(&plan) }, existing_plan));
    for policy in &imported.policies {
        let existing = merge::read_existing(&opts.root, &policy.file)?;
        planned.push((Target { path: policy.file.clone(), front: emit::policy_front(policy) }, existing));
    }
    for measure in &imported.measures {
        let existing = merge::read_existing(&opts.root, &measure.file)?;
        planned.push((Target { path: measure.file.clone(), front: emit::measure_front(measure) }, existing));
    }

    let mut report = ImportReport {
        table: opts.table.clone(),
        dry_run: opts.dry_run,
        fiscal_years: imported.fiscal_years.clone(),
        policies: imported.policies.len(),
        measures: imported.measures.len(),
        created: Vec::new(),
        overwritten: Vec::new(),
        unchanged: Vec::new(),
        conflicts: Vec::new(),
        not_in_table: Vec::new(),
        warnings: warnings.into_sorted(),
    };
    let produced: Vec<&Path> = planned.iter().map(|(target, _)| target.path.as_path()).collect();
    report.not_in_table = merge::files_not_in_table(&opts.root, &produced);

    let mut to_write = Vec::new();
    for (target, existing) in &planned {
        let outcome = existing.as_ref().map_or(Outcome::Create, |e| e.outcome(&target.front));
        match outcome {
            Outcome::Create => report.created.push(target.path.clone()),
            Outcome::Unchanged => {
                report.unchanged.push(target.path.clone());
                continue;
            }
            Outcome::Differs if opts.force => report.overwritten.push(target.path.clone()),
            Outcome::Differs => {
                report.conflicts.push(target.path.clone());
                continue;
            }
        }
        let body = existing.as_ref().map_or("", |e| e.body.as_str());
        to_write.push((opts.root.join(&target.path), emit::document(&target.front, body)));
    }
    if !report.conflicts.is_empty() && !opts.dry_run {
        return Err(ImportError::Conflicts { files: report.conflicts });
    }
    if !opts.dry_run {
        for (path, contents) in &to_write {
            merge::write_atomically(path, contents)?;
        }
    }
    Ok(report)
}

fn read_table_text(path: &Path) -> Result<String, ImportError> {
    let bytes = fs::read(path).map_err(|source| ImportError::Unreadable { path: path.to_path_buf(), source })?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        ImportError::NotUtf8 { path: path.to_path_buf(), line }
    })
}

/// Until a clerk names the plan: `計画の進捗状況（令和元年度・令和2年度）`.
fn default_title(fiscal_years: &[FiscalYear]) -> String {
    let labels: Vec<&str> = fiscal_years.iter().map(|fy| fy.label.as_str()).collect();
    format!("計画の進捗状況（{}）", labels.join("・"))
}

/// Warnings about rows of the table, with the table's path and line.
pub(crate) struct Warnings {
    table: PathBuf,
    list: Vec<Diagnostic>,
}

impl Warnings {
    pub(crate) fn new(table: &Path) -> Self {
        Warnings { table: table.to_path_buf(), list: Vec::new() }
    }

    pub(crate) fn add(&mut self, line: usize, field: Option<&str>, message: String) {
        self.list.push(Diagnostic::warning(&self.table, Some(line), field, message));
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
            self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (self.0 >> 33) as usize % n
        }
    }

    fn random_table(rng: &mut Lcg) -> String {
        let mut table = String::from(
            "計画における項目\t実施内容\t計画書ページ\t担当部署\t担当課\t令和元年度実施状況\t評価\t達成度\t今後\t令和2年度実施状況\t評価\t達成度\t今後\n基本施策1 ネットワーク\n",
        );
        for _ in 0..6 {
            let cells: Vec<String> = (0..3 + rng.below(13))
                .map(|_| (0..rng.below(6)).map(|_| FRAGMENTS[rng.below(FRAGMENTS.len())]).collect())
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
            let opts = ImportOptions { table, root: tmp.path().to_path_buf(), force: false, dry_run: false };
            let report = match run(&opts) {
                Ok(report) => report,
                Err(ImportError::NoDataRows { .. }) => continue,
                Err(e) => panic!("round {round}: {e}\n{text}"),
            };
            let (content, mut diagnostics) = crate::load::load_content(tmp.path());
            let site = crate::validate::validate(content, &mut diagnostics);
            let errors = Diagnostics(diagnostics.errors().cloned().collect());
            assert!(site.is_some() && !errors.has_errors(), "round {round}:\n{errors}\n{text}");
            let again = run(&opts).unwrap();
            assert_eq!(again.unchanged.len(), report.created.len(), "round {round}:\n{text}");
        }
    }
}
