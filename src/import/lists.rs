//! Repaired cell text → Markdown: numbered runs (`1.… 2.…`, `①… ②…`,
//! `【中央区】… 【東区】…`) become bullet lists, and characters Markdown
//! would eat are escaped, so the page shows exactly what the city wrote.

use std::collections::HashMap;

use super::markers::{marker_at, MarkerKind};

/// Marks that only say "an item begins" (`・相談`): the Markdown bullet
/// takes their place, so the page shows one bullet, not two. Numbering and
/// labels (`①`, `★`, `【中央区】`) are kept as the writer's words.
const BULLETS: [char; 12] = ['・', '･', '●', '○', '■', '□', '◆', '◇', '•', '-', '－', '‐'];

/// The cell as Markdown. Each line the writer typed stays a line (a blank
/// line, a new paragraph); a line that starts with a bullet (`・`, `●`, `-`
/// …) is a list item, as is a numbered run inside one line (`①… ②…`),
/// whose items keep their own marker (`- ①研修`).
pub(crate) fn to_markdown(text: &str) -> String {
    let mut blocks: Vec<String> = Vec::new();
    let mut paragraph: Vec<String> = Vec::new();
    let mut items: Vec<String> = Vec::new();
    for line in text.trim().lines().map(str::trim) {
        let markdown = line_to_markdown(line);
        let is_list = markdown.contains('\n');
        if let Some(item) = bulleted(line).filter(|_| !is_list) {
            flush(&mut blocks, &mut paragraph, "\\\n");
            items.push(format!("- {}", escape_line(item)));
            continue;
        }
        flush(&mut blocks, &mut items, "\n");
        if is_list || line.is_empty() {
            flush(&mut blocks, &mut paragraph, "\\\n");
            if is_list {
                blocks.push(markdown);
            }
        } else {
            paragraph.push(markdown);
        }
    }
    flush(&mut blocks, &mut paragraph, "\\\n");
    flush(&mut blocks, &mut items, "\n");
    blocks.join("\n\n")
}

/// Ends a run of paragraph lines (joined by hard line breaks) or list items.
fn flush(blocks: &mut Vec<String>, run: &mut Vec<String>, separator: &str) {
    if !run.is_empty() {
        blocks.push(run.join(separator));
        run.clear();
    }
}

/// The text of a line that starts with a bullet, without it.
fn bulleted(line: &str) -> Option<&str> {
    let rest = line.strip_prefix(BULLETS)?;
    let item = rest.trim_start();
    // `--` or `・・・` is a rule or an ellipsis, `-3%` a number.
    let negative = line.starts_with(['-', '－', '‐']) && rest.starts_with(|c: char| c.is_numeric());
    (!item.is_empty() && !item.starts_with(BULLETS) && !negative).then_some(item)
}

/// One line as Markdown: a numbered run becomes a list; text before its
/// first item becomes a paragraph of its own.
fn line_to_markdown(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let starts = item_starts(&chars);
    let Some(&first) = starts.first() else {
        return escape_line(line);
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
        let item = item.trim();
        let item = bulleted(item).unwrap_or(item);
        blocks.push(format!("- {}", escape_line(item)));
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
    fn line_breaks_stay_line_and_paragraph_breaks() {
        assert_eq!(
            to_markdown("相談を受けた。\n研修を開いた。\n\n次年度も続ける。"),
            "相談を受けた。\\\n研修を開いた。\n\n次年度も続ける。"
        );
        assert_faithful("相談を受けた。\n研修を開いた。\n\n次年度も続ける。");
        let html = crate::render::markdown::to_html("相談を受けた。\\\n研修を開いた。");
        assert!(html.contains("<br"), "{html}");
    }

    #[test]
    fn a_bullet_at_the_start_of_a_line_is_the_list_bullet() {
        assert_eq!(
            to_markdown("次のとおり実施した。\n・相談会 12回\n･ 研修会\n●講演会\n○ 街頭啓発"),
            "次のとおり実施した。\n\n- 相談会 12回\n- 研修会\n- 講演会\n- 街頭啓発"
        );
        assert_eq!(to_markdown("・相談会"), "- 相談会");
        assert_eq!(to_markdown("・相談会 ・研修会"), "- 相談会\n- 研修会");
        assert_eq!(to_markdown("-3%\n・・・"), "\\-3%\\\n・・・");
        assert_eq!(
            to_markdown("①相談\n②研修\n※中止あり"),
            "①相談\\\n②研修\\\n※中止あり"
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
