//! 担当部署 and 担当課 cells → lists of names.
//!
//! A cell may hold several names (`男女共同参画課・子ども政策課`,
//! `障がい保健福祉課 精神保健福祉室`) but also one name broken by a PDF wrap
//! (`国立病院機構熊本 医療センター`) or containing `・` itself
//! (`熊本県臨床心理士・公認心理師協会`). A separator ends a name only where
//! the text before it ends like the name of an organisation. A full-width
//! space is typed by the writer inside one name (`保健福祉部　こども家庭センター`),
//! never a PDF wrap: it does not divide names.
//!
//! One name spelt two ways in one table (`保健福祉部　こども家庭センター` and
//! `保健福祉部こども家庭センター`, full- and half-width) is one section: the
//! importer writes one spelling and says so ([`unify_spellings`]).

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

use super::answers::TableMeasure;
use super::Warnings;

const FULL_WIDTH_SPACE: char = '\u{3000}';

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
    (c.is_whitespace() && c != FULL_WIDTH_SPACE)
        || matches!(c, '・' | '／' | '/' | '、' | ',' | '，')
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
            // A full-width space next to a separator is part of the separator.
            if !(c == FULL_WIDTH_SPACE && current.trim().is_empty()) {
                current.push(c);
            }
            continue;
        }
        current.truncate(current.trim_end().len());
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
    let name = name.trim_matches(|c: char| is_separator(c) || c.is_whitespace());
    if !name.is_empty() && !names.iter().any(|known| known == name) {
        names.push(name.to_string());
    }
}

/// How a name compares with its other spellings: full and half width
/// alike (NFKC), spaces of any width ignored.
fn spelling_key(name: &str) -> String {
    name.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// A measure's list of names of one kind.
type NamesOf = fn(&mut TableMeasure) -> &mut Vec<String>;

/// Where the lists of names are, with the table's heading for each.
const NAME_LISTS: [(&str, NamesOf); 2] = [
    ("担当部署", |m| &mut m.measure.departments),
    ("担当課", |m| &mut m.measure.sections),
];

/// Writes each name the way most rows spell it (the first row's, on a
/// tie), and warns once per name spelt several ways, with every spelling
/// and its rows: two spellings would otherwise make two sections.
pub(crate) fn unify_spellings(measures: &mut [TableMeasure], warnings: &mut Warnings) {
    for (heading, names_of) in NAME_LISTS {
        // Per key: each spelling in order of first use, with its rows.
        let mut spellings: HashMap<String, Vec<(String, Vec<usize>)>> = HashMap::new();
        let mut keys_in_order: Vec<String> = Vec::new();
        for measure in measures.iter_mut() {
            let line = measure.line;
            for name in names_of(measure).iter() {
                let key = spelling_key(name);
                let known = spellings.entry(key.clone()).or_insert_with(|| {
                    keys_in_order.push(key);
                    Vec::new()
                });
                match known.iter_mut().find(|(spelt, _)| spelt == name) {
                    Some((_, lines)) => lines.push(line),
                    None => known.push((name.clone(), vec![line])),
                }
            }
        }
        for key in keys_in_order {
            let variants = &spellings[&key];
            if variants.len() < 2 {
                continue;
            }
            let (chosen, first_line) = variants
                .iter()
                .enumerate()
                .max_by_key(|(i, (_, lines))| (lines.len(), std::cmp::Reverse(*i)))
                .map(|(_, (spelt, lines))| (spelt.clone(), lines[0]))
                .expect("two spellings or more");
            let listed: Vec<String> = variants
                .iter()
                .map(|(spelt, lines)| format!("「{spelt}」（{}）", rows(lines)))
                .collect();
            warnings.add(
                first_line,
                Some(heading),
                format!(
                    "同じ名前が{}通りに書かれています: {}。同じ{heading}とみなし「{chosen}」に揃えました。別の{heading}なら、表の名前を書き分けてください",
                    variants.len(),
                    listed.join("、")
                ),
            );
            for measure in measures.iter_mut() {
                let names = names_of(measure);
                for name in names.iter_mut() {
                    if spelling_key(name) == key {
                        name.clone_from(&chosen);
                    }
                }
                let mut seen = Vec::new();
                names.retain(|name| {
                    let first = !seen.contains(name);
                    seen.push(name.clone());
                    first
                });
            }
        }
    }
}

/// `3行目、7行目` (the first few, then how many more).
fn rows(lines: &[usize]) -> String {
    const SHOWN: usize = 3;
    let mut text: Vec<String> = lines
        .iter()
        .take(SHOWN)
        .map(|l| format!("{l}行目"))
        .collect();
    if lines.len() > SHOWN {
        text.push(format!("ほか{}行", lines.len() - SHOWN));
    }
    text.join("、")
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
    fn a_full_width_space_stays_inside_one_name() {
        assert_eq!(
            names("保健福祉部　こども家庭センター"),
            ["保健福祉部　こども家庭センター"]
        );
        assert_eq!(
            names("保健福祉部　こども家庭センター・市民課"),
            ["保健福祉部　こども家庭センター", "市民課"]
        );
        assert_eq!(names("　市民課　・　防災課　"), ["市民課", "防災課"]);
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
