//! 担当部署 and 担当課 cells → lists of names.
//!
//! A cell may hold several names (`男女共同参画課・子ども政策課`,
//! `障がい保健福祉課 精神保健福祉室`) but also one name broken by a PDF wrap
//! (`国立病院機構熊本 医療センター`) or containing `・` itself
//! (`熊本県臨床心理士・公認心理師協会`). A separator ends a name only where
//! the text before it ends like the name of an organisation.

/// Endings of organisation names: a separator after one of these divides two names.
const ORGANISATION_ENDINGS: [&str; 14] = [
    "課",
    "室",
    "部",
    "所",
    "局",
    "署",
    "庁",
    "庁外",
    "センター",
    "会",
    "団",
    "院",
    "係",
    "班",
];

fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '・' | '／' | '/' | '、' | ',' | '，')
}

fn ends_like_organisation(name: &str) -> bool {
    ORGANISATION_ENDINGS
        .iter()
        .any(|ending| name.ends_with(ending))
}

/// The names in a cell, in order, without duplicates.
pub(crate) fn split_names(cell: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut chars = cell.trim().chars().peekable();
    while let Some(c) = chars.next() {
        if !is_separator(c) {
            current.push(c);
            continue;
        }
        // A run of separators (`・ `, ` / `) counts as one; its visible mark
        // is kept when the run turns out to be inside a name.
        let mut mark = (!c.is_whitespace()).then_some(c);
        while let Some(&next) = chars.peek().filter(|&&n| is_separator(n)) {
            mark = mark.or((!next.is_whitespace()).then_some(next));
            chars.next();
        }
        if ends_like_organisation(&current) {
            push_unique(&mut names, std::mem::take(&mut current));
        } else if let Some(mark) = mark {
            current.push(mark);
        }
    }
    push_unique(&mut names, current);
    names
}

fn push_unique(names: &mut Vec<String>, name: String) {
    let name = name.trim_matches(is_separator);
    if !name.is_empty() && !names.iter().any(|known| known == name) {
        names.push(name.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(cell: &str) -> Vec<String> {
        split_names(cell)
    }

    #[test]
    fn separators_after_an_organisation_divide_names() {
        assert_eq!(
            names("障がい保健福祉課 精神保健福祉室"),
            ["障がい保健福祉課", "精神保健福祉室"]
        );
        assert_eq!(
            names("男女共同参画課・子ども政策課・各区福祉課・各区保健子ども課"),
            [
                "男女共同参画課",
                "子ども政策課",
                "各区福祉課",
                "各区保健子ども課"
            ]
        );
        assert_eq!(
            names("こころの健康センター/熊本弁護士会"),
            ["こころの健康センター", "熊本弁護士会"]
        );
        assert_eq!(
            names("市民生活部・子ども未来部・各区役所"),
            ["市民生活部", "子ども未来部", "各区役所"]
        );
    }

    #[test]
    fn wrap_spaces_inside_a_name_are_removed() {
        assert_eq!(
            names("国立病院機構熊本 医療センター"),
            ["国立病院機構熊本医療センター"]
        );
        assert_eq!(
            names("熊本県臨床心理 士・公認心理師協 会"),
            ["熊本県臨床心理士・公認心理師協会"]
        );
        assert_eq!(
            names("障がい者 支援部・ 各区役所"),
            ["障がい者支援部", "各区役所"]
        );
        assert_eq!(names("障がい者 支援部/ 庁外"), ["障がい者支援部", "庁外"]);
        assert_eq!(names("こころの健康セン ター"), ["こころの健康センター"]);
        assert_eq!(names("市民生活 部"), ["市民生活部"]);
    }

    #[test]
    fn duplicates_and_empty_parts_are_dropped() {
        assert_eq!(
            names("男女共同参画課・男女共同参画課 ・ "),
            ["男女共同参画課"]
        );
        assert!(names("  ").is_empty());
        assert_eq!(names("・庁外"), ["庁外"]);
    }
}
