//! Search index stage: site → the files the browser's search engine loads.
//!
//! At build time lindera (with the embedded IPADIC and the site's optional
//! `dictionary.csv`) splits every measure's text into tokens; the index holds
//! the positions of the characters and character pairs of the normalised
//! written text, with token edges, and of the reading spans (hiragana) that
//! start at a token, placed in the written text. In the browser, `themes/default/static/search-engine.js`
//! (with `search-text.js`) answers queries from it with no server: exact
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
/// makes all stale.
#[derive(Default)]
pub struct AnalysisMemo(crate::memo::Memo<std::sync::Arc<index::AnalysedDocument>>);

impl AnalysisMemo {
    /// Measures the current (or last) build had to tokenise.
    pub fn computed(&self) -> usize {
        self.0.computed()
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
    if let Some(memo) = memo {
        memo.0.begin(crate::output::fingerprint(
            &user_dictionary.map(|(_, text)| text),
        ));
    }
    let user_dictionary = match user_dictionary {
        Some((path, text)) => tokenize::user_dictionary(path, text)?,
        None => None,
    };
    let tokenizer = tokenize::Tokenizer::new(user_dictionary);
    chunks::index_files(site, grading, &tokenizer, memo, emit);
    if let Some(memo) = memo {
        memo.0.finish();
    }
    Ok(())
}
