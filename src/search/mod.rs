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
//! `index` (postings) and `chunks` (the files).

mod chunks;
mod document;
mod index;
pub mod normalize;
mod tokenize;

use std::path::Path;

use crate::diagnostics::Diagnostics;
use crate::model::{Grading, Site};
use crate::output::OutputFile;

pub use normalize::{normalize, query_terms};
pub use tokenize::Tokenizer;

/// Tokenised measures remembered between builds (`serve`), found by a
/// fingerprint of the measure's search document; a new user dictionary
/// makes all stale. And the last build's index files with a fingerprint of
/// everything they were made from: an edit that changes nothing searchable
/// (a measure's Markdown body) reuses them whole.
#[derive(Default)]
pub struct AnalysisMemo {
    analyses: crate::memo::Memo<std::sync::Arc<index::AnalysedDocument>>,
    /// The fingerprint of the last index's inputs, and its files.
    last_index: std::sync::Mutex<Option<(u64, Vec<OutputFile>)>>,
    index_reused: std::sync::atomic::AtomicBool,
}

impl AnalysisMemo {
    /// Measures the current (or last) build had to tokenise.
    pub fn computed(&self) -> usize {
        self.analyses.computed()
    }

    /// Whether the current (or last) build reused the index files whole.
    pub fn reused_index(&self) -> bool {
        self.index_reused.load(std::sync::atomic::Ordering::Relaxed)
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
) -> Result<Vec<OutputFile>, Diagnostics> {
    let mut files = Vec::new();
    build_index_into(site, grading, user_dictionary, None, &mut |batch| {
        files.extend(batch)
    })?;
    Ok(files)
}

/// [`build_index`], handing the files to `emit` as they are made. With a
/// `memo` (kept by `serve` between builds), a measure whose text is the
/// same as last time is not tokenised again.
pub fn build_index_into(
    site: &Site,
    grading: &Grading,
    user_dictionary: Option<(&Path, &str)>,
    memo: Option<&AnalysisMemo>,
    emit: &mut dyn FnMut(Vec<OutputFile>),
) -> Result<(), Diagnostics> {
    let Some(memo) = memo else {
        let tokenizer = tokenizer(user_dictionary)?;
        chunks::index_files(site, grading, &tokenizer, None, emit);
        return Ok(());
    };
    // Counts this build's tokenising from zero; keeps every entry until finish.
    memo.analyses.begin(crate::output::fingerprint(
        &user_dictionary.map(|(_, text)| text),
    ));
    let inputs = index_inputs(site, grading, user_dictionary);
    let mut last = memo
        .last_index
        .lock()
        .expect("no build panicked holding the last index");
    let reused = last.as_ref().filter(|(made_from, _)| *made_from == inputs);
    memo.index_reused
        .store(reused.is_some(), std::sync::atomic::Ordering::Relaxed);
    if let Some((_, files)) = reused {
        emit(files.clone());
        return Ok(());
    }
    let tokenizer = tokenizer(user_dictionary)?;
    let mut files = Vec::new();
    chunks::index_files(site, grading, &tokenizer, Some(memo), &mut |batch| {
        files.extend(batch.iter().cloned());
        emit(batch)
    });
    memo.analyses.finish();
    *last = Some((inputs, files));
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

/// A fingerprint of everything the index is made from: every measure's
/// search document, the manifest's lists and the user dictionary.
fn index_inputs(site: &Site, grading: &Grading, user_dictionary: Option<(&Path, &str)>) -> u64 {
    use crate::output::fingerprint;
    use rayon::prelude::*;
    let documents: Vec<u64> = site
        .measures
        .par_iter()
        .map(|measure| fingerprint(&document::Document::new(site, grading, measure)))
        .collect();
    let policies: Vec<(u32, &str)> = site
        .policies
        .iter()
        .map(|p| (p.number, p.title.as_str()))
        .collect();
    let years: Vec<&str> = site
        .plan
        .fiscal_years
        .iter()
        .map(|fy| fy.label.as_str())
        .collect();
    let grades: Vec<(String, String)> = grading
        .all()
        .into_iter()
        .map(|g| grading.info(g))
        .map(|i| (i.key, i.label))
        .collect();
    fingerprint(&(
        documents,
        policies,
        years,
        grades,
        user_dictionary.map(|(_, text)| text),
    ))
}
