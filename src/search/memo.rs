//! Analysed documents remembered between builds, for `serve`: tokenising
//! is most of the index's cost, and an edit changes one measure's text.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::document::Document;
use super::index::AnalysedDocument;
use super::tokenize::Tokenizer;
use crate::output::fingerprint;

#[derive(Default)]
pub struct AnalysisMemo {
    state: Mutex<MemoState>,
}

#[derive(Default)]
struct MemoState {
    /// Hash of the user dictionary the entries were tokenised with.
    dictionary: u64,
    /// Hash of a document → its analysis; `used` holds this build's.
    entries: HashMap<u64, Arc<AnalysedDocument>>,
    used: HashMap<u64, Arc<AnalysedDocument>>,
    analysed: usize,
}

impl AnalysisMemo {
    /// Starts a build: another user dictionary makes every entry stale.
    pub(super) fn begin(&self, user_dictionary: Option<&str>) {
        let fingerprint = fingerprint(&user_dictionary);
        let mut state = self.state.lock().expect("memo lock");
        if state.dictionary != fingerprint {
            state.entries.clear();
            state.dictionary = fingerprint;
        }
        state.used.clear();
        state.analysed = 0;
    }

    pub(super) fn analyse(&self, tokenizer: &Tokenizer, document: &Document) -> Arc<AnalysedDocument> {
        let key = fingerprint(document);
        let known = self.state.lock().expect("memo lock").entries.get(&key).cloned();
        let analysed = known.unwrap_or_else(|| {
            self.state.lock().expect("memo lock").analysed += 1;
            Arc::new(AnalysedDocument::new(tokenizer, document))
        });
        self.state.lock().expect("memo lock").used.insert(key, Arc::clone(&analysed));
        analysed
    }

    /// Ends a build: only what it used is kept, so memory follows the site.
    pub(super) fn finish(&self) {
        let mut state = self.state.lock().expect("memo lock");
        state.entries = std::mem::take(&mut state.used);
    }

    /// Documents tokenised (not taken from the memo) by the last build.
    pub fn analysed(&self) -> usize {
        self.state.lock().expect("memo lock").analysed
    }
}
