//! Where a forward window ends.
//!
//! Two conventions:
//! - [`HorizonUnit::Days`] (default): the window from day i over h days ends on common
//!   day i + h;
//! - [`HorizonUnit::Months`]: it ends on the first common day on or after the same
//!   date h months later (2024-01-31 + 1 month → first common day on or after 2024-02-29).
//!
//! Either way a window whose end is past the data does not exist: the event is *incomplete*.
//! Window ends never decrease as i grows, so the days with a complete window form a prefix of
//! any range of days.
//!
//! [`WindowRule`] owns the window of an event day: it starts at the entry day, the event day
//! plus the study's [`EntryLag`], and ends h units after the entry. Every forward return of a
//! study goes through it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::data::date::Date;
use crate::study::options::EntryLag;

/// The unit of a horizon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HorizonUnit {
    /// Trading days on the common calendar.
    #[default]
    Days,
    /// Calendar months.
    Months,
}

impl HorizonUnit {
    /// The URL and CLI spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            HorizonUnit::Days => "days",
            HorizonUnit::Months => "months",
        }
    }

    /// Index of the last day of the window of `h` units from day `i`, `None` when the window
    /// runs past the data. `h` ≥ 1.
    pub fn end(self, dates: &[Date], i: usize, h: usize) -> Option<usize> {
        match self {
            HorizonUnit::Days => {
                let j = i.checked_add(h)?;
                (j < dates.len()).then_some(j)
            }
            HorizonUnit::Months => {
                let target = dates.get(i)?.add_months(u32::try_from(h).ok()?);
                let j = dates.partition_point(|d| *d < target);
                (j < dates.len()).then_some(j)
            }
        }
    }

    /// Default horizons for the unit: 5, 21, 63, 126, 252 days or 1, 3, 6, 12 months.
    pub fn default_horizons(self) -> Vec<usize> {
        match self {
            HorizonUnit::Days => vec![5, 21, 63, 126, 252],
            HorizonUnit::Months => vec![1, 3, 6, 12],
        }
    }

    /// Short label of a horizon: "1W", "1M", "3M", "6M", "12M" for the usual trading-day
    /// horizons, "{h}d" for others; "{h}mo" in calendar months.
    pub fn label(self, h: usize) -> String {
        match (self, h) {
            (HorizonUnit::Days, 5) => "1W".into(),
            (HorizonUnit::Days, 21) => "1M".into(),
            (HorizonUnit::Days, 63) => "3M".into(),
            (HorizonUnit::Days, 126) => "6M".into(),
            (HorizonUnit::Days, 252) => "12M".into(),
            (HorizonUnit::Days, _) => format!("{h}d"),
            (HorizonUnit::Months, _) => format!("{h}mo"),
        }
    }
}

/// The window of an event day: where a forward return starts and ends, the one rule every
/// forward return of a study goes through (events, baseline pools, placebo, sub-periods,
/// sweep, cross-section, path).
///
/// # Formula
///
/// For an event on day i (an index on the dates given) and a horizon of h units: the entry day
/// is e = i + lag (lag trading days on those dates) and the window's last day is
/// j = [`HorizonUnit::end`]`(dates, e, h)` (e + h trading days, or the month rule measured from
/// e). The forward return is close(j) / close(e) − 1. The window does not exist (the event is
/// incomplete) when e or j is past the data. Entries and ends never decrease as i grows, so the
/// days with a complete window still form a prefix of any range of days.
///
/// # Example
///
/// ```
/// use equalizer_engine::study::EntryLag;
/// use equalizer_engine::study::horizon::{Span, WindowRule};
/// use equalizer_engine::{Date, HorizonUnit};
///
/// let dates: Vec<Date> = (0..10).map(Date::from_days).collect();
/// let rule = WindowRule { unit: HorizonUnit::Days, lag: EntryLag::new(2)? };
/// assert_eq!(rule.window(&dates, 3, 4), Some(Span { entry: 5, end: 9 }));
/// assert_eq!(rule.window(&dates, 4, 4), None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WindowRule {
    /// The unit of the horizons.
    pub unit: HorizonUnit,
    /// Trading days from the event's close to the entry's close.
    pub lag: EntryLag,
}

/// A forward window: the entry day and the last day, as indices on the dates it was found on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    /// The day whose close the forward return starts from (event day + lag).
    pub entry: usize,
    /// The window's last day.
    pub end: usize,
}

impl WindowRule {
    /// The window of h units after the event on day `i`, `None` when its entry or its end is
    /// past the data (see the type's formula).
    pub fn window(self, dates: &[Date], i: usize, h: usize) -> Option<Span> {
        let entry = self.entry(i);
        if entry >= dates.len() {
            return None;
        }
        let end = self.unit.end(dates, entry, h)?;
        Some(Span { entry, end })
    }

    /// The entry day of the event on day `i`: i + lag (it may lie past the data).
    pub fn entry(self, i: usize) -> usize {
        i + self.lag.days()
    }

    /// How far the window of the event on day `i` reaches, for chaining overlapping windows into
    /// episodes: its last day, or, when the window runs past the data, dates.len() + lag, beyond
    /// every later event's entry (so it chains every later event).
    pub fn reach(self, dates: &[Date], i: usize, h: usize) -> usize {
        self.window(dates, i, h)
            .map_or(dates.len() + self.lag.days(), |w| w.end)
    }
}

impl fmt::Display for HorizonUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A horizon unit name that is not `days` or `months`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("horizon unit '{0}' is not one of days, months")]
pub struct HorizonUnitError(pub String);

impl FromStr for HorizonUnit {
    type Err = HorizonUnitError;
    fn from_str(s: &str) -> Result<HorizonUnit, HorizonUnitError> {
        match s {
            "days" => Ok(HorizonUnit::Days),
            "months" => Ok(HorizonUnit::Months),
            _ => Err(HorizonUnitError(s.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::data::date::d;

    #[test]
    fn trading_days_end_h_days_later() {
        let dates: Vec<Date> = (0..10).map(Date::from_days).collect();
        assert_eq!(HorizonUnit::Days.end(&dates, 2, 3), Some(5));
        assert_eq!(HorizonUnit::Days.end(&dates, 6, 3), Some(9));
        assert_eq!(HorizonUnit::Days.end(&dates, 7, 3), None);
    }

    #[test]
    fn months_end_on_first_common_day_on_or_after() {
        let dates = vec![
            d("2024-01-31"),
            d("2024-02-28"),
            d("2024-03-01"),
            d("2024-04-30"),
            d("2024-05-02"),
        ];
        // 2024-01-31 + 1 month = 2024-02-29, not a common day → 2024-03-01.
        assert_eq!(HorizonUnit::Months.end(&dates, 0, 1), Some(2));
        // + 3 months = 2024-04-30, a common day.
        assert_eq!(HorizonUnit::Months.end(&dates, 0, 3), Some(3));
        // 2024-04-30 + 1 month = 2024-05-30, past the data.
        assert_eq!(HorizonUnit::Months.end(&dates, 3, 1), None);
    }

    #[test]
    fn ends_never_decrease() {
        let dates: Vec<Date> = (0..400)
            .filter(|d| d % 7 < 5)
            .map(Date::from_days)
            .collect();
        for unit in [HorizonUnit::Days, HorizonUnit::Months] {
            let ends: Vec<Option<usize>> =
                (0..dates.len()).map(|i| unit.end(&dates, i, 2)).collect();
            let some: Vec<usize> = ends.iter().flatten().copied().collect();
            assert!(some.windows(2).all(|w| w[0] <= w[1]));
            // Complete windows form a prefix.
            let first_none = ends.iter().position(Option::is_none).unwrap_or(ends.len());
            assert!(ends[first_none..].iter().all(Option::is_none));
        }
    }
}
