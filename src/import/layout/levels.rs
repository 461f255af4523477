//! A level of the plan given by rows of its own: `基本施策1 地域における
//! ネットワークの強化`, `【基本施策1】…`, `基本目標1 …`, `施策1` (the title
//! in the next cell), read by the layout's pattern.

use super::text::{compact, leading_number, strip_loosely};
use crate::import::repair::repair_heading;
use crate::model::leading_year;

/// Between the number and the title, these are separators, not text.
const SEPARATORS: &str = ":：.．、";

/// `(number, title)` when the row's first filled cell reads as `pattern`
/// (`【基本施策{number}】{title}`); without a title in the cell, the next
/// filled cell is the title, and without one the heading itself.
pub(crate) fn read_heading(cells: &[String], pattern: &str) -> Option<(String, String)> {
    let (first_index, first) = first_filled(cells)?;
    let (before, after) = pattern.split_once("{number}")?;
    let (between, _) = after.split_once("{title}").unwrap_or((after, ""));
    let rest = strip_loosely(first.trim(), before)?.trim_start();
    let (number, rest) = leading_number(rest)?;
    if number == "0" {
        return None;
    }
    let rest = strip_loosely(rest.trim_start(), between)?;
    let title = rest.trim_start_matches(|c: char| c.is_whitespace() || SEPARATORS.contains(c));
    let title = match title.trim() {
        "" => cells[first_index + 1..]
            .iter()
            .map(|c| c.trim())
            .find(|c| !c.is_empty())
            .unwrap_or_default(),
        title => title,
    };
    // A level needs a name; its heading is the best there is.
    let title = if title.is_empty() {
        first.trim()
    } else {
        title
    };
    Some((number, repair_heading(title)))
}

/// Whether the row looks like a heading row of the plan (one or two cells,
/// the first a word and a number: `【基本施策2】…`, `施策3`), so that one
/// matching no pattern is an error rather than a measure.
pub(crate) fn looks_like_heading(cells: &[String]) -> bool {
    let filled = cells.iter().filter(|c| !c.trim().is_empty()).count();
    let Some((_, first)) = first_filled(cells) else {
        return false;
    };
    let text = compact(first);
    let text = text.trim_start_matches(['【', '[', '(', '〔', '<', '《']);
    let word: String = text.chars().take_while(|c| !c.is_ascii_digit()).collect();
    let word_chars = word.chars().count();
    // 第2期, 第3章: an ordinal, not a level of the plan.
    filled <= 2
        && word != "第"
        && (1..=8).contains(&word_chars)
        && word.chars().all(is_kanji_or_kana)
        && text.len() > word.len()
        && leading_year(text).is_none()
}

fn first_filled(cells: &[String]) -> Option<(usize, &String)> {
    cells.iter().enumerate().find(|(_, c)| !c.trim().is_empty())
}

fn is_kanji_or_kana(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}' | '\u{3005}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(line: &str) -> Vec<String> {
        line.split('\t').map(str::to_string).collect()
    }

    #[test]
    fn heading_rows_read_by_their_pattern() {
        let bundled = "基本施策{number}{title}";
        for (row, number, title) in [
            (
                "基本施策1 地域におけるネットワークの強化\t\t",
                "1",
                "地域におけるネットワークの強化",
            ),
            ("基本施策１２：住民への 啓発", "12", "住民への啓発"),
            ("基本施策3\t住民への啓発と周知", "3", "住民への啓発と周知"),
            ("基本施策4\t\t", "4", "基本施策4"),
        ] {
            assert_eq!(
                read_heading(&cells(row), bundled),
                Some((number.into(), title.into())),
                "{row}"
            );
        }
        assert_eq!(read_heading(&cells("基本施策の推進\t"), bundled), None);
        assert_eq!(read_heading(&cells("ア. 基本施策1"), bundled), None);
        assert_eq!(
            read_heading(
                &cells("【基本施策２】 生きる支援"),
                "【基本施策{number}】{title}"
            ),
            Some(("2".into(), "生きる支援".into()))
        );
        assert_eq!(
            read_heading(
                &cells("基本目標1　安心して暮らせるまち"),
                "基本目標{number} {title}"
            ),
            Some(("1".into(), "安心して暮らせるまち".into()))
        );
        assert_eq!(
            read_heading(&cells("施策3\t健康づくり"), "施策{number}"),
            Some(("3".into(), "健康づくり".into()))
        );
        assert_eq!(
            read_heading(&cells("【基本施策2】x"), "基本目標{number} {title}"),
            None
        );
    }

    #[test]
    fn what_looks_like_a_heading_row() {
        assert!(looks_like_heading(&cells("【基本施策2】生きる支援\t\t")));
        assert!(looks_like_heading(&cells("施策3\t健康づくり")));
        for row in [
            "ア. 連携\t相談\tP.21",
            "\t\t\t\t\t続きの記載",
            "令和2年度から実施",
            "基本施策の推進",
            "第2期 ○○市総合戦略",
            "自殺対策連絡協議会の開催回数（年2回）\t\t\t",
        ] {
            assert!(!looks_like_heading(&cells(row)), "{row}");
        }
    }
}
