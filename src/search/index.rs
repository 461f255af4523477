//! The inverted index: positional postings of the characters and character
//! pairs of each document's written text, and of the kana pairs of its
//! reading text.
//!
//! Pairs over the normalised text find a query term anywhere inside a word
//! or compound (`未遂者` in 自殺未遂者等), not only at token edges; each
//! occurrence carries its position, so the engine checks that a term's pairs
//! are consecutive (an exact substring match, no false positives), and
//! token-edge flags, so it can tell whole-word matches and accept only
//! reading matches that cover whole tokens (`いぞんしょう` = 依存|症, while
//! kana spanning parts of two tokens' readings match nothing). Single
//! characters have postings of their own, so a one-character term needs one
//! chunk, not every chunk of pairs starting with it.

use rustc_hash::FxHashMap;

use super::document::{Document, FieldClass};
use super::tokenize::{is_kana, Tokenizer};

/// Joins a document's fields; never indexed, so no match crosses two fields.
pub(crate) const FIELD_SEPARATOR: char = '\n';

/// Bits of an occurrence's flags: a token edge before its first character,
/// between its two characters (pairs only), and after its last character;
/// then two bits for the field class it starts in (title, meta, prose,
/// achievement: the engine weighs matches by it, with no per-document
/// offsets to fetch).
const EDGE_BEFORE: u32 = 1;
const EDGE_INSIDE: u32 = 2;
const EDGE_AFTER: u32 = 4;
const CLASS_SHIFT: u32 = 3;
const FLAG_BITS: u32 = 5;

/// One form (written or reading) of a document's text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct IndexedText {
    pub chars: Vec<char>,
    /// `edges[i]`: a token edge before `chars[i]` (`edges.len() == chars.len() + 1`).
    pub edges: Vec<bool>,
    /// Where each field class starts, then the length: the engine maps a
    /// position to its field class (for weights and length normalisation).
    pub class_starts: [usize; 4],
}

/// A document's text in both forms, and where each field lies in them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AnalysedDocument {
    pub written: IndexedText,
    pub reading: IndexedText,
    /// One per field of the document, in order.
    pub fields: Vec<FieldSpan>,
}

/// Where a field starts in the written and the reading text, and how its
/// two forms line up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FieldSpan {
    pub written_start: usize,
    pub reading_start: usize,
    /// Consecutive `(written length, reading length)` segments covering the
    /// field; runs where the two are the same length are merged. The engine
    /// uses them to highlight a reading match in the written text.
    pub alignment: Vec<(usize, usize)>,
}

impl FieldSpan {
    fn align(&mut self, written: usize, reading: usize) {
        match self.alignment.last_mut() {
            Some((w, r)) if written == reading && *w == *r => {
                *w += written;
                *r += reading;
            }
            _ => self.alignment.push((written, reading)),
        }
    }
}

impl AnalysedDocument {
    pub fn new(tokenizer: &Tokenizer, document: &Document) -> AnalysedDocument {
        let mut written = IndexedText::default();
        let mut reading = IndexedText::default();
        let mut fields = Vec::with_capacity(document.fields.len());
        let mut class_starts: [Option<(usize, usize)>; 4] = [None; 4];
        for (i, field) in document.fields.iter().enumerate() {
            if i > 0 {
                written.push_unit(&[FIELD_SEPARATOR]);
                reading.push_unit(&[FIELD_SEPARATOR]);
            }
            class_starts[field.class as usize]
                .get_or_insert((written.chars.len(), reading.chars.len()));
            let mut span = FieldSpan {
                written_start: written.chars.len(),
                reading_start: reading.chars.len(),
                alignment: Vec::new(),
            };
            tokenizer.for_each_unit(&field.text, |written_unit, reading_unit| {
                written.push_unit(written_unit);
                reading.push_unit(reading_unit);
                span.align(written_unit.len(), reading_unit.len());
            });
            fields.push(span);
        }
        // A class without fields starts where the next one does.
        let mut next = (written.chars.len(), reading.chars.len());
        for class in FieldClass::ALL.iter().rev() {
            let start = class_starts[*class as usize].unwrap_or(next);
            written.class_starts[*class as usize] = start.0;
            reading.class_starts[*class as usize] = start.1;
            next = start;
        }
        written.edges.push(true);
        reading.edges.push(true);
        AnalysedDocument { written, reading, fields }
    }
}

impl IndexedText {
    fn push_unit(&mut self, unit: &[char]) {
        for (i, &c) in unit.iter().enumerate() {
            self.edges.push(i == 0);
            self.chars.push(c);
        }
    }

    fn edge(&self, i: usize) -> bool {
        self.edges.get(i).copied().unwrap_or(true)
    }

    /// The field class position `p` lies in, as flag bits.
    fn class_bits(&self, p: usize) -> u32 {
        let class = self.class_starts[1..].iter().take_while(|&&start| start <= p).count();
        (class as u32) << CLASS_SHIFT
    }

    /// Every indexed character with its position and flags (an edge before
    /// it: `EDGE_BEFORE`; after it: `EDGE_AFTER`).
    fn unigrams(&self) -> impl Iterator<Item = (Key, u32, u32)> + '_ {
        self.chars.iter().enumerate().filter(|(_, c)| is_indexed(**c)).map(|(p, &c)| {
            let flags = u32::from(self.edge(p)) * EDGE_BEFORE
                + u32::from(self.edge(p + 1)) * EDGE_AFTER
                + self.class_bits(p);
            ([c, NOT_A_PAIR], p as u32, flags)
        })
    }

    /// Every pair of neighbouring characters that `keep` accepts, with the
    /// position of the first and its flags.
    fn bigrams(&self, keep: fn(char) -> bool) -> impl Iterator<Item = (Key, u32, u32)> + '_ {
        self.chars.windows(2).enumerate().filter(move |(_, w)| keep(w[0]) && keep(w[1])).map(
            |(p, w)| {
                let flags = u32::from(self.edge(p)) * EDGE_BEFORE
                    + u32::from(self.edge(p + 1)) * EDGE_INSIDE
                    + u32::from(self.edge(p + 2)) * EDGE_AFTER
                    + self.class_bits(p);
                ([w[0], w[1]], p as u32, flags)
            },
        )
    }
}

/// Whether a character can be part of a query term: spaces and field
/// separators never are.
pub(crate) fn is_indexed(c: char) -> bool {
    c != ' ' && c != FIELD_SEPARATOR
}

/// A character followed by [`NOT_A_PAIR`], or a pair of characters: no
/// allocation per occurrence, and ordered as the keys' text is (code point
/// order is UTF-8 byte order), so the files come out the same.
type Key = [char; 2];
/// Second half of a single character's key; unigrams and pairs live in
/// separate [`Postings`], so it is never mistaken for a character.
const NOT_A_PAIR: char = '\0';

fn key_text(key: &Key) -> String {
    key.iter().filter(|&&c| c != NOT_A_PAIR).collect()
}

/// One key's postings, encoded as documents are added (in order), so that
/// memory holds a byte or two an occurrence rather than a 12-byte tuple:
/// per document, its number (as a delta), the number of occurrences, then
/// each occurrence as `position delta << 3 | flags`.
#[derive(Debug, Default)]
struct EncodedPostings {
    encoded: String,
    previous_document: u32,
    /// The document being added: its number, occurrence count, last position.
    current: Option<(u32, u32, u32)>,
    /// Its occurrences, encoded, until its count is known.
    current_occurrences: String,
}

impl EncodedPostings {
    fn push(&mut self, document: u32, position: u32, flags: u32) {
        if self.current.is_some_and(|(d, _, _)| d != document) {
            self.finish_document();
        }
        let (_, count, previous_position) = self.current.get_or_insert((document, 0, 0));
        push_number(&mut self.current_occurrences, (position - *previous_position) << FLAG_BITS | flags);
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
}

/// Postings of one kind of key (a character, or a pair of characters of the
/// written or the reading text): key → occurrences. Documents must be added
/// in increasing order. A hash map: one lookup an occurrence is the hot
/// loop of indexing; keys are sorted once, at the end.
#[derive(Debug, Default)]
pub(crate) struct Postings(FxHashMap<Key, EncodedPostings>);

impl Postings {
    fn add(&mut self, document: u32, keys: impl Iterator<Item = (Key, u32, u32)>) {
        for (key, position, flags) in keys {
            self.0.entry(key).or_default().push(document, position, flags);
        }
    }

    /// Characters of the written text.
    pub fn add_unigrams(&mut self, document: u32, text: &IndexedText) {
        self.add(document, text.unigrams());
    }

    /// Pairs of characters of the written text.
    pub fn add_written_bigrams(&mut self, document: u32, text: &IndexedText) {
        self.add(document, text.bigrams(is_indexed));
    }

    /// Pairs of kana of the reading text: only all-kana terms are looked up
    /// by reading.
    pub fn add_reading_bigrams(&mut self, document: u32, text: &IndexedText) {
        self.add(document, text.bigrams(is_kana));
    }

    /// Every key, in order, with its encoded occurrences (see [`EncodedPostings`]).
    pub fn into_encoded(self) -> impl Iterator<Item = (String, String)> {
        let mut keys: Vec<(Key, EncodedPostings)> = self.0.into_iter().collect();
        keys.sort_unstable_by_key(|(key, _)| *key);
        keys.into_iter().map(|(key, mut postings)| {
            postings.finish_document();
            (key_text(&key), postings.encoded)
        })
    }
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

/// The chunk that holds a key's postings, out of `2^bits` chunks: FNV-1a
/// over the key's code points, mixed by a multiplicative hash, top bits.
pub(crate) fn chunk_of(key: &str, bits: u32) -> u32 {
    if bits == 0 {
        return 0;
    }
    let fnv = key.chars().fold(0x811c_9dc5_u32, |h, c| (h ^ c as u32).wrapping_mul(0x0100_0193));
    fnv.wrapping_mul(0x9e37_79b1) >> (32 - bits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::document::Field;

    fn document(fields: &[(FieldClass, &str)]) -> Document {
        Document {
            url: "measures/x.html".into(),
            is_new: false,
            policy: 1,
            departments: vec![],
            grades: vec![],
            fields: fields
                .iter()
                .map(|(class, text)| Field {
                    class: *class,
                    label: String::new(),
                    text: text.to_string(),
                })
                .collect(),
        }
    }

    fn text(t: &IndexedText) -> String {
        t.chars.iter().collect()
    }

    #[test]
    fn both_forms_hold_every_field_with_token_edges() {
        let doc =
            document(&[(FieldClass::Title, "依存症研修会"), (FieldClass::Prose, "ＳＮＳ 相談")]);
        let analysed = AnalysedDocument::new(&Tokenizer::new(None), &doc);
        assert_eq!(text(&analysed.written), "依存症研修会\nsns 相談");
        assert_eq!(text(&analysed.reading), "いぞんしょうけんしゅうかい\nsns そうだん");
        let edges: Vec<usize> =
            (0..analysed.written.edges.len()).filter(|&i| analysed.written.edges[i]).collect();
        assert_eq!(edges, [0, 2, 3, 5, 6, 7, 10, 11, 13]);
        assert_eq!(analysed.written.class_starts, [0, 7, 7, 13]);
        assert_eq!(analysed.reading.class_starts, [0, 14, 14, 22]);
        let starts: Vec<(usize, usize)> =
            analysed.fields.iter().map(|f| (f.written_start, f.reading_start)).collect();
        assert_eq!(starts, [(0, 0), (7, 14)]);
        // 依存|症 → いぞん|しょう, 研修|会 → けんしゅう|かい, sns and the space as written.
        assert_eq!(analysed.fields[0].alignment, [(2, 3), (1, 3), (2, 5), (1, 2)]);
        assert_eq!(analysed.fields[1].alignment, [(4, 4), (2, 4)]);
    }

    #[test]
    fn keys_never_hold_spaces_or_separators() {
        let doc = document(&[(FieldClass::Title, "市電"), (FieldClass::Meta, "a b")]);
        let analysed = AnalysedDocument::new(&Tokenizer::new(None), &doc);
        let unigrams: Vec<(String, u32)> =
            analysed.written.unigrams().map(|(k, p, _)| (key_text(&k), p)).collect();
        assert_eq!(
            unigrams,
            [("市".into(), 0), ("電".into(), 1), ("a".into(), 3), ("b".into(), 5)]
        );
        let bigrams: Vec<(String, u32)> =
            analysed.written.bigrams(is_indexed).map(|(k, p, _)| (key_text(&k), p)).collect();
        assert_eq!(bigrams, [("市電".to_string(), 0)]);
    }

    #[test]
    fn reading_pairs_are_kana_only() {
        let doc = document(&[(FieldClass::Title, "ＤＶ相談")]);
        let analysed = AnalysedDocument::new(&Tokenizer::new(None), &doc);
        let mut postings = Postings::default();
        postings.add_reading_bigrams(0, &analysed.reading);
        let keys: Vec<String> = postings.into_encoded().map(|(k, _)| k).collect();
        assert_eq!(keys, ["うだ", "そう", "だん"]);
    }

    #[test]
    fn numbers_use_five_bits_a_digit() {
        let mut out = String::new();
        for n in [0, 31, 32, 1023, 1024] {
            push_number(&mut out, n);
            out.push('|');
        }
        assert_eq!(out, "0|V|W1|_V|WW1|");
    }

    #[test]
    fn postings_encode_documents_and_positions_as_deltas() {
        let doc = document(&[(FieldClass::Title, "aa")]);
        let analysed = AnalysedDocument::new(&Tokenizer::new(None), &doc);
        let mut postings = Postings::default();
        postings.add_unigrams(0, &analysed.written);
        postings.add_unigrams(2, &analysed.written);
        let encoded: Vec<(String, String)> = postings.into_encoded().collect();
        // Document 0: 2 occurrences in the title (class 0), at 0 with an edge
        // before (1), then one further with an edge after (1 << 5 | 4 = 36,
        // "a1"); document +2: the same.
        assert_eq!(encoded, [("a".to_string(), "021a1221a1".to_string())]);
    }

    #[test]
    fn chunks_spread_neighbouring_keys() {
        assert_eq!(chunk_of("あ", 0), 0);
        let chunks: std::collections::BTreeSet<u32> =
            ["あ", "い", "う", "え", "お", "あい", "あう", "いあ"]
                .iter()
                .map(|k| chunk_of(k, 4))
                .collect();
        assert!(chunks.len() >= 5, "{chunks:?}");
    }
}
