//! Every bound on what a study may be asked, in one place: the CLI's arguments, the page's
//! settings and the engine's constructors ([`EventRule::new`](crate::EventRule::new),
//! [`StudyOptions::check`](crate::StudyOptions::check),
//! [`FollowOptions::check`](crate::study::follow::FollowOptions::check)) all go through
//! [`Bounded`], so a value out of range gets the same sentence everywhere, quoting the value as
//! it was given.
//!
//! The bounds keep every count small enough that no arithmetic on it overflows and no
//! computation runs for minutes or allocates gigabytes, and every number meaningful: a
//! threshold below [`MIN_THRESHOLD`] would make nearly every day an event.
//!
//! # Example
//!
//! ```
//! use equalizer_engine::bounds::{Bounded, MAX_COOLOFF};
//!
//! assert_eq!(Bounded::Cooloff.parse_count("2520")?, MAX_COOLOFF);
//! assert_eq!(
//!     Bounded::Cooloff.parse_count("18446744073709551614").unwrap_err().to_string(),
//!     "the cool-off must be a whole number of trading days from 0 to 2520, not '18446744073709551614'"
//! );
//! assert_eq!(
//!     Bounded::Threshold.parse_number("1e-300").unwrap_err().to_string(),
//!     "the threshold must be a number from 0.01 to 100 (percent, or σ in z units), not '1e-300'"
//! );
//! # Ok::<(), equalizer_engine::bounds::BoundError>(())
//! ```

use std::fmt;
use std::ops::RangeInclusive;

use crate::data::series::short_number;
use crate::study::horizon::HorizonUnit;

/// The smallest threshold, in either unit (percent or σ): below a hundredth of a percent (or
/// of a standard deviation) nearly every day is an event and the study says nothing.
pub const MIN_THRESHOLD: f64 = 0.01;
/// The largest threshold, in either unit: no pair's daily spread reaches 100 % or 100 σ.
pub const MAX_THRESHOLD: f64 = 100.0;
/// The largest cool-off: ten years of trading days.
pub const MAX_COOLOFF: usize = 2_520;
/// The most placebo sets per horizon: ten times the default; p-values resolve to 1/100,001.
pub const MAX_PLACEBO_DRAWS: usize = 100_000;
/// The most bootstrap samples per horizon: ten times the default.
pub const MAX_BOOTSTRAP_DRAWS: usize = 20_000;
/// The most horizons of one study.
pub const MAX_HORIZONS: usize = 12;
/// The longest horizon in trading days: ten years.
pub const MAX_HORIZON_DAYS: usize = 2_520;
/// The longest horizon in calendar months: ten years.
pub const MAX_HORIZON_MONTHS: usize = 120;
/// The years a study may be split at (sub-periods before and from the year).
pub const SPLIT_YEARS: RangeInclusive<i32> = 1900..=2100;
/// The longest hold of the follow simulation: five years of trading days.
pub const MAX_HOLD: usize = 1_260;
/// The largest cost per switch of the follow simulation, in basis points (5 %).
pub const MAX_COST_BPS: f64 = 500.0;
/// The largest borrow cost of the follow simulation's short leg, in basis points a year (50 %).
pub const MAX_BORROW_BPS: f64 = 5_000.0;
/// The longest text a message quotes; longer text is cut with "…" and its length.
pub const QUOTE_MAX: usize = 40;

/// A setting with bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bounded {
    /// The event threshold, [`MIN_THRESHOLD`] to [`MAX_THRESHOLD`] in either unit.
    Threshold,
    /// The cool-off in trading days, 0 to [`MAX_COOLOFF`].
    Cooloff,
    /// Placebo sets per horizon, 0 (off) to [`MAX_PLACEBO_DRAWS`].
    PlaceboDraws,
    /// Bootstrap samples per horizon, 0 (off) to [`MAX_BOOTSTRAP_DRAWS`].
    BootstrapDraws,
    /// How many horizons, 1 to [`MAX_HORIZONS`].
    Horizons,
    /// One horizon in its unit, 1 to [`MAX_HORIZON_DAYS`] or [`MAX_HORIZON_MONTHS`].
    Horizon(HorizonUnit),
    /// The split year, within [`SPLIT_YEARS`].
    SplitYear,
    /// The follow simulation's hold in trading days, 1 to [`MAX_HOLD`].
    Hold,
    /// The cost per switch, 0 to [`MAX_COST_BPS`] basis points.
    Cost,
    /// The borrow cost, 0 to [`MAX_BORROW_BPS`] basis points a year.
    Borrow,
}

impl Bounded {
    /// The setting in words, as a sentence's subject.
    fn subject(self) -> &'static str {
        match self {
            Bounded::Threshold => "the threshold",
            Bounded::Cooloff => "the cool-off",
            Bounded::PlaceboDraws => "the number of placebo sets",
            Bounded::BootstrapDraws => "the number of bootstrap samples",
            Bounded::Horizons => "the number of horizons",
            Bounded::Horizon(_) => "a horizon",
            Bounded::SplitYear => "the split year",
            Bounded::Hold => "the hold",
            Bounded::Cost => "the cost",
            Bounded::Borrow => "the borrow cost",
        }
    }

    /// The accepted values, from the constants.
    pub fn range(self) -> (f64, f64) {
        let whole = |lo: usize, hi: usize| (lo as f64, hi as f64);
        match self {
            Bounded::Threshold => (MIN_THRESHOLD, MAX_THRESHOLD),
            Bounded::Cooloff => whole(0, MAX_COOLOFF),
            Bounded::PlaceboDraws => whole(0, MAX_PLACEBO_DRAWS),
            Bounded::BootstrapDraws => whole(0, MAX_BOOTSTRAP_DRAWS),
            Bounded::Horizons => whole(1, MAX_HORIZONS),
            Bounded::Horizon(HorizonUnit::Days) => whole(1, MAX_HORIZON_DAYS),
            Bounded::Horizon(HorizonUnit::Months) => whole(1, MAX_HORIZON_MONTHS),
            Bounded::SplitYear => (
                f64::from(*SPLIT_YEARS.start()),
                f64::from(*SPLIT_YEARS.end()),
            ),
            Bounded::Hold => whole(1, MAX_HOLD),
            Bounded::Cost => (0.0, MAX_COST_BPS),
            Bounded::Borrow => (0.0, MAX_BORROW_BPS),
        }
    }

    /// What the value must be: "a whole number of trading days from 0 to 2520".
    pub fn accepted(self) -> String {
        let (lo, hi) = self.range();
        let (lo, hi) = (short_number(lo), short_number(hi));
        match self {
            Bounded::Threshold => {
                format!("a number from {lo} to {hi} (percent, or σ in z units)")
            }
            Bounded::Cooloff | Bounded::Hold | Bounded::Horizon(HorizonUnit::Days) => {
                format!("a whole number of trading days from {lo} to {hi}")
            }
            Bounded::Horizon(HorizonUnit::Months) => {
                format!("a whole number of months from {lo} to {hi}")
            }
            Bounded::PlaceboDraws | Bounded::BootstrapDraws => {
                format!("a whole number from {lo} (off) to {hi}")
            }
            Bounded::Horizons => format!("from {lo} to {hi}"),
            Bounded::SplitYear => format!("a year from {lo} to {hi}"),
            Bounded::Cost => format!("a number of basis points from {lo} to {hi}"),
            Bounded::Borrow => format!("a number of basis points a year from {lo} to {hi}"),
        }
    }

    fn contains(self, x: f64) -> bool {
        let (lo, hi) = self.range();
        (lo..=hi).contains(&x)
    }

    fn error(self, given: &str) -> BoundError {
        BoundError {
            setting: self,
            given: quoted(given),
        }
    }

    /// `n` if within the bounds.
    ///
    /// # Errors
    ///
    /// [`BoundError`] quoting `n`.
    pub fn count(self, n: usize) -> Result<usize, BoundError> {
        // usize → f64 is monotone, so a huge count stays above the bound.
        if self.contains(n as f64) {
            Ok(n)
        } else {
            Err(self.error(&n.to_string()))
        }
    }

    /// `x` if finite and within the bounds.
    ///
    /// # Errors
    ///
    /// [`BoundError`] quoting `x` (1e-300 as `1e-300`, not 300 digits).
    pub fn number(self, x: f64) -> Result<f64, BoundError> {
        if self.contains(x) {
            Ok(x)
        } else {
            Err(self.error(&short_number(x)))
        }
    }

    /// `year` if within [`SPLIT_YEARS`].
    ///
    /// # Errors
    ///
    /// [`BoundError`] quoting `year`.
    pub fn year(self, year: i32) -> Result<i32, BoundError> {
        if self.contains(f64::from(year)) {
            Ok(year)
        } else {
            Err(self.error(&year.to_string()))
        }
    }

    /// A whole number (text, trimmed) within the bounds.
    ///
    /// # Errors
    ///
    /// [`BoundError`] quoting `text` when it is not a whole number or out of range.
    pub fn parse_count(self, text: &str) -> Result<usize, BoundError> {
        text.trim()
            .parse::<usize>()
            .ok()
            .and_then(|n| self.count(n).ok())
            .ok_or_else(|| self.error(text))
    }

    /// A number (text, trimmed) within the bounds.
    ///
    /// # Errors
    ///
    /// [`BoundError`] quoting `text` when it is not a finite number or out of range.
    pub fn parse_number(self, text: &str) -> Result<f64, BoundError> {
        text.trim()
            .parse::<f64>()
            .ok()
            .and_then(|x| self.number(x).ok())
            .ok_or_else(|| self.error(text))
    }

    /// A year (text, trimmed) within [`SPLIT_YEARS`].
    ///
    /// # Errors
    ///
    /// [`BoundError`] quoting `text` when it is not a year in range.
    pub fn parse_year(self, text: &str) -> Result<i32, BoundError> {
        text.trim()
            .parse::<i32>()
            .ok()
            .and_then(|y| self.year(y).ok())
            .ok_or_else(|| self.error(text))
    }
}

impl Bounded {
    /// Every bounded setting, in the README's order.
    pub const ALL: [Bounded; 11] = [
        Bounded::Threshold,
        Bounded::Cooloff,
        Bounded::Horizons,
        Bounded::Horizon(HorizonUnit::Days),
        Bounded::Horizon(HorizonUnit::Months),
        Bounded::PlaceboDraws,
        Bounded::BootstrapDraws,
        Bounded::SplitYear,
        Bounded::Hold,
        Bounded::Cost,
        Bounded::Borrow,
    ];
}

/// The README's table of bounds ("Bad input"), generated from the constants: the series rule
/// ([`MAX_DAILY_PRICE_RATIO`](crate::data::series::MAX_DAILY_PRICE_RATIO),
/// [`MAX_PRICE_SPAN`](crate::data::series::MAX_PRICE_SPAN),
/// [`MIN_COMMON_DAYS`](crate::data::align::MIN_COMMON_DAYS)) and every [`Bounded`] setting.
pub fn markdown_table() -> String {
    use crate::data::series::{MAX_DAILY_PRICE_RATIO, MAX_PRICE_SPAN};
    let mut rows = vec![
        (
            "a close against the day before".to_owned(),
            format!(
                "within a factor of {} either way",
                short_number(MAX_DAILY_PRICE_RATIO)
            ),
        ),
        (
            "a series' highest close against its lowest".to_owned(),
            format!("at most {} times", short_number(MAX_PRICE_SPAN)),
        ),
        (
            "the two legs' common trading days".to_owned(),
            format!("at least {}", crate::data::align::MIN_COMMON_DAYS),
        ),
    ];
    for b in Bounded::ALL {
        let what = match b {
            Bounded::Horizon(unit) => format!("a horizon in {}", unit.as_str()),
            b => b.subject().to_owned(),
        };
        rows.push((what, b.accepted()));
    }
    rows.push((
        "the entry lag".to_owned(),
        format!(
            "a whole number of trading days from 0 to {}",
            crate::study::options::MAX_LAG
        ),
    ));
    rows.push((
        "the basket".to_owned(),
        "at least one ticker, none named twice".to_owned(),
    ));
    let mut out = String::from("| what | accepted |\n|---|---|\n");
    for (what, accepted) in rows {
        out.push_str(&format!("| {what} | {accepted} |\n"));
    }
    out
}

impl fmt::Display for Bounded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.subject())
    }
}

/// A value outside its setting's bounds: "the cool-off must be a whole number of trading days
/// from 0 to 2520, not '99999'". The value is quoted as given, cut to [`QUOTE_MAX`]
/// characters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{setting} must be {}, not '{given}'", setting.accepted())]
pub struct BoundError {
    /// The setting.
    pub setting: Bounded,
    /// The value as given (cut by [`quoted`]).
    pub given: String,
}

/// `text` for a message: as it is up to [`QUOTE_MAX`] characters, else its first
/// [`QUOTE_MAX`] characters, "…" and its length (counted in characters, never splitting one).
pub fn quoted(text: &str) -> String {
    let n = text.chars().count();
    if n > QUOTE_MAX {
        let head: String = text.chars().take(QUOTE_MAX).collect();
        format!("{head}… ({n} characters)")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every bound at its edge: the largest (and smallest) value accepted, one step beyond
    /// refused with the sentence quoting it.
    #[test]
    fn every_bound_at_its_edge() {
        let counts = [
            (Bounded::Cooloff, 0, MAX_COOLOFF),
            (Bounded::PlaceboDraws, 0, MAX_PLACEBO_DRAWS),
            (Bounded::BootstrapDraws, 0, MAX_BOOTSTRAP_DRAWS),
            (Bounded::Horizons, 1, MAX_HORIZONS),
            (Bounded::Horizon(HorizonUnit::Days), 1, MAX_HORIZON_DAYS),
            (Bounded::Horizon(HorizonUnit::Months), 1, MAX_HORIZON_MONTHS),
            (Bounded::Hold, 1, MAX_HOLD),
        ];
        for (b, lo, hi) in counts {
            assert_eq!(b.count(lo), Ok(lo), "{b:?}");
            assert_eq!(b.count(hi), Ok(hi), "{b:?}");
            assert_eq!(b.parse_count(&hi.to_string()), Ok(hi), "{b:?}");
            let e = b.count(hi + 1).unwrap_err();
            assert!(
                e.to_string().ends_with(&format!(", not '{}'", hi + 1)),
                "{e}"
            );
            if lo > 0 {
                assert!(b.count(lo - 1).is_err(), "{b:?}");
            }
            assert!(b.count(usize::MAX).is_err(), "{b:?}");
            for bad in ["-1", "x", "", "1.5", "99999999999999999999999"] {
                let e = b.parse_count(bad).unwrap_err();
                assert_eq!(e.given, bad, "{b:?}");
            }
        }
        let numbers = [
            (Bounded::Threshold, MIN_THRESHOLD, MAX_THRESHOLD),
            (Bounded::Cost, 0.0, MAX_COST_BPS),
            (Bounded::Borrow, 0.0, MAX_BORROW_BPS),
        ];
        for (b, lo, hi) in numbers {
            assert_eq!(b.number(lo), Ok(lo), "{b:?}");
            assert_eq!(b.number(hi), Ok(hi), "{b:?}");
            assert!(b.number(hi.next_up()).is_err(), "{b:?}");
            assert!(b.number(lo.next_down()).is_err(), "{b:?}");
            for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
                assert!(b.number(bad).is_err(), "{b:?}");
            }
            assert_eq!(b.parse_number(&format!(" {hi} ")), Ok(hi), "{b:?}");
        }
        let (first, last) = (*SPLIT_YEARS.start(), *SPLIT_YEARS.end());
        assert_eq!(Bounded::SplitYear.year(first), Ok(first));
        assert_eq!(Bounded::SplitYear.year(last), Ok(last));
        assert!(Bounded::SplitYear.year(first - 1).is_err());
        assert!(Bounded::SplitYear.year(last + 1).is_err());
        assert!(Bounded::SplitYear.parse_year("99999").is_err());
    }

    /// The sentences the CLI and the page both show, quoting the value as given.
    #[test]
    fn sentences_quote_the_value_as_given() {
        let cases = [
            (
                Bounded::Cost.parse_number("-10"),
                "the cost must be a number of basis points from 0 to 500, not '-10'",
            ),
            (
                Bounded::Threshold.parse_number("1e-300"),
                "the threshold must be a number from 0.01 to 100 (percent, or σ in z units), not '1e-300'",
            ),
            (
                Bounded::Threshold.number(1e-300),
                "the threshold must be a number from 0.01 to 100 (percent, or σ in z units), not '1e-300'",
            ),
            (
                Bounded::SplitYear.parse_year("99999").map(f64::from),
                "the split year must be a year from 1900 to 2100, not '99999'",
            ),
            (
                Bounded::PlaceboDraws
                    .parse_count("1000000000")
                    .map(|n| n as f64),
                "the number of placebo sets must be a whole number from 0 (off) to 100000, not '1000000000'",
            ),
            (
                Bounded::BootstrapDraws
                    .parse_count("1000000000")
                    .map(|n| n as f64),
                "the number of bootstrap samples must be a whole number from 0 (off) to 20000, not '1000000000'",
            ),
            (
                Bounded::Horizon(HorizonUnit::Months)
                    .count(121)
                    .map(|n| n as f64),
                "a horizon must be a whole number of months from 1 to 120, not '121'",
            ),
        ];
        for (got, want) in cases {
            assert_eq!(got.unwrap_err().to_string(), want);
        }
    }

    /// The README's "Bad input" table is the one generated from the constants.
    #[test]
    fn readme_lists_every_bound() {
        let readme = include_str!("../../../../README.md");
        let table = markdown_table();
        assert!(
            readme.contains(&table),
            "README.md's table of bounds differs from the constants; it should read:\n{table}"
        );
    }

    #[test]
    fn long_values_are_cut_with_their_length() {
        let long = "9".repeat(5_000);
        let e = Bounded::Cooloff.parse_count(&long).unwrap_err();
        assert_eq!(
            e.given,
            format!("{}… (5000 characters)", "9".repeat(QUOTE_MAX))
        );
        assert_eq!(
            quoted("é".repeat(QUOTE_MAX).as_str()),
            "é".repeat(QUOTE_MAX)
        );
    }
}
