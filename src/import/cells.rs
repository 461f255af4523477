//! One table cell as text: what a spreadsheet or CSV cell holds → the text
//! the importer reads, keeping the line breaks the writer typed.

/// Stray control characters (a lone `\r`, NUL, a tab) would break the
/// Markdown and YAML written from a cell, so they become spaces. A line
/// break typed in a spreadsheet cell (`\n`, or `\r\n` in CSV) is the
/// writer's and is kept: [`super::lists::to_markdown`] turns it into a line
/// or list break, and headings join their lines ([`super::repair::repair_heading`]).
pub(crate) fn clean_cell(cell: &str) -> String {
    // A template made by `shinchoku export` guards text from spreadsheets.
    let cell = crate::csv_file::without_formula_guard(cell).replace("\r\n", "\n");
    cell.chars()
        .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
        .collect()
}

/// Several lines, one of them a list item (`- ①相談`): the importer's own
/// Markdown, as `shinchoku export` writes it back into a template.
pub(crate) fn is_markdown_list(cell: &str) -> bool {
    cell.contains('\n') && cell.lines().any(|line| line.starts_with("- "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_are_kept_and_other_controls_become_spaces() {
        assert_eq!(clean_cell("相談\r\n研修"), "相談\n研修");
        assert_eq!(clean_cell("相談\n研修"), "相談\n研修");
        assert_eq!(clean_cell("a\rb\u{0}c\td"), "a b c d");
        assert_eq!(clean_cell("'=1+1"), "=1+1");
    }

    #[test]
    fn markdown_lists_are_recognised() {
        assert!(is_markdown_list("前文\n\n- ①相談\n- ②研修"));
        assert!(!is_markdown_list("- ひとつだけ"));
        assert!(!is_markdown_list("相談\n研修"));
    }
}
