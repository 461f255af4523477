//! A fiscal year as a person writes it on a command line or in a form:
//! `令和3`, `令和３年度`, `R3`, `r3`, `令和元年度`, `H30`, `平成30年度`,
//! `2021`, `2021年度` — full- or half-width, with or without `年度`.

use unicode_normalization::UnicodeNormalization;

/// An era's first day: year, month, day.
pub(super) type FirstDay = (u16, u8, u8);

/// The Japanese eras, latest first: names as written in full, abbreviated
/// to one kanji and to one Latin letter, and the era's first day (a date's
/// era changes on it; a year of the era counts from its Western year:
/// 令和1 = 2019).
pub(super) const ERAS: [(&str, &str, char, FirstDay); 2] = [
    ("令和", "令", 'R', (2019, 5, 1)),
    ("平成", "平", 'H', (1989, 1, 8)),
];

/// Western years read as such: four digits, as a table's headings allow.
const WESTERN_YEARS: std::ops::RangeInclusive<u16> = 1900..=2200;

/// A fiscal year not read: the message says what is accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("年度「{written}」が読めません。令和3、令和3年度、R3、2021、2021年度 のように書いてください（令和元年度、平成30年度・H30 も使えます。数字は全角でも半角でもかまいません）")]
pub struct UnreadableFiscalYear {
    pub written: String,
}

/// The Western year a fiscal year starts in (令和3年度 = 2021).
pub fn parse_fiscal_year(written: &str) -> Result<u16, UnreadableFiscalYear> {
    read(written).ok_or_else(|| UnreadableFiscalYear {
        written: written.to_string(),
    })
}

fn read(written: &str) -> Option<u16> {
    let text: String = written.nfkc().filter(|c| !c.is_whitespace()).collect();
    let text = text
        .strip_suffix("年度")
        .or_else(|| text.strip_suffix('年'))
        .unwrap_or(&text);
    for (name, short, letter, (first_year, _, _)) in ERAS {
        let before_first = first_year - 1;
        let number = text
            .strip_prefix(name)
            .or_else(|| text.strip_prefix(short))
            .or_else(|| text.strip_prefix(letter))
            .or_else(|| text.strip_prefix(letter.to_ascii_lowercase()));
        if let Some(number) = number {
            let year_of_era = match number {
                "元" => 1,
                digits => small_number(digits).filter(|&n| (1..100).contains(&n))?,
            };
            return Some(before_first + year_of_era);
        }
    }
    small_number(text).filter(|year| text.len() == 4 && WESTERN_YEARS.contains(year))
}

/// A year written at the start of a table's heading, and the heading
/// after it: `令和元年度実施状況` → 2019, `令和元年度`, `実施状況`. Headings
/// write fiscal years (`令和2年度`, `R3年度`, `2021年度`, `H30`) and calendar
/// years (`令和元年`, `2021年`) alike; the label is kept as written (NFKC,
/// without spaces), the year is the Western year it starts in. A Western
/// year needs 年 or 年度 after it (a bare `2021` may be a count).
pub fn leading_year(heading: &str) -> Option<LeadingYear> {
    let text: String = heading.nfkc().filter(|c| !c.is_whitespace()).collect();
    let era = ERAS
        .iter()
        .find_map(|&(name, short, letter, (first_year, _, _))| {
            let before_first = first_year - 1;
            let letter_prefix = text.starts_with([letter, letter.to_ascii_lowercase()]);
            [name, short]
                .into_iter()
                .find(|prefix| text.starts_with(prefix))
                .map(|prefix| prefix.len())
                .or(letter_prefix.then_some(1))
                .map(|len| (len, before_first))
        });
    let (number_start, before_first) = era.unwrap_or((0, 0));
    let rest = &text[number_start..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let (year, after_number) = match (era, rest.strip_prefix('元')) {
        (Some(_), Some(after)) => (before_first + 1, after),
        (Some(_), None) => {
            let year_of_era = small_number(&rest[..digits]).filter(|&n| (1..100).contains(&n))?;
            (before_first + year_of_era, &rest[digits..])
        }
        (None, _) => {
            let year = small_number(&rest[..digits]).filter(|year| WESTERN_YEARS.contains(year))?;
            (digits == 4).then_some((year, &rest[digits..]))?
        }
    };
    let suffix = ["年度", "年"]
        .into_iter()
        .find(|suffix| after_number.starts_with(suffix))
        .unwrap_or_default();
    // `R3` alone is a year; `Rate` or `2021人` is not.
    let letter_form = era.is_some_and(|(len, _)| len == 1);
    let stands_alone = letter_form && !after_number.starts_with(|c: char| c.is_alphanumeric());
    if suffix.is_empty() && !stands_alone {
        return None;
    }
    let label_len = text.len() - after_number.len() + suffix.len();
    Some(LeadingYear {
        year,
        label: text[..label_len].to_string(),
        rest: text[label_len..].to_string(),
    })
}

/// What [`leading_year`] read from a heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadingYear {
    /// The Western year (令和2年度 → 2020).
    pub year: u16,
    /// As written: `令和2年度`, `R3`, `令和元年`, `2021年度`.
    pub label: String,
    /// The heading after the year (`実施状況`), without spaces.
    pub rest: String,
}

/// ASCII digits only (`+3` and `3.0` are no years).
fn small_number(digits: &str) -> Option<u16> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fiscal_years_read_as_clerks_write_them() {
        for (written, year) in [
            ("令和3", 2021),
            ("令和３", 2021),
            ("R3", 2021),
            ("r3", 2021),
            ("Ｒ３", 2021),
            ("2021", 2021),
            ("２０２１", 2021),
            ("令和3年度", 2021),
            ("令和元年度", 2019),
            ("令和元", 2019),
            ("R3年度", 2021),
            ("2021年度", 2021),
            ("H30", 2018),
            ("h30", 2018),
            ("平成30年度", 2018),
            ("平成３０年度", 2018),
            (" 令和 3 年度 ", 2021),
            ("令和10年", 2028),
            ("令3", 2021),
        ] {
            assert_eq!(parse_fiscal_year(written), Ok(year), "{written}");
        }
    }

    #[test]
    fn years_at_the_start_of_headings() {
        for (heading, year, label, rest) in [
            ("令和元年度実施状況", 2019, "令和元年度", "実施状況"),
            (
                "令和2年度 実施状況に関する担当課の評価",
                2020,
                "令和2年度",
                "実施状況に関する担当課の評価",
            ),
            ("令和１０年度", 2028, "令和10年度", ""),
            ("平成元年度", 1989, "平成元年度", ""),
            ("令和元年", 2019, "令和元年", ""),
            ("R3", 2021, "R3", ""),
            ("Ｒ３年度", 2021, "R3年度", ""),
            ("H30", 2018, "H30", ""),
            ("2021年度 実施状況", 2021, "2021年度", "実施状況"),
            ("2021年", 2021, "2021年", ""),
        ] {
            let read = leading_year(heading).unwrap_or_else(|| panic!("{heading}"));
            assert_eq!(
                (read.year, read.label.as_str(), read.rest.as_str()),
                (year, label, rest),
                "{heading}"
            );
        }
        for heading in [
            "実施状況",
            "令和年度",
            "令和0年度",
            "元年度",
            "21年度",
            "2021",
            "Rate",
            "基準値（H30年度）",
            "R3人",
            "2021人",
        ] {
            assert_eq!(leading_year(heading), None, "{heading}");
        }
    }

    #[test]
    fn anything_else_is_refused_saying_what_is_accepted() {
        for written in [
            "",
            "令和",
            "令和0",
            "R",
            "R-3",
            "R3.5",
            "21",
            "20210",
            "1899",
            "昭和60",
            "三",
            "令和三",
            "2021年度分",
            "FY",
        ] {
            let error = parse_fiscal_year(written).unwrap_err();
            let message = error.to_string();
            assert!(
                message.contains(&format!("「{written}」"))
                    && message.contains("令和3年度")
                    && message.contains("R3")
                    && message.contains("2021"),
                "{written}: {message}"
            );
        }
    }
}
