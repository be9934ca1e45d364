//! The rotation spread study: events, their forward returns, and per-horizon summaries
//! beside the unconditional baseline.
//!
//! Baseline at horizon h: the same forward returns from *every* eligible day i (i ≥ 1,
//! from ≤ date(i) ≤ to) that has day i + h. Edge = event mean − baseline mean, per leg and
//! for the pair.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::align::AlignedPair;
use crate::date::Date;
use crate::events::{Direction, EventRule, find_events};
use crate::forward::{Forward, forward};
use crate::returns::{daily_returns, spread};
use crate::stats::{Describe, describe, mean};

/// Default horizons in trading days: 1 week, 1, 3, 6 and 12 months.
pub const DEFAULT_HORIZONS: [usize; 5] = [5, 21, 63, 126, 252];

/// Short name of a horizon: "1W", "1M", "3M", "6M", "12M" for the defaults, else "{h}d".
pub fn horizon_label(h: usize) -> String {
    match h {
        5 => "1W".into(),
        21 => "1M".into(),
        63 => "3M".into(),
        126 => "6M".into(),
        252 => "12M".into(),
        _ => format!("{h}d"),
    }
}

/// Why a study cannot run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StudyError {
    /// A horizon of 0 days.
    #[error("horizon 0 is not a number of trading days ahead; horizons start at 1")]
    ZeroHorizon,
    /// No horizons at all.
    #[error("at least one horizon is needed")]
    NoHorizons,
    /// The same horizon twice.
    #[error("horizon {0} is listed twice")]
    DuplicateHorizon(usize),
}

/// A pair prepared once for many studies: aligned closes and daily returns.
///
/// Changing the threshold re-runs [`PreparedPair::study`] without recomputing returns.
#[derive(Debug, Clone)]
pub struct PreparedPair {
    pair: AlignedPair,
    long_returns: Vec<f64>,
    short_returns: Vec<f64>,
    spread: Vec<f64>,
}

impl PreparedPair {
    /// Computes the daily returns and spread of an aligned pair.
    pub fn new(pair: AlignedPair) -> PreparedPair {
        let long_returns = daily_returns(pair.long());
        let short_returns = daily_returns(pair.short());
        let spread = spread(&long_returns, &short_returns);
        PreparedPair {
            pair,
            long_returns,
            short_returns,
            spread,
        }
    }

    /// The aligned closes.
    pub fn pair(&self) -> &AlignedPair {
        &self.pair
    }
    /// Daily spread (index 0 is NaN: no return on the first common day).
    pub fn spread(&self) -> &[f64] {
        &self.spread
    }
    /// Daily returns of the long leg (index 0 NaN).
    pub fn long_returns(&self) -> &[f64] {
        &self.long_returns
    }
    /// Daily returns of the short leg (index 0 NaN).
    pub fn short_returns(&self) -> &[f64] {
        &self.short_returns
    }

    /// Event indices under `rule`.
    pub fn events(&self, rule: &EventRule) -> Vec<usize> {
        find_events(self.pair.dates(), &self.spread, rule)
    }

    /// Runs the study for `rule` at `horizons` (trading days, ≥ 1, distinct; order kept).
    pub fn study(&self, rule: &EventRule, horizons: &[usize]) -> Result<Study, StudyError> {
        check_horizons(horizons)?;
        let dates = self.pair.dates();
        let idx = self.events(rule);
        let events: Vec<Event> = idx
            .iter()
            .map(|&i| Event {
                index: i,
                date: dates[i],
                long_return: self.long_returns[i],
                short_return: self.short_returns[i],
                spread: self.spread[i],
                forward: ByHorizon(
                    horizons
                        .iter()
                        .map(|&h| (h, forward(&self.pair, i, h)))
                        .collect(),
                ),
            })
            .collect();
        let eligible = rule.eligible(dates);
        let summary = horizons
            .iter()
            .enumerate()
            .map(|(k, &h)| {
                let complete: Vec<Forward> =
                    events.iter().filter_map(|e| e.forward.0[k].1).collect();
                let baseline: Vec<Forward> = eligible
                    .clone()
                    .filter_map(|i| forward(&self.pair, i, h))
                    .collect();
                HorizonSummary::new(h, events.len(), &complete, &baseline)
            })
            .collect();
        Ok(Study {
            long: self.pair.long_ticker().to_owned(),
            short: self.pair.short_ticker().to_owned(),
            threshold_pct: rule.threshold_pct(),
            direction: rule.direction(),
            cooloff: rule.cooloff(),
            from: rule.from(),
            to: rule.to(),
            first_common_date: dates[0],
            last_common_date: dates[dates.len() - 1],
            common_days: dates.len(),
            eligible_days: eligible.len(),
            event_count: events.len(),
            events,
            summary,
        })
    }
}

fn check_horizons(horizons: &[usize]) -> Result<(), StudyError> {
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

/// The whole result, serialised as the CLI's `--json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Study {
    pub long: String,
    pub short: String,
    pub threshold_pct: f64,
    pub direction: Direction,
    pub cooloff: usize,
    pub from: Option<Date>,
    pub to: Option<Date>,
    /// First and last date both tickers have.
    pub first_common_date: Date,
    pub last_common_date: Date,
    /// Number of dates both tickers have.
    pub common_days: usize,
    /// Days that could be events (i ≥ 1 within from … to).
    pub eligible_days: usize,
    pub event_count: usize,
    pub events: Vec<Event>,
    pub summary: Vec<HorizonSummary>,
}

/// One event day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// Index of the day on the common calendar.
    #[serde(skip)]
    pub index: usize,
    pub date: Date,
    pub long_return: f64,
    pub short_return: f64,
    pub spread: f64,
    /// Forward returns per horizon; `None` (JSON `null`) marks an incomplete window.
    pub forward: ByHorizon,
}

/// Forward returns keyed by horizon, in the study's horizon order; serialises as a JSON object
/// `{"63": {"long", "short", "pair"} | null, …}`.
#[derive(Debug, Clone, PartialEq)]
pub struct ByHorizon(pub Vec<(usize, Option<Forward>)>);

impl ByHorizon {
    /// The forward returns at horizon `h`, `None` if incomplete or not studied.
    pub fn get(&self, h: usize) -> Option<Forward> {
        self.0.iter().find(|(k, _)| *k == h).and_then(|(_, f)| *f)
    }
}

impl Serialize for ByHorizon {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (h, f) in &self.0 {
            map.serialize_entry(&h.to_string(), f)?;
        }
        map.end()
    }
}

/// Statistics of one horizon. Returns are fractions; `None` (JSON `null`) where a statistic
/// has no sample.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HorizonSummary {
    pub horizon: usize,
    /// Events with a complete window.
    pub count: usize,
    /// Events whose window runs past the data.
    pub incomplete: usize,
    pub long_mean: Option<f64>,
    pub long_median: Option<f64>,
    pub long_hit_rate: Option<f64>,
    pub long_min: Option<f64>,
    pub long_max: Option<f64>,
    pub long_std: Option<f64>,
    pub short_mean: Option<f64>,
    pub short_median: Option<f64>,
    pub short_hit_rate: Option<f64>,
    pub short_min: Option<f64>,
    pub short_max: Option<f64>,
    pub short_std: Option<f64>,
    pub pair_mean: Option<f64>,
    pub pair_median: Option<f64>,
    pub pair_hit_rate: Option<f64>,
    pub pair_min: Option<f64>,
    pub pair_max: Option<f64>,
    pub pair_std: Option<f64>,
    /// Eligible days with a complete window.
    pub baseline_count: usize,
    pub baseline_long_mean: Option<f64>,
    pub baseline_short_mean: Option<f64>,
    pub baseline_pair_mean: Option<f64>,
    /// Event mean − baseline mean.
    pub long_edge: Option<f64>,
    pub short_edge: Option<f64>,
    pub pair_edge: Option<f64>,
}

impl HorizonSummary {
    fn new(
        horizon: usize,
        events: usize,
        complete: &[Forward],
        baseline: &[Forward],
    ) -> HorizonSummary {
        let leg = |f: fn(&Forward) -> f64| -> (Option<Describe>, Option<f64>) {
            let ev: Vec<f64> = complete.iter().map(f).collect();
            let base: Vec<f64> = baseline.iter().map(f).collect();
            (describe(&ev), mean(&base))
        };
        let (l, bl) = leg(|f| f.long);
        let (s, bs) = leg(|f| f.short);
        let (p, bp) = leg(|f| f.pair);
        let edge = |d: Option<Describe>, b: Option<f64>| Some(d?.mean - b?);
        HorizonSummary {
            horizon,
            count: complete.len(),
            incomplete: events - complete.len(),
            long_mean: l.map(|d| d.mean),
            long_median: l.map(|d| d.median),
            long_hit_rate: l.map(|d| d.hit_rate),
            long_min: l.map(|d| d.min),
            long_max: l.map(|d| d.max),
            long_std: l.and_then(|d| d.std),
            short_mean: s.map(|d| d.mean),
            short_median: s.map(|d| d.median),
            short_hit_rate: s.map(|d| d.hit_rate),
            short_min: s.map(|d| d.min),
            short_max: s.map(|d| d.max),
            short_std: s.and_then(|d| d.std),
            pair_mean: p.map(|d| d.mean),
            pair_median: p.map(|d| d.median),
            pair_hit_rate: p.map(|d| d.hit_rate),
            pair_min: p.map(|d| d.min),
            pair_max: p.map(|d| d.max),
            pair_std: p.and_then(|d| d.std),
            baseline_count: baseline.len(),
            baseline_long_mean: bl,
            baseline_short_mean: bs,
            baseline_pair_mean: bp,
            long_edge: edge(l, bl),
            short_edge: edge(s, bs),
            pair_edge: edge(p, bp),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::series::Series;
    use proptest::prelude::*;

    fn prepared(long: &[f64], short: &[f64]) -> PreparedPair {
        let dates: Vec<Date> = (0..long.len() as i32).map(Date::from_days).collect();
        PreparedPair::new(
            AlignedPair::new(
                &Series::new("L", dates.clone(), long.to_vec()).unwrap(),
                &Series::new("S", dates, short.to_vec()).unwrap(),
            )
            .unwrap(),
        )
    }

    fn rule(t: f64, dir: Direction) -> EventRule {
        EventRule::new(t, dir, 0, None, None).unwrap()
    }

    #[test]
    fn small_study_by_hand() {
        // Day 1: long +10 %, short 0 → spread 0.10 (event). Day 3: long +5 %, short −5 % (event).
        let long = [100.0, 110.0, 110.0, 115.5, 115.5];
        let short = [100.0, 100.0, 100.0, 95.0, 95.0];
        let s = prepared(&long, &short)
            .study(&rule(4.0, Direction::Up), &[1, 2])
            .unwrap();
        assert_eq!(s.event_count, 2);
        assert_eq!(s.events[0].date, Date::from_days(1));
        assert!((s.events[1].spread - 0.10).abs() < 1e-12);
        // h = 2: event 1 → long 115.5/110 − 1 = 0.05, short −0.05; event 3 incomplete (day 5).
        let h2 = &s.summary[1];
        assert_eq!((h2.count, h2.incomplete), (1, 1));
        assert!((h2.long_mean.unwrap() - 0.05).abs() < 1e-12);
        assert!((h2.pair_mean.unwrap() - 0.10).abs() < 1e-12);
        assert_eq!(h2.long_std, None);
        assert_eq!(s.events[1].forward.get(2), None);
        // Baseline h = 2 over days 1, 2 (days 3, 4 lack day +2): long 0.05 and 0.05.
        assert_eq!(h2.baseline_count, 2);
        assert!((h2.baseline_long_mean.unwrap() - 0.05).abs() < 1e-12);
        assert!(h2.long_edge.unwrap().abs() < 1e-12);
    }

    #[test]
    fn horizons_are_checked() {
        let p = prepared(&[1.0, 2.0], &[1.0, 1.0]);
        let r = rule(1.0, Direction::Up);
        assert_eq!(p.study(&r, &[]), Err(StudyError::NoHorizons));
        assert_eq!(p.study(&r, &[5, 0]), Err(StudyError::ZeroHorizon));
        assert_eq!(
            p.study(&r, &[5, 21, 5]),
            Err(StudyError::DuplicateHorizon(5))
        );
    }

    /// Naive recomputation: loop over every day and horizon, no shared helpers.
    fn naive_means(long: &[f64], short: &[f64], t: f64, h: usize) -> (usize, f64, f64, f64) {
        let (mut n, mut sl, mut ss) = (0usize, 0.0, 0.0);
        let mut bl = Vec::new();
        for i in 1..long.len() {
            if i + h < long.len() {
                bl.push(long[i + h] / long[i] - 1.0);
            }
            let sp = (long[i] / long[i - 1] - 1.0) - (short[i] / short[i - 1] - 1.0);
            if sp >= t / 100.0 && i + h < long.len() {
                n += 1;
                sl += long[i + h] / long[i] - 1.0;
                ss += short[i + h] / short[i] - 1.0;
            }
        }
        let base = bl.iter().sum::<f64>() / bl.len() as f64;
        (n, sl / n as f64, ss / n as f64, base)
    }

    fn walk(steps: Vec<f64>) -> Vec<f64> {
        let mut p = 100.0;
        steps
            .into_iter()
            .map(|r| {
                p *= 1.0 + r;
                p
            })
            .collect()
    }

    proptest! {
        #[test]
        fn summary_equals_naive(
            a in proptest::collection::vec(-0.06f64..0.06, 30..200),
            b in proptest::collection::vec(-0.06f64..0.06, 30..200),
            t in 0.5f64..5.0, h in 1usize..20,
        ) {
            let n = a.len().min(b.len());
            let (long, short) = (walk(a[..n].to_vec()), walk(b[..n].to_vec()));
            let s = prepared(&long, &short).study(&rule(t, Direction::Up), &[h]).unwrap();
            let (cnt, ml, ms, base) = naive_means(&long, &short, t, h);
            let row = &s.summary[0];
            prop_assert_eq!(row.count, cnt);
            if cnt > 0 {
                prop_assert!((row.long_mean.unwrap() - ml).abs() < 1e-12);
                prop_assert!((row.short_mean.unwrap() - ms).abs() < 1e-12);
                prop_assert!((row.pair_mean.unwrap() - (ml - ms)).abs() < 1e-12);
            } else {
                prop_assert_eq!(row.long_mean, None);
            }
            if row.baseline_count > 0 {
                prop_assert!((row.baseline_long_mean.unwrap() - base).abs() < 1e-12);
            }
        }

        #[test]
        fn swapping_legs_negates_spread_and_swaps_stats(
            a in proptest::collection::vec(-0.06f64..0.06, 30..150),
            b in proptest::collection::vec(-0.06f64..0.06, 30..150),
            t in 0.5f64..5.0,
        ) {
            let n = a.len().min(b.len());
            let (long, short) = (walk(a[..n].to_vec()), walk(b[..n].to_vec()));
            let p = prepared(&long, &short);
            let q = PreparedPair::new(p.pair().swapped());
            for (x, y) in p.spread().iter().zip(q.spread()).skip(1) {
                prop_assert_eq!(*x, -*y);
            }
            // "Up" on the original is "down" on the swapped pair: same days.
            let s1 = p.study(&rule(t, Direction::Up), &[5, 10]).unwrap();
            let s2 = q.study(&rule(t, Direction::Down), &[5, 10]).unwrap();
            prop_assert_eq!(s1.event_count, s2.event_count);
            for (r1, r2) in s1.summary.iter().zip(&s2.summary) {
                prop_assert_eq!(r1.count, r2.count);
                prop_assert_eq!(r1.long_mean, r2.short_mean);
                prop_assert_eq!(r1.short_median, r2.long_median);
                prop_assert_eq!(r1.long_hit_rate, r2.short_hit_rate);
                prop_assert_eq!(r1.baseline_long_mean, r2.baseline_short_mean);
                if let (Some(x), Some(y)) = (r1.pair_mean, r2.pair_mean) {
                    prop_assert!((x + y).abs() < 1e-12);
                }
            }
        }
    }
}
