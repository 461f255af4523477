//! How headings and cells are compared and named: the one place for it.

use unicode_normalization::UnicodeNormalization;

/// NFKC without whitespace: how headings are compared (「政策番号\n十の位」
/// = 「政策番号 十の位」, 「計画書 ページ」 = 「計画書ページ」).
pub(crate) fn compact(text: &str) -> String {
    text.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// An extra field's key: the heading with line breaks and runs of spaces
/// (full-width too) turned into one space, trimmed.
pub(crate) fn field_key(heading: &str) -> String {
    heading.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a cell is the heading `wanted`: equal once compacted, or (a
/// heading with a note after it, `達成度 (%)`) starting with it.
pub(crate) fn heading_matches(cell: &str, wanted: &str, exact: bool) -> bool {
    let (cell, wanted) = (compact(cell), compact(wanted));
    !wanted.is_empty() && (cell == wanted || (!exact && cell.starts_with(&wanted)))
}

/// The column of `wanted` among `cells`, not one of `taken`: an exact
/// match first, else the first that starts with it.
pub(crate) fn find_heading(cells: &[String], wanted: &str, taken: &[usize]) -> Option<usize> {
    [true, false].into_iter().find_map(|exact| {
        (0..cells.len()).find(|i| !taken.contains(i) && heading_matches(&cells[*i], wanted, exact))
    })
}

/// `text` after a prefix that reads as `prefix` once compacted (full- or
/// half-width, spaces anywhere), else None.
pub(crate) fn strip_loosely<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let wanted = compact(prefix);
    if wanted.is_empty() {
        return Some(text);
    }
    let mut ends = text.char_indices().map(|(i, c)| i + c.len_utf8());
    ends.find_map(|end| {
        let read = compact(&text[..end]);
        (read == wanted).then(|| &text[end..])
    })
    .filter(|_| compact(text).starts_with(&wanted))
}

/// Full- or half-width digits at the start of `text`: their number (leading
/// zeros dropped) and the rest.
pub(crate) fn leading_number(text: &str) -> Option<(String, &str)> {
    let end = text
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || ('０'..='９').contains(c)))
        .map_or(text.len(), |(i, _)| i);
    (end > 0).then(|| (node_number(&text[..end]), &text[end..]))
}

/// A level's number as the site names it: digits without leading zeros
/// (`02` → `2`), anything else as written.
pub(crate) fn node_number(written: &str) -> String {
    let text = compact(written);
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        let trimmed = text.trim_start_matches('0');
        return if trimmed.is_empty() { "0" } else { trimmed }.to_string();
    }
    written.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_compare_loosely_and_name_fields_tidily() {
        assert!(heading_matches("政策番号\n十の位", "政策番号 十の位", true));
        assert!(heading_matches("達成度 (%)", "達成度", false));
        assert!(!heading_matches("達成度 (%)", "達成度", true));
        assert_eq!(field_key("事業費計  （A）"), "事業費計 （A）");
        assert_eq!(
            field_key(" ４　課長等意見\n(1) 今後の方向性 "),
            "４ 課長等意見 (1) 今後の方向性"
        );
        assert_eq!(
            strip_loosely("【基本施策１】安心", "【基本施策"),
            Some("１】安心")
        );
        assert_eq!(strip_loosely("基本目標 2 x", "基本目標"), Some(" 2 x"));
        assert_eq!(strip_loosely("施策", "基本施策"), None);
        assert_eq!(leading_number("１２：啓発"), Some(("12".into(), "：啓発")));
        assert_eq!(node_number("02"), "2");
        assert_eq!(node_number("0"), "0");
        assert_eq!(node_number(" A-1 "), "A-1");
    }
}
