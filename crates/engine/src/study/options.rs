//! What a study is asked beyond its event rule: horizons, their unit, the entry lag, draws and
//! seed.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::study::bounds::{BoundError, Bounded};
use crate::study::horizon::{HorizonUnit, WindowRule};

/// Default horizons in trading days: 1 week, 1, 3, 6 and 12 months.
pub const DEFAULT_HORIZONS: [usize; 5] = [5, 21, 63, 126, 252];
/// Default seed of the placebo and bootstrap generators.
pub const DEFAULT_SEED: u64 = 20_240_711;
/// Default number of random-date placebo sets per horizon. (The circular-shift placebo takes
/// every shift of the pool instead, however many there are.)
pub const DEFAULT_PLACEBO_DRAWS: usize = 10_000;
/// Default number of bootstrap samples per horizon.
pub const DEFAULT_BOOTSTRAP_DRAWS: usize = 2_000;

/// How the study is run beyond the event rule.
#[derive(Debug, Clone, PartialEq)]
pub struct StudyOptions {
    /// Horizons in `unit`s, ≥ 1, distinct, at most
    /// [`MAX_HORIZONS`](crate::study::bounds::MAX_HORIZONS) of them, each at most
    /// [`MAX_HORIZON_DAYS`](crate::study::bounds::MAX_HORIZON_DAYS) or
    /// [`MAX_HORIZON_MONTHS`](crate::study::bounds::MAX_HORIZON_MONTHS); order kept.
    pub horizons: Vec<usize>,
    /// Whether horizons count trading days or calendar months (default: days).
    pub unit: HorizonUnit,
    /// Trading days from the event's close to the close every forward window starts from
    /// (default 0: the event's own close); see [`WindowRule`].
    pub lag: EntryLag,
    /// Random-date placebo sets per horizon (default [`DEFAULT_PLACEBO_DRAWS`], at most
    /// [`MAX_PLACEBO_DRAWS`](crate::study::bounds::MAX_PLACEBO_DRAWS); 0: no random-date
    /// placebo). The circular-shift placebo draws nothing (it takes every offset of the pool)
    /// and is computed whatever this is. Neither the random-date placebo nor the bootstrap
    /// drives the verdict (see [`significance`](crate::study::significance)), so a caller that
    /// shows them only on demand can leave both at 0 until then: they are the study's dearest
    /// parts.
    pub placebo_draws: usize,
    /// Bootstrap samples per horizon (0 disables; default [`DEFAULT_BOOTSTRAP_DRAWS`], at most
    /// [`MAX_BOOTSTRAP_DRAWS`](crate::study::bounds::MAX_BOOTSTRAP_DRAWS)).
    pub bootstrap_draws: usize,
    /// Seed of every generator stream (default [`DEFAULT_SEED`]).
    pub seed: u64,
    /// Also summarise before and from this year (default: no split; within
    /// [`SPLIT_YEARS`](crate::study::bounds::SPLIT_YEARS)).
    pub split_year: Option<i32>,
}

impl Default for StudyOptions {
    fn default() -> Self {
        StudyOptions {
            horizons: DEFAULT_HORIZONS.to_vec(),
            unit: HorizonUnit::Days,
            lag: EntryLag::ZERO,
            placebo_draws: DEFAULT_PLACEBO_DRAWS,
            bootstrap_draws: DEFAULT_BOOTSTRAP_DRAWS,
            seed: DEFAULT_SEED,
            split_year: None,
        }
    }
}

impl StudyOptions {
    /// Options with these horizons and defaults otherwise.
    pub fn with_horizons(horizons: &[usize]) -> StudyOptions {
        StudyOptions {
            horizons: horizons.to_vec(),
            ..StudyOptions::default()
        }
    }

    /// Checks every bound of the options (the one check every study, sweep, cross-section and
    /// edge decay runs first): horizons non-empty, ≥ 1, distinct, at most
    /// [`MAX_HORIZONS`](crate::study::bounds::MAX_HORIZONS) and each within its unit's bound;
    /// placebo and bootstrap draws and the split year within theirs.
    ///
    /// # Errors
    ///
    /// [`StudyError`] naming the first value out of bounds.
    ///
    /// # Example
    ///
    /// ```
    /// use equalizer_engine::StudyOptions;
    ///
    /// assert!(StudyOptions::default().check().is_ok());
    /// let greedy = StudyOptions { placebo_draws: 1_000_000_000, ..StudyOptions::default() };
    /// assert_eq!(
    ///     greedy.check().unwrap_err().to_string(),
    ///     "the number of placebo sets must be a whole number from 0 (off) to 100000, not '1000000000'"
    /// );
    /// ```
    pub fn check(&self) -> Result<(), StudyError> {
        check_horizons(&self.horizons, self.unit)?;
        Bounded::PlaceboDraws.count(self.placebo_draws)?;
        Bounded::BootstrapDraws.count(self.bootstrap_draws)?;
        if let Some(year) = self.split_year {
            Bounded::SplitYear.year(year)?;
        }
        Ok(())
    }

    /// The rule of every forward window of the study: its unit and entry lag.
    pub fn window_rule(&self) -> WindowRule {
        WindowRule {
            unit: self.unit,
            lag: self.lag,
        }
    }
}

/// The largest entry lag, in trading days.
pub const MAX_LAG: usize = 5;

/// Trading days from an event's close to the close a forward window starts from: 0 to
/// [`MAX_LAG`]. Lag L measures what a reader who learnt of the event at its close could still
/// have captured by buying L closes later.
///
/// Its JSON is the number of days.
///
/// # Example
///
/// ```
/// use equalizer_engine::study::EntryLag;
///
/// assert_eq!(EntryLag::new(2)?.days(), 2);
/// assert_eq!(
///     EntryLag::new(7).unwrap_err().to_string(),
///     "the lag must be 0 to 5 trading days, not 7"
/// );
/// assert_eq!("3".parse::<EntryLag>()?, EntryLag::new(3)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(try_from = "usize")]
pub struct EntryLag(usize);

impl TryFrom<usize> for EntryLag {
    type Error = LagError;
    fn try_from(days: usize) -> Result<EntryLag, LagError> {
        EntryLag::new(days)
    }
}

impl EntryLag {
    /// No lag: windows start at the event's close.
    pub const ZERO: EntryLag = EntryLag(0);

    /// The lag of `days` trading days.
    ///
    /// # Errors
    ///
    /// [`LagError::OutOfRange`] above [`MAX_LAG`].
    pub fn new(days: usize) -> Result<EntryLag, LagError> {
        if days > MAX_LAG {
            return Err(LagError::OutOfRange(days));
        }
        Ok(EntryLag(days))
    }

    /// The lag in trading days.
    pub fn days(self) -> usize {
        self.0
    }

    /// Every lag, 0 to [`MAX_LAG`], in order.
    pub fn all() -> impl Iterator<Item = EntryLag> {
        (0..=MAX_LAG).map(EntryLag)
    }
}

impl fmt::Display for EntryLag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for EntryLag {
    type Err = LagError;
    /// A whole number of trading days, 0 to [`MAX_LAG`] (the URL and CLI spelling).
    fn from_str(s: &str) -> Result<EntryLag, LagError> {
        let days = s
            .trim()
            .parse::<usize>()
            .map_err(|_| LagError::NotANumber(crate::study::bounds::quoted(s)))?;
        EntryLag::new(days)
    }
}

/// An entry lag that is not a whole number of trading days from 0 to [`MAX_LAG`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LagError {
    /// More than [`MAX_LAG`] days.
    #[error("the lag must be 0 to {max} trading days, not {0}", max = MAX_LAG)]
    OutOfRange(usize),
    /// Not a whole number (the text as given, cut by [`quoted`](crate::study::bounds::quoted)).
    #[error("the lag must be a whole number of trading days from 0 to {max}, not '{0}'", max = MAX_LAG)]
    NotANumber(String),
}

/// Why a study cannot run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StudyError {
    /// A horizon of 0.
    #[error("horizon 0 is not a number of trading days ahead; horizons start at 1")]
    ZeroHorizon,
    /// No horizons at all.
    #[error("at least one horizon is needed")]
    NoHorizons,
    /// The same horizon twice.
    #[error("horizon {0} is listed twice")]
    DuplicateHorizon(usize),
    /// A count out of its bounds ([`crate::study::bounds`]).
    #[error(transparent)]
    Bound(#[from] BoundError),
    /// A range that holds none of the pair's days.
    #[error(transparent)]
    Range(#[from] crate::study::events::RangeError),
}

/// Horizons must be non-empty, ≥ 1, distinct, at most [`Bounded::Horizons`] of them and each
/// within [`Bounded::Horizon`] of its unit.
fn check_horizons(horizons: &[usize], unit: HorizonUnit) -> Result<(), StudyError> {
    if horizons.is_empty() {
        return Err(StudyError::NoHorizons);
    }
    for (k, &h) in horizons.iter().enumerate() {
        if h == 0 {
            return Err(StudyError::ZeroHorizon);
        }
        Bounded::Horizon(unit).count(h)?;
        if horizons[..k].contains(&h) {
            return Err(StudyError::DuplicateHorizon(h));
        }
    }
    Bounded::Horizons.count(horizons.len())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::study::bounds::{
        MAX_BOOTSTRAP_DRAWS, MAX_HORIZON_DAYS, MAX_HORIZON_MONTHS, MAX_HORIZONS, MAX_PLACEBO_DRAWS,
        SPLIT_YEARS,
    };

    /// A change to the default options.
    type Edit<'a> = &'a dyn Fn(&mut StudyOptions);

    /// Every option's bound at its edge: the largest value passes, one more is refused with
    /// the sentence naming it; and the study refuses it before computing anything.
    #[test]
    fn every_option_is_bounded_at_its_edge() {
        let with = |edit: Edit| {
            let mut o = StudyOptions::default();
            edit(&mut o);
            o.check()
        };
        let months = |hs: Vec<usize>| {
            move |o: &mut StudyOptions| {
                o.unit = HorizonUnit::Months;
                o.horizons = hs.clone();
            }
        };
        let ok: [Edit; 7] = [
            &|o| o.placebo_draws = MAX_PLACEBO_DRAWS,
            &|o| o.bootstrap_draws = MAX_BOOTSTRAP_DRAWS,
            &|o| o.horizons = (1..=MAX_HORIZONS).collect(),
            &|o| o.horizons = vec![MAX_HORIZON_DAYS],
            &months(vec![MAX_HORIZON_MONTHS]),
            &|o| o.split_year = Some(*SPLIT_YEARS.start()),
            &|o| o.split_year = Some(*SPLIT_YEARS.end()),
        ];
        for edit in ok {
            assert_eq!(with(edit), Ok(()));
        }
        let refused: [(Edit, &str); 7] = [
            (
                &|o| o.placebo_draws = MAX_PLACEBO_DRAWS + 1,
                "the number of placebo sets must be a whole number from 0 (off) to 100000, not '100001'",
            ),
            (
                &|o| o.bootstrap_draws = MAX_BOOTSTRAP_DRAWS + 1,
                "the number of bootstrap samples must be a whole number from 0 (off) to 20000, not '20001'",
            ),
            (
                &|o| o.horizons = (1..=MAX_HORIZONS + 1).collect(),
                "the number of horizons must be from 1 to 12, not '13'",
            ),
            (
                &|o| o.horizons = vec![5, MAX_HORIZON_DAYS + 1],
                "a horizon must be a whole number of trading days from 1 to 2520, not '2521'",
            ),
            (
                &months(vec![MAX_HORIZON_MONTHS + 1]),
                "a horizon must be a whole number of months from 1 to 120, not '121'",
            ),
            (
                &|o| o.split_year = Some(*SPLIT_YEARS.start() - 1),
                "the split year must be a year from 1900 to 2100, not '1899'",
            ),
            (
                &|o| o.split_year = Some(99_999),
                "the split year must be a year from 1900 to 2100, not '99999'",
            ),
        ];
        let prepared =
            crate::PreparedPair::new(crate::testkit::synthetic_pair(300).expect("synthetic"));
        let rule = crate::EventRule::new(4.0, crate::Direction::Abs, 0, None, None).expect("rule");
        for (edit, want) in refused {
            assert_eq!(with(edit).unwrap_err().to_string(), want);
            let mut o = StudyOptions::default();
            edit(&mut o);
            assert_eq!(prepared.study(&rule, &o).unwrap_err().to_string(), want);
            assert_eq!(prepared.sweep(&rule, &o).unwrap_err().to_string(), want);
            let universe = [crate::Series::new(
                "X",
                prepared.pair().dates().to_vec(),
                prepared.pair().long().to_vec(),
            )
            .expect("series")];
            assert_eq!(
                prepared
                    .cross_section(&universe, &rule, &o)
                    .unwrap_err()
                    .to_string(),
                want
            );
        }
    }
}
