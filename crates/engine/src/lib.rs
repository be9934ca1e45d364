//! # equalizer-engine
//!
//! The rotation spread study behind Equalizer: after days when one ETF beat another by at
//! least a threshold, what did both do next? Pure Rust, no I/O and no web dependencies; the
//! same code runs in the native `equalizer` CLI and, compiled to WebAssembly, in the page.
//!
//! Three layers, each using only the ones above it:
//! - [`data`]: prices in: calendar days, validated series, the Yahoo CSV parser, adjustment-seam
//!   corrections, the page's JSON bundle, and two series aligned on their common dates;
//! - [`stats`]: statistics of plain numbers, with no notion of prices or dates: descriptive
//!   statistics, overlapping windows, the cluster bootstrap, the random-date placebo and the
//!   random generator whose streams make native and wasm numbers identical;
//! - [`study`]: the study itself: returns and the spread, threshold events, horizons, forward
//!   returns, and [`PreparedPair`], which puts them together into a [`Study`].
//!
//! Beside them, [`article`] replicates the article that prompted Equalizer and [`export`] writes
//! a study as CSV. The old one-level module paths (`equalizer_engine::date`,
//! `equalizer_engine::placebo`, …) are re-exported, so callers keep their short paths.

#![warn(missing_docs)]

pub mod article;
pub mod data;
pub mod export;
pub mod stats;
pub mod study;
#[cfg(any(test, feature = "testkit"))]
pub mod testkit;

pub use data::{align, bundle, corrections, date, series, yahoo};
pub use stats::{bootstrap, overlap, placebo, random};
pub use study::{bounds, events, forward, horizon, returns};

pub use data::align::{AlignError, AlignedPair};
pub use data::date::{Date, DateError};
pub use data::series::{Series, SeriesError};
pub use study::events::ThresholdUnit;
pub use study::events::{Direction, EventRule, RangeError, RuleError};
pub use study::horizon::HorizonUnit;
pub use study::{DEFAULT_HORIZONS, DayRank, PreparedPair, Study, StudyError, StudyOptions};
