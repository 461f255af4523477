//! Postings: for each key of one kind (a character or a pair of characters
//! of the written text, a span of the reading text), where it occurs, in
//! the compact text encoding the engine reads.
//!
//! Per document: its number (as a delta), the number of occurrences, then
//! each occurrence as `position delta << FLAG_BITS | flags`. A reading
//! span's postings start with its usual written length, and an occurrence
//! of another length has it after its flags ([`LENGTH_FOLLOWS`]).

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::index::{AnalysedDocument, IndexKey, KanaSpan, Key, EDGE_AFTER};

/// A reading span always starts at a token edge, so its first flag bit
/// (`EDGE_BEFORE` elsewhere) says instead that its written length follows,
/// for a span longer or shorter in the written text than the key's first
/// occurrence (its usual length, the first number of its postings:
/// `じっし` is 実施, 2, nearly always).
pub(crate) const LENGTH_FOLLOWS: u32 = 1;
pub(crate) const FLAG_BITS: u32 = 4;

/// Where a key occurs in a document: a position in the written text, flags,
/// and for a reading span, its length in the written text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Occurrence {
    pub position: u32,
    pub flags: u32,
    pub written_length: Option<u32>,
}

/// One key's postings, encoded as documents are added (in order), so that
/// memory holds a byte or two an occurrence rather than a 12-byte tuple.
#[derive(Debug, Default)]
pub(crate) struct EncodedPostings {
    encoded: String,
    previous_document: u32,
    /// The document being added: its number, occurrence count, last position.
    current: Option<(u32, u32, u32)>,
    /// Its occurrences, encoded, until its count is known.
    current_occurrences: String,
    /// A reading span's usual written length (see [`LENGTH_FOLLOWS`]).
    usual_length: Option<u32>,
}

impl EncodedPostings {
    pub fn push(&mut self, document: u32, occurrence: Occurrence) {
        if self.current.is_some_and(|(d, _, _)| d != document) {
            self.finish_document();
        }
        let (_, count, previous_position) = self.current.get_or_insert((document, 0, 0));
        let Occurrence {
            position,
            flags,
            written_length,
        } = occurrence;
        let delta = (position - *previous_position) << FLAG_BITS;
        match written_length {
            None => push_number(&mut self.current_occurrences, delta | flags),
            Some(length) => {
                let usual = *self.usual_length.get_or_insert_with(|| {
                    push_number(&mut self.encoded, length);
                    length
                });
                if length == usual {
                    push_number(&mut self.current_occurrences, delta | flags);
                } else {
                    push_number(
                        &mut self.current_occurrences,
                        delta | flags | LENGTH_FOLLOWS,
                    );
                    push_number(&mut self.current_occurrences, length);
                }
            }
        }
        *count += 1;
        *previous_position = position;
    }

    fn finish_document(&mut self) {
        if let Some((document, count, _)) = self.current.take() {
            push_number(&mut self.encoded, document - self.previous_document);
            push_number(&mut self.encoded, count);
            self.encoded.push_str(&self.current_occurrences);
            self.current_occurrences.clear();
            self.previous_document = document;
        }
    }

    /// The encoded text, every document finished.
    pub fn finish(mut self) -> String {
        self.finish_document();
        self.encoded
    }

    /// The occurrences `encoded` holds, with their documents, in order: the
    /// inverse of pushing them. `spans`: they are a reading span's.
    pub fn decode(encoded: &str, spans: bool) -> Vec<(u32, Occurrence)> {
        let mut numbers = encoded.bytes();
        let mut next = || read_number(&mut numbers);
        let usual = if spans { next() } else { None };
        let mut occurrences = Vec::new();
        let mut document = 0;
        while let Some(delta) = next() {
            document += delta;
            let count = next().expect("a count follows a document");
            let mut position = 0;
            for _ in 0..count {
                let number = next().expect("an occurrence follows its count");
                position += number >> FLAG_BITS;
                let mut flags = number & ((1 << FLAG_BITS) - 1);
                let written_length = usual.map(|usual| {
                    if flags & LENGTH_FOLLOWS == 0 {
                        return usual;
                    }
                    flags &= !LENGTH_FOLLOWS;
                    next().expect("a length follows its flag")
                });
                let occurrence = Occurrence {
                    position,
                    flags,
                    written_length,
                };
                occurrences.push((document, occurrence));
            }
        }
        occurrences
    }
}

/// Postings of one kind of key: key → occurrences. Documents must be added
/// in increasing order. A hash map: one lookup an occurrence is the hot
/// loop of indexing; keys are sorted once, at the end.
#[derive(Debug)]
pub(crate) struct Postings<K>(FxHashMap<K, EncodedPostings>);

impl<K> Default for Postings<K> {
    fn default() -> Self {
        Postings(FxHashMap::default())
    }
}

impl<K: IndexKey> Postings<K> {
    pub fn push(&mut self, document: u32, key: K, occurrence: Occurrence) {
        self.0.entry(key).or_default().push(document, occurrence);
    }

    /// Every key, in order, with its encoded occurrences.
    pub fn into_sorted(self) -> Vec<(K, String)> {
        let mut keys: Vec<(K, EncodedPostings)> = self.0.into_iter().collect();
        keys.sort_unstable_by_key(|(key, _)| *key);
        keys.into_iter()
            .map(|(key, postings)| (key, postings.finish()))
            .collect()
    }
}

/// The postings of every kind of key.
#[derive(Debug, Default)]
pub(crate) struct AllPostings {
    /// Characters of the written text.
    pub unigrams: Postings<Key<1>>,
    /// Pairs of characters of the written text.
    pub written: Postings<Key<2>>,
    /// Spans of the reading text that end where a token does (a chain of
    /// spans continues only from those).
    pub reading: Postings<KanaSpan>,
    /// Spans that end inside a token (typed so far: `くまもとし` in 熊本|市電).
    pub reading_partial: Postings<KanaSpan>,
}

impl AllPostings {
    /// Adds documents numbered from `first`, in order; the kinds are
    /// independent, so they are filled side by side.
    pub fn add(&mut self, first: u32, analysed: &[Arc<AnalysedDocument>]) {
        let numbered = || analysed.iter().zip(first..);
        let AllPostings {
            unigrams,
            written,
            reading,
            reading_partial,
        } = self;
        rayon::join(
            || {
                for (d, i) in numbered() {
                    for (key, occurrence) in unigram_occurrences(d) {
                        unigrams.push(i, key, occurrence);
                    }
                }
            },
            || {
                rayon::join(
                    || {
                        for (d, i) in numbered() {
                            for (key, occurrence) in pair_occurrences(d) {
                                written.push(i, key, occurrence);
                            }
                        }
                    },
                    || {
                        for (d, i) in numbered() {
                            for (key, occurrence) in span_occurrences(d) {
                                let postings = if ends_token(&occurrence) {
                                    &mut *reading
                                } else {
                                    &mut *reading_partial
                                };
                                postings.push(i, key, occurrence);
                            }
                        }
                    },
                )
            },
        );
    }
}

/// A document's characters, with their occurrences.
pub(crate) fn unigram_occurrences(
    d: &AnalysedDocument,
) -> impl Iterator<Item = (Key<1>, Occurrence)> + '_ {
    d.written.unigrams().map(written_occurrence)
}

/// A document's pairs of characters, with their occurrences.
pub(crate) fn pair_occurrences(
    d: &AnalysedDocument,
) -> impl Iterator<Item = (Key<2>, Occurrence)> + '_ {
    d.written.bigrams().map(written_occurrence)
}

/// A document's reading spans, with their occurrences (only all-kana terms
/// are looked up by reading).
pub(crate) fn span_occurrences(
    d: &AnalysedDocument,
) -> impl Iterator<Item = (KanaSpan, Occurrence)> + '_ {
    d.reading_spans().map(|(key, position, flags, length)| {
        let occurrence = Occurrence {
            position,
            flags,
            written_length: Some(length),
        };
        (key, occurrence)
    })
}

/// Whether a reading span ends where a token does (else it is partial).
pub(crate) fn ends_token(occurrence: &Occurrence) -> bool {
    occurrence.flags & EDGE_AFTER != 0
}

fn written_occurrence<K>((key, position, flags): (K, u32, u32)) -> (K, Occurrence) {
    let occurrence = Occurrence {
        position,
        flags,
        written_length: None,
    };
    (key, occurrence)
}

/// Digits of the number encoding shared with the engine: 5 bits a digit,
/// least significant first; digits 32–63 mean "more digits follow". All are
/// JSON- and URL-safe.
pub(crate) const DIGITS: &[u8; 64] =
    b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

pub(crate) fn push_number(out: &mut String, mut value: u32) {
    loop {
        let low = (value & 31) as usize;
        value >>= 5;
        if value == 0 {
            out.push(DIGITS[low] as char);
            return;
        }
        out.push(DIGITS[low + 32] as char);
    }
}

/// The value of each digit byte (see [`DIGITS`]).
const DIGIT_VALUES: [u8; 128] = {
    let mut values = [0; 128];
    let mut i = 0;
    while i < DIGITS.len() {
        values[DIGITS[i] as usize] = i as u8;
        i += 1;
    }
    values
};

/// The next number of `digits`, or `None` at their end.
fn read_number(digits: &mut impl Iterator<Item = u8>) -> Option<u32> {
    let mut value = 0;
    let mut shift = 0;
    for byte in digits.by_ref() {
        let digit = u32::from(DIGIT_VALUES[usize::from(byte & 127)]);
        value |= (digit & 31) << shift;
        if digit < 32 {
            return Some(value);
        }
        shift += 5;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::document::FieldClass;
    use crate::search::index::tests::analyse;

    #[test]
    fn numbers_use_five_bits_a_digit() {
        let mut out = String::new();
        for n in [0, 31, 32, 1023, 1024] {
            push_number(&mut out, n);
            out.push('|');
        }
        assert_eq!(out, "0|V|W1|_V|WW1|");
        let mut digits = out.bytes().filter(|&b| b != b'|');
        let read: Vec<u32> = std::iter::from_fn(|| read_number(&mut digits)).collect();
        assert_eq!(read, [0, 31, 32, 1023, 1024]);
    }

    /// Every kind's postings of `documents` (numbered 0, 1, …), encoded.
    fn encoded(documents: &[&str]) -> AllPostings {
        let analysed: Vec<Arc<AnalysedDocument>> = documents
            .iter()
            .map(|title| Arc::new(analyse(&[(FieldClass::Title, title)])))
            .collect();
        let mut postings = AllPostings::default();
        postings.add(0, &analysed);
        postings
    }

    #[test]
    fn postings_encode_documents_and_positions_as_deltas() {
        let mut postings = Postings::default();
        for document in [0, 2] {
            for (key, occurrence) in unigram_occurrences(&analyse(&[(FieldClass::Title, "aa")])) {
                postings.push(document, key, occurrence);
            }
        }
        let encoded: Vec<(String, String)> = postings
            .into_sorted()
            .into_iter()
            .map(|(key, postings)| (key.text(), postings))
            .collect();
        // Document 0: 2 occurrences in the title (class 0), at 0 with an edge
        // before (1), then one further with an edge after (1 << 4 | 2 = 18,
        // "I"); document +2: the same.
        assert_eq!(encoded, [("a".to_string(), "021I221I".to_string())]);
    }

    #[test]
    fn reading_spans_store_their_usual_written_length_once() {
        let postings = encoded(&["相談", "ご相談"]).reading.into_sorted();
        // そうだん: usual length 2; document 0: 1 occurrence at 0 (flags 2:
        // ends a token); document +1: 1 occurrence at 1 (1 << 4 | 2 = 18, "I").
        let sodan = postings
            .iter()
            .find(|(key, _)| key.text() == "そうだん")
            .map(|(_, p)| p.as_str());
        assert_eq!(sodan, Some("201211I"));
    }

    #[test]
    fn decoding_gives_back_what_was_pushed() {
        let titles = [
            "熊本市電の相談",
            "市電",
            "くまもと市電相談窓口の相談",
            "相談",
        ];
        let all = encoded(&titles);
        let analysed: Vec<AnalysedDocument> = titles
            .iter()
            .map(|title| analyse(&[(FieldClass::Title, title)]))
            .collect();
        for (key, postings) in all.unigrams.into_sorted() {
            let expected: Vec<(u32, Occurrence)> = (0..)
                .zip(&analysed)
                .flat_map(|(i, d)| unigram_occurrences(d).map(move |o| (i, o)))
                .filter(|(_, (k, _))| *k == key)
                .map(|(i, (_, o))| (i, o))
                .collect();
            assert_eq!(EncodedPostings::decode(&postings, false), expected);
        }
        let mut lengths_that_differ = 0;
        for (key, postings) in all.reading.into_sorted() {
            let expected: Vec<(u32, Occurrence)> = (0..)
                .zip(&analysed)
                .flat_map(|(i, d)| span_occurrences(d).map(move |o| (i, o)))
                .filter(|(_, (k, o))| *k == key && ends_token(o))
                .map(|(i, (_, o))| (i, o))
                .collect();
            let decoded = EncodedPostings::decode(&postings, true);
            lengths_that_differ += usize::from(
                decoded
                    .iter()
                    .any(|(_, o)| o.written_length != decoded[0].1.written_length),
            );
            assert_eq!(decoded, expected, "{}", key.text());
        }
        // くまもと is written 熊本 and くまもと: two lengths, one encoded.
        assert!(lengths_that_differ > 0);
    }
}
