//! The average path after the events and its bootstrap band, as the page draws it and the
//! CLI's `--json` reports it (`path`).

use serde::{Deserialize, Serialize};

use crate::stats::bootstrap::Interval;
use crate::study::forward::{PathPoint, average_path, path_band};
use crate::study::options::{DEFAULT_SEED, EntryLag, StudyOptions};
use crate::study::prepared::PreparedPair;

/// Default last day of the average path: 252 trading days (a year).
pub const DEFAULT_PATH_DAYS: usize = 252;
/// Default bootstrap samples of the path band (each costs a pass over the days × events).
pub const DEFAULT_PATH_BAND_DRAWS: usize = 500;

/// How the average path is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathOptions {
    /// Last day after the event (default [`DEFAULT_PATH_DAYS`]).
    pub days: usize,
    /// Bootstrap samples of the band; 0 gives no band (default [`DEFAULT_PATH_BAND_DRAWS`]).
    pub band_draws: usize,
    /// Seed of the band's generator stream: the study's seed (default [`DEFAULT_SEED`]).
    pub seed: u64,
    /// The study's entry lag: day 0 of the path is each event's entry day (default 0).
    pub lag: EntryLag,
}

impl Default for PathOptions {
    fn default() -> Self {
        PathOptions {
            days: DEFAULT_PATH_DAYS,
            band_draws: DEFAULT_PATH_BAND_DRAWS,
            seed: DEFAULT_SEED,
            lag: EntryLag::ZERO,
        }
    }
}

impl PathOptions {
    /// Default days and draws with the study's `seed`.
    pub fn with_seed(seed: u64) -> PathOptions {
        PathOptions {
            seed,
            ..PathOptions::default()
        }
    }

    /// Default days and draws with the study's seed and entry lag.
    pub fn of_study(opts: &StudyOptions) -> PathOptions {
        PathOptions {
            seed: opts.seed,
            lag: opts.lag,
            ..PathOptions::default()
        }
    }
}

/// The average path and its band; returns are fractions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathResult {
    /// The path's last day as asked (the points may stop earlier, see `points`).
    pub days: usize,
    /// Bootstrap samples behind the band.
    pub band_draws: usize,
    /// Mean cumulative return of each leg and the pair at day k = 0, 1, …, over the events
    /// that reach day k; stops at the first day no event reaches.
    pub points: Vec<PathPoint>,
    /// 95 % cluster-bootstrap interval of the pair's point at each day, `[low, high]` (as long
    /// as `points`, or empty without draws or events).
    pub band: Vec<Interval>,
}

impl PreparedPair {
    /// The average path after `events` (day indices, increasing, as in
    /// [`Event::index`](crate::study::Event::index)) and its 95 % band. The path starts at each
    /// event's entry day e = i + `options.lag` (the study's windows start there too): day 0 is
    /// the entry close, where every path is 0; an event whose entry is past the data is left out.
    ///
    /// # Formula
    ///
    /// point(k) = mean over the events with day e + k in the data of close(e + k) / close(e) − 1
    /// (per leg; pair = long − short). The band resamples whole clusters of events whose
    /// `days`-long windows from their entries overlap, `band_draws` times on the
    /// [`Stream::PathBand`](crate::stats::random::Stream::PathBand) generator, and takes the
    /// 2.5 % and 97.5 % quantiles of the resampled pair means at each k.
    ///
    /// # Example
    ///
    /// ```
    /// use equalizer_engine::study::PathOptions;
    /// use equalizer_engine::{AlignedPair, Date, PreparedPair, Series};
    ///
    /// let dates: Vec<Date> = (0..6).map(|k| Date::from_days(20_000 + k)).collect();
    /// let long = vec![100.0, 100.0, 110.0, 121.0, 121.0, 121.0];
    /// let pair = AlignedPair::new(
    ///     &Series::new("L", dates.clone(), long)?,
    ///     &Series::new("S", dates, vec![10.0; 6])?,
    /// )?;
    /// let options = PathOptions { days: 2, band_draws: 100, seed: 1, ..PathOptions::default() };
    /// let path = PreparedPair::new(pair).average_path(&[1], &options);
    /// // One event on day 1: +10 % a day later, +21 % two days later.
    /// assert_eq!(path.points.len(), 3);
    /// assert!((path.points[2].pair - 0.21).abs() < 1e-12);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn average_path(&self, events: &[usize], options: &PathOptions) -> PathResult {
        let n = self.pair().dates().len();
        let entries: Vec<usize> = events
            .iter()
            .map(|&i| i + options.lag.days())
            .filter(|&e| e < n)
            .collect();
        let points = average_path(self.pair(), &entries, options.days);
        // No events or no draws: no bootstrap sample, so an empty band.
        let band = path_band(
            self.pair(),
            &entries,
            options.days,
            options.band_draws,
            options.seed,
        );
        PathResult {
            days: options.days,
            band_draws: options.band_draws,
            points,
            band,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::align::AlignedPair;
    use crate::data::date::Date;
    use crate::data::series::Series;
    use crate::study::forward::naive_band;

    fn prepared(n: usize) -> PreparedPair {
        let dates: Vec<Date> = (0..n as i32).map(Date::from_days).collect();
        let long: Vec<f64> = (0..n)
            .map(|k| 100.0 + ((k * 31) % 17) as f64 + k as f64 * 0.2)
            .collect();
        let short: Vec<f64> = (0..n).map(|k| 40.0 + ((k * 13) % 7) as f64).collect();
        PreparedPair::new(
            AlignedPair::new(
                &Series::new("L", dates.clone(), long).unwrap(),
                &Series::new("S", dates, short).unwrap(),
            )
            .unwrap(),
        )
    }

    #[test]
    fn path_and_band_equal_naive_loops() {
        let p = prepared(300);
        let events = [5, 9, 30, 31, 120, 250, 290];
        let options = PathOptions {
            days: 40,
            band_draws: 300,
            seed: 3,
            lag: EntryLag::ZERO,
        };
        let got = p.average_path(&events, &options);
        // Points: a plain loop over days and events.
        let (long, short) = (p.pair().long(), p.pair().short());
        for (k, point) in got.points.iter().enumerate() {
            let reach: Vec<usize> = events.iter().copied().filter(|i| i + k < 300).collect();
            let mean = |c: &[f64]| {
                reach.iter().map(|&i| c[i + k] / c[i] - 1.0).sum::<f64>() / reach.len() as f64
            };
            assert_eq!((point.day, point.count), (k, reach.len()));
            assert!((point.long - mean(long)).abs() < 1e-12);
            assert!((point.pair - (mean(long) - mean(short))).abs() < 1e-12);
        }
        assert_eq!(got.points.len(), 41);
        // Band: each bootstrap sample's events listed and averaged one by one.
        let naive = naive_band(p.pair(), &events, 40, 300, 3);
        assert_eq!(got.band.len(), naive.len());
        for (a, b) in got.band.iter().zip(&naive) {
            assert!((a.0 - b.0).abs() < 1e-12 && (a.1 - b.1).abs() < 1e-12);
        }
    }

    #[test]
    fn the_band_follows_the_seed_and_needs_events_and_draws() {
        let p = prepared(300);
        let events = [5, 9, 30, 31, 120, 250, 290];
        let at = |seed, band_draws| {
            p.average_path(
                &events,
                &PathOptions {
                    days: 20,
                    band_draws,
                    seed,
                    lag: EntryLag::ZERO,
                },
            )
        };
        assert_eq!(at(7, 200), at(7, 200));
        assert_ne!(at(7, 200).band, at(8, 200).band);
        assert!(at(7, 0).band.is_empty());
        let none = p.average_path(&[], &PathOptions::default());
        assert!(none.points.is_empty() && none.band.is_empty());
        assert_eq!(PathOptions::with_seed(5).days, DEFAULT_PATH_DAYS);
    }
}
