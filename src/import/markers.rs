//! List markers in the table's prose: `①`, `(1)`, `1.`, `1)`, `【中央区】`,
//! `★`. They decide both where a PDF wrap space can never be (a space
//! before an item is the writer's) and where a text turns into list items.

/// The kind of marker; a run of one kind makes a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum MarkerKind {
    /// `①`
    Circled,
    /// `(1)`, `（1）`
    Parenthesised,
    /// `1.`, `1．`
    Dotted,
    /// `1)`, `1）`
    ClosingParen,
    /// `【中央区】`
    Bracketed,
    /// `★`, `●`, `・`, … (the symbol itself)
    Symbol(char),
    /// `※`: a note, never a list item but never a wrap either.
    Note,
}

/// Longest `【…】` label that still reads as an item heading, not prose.
const MAX_BRACKET_LABEL_CHARS: usize = 12;

fn is_circled(c: char) -> bool {
    matches!(c, '①'..='⑳' | '㉑'..='㉟' | '㊱'..='㊿')
}

/// A marker at `chars[i]`, if the text there starts one. The context before
/// `i` (skipping spaces) matters: `④～⑦` and `①、②` are ranges or lists of
/// labels, and `P.21` or `2.5` are not items.
pub(crate) fn marker_at(chars: &[char], i: usize) -> Option<MarkerKind> {
    let c = *chars.get(i)?;
    let before = chars[..i]
        .iter()
        .rev()
        .find(|c| !c.is_whitespace())
        .copied();
    let directly_before = i.checked_sub(1).map(|j| chars[j]);
    let in_range = before.is_some_and(|b| matches!(b, '～' | '~' | '〜' | '-' | '‐'));
    let in_label_list =
        directly_before.is_some_and(|b| matches!(b, '、' | '，' | ',' | '・' | 'と'));
    if in_range || in_label_list {
        return None;
    }
    let after_word = directly_before.is_some_and(|b| b.is_ascii_alphanumeric() || b == '.');
    match c {
        _ if is_circled(c) => Some(MarkerKind::Circled),
        '(' | '（' => {
            let digits = count_digits(&chars[i + 1..]);
            let close = chars.get(i + 1 + digits);
            ((1..=2).contains(&digits) && matches!(close, Some(')' | '）')))
                .then_some(MarkerKind::Parenthesised)
        }
        _ if is_digit(c) && !after_word => {
            let digits = count_digits(&chars[i..]);
            let after = chars.get(i + digits + 1).copied();
            match chars.get(i + digits) {
                _ if digits > 2 => None,
                Some('.' | '．') if !after.is_some_and(is_digit) => Some(MarkerKind::Dotted),
                Some(')' | '）') => Some(MarkerKind::ClosingParen),
                _ => None,
            }
        }
        '【' => {
            let label = chars[i + 1..]
                .iter()
                .take(MAX_BRACKET_LABEL_CHARS + 1)
                .position(|&c| c == '】');
            label
                .is_some_and(|len| len > 0)
                .then_some(MarkerKind::Bracketed)
        }
        '★' | '☆' | '●' | '○' | '■' | '□' | '◆' | '◇' | '◎' | '・' => {
            Some(MarkerKind::Symbol(c))
        }
        '※' => Some(MarkerKind::Note),
        _ => None,
    }
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn count_digits(chars: &[char]) -> usize {
    chars.iter().take_while(|&&c| is_digit(c)).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at_start(text: &str) -> Option<MarkerKind> {
        marker_at(&text.chars().collect::<Vec<_>>(), 0)
    }

    fn after(prefix: &str, text: &str) -> Option<MarkerKind> {
        let chars: Vec<char> = format!("{prefix}{text}").chars().collect();
        marker_at(&chars, prefix.chars().count())
    }

    #[test]
    fn item_markers() {
        assert_eq!(at_start("①熊本"), Some(MarkerKind::Circled));
        assert_eq!(at_start("(1)自殺予防"), Some(MarkerKind::Parenthesised));
        assert_eq!(at_start("（2）地域"), Some(MarkerKind::Parenthesised));
        assert_eq!(at_start("1.事例検討会"), Some(MarkerKind::Dotted));
        assert_eq!(at_start("2)研修会"), Some(MarkerKind::ClosingParen));
        assert_eq!(at_start("【中央区】相談数"), Some(MarkerKind::Bracketed));
        assert_eq!(at_start("★通常電話"), Some(MarkerKind::Symbol('★')));
        assert_eq!(at_start("※コロナ"), Some(MarkerKind::Note));
    }

    #[test]
    fn numbers_that_are_not_markers() {
        for text in [
            "2019年",
            "11月",
            "8:30～17:15",
            "1,054名",
            "6/21,9/27",
            "2.5倍",
            "123.項目",
            "(123)",
            "【】",
            "【とても長い見出しのようでいて実は文章である】",
        ] {
            assert_eq!(at_start(text), None, "{text}");
        }
        assert_eq!(after("P.", "21"), None);
        assert_eq!(after("P", ".21"), None);
        assert_eq!(after("H31.", "4.1"), None);
    }

    #[test]
    fn ranges_and_label_lists_are_not_items() {
        assert_eq!(after("④～ ", "⑦は各団体"), None);
        assert_eq!(after("③", "～⑦"), None);
        assert_eq!(after("①、", "②一定数"), None);
        assert_eq!(
            after("2回線、 ", "★ナビダイヤル"),
            Some(MarkerKind::Symbol('★'))
        );
        assert_eq!(after("できた ", "②は"), Some(MarkerKind::Circled));
    }
}
