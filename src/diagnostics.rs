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

impl Diagnostics {
    /// The first `limit` lines, then how many more there are: a large site
    /// can have thousands of warnings, which would bury the build's result.
    pub fn abridged(&self, limit: usize) -> String {
        let mut text: String = self
            .0
            .iter()
            .take(limit)
            .map(|d| format!("{d}\n"))
            .collect();
        if self.0.len() > limit {
            text.push_str(&format!(
                "ほか {} 件（`shinchoku check` ですべて表示します）\n",
                self.0.len() - limit
            ));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abridged_lists_the_first_and_counts_the_rest() {
        let warning =
            |n: usize| Diagnostic::warning(Path::new("content/a.md"), Some(n), None, "注意".into());
        let many = Diagnostics((1..=5).map(warning).collect());
        let text = many.abridged(2);
        assert_eq!(text.lines().count(), 3, "{text}");
        assert!(
            text.contains("content/a.md:2:") && !text.contains("content/a.md:3:"),
            "{text}"
        );
        assert!(
            text.ends_with("ほか 3 件（`shinchoku check` ですべて表示します）\n"),
            "{text}"
        );
        assert_eq!(
            Diagnostics((1..=2).map(warning).collect())
                .abridged(2)
                .lines()
                .count(),
            2
        );
    }
}
