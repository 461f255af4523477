//! File names of the per-section templates: `template-2021-健康づくり課.xlsx`.
//!
//! A section's name is written by a person and may hold what a file name
//! cannot on some OS: Windows refuses `\ / : * ? " < > |` and control
//! characters, and a name ending in a dot or space; every OS limits a name
//! to 255 bytes. Those characters become `_`, Japanese stays as it is, and
//! two sections that come out the same — compared as Windows and macOS
//! compare names, ignoring case — are told apart by `-2`, `-3`, ….

/// Characters of a section name kept in its file name: 60 Japanese
/// characters are 180 bytes of UTF-8, well within 255 with the rest.
const MAX_SECTION_CHARS: usize = 60;

/// Each section with its workbook's file name, in the order given.
pub(super) fn section_files(sections: &[String], fiscal_year: u16) -> Vec<(String, String)> {
    let mut taken: Vec<String> = Vec::new();
    sections
        .iter()
        .map(|section| {
            let stem = format!("template-{fiscal_year}-{}", safe_section(section));
            let name = (1..)
                .map(|n| match n {
                    1 => format!("{stem}.xlsx"),
                    n => format!("{stem}-{n}.xlsx"),
                })
                .find(|name| !taken.contains(&name.to_lowercase()))
                .unwrap_or_default();
            taken.push(name.to_lowercase());
            (section.clone(), name)
        })
        .collect()
}

/// The section's name with what no OS allows in a file name replaced.
fn safe_section(section: &str) -> String {
    let safe: String = section
        .trim()
        .chars()
        .take(MAX_SECTION_CHARS)
        .map(|c| {
            if c.is_control() || c.is_whitespace() || "\\/:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let safe = safe.trim_end_matches(['.', '_']);
    if safe.is_empty() {
        "_".into()
    } else {
        safe.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(sections: &[&str]) -> Vec<String> {
        let sections: Vec<String> = sections.iter().map(|s| s.to_string()).collect();
        section_files(&sections, 2021)
            .into_iter()
            .map(|(_, name)| name)
            .collect()
    }

    #[test]
    fn japanese_is_kept_and_what_windows_refuses_is_replaced() {
        assert_eq!(
            names(&[
                "健康づくり課",
                "子ども/家庭:課",
                "a*b?c",
                "課.",
                " .. ",
                "ＤＶ対策室"
            ]),
            [
                "template-2021-健康づくり課.xlsx",
                "template-2021-子ども_家庭_課.xlsx",
                "template-2021-a_b_c.xlsx",
                "template-2021-課.xlsx",
                "template-2021-_.xlsx",
                "template-2021-ＤＶ対策室.xlsx",
            ]
        );
    }

    #[test]
    fn sections_that_come_out_the_same_are_numbered() {
        assert_eq!(
            names(&[
                "子ども/家庭課",
                "子ども?家庭課",
                "子ども_家庭課",
                "ABC課",
                "abc課"
            ]),
            [
                "template-2021-子ども_家庭課.xlsx",
                "template-2021-子ども_家庭課-2.xlsx",
                "template-2021-子ども_家庭課-3.xlsx",
                "template-2021-ABC課.xlsx",
                "template-2021-abc課-2.xlsx",
            ]
        );
    }

    #[test]
    fn a_long_name_stays_within_what_every_os_allows() {
        let long = "課".repeat(300);
        let name = &names(&[&long])[0];
        assert!(name.len() <= 255, "{} bytes", name.len());
    }
}
