//! A fiscal year as a person writes it on a command line or in a form:
//! `令和3`, `令和３年度`, `R3`, `r3`, `令和元年度`, `H30`, `平成30年度`,
//! `2021`, `2021年度` — full- or half-width, with or without `年度`.

use unicode_normalization::UnicodeNormalization;

/// The Japanese eras a plan's fiscal years fall in: names as written in
/// full, abbreviated to one kanji and to one Latin letter, and the Western
/// year before the era's first (令和1 = 2018 + 1).
const ERAS: [(&str, &str, char, u16); 2] = [("令和", "令", 'R', 2018), ("平成", "平", 'H', 1988)];

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
    for (name, short, letter, before_first) in ERAS {
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
