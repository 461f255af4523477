//! 達成度: the achievement value of a measure in a fiscal year.
//!
//! Cities write it loosely: `100%`, `70`, `８０％`, `実施`, `中止`,
//! `①100% ② 0% ③～⑦ 100%`, or a sentence. The parser reads what it can and
//! keeps the text as written; what it does not recognise is `Text`.

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

/// An achievement value: the typed reading plus the raw text as written.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Achievement {
    /// The text as written in the table or the front matter.
    pub raw: String,
    pub kind: AchievementKind,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AchievementKind {
    /// `100%`, `70` → 70.0
    Percent { value: f64 },
    /// Several parts: `①100% ② 0% ③～⑦ 100%`, `(1)100% (2)50%`, `1.1/1回 100% 2.0/1回 0%`.
    Parts { parts: Vec<AchievementPart> },
    /// 実施: carried out, no number given.
    Implemented,
    /// 中止, 開催中止
    Cancelled,
    /// 未達
    NotAchieved,
    /// 実施なし, `-`
    NotCarriedOut,
    /// 数値評価は困難
    NotEvaluable,
    /// Empty cell.
    Empty,
    /// Anything else (a sentence); the raw text says it.
    Text,
}

impl AchievementKind {
    /// Stable key, as in the JSON open data (`percent`, `not_carried_out`).
    pub fn key(&self) -> &'static str {
        self.names().0
    }

    /// The kind's name in Japanese, as the CSV and the data page give it.
    pub fn label(&self) -> &'static str {
        self.names().1
    }

    fn names(&self) -> (&'static str, &'static str) {
        match self {
            AchievementKind::Percent { .. } => ("percent", "割合"),
            AchievementKind::Parts { .. } => ("parts", "複数項目"),
            AchievementKind::Implemented => ("implemented", "実施"),
            AchievementKind::Cancelled => ("cancelled", "中止"),
            AchievementKind::NotAchieved => ("not_achieved", "未達"),
            AchievementKind::NotCarriedOut => ("not_carried_out", "実施なし"),
            AchievementKind::NotEvaluable => ("not_evaluable", "数値評価は困難"),
            AchievementKind::Empty => ("empty", "記入なし"),
            AchievementKind::Text => ("text", "記述"),
        }
    }
}

/// One part of a multi-part achievement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AchievementPart {
    /// The part's marker as written: `①`, `③～⑦`, `(1)`, `1.`
    pub label: String,
    /// Its percentage, when one is given (a truncated part has none).
    pub percent: Option<f64>,
    /// Any other text of the part (`1/1回`).
    pub detail: String,
}

impl Achievement {
    /// Reads an achievement as written. Never fails: what is not recognised is `Text`.
    pub fn parse(raw: &str) -> Achievement {
        Achievement {
            raw: raw.to_string(),
            kind: classify(raw),
        }
    }

    /// The percentage used for grading: the value itself, or the mean of the
    /// parts that carry one.
    pub fn percent(&self) -> Option<f64> {
        match &self.kind {
            AchievementKind::Percent { value } => Some(*value),
            AchievementKind::Parts { parts } => {
                let values: Vec<f64> = parts.iter().filter_map(|p| p.percent).collect();
                (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
            }
            _ => None,
        }
    }
}

/// A part whose detail is longer than this is prose, not a part of a score.
const MAX_PART_DETAIL_CHARS: usize = 20;

fn classify(raw: &str) -> AchievementKind {
    if raw.trim().is_empty() {
        return AchievementKind::Empty;
    }
    if let Some(kind) = single_value(raw) {
        return kind;
    }
    match parse_parts(raw) {
        Some(parts) => AchievementKind::Parts { parts },
        None => AchievementKind::Text,
    }
}

/// A percentage or one of the fixed words. Spaces are ignored because PDF
/// line wraps insert them anywhere (`中 止`, `1 00%`).
fn single_value(raw: &str) -> Option<AchievementKind> {
    // NFKC would turn `①` into `1`: a circled number is never a single value.
    if raw.chars().any(is_circled) {
        return None;
    }
    let compact: String = raw.nfkc().filter(|c| !c.is_whitespace()).collect();
    let word = compact.trim_end_matches('。');
    if let Some(value) = percent_value(word.strip_suffix('%').unwrap_or(word)) {
        return Some(AchievementKind::Percent { value });
    }
    let kind = match word {
        "実施" | "実施済" | "実施済み" => AchievementKind::Implemented,
        "中止" | "開催中止" | "実施中止" => AchievementKind::Cancelled,
        "未達" | "未達成" => AchievementKind::NotAchieved,
        "実施なし" | "未実施" | "実施せず" => AchievementKind::NotCarriedOut,
        "数値評価は困難" | "数値評価困難" | "数値での評価は困難" => {
            AchievementKind::NotEvaluable
        }
        dash if dash.chars().count() == 1 && dash.chars().all(is_dash) => {
            AchievementKind::NotCarriedOut
        }
        _ => return None,
    };
    Some(kind)
}

/// A hyphen, minus, dash or long-vowel mark: cities write 「−」 with any of them.
pub(crate) fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | 'ー' | '─'
    )
}

/// `70`, `70.5` → the number; anything else (signs, exponents, `inf`) → None.
fn percent_value(digits: &str) -> Option<f64> {
    let mut halves = digits.splitn(2, '.');
    let whole = halves.next().unwrap_or_default();
    let fraction = halves.next();
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || fraction.is_some_and(|f| !all_digits(f)) {
        return None;
    }
    // Hundreds of digits overflow to infinity: that is no percentage (found by tests/fuzz.rs).
    digits.parse().ok().filter(|value: &f64| value.is_finite())
}

fn is_circled(c: char) -> bool {
    matches!(c, '①'..='⑳' | '㉑'..='㉟' | '㊱'..='㊿')
}

/// Full-width ASCII → ASCII and wave dashes → `~`, char for char, so that
/// positions in the folded text are positions in the raw text.
fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '〜' => '~',
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// A marker found in the text: where it starts and ends (char indices).
struct Label {
    start: usize,
    end: usize,
}

/// `①100% ② 0% ③～⑦ 100%`, `(1)100% (2)50%`, `1.1/1回 100% 2.0/1回 0% ※…`:
/// at least two labelled parts, the first at the start, at least one
/// percentage, at most one percentage per part. A trailing `※` note is
/// left in the raw text only.
fn parse_parts(raw: &str) -> Option<Vec<AchievementPart>> {
    let raw_chars: Vec<char> = raw.chars().collect();
    let text_end = raw_chars
        .iter()
        .position(|&c| c == '※')
        .unwrap_or(raw_chars.len());
    let raw_chars = &raw_chars[..text_end];
    let folded: Vec<char> = raw_chars.iter().map(|&c| fold(c)).collect();
    let labels = find_labels(&folded);
    let first_text = folded.iter().position(|c| !c.is_whitespace())?;
    if labels.len() < 2 || labels[0].start != first_text {
        return None;
    }
    let mut parts = Vec::with_capacity(labels.len());
    for (i, label) in labels.iter().enumerate() {
        let body_end = labels.get(i + 1).map_or(folded.len(), |next| next.start);
        let (percent, detail) = part_body(
            &raw_chars[label.end..body_end],
            &folded[label.end..body_end],
        )?;
        let label_text: String = raw_chars[label.start..label.end].iter().collect();
        parts.push(AchievementPart {
            label: label_text.trim().to_string(),
            percent,
            detail,
        });
    }
    parts.iter().any(|p| p.percent.is_some()).then_some(parts)
}

fn find_labels(folded: &[char]) -> Vec<Label> {
    let mut labels = Vec::new();
    let mut i = 0;
    while i < folded.len() {
        let at_boundary = i == 0 || matches!(folded[i - 1], ' ' | '\t' | '\n' | '、' | ',' | ';');
        if let Some(end) = label_end(folded, i, at_boundary) {
            labels.push(Label { start: i, end });
            i = end;
        } else {
            i += 1;
        }
    }
    labels
}

/// The end of a label starting at `i`: `①`, `③～⑦`, `(1)`, or at a word
/// boundary `1.` / `1)`.
fn label_end(folded: &[char], i: usize, at_boundary: bool) -> Option<usize> {
    let c = folded[i];
    if is_circled(c) {
        // A range: `③～⑦`, `③-⑦`.
        let is_range = folded.get(i + 1).is_some_and(|&d| d == '~' || d == '-')
            && folded.get(i + 2).is_some_and(|&d| is_circled(d));
        return Some(if is_range { i + 3 } else { i + 1 });
    }
    let digits_from = |start: usize| {
        let n = folded[start..]
            .iter()
            .take_while(|d| d.is_ascii_digit())
            .count();
        (1..=2).contains(&n).then_some(start + n)
    };
    if c == '(' {
        let after = digits_from(i + 1)?;
        return (folded.get(after) == Some(&')')).then_some(after + 1);
    }
    if at_boundary && c.is_ascii_digit() {
        let after = digits_from(i)?;
        return matches!(folded.get(after), Some('.' | ')')).then_some(after + 1);
    }
    None
}

/// A part's percentage (at most one, at its start or end: inside a
/// sentence it is prose) and the rest of its text.
fn part_body(raw: &[char], folded: &[char]) -> Option<(Option<f64>, String)> {
    let mut percent = None;
    let mut before: Vec<char> = Vec::new();
    let mut after: Vec<char> = Vec::new();
    let mut i = 0;
    while i < folded.len() {
        if let Some((value, end)) = percent_at(folded, i) {
            if percent.replace(value).is_some() {
                return None;
            }
            i = end;
        } else {
            if percent.is_some() {
                &mut after
            } else {
                &mut before
            }
            .push(raw[i]);
            i += 1;
        }
    }
    let before = tidy(&before);
    let after = tidy(&after);
    if !before.is_empty() && !after.is_empty() {
        return None;
    }
    let detail = if before.is_empty() { after } else { before };
    (detail.chars().count() <= MAX_PART_DETAIL_CHARS).then_some((percent, detail))
}

/// Whitespace runs → one space; separators between parts dropped.
fn tidy(chars: &[char]) -> String {
    let text: String = chars.iter().collect();
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c| matches!(c, '、' | ',' | '，' | ';' | '；' | ' '))
        .to_string()
}

/// `100%`, `50 %`, `70.5%` starting at `i` (not inside a longer number).
fn percent_at(folded: &[char], i: usize) -> Option<(f64, usize)> {
    if i > 0 && (folded[i - 1].is_ascii_digit() || folded[i - 1] == '.') {
        return None;
    }
    let number_len = folded[i..]
        .iter()
        .take_while(|c| c.is_ascii_digit() || **c == '.')
        .count();
    let number: String = folded[i..i + number_len].iter().collect();
    let value = percent_value(&number)?;
    let spaces = folded[i + number_len..]
        .iter()
        .take_while(|c| c.is_whitespace())
        .count();
    let sign = i + number_len + spaces;
    (folded.get(sign) == Some(&'%')).then_some((value, sign + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(raw: &str) -> AchievementKind {
        Achievement::parse(raw).kind
    }

    fn part(label: &str, percent: Option<f64>, detail: &str) -> AchievementPart {
        AchievementPart {
            label: label.into(),
            percent,
            detail: detail.into(),
        }
    }

    #[test]
    fn percentages_in_any_width() {
        for (raw, value) in [
            ("100%", 100.0),
            ("70", 70.0),
            ("８０％", 80.0),
            (" 0% ", 0.0),
            ("1 00%", 100.0),
            ("70.5", 70.5),
        ] {
            assert_eq!(kind(raw), AchievementKind::Percent { value }, "{raw}");
        }
        for not_a_percent in ["-5", "1e3", "inf", "NaN", "100%%", "70点", "."] {
            assert!(
                !matches!(kind(not_a_percent), AchievementKind::Percent { .. }),
                "{not_a_percent}"
            );
        }
    }

    #[test]
    fn fixed_words_even_with_wrap_spaces() {
        assert_eq!(kind("実施"), AchievementKind::Implemented);
        assert_eq!(kind("中 止"), AchievementKind::Cancelled);
        assert_eq!(kind("開催中止"), AchievementKind::Cancelled);
        assert_eq!(kind("未達"), AchievementKind::NotAchieved);
        assert_eq!(kind("実施なし"), AchievementKind::NotCarriedOut);
        assert_eq!(kind("-"), AchievementKind::NotCarriedOut);
        assert_eq!(kind("－"), AchievementKind::NotCarriedOut);
        assert_eq!(kind("数値評価は困難"), AchievementKind::NotEvaluable);
        assert_eq!(kind("数値評価は困難。"), AchievementKind::NotEvaluable);
        assert_eq!(kind(""), AchievementKind::Empty);
        assert_eq!(kind(" \t"), AchievementKind::Empty);
    }

    #[test]
    fn circled_parts_with_a_range() {
        assert_eq!(
            kind("①100% ② 0% ③～⑦ 100%"),
            AchievementKind::Parts {
                parts: vec![
                    part("①", Some(100.0), ""),
                    part("②", Some(0.0), ""),
                    part("③～⑦", Some(100.0), "")
                ]
            }
        );
    }

    #[test]
    fn parenthesised_parts() {
        assert_eq!(
            kind("(1)100% (2)50%"),
            AchievementKind::Parts {
                parts: vec![part("(1)", Some(100.0), ""), part("(2)", Some(50.0), "")]
            }
        );
        assert_eq!(Achievement::parse("(1)100% (2)50%").percent(), Some(75.0));
    }

    #[test]
    fn numbered_parts_with_detail_and_a_trailing_note() {
        let raw = "1.1/1回 100% 2.0/1回 0% ※コロ ナウイルス 問題のため 中止";
        let a = Achievement::parse(raw);
        assert_eq!(a.raw, raw);
        assert_eq!(
            a.kind,
            AchievementKind::Parts {
                parts: vec![
                    part("1.", Some(100.0), "1/1回"),
                    part("2.", Some(0.0), "0/1回")
                ]
            }
        );
    }

    #[test]
    fn a_truncated_part_has_no_percent() {
        assert_eq!(
            kind("①100%、②"),
            AchievementKind::Parts {
                parts: vec![part("①", Some(100.0), ""), part("②", None, "")]
            }
        );
    }

    #[test]
    fn parts_without_any_percentage_are_text() {
        assert_eq!(
            kind(
                "①実施日数11日、相談件数16件 ②実施日数12日、相談件数15件 ③相談件数1件 ④相談件数0件"
            ),
            AchievementKind::Text
        );
    }

    #[test]
    fn sentences_are_text() {
        assert_eq!(
            kind("新型コロ ナ感染症 流行期に おいて最 大限実施 可能なと ころに到 達した。"),
            AchievementKind::Text
        );
        assert_eq!(
            kind("1.5月-第24 回 7名、8 月-第25回 24名、11月 -第26回 20名、3月- 第27回 0 名。※第27 回コースは コロナウイ ルス問題の ため中止 100% 51 名受講"),
            AchievementKind::Text
        );
        assert_eq!(
            kind("(1)参加者の90%が満足と回答し大変好評であった (2)50%"),
            AchievementKind::Text
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        let odd = [
            "①",
            "①～",
            "①～⑦",
            "(",
            "(1",
            "(1)",
            "1.",
            "1)",
            "%",
            "%%",
            "※",
            "※①100%",
            "１.",
            "99999999999999999999999999%",
            "①\u{0}100%②",
            "\u{FEFF}",
            "𠮷野家 100%",
            "①100%②200%③",
            "(123)5%",
            "1..2%",
            "①1.2.3%",
            "\u{FF5E}①",
            "①100% 50%",
            "1.\u{3000}50% 2.\u{3000}60%",
            "か\u{3099}",
        ];
        for raw in odd {
            let a = Achievement::parse(raw);
            assert_eq!(a.raw, raw);
            let _ = a.percent();
        }
        assert_eq!(
            kind("①100% 50%"),
            AchievementKind::Text,
            "two percentages in one part"
        );
    }
}
