//! The one rule for every number shinchoku derives (a mean of parts, a
//! progress rate, a sum): rounded to one decimal place and written without
//! a trailing `.0`, so that it reads the same on the page, in the chart's
//! CSV, in `measures.csv` and in `measures.json`. Numbers the city wrote are
//! shown as written beside it.

use serde::{Serialize, Serializer};

/// `value` to one decimal place (half away from zero).
pub fn round(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// `value` rounded by [`round`] and written `70`, `66.7`, `-3.5`: no
/// thousands separators, `.` for the decimal point.
pub fn format(value: f64) -> String {
    let rounded = round(value);
    if rounded.fract() == 0.0 {
        // `-0.04` rounds to `-0`: a sign on nothing is noise.
        format!("{:.0}", rounded + 0.0)
    } else {
        format!("{rounded:.1}")
    }
}

/// A derived number in JSON as [`format`] writes it: `70`, not `70.0`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rounded(pub f64);

impl Serialize for Rounded {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let rounded = round(self.0) + 0.0;
        if rounded.fract() == 0.0 && rounded.abs() < 2f64.powi(53) {
            serializer.serialize_i64(rounded as i64)
        } else {
            serializer.serialize_f64(rounded)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_decimal_without_a_trailing_zero() {
        assert_eq!(format(200.0 / 3.0), "66.7");
        assert_eq!(format(70.0), "70");
        assert_eq!(format(79.96), "80");
        assert_eq!(format(0.25), "0.3");
        assert_eq!(format(-0.04), "0");
        assert_eq!(round(200.0 / 3.0), 66.7);
    }

    #[test]
    fn json_writes_what_the_page_shows() {
        for (value, json) in [
            (200.0 / 3.0, "66.7"),
            (70.0, "70"),
            (-0.04, "0"),
            (1e300, "1e+300"),
        ] {
            assert_eq!(
                serde_json::to_string(&Rounded(value)).unwrap(),
                json,
                "{value}"
            );
        }
    }
}
