//! Forward returns after a day, per horizon, and the average path after events.
//!
//! For a day i and a horizon of h trading days (on the common calendar):
//!
//! fwd(i, h) = close(i + h) / close(i) − 1
//!
//! for each leg, and pair(i, h) = fwd_long(i, h) − fwd_short(i, h). If day i + h is not in
//! the data the forward return does not exist: such an event is *incomplete* at that horizon
//! and is left out of that horizon's statistics, never truncated to a shorter window.

use serde::{Deserialize, Serialize};

use crate::data::align::AlignedPair;
use crate::stats::mean;

/// Forward returns of both legs and the pair over one window.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Forward {
    /// Forward return of the long leg.
    pub long: f64,
    /// Forward return of the short leg.
    pub short: f64,
    /// long − short.
    pub pair: f64,
}

/// The forward return from day i over h days, or `None` when day i + h is past the data.
///
/// # Formula
///
/// close(i + h) / close(i) − 1.
pub fn forward_return(close: &[f64], i: usize, h: usize) -> Option<f64> {
    let j = i.checked_add(h)?;
    Some(close.get(j)? / close.get(i)? - 1.0)
}

/// Both legs' forward returns from day `i` over `h` days, `None` when incomplete.
pub fn forward(pair: &AlignedPair, i: usize, h: usize) -> Option<Forward> {
    let long = forward_return(pair.long(), i, h)?;
    let short = forward_return(pair.short(), i, h)?;
    Some(Forward {
        long,
        short,
        pair: long - short,
    })
}

/// One point of the average path: mean cumulative return k days after the event close.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PathPoint {
    /// Trading days after the event day.
    pub day: usize,
    /// Events that reach day k.
    pub count: usize,
    /// Mean cumulative return of the long leg.
    pub long: f64,
    /// Mean cumulative return of the short leg.
    pub short: f64,
    /// Mean cumulative return of the pair (long − short).
    pub pair: f64,
}

/// Mean cumulative forward return at k = 0 … `max_day` over the events that reach day k;
/// stops at the first k no event reaches.
///
/// # Formula
///
/// point(k) = (1 / Nₖ) Σ over the Nₖ events i with day i + k in the data of
/// close(i + k) / close(i) − 1, per leg; pair = long − short.
pub fn average_path(pair: &AlignedPair, events: &[usize], max_day: usize) -> Vec<PathPoint> {
    // No event reaches past the last day: a larger `max_day` changes nothing but the work.
    let max_day = max_day.min(pair.len() - 1);
    let mut out = Vec::with_capacity(max_day + 1);
    let mut buf: Vec<Forward> = Vec::with_capacity(events.len());
    for k in 0..=max_day {
        buf.clear();
        buf.extend(events.iter().filter_map(|&i| forward(pair, i, k)));
        if buf.is_empty() {
            break;
        }
        let m =
            |f: fn(&Forward) -> f64| mean(&buf.iter().map(f).collect::<Vec<_>>()).unwrap_or(0.0);
        out.push(PathPoint {
            day: k,
            count: buf.len(),
            long: m(|f| f.long),
            short: m(|f| f.short),
            pair: m(|f| f.pair),
        });
    }
    out
}

/// 95 % cluster-bootstrap band of the mean cumulative *pair* return at k = 0 … `max_day`.
///
/// Events are clustered by overlapping `max_day` windows (clipped at the data's end) and whole
/// clusters are resampled `draws` times ([`crate::stats::bootstrap`]); at each k the band is the 2.5 %
/// and 97.5 % quantiles of the resampled means over events that reach day k. Seeded like the
/// study, so it is identical natively and in the page.
pub fn path_band(
    pair: &AlignedPair,
    events: &[usize],
    max_day: usize,
    draws: usize,
    seed: u64,
) -> Vec<crate::stats::bootstrap::Interval> {
    let n = pair.len();
    let ends: Vec<usize> = events
        .iter()
        .map(|&i| i.saturating_add(max_day).min(n - 1))
        .collect();
    let ids = crate::stats::overlap::clusters(events, &ends);
    // The stream is named by the days asked (so the figures stay as they were); the sums need
    // only the days an event can reach, so a huge `max_day` costs nothing more.
    let mut rng = crate::stats::random::Stream::PathBand { days: max_day }.generator(seed);
    let max_day = max_day.min(n - 1);
    // Cluster numbers per sample (the same draws as `resample`, without listing events).
    let (clusters, picks) = crate::stats::bootstrap::resample_clusters(&ids, draws, &mut rng);
    // Each cluster's summed pair path and how many of its events reach each day, computed once:
    // a bootstrap sample's mean path is then a sum of cluster rows.
    let days = max_day + 1;
    let mut sums = vec![0.0; clusters * days];
    let mut counts = vec![0u32; clusters * days];
    for (e, &i) in events.iter().enumerate() {
        let row = ids[e] * days;
        for k in 0..days {
            match forward(pair, i, k) {
                Some(f) => {
                    sums[row + k] += f.pair;
                    counts[row + k] += 1;
                }
                None => break,
            }
        }
    }
    let mut means: Vec<Vec<f64>> = vec![Vec::with_capacity(draws); days];
    let (mut s, mut c) = (vec![0.0; days], vec![0u32; days]);
    for sample in picks.chunks_exact(clusters.max(1)) {
        s.iter_mut().for_each(|v| *v = 0.0);
        c.iter_mut().for_each(|v| *v = 0);
        // Add each drawn cluster's row once per draw.
        for &cluster in sample {
            let row = cluster as usize * days;
            for k in 0..days {
                s[k] += sums[row + k];
                c[k] += counts[row + k];
            }
        }
        for k in 0..days {
            if c[k] > 0 {
                means[k].push(s[k] / f64::from(c[k]));
            }
        }
    }
    let mut band = Vec::with_capacity(days);
    for m in &mut means {
        match crate::stats::bootstrap::interval95(m) {
            Some(i) => band.push(i),
            None => break,
        }
    }
    band
}

#[cfg(test)]
/// Naive band: for every sample and day, average `forward` over the sample's events.
pub(crate) fn naive_band(
    p: &AlignedPair,
    events: &[usize],
    max_day: usize,
    draws: usize,
    seed: u64,
) -> Vec<crate::stats::bootstrap::Interval> {
    let n = p.len();
    let ends: Vec<usize> = events.iter().map(|&i| (i + max_day).min(n - 1)).collect();
    let ids = crate::stats::overlap::clusters(events, &ends);
    let mut rng = crate::stats::random::Stream::PathBand { days: max_day }.generator(seed);
    let samples = crate::stats::bootstrap::resample(&ids, draws, &mut rng);
    let mut band = Vec::new();
    for k in 0..=max_day {
        let mut means = Vec::new();
        for s in &samples {
            let v: Vec<f64> = s
                .iter()
                .filter_map(|&q| forward(p, events[q], k))
                .map(|f| f.pair)
                .collect();
            if !v.is_empty() {
                means.push(v.iter().sum::<f64>() / v.len() as f64);
            }
        }
        match crate::stats::bootstrap::interval95(&mut means) {
            Some(i) => band.push(i),
            None => break,
        }
    }
    band
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::date::Date;
    use crate::data::series::Series;

    fn pair(long: &[f64], short: &[f64]) -> AlignedPair {
        let dates: Vec<Date> = (0..long.len() as i32).map(Date::from_days).collect();
        AlignedPair::new(
            &Series::new("L", dates.clone(), long.to_vec()).unwrap(),
            &Series::new("S", dates, short.to_vec()).unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn forward_and_incomplete() {
        let p = pair(&[100.0, 110.0, 121.0], &[50.0, 50.0, 40.0]);
        let f = forward(&p, 0, 2).unwrap();
        assert!((f.long - 0.21).abs() < 1e-12);
        assert!((f.short + 0.2).abs() < 1e-12);
        assert!((f.pair - 0.41).abs() < 1e-12);
        assert_eq!(forward(&p, 1, 2), None);
        assert_eq!(forward_return(&[1.0], 0, usize::MAX), None);
    }

    /// A path asked beyond the data (up to usize::MAX days) ends where the data ends, with the
    /// same points and band as one asked to the last day, and allocates nothing more.
    #[test]
    fn paths_asked_beyond_the_data_end_with_it() {
        let p = pair(&[100.0, 110.0, 121.0, 100.0], &[50.0, 50.0, 40.0, 45.0]);
        let events = [1, 2];
        assert_eq!(
            average_path(&p, &events, usize::MAX),
            average_path(&p, &events, 3)
        );
        let band = path_band(&p, &events, usize::MAX, 50, 7);
        assert_eq!(band.len(), average_path(&p, &events, 3).len());
    }

    #[test]
    fn band_equals_naive_recomputation() {
        let long: Vec<f64> = (0..300)
            .map(|k| 100.0 + ((k * 31) % 17) as f64 + k as f64 * 0.2)
            .collect();
        let short: Vec<f64> = (0..300).map(|k| 40.0 + ((k * 13) % 7) as f64).collect();
        let p = pair(&long, &short);
        let events = [5, 9, 30, 31, 120, 250, 290];
        let fast = path_band(&p, &events, 40, 300, 3);
        let slow = naive_band(&p, &events, 40, 300, 3);
        assert_eq!(fast.len(), slow.len());
        for (a, b) in fast.iter().zip(&slow) {
            assert!(
                (a.0 - b.0).abs() < 1e-12 && (a.1 - b.1).abs() < 1e-12,
                "{a:?} vs {b:?}"
            );
        }
    }

    #[test]
    fn band_brackets_the_mean_path_and_is_seeded() {
        let long: Vec<f64> = (0..400)
            .map(|k| 100.0 + ((k * 37) % 23) as f64 + k as f64 * 0.1)
            .collect();
        let short: Vec<f64> = (0..400).map(|k| 50.0 + ((k * 17) % 11) as f64).collect();
        let p = pair(&long, &short);
        let events = [10, 12, 40, 100, 150, 151, 300];
        let path = average_path(&p, &events, 60);
        let band = path_band(&p, &events, 60, 400, 7);
        assert_eq!(band.len(), path.len());
        assert_eq!(band[0], crate::stats::bootstrap::Interval(0.0, 0.0));
        let inside = path
            .iter()
            .zip(&band)
            .filter(|(pt, b)| b.contains(pt.pair))
            .count();
        assert!(
            inside as f64 >= 0.9 * path.len() as f64,
            "{inside} of {}",
            path.len()
        );
        assert_eq!(band, path_band(&p, &events, 60, 400, 7));
        // Another seed, other draws. (Over 60 days the seven events form three clusters, whose
        // few resamples can give the same quantiles for any seed; over 20 days they are seven.)
        assert_ne!(
            path_band(&p, &events, 20, 400, 7),
            path_band(&p, &events, 20, 400, 8)
        );
    }

    #[test]
    fn path_averages_only_events_that_reach_the_day() {
        let p = pair(&[100.0, 110.0, 121.0, 121.0], &[10.0, 10.0, 10.0, 10.0]);
        let path = average_path(&p, &[1, 2], 5);
        assert_eq!(path.len(), 3); // k = 0, 1, 2; nobody reaches 3
        assert_eq!(path[0].long, 0.0);
        assert_eq!(path[1].count, 2);
        // k=1: event 1 → 121/110−1 = 0.1, event 2 → 0; mean 0.05
        assert!((path[1].long - 0.05).abs() < 1e-12);
        assert_eq!(path[2].count, 1);
        assert!((path[2].long - 0.1).abs() < 1e-12);
    }
}
