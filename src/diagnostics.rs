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

/// Places of a folded kind of warning shown on its line.
const FOLDED_PLACES_SHOWN: usize = 3;

impl Diagnostics {
    /// The first `limit` lines of [`Diagnostics::folded`], then how many
    /// more there are: a large site can have thousands of warnings, which
    /// would bury the build's result.
    pub fn abridged(&self, limit: usize) -> String {
        let lines = self.folded_lines();
        let mut text: String = lines.iter().take(limit).map(|l| format!("{l}\n")).collect();
        if lines.len() > limit {
            text.push_str(&format!(
                "ほか {} 件（`shinchoku check` ですべて表示します）\n",
                lines.len() - limit
            ));
        }
        text
    }

    /// One line per problem, except that warnings of one kind (the same
    /// message but for the quoted text and numbers) fold into the first
    /// one's line with their count and first places; `verbose` lists all.
    pub fn folded(&self, verbose: bool) -> String {
        if verbose {
            return self.to_string();
        }
        self.folded_lines()
            .iter()
            .map(|l| format!("{l}\n"))
            .collect()
    }

    fn folded_lines(&self) -> Vec<String> {
        let mut kinds: Vec<(String, Vec<&Diagnostic>)> = Vec::new();
        for d in &self.0 {
            let kind = kind_of(d);
            match kinds
                .iter_mut()
                .find(|(known, _)| *known == kind && !d.is_error())
            {
                Some((_, members)) => members.push(d),
                None => kinds.push((kind, vec![d])),
            }
        }
        kinds
            .into_iter()
            .map(|(_, members)| folded_line(&members))
            .collect()
    }
}

/// What makes two warnings the same kind: their message and field with
/// the quoted or bracketed text and the numbers taken out.
fn kind_of(d: &Diagnostic) -> String {
    let mut kind = String::new();
    let mut depth = 0usize;
    let text = format!(
        "{:?}|{}|{}",
        d.severity,
        d.field.as_deref().unwrap_or(""),
        d.message
    );
    for c in text.chars() {
        match c {
            '「' | '（' | '(' => {
                if depth == 0 {
                    kind.push(c);
                }
                depth += 1;
            }
            '」' | '）' | ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    kind.push(c);
                }
            }
            _ if depth > 0 => {}
            _ if c.is_numeric() || c == '元' => {
                if !kind.ends_with('#') {
                    kind.push('#');
                }
            }
            _ => kind.push(c),
        }
    }
    kind
}

/// `t.tsv:3: 警告: …（同じ種類の警告 12 件: 3行目、7行目、9行目 ほか。…）`
fn folded_line(members: &[&Diagnostic]) -> String {
    let first = members[0];
    if members.len() == 1 {
        return first.to_string();
    }
    let one_file = members.iter().all(|d| d.file == first.file);
    // One row with several cells of the same kind is named once.
    let mut places: Vec<String> = Vec::new();
    for place in members.iter().map(|d| match (one_file, d.line) {
        (true, Some(line)) => format!("{line}行目"),
        (true, None) => d.file.display().to_string(),
        (false, Some(line)) => format!("{}:{line}", d.file.display()),
        (false, None) => d.file.display().to_string(),
    }) {
        if !places.contains(&place) {
            places.push(place);
        }
    }
    let shown = places.len().min(FOLDED_PLACES_SHOWN);
    let more = if places.len() > shown { " ほか" } else { "" };
    format!(
        "{first}（同じ種類の警告 {} 件: {}{more}。--verbose ですべて表示します）",
        members.len(),
        places[..shown].join("、")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_of_one_kind_fold_into_one_line_with_their_rows() {
        let warning = |line: usize, cell: &str| {
            Diagnostic::warning(
                Path::new("t.tsv"),
                Some(line),
                Some(&format!("令和{line}年度 達成度")),
                format!("達成度が文章です: 「{cell}」（{line}列）"),
            )
        };
        let other = Diagnostic::warning(Path::new("t.tsv"), Some(4), None, "別の警告".into());
        let all = Diagnostics(vec![
            warning(3, "あ"),
            other.clone(),
            warning(7, "い"),
            warning(9, "う"),
            warning(12, "え"),
        ]);
        let folded = all.folded(false);
        assert_eq!(
            folded,
            format!(
                "{}（同じ種類の警告 4 件: 3行目、7行目、9行目 ほか。--verbose ですべて表示します）\n{other}\n",
                warning(3, "あ")
            )
        );
        let verbose = all.folded(true);
        assert_eq!(verbose.lines().count(), 5, "{verbose}");
        assert!(verbose.contains("t.tsv:12:"), "{verbose}");
        let errors = Diagnostics(vec![
            Diagnostic::error(Path::new("a.md"), Some(1), None, "直して「1」".into()),
            Diagnostic::error(Path::new("a.md"), Some(2), None, "直して「2」".into()),
        ]);
        assert_eq!(
            errors.folded(false).lines().count(),
            2,
            "errors are never folded"
        );
    }

    #[test]
    fn a_row_with_several_cells_of_one_kind_is_named_once() {
        let warning = |line: usize, year: u16| {
            Diagnostic::warning(
                Path::new("t.tsv"),
                Some(line),
                Some(&format!("{year} 達成度")),
                format!("達成度「S」は割合として読めません（{year}年度）"),
            )
        };
        let all = Diagnostics(vec![warning(5, 2022), warning(5, 2023), warning(6, 2022)]);
        let folded = all.folded(false);
        assert!(
            folded.contains("（同じ種類の警告 3 件: 5行目、6行目。"),
            "{folded}"
        );
    }

    #[test]
    fn abridged_lists_the_first_and_counts_the_rest() {
        let warning = |n: usize| {
            Diagnostic::warning(
                Path::new(&format!("content/{n}.md")),
                Some(n),
                None,
                format!("注意{}", "!".repeat(n)),
            )
        };
        let many = Diagnostics((1..=5).map(warning).collect());
        let text = many.abridged(2);
        assert_eq!(text.lines().count(), 3, "{text}");
        assert!(
            text.contains("content/2.md:2:") && !text.contains("content/3.md:3:"),
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
