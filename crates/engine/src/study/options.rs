//! What a study is asked beyond its event rule: horizons, their unit, the entry lag, draws and
//! seed.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

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
    /// Horizons in `unit`s, ≥ 1, distinct; order kept.
    pub horizons: Vec<usize>,
    /// Whether horizons count trading days or calendar months (default: days).
    pub unit: HorizonUnit,
    /// Trading days from the event's close to the close every forward window starts from
    /// (default 0: the event's own close); see [`WindowRule`].
    pub lag: EntryLag,
    /// Random-date placebo sets per horizon (default [`DEFAULT_PLACEBO_DRAWS`]; 0: no
    /// random-date placebo). The circular-shift placebo draws nothing (it takes every offset of
    /// the pool) and is computed whatever this is. Neither the random-date placebo nor the
    /// bootstrap drives the verdict (see [`significance`](crate::study::significance)), so a
    /// caller that shows them only on demand can leave both at 0 until then: they are the
    /// study's dearest parts.
    pub placebo_draws: usize,
    /// Bootstrap samples per horizon (0 disables; default [`DEFAULT_BOOTSTRAP_DRAWS`]).
    pub bootstrap_draws: usize,
    /// Seed of every generator stream (default [`DEFAULT_SEED`]).
    pub seed: u64,
    /// Also summarise before and from this year (default: no split).
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct EntryLag(usize);

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
            .map_err(|_| LagError::NotANumber(s.to_owned()))?;
        EntryLag::new(days)
    }
}

/// An entry lag that is not a whole number of trading days from 0 to [`MAX_LAG`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LagError {
    /// More than [`MAX_LAG`] days.
    #[error("the lag must be 0 to {max} trading days, not {0}", max = MAX_LAG)]
    OutOfRange(usize),
    /// Not a whole number.
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
}

/// Horizons must be non-empty, ≥ 1 and distinct.
pub(crate) fn check_horizons(horizons: &[usize]) -> Result<(), StudyError> {
    if horizons.is_empty() {
        return Err(StudyError::NoHorizons);
    }
    for (k, &h) in horizons.iter().enumerate() {
        if h == 0 {
            return Err(StudyError::ZeroHorizon);
        }
        if horizons[..k].contains(&h) {
            return Err(StudyError::DuplicateHorizon(h));
        }
    }
    Ok(())
}
