//! The rotation spread study: events, their forward returns, and per-horizon statistics that
//! survive overlap and chance.
//!
//! Every forward window of a study starts at the **entry**: the close [`StudyOptions::lag`]
//! trading days (0 to [`MAX_LAG`], default 0) after the event's close, and ends h units after the
//! entry; [`horizon::WindowRule`] owns that rule and every part below goes through it (events,
//! baseline, placebo, bootstrap, sub-periods, sweep, cross-section, path). The **edge decay**
//! ([`PreparedPair::lag_decay`], the study's `lag_decay`) gives the pair's edge at every lag.
//!
//! Per horizon h (see [`horizon`] for trading days vs calendar months):
//! - descriptive statistics of the events with a complete window, per leg and for the pair;
//! - **baseline**: the same forward returns from *every* eligible day (i ≥ 1, from ≤ date ≤ to)
//!   with a complete window; **edge** = event mean − baseline mean;
//! - **distinct events** ([`crate::stats::overlap`]): clusters of overlapping windows; the distinct
//!   means use the first event of each cluster;
//! - **placebo** ([`crate::stats::placebo`]): K sets of N random eligible days under the same cool-off;
//! - **bootstrap** ([`crate::stats::bootstrap`]): 95 % intervals resampling whole clusters; the edge
//!   interval is the pair-mean interval minus the (fixed) baseline pair mean;
//! - **t statistics** of the pair edge, naive and Newey–West over overlapping windows
//!   ([`crate::stats::overlap::t_stats`]) with bandwidth = the mean window length in trading days;
//! - **excursions**: per event the best (max gain) and worst (max loss) cumulative return of each
//!   leg at any close from the day after the entry to the window's end, measured from the entry
//!   close (not floored at 0);
//! - **leave-one-out**: the range of the pair mean when each event in turn is left out;
//! - **distinct-episode t**: one value per episode (first event's pair return − baseline pair
//!   mean), t = x̄ / (s / √n), df = n − 1, two-sided p from Student's t;
//! - **circular-shift placebo**: the events' pattern of pool positions moved by every offset
//!   in turn, one set per offset, so clustering is kept ([`crate::stats::placebo::shift`]);
//! - **n/a rule**: below [`MIN_EPISODES`] distinct episodes, every interval, p-value and t of
//!   the horizon is `None` and `too_few_episodes` is true.
//!
//! # Files
//!
//! The study's primitives come first, each one concept: [`returns`] (daily returns, spread,
//! z-score), [`events`] (the threshold rule), [`horizon`] (where a window ends: trading days or
//! calendar months) and [`forward`] (forward returns and the average path over an
//! [`AlignedPair`](crate::AlignedPair)). They live here rather than in [`crate::stats`] because
//! they speak of prices, dates and legs, which the statistics layer never sees.
//!
//! Then [`PreparedPair`] and what it computes, one file per part: `prepared` (construction,
//! accessors, [`PreparedPair::study`], [`PreparedPair::event_list`]), `rank` (how extreme a
//! day is in the pair's history, [`PreparedPair::rank`]), `pools` and `cache` (the threshold-independent pools
//! and placebo draws, cached), `summary` (one horizon's figures), `subperiods`, `sweep`,
//! `path` (the average path and its band), `result` (the serialised types) and `layout` (the
//! JSON keys of a horizon's summary, one table).
//!
//! [`cross`] runs the study's events over a universe of tickers, each on its own calendar
//! ([`PreparedPair::cross_section`]); [`follow`] simulates following the call: the basket after
//! each event, the benchmark otherwise ([`PreparedPair::follow`]).

pub mod bounds;
pub mod cross;
pub mod events;
pub mod follow;
pub mod forward;
pub mod horizon;
pub mod returns;
pub mod significance;

mod cache;
mod decay;
mod layout;
mod options;
mod path;
mod pools;
mod prepared;
mod rank;
mod result;
mod subperiods;
mod summary;
mod sweep;

pub use layout::LegField;
pub use options::{
    DEFAULT_BOOTSTRAP_DRAWS, DEFAULT_HORIZONS, DEFAULT_PLACEBO_DRAWS, DEFAULT_SEED, EntryLag,
    LagError, MAX_LAG, StudyError, StudyOptions,
};
pub use path::{DEFAULT_PATH_BAND_DRAWS, DEFAULT_PATH_DAYS, PathOptions, PathResult};
pub use pools::PlaceboKey;
pub use prepared::PreparedPair;
pub use rank::DayRank;
pub use result::{
    ByHorizon, Event, Excursion, Forward, HorizonSummary, LagEdge, Leg, LegSummary, Study,
    SubPeriod, SubSummary, SweepCell,
};
pub use summary::MIN_EPISODES;
pub use sweep::sweep_thresholds;

#[cfg(test)]
mod lag_tests;
#[cfg(test)]
mod tests;
