//! Search index stage: site → the files the browser's search engine loads.
//!
//! At build time lindera (with the embedded IPADIC and the site's optional
//! `dictionary.csv`) splits every measure's text into tokens; the index holds
//! the positions of the characters and character pairs of the normalised
//! written text, with token edges, and of the reading spans (hiragana) that
//! start at a token, placed in the written text. In the browser,
//! `themes/default/static/search-engine.js` (with `search-text.js`) answers queries from it with no server: exact
//! substring matches across width, case and kana ([`normalize`]), reading
//! matches over whole tokens, ranked by field and BM25.
//!
//! Modules: [`normalize`] (the normalisation specification), `tokenize`
//! (lindera and the user dictionary), `document` (a measure's fields),
//! `index` (a measure's text analysed: characters, pairs, reading spans),
//! `postings` (where each key occurs, encoded), `chunks` (the files),
//! `card` (what a result shows) and
//! `incremental` (`serve`'s index between builds: an edit replaces only the
//! edited measures' postings).

mod card;
mod chunks;
mod document;
#[cfg(test)]
mod format;
mod incremental;
mod index;
pub mod normalize;
mod postings;
mod tokenize;
mod variants;

use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Grading, Site};
use crate::output::OutputFile;

pub use normalize::{normalize, query_terms};
pub use tokenize::Tokenizer;
pub use variants::SYNONYMS_FILE;

/// The search index remembered between builds (`serve`): an edit redoes
/// only the measures whose search document changed (see `incremental`), and
/// one that changes nothing searchable (a measure's Markdown body) reuses
/// the last index whole. Tokenised measures are found by a fingerprint of
/// their search document; a new user dictionary makes all stale.
#[derive(Default)]
pub struct IndexMemo {
    analyses: crate::memo::Memo<std::sync::Arc<index::AnalysedDocument>>,
    last: std::sync::Mutex<Option<incremental::LastIndex>>,
    index_reused: std::sync::atomic::AtomicBool,
    reindexed: std::sync::atomic::AtomicUsize,
}

impl IndexMemo {
    /// Measures the current (or last) build had to tokenise.
    pub fn computed(&self) -> usize {
        self.analyses.computed()
    }

    /// Whether the current (or last) build reused the index files whole.
    pub fn reused_index(&self) -> bool {
        self.index_reused.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Measures whose postings the current (or last) build made again.
    pub fn reindexed(&self) -> usize {
        self.reindexed.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Records what the current build remade: `reindexed` measures, or
    /// none with the last index reused whole.
    fn set_remade(&self, reindexed: usize, reused: bool) {
        use std::sync::atomic::Ordering::Relaxed;
        self.reindexed.store(reindexed, Relaxed);
        self.index_reused.store(reused, Relaxed);
    }
}

/// The name of the user dictionary file, next to `site.toml`.
pub const USER_DICTIONARY_FILE: &str = "dictionary.csv";

/// Builds the search index of `site` (files under `search/index/`).
///
/// `user_dictionary` is the site's `dictionary.csv` (its path, for messages,
/// and its text): one `surface,part of speech,reading` a line, for local
/// proper nouns IPADIC splits badly (ささえりあ, ゲートキーパー). Bad lines
/// are reported with their line number.
pub fn build_index(
    site: &Site,
    grading: &Grading,
    user_dictionary: Option<(&Path, &str)>,
    synonyms: Option<(&Path, &str)>,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let mut files = Vec::new();
    build_index_into(
        site,
        grading,
        user_dictionary,
        synonyms,
        None,
        &mut |batch| files.extend(batch),
    )?;
    Ok(files)
}

/// [`build_index`], handing the files to `emit` as they are made. With a
/// `memo` (kept by `serve` between builds), only what changed since the
/// last build is made again. `synonyms` is the site's `synonyms.csv` (its
/// path and text), everyday words and the words its text uses for them.
pub fn build_index_into(
    site: &Site,
    grading: &Grading,
    user_dictionary: Option<(&Path, &str)>,
    synonyms: Option<(&Path, &str)>,
    memo: Option<&IndexMemo>,
    emit: &mut dyn FnMut(Vec<OutputFile>),
) -> Result<(), Diagnostics> {
    let tokenizer = tokenizer(user_dictionary)?;
    let site_synonyms = match synonyms {
        Some((path, text)) => Some((
            variants::Alternatives::from_site(path, text, &tokenizer)?,
            text,
        )),
        None => None,
    };
    match memo {
        Some(memo) => {
            let synonyms = site_synonyms.as_ref().map(|(a, text)| (a, *text));
            let dictionary = user_dictionary.map(|(_, text)| text);
            incremental::index_files(site, grading, &tokenizer, dictionary, synonyms, memo, emit);
        }
        None => {
            let synonyms = site_synonyms.as_ref().map(|(a, _)| a);
            chunks::index_files(site, grading, &tokenizer, synonyms, emit);
        }
    }
    Ok(())
}

/// The tokenizer with the site's user dictionary, if it has one.
fn tokenizer(user_dictionary: Option<(&Path, &str)>) -> Result<Tokenizer, Diagnostics> {
    let words = match user_dictionary {
        Some((path, text)) => tokenize::user_dictionary(path, text)?,
        None => None,
    };
    Ok(Tokenizer::new(words))
}

/// A problem with one line of a site's search CSV: the field (`2 列目`)
/// when one is to blame, and what is wrong in plain words.
type LineProblem = (Option<String>, String);

/// Reads a small CSV file of the site's (`dictionary.csv`,
/// `synonyms.csv`): no header, a BOM allowed, `#` lines and blank lines
/// skipped, each line's trimmed fields handed to `parse`. Every problem is
/// reported with the file and line, not only the first.
fn read_site_csv<T>(
    path: &Path,
    text: &str,
    mut parse: impl FnMut(&[&str]) -> Result<T, LineProblem>,
) -> Result<Vec<T>, Diagnostics> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .from_reader(text.trim_start_matches('\u{FEFF}').as_bytes());
    let mut rows = Vec::new();
    let mut problems = Diagnostics::default();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize);
                let message = format!("CSV として読めません: {e}");
                problems.push(Diagnostic::error(path, line, None, message));
                continue;
            }
        };
        let line = record.position().map(|p| p.line() as usize);
        let fields: Vec<&str> = record.iter().map(str::trim).collect();
        if fields.iter().all(|f| f.is_empty()) {
            continue;
        }
        match parse(&fields) {
            Ok(row) => rows.push(row),
            Err((field, message)) => {
                problems.push(Diagnostic::error(path, line, field.as_deref(), message))
            }
        }
    }
    if problems.has_errors() {
        Err(problems)
    } else {
        Ok(rows)
    }
}
