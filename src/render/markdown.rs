//! Markdown from content → safe HTML, and → plain text for search and snippets.
//!
//! Raw HTML in content is shown as text, never passed through: content must
//! not be able to inject markup or script. Links and images whose URL scheme
//! is not on the allow-list (e.g. `javascript:`) lose their URL.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Whether a link target is safe to emit: relative, fragment, or an allowed scheme.
fn is_safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    match lower.find(':') {
        // A colon before any '/', '?' or '#' means a scheme.
        Some(colon) if !lower[..colon].contains(['/', '?', '#']) => {
            ["http", "https", "mailto", "tel"].contains(&&lower[..colon])
        }
        _ => true,
    }
}

fn sanitize(url: CowStr<'_>) -> CowStr<'_> {
    if is_safe_url(&url) {
        url
    } else {
        CowStr::Borrowed("")
    }
}

/// Text with the bidi controls it leaves open closed: each text of a
/// Markdown field ends its overrides before the next markup.
fn bidi_closed(text: CowStr<'_>) -> CowStr<'_> {
    super::bidi::closed(&text).map_or(text, CowStr::from)
}

/// Renders Markdown to HTML with raw HTML escaped, unsafe URLs removed and
/// each text's bidi controls closed.
pub fn to_html(markdown: &str) -> String {
    let events = Parser::new_ext(markdown, options()).map(|event| match event {
        Event::Html(text) | Event::InlineHtml(text) | Event::Text(text) => {
            Event::Text(bidi_closed(text))
        }
        Event::Code(text) => Event::Code(bidi_closed(text)),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: sanitize(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: sanitize(dest_url),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// The text a reader sees, without Markdown syntax; blocks and list items
/// are separated by a newline.
pub fn to_plain_text(markdown: &str) -> String {
    // Most of a table's cells are one line of Japanese: nothing to parse
    // (the search document, the open data and the pages each ask, for
    // every cell, on every build).
    if has_no_syntax(markdown) {
        return markdown.to_string();
    }
    parse_plain_text(markdown)
}

fn parse_plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_) | TagEnd::TableRow,
            ) if !out.ends_with('\n') => out.push('\n'),
            _ => {}
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// ASCII punctuation that means nothing to Markdown inside a line (what
/// starts a block is only syntax at the start of one).
const INERT_PUNCTUATION: &[u8] = b" %,./:;()?'\"+-@$";

/// Whether `text` is one line that Markdown reads as written: Markdown's
/// syntax is all ASCII, so no ASCII punctuation but the inert kind, none
/// to start the line, no number starting an ordered list (`1.`, `1)`), no
/// line break or tab, and no whitespace at either end.
fn has_no_syntax(text: &str) -> bool {
    let (Some(first), Some(last)) = (text.chars().next(), text.chars().next_back()) else {
        return true;
    };
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    !first.is_whitespace()
        && !last.is_whitespace()
        && !first.is_ascii_punctuation()
        && !matches!(text.as_bytes().get(digits), Some(b'.' | b')'))
        && text
            .bytes()
            .all(|b| !b.is_ascii() || b.is_ascii_alphanumeric() || INERT_PUNCTUATION.contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_without_syntax_reads_as_parsed() {
        let measures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/measures");
        let seed: String = std::fs::read_dir(measures)
            .unwrap()
            .map(|file| std::fs::read_to_string(file.unwrap().path()).unwrap())
            .collect();
        // Each value of the front matter, unquoted.
        let cells = seed.lines().flat_map(|line| {
            line.split_once(": ")
                .map(|(_, value)| value.trim_matches('"'))
        });
        let samples = [
            "計3回実施(6/21,9/27,12/20)。毎日18:00～21:00",
            "(1) 一",
            "2020年. 一",
            "a+b-c 'd' \"e\" f@g $5 1.5倍",
            "",
            "実施",
            "①100% ② 0%",
            "数値評価は困難",
            "ゲートキーパー養成研修 3回 延べ120人",
            "Ｓ Ｎ Ｓ 相談",
            "a,b 100%",
        ];
        let mut checked = 0;
        for text in cells.chain(samples) {
            if has_no_syntax(text) {
                assert_eq!(parse_plain_text(text), text);
                checked += 1;
            }
        }
        assert!(checked > 500, "only {checked} cells without syntax");
        for text in [
            "1. 一",
            "12) 一",
            "- 一",
            "+ 一",
            "# 見出し",
            "a\nb",
            "a\tb",
            " 字下げ",
            "末尾 ",
            "一　",
            "&amp;",
            "*強調*",
            "a_b_",
            "`x`",
            "~~x~~",
            "<b>",
            "[x](y)",
            "a\\b",
            "a|b",
            "a==b",
        ] {
            assert!(!has_no_syntax(text), "{text:?}");
        }
    }

    #[test]
    fn raw_html_is_escaped() {
        let html = to_html("a <script>alert(1)</script> <img src=x onerror=alert(1)>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn javascript_links_lose_their_url() {
        let html =
            to_html("[x](javascript:alert(1)) [y](JavaScript:alert(1)) [ok](https://example.jp/)");
        assert!(!html.to_lowercase().contains("javascript:"), "{html}");
        assert!(html.contains("href=\"https://example.jp/\""), "{html}");
    }

    #[test]
    fn relative_links_are_kept() {
        assert!(to_html("[a](../measures/1-01.html)").contains("href=\"../measures/1-01.html\""));
    }

    #[test]
    fn plain_text_drops_syntax_and_keeps_items_apart() {
        assert_eq!(
            to_plain_text("- ①研修\n- ②相談 **強調**"),
            "①研修\n②相談 強調"
        );
    }
}
