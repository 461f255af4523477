//! `import --detect`'s guess of `[[import.indicators]]`: one indicator per
//! row (`指標名`, `基準値（H30年度）`, `目標値（令和7年）` beside the year
//! columns), and groups of lettered columns (`⑤活動指標 ア：名称` /
//! `ア：単位` before year blocks holding `⑤活動指標 ア`).

use super::text::{compact, field_key};
use crate::model::leading_year;

/// Headings of a column naming an indicator (compacted).
const NAME_HEADINGS: [&str; 7] = [
    "指標名",
    "評価指標名",
    "成果指標名",
    "評価指標",
    "指標",
    "KPI",
    "数値目標",
];
/// How a baseline's heading starts (after a year, if any).
const BASELINE_WORDS: [&str; 5] = ["基準値", "当初値", "現状値", "策定時", "基準"];
/// How a target's heading starts (after a year, if any).
const TARGET_WORDS: [&str; 2] = ["目標値", "目標"];
const UNIT_WORD: &str = "単位";
const NOTE_WORD: &str = "備考";
/// What ends the heading of a lettered indicator's name (`ア：名称`).
const LETTERED_NAME_WORD: &str = "名称";
/// What the city writes between a letter and the word after it.
const SEPARATORS: [char; 4] = ['：', ':', '・', '.'];
/// What stands for the letter in a heading (as the importer reads it).
const PLACEHOLDER: &str = "{n}";

/// One proposed `[[import.indicators]]` entry.
pub(super) struct IndicatorGuess {
    /// The comment on the entry's first line.
    pub why: String,
    /// (key, heading as the TOML gives it, comment).
    pub settings: Vec<(&'static str, String, &'static str)>,
    /// The value's field, for `value =` (None: the bare year columns'
    /// field, known once the years are read).
    pub value: Option<String>,
    /// The columns before the years (not years, not extra fields).
    pub columns: Vec<usize>,
}

/// The indicator groups of a header row, among the `free` columns; the
/// lettered groups first (their columns are then not searched again).
pub(super) fn guess(cells: &[String], free: &[usize], title_heading: &str) -> Vec<IndicatorGuess> {
    let headings: Vec<String> = cells.iter().map(|c| compact(c)).collect();
    let mut guesses = lettered_groups(cells, &headings, free);
    let taken: Vec<usize> = guesses.iter().flat_map(|g| g.columns.clone()).collect();
    let rest: Vec<usize> = free
        .iter()
        .copied()
        .filter(|c| !taken.contains(c))
        .collect();
    guesses.extend(one_per_row(cells, &headings, &rest, title_heading));
    guesses
}

/// Whether a heading is a year value's field: `実績値`, or a year and it.
pub(super) fn is_result_heading(heading: &str) -> bool {
    let text = leading_year(heading).map_or_else(|| compact(heading), |read| read.rest);
    text.contains("実績")
}

/// The one column whose heading starts with one of `words`, after a year
/// if any; None when there is none or more than one (per-year targets).
fn one_column_of(headings: &[String], columns: &[usize], words: &[&str]) -> Option<usize> {
    let starts = |c: &usize| {
        let text = leading_year(&headings[*c]).map_or_else(|| headings[*c].clone(), |r| r.rest);
        words.iter().any(|word| text.starts_with(word)) && !text.ends_with('名')
    };
    let found: Vec<usize> = columns.iter().copied().filter(starts).collect();
    (found.len() == 1).then(|| found[0])
}

/// One indicator per row: a baseline or a target column, named by an
/// indicator-name column or else by the row's title.
fn one_per_row(
    cells: &[String],
    headings: &[String],
    free: &[usize],
    title_heading: &str,
) -> Option<IndicatorGuess> {
    let baseline = one_column_of(headings, free, &BASELINE_WORDS);
    let target = one_column_of(headings, free, &TARGET_WORDS);
    if baseline.is_none() && target.is_none() {
        return None;
    }
    let named = |c: &usize| NAME_HEADINGS.iter().any(|n| headings[*c] == compact(n));
    let name = free.iter().copied().find(named);
    let title_names_it = compact(title_heading).contains("指標")
        || NAME_HEADINGS.iter().any(|n| compact(title_heading) == *n);
    let unit = free.iter().copied().find(|c| headings[*c] == UNIT_WORD);
    // 備考 beside a row that is one indicator is the indicator's note.
    let note = free
        .iter()
        .copied()
        .find(|c| headings[*c] == NOTE_WORD)
        .filter(|_| name.is_none() && title_names_it);
    let why = match name {
        Some(c) => format!("1行に1つの指標: 名前は「{}」の列", field_key(&cells[c])),
        None => format!(
            "1行に1つの指標: 名前は「{}」の列（1件の名前）",
            field_key(title_heading)
        ),
    };
    let mut settings = Vec::new();
    let roles = [
        ("name", name, "指標の名前の列"),
        ("unit", unit, "単位の列"),
        ("baseline", baseline, "基準値の列（見出しの年度が基準年度）"),
        ("target", target, "目標値の列（見出しの年度が目標年度）"),
        ("note", note, "指標の備考の列"),
    ];
    for (key, column, comment) in roles {
        if let Some(c) = column {
            settings.push((key, field_key(&cells[c]), comment));
        }
    }
    let value = free
        .iter()
        .find(|&&c| is_result_heading(&cells[c]) && leading_year(&cells[c]).is_none())
        .map(|&c| field_key(&cells[c]));
    Some(IndicatorGuess {
        why,
        settings,
        value,
        columns: [name, unit, baseline, target, note]
            .into_iter()
            .flatten()
            .collect(),
    })
}

/// A heading split at its letter: (what comes before, the letter, the
/// rest), the letter being a trailing run of digits or one character.
fn split_letter(stem: &str) -> Option<(&str, &str)> {
    let stem = stem.trim_end_matches(SEPARATORS);
    let digits = stem
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .map(char::len_utf8)
        .sum::<usize>();
    let at = if digits > 0 {
        stem.len() - digits
    } else {
        stem.char_indices().last()?.0
    };
    let prefix = stem[..at].trim_end_matches(SEPARATORS);
    (prefix.chars().count() >= 2).then(|| (prefix, &stem[at..]))
}

/// Groups of lettered indicators: `{prefix}{letter}：名称` headings, with
/// `：単位`, `：基準値…`, `：目標値…`, `：備考` of the same letter, and value
/// columns `{short prefix}{letter}` in the year blocks.
fn lettered_groups(cells: &[String], headings: &[String], free: &[usize]) -> Vec<IndicatorGuess> {
    // (prefix, [(letter, name column)]) in the order of the columns.
    let mut groups: Vec<(String, Vec<(String, usize)>)> = Vec::new();
    for &c in free {
        let Some(stem) = headings[c].strip_suffix(LETTERED_NAME_WORD) else {
            continue;
        };
        let Some((prefix, letter)) = split_letter(stem) else {
            continue;
        };
        match groups.iter_mut().find(|(known, _)| known == prefix) {
            Some((_, letters)) => letters.push((letter.to_string(), c)),
            None => groups.push((prefix.to_string(), vec![(letter.to_string(), c)])),
        }
    }
    groups
        .into_iter()
        .filter_map(|(prefix, letters)| lettered_group(cells, headings, free, &prefix, &letters))
        .collect()
}

fn lettered_group(
    cells: &[String],
    headings: &[String],
    free: &[usize],
    prefix: &str,
    letters: &[(String, usize)],
) -> Option<IndicatorGuess> {
    let (first_letter, first_name) = &letters[0];
    // The value columns: `{short}{letter}`, the short form starting the
    // group's prefix (`⑤活動指標` of `⑤活動指標（…の活動量を表す指標）`).
    let value = free.iter().copied().find(|&c| {
        headings[c]
            .strip_suffix(first_letter.as_str())
            .map(|short| short.trim_end_matches(SEPARATORS))
            .is_some_and(|short| short.chars().count() >= 2 && prefix.starts_with(short))
    })?;
    // A role's column for every letter, its heading the name's with the
    // role's word in place of 名称.
    let of_letter = |name_column: usize, words: &[&str]| {
        let stem = headings[name_column].strip_suffix(LETTERED_NAME_WORD)?;
        free.iter().copied().find(|&c| {
            words
                .iter()
                .any(|word| headings[c].starts_with(&format!("{stem}{word}")))
        })
    };
    let role = |words: &[&str]| -> Option<Vec<usize>> {
        letters
            .iter()
            .map(|(_, name)| of_letter(*name, words))
            .collect()
    };
    let mut settings = vec![(
        "name",
        with_placeholder(&cells[*first_name], first_letter, LETTERED_NAME_WORD),
        "指標の名前の列",
    )];
    let mut columns: Vec<usize> = letters.iter().map(|(_, c)| *c).collect();
    let roles: [(&str, &[&str], &str); 4] = [
        ("unit", &[UNIT_WORD], "単位の列"),
        (
            "baseline",
            &BASELINE_WORDS,
            "基準値の列（見出しの年度が基準年度）",
        ),
        (
            "target",
            &TARGET_WORDS,
            "目標値の列（見出しの年度が目標年度）",
        ),
        ("note", &[NOTE_WORD], "指標の備考の列"),
    ];
    for (key, words, comment) in roles {
        if let Some(found) = role(words) {
            let word = words
                .iter()
                .find(|w| headings[found[0]].contains(&compact(w)))
                .copied()
                .unwrap_or_default();
            settings.push((
                key,
                with_placeholder(&cells[found[0]], first_letter, word),
                comment,
            ));
            columns.extend(found);
        }
    }
    let kind = kind_of(prefix);
    if !kind.is_empty() {
        settings.push(("kind", kind, "見出しから読んだ指標の種類"));
    }
    let listed: Vec<&str> = letters.iter().map(|(l, _)| l.as_str()).collect();
    let group_heading = settings[0].1.split(PLACEHOLDER).next().unwrap_or_default();
    Some(IndicatorGuess {
        why: format!(
            "「{}」の指標 {}: {PLACEHOLDER} がその文字を表します",
            group_heading.trim(),
            listed.join("・")
        ),
        settings,
        value: Some(with_placeholder(&cells[value], first_letter, "")),
        columns,
    })
}

/// A heading as written (spaces tidied) with its letter, the last one
/// before `word`, as `{n}`; the compacted heading when the letter is
/// written differently (full-width digits).
fn with_placeholder(cell: &str, letter: &str, word: &str) -> String {
    let replaced = |text: &str, word: &str| {
        let before_word = text.rfind(word).filter(|_| !word.is_empty());
        let at = text[..before_word.unwrap_or(text.len())].rfind(letter)?;
        Some(format!(
            "{}{PLACEHOLDER}{}",
            &text[..at],
            &text[at + letter.len()..]
        ))
    };
    replaced(&field_key(cell), word)
        .or_else(|| replaced(&compact(cell), &compact(word)))
        .unwrap_or_else(|| field_key(cell))
}

/// The kind a group's heading names: its words without the number in
/// front or the explanation in brackets (`⑤活動指標（…）` → 活動指標).
fn kind_of(prefix: &str) -> String {
    prefix
        .trim_start_matches(|c: char| !c.is_alphabetic() || c.is_ascii_digit())
        .split(['(', '（'])
        .next()
        .unwrap_or_default()
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(headings: &[&str]) -> (Vec<String>, Vec<usize>) {
        let cells: Vec<String> = headings.iter().map(|h| h.to_string()).collect();
        let free = (0..cells.len()).collect();
        (cells, free)
    }

    fn settings(guess: &IndicatorGuess) -> Vec<(&str, &str)> {
        guess
            .settings
            .iter()
            .map(|(k, v, _)| (*k, v.as_str()))
            .collect()
    }

    #[test]
    fn a_named_indicator_with_its_current_value_target_and_unit() {
        let (cells, free) = row(&["指標", "単位", "現状値（R2）", "目標（R7）", "令和3年度"]);
        let guesses = guess(&cells, &free[1..], "事業名");
        assert_eq!(guesses.len(), 1);
        assert_eq!(
            settings(&guesses[0]),
            [
                ("unit", "単位"),
                ("baseline", "現状値（R2）"),
                ("target", "目標（R7）")
            ]
        );
        let (cells, free) = row(&["事業名", "指標", "単位", "現状値（R2）", "目標（R7）"]);
        let guesses = guess(&cells, &free[1..], "事業名");
        assert_eq!(settings(&guesses[0])[0], ("name", "指標"));
    }

    #[test]
    fn numbered_groups_with_full_width_digits_and_targets() {
        let (cells, free) = row(&[
            "事業名",
            "成果指標１ 名称",
            "成果指標１ 目標値",
            "成果指標２ 名称",
            "成果指標２ 目標値",
            "成果指標１",
            "成果指標２",
        ]);
        let guesses = guess(&cells, &free[1..], "事業名");
        assert_eq!(guesses.len(), 1);
        assert_eq!(
            settings(&guesses[0]),
            [
                ("name", "成果指標{n}名称"),
                ("target", "成果指標{n}目標値"),
                ("kind", "成果指標")
            ]
        );
        assert_eq!(guesses[0].value.as_deref(), Some("成果指標{n}"));
        assert_eq!(guesses[0].columns, [1, 3, 2, 4]);
    }

    #[test]
    fn no_guess_without_values_baseline_or_target() {
        let (cells, free) = row(&["事業名", "担当課", "分類名称", "令和3年度"]);
        assert!(guess(&cells, &free[1..], "事業名").is_empty());
    }
}
