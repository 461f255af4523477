//! Errors and warnings about the user's files, with file, line and field,
//! collected so that a build reports everything at once.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// One problem in one of the user's files.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub severity: Severity,
    /// The field concerned (`policy`, `years.2020.achievement`).
    pub field: Option<String>,
    pub message: String,
}

impl Diagnostic {
    pub fn error(file: &Path, line: Option<usize>, field: Option<&str>, message: String) -> Self {
        Self::new(Severity::Error, file, line, field, message)
    }

    pub fn warning(file: &Path, line: Option<usize>, field: Option<&str>, message: String) -> Self {
        Self::new(Severity::Warning, file, line, field, message)
    }

    fn new(
        severity: Severity,
        file: &Path,
        line: Option<usize>,
        field: Option<&str>,
        message: String,
    ) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            line,
            severity,
            field: field.map(str::to_string),
            message,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `content/measures/1-01.md:5: エラー: policy: 基本施策 9 はありません`
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        let label = match self.severity {
            Severity::Error => "エラー",
            Severity::Warning => "警告",
        };
        write!(f, ": {label}: ")?;
        if let Some(field) = &self.field {
            write!(f, "{field}: ")?;
        }
        f.write_str(&self.message)
    }
}

/// Everything found wrong, reported together.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| !d.is_error())
    }

    /// Sorted by file and line, so output is stable.
    pub fn sorted(mut self) -> Self {
        self.0.sort();
        self
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}
