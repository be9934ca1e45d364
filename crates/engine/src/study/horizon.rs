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

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::data::date::Date;

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
