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

/// Renders Markdown to HTML with raw HTML escaped and unsafe URLs removed.
pub fn to_html(markdown: &str) -> String {
    let events = Parser::new_ext(markdown, options()).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
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

#[cfg(test)]
mod tests {
    use super::*;

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
