//! A workbook's cell as the clerk sees it in Excel, not as Excel stores it:
//! `21`, not `21.0`; `0.3`, not `0.30000000000000004`; `85%` for 0.85
//! shown as a percentage; a date in the cell's own format (`6月14日`,
//! `2021/6/14`, `R3.6.14`), not its serial number 44361. A formula arrives
//! as the value it last showed (calamine reads the cached result) and text
//! as it was typed.

use calamine::{Data, ExcelDateTime, NumberFormat};

/// The text of a cell whose number format (if the workbook gives one) is `format`.
pub(super) fn cell_text(cell: &Data, format: Option<&NumberFormat>) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        Data::Float(number) => number_text(*number, format),
        Data::Int(number) => number_text(*number as f64, format),
        Data::DateTime(date) => date_text(date, format),
        other => other.to_string(),
    }
}

fn number_text(number: f64, format: Option<&NumberFormat>) -> String {
    let percent = format.is_some_and(|format| format.format_code.contains('%'));
    if percent {
        format!("{}%", shown(number * 100.0))
    } else {
        shown(number)
    }
}

/// A number to the 15 significant digits Excel shows, in the shortest
/// form: float noise (`0.1+0.2`) does not show, nor does `.0`.
fn shown(number: f64) -> String {
    let rounded: f64 = format!("{number:.14e}").parse().unwrap_or(number);
    if rounded == 0.0 {
        "0".into()
    } else {
        format!("{rounded}")
    }
}

/// Japanese Excel's codes for the built-in date formats (ids 14–58): the
/// workbook names only the id, and the file format's own codes for them
/// are the American ones (`mm-dd-yy`), which a Japanese clerk never sees.
fn builtin_date_code(id: u32) -> Option<&'static str> {
    Some(match id {
        14..=17 => "yyyy/m/d",
        22 => "yyyy/m/d h:mm",
        27 | 36 | 50 | 57 => "ge.m.d",
        28 | 29 | 51 | 54 | 58 => "ggge\"年\"m\"月\"d\"日\"",
        30 => "m/d/yy",
        31 => "yyyy\"年\"m\"月\"d\"日\"",
        32 => "h\"時\"mm\"分\"",
        33 => "h\"時\"mm\"分\"ss\"秒\"",
        34 | 52 | 55 => "yyyy\"年\"m\"月\"",
        35 | 53 | 56 => "m\"月\"d\"日\"",
        _ => return None,
    })
}

/// When the cell's format is unknown or not one read here.
const DEFAULT_DATE_CODE: &str = "yyyy/m/d";

fn date_text(date: &ExcelDateTime, format: Option<&NumberFormat>) -> String {
    let parts = DateParts::of(date);
    let code = format.and_then(|format| {
        format
            .format_id
            .and_then(builtin_date_code)
            .or(Some(format.format_code.as_str()))
    });
    code.and_then(|code| render(code, &parts))
        .or_else(|| render(DEFAULT_DATE_CODE, &parts))
        .unwrap_or_default()
}

struct DateParts {
    year: u16,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
}

impl DateParts {
    fn of(date: &ExcelDateTime) -> DateParts {
        let (year, month, day, hour, minute, second, _) = date.to_ymd_hms_milli();
        DateParts {
            year,
            month,
            day,
            hour,
            minute,
            second,
        }
    }

    /// The Japanese era of the date: (Latin letter, kanji, name, year of the era).
    /// Calendar dates, unlike fiscal years: 令和 began on 2019-05-01.
    fn era(&self) -> Option<(&'static str, &'static str, &'static str, u16)> {
        let date = (self.year, self.month, self.day);
        [
            ((2019, 5, 1), "R", "令", "令和", 2018),
            ((1989, 1, 8), "H", "平", "平成", 1988),
            ((1926, 12, 25), "S", "昭", "昭和", 1925),
        ]
        .into_iter()
        .find(|(start, ..)| date >= *start)
        .map(|(_, letter, kanji, name, before)| (letter, kanji, name, self.year - before))
    }
}

/// The date written in the first section of the format `code`; None when
/// the code asks for what is not read here (weekdays, month names, AM/PM).
fn render(code: &str, date: &DateParts) -> Option<String> {
    let mut out = String::new();
    let chars: Vec<char> = code.chars().collect();
    let mut i = 0;
    // After an hour, `m` is minutes.
    let mut after_hour = false;
    while i < chars.len() {
        let c = chars[i];
        let run = chars[i..]
            .iter()
            .take_while(|&&next| next.eq_ignore_ascii_case(&c))
            .count();
        match c.to_ascii_lowercase() {
            ';' => break,
            '"' => {
                let literal: String = chars[i + 1..].iter().take_while(|&&q| q != '"').collect();
                out.push_str(&literal);
                i += literal.chars().count() + 2;
                continue;
            }
            '\\' => {
                out.extend(chars.get(i + 1));
                i += 2;
                continue;
            }
            // Locale and colour (`[$-411]`, `[Red]`): nothing shown.
            '[' => {
                i += chars[i..].iter().take_while(|&&b| b != ']').count() + 1;
                continue;
            }
            // Padding and fill take the next character.
            '_' | '*' => {
                i += 2;
                continue;
            }
            'y' => push_number(
                &mut out,
                year_digits(date.year, run),
                if run <= 2 { 2 } else { 1 },
            ),
            'm' if run > 2 => return None,
            'm' if after_hour || next_is_second(&chars[i + run..]) => {
                push_number(&mut out, date.minute.into(), run)
            }
            'm' => push_number(&mut out, date.month.into(), run),
            'd' if run > 2 => return None,
            'd' => push_number(&mut out, date.day.into(), run),
            'h' => push_number(&mut out, date.hour.into(), run),
            's' => push_number(&mut out, date.second.into(), run),
            'g' => {
                let (letter, kanji, name, _) = date.era()?;
                out.push_str([letter, kanji, name][run.min(3) - 1]);
            }
            'e' => match date.era() {
                Some((.., year_of_era)) => push_number(&mut out, year_of_era.into(), run),
                None => push_number(&mut out, date.year.into(), 1),
            },
            'a' => return None,
            _ => out.extend(&chars[i..i + run]),
        }
        if c.is_ascii_alphabetic() {
            after_hour = c.eq_ignore_ascii_case(&'h');
        }
        i += run;
    }
    Some(out)
}

fn year_digits(year: u16, run: usize) -> u32 {
    if run <= 2 {
        u32::from(year % 100)
    } else {
        year.into()
    }
}

/// Whether the next letter of the code (past separators) is `s`.
fn next_is_second(rest: &[char]) -> bool {
    rest.iter()
        .find(|c| c.is_ascii_alphabetic())
        .is_some_and(|c| c.eq_ignore_ascii_case(&'s'))
}

fn push_number(out: &mut String, number: u32, width: usize) {
    out.push_str(&format!("{number:0width$}", width = width.min(2)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::ExcelDateTimeType;

    #[test]
    fn numbers_read_as_shown() {
        assert_eq!(cell_text(&Data::Float(21.0), None), "21");
        assert_eq!(cell_text(&Data::Float(0.5), None), "0.5");
        assert_eq!(cell_text(&Data::Float(0.1 + 0.2), None), "0.3");
        assert_eq!(
            cell_text(&Data::Float(1.0 / 3.0), None),
            "0.333333333333333"
        );
        assert_eq!(cell_text(&Data::Int(80), None), "80");
        assert_eq!(cell_text(&Data::Float(-0.0), None), "0");
        assert_eq!(cell_text(&Data::Empty, None), "");
        assert_eq!(cell_text(&Data::String("100%".into()), None), "100%");
    }

    fn date_in(code: &str, id: u32) -> String {
        // 2021-06-14 09:05:07 (serial 44361).
        let serial = 44361.0 + (9.0 * 3600.0 + 5.0 * 60.0 + 7.0) / 86400.0;
        let date = Data::DateTime(ExcelDateTime::new(
            serial,
            ExcelDateTimeType::DateTime,
            false,
        ));
        let format = calamine_format(code, id);
        cell_text(&date, Some(&format))
    }

    /// A format as calamine reads it from a cell's style.
    fn calamine_format(code: &str, id: u32) -> NumberFormat {
        let mut format = NumberFormat::default();
        format.format_code = code.into();
        format.format_id = Some(id);
        format
    }

    #[test]
    fn dates_read_in_the_cells_format() {
        for (code, id, shown) in [
            ("General", 56, "6月14日"),
            ("mm-dd-yy", 14, "2021/6/14"),
            ("General", 57, "R3.6.14"),
            ("General", 58, "令和3年6月14日"),
            ("m\"月\"d\"日\"", 176, "6月14日"),
            ("yyyy/mm/dd", 177, "2021/06/14"),
            ("[$-411]ggge\"年\"m\"月\"d\"日\"", 178, "令和3年6月14日"),
            ("yyyy\\-mm\\-dd h:mm:ss", 179, "2021-06-14 9:05:07"),
            ("yy.m.d;@", 180, "21.6.14"),
            ("h:mm", 20, "9:05"),
            // What is not read here falls back to the date.
            ("yyyy/m/d (aaa)", 181, "2021/6/14"),
            ("d-mmm", 182, "2021/6/14"),
        ] {
            assert_eq!(date_in(code, id), shown, "{code}");
        }
    }

    #[test]
    fn percentages_read_as_shown() {
        let percent = calamine_format("0%", 9);
        assert_eq!(cell_text(&Data::Float(0.85), Some(&percent)), "85%");
        assert_eq!(cell_text(&Data::Float(0.125), Some(&percent)), "12.5%");
        assert_eq!(cell_text(&Data::Float(0.07), Some(&percent)), "7%");
        assert_eq!(cell_text(&Data::Int(1), Some(&percent)), "100%");
    }
}
