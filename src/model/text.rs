//! Text the site may hold: what city staff write reaches pages, the open
//! data and terminals, where a control character (NUL, BEL, ESC, DEL, the C1
//! range) is invisible, breaks CSV readers or drives the terminal.

/// The first control character no content may carry, with its byte offset:
/// C0 controls other than tab, line feed and carriage return, DEL, and the
/// C1 controls.
pub fn control_character(text: &str) -> Option<(usize, char)> {
    text.char_indices()
        .find(|&(_, c)| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// What to tell the user about `c`, found in what they wrote.
pub fn control_character_message(c: char) -> String {
    format!(
        "制御文字（U+{:04X}）が入っています。目に見えない文字で、ページや公開データを壊すため使えません。消してください（\\e や \\u001b のように書いたものも同じです）",
        u32::from(c)
    )
}

/// `text` with its control characters written as `\u{1b}`, fit to be
/// printed in a message: raw, they would drive the user's terminal.
pub fn shown(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Digits without a leading zero: text that a number cell (CSV, JSON) or a
/// YAML integer holds and reads back the same (`1`, not `01` or `2-6`).
pub fn is_plain_number(text: &str) -> bool {
    !text.is_empty()
        && text.len() < 16
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c0_del_and_c1_are_control_characters_but_tab_and_line_ends_are_not() {
        for c in ['\0', '\u{7}', '\u{1b}', '\u{7f}', '\u{85}', '\u{9f}'] {
            let text = format!("あ{c}");
            assert_eq!(control_character(&text), Some((3, c)), "{c:?}");
        }
        assert_eq!(control_character("a\tb\r\nc\u{a0}\u{2028}"), None);
        assert_eq!(shown("a\u{1b}[2J"), "a\\u{1b}[2J");
    }
}
