//! # Search normalisation: the specification
//!
//! Text is normalised twice: here, when the index is built, and in the
//! browser by `themes/default/static/search-text.js`, when a query is
//! typed. Both follow this specification, and both test suites check the
//! shared fixture `tests/search/normalize-conformance.json`
//! (`input` → `normalized`, and `query` → `terms`).
//!
//! `normalize(text)`:
//! 1. Unicode NFKC: full-width latin and digits become ASCII (`ＳＮＳ` →
//!    `SNS`, `１５５０` → `1550`), half-width katakana become full-width
//!    (`ｹﾞｰﾄ` → `ゲート`), U+3000 becomes U+0020.
//! 2. Invisible characters are removed, as if they had never been there
//!    (they neither join nor separate, so `依存\u{200B}症` is `依存症`):
//!    U+00AD (soft hyphen), U+034F, U+061C, U+180E, U+200B–U+200F (zero
//!    width space, non-joiner, joiner, LRM, RLM), U+202A–U+202E and
//!    U+2066–U+2069 (bidi controls), U+2060–U+2064 (word joiner, invisible
//!    operators), U+206A–U+206F, U+FE00–U+FE0F and U+E0100–U+E01EF
//!    (variation selectors: `葛\u{E0100}` is `葛`), U+FEFF (BOM), and
//!    U+E0000–U+E007F (tags). They hide a word from a search for it, and no
//!    one types them.
//! 3. Each character is lower-cased on its own with Unicode's default full
//!    mapping (Rust `char::to_lowercase`; JavaScript `toLowerCase` of the
//!    single code point): `SNS` → `sns`.
//! 4. Katakana U+30A1..=U+30F6 become hiragana (code point − 0x60):
//!    `ココロ` → `こころ`. `ー`, `ヷ`–`ヺ` and `・` are kept.
//! 5. Whitespace (the Unicode `White_Space` property): a run between two
//!    non-ASCII characters (≥ U+0080) is removed, because PDF line wraps put
//!    spaces inside Japanese words (`地域包 括` → `地域包括`); any other run
//!    becomes one U+0020; runs at either end are removed.
//!
//! In JavaScript, lone surrogates are first replaced by U+FFFD (a Rust string
//! cannot hold them).
//!
//! `query_terms(query)`: the query is split at whitespace runs first (so that
//! half-width and full-width spaces separate terms), then each part is
//! normalised; empty parts are dropped.

use std::borrow::Cow;

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// Text after normalisation, with where each character came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MappedText {
    pub chars: Vec<char>,
    /// For each character of `chars`, the byte offset in the text given
    /// ([`visible_nfkc`]'s) of the character it was made from.
    pub sources: Vec<usize>,
}

/// The normalised form of `text` (see the module documentation).
pub fn normalize(text: &str) -> String {
    normalize_nfkc(&visible_nfkc(text))
        .chars
        .into_iter()
        .collect()
}

/// Steps 1 and 2 of the specification: NFKC without invisible characters,
/// without copying text that is already so (most of it is).
pub(crate) fn visible_nfkc(text: &str) -> Cow<'_, str> {
    if text.chars().all(is_plainly_nfkc) {
        return Cow::Borrowed(text);
    }
    let nfkc = match is_nfkc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        _ => Cow::Owned(text.nfkc().collect()),
    };
    if nfkc.contains(is_invisible) {
        Cow::Owned(nfkc.chars().filter(|&c| !is_invisible(c)).collect())
    } else {
        nfkc
    }
}

/// Characters NFKC leaves alone, that never combine and that are visible:
/// most Japanese text is made of them only, and checking these ranges is
/// far cheaper than the normalisation tables.
fn is_plainly_nfkc(c: char) -> bool {
    matches!(c, '\n' | ' '..='~' | '、' | '。' | '「'..='』' | 'ぁ'..='ゖ' | 'ァ'..='ヾ' | '一'..='\u{9FFF}')
}

/// Step 2: the characters removed as invisible.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{E0000}'..='\u{E007F}'
            | '\u{E0100}'..='\u{E01EF}'
    )
}

/// The terms of a query: split at whitespace, each part normalised.
pub fn query_terms(query: &str) -> Vec<String> {
    query
        .split(char::is_whitespace)
        .map(normalize)
        .filter(|term| !term.is_empty())
        .collect()
}

/// Steps 3–5 of the specification on text that has been through steps 1
/// and 2 ([`visible_nfkc`]).
pub(crate) fn normalize_nfkc(nfkc: &str) -> MappedText {
    let mut out = MappedText {
        chars: Vec::with_capacity(nfkc.len() / 2),
        sources: Vec::new(),
    };
    // Start of a whitespace run not yet written (it depends on what follows).
    let mut pending_space: Option<usize> = None;
    for (offset, c) in nfkc.char_indices() {
        if c.is_whitespace() {
            pending_space.get_or_insert(offset);
            continue;
        }
        // Kana and kanji have no case: skip the case tables for them.
        let lower = if ('\u{3040}'..='\u{9FFF}').contains(&c) {
            None
        } else {
            Some(c.to_lowercase())
        };
        let uncased = lower.is_none().then_some(c);
        for folded in lower
            .into_iter()
            .flatten()
            .chain(uncased)
            .map(katakana_to_hiragana)
        {
            if let Some(space) = pending_space.take() {
                let between_non_ascii =
                    out.chars.last().is_some_and(|&prev| !prev.is_ascii()) && !folded.is_ascii();
                if !out.chars.is_empty() && !between_non_ascii {
                    out.chars.push(' ');
                    out.sources.push(space);
                }
            }
            out.chars.push(folded);
            out.sources.push(offset);
        }
    }
    out
}

/// Step 4: katakana to hiragana; everything else unchanged.
pub(crate) fn katakana_to_hiragana(c: char) -> char {
    match c {
        '\u{30A1}'..='\u{30F6}' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct Conformance {
        normalize: Vec<NormalizeCase>,
        query_terms: Vec<QueryCase>,
    }

    #[derive(serde::Deserialize)]
    struct NormalizeCase {
        input: String,
        normalized: String,
    }

    #[derive(serde::Deserialize)]
    struct QueryCase {
        query: String,
        terms: Vec<String>,
    }

    fn conformance() -> Conformance {
        serde_json::from_str(include_str!(
            "../../tests/search/normalize-conformance.json"
        ))
        .expect("the conformance fixture is valid JSON")
    }

    #[test]
    fn matches_the_shared_conformance_fixture() {
        let fixture = conformance();
        assert!(
            fixture.normalize.len() >= 20,
            "the fixture covers every rule"
        );
        for case in fixture.normalize {
            assert_eq!(
                normalize(&case.input),
                case.normalized,
                "input {:?}",
                case.input
            );
        }
        for case in fixture.query_terms {
            assert_eq!(
                query_terms(&case.query),
                case.terms,
                "query {:?}",
                case.query
            );
        }
    }

    #[test]
    fn folds_width_case_and_kana() {
        assert_eq!(normalize("ｹﾞｰﾄｷｰﾊﾟｰ"), "げーときーぱー");
        assert_eq!(normalize("ＳＮＳ"), "sns");
        assert_eq!(normalize("１５５０部"), "1550部");
        assert_eq!(normalize("ココロ"), normalize("こころ"));
    }

    #[test]
    fn removes_wrap_spaces_only_between_non_ascii() {
        assert_eq!(normalize("地域包 括支援"), "地域包括支援");
        assert_eq!(normalize("DV 相談"), "dv 相談");
        assert_eq!(normalize("  a \t b  "), "a b");
        assert_eq!(normalize("相談\n\n窓口"), "相談窓口");
    }

    #[test]
    fn sources_point_into_the_nfkc_text() {
        let nfkc: String = "Ａ ア".nfkc().collect();
        let mapped = normalize_nfkc(&nfkc);
        assert_eq!(mapped.chars, vec!['a', ' ', 'あ']);
        assert_eq!(mapped.sources, vec![0, 1, 2]);
    }

    #[test]
    fn query_terms_split_at_any_space() {
        assert_eq!(query_terms("ひきこもり　相談"), vec!["ひきこもり", "相談"]);
        assert_eq!(query_terms(" \u{3000} "), Vec::<String>::new());
    }
}
