//! Calendar days.
//!
//! A [`Date`] is a proleptic-Gregorian day stored as its offset from 1970-01-01, so that
//! ordering, equality and "days between" are integer operations. The civil ↔ day-number
//! conversions are Howard Hinnant's `days_from_civil` / `civil_from_days`; the tests check
//! them against `chrono` for every day of four centuries. A calendar crate would cost wasm
//! size for three functions.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar day (no time, no zone).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Date(i32);

/// Why a text is not a date of the form `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not `YYYY-MM-DD` with ASCII digits.
    #[error("'{0}' is not a date of the form YYYY-MM-DD")]
    Format(String),
    /// Well-formed but not a day of the calendar (month 13, 30 February, …).
    #[error("'{0}' is not a day of the calendar")]
    NoSuchDay(String),
}

const MIN_YEAR: i32 = 1000;
const MAX_YEAR: i32 = 9999;

impl Date {
    /// The day `year-month-day`, if it exists and the year has four digits.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date(days_from_civil(year, month, day)))
    }

    /// The day `days` after 1970-01-01 (negative: before).
    pub fn from_days(days: i32) -> Date {
        Date(days)
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i32 {
        self.0
    }

    /// `(year, month, day)`.
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.ymd().0
    }

    /// The same day of the month `months` later, clamped to the month's last day
    /// (2024-01-31 + 1 month = 2024-02-29). Used by the calendar-month horizon convention.
    pub fn add_months(self, months: u32) -> Date {
        let (y, m, d) = self.ymd();
        let total = (y as i64) * 12 + (m as i64 - 1) + months as i64;
        let year = (total.div_euclid(12)) as i32;
        let month = (total.rem_euclid(12) + 1) as u32;
        let day = d.min(days_in_month(year, month));
        Date(days_from_civil(year, month, day))
    }
}

impl FromStr for Date {
    type Err = DateError;

    /// Parses exactly `YYYY-MM-DD`.
    fn from_str(s: &str) -> Result<Date, DateError> {
        let b = s.as_bytes();
        let well_formed = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !well_formed {
            return Err(DateError::Format(s.to_owned()));
        }
        let num = |r: std::ops::Range<usize>| {
            b[r].iter()
                .fold(0u32, |acc, c| acc * 10 + u32::from(c - b'0'))
        };
        let (year, month, day) = (num(0..4) as i32, num(5..7), num(8..10));
        Date::from_ymd(year, month, day).ok_or_else(|| DateError::NoSuchDay(s.to_owned()))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// `YYYY-MM-DD` in text formats (JSON); the day number in binary ones, where a date list of a
/// whole history crosses from the page's worker to its main thread.
impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.collect_str(self)
        } else {
            s.serialize_i32(self.0)
        }
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        if d.is_human_readable() {
            let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
            s.parse().map_err(serde::de::Error::custom)
        } else {
            i32::deserialize(d).map(Date)
        }
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

/// Hinnant: days since 1970-01-01 of a civil date.
fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400) as u32; // [0, 399]
    let mp = (month + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + day - 1; // [0, 365]
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    era * 146_097 + doe as i32 - 719_468
}

/// Hinnant: civil date of a day number.
fn civil_from_days(days: i32) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097) as u32;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe as i32 + era * 400 + i32::from(month <= 2);
    (year, month, day)
}

/// Test helper: the date of a `YYYY-MM-DD` literal.
#[cfg(test)]
pub(crate) fn d(s: &str) -> Date {
    s.parse().unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, NaiveDate};

    #[test]
    fn agrees_with_chrono_for_four_centuries() {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        let mut day = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
        let end = NaiveDate::from_ymd_opt(2300, 12, 31).unwrap();
        while day <= end {
            let ours = Date::from_ymd(day.year(), day.month(), day.day()).unwrap();
            assert_eq!(ours.days() as i64, (day - epoch).num_days());
            assert_eq!(ours.ymd(), (day.year(), day.month(), day.day()));
            assert_eq!(ours.to_string(), day.format("%Y-%m-%d").to_string());
            day = day.succ_opt().unwrap();
        }
    }

    #[test]
    fn parses_strictly() {
        assert_eq!("2024-07-11".parse::<Date>().unwrap().ymd(), (2024, 7, 11));
        assert_eq!("1970-01-01".parse::<Date>().unwrap().days(), 0);
        for bad in [
            "2024-7-11",
            "2024/07/11",
            "24-07-11",
            "2024-07-11 ",
            "",
            "2024-07-1x",
        ] {
            assert!(
                matches!(bad.parse::<Date>(), Err(DateError::Format(_))),
                "{bad}"
            );
        }
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-04-31",
            "0999-01-01",
        ] {
            assert!(
                matches!(bad.parse::<Date>(), Err(DateError::NoSuchDay(_))),
                "{bad}"
            );
        }
        assert!("2024-02-29".parse::<Date>().is_ok());
    }

    #[test]
    fn adds_months_clamping_to_month_end() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(d("2024-01-31").add_months(1), d("2024-02-29"));
        assert_eq!(d("2023-01-31").add_months(1), d("2023-02-28"));
        assert_eq!(d("2024-07-11").add_months(3), d("2024-10-11"));
        assert_eq!(d("2024-11-15").add_months(12), d("2025-11-15"));
        assert_eq!(d("2024-12-31").add_months(2), d("2025-02-28"));
    }

    #[test]
    fn serde_round_trip() {
        let d: Date = serde_json::from_str("\"2021-01-06\"").unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2021-01-06\"");
        assert!(serde_json::from_str::<Date>("\"2021-02-30\"").is_err());
    }
}
