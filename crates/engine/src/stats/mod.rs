//! Statistics of plain numbers: no prices, dates or tickers, only samples, positions and
//! clusters. The [`study`](crate::study) layer feeds them forward returns.
//!
//! - [`descriptive`]: mean, median, hit rate, extremes, standard deviation;
//! - [`binomial`]: the Wilson interval of a measured rate;
//! - [`overlap`]: clusters of overlapping windows and the overlap-aware t statistic;
//! - [`bootstrap`]: 95 % intervals resampling whole clusters;
//! - [`placebo`]: random-date placebo sets and their p-values;
//! - [`multiple`]: multiple testing over a family of placebo tests (max-T adjusted p, BH q);
//! - [`random`]: the generator, exact uniform positions and the named generator streams;
//! - [`student`]: Student's t two-sided p-value (regularised incomplete beta).

pub mod binomial;
pub mod bootstrap;
pub mod descriptive;
pub mod multiple;
pub mod overlap;
pub mod placebo;
pub mod random;
pub mod student;

pub use descriptive::{Describe, describe, mean, sample_std};
