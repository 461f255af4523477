//! A calendar date the site states (`2021-06-30`): the feed dates each
//! fiscal year's report by it, never by the build's clock, so that two
//! builds of the same site are byte-identical.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// `YYYY-MM-DD`, a day that exists; anything else is `None`.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.trim().split('-');
        let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some()
            || [(year, 4), (month, 2), (day, 2)]
                .iter()
                .any(|(part, len)| part.len() != *len || !part.bytes().all(|b| b.is_ascii_digit()))
        {
            return None;
        }
        let date = Date {
            year: year.parse().ok()?,
            month: month.parse().ok()?,
            day: day.parse().ok()?,
        };
        (date.day >= 1 && date.day <= date.days_in_month()).then_some(date)
    }

    /// The date a fiscal year's report is taken to be published when the
    /// site states none: 30 June after the fiscal year ends (31 March), by
    /// when cities usually publish the year's progress.
    pub fn assumed_publication(fiscal_year: u16) -> Date {
        Date {
            year: fiscal_year + 1,
            month: 6,
            day: 30,
        }
    }

    fn days_in_month(&self) -> u8 {
        match self.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if self.year.is_multiple_of(4)
                && (!self.year.is_multiple_of(100) || self.year.is_multiple_of(400)) =>
            {
                29
            }
            2 => 28,
            _ => 0,
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Date {
    /// `令和3年3月31日` (`令和元年5月1日`), as Japanese pages write a date;
    /// before 平成, `1988年12月31日`.
    pub fn japanese(&self) -> String {
        let day = (self.year, self.month, self.day);
        let year = super::fiscal_year::ERAS
            .iter()
            .find(|(_, _, _, first)| day >= *first)
            .map(|(era, _, _, first)| match self.year - first.0 + 1 {
                1 => format!("{era}元年"),
                n => format!("{era}{n}年"),
            })
            .unwrap_or_else(|| format!("{}年", self.year));
        format!("{year}{}月{}日", self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_in_the_era_of_their_day() {
        let japanese = |text: &str| Date::parse(text).unwrap().japanese();
        assert_eq!(japanese("2021-03-31"), "令和3年3月31日");
        assert_eq!(japanese("2019-05-01"), "令和元年5月1日");
        assert_eq!(japanese("2019-04-30"), "平成31年4月30日");
        assert_eq!(japanese("1989-01-08"), "平成元年1月8日");
        assert_eq!(japanese("1989-01-07"), "1989年1月7日");
    }

    #[test]
    fn reads_only_real_days_written_in_full() {
        assert_eq!(Date::parse("2021-06-30").unwrap().to_string(), "2021-06-30");
        assert!(Date::parse("2024-02-29").is_some());
        for wrong in [
            "2023-02-29",
            "2021-6-30",
            "2021-13-01",
            "2021/06/30",
            "令和3年6月30日",
            "",
        ] {
            assert_eq!(Date::parse(wrong), None, "{wrong}");
        }
        assert_eq!(Date::assumed_publication(2020).to_string(), "2021-06-30");
    }
}
