//! What an import did, and why it could not: both in plain Japanese for
//! the clerk who runs it.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use super::answers::{Tally, ERASE_MARKER};
use super::build::Imported;
use super::update::{Change, Planned};
use super::ImportOptions;
use crate::diagnostics::Diagnostic;
use crate::model::{FiscalYear, Level};

/// The outcome of an import (or, with `dry_run`, of what it would do).
#[derive(Debug, Clone)]
pub struct ImportReport {
    /// Each table imported, in the order given, with what it did.
    pub files: Vec<ReturnedFile>,
    pub dry_run: bool,
    pub fiscal_years: Vec<FiscalYear>,
    /// The nodes of the plan the tables give, per level (top first).
    pub nodes: Vec<LevelCount>,
    pub measures: usize,
    /// What the city calls one measure (実施内容, 事務事業).
    pub measure_name: String,
    /// The word for one measure in running text (施策, 事務事業).
    pub measure_noun: String,
    /// New files, relative to the site root.
    pub created: Vec<PathBuf>,
    /// Existing files the table changed (a new fiscal year, a new value), hand edits kept.
    pub updated: Vec<PathBuf>,
    /// Files whose hand edits were replaced by the table's values because of `force`.
    pub overwritten: Vec<PathBuf>,
    /// Files already as the import would write them: left alone.
    pub unchanged: Vec<PathBuf>,
    /// Without `force`: files with a field edited by hand that the table
    /// changes too; the import refuses (a dry run lists them).
    pub conflicts: Vec<PathBuf>,
    /// `file: field` for every field edited by hand since the last import.
    pub hand_edits: Vec<String>,
    /// Measures whose title in the table differs slightly from the measure
    /// with that id: proposed as renamed, imported only with `force`.
    pub renamed: Vec<String>,
    /// Per changed file, its field changes (`+ years.2021.status: …`).
    pub changes: Vec<(PathBuf, Vec<String>)>,
    /// Files under `content/policies` and `content/measures` that this table
    /// does not produce: left alone.
    pub not_in_table: Vec<PathBuf>,
    /// `init`'s sample policy and measure, untouched, that the table does
    /// not replace by a file of the same name: removed (not in a dry run).
    pub samples_removed: Vec<PathBuf>,
    /// Rows judged or skipped, with the table's line and column.
    pub warnings: Vec<Diagnostic>,
}

/// One imported table and what its values did to the site.
#[derive(Debug, Clone)]
pub struct ReturnedFile {
    pub path: PathBuf,
    pub fiscal_years: Vec<FiscalYear>,
    /// The nodes of the plan this table gives, per level (top first).
    pub nodes: Vec<LevelCount>,
    pub measures: usize,
    pub tally: Tally,
    pub columns: TableColumns,
}

/// Where the table's columns went besides the roles, said once per table.
#[derive(Debug, Clone, Default)]
pub struct TableColumns {
    /// Kept as extra fields of each measure, by heading.
    pub extra: Vec<String>,
    /// Kept as extra fields of each fiscal year, by heading.
    pub year_extra: Vec<String>,
    /// Left out, as the layout's `ignore` says.
    pub ignored: Vec<String>,
}

impl TableColumns {
    pub(crate) fn of(table: &super::table::Table) -> Self {
        TableColumns {
            extra: table.extra_columns.clone(),
            year_extra: table.year_extra_columns.clone(),
            ignored: table.ignored_columns.clone(),
        }
    }
}

/// How many nodes of one level a table gives: `基本施策 4`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelCount {
    pub name: String,
    pub count: usize,
}

impl LevelCount {
    fn of(imported: &Imported, levels: &[Level]) -> Vec<LevelCount> {
        levels
            .iter()
            .enumerate()
            .map(|(depth, level)| LevelCount {
                name: level.name.clone(),
                count: imported.nodes.iter().filter(|n| n.level == depth).count(),
            })
            .collect()
    }
}

impl ReturnedFile {
    pub(crate) fn new(
        path: &Path,
        imported: &Imported,
        levels: &[Level],
        columns: &TableColumns,
    ) -> Self {
        ReturnedFile {
            path: path.to_path_buf(),
            fiscal_years: imported.fiscal_years.clone(),
            nodes: LevelCount::of(imported, levels),
            measures: imported.measures.len(),
            tally: Tally::default(),
            columns: columns.clone(),
        }
    }
}

impl ImportReport {
    pub(crate) fn new(
        opts: &ImportOptions,
        imported: &Imported,
        levels: &[Level],
        (measure_name, measure_noun): (String, String),
        files: Vec<ReturnedFile>,
        warnings: Vec<Diagnostic>,
    ) -> Self {
        ImportReport {
            files,
            dry_run: opts.dry_run,
            fiscal_years: imported.fiscal_years.clone(),
            nodes: LevelCount::of(imported, levels),
            measures: imported.measures.len(),
            measure_name,
            measure_noun,
            created: Vec::new(),
            updated: Vec::new(),
            overwritten: Vec::new(),
            unchanged: Vec::new(),
            conflicts: Vec::new(),
            hand_edits: Vec::new(),
            renamed: Vec::new(),
            changes: Vec::new(),
            not_in_table: Vec::new(),
            samples_removed: Vec::new(),
            warnings,
        }
    }

    pub(crate) fn add(&mut self, planned: &Planned) {
        let path = planned.path.clone();
        let list = match planned.change {
            Change::Create => &mut self.created,
            Change::Unchanged => &mut self.unchanged,
            Change::Update => &mut self.updated,
            Change::Overwrite => &mut self.overwritten,
            Change::Conflict => &mut self.conflicts,
        };
        list.push(path.clone());
        for field in &planned.hand_edits {
            let conflict = if planned.conflicts.contains(field) {
                "（表の値も変わっています）"
            } else {
                ""
            };
            self.hand_edits
                .push(format!("{}: {field}{conflict}", path.display()));
        }
        if planned.change != Change::Unchanged && !planned.diff.is_empty() {
            self.changes.push((path, planned.diff.clone()));
        }
    }

    /// The files this import wrote (none in a dry run).
    pub fn written(&self) -> Vec<&Path> {
        if self.dry_run {
            return Vec::new();
        }
        self.created
            .iter()
            .chain(&self.updated)
            .chain(&self.overwritten)
            .map(PathBuf::as_path)
            .collect()
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.dry_run {
            writeln!(
                f,
                "【試し実行】何も書き込んでいません。実行すると次のようになります。"
            )?;
        }
        for file in &self.files {
            let labels: Vec<&str> = file
                .fiscal_years
                .iter()
                .map(|fy| fy.label.as_str())
                .collect();
            let Tally {
                filled,
                changed,
                erased,
                left_alone,
            } = file.tally;
            writeln!(
                f,
                "取り込み元: {}（{}、{} {}、年度: {}）\n  記入 {filled} 件、変更 {changed} 件、削除 {erased} 件、空欄のため今の値のまま {left_alone} 件",
                file.path.display(),
                file.nodes
                    .iter()
                    .map(|level| format!("{} {}", level.name, level.count))
                    .collect::<Vec<_>>()
                    .join("、"),
                self.measure_name,
                file.measures,
                labels.join("・")
            )?;
            let columns = &file.columns;
            let per_measure = format!(
                "見出しを名前にして{}ごとの項目（extra）にした列",
                self.measure_noun
            );
            for (list, what) in [
                (&columns.extra, per_measure.as_str()),
                (
                    &columns.year_extra,
                    "見出しを名前にして年度ごとの項目（extra）にした列",
                ),
                (&columns.ignored, "取り込まなかった列（[import] の ignore）"),
            ] {
                if !list.is_empty() {
                    writeln!(f, "  {what} {} 列: {}", list.len(), list.join("、"))?;
                }
            }
        }
        writeln!(
            f,
            "（記入: 空だった欄に表の値を入れました。変更: 今の値を表の別の値にしました。削除: 表に「{ERASE_MARKER}」と書かれた値を消しました（--force では空欄の値も）。空欄の欄は「回答なし」として今の値を残します）"
        )?;
        writeln!(
            f,
            "作成: {} 件、更新: {} 件、上書き: {} 件、変更なし: {} 件",
            self.created.len(),
            self.updated.len(),
            self.overwritten.len(),
            self.unchanged.len()
        )?;
        list(
            f,
            "手で編集されていたため上書きしたファイル:",
            &self.overwritten,
        )?;
        lines(f, "前回の取り込みの後に手で編集された項目（手の編集を残します。--force なら表の値にします）:", &self.hand_edits)?;
        lines(
            f,
            "実施内容の名前が少し変わっています。同じ実施内容なら、そのファイルの title を表の名前に直すか --force を付けてください（このままでは取り込みを中止します）:",
            &self.renamed,
        )?;
        if !self.conflicts.is_empty() {
            let heading = format!(
                "手で編集されている（取り込み結果と違う）ため、このままでは取り込みを中止するファイル（{} 件。上書きしてよければ --force）:",
                self.conflicts.len()
            );
            list(f, &heading, &self.conflicts)?;
        }
        list(
            f,
            "表にない既存のファイル（そのままにしています）:",
            &self.not_in_table,
        )?;
        list(
            f,
            "shinchoku init のひな形（書き換えられていないもの）を消しました。表の内容がその代わりです:",
            &self.samples_removed,
        )?;
        if !self.changes.is_empty() {
            writeln!(f, "変更の内容（- 今の値、+ 取り込み後の値）:")?;
            for (file, diff) in &self.changes {
                writeln!(f, "  {}", file.display())?;
                for line in diff {
                    writeln!(f, "    {line}")?;
                }
            }
        }
        if !self.warnings.is_empty() {
            writeln!(f, "警告 {} 件（表の行番号つき）:", self.warnings.len())?;
            for warning in &self.warnings {
                writeln!(f, "  {warning}")?;
            }
        }
        Ok(())
    }
}

/// A heading and its items, one a line; nothing when there are none.
fn lines(f: &mut fmt::Formatter<'_>, heading: &str, items: &[impl fmt::Display]) -> fmt::Result {
    if items.is_empty() {
        return Ok(());
    }
    writeln!(f, "{heading}")?;
    for item in items {
        writeln!(f, "  {item}")?;
    }
    Ok(())
}

/// The same for files.
fn list(f: &mut fmt::Formatter<'_>, heading: &str, files: &[PathBuf]) -> fmt::Result {
    let shown: Vec<_> = files.iter().map(|file| file.display()).collect();
    lines(f, heading, &shown)
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{}: 表を読めません: {source}", path.display())]
    Unreadable { path: PathBuf, source: io::Error },
    #[error(
        "{}:{line}: 文字コードを {tried} として読めません。UTF-8 か Shift_JIS で保存し直すか、--encoding で指定してください",
        path.display()
    )]
    Undecodable {
        path: PathBuf,
        line: usize,
        tried: String,
    },
    #[error("文字コード「{label}」を知りません（例: utf-8, shift_jis, cp932）")]
    UnknownEncoding { label: String },
    #[error("{}: {row}行目: CSV として読めません: {reason}", path.display())]
    Csv {
        path: PathBuf,
        row: usize,
        reason: String,
    },
    #[error("{}: Excel のブックとして読めません: {reason}", path.display())]
    Workbook { path: PathBuf, reason: String },
    #[error("{}: 表が空です", path.display())]
    Empty { path: PathBuf },
    #[error(
        "{}: 表の階層は{table}段（[import] の [[import.levels]]）ですが、site.toml の [[levels]] は{site}段です。[[levels]] を表の階層の数だけ書いてください（何も書き込んでいません）",
        path.display()
    )]
    LevelCount {
        path: PathBuf,
        table: usize,
        site: usize,
    },
    #[error(
        "{}: 見出し行が見つかりません。探した見出し: {expected}\n表の初めの行:\n  {seen}\n見出しの名前が違うなら、`shinchoku import --detect 表のファイル` が site.toml に書き足す [import] の案を出します（[import.columns] で列の役割と見出しを、header_row で見出しの行を指定できます。docs/content-format.md の「表の形」）",
        path.display()
    )]
    NoHeader {
        path: PathBuf,
        expected: String,
        seen: String,
    },
    #[error(
        "{}:{line}: 「{text}」は見出し行のようですが、site.toml の [import.levels] の形（{patterns}）のどれにも合いません。表の書き間違いなら直し、この形の見出しなら heading にその形を書いてください（何も書き込んでいません）",
        path.display()
    )]
    StrayHeading {
        path: PathBuf,
        line: usize,
        text: String,
        patterns: String,
    },
    #[error("{}:{line}: 「{heading}」の列の年度を読めません: {reason}", path.display())]
    LastYear {
        path: PathBuf,
        line: usize,
        heading: String,
        reason: String,
    },
    #[error("{}:{line}: 見出し行を読めません: {reason}", path.display())]
    Header {
        path: PathBuf,
        line: usize,
        reason: String,
    },
    #[error(
        "{}:{line}: {level}{number}はこのサイトにありません（あるのは{level} {known}）。番号を確かめてください（何も書き込んでいません）",
        path.display()
    )]
    UnknownPolicy {
        level: String,
        path: PathBuf,
        line: usize,
        number: String,
        known: String,
    },
    #[error(
        "{}:{line}: 「{heading}」の列がありません。見出しの名前が違うなら、site.toml の [import.columns] に \"{heading}\" = \"その見出し\" と書くか、--column {heading}=その見出し で指定してください",
        path.display()
    )]
    MissingColumn {
        path: PathBuf,
        line: usize,
        heading: String,
    },
    #[error(
        "{}:{line}: {setting} に書いた見出し「{heading}」の列が見出し行にありません（近い見出し: {close}）。site.toml のその見出しを表の見出しのとおりに直してください（何も書き込んでいません）",
        path.display()
    )]
    MissingIndicatorColumn {
        path: PathBuf,
        line: usize,
        setting: String,
        heading: String,
        close: String,
    },
    #[error("--column「{flag}」を読めません。--column 実施内容=事業名 のように、計画における項目・実施内容・計画書ページ・担当部署・担当課 のどれかと表の見出しを = でつないでください")]
    ColumnMapping { flag: String },
    #[error("{0}")]
    Settings(crate::diagnostics::Diagnostic),
    #[error("{}: 実施内容の行が一つもありません", path.display())]
    NoDataRows { path: PathBuf },
    #[error(
        "{}: 取り込める表（.xlsx .csv .tsv .txt）がこのフォルダにありません",
        path.display()
    )]
    NoTablesInFolder { path: PathBuf },
    #[error(
        "返ってきた表どうしで、同じ実施内容の同じ欄に違う値が書かれています（{} か所）。取り込みを中止しました（何も書き込んでいません）。どちらが正しいか担当課に確かめ、違う方の表のその欄を正しい値にするか空欄にしてから、もう一度取り込んでください（表の名前:行番号「値」）:\n  {}",
        conflicts.len(),
        conflicts.join("\n  ")
    )]
    Disagree { conflicts: Vec<String> },
    #[error("{}", conflicts_message(files))]
    Conflicts { files: Vec<PathBuf> },
    #[error(
        "表の実施内容の名前が、同じ番号の既存の実施内容と少し違います。取り込みを中止しました（何も書き込んでいません）。同じ実施内容なら、そのファイルの title を表の名前に直してから取り込むか、--force を付けてください:\n  {}",
        proposals.join("\n  ")
    )]
    Renamed { proposals: Vec<String> },
    #[error("{}: 読み書きできません: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error(
        "シンボリックリンクは使えません（サイトの外を指すおそれがあるため）。リンクを実体のフォルダやファイルに置き換えてから取り込んでください（何も読み書きしていません）:\n  {}",
        links.iter().map(|link| link.display().to_string()).collect::<Vec<_>>().join("\n  ")
    )]
    Symlinks { links: Vec<PathBuf> },
    #[error(transparent)]
    Write(#[from] crate::write::together::WriteTogetherError),
}

fn conflicts_message(files: &[PathBuf]) -> String {
    let mut message = format!(
        "次の {} 件のファイルは前回の取り込みの後に手で編集された項目を、表が別の値に変えます。取り込みを中止しました（何も書き込んでいません）。--dry-run で違いを確かめ、表の値で上書きしてよければ --force を付けて実行してください:",
        files.len()
    );
    for file in files {
        message.push_str("\n  ");
        message.push_str(&file.display().to_string());
    }
    message
}
