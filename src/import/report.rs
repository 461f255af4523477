//! What an import did, and why it could not: both in plain Japanese for
//! the clerk who runs it.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::model::FiscalYear;

/// The outcome of an import (or, with `dry_run`, of what it would do).
#[derive(Debug, Clone)]
pub struct ImportReport {
    pub table: PathBuf,
    pub dry_run: bool,
    pub fiscal_years: Vec<FiscalYear>,
    pub policies: usize,
    pub measures: usize,
    /// New files, relative to the site root.
    pub created: Vec<PathBuf>,
    /// Files edited by hand and replaced because of `force`.
    pub overwritten: Vec<PathBuf>,
    /// Files already as the import would write them: left alone.
    pub unchanged: Vec<PathBuf>,
    /// Dry run without `force` only: files edited by hand that would make
    /// the import refuse.
    pub conflicts: Vec<PathBuf>,
    /// Files under `content/policies` and `content/measures` that this table
    /// does not produce: left alone.
    pub not_in_table: Vec<PathBuf>,
    /// Rows judged or skipped, with the table's line and column.
    pub warnings: Vec<Diagnostic>,
}

impl ImportReport {
    /// The files this import wrote (none in a dry run).
    pub fn written(&self) -> Vec<&Path> {
        if self.dry_run {
            return Vec::new();
        }
        self.created.iter().chain(&self.overwritten).map(PathBuf::as_path).collect()
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.dry_run {
            writeln!(f, "【試し実行】何も書き込んでいません。実行すると次のようになります。")?;
        }
        let labels: Vec<&str> = self.fiscal_years.iter().map(|fy| fy.label.as_str()).collect();
        writeln!(
            f,
            "取り込み元: {}（基本施策 {}、実施内容 {}、年度: {}）",
            self.table.display(),
            self.policies,
            self.measures,
            labels.join("・")
        )?;
        writeln!(
            f,
            "作成: {} 件、上書き: {} 件、変更なし: {} 件",
            self.created.len(),
            self.overwritten.len(),
            self.unchanged.len()
        )?;
        list(f, "手で編集されていたため上書きしたファイル:", &self.overwritten)?;
        if !self.conflicts.is_empty() {
            let heading = format!(
                "手で編集されている（取り込み結果と違う）ため、このままでは取り込みを中止するファイル（{} 件。上書きしてよければ --force）:",
                self.conflicts.len()
            );
            list(f, &heading, &self.conflicts)?;
        }
        list(f, "表にない既存のファイル（そのままにしています）:", &self.not_in_table)?;
        if !self.warnings.is_empty() {
            writeln!(f, "警告 {} 件（表の行番号つき）:", self.warnings.len())?;
            for warning in &self.warnings {
                writeln!(f, "  {warning}")?;
            }
        }
        Ok(())
    }
}

fn list(f: &mut fmt::Formatter<'_>, heading: &str, files: &[PathBuf]) -> fmt::Result {
    if files.is_empty() {
        return Ok(());
    }
    writeln!(f, "{heading}")?;
    for file in files {
        writeln!(f, "  {}", file.display())?;
    }
    Ok(())
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{}: 表を読めません: {source}", path.display())]
    Unreadable { path: PathBuf, source: io::Error },
    #[error("{}:{line}: 文字コードが UTF-8 ではありません。UTF-8 で保存し直してください", path.display())]
    NotUtf8 { path: PathBuf, line: usize },
    #[error("{}: 表が空です", path.display())]
    Empty { path: PathBuf },
    #[error(
        "{}: 見出し行（「計画における項目」で始まる行）が見つかりません。表を見出しの行ごと写してください",
        path.display()
    )]
    NoHeader { path: PathBuf },
    #[error("{}:{line}: 見出し行を読めません: {reason}", path.display())]
    Header { path: PathBuf, line: usize, reason: String },
    #[error("{}: 実施内容の行が一つもありません", path.display())]
    NoDataRows { path: PathBuf },
    #[error("{}", conflicts_message(files))]
    Conflicts { files: Vec<PathBuf> },
    #[error("{}: 読み書きできません: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
}

fn conflicts_message(files: &[PathBuf]) -> String {
    let mut message = format!(
        "次の {} 件のファイルは手で編集されていて、取り込むと内容が変わります。取り込みを中止しました（何も書き込んでいません）。上書きしてよければ --force を付けて実行してください:",
        files.len()
    );
    for file in files {
        message.push_str("\n  ");
        message.push_str(&file.display().to_string());
    }
    message
}
