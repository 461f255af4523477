//! The inverted index: positional postings of the characters and character
//! pairs of each document's written text, and of the spans of its reading
//! text that a kana term can match.
//!
//! Pairs over the normalised text find a query term anywhere inside a word
//! or compound (`未遂者` in 自殺未遂者等), not only at token edges; each
//! occurrence carries its position, so the engine checks that a term's pairs
//! are consecutive (an exact substring match, no false positives), and
//! token-edge flags, so it can tell whole-word matches. Single characters
//! have postings of their own, so a one-character term needs one chunk, not
//! every chunk of pairs starting with it.
//!
//! Readings are indexed as whole spans, not pairs. A reading match starts
//! at a token (`いぞんしょう` = 依存|症) and may end inside it or a later one
//! (`はんざ` in 犯罪, typed so far; `くまもとし` in 熊本|市電), while kana
//! starting inside a token's reading match nothing (`ぜん` is not in 改善,
//! かいぜん). So each token start holds the spans of 2 kana or more that
//! begin there, up to [`MAX_READING_SPAN`] kana, and a kana term is one key where
//! as pairs it needed the positions of `ょう`, the most common pair of all
//! (260 KB at 10,000 measures). Spans of kana written as kana are left out:
//! the written pairs find those.

use super::document::{Document, FieldClass};
use super::tokenize::{is_kana, Tokenizer};

/// Joins a document's fields; never indexed, so no match crosses two fields.
pub(crate) const FIELD_SEPARATOR: char = '\n';

/// Bits of an occurrence's flags: a token edge before its first character
/// and after its last character (a term whose first and last keys have
/// both is a whole word); then two bits for the field class it starts in
/// (title, meta, prose, achievement: the engine weighs matches by it, with
/// no per-document offsets to fetch).
pub(crate) const EDGE_BEFORE: u32 = 1;
pub(crate) const EDGE_AFTER: u32 = 2;
pub(crate) const CLASS_SHIFT: u32 = 2;

/// The longest reading span indexed, in kana: a longer kana term is matched
/// as a chain of spans, each but the last ending at a token edge, and the
/// last perhaps written in kana. Long enough for most words typed
/// (`でんわそうだん` is 7); each kana more costs a tenth more index.
pub(crate) const MAX_READING_SPAN: usize = 8;

/// The written text of a document: its characters, with token edges.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct IndexedText {
    pub chars: Vec<char>,
    /// `edges[i]`: a token edge before `chars[i]` (`edges.len() == chars.len() + 1`).
    pub edges: Vec<bool>,
    /// Where each field class starts, then the length: each occurrence
    /// carries the class it starts in.
    pub class_starts: [usize; 4],
}

/// The reading text of a document: each token's reading (its written form
/// when it is kana or has no reading), with token edges.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ReadingText {
    pub chars: Vec<char>,
    pub edges: Vec<bool>,
    /// `respelled[i]`: `chars[i]` comes from a token read differently from
    /// how it is written.
    pub respelled: Vec<bool>,
    /// `written_at[i]`: where the token of `chars[i]` starts in the written
    /// text; one more at the end, the written text's length. Reading
    /// matches are placed in the written text, where they are shown and
    /// where a kana tail written as kana continues them.
    pub written_at: Vec<u32>,
}

/// A document's text in both forms, and where each field starts in the
/// written text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AnalysedDocument {
    pub written: IndexedText,
    pub reading: ReadingText,
    /// One per field of the document, in order.
    pub field_starts: Vec<usize>,
}

impl AnalysedDocument {
    pub fn new(tokenizer: &Tokenizer, document: &Document) -> AnalysedDocument {
        let mut written = IndexedText::default();
        let mut reading = ReadingText::default();
        let mut field_starts = Vec::with_capacity(document.fields.len());
        let mut class_starts: [Option<usize>; 4] = [None; 4];
        let mut push = |written: &mut IndexedText, written_unit: &[char], reading_unit: &[char]| {
            reading.push_unit(
                reading_unit,
                written_unit != reading_unit,
                written.chars.len(),
            );
            written.push_unit(written_unit);
        };
        for (i, field) in document.fields.iter().enumerate() {
            if i > 0 {
                push(&mut written, &[FIELD_SEPARATOR], &[FIELD_SEPARATOR]);
            }
            class_starts[field.class as usize].get_or_insert(written.chars.len());
            field_starts.push(written.chars.len());
            tokenizer.for_each_unit(&field.text, |w, r| push(&mut written, w, r));
        }
        // A class without fields starts where the next one does.
        let mut next = written.chars.len();
        for class in FieldClass::ALL.iter().rev() {
            next = class_starts[*class as usize].unwrap_or(next);
            written.class_starts[*class as usize] = next;
        }
        written.edges.push(true);
        reading.edges.push(true);
        reading.written_at.push(written.chars.len() as u32);
        AnalysedDocument {
            written,
            reading,
            field_starts,
        }
    }

    /// Every reading span a kana term can match: from a token start, all
    /// kana, at least 2, at most [`MAX_READING_SPAN`] long, and holding a respelled character (else the written pairs find
    /// it). Each with where it starts in the written text, its flags, and
    /// how long it is there (to the end of the token it ends in).
    pub(crate) fn reading_spans(&self) -> impl Iterator<Item = (KanaSpan, u32, u32, u32)> + '_ {
        let reading = &self.reading;
        let starts =
            (0..reading.chars.len()).filter(|&t| reading.edges[t] && is_kana(reading.chars[t]));
        starts.flat_map(move |t| {
            let kana = reading.chars[t..]
                .iter()
                .take(MAX_READING_SPAN)
                .take_while(|&&c| is_kana(c))
                .count();
            let first_respelled = (0..kana)
                .find(|&l| reading.respelled[t + l])
                .unwrap_or(kana);
            // A reading typed so far may stop inside the first token
            // (はんざ for 犯罪): from its second kana on, as a written
            // prefix does.
            let shortest = (first_respelled + 1).max(2);
            let written_start = reading.written_at[t];
            let class = self.written.class_bits(written_start as usize);
            let longest = KanaSpan::new(&reading.chars[t..t + kana]);
            // The first token edge at or after a span's end: only moves on.
            let mut token_end = t + shortest;
            (shortest..=kana).map(move |length| {
                let key = longest.prefix(length);
                token_end = token_end.max(t + length);
                while !reading.edges[token_end] {
                    token_end += 1;
                }
                let flags = u32::from(token_end == t + length) * EDGE_AFTER + class;
                (
                    key,
                    written_start,
                    flags,
                    reading.written_at[token_end] - written_start,
                )
            })
        })
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
        let class = self.class_starts[1..]
            .iter()
            .take_while(|&&start| start <= p)
            .count();
        (class as u32) << CLASS_SHIFT
    }

    /// Every indexed character with its position and flags (an edge before
    /// it: `EDGE_BEFORE`; after it: `EDGE_AFTER`).
    pub(crate) fn unigrams(&self) -> impl Iterator<Item = (Key<1>, u32, u32)> + '_ {
        self.chars
            .iter()
            .enumerate()
            .filter(|(_, c)| is_indexed(**c))
            .map(|(p, &c)| {
                let flags = u32::from(self.edge(p)) * EDGE_BEFORE
                    + u32::from(self.edge(p + 1)) * EDGE_AFTER
                    + self.class_bits(p);
                ([c], p as u32, flags)
            })
    }

    /// Every pair of neighbouring indexed characters, with the position of
    /// the first and its flags.
    pub(crate) fn bigrams(&self) -> impl Iterator<Item = (Key<2>, u32, u32)> + '_ {
        self.chars
            .windows(2)
            .enumerate()
            .filter(|(_, w)| is_indexed(w[0]) && is_indexed(w[1]))
            .map(|(p, w)| {
                let flags = u32::from(self.edge(p)) * EDGE_BEFORE
                    + u32::from(self.edge(p + 2)) * EDGE_AFTER
                    + self.class_bits(p);
                ([w[0], w[1]], p as u32, flags)
            })
    }
}

impl ReadingText {
    fn push_unit(&mut self, unit: &[char], respelled: bool, written_at: usize) {
        for (i, &c) in unit.iter().enumerate() {
            self.edges.push(i == 0);
            self.chars.push(c);
            self.respelled.push(respelled);
            self.written_at.push(written_at as u32);
        }
    }
}

/// Whether a character can be part of a query term: spaces and field
/// separators never are.
pub(crate) fn is_indexed(c: char) -> bool {
    c != ' ' && c != FIELD_SEPARATOR
}

/// A key of postings: no allocation per occurrence, and ordered as the
/// keys' text is (code point order is UTF-8 byte order), so the files come
/// out the same.
pub(crate) trait IndexKey: Copy + Eq + std::hash::Hash + Ord {
    fn text(&self) -> String;
}

/// A character or a pair of characters.
pub(crate) type Key<const N: usize> = [char; N];

impl<const N: usize> IndexKey for Key<N> {
    fn text(&self) -> String {
        self.iter().collect()
    }
}

/// Up to [`MAX_READING_SPAN`] kana (U+3041–U+30FF) in a `u64`, a byte
/// each from the top, unused bytes 0: one word to hash and compare (spans
/// are most of the index's occurrences), in the order of their text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct KanaSpan(u64);

const KANA_BASE: u32 = 0x3040;

impl KanaSpan {
    fn new(kana: &[char]) -> KanaSpan {
        debug_assert!(kana.len() <= MAX_READING_SPAN && kana.iter().all(|&c| is_kana(c)));
        let packed = kana
            .iter()
            .fold(0u64, |key, &c| key << 8 | u64::from(c as u32 - KANA_BASE));
        KanaSpan(packed << (8 * (MAX_READING_SPAN - kana.len())))
    }

    /// The span's first `length` kana.
    fn prefix(self, length: usize) -> KanaSpan {
        KanaSpan(self.0 & !(u64::MAX.checked_shr(8 * length as u32).unwrap_or(0)))
    }
}

impl IndexKey for KanaSpan {
    fn text(&self) -> String {
        self.0
            .to_be_bytes()
            .iter()
            .take_while(|&&b| b != 0)
            .filter_map(|&b| char::from_u32(KANA_BASE + u32::from(b)))
            .collect()
    }
}

/// The chunk that holds a key's postings, out of `2^bits` chunks: FNV-1a
/// over the key's code points, mixed by a multiplicative hash, top bits.
pub(crate) fn chunk_of(key: &str, bits: u32) -> u32 {
    if bits == 0 {
        return 0;
    }
    let fnv = key.chars().fold(0x811c_9dc5_u32, |h, c| {
        (h ^ c as u32).wrapping_mul(0x0100_0193)
    });
    fnv.wrapping_mul(0x9e37_79b1) >> (32 - bits)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::search::document::Field;

    fn document(fields: &[(FieldClass, &str)]) -> Document {
        Document {
            url: "measures/x.html".into(),
            is_new: false,
            node: 0,
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

    fn text(chars: &[char]) -> String {
        chars.iter().collect()
    }

    pub(crate) fn analyse(fields: &[(FieldClass, &str)]) -> AnalysedDocument {
        AnalysedDocument::new(&Tokenizer::new(None), &document(fields))
    }

    /// The reading spans of a title: `(key, written position, written
    /// length)`, those ending at a token edge, then those ending inside one.
    fn spans(title: &str) -> [Vec<(String, u32, u32)>; 2] {
        let analysed = analyse(&[(FieldClass::Title, title)]);
        let [mut whole, mut partial] = [Vec::new(), Vec::new()];
        for (key, position, flags, length) in analysed.reading_spans() {
            let list = if flags & EDGE_AFTER != 0 {
                &mut whole
            } else {
                &mut partial
            };
            list.push((key.text(), position, length));
        }
        [whole, partial]
    }

    #[test]
    fn both_forms_hold_every_field_with_token_edges() {
        let analysed = analyse(&[
            (FieldClass::Title, "依存症研修会"),
            (FieldClass::Prose, "ＳＮＳ 相談"),
        ]);
        assert_eq!(text(&analysed.written.chars), "依存症研修会\nsns 相談");
        assert_eq!(
            text(&analysed.reading.chars),
            "いぞんしょうけんしゅうかい\nsns そうだん"
        );
        let edges: Vec<usize> = (0..analysed.written.edges.len())
            .filter(|&i| analysed.written.edges[i])
            .collect();
        assert_eq!(edges, [0, 2, 3, 5, 6, 7, 10, 11, 13]);
        assert_eq!(analysed.written.class_starts, [0, 7, 7, 13]);
        assert_eq!(analysed.field_starts, [0, 7]);
        // 依存|症 → いぞん|しょう, 研修|会 → けんしゅう|かい, sns and the
        // space as written: each reading token knows where it is written.
        let reading = &analysed.reading;
        let tokens: Vec<(String, u32, bool)> = (0..reading.chars.len())
            .filter(|&i| reading.edges[i])
            .map(|i| {
                let end = (i + 1..).find(|&e| reading.edges[e]).unwrap();
                (
                    text(&reading.chars[i..end]),
                    reading.written_at[i],
                    reading.respelled[i],
                )
            })
            .collect();
        let expected = [
            ("いぞん", 0, true),
            ("しょう", 2, true),
            ("けんしゅう", 3, true),
            ("かい", 5, true),
            ("\n", 6, false),
            ("sns", 7, false),
            (" ", 10, false),
            ("そうだん", 11, true),
        ];
        assert_eq!(tokens, expected.map(|(t, w, r)| (t.to_string(), w, r)));
        assert_eq!(reading.written_at.last(), Some(&13));
    }

    #[test]
    fn keys_never_hold_spaces_or_separators() {
        let doc = document(&[(FieldClass::Title, "市電"), (FieldClass::Meta, "a b")]);
        let analysed = AnalysedDocument::new(&Tokenizer::new(None), &doc);
        let unigrams: Vec<(String, u32)> = analysed
            .written
            .unigrams()
            .map(|(k, p, _)| (k.text(), p))
            .collect();
        assert_eq!(
            unigrams,
            [
                ("市".into(), 0),
                ("電".into(), 1),
                ("a".into(), 3),
                ("b".into(), 5)
            ]
        );
        let bigrams: Vec<(String, u32)> = analysed
            .written
            .bigrams()
            .map(|(k, p, _)| (k.text(), p))
            .collect();
        assert_eq!(bigrams, [("市電".to_string(), 0)]);
    }

    #[test]
    fn reading_spans_start_at_tokens_and_cover_them() {
        let strings = |list: &[(&str, u32, u32)]| -> Vec<(String, u32, u32)> {
            list.iter()
                .map(|&(k, p, l)| (k.to_string(), p, l))
                .collect()
        };
        // Kana only; placed where 相談 is written, 2 characters long; a
        // reading typed so far may stop inside the first token (そう…).
        assert_eq!(
            spans("ＤＶ相談"),
            [
                strings(&[("そうだん", 2, 2)]),
                strings(&[("そう", 2, 2), ("そうだ", 2, 2)])
            ]
        );
        // 熊本|市電: from each token start, whole tokens, or ending inside
        // one (placed to the end of that token), of 2 kana or more; never
        // starting inside a token (もと, でん as part of しでん's middle).
        let [whole, partial] = spans("熊本市電");
        assert_eq!(
            whole,
            strings(&[
                ("くまもと", 0, 2),
                ("くまもとしでん", 0, 4),
                ("しでん", 2, 2)
            ])
        );
        assert_eq!(
            partial,
            strings(&[
                ("くま", 0, 2),
                ("くまも", 0, 2),
                ("くまもとし", 0, 4),
                ("くまもとしで", 0, 4),
                ("しで", 2, 2)
            ])
        );
        // こころ is written as read: the written pairs find it, so only
        // spans reaching 健康 are indexed.
        let [whole, partial] = spans("こころの健康");
        let keys: Vec<&str> = whole
            .iter()
            .chain(&partial)
            .map(|(k, _, _)| k.as_str())
            .collect();
        assert!(
            keys.contains(&"こころのけんこう") && keys.contains(&"けんこう"),
            "{keys:?}"
        );
        assert!(
            !keys.contains(&"こころ") && !keys.contains(&"こころの"),
            "{keys:?}"
        );
        // No span longer than MAX_READING_SPAN.
        let long = spans("精神保健福祉センター");
        assert!(long
            .iter()
            .flatten()
            .all(|(k, _, _)| k.chars().count() <= MAX_READING_SPAN));
    }

    #[test]
    fn kana_spans_keep_their_text_and_its_order() {
        let span = |text: &str| KanaSpan::new(&text.chars().collect::<Vec<_>>());
        for text in ["くまもと", "ぁ", "ヿヿヿヿヿヿヿヿ", "でんわそうだん"] {
            assert_eq!(span(text).text(), text);
        }
        assert_eq!(span("くまもとし").prefix(4), span("くまもと"));
        assert_eq!(span("くまもとしでん").prefix(7), span("くまもとしでん"));
        let mut sorted = ["くみ", "くまも", "ヰ", "くま", "く"].map(span);
        sorted.sort();
        assert_eq!(
            sorted.map(|s| s.text()),
            ["く", "くま", "くまも", "くみ", "ヰ"]
        );
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
