//! The index kept between `serve`'s builds, so that an edit redoes only
//! what it changed: the measures whose search document changed are
//! tokenised again, their cards made again, and only the keys they had or
//! have get new postings (decoded, the old document's occurrences taken
//! out, the new one's put in, encoded again). The files come out exactly
//! as a full build's.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::card::{card_file, card_files, Labels};
use super::chunks::{
    finish_index, manifest_fingerprint, ContentToken, FoundAlternatives, KeyLists,
};
use super::document::Document;
use super::index::{AnalysedDocument, IndexKey, KanaSpan, Key};
use super::postings::{
    ends_token, pair_occurrences, span_occurrences, unigram_occurrences, AllPostings,
    EncodedPostings, Occurrence, Postings,
};
use super::tokenize::Tokenizer;
use super::variants::Alternatives;
use super::IndexMemo;
use crate::model::{Grading, Site};
use crate::output::{fingerprint, OutputFile};

/// The last index a build made, and what it was made from.
pub(crate) struct LastIndex {
    /// A fingerprint of what every file depends on besides the measures'
    /// documents: the manifest's lists and the user dictionary.
    shared: u64,
    /// A fingerprint of each measure's search document, in order.
    documents: Vec<u64>,
    analysed: Vec<Arc<AnalysedDocument>>,
    postings: EncodedIndex,
    cards: Vec<OutputFile>,
    /// The chunk files, the common keys' files and the manifest.
    chunks: Vec<OutputFile>,
}

/// The index of `site`, remade from `memo`'s last one where an edit left
/// it unchanged; see [`super::build_index_into`].
pub(crate) fn index_files(
    site: &Site,
    grading: &Grading,
    tokenizer: &Tokenizer,
    user_dictionary: Option<&str>,
    site_synonyms: Option<(&Alternatives, &str)>,
    memo: &IndexMemo,
    emit: &mut dyn FnMut(Vec<OutputFile>),
) {
    // Counts this build's tokenising from zero; keeps every entry until finish.
    memo.analyses.begin(fingerprint(&user_dictionary));
    let documents: Vec<Document> = site
        .measures
        .par_iter()
        .map(|measure| Document::new(site, grading, measure))
        .collect();
    let fingerprints: Vec<u64> = documents.par_iter().map(fingerprint).collect();
    let shared = fingerprint(&(
        manifest_fingerprint(site, grading),
        user_dictionary,
        site_synonyms.map(|(_, text)| text),
    ));
    let mut last = memo
        .last
        .lock()
        .expect("no build panicked holding the index");
    let previous = last
        .take()
        .filter(|last| last.shared == shared && last.documents.len() == documents.len());
    let changed: Vec<usize> = match &previous {
        Some(last) => (0..documents.len())
            .filter(|&i| last.documents[i] != fingerprints[i])
            .collect(),
        None => (0..documents.len()).collect(),
    };
    if let Some(unchanged) = previous.as_ref().filter(|_| changed.is_empty()) {
        memo.set_remade(0, true);
        emit(unchanged.cards.clone());
        emit(unchanged.chunks.clone());
        *last = previous;
        return;
    }

    let analysed: Vec<Arc<AnalysedDocument>> = documents
        .par_iter()
        .zip(&fingerprints)
        .map(|(d, &key)| {
            let analyse = || Arc::new(AnalysedDocument::new(tokenizer, d));
            memo.analyses.get_or_compute(key, analyse)
        })
        .collect();
    // Past a quarter of the measures, adding every one is quicker.
    let previous = previous.filter(|_| changed.len() * 4 <= documents.len());
    let indexed = Indexed {
        documents: &documents,
        analysed: &analysed,
        labels: Labels::new(site),
    };
    let (postings, cards) = match previous {
        Some(last) => {
            memo.set_remade(changed.len(), false);
            indexed.replace(last, &changed)
        }
        None => {
            memo.set_remade(documents.len(), false);
            indexed.anew()
        }
    };
    let mut token = ContentToken::default();
    token.add(&cards);
    emit(cards.clone());
    let mut chunks = Vec::new();
    let mut lists = postings.lists();
    let synonyms = site_synonyms.map(|(alternatives, _)| alternatives);
    let mut alternatives = FoundAlternatives::default();
    alternatives.add(&analysed, synonyms);
    alternatives.add_keys(synonyms, &mut lists.alternatives);
    finish_index(site, grading, lists, token, &mut |files| {
        chunks.extend(files.iter().cloned());
        emit(files)
    });
    memo.analyses.finish();
    *last = Some(LastIndex {
        shared,
        documents: fingerprints,
        analysed,
        postings,
        cards,
        chunks,
    });
}

/// This build's measures, as documents and analysed, with the labels their
/// cards name.
struct Indexed<'a> {
    documents: &'a [Document],
    analysed: &'a [Arc<AnalysedDocument>],
    labels: Labels,
}

impl Indexed<'_> {
    /// The postings and cards of every measure.
    fn anew(&self) -> (EncodedIndex, Vec<OutputFile>) {
        let mut all = AllPostings::default();
        all.add(0, self.analysed);
        let cards = card_files(0, self.documents, self.analysed, &self.labels);
        (EncodedIndex::from(all), cards)
    }

    /// `last`'s postings and cards with those of the `changed` measures
    /// replaced.
    fn replace(&self, last: LastIndex, changed: &[usize]) -> (EncodedIndex, Vec<OutputFile>) {
        let LastIndex {
            analysed: before,
            mut postings,
            mut cards,
            ..
        } = last;
        let edits: Vec<Edit> = changed
            .iter()
            .map(|&i| (i as u32, &*before[i], &*self.analysed[i]))
            .collect();
        postings.replace(&edits);
        for &i in changed {
            cards[i] = card_file(i, &self.documents[i], &self.analysed[i], &self.labels);
        }
        (postings, cards)
    }
}

/// A measure whose search document changed: its number, and its text as
/// analysed before and now.
type Edit<'a> = (u32, &'a AnalysedDocument, &'a AnalysedDocument);

/// Every key's encoded postings by kind, found by key.
#[derive(Default)]
struct EncodedIndex {
    unigrams: BTreeMap<Key<1>, String>,
    written: BTreeMap<Key<2>, String>,
    reading: BTreeMap<KanaSpan, String>,
    reading_partial: BTreeMap<KanaSpan, String>,
}

impl From<AllPostings> for EncodedIndex {
    fn from(postings: AllPostings) -> EncodedIndex {
        fn map<K: IndexKey>(postings: Postings<K>) -> BTreeMap<K, String> {
            postings.into_sorted().into_iter().collect()
        }
        EncodedIndex {
            unigrams: map(postings.unigrams),
            written: map(postings.written),
            reading: map(postings.reading),
            reading_partial: map(postings.reading_partial),
        }
    }
}

impl EncodedIndex {
    /// A copy, as the chunk files take it.
    fn lists(&self) -> KeyLists {
        fn text<K: IndexKey>(map: &BTreeMap<K, String>) -> Vec<(String, String)> {
            map.iter().map(|(k, p)| (k.text(), p.clone())).collect()
        }
        KeyLists {
            unigrams: text(&self.unigrams),
            written: text(&self.written),
            reading: text(&self.reading),
            reading_partial: text(&self.reading_partial),
            alternatives: Default::default(),
        }
    }

    /// Replaces the occurrences of the edited documents: only the keys
    /// they had or have change (the kinds side by side).
    fn replace(&mut self, edits: &[Edit]) {
        let mut numbers: Vec<u32> = edits.iter().map(|(i, _, _)| *i).collect();
        numbers.sort_unstable();
        let numbers = &numbers;
        let EncodedIndex {
            unigrams,
            written,
            reading,
            reading_partial,
        } = self;
        let spans = |keep: fn(&Occurrence) -> bool, map: &mut BTreeMap<KanaSpan, String>| {
            let old = edits.iter().flat_map(|(_, before, _)| {
                span_occurrences(before)
                    .filter(move |(_, o)| keep(o))
                    .map(|(k, _)| k)
            });
            let new = edits.iter().flat_map(|&(i, _, now)| {
                span_occurrences(now)
                    .filter(move |(_, o)| keep(o))
                    .map(move |(k, o)| (k, i, o))
            });
            update(map, true, numbers, old, new);
        };
        rayon::join(
            || {
                let old = edits
                    .iter()
                    .flat_map(|(_, before, _)| unigram_occurrences(before).map(|(k, _)| k));
                let new = edits
                    .iter()
                    .flat_map(|&(i, _, now)| unigram_occurrences(now).map(move |(k, o)| (k, i, o)));
                update(unigrams, false, numbers, old, new);
            },
            || {
                rayon::join(
                    || {
                        let old = edits
                            .iter()
                            .flat_map(|(_, before, _)| pair_occurrences(before).map(|(k, _)| k));
                        let new = edits.iter().flat_map(|&(i, _, now)| {
                            pair_occurrences(now).map(move |(k, o)| (k, i, o))
                        });
                        update(written, false, numbers, old, new);
                    },
                    || {
                        spans(ends_token, reading);
                        spans(|o| !ends_token(o), reading_partial);
                    },
                )
            },
        );
    }
}

/// The postings of `map` with the occurrences in `documents` (sorted)
/// replaced: the `old` keys they had lose them, and each key of `new`
/// (`key, document, occurrence`, in order) gets them.
fn update<K: IndexKey>(
    map: &mut BTreeMap<K, String>,
    spans: bool,
    documents: &[u32],
    old: impl Iterator<Item = K>,
    new: impl Iterator<Item = (K, u32, Occurrence)>,
) {
    let mut added: FxHashMap<K, Vec<(u32, Occurrence)>> = FxHashMap::default();
    for (key, document, occurrence) in new {
        added.entry(key).or_default().push((document, occurrence));
    }
    let mut keys: Vec<K> = old.chain(added.keys().copied()).collect();
    keys.sort_unstable();
    keys.dedup();
    for key in keys {
        let mut occurrences = map
            .get(&key)
            .map(|postings| EncodedPostings::decode(postings, spans))
            .unwrap_or_default();
        occurrences.retain(|(d, _)| documents.binary_search(d).is_err());
        if let Some(added) = added.remove(&key) {
            occurrences.extend(added);
            // Stable: each document's occurrences stay in order.
            occurrences.sort_by_key(|(d, _)| *d);
        }
        if occurrences.is_empty() {
            map.remove(&key);
            continue;
        }
        let mut encoded = EncodedPostings::default();
        for (document, occurrence) in occurrences {
            encoded.push(document, occurrence);
        }
        map.insert(key, encoded.finish());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::document::FieldClass;
    use crate::search::index::tests::analyse;

    fn analysed(titles: &[&str]) -> Vec<Arc<AnalysedDocument>> {
        titles
            .iter()
            .map(|title| {
                Arc::new(analyse(&[
                    (FieldClass::Title, title),
                    (FieldClass::Prose, "相談を実施"),
                ]))
            })
            .collect()
    }

    fn full(analysed: &[Arc<AnalysedDocument>]) -> EncodedIndex {
        let mut all = AllPostings::default();
        all.add(0, analysed);
        EncodedIndex::from(all)
    }

    fn assert_same(a: &EncodedIndex, b: &EncodedIndex) {
        assert_eq!(a.unigrams, b.unigrams);
        assert_eq!(a.written, b.written);
        assert_eq!(a.reading, b.reading);
        assert_eq!(a.reading_partial, b.reading_partial);
    }

    #[test]
    fn replacing_documents_gives_what_indexing_them_anew_gives() {
        let before = [
            "熊本市電の相談",
            "くまもと市電で相談",
            "依存症の研修会",
            "こころの健康センター",
            "自殺対策の周知",
        ];
        // Edits to the first document (a span's usual length comes from it),
        // a middle one and the last; keys that go (依存症), keys that come
        // (窓口), titles that grow and shrink.
        let edits: [&[(usize, &str)]; 4] = [
            &[(0, "熊本の市電で相談窓口")],
            &[(2, "研修会")],
            &[
                (1, "くまもと市電で相談"),
                (4, "自殺対策の周知と相談窓口の案内"),
            ],
            &[(0, "相談"), (3, "依存症"), (4, "")],
        ];
        for edit in edits {
            let mut after = before;
            for &(i, title) in edit {
                after[i] = title;
            }
            let (old, new) = (analysed(&before), analysed(&after));
            let mut index = full(&old);
            let replaced: Vec<Edit> = edit
                .iter()
                .map(|&(i, _)| (i as u32, &*old[i], &*new[i]))
                .collect();
            index.replace(&replaced);
            assert_same(&index, &full(&new));
        }
    }
}
