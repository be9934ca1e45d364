//! Aligning two series on the dates both have.

use crate::data::date::Date;
use crate::data::series::Series;

/// Two tickers' closes on their common trading dates.
///
/// `dates[i]` is the i-th date present in both series; `long[i]` and `short[i]` are the closes
/// on that date. Everything downstream (returns, events, forward windows) counts in these
/// common days, so a day only one ticker traded is simply not a day of the study.
#[derive(Debug, Clone, PartialEq)]
pub struct AlignedPair {
    long_ticker: String,
    short_ticker: String,
    dates: Vec<Date>,
    long: Vec<f64>,
    short: Vec<f64>,
}

/// The fewest common trading days two series need to be studied together: one daily return.
pub const MIN_COMMON_DAYS: usize = 2;

/// Why two series cannot be studied together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AlignError {
    /// Fewer than [`MIN_COMMON_DAYS`] common dates: no return can be computed. The sentence
    /// the page shows when it refuses an upload that cannot make a study with the other leg.
    #[error(
        "{long} and {short} have {} in common, so there is nothing to study; a study needs \
         at least {MIN_COMMON_DAYS}",
        days(*.common)
    )]
    TooFewCommonDays {
        /// Ticker of the long leg.
        long: String,
        /// Ticker of the short leg.
        short: String,
        /// Dates both have.
        common: usize,
    },
}

/// "no trading days", "1 trading day", "5 trading days".
fn days(n: usize) -> String {
    match n {
        0 => "no trading days".to_owned(),
        1 => "1 trading day".to_owned(),
        n => format!("{n} trading days"),
    }
}

impl AlignedPair {
    /// Intersects the two series' dates (a merge of two sorted lists, O(n + m)).
    ///
    /// # Errors
    ///
    /// [`AlignError::TooFewCommonDays`] below [`MIN_COMMON_DAYS`] common dates.
    pub fn new(long: &Series, short: &Series) -> Result<AlignedPair, AlignError> {
        let (ld, sd) = (long.dates(), short.dates());
        let cap = ld.len().min(sd.len());
        let (mut dates, mut lc, mut sc) = (
            Vec::with_capacity(cap),
            Vec::with_capacity(cap),
            Vec::with_capacity(cap),
        );
        let (mut i, mut j) = (0, 0);
        while i < ld.len() && j < sd.len() {
            match ld[i].cmp(&sd[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dates.push(ld[i]);
                    lc.push(long.close()[i]);
                    sc.push(short.close()[j]);
                    i += 1;
                    j += 1;
                }
            }
        }
        if dates.len() < MIN_COMMON_DAYS {
            return Err(AlignError::TooFewCommonDays {
                long: long.ticker().to_owned(),
                short: short.ticker().to_owned(),
                common: dates.len(),
            });
        }
        Ok(AlignedPair {
            long_ticker: long.ticker().to_owned(),
            short_ticker: short.ticker().to_owned(),
            dates,
            long: lc,
            short: sc,
        })
    }

    /// The long leg's ticker.
    pub fn long_ticker(&self) -> &str {
        &self.long_ticker
    }

    /// The short leg's ticker.
    pub fn short_ticker(&self) -> &str {
        &self.short_ticker
    }

    /// Common dates, strictly increasing, at least two.
    pub fn dates(&self) -> &[Date] {
        &self.dates
    }

    /// Long closes on the common dates.
    pub fn long(&self) -> &[f64] {
        &self.long
    }

    /// Short closes on the common dates.
    pub fn short(&self) -> &[f64] {
        &self.short
    }

    /// Number of common days.
    pub fn len(&self) -> usize {
        self.dates.len()
    }

    /// Always false (at least two days).
    pub fn is_empty(&self) -> bool {
        self.dates.is_empty()
    }

    /// The same pair with the legs swapped.
    pub fn swapped(&self) -> AlignedPair {
        AlignedPair {
            long_ticker: self.short_ticker.clone(),
            short_ticker: self.long_ticker.clone(),
            dates: self.dates.clone(),
            long: self.short.clone(),
            short: self.long.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn series(name: &str, days: &[i32]) -> Series {
        let dates = days.iter().map(|&d| Date::from_days(d)).collect();
        let close = days.iter().map(|&d| 100.0 + d as f64).collect();
        Series::new(name, dates, close).unwrap()
    }

    #[test]
    fn keeps_only_common_dates() {
        let p = AlignedPair::new(
            &series("A", &[1, 2, 4, 5, 9]),
            &series("B", &[2, 3, 4, 9, 10]),
        )
        .unwrap();
        assert_eq!(
            p.dates().iter().map(|d| d.days()).collect::<Vec<_>>(),
            vec![2, 4, 9]
        );
        assert_eq!(p.long(), &[102.0, 104.0, 109.0]);
    }

    #[test]
    fn too_few_common_days() {
        let e = AlignedPair::new(&series("A", &[1, 2]), &series("B", &[2, 3])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "A and B have 1 trading day in common, so there is nothing to study; a study \
             needs at least 2"
        );
        let e = AlignedPair::new(&series("A", &[1, 2]), &series("B", &[3, 4])).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("A and B have no trading days in common")
        );
    }

    proptest! {
        #[test]
        fn merge_equals_naive_intersection(
            a in proptest::collection::btree_set(0i32..400, 2..120),
            b in proptest::collection::btree_set(0i32..400, 2..120),
        ) {
            let a: Vec<i32> = a.into_iter().collect();
            let b: Vec<i32> = b.into_iter().collect();
            let naive: BTreeMap<i32, (f64, f64)> = a.iter()
                .filter(|d| b.contains(d))
                .map(|&d| (d, (100.0 + d as f64, 100.0 + d as f64)))
                .collect();
            match AlignedPair::new(&series("A", &a), &series("B", &b)) {
                Ok(p) => {
                    let got: Vec<i32> = p.dates().iter().map(|d| d.days()).collect();
                    prop_assert_eq!(got, naive.keys().copied().collect::<Vec<_>>());
                    prop_assert_eq!(p.long().to_vec(), naive.values().map(|v| v.0).collect::<Vec<_>>());
                }
                Err(_) => prop_assert!(naive.len() < 2),
            }
        }
    }
}
