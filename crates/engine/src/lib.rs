//! # equalizer-engine
//!
//! The rotation spread study behind Equalizer: after days when one ETF beat another by at
//! least a threshold, what did both do next? Pure Rust, no I/O and no web dependencies; the
//! same code runs in the native `equalizer` CLI and, compiled to WebAssembly, in the page.
//!
//! One concept per module:
//! - [`date`]: calendar days;
//! - [`series`]: a validated price series; [`yahoo`] parses the three Yahoo CSV layouts into one;
//!   [`corrections`] applies adjustment-seam corrections;
//! - [`align`]: two series on their common dates;
//! - [`returns`]: daily returns and the spread;
//! - [`events`]: threshold events with direction, range and cool-off;
//! - [`forward`]: forward returns and the average path; [`stats`]: descriptive statistics;
//! - [`study`]: events, forward statistics and baseline put together;
//! - [`bundle`]: the compact JSON data bundle the page fetches.

pub mod align;
pub mod article;
pub mod bootstrap;
pub mod bundle;
pub mod corrections;
pub mod date;
pub mod events;
pub mod export;
pub mod forward;
pub mod horizon;
pub mod overlap;
pub mod placebo;
pub mod returns;
pub mod series;
pub mod stats;
pub mod study;
pub mod testkit;
pub mod yahoo;

pub use align::{AlignError, AlignedPair};
pub use date::{Date, DateError};
pub use events::ThresholdUnit;
pub use events::{Direction, EventRule, RuleError};
pub use horizon::HorizonUnit;
pub use series::{Series, SeriesError};
pub use study::{DEFAULT_HORIZONS, PreparedPair, Study, StudyError, StudyOptions};
