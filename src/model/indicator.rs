//! 評価指標: a numeric indicator of a measure or a node (活動指標, 成果指標,
//! 数値目標, KPI), with its baseline, its target and a value per fiscal year.
//!
//! Every value is kept as the city wrote it (`2回/年`, `年2回`, `7.2%`,
//! `増加`, `1回（中止）`); the number, the unit and the note are *read* from
//! that text here and nowhere else. Progress toward the target is computed
//! only where the numbers can be compared, by the formulas the data page
//! states ([`Direction::formula`]); otherwise it says why not.

use serde::Serialize;
use std::collections::BTreeMap;

/// One indicator, as written in front matter (`indicators:`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Indicator {
    pub name: String,
    /// 活動指標, 成果指標, 数値目標 or the city's own word; may be empty.
    pub kind: String,
    /// The unit the city declares; none: the unit the values agree on.
    pub unit: Option<String>,
    /// Which way is better, as declared; none: inferred ([`Indicator::direction`]).
    pub direction: Option<Direction>,
    /// 基準値, with the year it was measured when known.
    pub baseline: Option<Reference>,
    /// 目標値, with the year it is due when known.
    pub target: Option<Reference>,
    /// Fiscal year → the value as written (実績値).
    pub values: BTreeMap<u16, String>,
    /// 備考 of the indicator as a whole.
    pub note: String,
}

/// A baseline or a target: a value as written and the year it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reference {
    pub year: Option<u16>,
    pub value: String,
}

/// Which way an indicator should move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// 増加: higher is better.
    Increase,
    /// 減少: lower is better.
    Decrease,
    /// 以上を維持: stay at or above the target.
    AtLeast,
    /// 以下を維持: stay at or below the target.
    AtMost,
}

/// Every direction, in the order the data page explains them.
pub const DIRECTIONS: [Direction; 4] = [
    Direction::Increase,
    Direction::Decrease,
    Direction::AtLeast,
    Direction::AtMost,
];

impl Direction {
    /// The word front matter and pages use.
    pub fn label(self) -> &'static str {
        match self {
            Direction::Increase => "増加",
            Direction::Decrease => "減少",
            Direction::AtLeast => "以上を維持",
            Direction::AtMost => "以下を維持",
        }
    }

    /// Stable key for open data and CSS.
    pub fn key(self) -> &'static str {
        match self {
            Direction::Increase => "increase",
            Direction::Decrease => "decrease",
            Direction::AtLeast => "at_least",
            Direction::AtMost => "at_most",
        }
    }

    /// Reads a direction as staff or a table write it (`増加`, `減少`,
    /// `以上を維持`, `維持`, `increase` …); anything else is none.
    pub fn parse(word: &str) -> Option<Direction> {
        let word: String = word
            .chars()
            .map(fold_width)
            .filter(|c| !c.is_whitespace())
            .collect();
        let direction = match word.to_ascii_lowercase().as_str() {
            "増加" | "増やす" | "向上" | "上昇" | "拡大" | "increase" => {
                Direction::Increase
            }
            "減少" | "減らす" | "削減" | "低下" | "縮小" | "decrease" => {
                Direction::Decrease
            }
            "以上を維持" | "維持" | "現状維持" | "以上" | "at_least" => {
                Direction::AtLeast
            }
            "以下を維持" | "以下" | "at_most" => Direction::AtMost,
            _ => return None,
        };
        Some(direction)
    }

    /// How progress is computed, in the words the data page uses.
    pub fn formula(self) -> &'static str {
        match self {
            Direction::Increase | Direction::Decrease => {
                "（実績値 − 基準値）÷（目標値 − 基準値）× 100。基準値がないときは、増加は 実績値 ÷ 目標値 × 100、減少は 目標値 ÷ 実績値 × 100"
            }
            Direction::AtLeast => {
                "実績値が目標値以上なら 100、そうでなければ 実績値 ÷ 目標値 × 100"
            }
            Direction::AtMost => {
                "実績値が目標値以下なら 100、そうでなければ 目標値 ÷ 実績値 × 100"
            }
        }
    }
}

/// What a cell says, read: its number, its unit and any note beside them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reading {
    /// None for text such as `増加`, `-` or `集計中`.
    pub number: Option<f64>,
    /// The unit as written after the number (`人`, `%`, `回/年`); `年2回`
    /// reads as `回/年`. Full-width ASCII is folded (`％` → `%`).
    pub unit: String,
    /// A parenthesised or `※` remark after the value (`速報値`, `中止`).
    pub note: String,
}

/// Reads a value as written, with no unit known beforehand.
pub fn read_value(raw: &str) -> Reading {
    read_value_in(raw, None)
}

/// Reads a value as written; where the text after the number starts with
/// `unit`, that is the unit and the rest is a note (`1回中止` with unit
/// `回` → 1, `回`, `中止`).
pub fn read_value_in(raw: &str, unit: Option<&str>) -> Reading {
    let folded: String = raw.chars().map(fold_width).collect();
    let (text, mut note) = split_note(folded.trim());
    // `年2回`, `月1回`: a count per period, the same unit as `2回/年`.
    let (period, text) = match text.chars().next() {
        Some(p @ ('年' | '月' | '週' | '日')) if starts_with_number(&text[p.len_utf8()..]) => {
            (Some(p), &text[p.len_utf8()..])
        }
        _ => (None, text),
    };
    let Some((number, rest)) = leading_number(text) else {
        return Reading {
            number: None,
            unit: String::new(),
            note: String::new(),
        };
    };
    let rest = rest.trim();
    let known = unit.map(str::trim).filter(|u| !u.is_empty());
    let (written, rest) = match known {
        Some(known) if period.is_none() && rest.starts_with(known) => (known, &rest[known.len()..]),
        _ => rest.split_at(rest.find(char::is_whitespace).unwrap_or(rest.len())),
    };
    let unit_text = match (period, known) {
        (Some(period), _) => format!("{written}/{period}"),
        // `0回` among values in `回/年`: the short form of the same unit.
        (None, Some(known)) if !written.is_empty() && known.starts_with(written) => {
            known.to_string()
        }
        _ => written.to_string(),
    };
    let rest = rest.trim();
    if !rest.is_empty() {
        note = if note.is_empty() {
            rest.to_string()
        } else {
            format!("{rest} {note}")
        };
    }
    Reading {
        number: Some(number),
        unit: unit_text,
        note,
    }
}

/// Full-width ASCII → ASCII, the ideographic space → a space; everything
/// else (㎡, kana, kanji) as written.
fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// `12（速報値）` → (`12`, `速報値`); `12 ※見込み` → (`12`, `見込み`).
fn split_note(text: &str) -> (&str, String) {
    if let Some(start) = text.find('※') {
        return (
            text[..start].trim_end(),
            text[start + '※'.len_utf8()..].trim().to_string(),
        );
    }
    if text.ends_with(')') || text.ends_with('）') {
        if let Some(open) = text.rfind(['(', '（']) {
            let close = text.len() - text.chars().next_back().map_or(0, char::len_utf8);
            let inner = text[open..close].trim_start_matches(['(', '（']).trim();
            if open > 0 {
                return (text[..open].trim_end(), inner.to_string());
            }
        }
    }
    (text, String::new())
}

fn starts_with_number(text: &str) -> bool {
    leading_number(text).is_some()
}

/// A number at the start: `12,480`, `7.2`, `-3`, `▲3` (▲ and △ are how
/// Japanese tables write a minus). Commas only group digits.
fn leading_number(text: &str) -> Option<(f64, &str)> {
    let (negative, body) = match text.chars().next()? {
        c @ ('-' | '▲' | '△' | '−') => (true, &text[c.len_utf8()..]),
        '+' => (false, &text[1..]),
        _ => (false, text),
    };
    let end = body
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .map_or(body.len(), |(i, _)| i);
    let digits: String = body[..end].chars().filter(|&c| c != ',').collect();
    let digits = digits.trim_end_matches('.');
    if digits.is_empty() || !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let value: f64 = digits.parse().ok().filter(|v: &f64| v.is_finite())?;
    Some((if negative { -value } else { value }, &body[end..]))
}

/// Units compare as written after width folding; a number written without
/// a unit compares with any (cities often put the unit in the heading).
pub fn same_unit(a: &str, b: &str) -> bool {
    a.is_empty() || b.is_empty() || a == b
}

/// Progress toward the target in one fiscal year.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Progress {
    /// Percent of the way from the baseline to the target (100 = reached;
    /// above 100 = beyond; below 0 = moved away).
    Rate { percent: f64 },
    /// The numbers cannot be compared; the reason in plain Japanese.
    NotComparable { reason: String },
}

/// Whether an indicator is where it should be by a fiscal year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Track {
    /// 順調: at least as far as the time elapsed toward the target year.
    OnTrack,
    /// 遅れ: less far than the time elapsed.
    Behind,
    /// 評価できない: no rate (no value, no numeric target, other units …).
    NotEvaluable,
}

impl Track {
    pub const ALL: [Track; 3] = [Track::OnTrack, Track::Behind, Track::NotEvaluable];

    pub fn label(self) -> &'static str {
        match self {
            Track::OnTrack => "順調",
            Track::Behind => "遅れ",
            Track::NotEvaluable => "評価できない",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Track::OnTrack => "on_track",
            Track::Behind => "behind",
            Track::NotEvaluable => "not_evaluable",
        }
    }

    /// How the status is decided, for the data page.
    pub const RULE: &'static str = "基準年から目標年までに経過した期間の割合（たとえば5年計画の2年目なら40%）以上に進んでいれば「順調」、届いていなければ「遅れ」。以上・以下を維持する指標は、その年に目標を満たしていれば「順調」。基準年か目標年が分からない指標は、目標に届いていれば「順調」。数値で比べられない指標は「評価できない」";
}

impl Indicator {
    /// The unit: as declared, else the one most of the written values
    /// agree on (the first such in baseline, target, values order).
    pub fn unit(&self) -> String {
        if let Some(unit) = self.unit.as_deref().filter(|u| !u.trim().is_empty()) {
            return unit.trim().chars().map(fold_width).collect();
        }
        let mut counts: Vec<(String, usize)> = Vec::new();
        for raw in self.written() {
            let unit = read_value(raw).unit;
            if unit.is_empty() {
                continue;
            }
            match counts.iter_mut().find(|(u, _)| *u == unit) {
                Some((_, n)) => *n += 1,
                None => counts.push((unit, 1)),
            }
        }
        let most = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
        counts
            .into_iter()
            .find(|(_, n)| *n == most)
            .map(|(u, _)| u)
            .unwrap_or_default()
    }

    /// Every value as written: baseline, target, then the years.
    fn written(&self) -> impl Iterator<Item = &str> {
        self.baseline
            .iter()
            .chain(&self.target)
            .map(|r| r.value.as_str())
            .chain(self.values.values().map(String::as_str))
    }

    /// A value of this indicator, read with its unit.
    pub fn read(&self, raw: &str) -> Reading {
        let unit = self.unit();
        read_value_in(raw, (!unit.is_empty()).then_some(unit.as_str()))
    }

    pub fn baseline_reading(&self) -> Option<Reading> {
        self.baseline.as_ref().map(|r| self.read(&r.value))
    }

    pub fn target_reading(&self) -> Option<Reading> {
        self.target.as_ref().map(|r| self.read(&r.value))
    }

    /// The value of a fiscal year, read; none when the year has no value.
    pub fn value_reading(&self, year: u16) -> Option<Reading> {
        self.values.get(&year).map(|raw| self.read(raw))
    }

    /// The direction: as declared; else the target's own word (`増加`);
    /// else from the baseline to the target (up: 増加, down: 減少, the
    /// same: 以上を維持); else none.
    pub fn direction(&self) -> Option<Direction> {
        if let Some(direction) = self.direction {
            return Some(direction);
        }
        let target = self.target.as_ref()?;
        if let Some(direction) = Direction::parse(&target.value) {
            return Some(direction);
        }
        let target = self.read(&target.value);
        let baseline = self.baseline_reading()?;
        // 7.2% against 5,000人 says nothing about which way is better.
        if !same_unit(&target.unit, &baseline.unit) {
            return None;
        }
        let (target, baseline) = (target.number?, baseline.number?);
        Some(if target > baseline {
            Direction::Increase
        } else if target < baseline {
            Direction::Decrease
        } else {
            Direction::AtLeast
        })
    }

    /// Progress toward the target in a fiscal year, by [`Direction::formula`].
    pub fn progress(&self, year: u16) -> Progress {
        let not = |reason: &str| Progress::NotComparable {
            reason: reason.to_string(),
        };
        let Some(value) = self.value_reading(year) else {
            return not("この年度の実績値がありません");
        };
        let Some(actual) = value.number else {
            return not("実績値が数値ではありません");
        };
        let Some(target) = self.target_reading() else {
            return not("目標値がありません");
        };
        let Some(goal) = target.number else {
            return not("目標値が数値ではありません");
        };
        if !same_unit(&value.unit, &target.unit) {
            return not(&format!(
                "実績値と目標値の単位が異なります（{}・{}）",
                value.unit, target.unit
            ));
        }
        let Some(direction) = self.direction() else {
            return not("増やす指標か減らす指標か分かりません（direction を書いてください）");
        };
        let baseline = self
            .baseline_reading()
            .filter(|b| b.number.is_some() && same_unit(&b.unit, &target.unit));
        let percent = match (direction, baseline.and_then(|b| b.number)) {
            (Direction::Increase | Direction::Decrease, Some(base)) => {
                if goal == base {
                    return not("基準値と目標値が同じです");
                }
                (actual - base) / (goal - base) * 100.0
            }
            (Direction::Increase, None) if goal != 0.0 => actual / goal * 100.0,
            (Direction::Decrease, None) if actual != 0.0 => goal / actual * 100.0,
            (Direction::AtLeast, _) if actual >= goal => 100.0,
            (Direction::AtLeast, _) if goal != 0.0 => actual / goal * 100.0,
            (Direction::AtMost, _) if actual <= goal => 100.0,
            (Direction::AtMost, _) if actual != 0.0 => goal / actual * 100.0,
            _ => return not("0 で割ることになるため計算できません"),
        };
        Progress::Rate { percent }
    }

    /// 順調 / 遅れ / 評価できない in a fiscal year, by [`Track::RULE`].
    pub fn track(&self, year: u16) -> Track {
        let Progress::Rate { percent } = self.progress(year) else {
            return Track::NotEvaluable;
        };
        let expected = match self.direction() {
            Some(Direction::Increase | Direction::Decrease) => self.elapsed_percent(year),
            _ => 100.0,
        };
        // A rate computed from rounded table values may fall a hair short.
        if percent + 1e-9 >= expected {
            Track::OnTrack
        } else {
            Track::Behind
        }
    }

    /// The share of the time from the baseline year to the target year that
    /// has passed by `year`; 100 when either year is unknown.
    fn elapsed_percent(&self, year: u16) -> f64 {
        let from = self.baseline.as_ref().and_then(|r| r.year);
        let to = self.target.as_ref().and_then(|r| r.year);
        match (from, to) {
            (Some(from), Some(to)) if to > from => {
                let done = f64::from(year.saturating_sub(from).min(to - from));
                done / f64::from(to - from) * 100.0
            }
            _ => 100.0,
        }
    }

    /// The latest fiscal year with a value written.
    pub fn latest_year(&self) -> Option<u16> {
        self.values
            .iter()
            .rev()
            .find(|(_, raw)| !raw.trim().is_empty())
            .map(|(year, _)| *year)
    }
}

#[cfg(test)]
mod tests;
