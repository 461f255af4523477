//! Bidirectional-text controls in content end with the text that holds
//! them. An unclosed U+202E (right-to-left override) in a title reverses
//! everything after it to the end of the paragraph — the page's own words
//! included — so every piece of content text a page shows is closed at its
//! end: each embedding or override it leaves open gets U+202C, each
//! isolate U+2069, as the Unicode bidi algorithm (UAX #9, X1–X8) pairs
//! them. Nothing is refused or removed; text that closes what it opens is
//! left as it is. The search results, built in the browser, are isolated
//! there (`<bdi>`, in `search.js`).

/// What a text leaves open, fed one character at a time.
#[derive(Debug, Default)]
pub(crate) struct OpenControls {
    /// Innermost last; `true` for an isolate, `false` for an embedding or override.
    open: Vec<bool>,
}

/// Pop directional formatting (closes an embedding or override).
const PDF: char = '\u{202C}';
/// Pop directional isolate (closes an isolate).
const PDI: char = '\u{2069}';

impl OpenControls {
    pub fn see(&mut self, c: char) {
        match c {
            // LRE, RLE, LRO, RLO (U+202C, PDF, sits in the middle).
            '\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}' => self.open.push(false),
            // LRI, RLI, FSI.
            '\u{2066}'..='\u{2068}' => self.open.push(true),
            // Closes the innermost embedding, never past an isolate.
            PDF if self.open.last() == Some(&false) => {
                self.open.pop();
            }
            // Closes the innermost isolate and everything opened inside it.
            PDI if self.open.contains(&true) => while self.open.pop() == Some(false) {},
            _ => {}
        }
    }

    /// Appends the controls that close what is open, innermost first.
    pub fn close(self, out: &mut String) {
        out.extend(
            self.open
                .into_iter()
                .rev()
                .map(|isolate| if isolate { PDI } else { PDF }),
        );
    }
}

/// `text` with what it leaves open closed at its end; `None` when nothing is.
pub(crate) fn closed(text: &str) -> Option<String> {
    if !text.contains(|c| ('\u{202A}'..=PDI).contains(&c)) {
        return None;
    }
    let mut open = OpenControls::default();
    text.chars().for_each(|c| open.see(c));
    if open.open.is_empty() {
        return None;
    }
    let mut out = text.to_string();
    open.close(&mut out);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn closed_or_same(text: &str) -> String {
        closed(text).unwrap_or_else(|| text.to_string())
    }

    #[test]
    fn what_is_left_open_is_closed_innermost_first() {
        assert_eq!(closed_or_same("a\u{202E}b"), "a\u{202E}b\u{202C}");
        assert_eq!(
            closed_or_same("\u{2067}a\u{202B}b"),
            "\u{2067}a\u{202B}b\u{202C}\u{2069}"
        );
        assert_eq!(
            closed_or_same("\u{202D}\u{202E}\u{202C}"),
            "\u{202D}\u{202E}\u{202C}\u{202C}"
        );
    }

    #[test]
    fn balanced_and_plain_text_is_left_alone() {
        for text in [
            "施策",
            "\u{202E}a\u{202C}",
            "\u{2066}a\u{2069}",
            // A PDI closes the embeddings opened inside its isolate too.
            "\u{2067}\u{202E}a\u{2069}",
            // Closers with nothing to close are ignored, by browsers too.
            "\u{202C}\u{2069}a",
        ] {
            assert_eq!(closed(text), None, "{text:?}");
        }
    }

    #[test]
    fn a_pdf_does_not_close_an_isolate() {
        assert_eq!(
            closed_or_same("\u{2066}a\u{202C}"),
            "\u{2066}a\u{202C}\u{2069}"
        );
    }
}
