//! Names that become file names on the published site. A city may copy the
//! site to any server, Windows and macOS ones included: a name must be one
//! Windows can hold, and no two names may be the same to a server that
//! ignores case (Windows, macOS) or Unicode composition (macOS).

use unicode_normalization::UnicodeNormalization;

/// A character an id may hold: ids become file names and URLs, so only
/// ASCII letters, digits, `-` and `_` (no path, no reserved character).
pub fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// Characters Windows refuses in a file or folder name.
const WINDOWS_FORBIDDEN: &[char] = &['<', '>', ':', '"', '/', '\\', '|', '?', '*'];

/// Why a Windows server could not hold a file or folder named `name` (one
/// path component), or `None` when it can.
pub fn windows_name_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("名前が空です".into());
    }
    if let Some(c) = name.chars().find(|c| c.is_control()) {
        return Some(format!("制御文字（U+{:04X}）が入っています", u32::from(c)));
    }
    if let Some(c) = name.chars().find(|c| WINDOWS_FORBIDDEN.contains(c)) {
        return Some(format!(
            "「{c}」は Windows のファイル名に使えない文字です（< > : \" / \\ | ? * は使えません）"
        ));
    }
    if name.ends_with(['.', ' ']) {
        return Some("名前の最後が「.」か空白です（Windows では消えてしまいます）".into());
    }
    if is_device_name(name) {
        return Some(
            "CON・PRN・AUX・NUL・COM0〜9・LPT0〜9 は Windows の装置名で、拡張子を付けても使えません"
                .into(),
        );
    }
    None
}

/// CON, NUL, COM1, … name devices on Windows whatever the extension
/// (`con.txt` too).
fn is_device_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end_matches(' ');
    let upper = stem.to_ascii_uppercase();
    if ["CON", "PRN", "AUX", "NUL"].contains(&upper.as_str()) {
        return true;
    }
    let Some(number) = upper
        .strip_prefix("COM")
        .or_else(|| upper.strip_prefix("LPT"))
    else {
        return false;
    };
    let mut chars = number.chars();
    matches!(
        (chars.next(), chars.next()),
        (Some('0'..='9' | '¹' | '²' | '³'), None)
    )
}

/// How a server that ignores case and Unicode composition sees `name`: two
/// names with the same key are one file there.
pub fn server_key(name: &str) -> String {
    name.nfc().flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_windows_cannot_hold() {
        for bad in [
            "",
            "CON",
            "con.txt",
            "Aux.css",
            "nul",
            "COM1",
            "lpt9.js",
            "COM¹",
            "q?.css",
            "a<b",
            "a:b",
            "a\"b",
            "a|b",
            "a*b",
            "a\\b",
            "a/b",
            "dot.",
            "space ",
            "esc\u{1b}",
        ] {
            assert!(windows_name_problem(bad).is_some(), "{bad:?} accepted");
        }
        for good in [
            "style.css",
            "COM10",
            "console.js",
            "LPT",
            "ロゴ.svg",
            "1-01",
        ] {
            assert_eq!(windows_name_problem(good), None, "{good:?} refused");
        }
    }

    #[test]
    fn case_and_composition_are_ignored_by_the_key() {
        assert_eq!(server_key("Style.CSS"), server_key("style.css"));
        assert_eq!(server_key("か\u{3099}"), server_key("が"));
        assert_ne!(server_key("ｶ"), server_key("カ"), "width is not folded");
    }
}
