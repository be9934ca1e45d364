//! A deterministic synthetic pair for cross-platform checks: the native build and the wasm
//! build must produce byte-identical study JSON from it (placebo and bootstrap included).

use crate::data::align::AlignedPair;
use crate::data::date::Date;
use crate::data::series::Series;
use crate::study::events::{Direction, EventRule};
use crate::study::{HorizonSummary, PreparedPair, StudyOptions};

/// Two random walks of `n` weekdays from 2001-01-01, driven by a fixed integer recurrence
/// (no floating-point library calls, so every platform computes the same closes).
pub fn synthetic_pair(n: usize) -> Option<AlignedPair> {
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut step = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        ((state >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 0.06
    };
    let start = Date::from_ymd(2001, 1, 1)?.days();
    let dates: Vec<Date> = (0..)
        .map(|k| start + k)
        .filter(|d| (d + 3).rem_euclid(7) < 5)
        .take(n)
        .map(Date::from_days)
        .collect();
    let (mut a, mut b) = (100.0, 100.0);
    let mut long = Vec::with_capacity(n);
    let mut short = Vec::with_capacity(n);
    for _ in 0..n {
        a *= 1.0 + step();
        b *= 1.0 + step();
        long.push(a);
        short.push(b);
    }
    let l = Series::new("SYN-L", dates.clone(), long).ok()?;
    let s = Series::new("SYN-S", dates, short).ok()?;
    AlignedPair::new(&l, &s).ok()
}

/// The rule and options of the parity check: abs ≥ 5 %, cool-off 2, default horizons, 2,000
/// placebo sets and 500 bootstrap samples, seed 99.
pub fn parity_settings() -> Option<(EventRule, StudyOptions)> {
    let rule = EventRule::new(5.0, Direction::Abs, 2, None, None).ok()?;
    let opts = StudyOptions {
        placebo_draws: 2_000,
        bootstrap_draws: 500,
        seed: 99,
        split_year: Some(2005),
        ..StudyOptions::default()
    };
    Some((rule, opts))
}

/// A real horizon summary for tests to vary: the parity study's longest horizon on the
/// synthetic pair of 3,000 days.
pub fn parity_summary() -> Option<HorizonSummary> {
    let (rule, opts) = parity_settings()?;
    let study = PreparedPair::new(synthetic_pair(3000)?)
        .study(&rule, &opts)
        .ok()?;
    study.summary.last().cloned()
}
