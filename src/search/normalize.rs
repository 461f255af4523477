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
//! 2. Each character is lower-cased on its own with Unicode's default full
//!    mapping (Rust `char::to_lowercase`; JavaScript `toLowerCase` of the
//!    single code point): `SNS` → `sns`.
//! 3. Katakana U+30A1..=U+30F6 become hiragana (code point − 0x60):
//!    `ココロ` → `こころ`. `ー`, `ヷ`–`ヺ` and `・` are kept.
//! 4. Whitespace (the Unicode `White_Space` property): a run between two
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

use unicode_normalization::UnicodeNormalization;

/// Text after normalisation, with where each character came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MappedText {
    pub chars: Vec<char>,
    /// For each character of `chars`, the byte offset in the NFKC text of
    /// the character it was made from.
    pub sources: Vec<usize>,
}

/// The normalised form of `text` (see the module documentation).
pub fn normalize(text: &str) -> String {
    let nfkc: String = text.nfkc().collect();
    normalize_nfkc(&nfkc).chars.into_iter().collect()
}

/// The terms of a query: split at whitespace, each part normalised.
pub fn query_terms(query: &str) -> Vec<String> {
    query
        .split(char::is_whitespace)
        .map(normalize)
        .filter(|term| !term.is_empty())
        .collect()
}

/// Steps 2–4 of the specification on text that is already NFKC.
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

/// Step 3: katakana to hiragana; everything else unchanged.
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
