//! Yearly figures: the city's per-year numbers (事業費, 人件費, トータルコスト
//! and their funding split), declared in `site.toml`'s `[[fields]]` with a
//! `unit`. Kept as written under `years.<year>.extra`; read here, one rule
//! for every surface, and summed per node of the hierarchy.

use std::path::Path;

use super::{Measure, Site};
use crate::config::FieldDeclaration;
use crate::diagnostics::Diagnostic;

/// What a figure's cell says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FigureValue {
    /// Empty, or `-`: nothing that year (not a 0).
    Absent,
    Number(f64),
    /// Text that is not a number: shown as written, never summed.
    Unreadable,
}

/// Reads a figure's cell as written.
pub fn read_figure(raw: &str) -> FigureValue {
    let text = raw.trim();
    if text.is_empty() || matches!(text, "-" | "−" | "－" | "―" | "‐" | "ー") {
        return FigureValue::Absent;
    }
    parse_number(text).map_or(FigureValue::Unreadable, FigureValue::Number)
}

/// A bare number as tables write it: `1234`, `1,234`, `1234.5`, full-width
/// digits (`１２３`), a minus sign or the accounting `△`/`▲`; thousands
/// separators only between groups of three digits. None for anything else.
pub fn parse_number(text: &str) -> Option<f64> {
    let folded: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '，' => ',',
            '．' => '.',
            '−' | '－' | '△' | '▲' => '-',
            other => other,
        })
        .collect();
    let (negative, unsigned) = match folded.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, folded.as_str()),
    };
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let groups: Vec<&str> = whole.split(',').collect();
    let grouped_well = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|group| group.len() == 3));
    let digits = |part: &str| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit());
    if !grouped_well || !groups.iter().all(|group| digits(group)) || !fraction.is_none_or(digits) {
        return None;
    }
    let plain = format!(
        "{}{}",
        groups.concat(),
        fraction.map_or(String::new(), |f| format!(".{f}"))
    );
    let value: f64 = plain.parse().ok()?;
    Some(if negative { -value } else { value })
}

/// The site's yearly figures: its public `[[fields]]` with a unit, in
/// `site.toml`'s order.
pub fn declared_figures(site: &Site) -> Vec<&FieldDeclaration> {
    site.declared_fields
        .iter()
        .filter(|field| field.is_figure())
        .collect()
}

/// A measure's figure `key` in fiscal year `year`: the cell as written
/// (empty without one) and its reading.
pub fn measure_value<'a>(measure: &'a Measure, key: &str, year: u16) -> (&'a str, FigureValue) {
    let raw = measure
        .year(year)
        .and_then(|record| record.extra.get(key))
        .unwrap_or_default();
    (raw, read_figure(raw))
}

/// A figure summed over several measures in one year: the sum of the
/// numbers given and how many measures gave one (a missing value is not 0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sum {
    pub total: f64,
    pub reported: usize,
}

/// The sum of figure `key` in `year` over `measures`; none when no
/// measure gave a number.
pub fn sum<'a>(
    measures: impl IntoIterator<Item = &'a Measure>,
    key: &str,
    year: u16,
) -> Option<Sum> {
    let numbers: Vec<f64> = measures
        .into_iter()
        .filter_map(|measure| match measure_value(measure, key, year).1 {
            FigureValue::Number(number) => Some(number),
            _ => None,
        })
        .collect();
    (!numbers.is_empty()).then(|| Sum {
        total: numbers.iter().sum(),
        reported: numbers.len(),
    })
}

/// A number as open data writes it: no separators, no float noise
/// (sums of `0.1` stay `0.3`), no trailing `.0`.
pub fn plain(value: f64) -> String {
    let text = format!("{value:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    match text {
        "-0" => "0".into(),
        _ => text.into(),
    }
}

/// A number as a page shows it: [`plain`] with thousands separators.
pub fn grouped(value: f64) -> String {
    let text = plain(value);
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, format!(".{fraction}")),
        None => (unsigned, String::new()),
    };
    let mut digits = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            digits.push(',');
        }
        digits.push(c);
    }
    format!("{sign}{digits}{fraction}")
}

/// A warning for every figure written as something other than a number,
/// naming the file, the line and the field: shown as written, not summed.
/// `root` is where the measure files are read to find the line.
pub fn unreadable_figures(site: &Site, root: &Path) -> Vec<Diagnostic> {
    let figures = declared_figures(site);
    let mut warnings = Vec::new();
    for measure in &site.measures {
        let mut text = None;
        for record in &measure.years {
            for figure in &figures {
                let Some(raw) = record.extra.get(&figure.key) else {
                    continue;
                };
                if read_figure(raw) != FigureValue::Unreadable {
                    continue;
                }
                let text = text.get_or_insert_with(|| {
                    std::fs::read_to_string(root.join(&measure.file)).unwrap_or_default()
                });
                warnings.push(Diagnostic::warning(
                    &measure.file,
                    line_of_yearly_field(text, record.year, &figure.key),
                    Some(&format!("years.{}.extra.{}", record.year, figure.key)),
                    format!(
                        "「{}」（単位: {}）の「{raw}」は数値として読めません。記載のまま表示し、合計には含めません。数値（例: 1,234）か、値がなければ - を書いてください",
                        figure.label(),
                        figure.unit.as_deref().unwrap_or_default()
                    ),
                ));
            }
        }
    }
    warnings
}

/// The line of `key:` under `years:` → `year:` in a content file.
fn line_of_yearly_field(text: &str, year: u16, key: &str) -> Option<usize> {
    let year_key = format!("{year}:");
    let lines: Vec<&str> = text.lines().collect();
    let year_line = lines.iter().position(|line| line.trim() == year_key)?;
    let starts_with_key = |line: &str| {
        let line = line.trim_start();
        [
            format!("{key}:"),
            format!("\"{key}\":"),
            format!("'{key}':"),
        ]
        .iter()
        .any(|written| line.starts_with(written.as_str()))
    };
    lines[year_line..]
        .iter()
        .position(|line| starts_with_key(line))
        .map(|offset| year_line + offset + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_as_tables_write_them() {
        assert_eq!(parse_number("1234"), Some(1234.0));
        assert_eq!(parse_number("1,234"), Some(1234.0));
        assert_eq!(parse_number("１２３"), Some(123.0));
        assert_eq!(parse_number("１，２３４．５"), Some(1234.5));
        assert_eq!(parse_number("2974.8225"), Some(2974.8225));
        assert_eq!(parse_number("△12"), Some(-12.0));
        assert_eq!(parse_number("-3"), Some(-3.0));
        for text in [
            "12,34",
            ",123",
            "1.2.3",
            "約100",
            "100千円",
            "",
            "-",
            "1,2345",
        ] {
            assert_eq!(parse_number(text), None, "{text}");
        }
    }

    #[test]
    fn a_dash_or_nothing_is_absent_and_words_are_unreadable() {
        for raw in ["", " ", "-", "−", "－"] {
            assert_eq!(read_figure(raw), FigureValue::Absent, "{raw}");
        }
        assert_eq!(read_figure(" 38 "), FigureValue::Number(38.0));
        assert_eq!(read_figure("未定"), FigureValue::Unreadable);
    }

    #[test]
    fn numbers_are_written_plain_and_grouped_without_float_noise() {
        assert_eq!(plain(0.1 + 0.2), "0.3");
        assert_eq!(plain(1238.0), "1238");
        assert_eq!(grouped(1234567.25), "1,234,567.25");
        assert_eq!(grouped(-1238.0), "-1,238");
        assert_eq!(grouped(999.0), "999");
    }

    #[test]
    fn the_line_of_a_yearly_field_is_found_under_its_year() {
        let text = "---\nyears:\n  2020:\n    extra:\n      事業費: \"1\"\n  2021:\n    extra:\n      \"事業費\": 未定\n---\n";
        assert_eq!(line_of_yearly_field(text, 2021, "事業費"), Some(8));
        assert_eq!(line_of_yearly_field(text, 2020, "事業費"), Some(5));
    }
}
