//! Segmentation with lindera and the embedded IPADIC (built by `build.rs`
//! from `dict/`), plus the site's optional user dictionary.
//!
//! A text becomes a list of [`Unit`]s: each token's normalised surface and
//! its reading (hiragana), so that the index can hold both the written text
//! and the reading text, with token edges in each.

use std::borrow::Cow;
use std::path::Path;
use std::sync::OnceLock;

use lindera::dictionary::{Dictionary, UserDictionary};
use lindera::mode::Mode;
use lindera::segmenter::Segmenter;
use lindera_dictionary::builder::DictionaryBuilder;

use super::normalize::{normalize_nfkc, visible_nfkc};
use crate::diagnostics::{Diagnostic, Diagnostics};

mod ipadic {
    // The macro also generates a loader type, which this crate does not need.
    #![allow(dead_code)]
    lindera_dictionary::embedded_dictionary!("/ipadic", EmbeddedIpadicLoader);
}

/// IPADIC, loaded once per process.
fn system_dictionary() -> &'static Dictionary {
    static DICTIONARY: OnceLock<Dictionary> = OnceLock::new();
    DICTIONARY.get_or_init(|| ipadic::load().expect("build.rs embeds a valid IPADIC"))
}

/// One token of a text (or one space between tokens), normalised.
#[cfg(test)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unit {
    pub written: Vec<char>,
    /// The reading in hiragana for a token with kanji in it; otherwise the
    /// written form (kana, latin, digits and unknown words read as written).
    pub reading: Vec<char>,
}

/// A lindera segmenter with the site's user dictionary, if any.
pub struct Tokenizer {
    segmenter: Segmenter,
}

impl Tokenizer {
    pub fn new(user_dictionary: Option<UserDictionary>) -> Self {
        Tokenizer {
            segmenter: Segmenter::new(Mode::Normal, system_dictionary().clone(), user_dictionary),
        }
    }

    /// The normalised text of `text` as tokens (or single spaces between
    /// them), in order: `unit(written, reading)`. Concatenating the written
    /// parts gives exactly `normalize(text)`; the reading is the token's
    /// reading in hiragana when it has kanji in it, otherwise the written
    /// form (kana, latin, digits and unknown words read as written).
    pub fn for_each_unit(&self, text: &str, mut unit: impl FnMut(&[char], &[char])) {
        let nfkc = visible_nfkc(text);
        let normalized = normalize_nfkc(&nfkc);
        let mut tokens = self.segment(&nfkc);
        // Which token (by index) each normalised character came from; spaces
        // and anything lindera skipped belong to no token.
        let token_of = |source: usize| {
            let i = tokens.partition_point(|t| t.byte_start <= source);
            (i > 0 && source < tokens[i - 1].byte_end).then(|| i - 1)
        };
        let owners: Vec<Option<usize>> = normalized.sources.iter().map(|&s| token_of(s)).collect();
        let chars = &normalized.chars;
        let mut start = 0;
        while start < chars.len() {
            let owner = owners[start];
            let mut end = start + 1;
            while owner.is_some() && end < chars.len() && owners[end] == owner {
                end += 1;
            }
            let written = &chars[start..end];
            // Only a unit with something other than kana is read through the
            // dictionary; fetching a token's details is the costly part.
            let reading = match owner {
                Some(t) if written.iter().any(|&c| !is_kana(c)) => reading_of(&mut tokens[t]),
                _ => None,
            };
            unit(written, reading.as_deref().unwrap_or(written));
            start = end;
        }
    }

    /// [`Tokenizer::for_each_unit`], collected.
    #[cfg(test)]
    pub(crate) fn units(&self, text: &str) -> Vec<Unit> {
        let mut units = Vec::new();
        self.for_each_unit(text, |written, reading| {
            units.push(Unit {
                written: written.to_vec(),
                reading: reading.to_vec(),
            })
        });
        units
    }

    fn segment<'a>(&'a self, nfkc: &'a str) -> Vec<lindera::token::Token<'a>> {
        // lindera fails only on internal errors; each character then
        // counts as a token, and every substring is still found.
        self.segmenter
            .segment(Cow::Borrowed(nfkc))
            .unwrap_or_default()
    }
}

/// A token's reading, normalised (hiragana), if the dictionary has one.
fn reading_of(token: &mut lindera::token::Token) -> Option<Vec<char>> {
    let reading = token
        .get("reading")
        .filter(|r| !r.is_empty() && *r != "*")?;
    Some(normalize_nfkc(&visible_nfkc(reading)).chars)
}

/// Hiragana, katakana and the prolonged sound mark.
pub(crate) fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{309F}' | '\u{30A0}'..='\u{30FF}')
}

/// One entry of a site's `dictionary.csv`: `surface,part of speech,reading`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UserWord {
    pub surface: String,
    pub part_of_speech: &'static PartOfSpeech,
    pub reading: String,
}

/// A part of speech a `dictionary.csv` may name, with IPADIC's context id
/// for it (from its `left-id.def`; the same on both sides) and its POS
/// fields. With a real context id, the words next to a user word are read
/// as they would be next to an IPADIC noun (障がい者: しょうがい|しゃ, where
/// lindera's default id 0 gives しょうがい|もの).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct PartOfSpeech {
    name: &'static str,
    context_id: u16,
    fields: [&'static str; 4],
}

const PARTS_OF_SPEECH: [PartOfSpeech; 4] = [
    PartOfSpeech {
        name: "名詞",
        context_id: 1285,
        fields: ["名詞", "一般", "*", "*"],
    },
    PartOfSpeech {
        name: "固有名詞",
        context_id: 1288,
        fields: ["名詞", "固有名詞", "一般", "*"],
    },
    PartOfSpeech {
        name: "地名",
        context_id: 1293,
        fields: ["名詞", "固有名詞", "地域", "一般"],
    },
    PartOfSpeech {
        name: "組織名",
        context_id: 1292,
        fields: ["名詞", "固有名詞", "組織", "*"],
    },
];

/// Low enough that a user word wins over any split of it (lindera's own
/// default for user words).
const USER_WORD_COST: &str = "-10000";

/// Reads `dictionary.csv` (`surface,part of speech,reading` a line; blank
/// lines and lines starting with `#` are skipped) and builds the lindera
/// user dictionary from it. Every bad line is reported with its number.
pub(crate) fn user_dictionary(
    path: &Path,
    text: &str,
) -> Result<Option<UserDictionary>, Diagnostics> {
    let words = parse_user_words(path, text)?;
    if words.is_empty() {
        return Ok(None);
    }
    // IPADIC's full row: surface, context ids, cost, POS (4 fields),
    // conjugation (2), base form, reading, pronunciation.
    let mut csv = csv::Writer::from_writer(Vec::new());
    for word in &words {
        let reading: String = word.reading.chars().map(hiragana_to_katakana).collect();
        let id = word.part_of_speech.context_id.to_string();
        let [pos, pos1, pos2, pos3] = word.part_of_speech.fields;
        let row = [
            &word.surface,
            &id,
            &id,
            USER_WORD_COST,
            pos,
            pos1,
            pos2,
            pos3,
            "*",
            "*",
            &word.surface,
            &reading,
            &reading,
        ];
        csv.write_record(row)
            .and_then(|()| csv.flush().map_err(csv::Error::from))
            .map_err(|e| Diagnostics(vec![Diagnostic::error(path, None, None, e.to_string())]))?;
    }
    let bytes = csv
        .into_inner()
        .map_err(|e| Diagnostics(vec![Diagnostic::error(path, None, None, e.to_string())]))?;
    let builder = DictionaryBuilder::new((*system_dictionary().metadata).clone());
    builder
        .build_user_dict_from_reader(bytes.as_slice())
        .map(Some)
        .map_err(|e| {
            Diagnostics(vec![Diagnostic::error(
                path,
                None,
                None,
                format!("ユーザー辞書を作れません: {e}"),
            )])
        })
}

fn parse_user_words(path: &Path, text: &str) -> Result<Vec<UserWord>, Diagnostics> {
    super::read_site_csv(path, text, |fields| {
        word_from_fields(fields).map_err(|message| (None, message))
    })
}

fn word_from_fields(fields: &[&str]) -> Result<UserWord, String> {
    let [surface, part_of_speech, reading] = fields else {
        return Err(format!(
            "「表層形,品詞,読み」の 3 項目が必要です（{} 項目あります）",
            fields.len()
        ));
    };
    if surface.is_empty() || surface.chars().any(char::is_whitespace) {
        return Err("表層形が空か、空白を含んでいます".into());
    }
    let Some(part_of_speech) = PARTS_OF_SPEECH.iter().find(|p| p.name == *part_of_speech) else {
        let names: Vec<&str> = PARTS_OF_SPEECH.iter().map(|p| p.name).collect();
        return Err(format!(
            "{surface}: 品詞「{part_of_speech}」は使えません（{} のどれか）",
            names.join("・")
        ));
    };
    if reading.is_empty() || !reading.chars().all(is_kana) {
        return Err(format!(
            "{surface}: 読み「{reading}」はカタカナかひらがなで書いてください"
        ));
    }
    Ok(UserWord {
        surface: surface.to_string(),
        part_of_speech,
        reading: reading.to_string(),
    })
}

/// IPADIC writes readings in katakana; user readings may be in either.
fn hiragana_to_katakana(c: char) -> char {
    match c {
        '\u{3041}'..='\u{3096}' => char::from_u32(c as u32 + 0x60).unwrap_or(c),
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(units: &[Unit]) -> Vec<String> {
        units.iter().map(|u| u.written.iter().collect()).collect()
    }

    fn readings(units: &[Unit]) -> Vec<String> {
        units.iter().map(|u| u.reading.iter().collect()).collect()
    }

    #[test]
    fn units_spell_the_normalised_text() {
        let tokenizer = Tokenizer::new(None);
        for text in [
            "熊本市電窓吊広告、ラジオ",
            "ＤＶ 相談",
            "地域包 括支援センター(高齢者支援セン ターささえりあ)",
            "ｹﾞｰﾄｷｰﾊﾟｰ 😀 <b>",
        ] {
            let units = tokenizer.units(text);
            assert_eq!(
                written(&units).concat(),
                super::super::normalize::normalize(text),
                "{text}"
            );
        }
    }

    #[test]
    fn kanji_tokens_carry_their_reading_in_hiragana() {
        let units = Tokenizer::new(None).units("依存症の家族");
        assert_eq!(written(&units), ["依存", "症", "の", "家族"]);
        assert_eq!(readings(&units), ["いぞん", "しょう", "の", "かぞく"]);
    }

    #[test]
    fn unknown_words_and_spaces_read_as_written() {
        let units = Tokenizer::new(None).units("SNS 相談");
        assert_eq!(written(&units), ["sns", " ", "相談"]);
        assert_eq!(readings(&units), ["sns", " ", "そうだん"]);
    }

    #[test]
    fn the_user_dictionary_fixes_proper_nouns() {
        let plain = Tokenizer::new(None).units("ささえりあ");
        assert!(
            plain.len() > 1,
            "IPADIC alone splits it: {:?}",
            written(&plain)
        );
        let csv = "# 地域の固有名詞\nささえりあ,固有名詞,ササエリア\n\nゲートキーパー,名詞,げーときーぱー\n";
        let user = user_dictionary(Path::new("dictionary.csv"), csv).unwrap();
        let tokenizer = Tokenizer::new(user);
        assert_eq!(written(&tokenizer.units("ささえりあ")), ["ささえりあ"]);
        assert_eq!(
            written(&tokenizer.units("ゲートキーパー養成")),
            ["げーときーぱー", "養成"]
        );
    }

    #[test]
    fn the_bundled_site_dictionary_reads_local_words() {
        let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/dictionary.csv"));
        let text = std::fs::read_to_string(path).unwrap();
        let tokenizer = Tokenizer::new(user_dictionary(path, &text).unwrap());
        let units = tokenizer.units("障がい者支援部");
        assert_eq!(
            readings(&units).concat(),
            "しょうがいしゃしえんぶ",
            "{:?}",
            written(&units)
        );
    }

    #[test]
    fn bad_user_dictionary_lines_are_reported_with_their_line() {
        let csv =
            "ささえりあ,名詞,ササエリア\nゲートキーパー,名詞\n市電,名詞,shiden\n託麻,動詞,タクマ\n";
        let Err(problems) = user_dictionary(Path::new("site/dictionary.csv"), csv) else {
            panic!("bad lines must be reported");
        };
        let lines: Vec<_> = problems
            .0
            .iter()
            .map(|d| (d.file.clone(), d.line))
            .collect();
        let file = Path::new("site/dictionary.csv").to_path_buf();
        assert_eq!(
            lines,
            [
                (file.clone(), Some(2)),
                (file.clone(), Some(3)),
                (file, Some(4))
            ]
        );
        let text = problems.to_string();
        assert!(
            text.contains("3 項目") && text.contains("shiden") && text.contains("動詞"),
            "{text}"
        );
    }

    #[test]
    fn an_empty_user_dictionary_is_none() {
        assert!(
            user_dictionary(Path::new("dictionary.csv"), "# nothing yet\n")
                .unwrap()
                .is_none()
        );
    }
}
