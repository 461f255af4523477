//! Load stage: the site folder → front-matter documents.
//!
//! Walks `content/` (walkdir, sorted so output never depends on directory
//! order), splits each Markdown file into front matter and body, and
//! deserialises the front matter into the `*Front` structs below. Typed
//! checks across files happen in `validate`.

use rayon::prelude::*;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::memo::Memo;
use crate::model::{Achievement, Extra, Level, Measure, YearRecord};
use crate::output::fingerprint;
mod front_matter;
mod indicators;
mod link;
mod yaml_errors;

use front_matter::{extra, scalar, text, texts};
pub use front_matter::{parse_front_matter, split_front_matter, FrontMatterParts};
pub use indicators::{IndicatorFront, ReferenceFront};
pub use link::parse_measure_front;

pub const CONTENT_DIR: &str = "content";

/// `content/_index.md`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanFront {
    #[serde(deserialize_with = "text")]
    pub title: String,
    #[serde(default, deserialize_with = "text")]
    pub organization: String,
    #[serde(default, deserialize_with = "text")]
    pub source: String,
    pub fiscal_years: Spanned<Vec<FiscalYearFront>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FiscalYearFront {
    pub year: Spanned<u16>,
    #[serde(deserialize_with = "text")]
    pub label: String,
    /// `2021-06-30`: when the year's report was published (for the feed).
    #[serde(default)]
    pub published: Option<Spanned<String>>,
    /// 集計中: the year's reports are not final yet.
    #[serde(default)]
    pub draft: bool,
}

/// `content/<folder>/<id>.md`: a node of a level (`content/policies/1.md`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeFront {
    /// The city's number: `6`, or text such as `2-1`.
    pub number: Spanned<Scalar>,
    #[serde(deserialize_with = "text")]
    pub title: String,
    /// The id of the node one level up; none at the top level.
    #[serde(default)]
    pub parent: Option<Spanned<Scalar>>,
    /// 評価指標 of the node itself.
    #[serde(default)]
    pub indicators: Vec<Spanned<IndicatorFront>>,
}

/// `content/measures/ID.md`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureFront {
    pub id: Spanned<String>,
    /// The node of the lowest level, under that level's key (`policy:`):
    /// see [`link`].
    pub node: Spanned<Scalar>,
    #[serde(default, deserialize_with = "text")]
    pub plan_item: String,
    #[serde(deserialize_with = "text")]
    pub title: String,
    #[serde(default)]
    pub new: bool,
    #[serde(default)]
    pub plan_page: Option<u32>,
    #[serde(default, deserialize_with = "texts")]
    pub departments: Vec<String>,
    #[serde(default, deserialize_with = "texts")]
    pub sections: Vec<String>,
    #[serde(default)]
    pub years: BTreeMap<u16, Spanned<YearFront>>,
    #[serde(default, deserialize_with = "texts")]
    pub import_notes: Vec<String>,
    /// 評価指標: see [`indicators`].
    #[serde(default)]
    pub indicators: Vec<Spanned<IndicatorFront>>,
    /// The city's own fields, declared in `site.toml` or not.
    #[serde(default, deserialize_with = "extra")]
    pub extra: Extra,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearFront {
    #[serde(default, deserialize_with = "text")]
    pub status: String,
    #[serde(default, deserialize_with = "text")]
    pub evaluation: String,
    #[serde(default, deserialize_with = "scalar")]
    pub achievement: Option<Scalar>,
    #[serde(default, deserialize_with = "text")]
    pub next_plan: String,
    /// The city's own fields for this year.
    #[serde(default, deserialize_with = "extra")]
    pub extra: Extra,
}

impl MeasureFront {
    /// The measure this front matter describes, with every year it writes
    /// (`validate` checks them against the plan): the one conversion from
    /// front matter, for the build and for the importer alike.
    pub fn into_measure(self, body: String, file: PathBuf) -> Measure {
        let years = self
            .years
            .into_iter()
            .map(|(year, record)| record.value.into_record(year))
            .collect();
        Measure {
            id: self.id.value.trim().to_string(),
            node: self.node.value.into_text().trim().to_string(),
            plan_item: self.plan_item.trim().into(),
            title: self.title.trim().into(),
            is_new: self.new,
            plan_page: self.plan_page,
            departments: self.departments,
            sections: self.sections,
            years,
            import_notes: self.import_notes,
            extra: self.extra,
            indicators: indicators_of(self.indicators),
            body,
            file,
        }
    }
}

impl YearFront {
    pub fn into_record(self, year: u16) -> YearRecord {
        let raw = self.achievement.map(Scalar::into_text).unwrap_or_default();
        YearRecord {
            year,
            status: self.status,
            evaluation: self.evaluation,
            achievement: Achievement::parse(&raw),
            next_plan: self.next_plan,
            extra: self.extra,
        }
    }
}

/// The indicators of a front matter, as the model holds them.
pub fn indicators_of(fronts: Vec<Spanned<IndicatorFront>>) -> Vec<crate::model::Indicator> {
    fronts
        .into_iter()
        .map(|front| front.value.into_indicator())
        .collect()
}

/// A YAML scalar read as the text the user wrote: `achievement: 70` and
/// `achievement: "70"` mean the same.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Scalar {
    Text(String),
    Integer(i64),
    Float(f64),
}

impl Scalar {
    pub fn into_text(self) -> String {
        match self {
            Scalar::Text(s) => s,
            Scalar::Integer(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
        }
    }
}

/// A parsed content file: where it is, where its body starts, and its parts.
#[derive(Debug, Clone)]
pub struct Document<T> {
    /// Path relative to the site root, for messages (`content/measures/1-01.md`).
    pub file: PathBuf,
    pub front: T,
    pub body: String,
    /// Line of the file on which the front matter's first line stands,
    /// to turn front-matter locations into file lines.
    pub front_line: usize,
}

impl<T> Document<T> {
    /// The file line of a location inside the front matter.
    pub fn line(&self, front_matter_line: u64) -> usize {
        self.front_line + front_matter_line as usize - 1
    }
}

/// Everything found under `content/`.
#[derive(Debug, Default)]
pub struct Content {
    pub plan: Option<Document<PlanFront>>,
    /// The hierarchy's levels, top first, as `load_content` was given them.
    pub levels: Vec<Level>,
    /// With the index of their level.
    pub nodes: Vec<(usize, Document<NodeFront>)>,
    pub measures: Vec<Document<MeasureFront>>,
}

/// Parsed content files remembered between builds (for `serve`), by their
/// kind, path and text: a rebuild parses only the files that changed.
pub type ParseMemo = Memo<Result<Parsed, Vec<Diagnostic>>>;

/// Reads every content file of the site at `root`, with the levels its
/// `site.toml` declares. Problems in single files are collected in the
/// diagnostics; the files that parsed are returned.
pub fn load_content(root: &Path) -> (Content, Diagnostics) {
    match crate::config::SiteConfig::levels_of(root) {
        Ok(levels) => load_content_with(root, &levels, None),
        Err(problem) => (Content::default(), Diagnostics(vec![problem])),
    }
}

/// [`load_content`] for a hierarchy of `levels` (top first), reusing what
/// `memo` remembers of unchanged files.
pub fn load_content_with(
    root: &Path,
    levels: &[Level],
    memo: Option<&ParseMemo>,
) -> (Content, Diagnostics) {
    let mut content = Content {
        levels: levels.to_vec(),
        ..Content::default()
    };
    let mut diagnostics = Diagnostics::default();
    let content_dir = root.join(CONTENT_DIR);
    if !content_dir.is_dir() {
        diagnostics.push(Diagnostic::error(
            Path::new(CONTENT_DIR),
            None,
            None,
            format!("フォルダ {} がありません", content_dir.display()),
        ));
        return (content, diagnostics);
    }
    let mut files = Vec::new();
    let walker = WalkDir::new(&content_dir)
        .sort_by_file_name()
        .follow_links(false)
        .follow_root_links(false);
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let file = e
                    .path()
                    .map(|p| relative(root, p))
                    .unwrap_or_else(|| CONTENT_DIR.into());
                diagnostics.push(Diagnostic::error(
                    &file,
                    None,
                    None,
                    format!("読めません: {e}"),
                ));
                continue;
            }
        };
        let file = relative(root, entry.path());
        if entry.file_type().is_symlink() {
            diagnostics.push(Diagnostic::error(
                &file,
                None,
                None,
                "シンボリックリンクは使えません（content/ の外を指すおそれがあるため）。実体のファイルを置いてください".into(),
            ));
            continue;
        }
        if entry.file_type().is_dir() {
            continue;
        }
        match kind_of(&file, levels) {
            Some(kind) => files.push((file, kind)),
            None => {
                let folders: Vec<String> = levels
                    .iter()
                    .map(|l| format!("{}/*.md", l.folder))
                    .collect();
                diagnostics.push(Diagnostic::warning(
                    &file,
                    None,
                    None,
                    format!(
                        "このファイルは使われません（_index.md、{}、measures/*.md のいずれでもありません）",
                        folders.join("、")
                    ),
                ))
            }
        }
    }
    // Reading and parsing are independent per file: every core; collect keeps the walk's order.
    if let Some(memo) = memo {
        memo.begin(0);
    }
    let link_key = Level::link_key(levels);
    let parsed: Vec<Result<Parsed, Vec<Diagnostic>>> = files
        .par_iter()
        .map(|(file, kind)| {
            let text = read_utf8(&root.join(file), file).map_err(|d| vec![d])?;
            let parse = || parse_file(&text, file, *kind, link_key);
            match memo {
                Some(memo) => {
                    memo.get_or_compute(fingerprint(&(*kind, link_key, file, &text)), parse)
                }
                None => parse(),
            }
        })
        .collect();
    if let Some(memo) = memo {
        memo.finish();
    }
    for result in parsed {
        match result {
            Ok(Parsed::Plan(doc)) => content.plan = Some(doc),
            Ok(Parsed::Node(level, doc)) => content.nodes.push((level, doc)),
            Ok(Parsed::Measure(doc)) => content.measures.push(doc),
            Err(errors) => diagnostics.0.extend(errors),
        }
    }
    (content, diagnostics)
}

#[derive(Clone)]
pub enum Parsed {
    Plan(Document<PlanFront>),
    Node(usize, Document<NodeFront>),
    Measure(Document<MeasureFront>),
}

#[derive(Clone, Copy, Hash)]
enum Kind {
    Plan,
    /// A node of the level with this index.
    Node(usize),
    Measure,
}

fn kind_of(file: &Path, levels: &[Level]) -> Option<Kind> {
    let parts: Vec<_> = file.iter().map(|c| c.to_string_lossy()).collect();
    let is_md = file.extension().is_some_and(|e| e == "md");
    match parts.as_slice() {
        [_, name] if name == "_index.md" => Some(Kind::Plan),
        [_, dir, _] if dir == "measures" && is_md => Some(Kind::Measure),
        [_, dir, _] if is_md => levels
            .iter()
            .position(|level| level.folder == *dir)
            .map(Kind::Node),
        _ => None,
    }
}

fn parse_file(
    text: &str,
    file: &Path,
    kind: Kind,
    link_key: &str,
) -> Result<Parsed, Vec<Diagnostic>> {
    Ok(match kind {
        Kind::Plan => Parsed::Plan(parse_document(text, file, parse_front_matter)?),
        Kind::Node(level) => Parsed::Node(level, parse_document(text, file, parse_front_matter)?),
        Kind::Measure => Parsed::Measure(parse_document(text, file, |front, file, line| {
            link::parse_measure_front(front, file, line, link_key)
        })?),
    })
}

/// Reads a file of the site, refusing anything but a regular file without
/// opening it: a FIFO would block the build (and `serve`'s rebuilds) until
/// something writes to it, a device could be endless.
pub fn read_regular_file(path: &Path, file: &Path) -> Result<Vec<u8>, Diagnostic> {
    let unreadable =
        |e: std::io::Error| Diagnostic::error(file, None, None, format!("読めません: {e}"));
    if !std::fs::metadata(path).map_err(unreadable)?.is_file() {
        return Err(Diagnostic::error(
            file,
            None,
            None,
            "通常のファイルではありません（フォルダ・名前付きパイプ・ソケット・デバイスなど）。中身を書いた普通のファイルを置いてください".into(),
        ));
    }
    std::fs::read(path).map_err(unreadable)
}

/// Reads a regular file that must be UTF-8, naming the line of the first bad byte.
pub fn read_utf8(path: &Path, file: &Path) -> Result<String, Diagnostic> {
    String::from_utf8(read_regular_file(path, file)?).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        Diagnostic::error(
            file,
            Some(line),
            None,
            "文字コードが UTF-8 ではありません。UTF-8 で保存し直してください".into(),
        )
    })
}

fn parse_document<T>(
    text: &str,
    file: &Path,
    parse_front: impl FnOnce(&str, &Path, usize) -> Result<T, Vec<Diagnostic>>,
) -> Result<Document<T>, Vec<Diagnostic>> {
    let parts = split_front_matter(text).ok_or_else(|| {
        vec![Diagnostic::error(
            file,
            Some(1),
            None,
            "先頭に「---」で囲んだ front matter（YAML）がありません".into(),
        )]
    })?;
    front_matter::refuse_raw_control_characters(text, &parts, file).map_err(|d| vec![d])?;
    Ok(Document {
        file: file.to_path_buf(),
        front: parse_front(parts.front, file, parts.front_line)?,
        body: parts.body.to_string(),
        front_line: parts.front_line,
    })
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}
