//! Repaired cell text → Markdown: numbered runs (`1.… 2.…`, `①… ②…`,
//! `【中央区】… 【東区】…`) become bullet lists, and characters Markdown
//! would eat are escaped, so the page shows exactly what the city wrote.

use std::collections::HashMap;

use super::markers::{marker_at, MarkerKind};

/// The cell as Markdown. Items keep their own marker (`- ①研修`); text
/// before the first item becomes a paragraph of its own.
pub(crate) fn to_markdown(text: &str) -> String {
    let chars: Vec<char> = text.trim().chars().collect();
    let starts = item_starts(&chars);
    let Some(&first) = starts.first() else {
        return escape_line(&chars.iter().collect::<String>());
    };
    let mut blocks = Vec::new();
    let lead: String = chars[..first].iter().collect();
    if !lead.trim().is_empty() {
        blocks.push(escape_line(lead.trim()));
        blocks.push(String::new());
    }
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(chars.len());
        let item: String = chars[start..end].iter().collect();
        blocks.push(format!("- {}", escape_line(item.trim())));
    }
    blocks.join("\n")
}

/// Where list items start: markers at the start of the text, after a space
/// or after `。`, of a kind that occurs there at least twice.
fn item_starts(chars: &[char]) -> Vec<usize> {
    let mut found: Vec<(usize, MarkerKind)> = Vec::new();
    for i in 0..chars.len() {
        let at_boundary = i == 0 || chars[i - 1].is_whitespace() || chars[i - 1] == '。';
        match marker_at(chars, i) {
            Some(MarkerKind::Note) | None => {}
            Some(kind) if at_boundary => found.push((i, kind)),
            Some(_) => {}
        }
    }
    let mut counts: HashMap<MarkerKind, usize> = HashMap::new();
    for (_, kind) in &found {
        *counts.entry(*kind).or_default() += 1;
    }
    found
        .into_iter()
        .filter(|(_, kind)| counts[kind] >= 2)
        .map(|(i, _)| i)
        .collect()
}

/// Escapes what Markdown would read as syntax on one line of text.
fn escape_line(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let escape = match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '~' | '|' => true,
            // `&amp;` would show as `&`.
            '&' => next.is_some_and(|n| n.is_ascii_alphanumeric() || n == '#'),
            '#' | '>' | '-' | '+' | '=' => i == 0,
            // `1. text` at the start of a line is an ordered list.
            '.' | ')' => {
                chars[..i].iter().all(|d| d.is_ascii_digit())
                    && i > 0
                    && next.is_none_or(char::is_whitespace)
            }
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::markdown::to_plain_text;

    fn compact(text: &str) -> String {
        text.chars().filter(|c| !c.is_whitespace()).collect()
    }

    /// The check every prose field passes: rendering shows every character.
    fn assert_faithful(text: &str) {
        let markdown = to_markdown(text);
        assert_eq!(
            compact(&to_plain_text(&markdown)),
            compact(text),
            "{markdown}"
        );
    }

    #[test]
    fn numbered_runs_become_lists_keeping_markers() {
        assert_eq!(
            to_markdown(
                "1.事例検討会 6月実施 2.協議会 3月開催予定だったがコロナウイルス問題のため中止"
            ),
            "- 1.事例検討会 6月実施\n- 2.協議会 3月開催予定だったがコロナウイルス問題のため中止"
        );
        assert_eq!(
            to_markdown(
                "県内4箇所の病院で実施 ①向陽台病院:月2回、1回当たり相談枠2枠 ②弓削病院:月2回"
            ),
            "県内4箇所の病院で実施\n\n- ①向陽台病院:月2回、1回当たり相談枠2枠\n- ②弓削病院:月2回"
        );
        assert_eq!(
            to_markdown(
                "【中央区】実施を継続 【東区】実施を継続。 【西区】嘱託医が見つかり次第実施。"
            ),
            "- 【中央区】実施を継続\n- 【東区】実施を継続。\n- 【西区】嘱託医が見つかり次第実施。"
        );
        assert_eq!(
            to_markdown("受けた。 ★通常電話 24時間365日2回線、 ★ナビダイヤル 24時間365日"),
            "受けた。\n\n- ★通常電話 24時間365日2回線、\n- ★ナビダイヤル 24時間365日"
        );
        assert_eq!(
            to_markdown("(1)100名参加 (2)50名参加"),
            "- (1)100名参加\n- (2)50名参加"
        );
        assert_eq!(
            to_markdown("1)について検討 2)についても継続"),
            "- 1)について検討\n- 2)についても継続"
        );
    }

    #[test]
    fn a_single_marker_or_numbers_make_no_list() {
        for text in [
            "1.例年通り、年4回を計画",
            "2019年 11月 14日 開催",
            "平日：8：30～17：15実施",
            "3回(1,054名受講)",
            "P.21 を参照",
            "計3回実施（6/21,9/27,12/20）。",
        ] {
            assert!(
                !to_markdown(text).contains("\n- "),
                "{text}: {}",
                to_markdown(text)
            );
        }
    }

    #[test]
    fn ranges_and_label_lists_stay_inside_their_item() {
        assert_eq!(
            to_markdown("①、②一定数の相談があるため継続 ③、④ほぼ相談がない"),
            "- ①、②一定数の相談があるため継続\n- ③、④ほぼ相談がない"
        );
        assert_eq!(
            to_markdown("①開催できた ②は中止となり、達成できず。④～⑦は派遣ができた。"),
            "- ①開催できた\n- ②は中止となり、達成できず。\n- ④～⑦は派遣ができた。"
        );
    }

    #[test]
    fn markdown_syntax_in_the_text_is_shown_as_written() {
        for text in [
            "# 見出しではない *強調でもない* _これも_ <b>タグ</b> [リンク](x) `コード` ~~取消~~ &amp; a|b",
            "1. 番号付きリストではない",
            "- 箇条書きではない",
            "> 引用ではない",
            "+ プラスで始まる",
            "= 等号",
            "スクラップ&ビルド 100% 1\\2",
            "①*a* ②_b_ ③<c>",
        ] {
            assert_faithful(text);
        }
        assert_eq!(
            to_markdown("スクラップ&ビルド"),
            "スクラップ&ビルド",
            "no needless escapes"
        );
    }
}
