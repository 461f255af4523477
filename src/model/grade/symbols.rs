//! Reading a grade symbol as the table writes it: 「Ｓ」 and 「S」, 「−」
//! and 「-」, 「〇」 and 「○」 are the same step.

use unicode_normalization::UnicodeNormalization;

use crate::model::achievement::is_dash;

/// The form two spellings of one symbol share: NFKC (full- and half-width
/// alike), surrounding spaces dropped, every dash-like character as `-`,
/// circles as `○` and crosses as `×`.
pub fn symbol_key(written: &str) -> String {
    written
        .nfkc()
        .collect::<String>()
        .trim()
        .chars()
        .map(|c| match c {
            c if is_dash(c) || c == '－' => '-',
            '〇' | '◯' => '○',
            '✕' | '✖' | '╳' => '×',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::symbol_key;

    #[test]
    fn widths_dashes_and_spaces_read_alike() {
        for (a, b) in [
            ("Ｓ", "S"),
            (" A ", "A"),
            ("\u{3000}Ｂ", "B"),
            ("−", "-"),
            ("ー", "-"),
            ("―", "-"),
            ("－", "-"),
            ("〇", "○"),
            ("✕", "×"),
        ] {
            assert_eq!(symbol_key(a), symbol_key(b), "{a} / {b}");
        }
        assert_ne!(symbol_key("A"), symbol_key("B"));
        assert_ne!(symbol_key("◎"), symbol_key("○"));
    }
}
