//! Cluster (block) bootstrap intervals.
//!
//! Events whose windows overlap are not independent, so they are resampled together: one
//! bootstrap sample draws C clusters with replacement from the C clusters (see
//! [`crate::overlap`]) and pools their events. The 95 % interval of a statistic is the 2.5 %
//! and 97.5 % quantiles (linear interpolation between order statistics) of its values over the
//! B samples. With one event per cluster this is the ordinary bootstrap.

use rand::Rng;
use rand_pcg::Pcg64Mcg;
use serde::Serialize;

/// A two-sided interval, serialised as `[low, high]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval(pub f64, pub f64);

impl Interval {
    /// Whether `x` lies inside (inclusive).
    pub fn contains(&self, x: f64) -> bool {
        self.0 <= x && x <= self.1
    }

    /// The interval shifted by −`x`.
    pub fn minus(self, x: f64) -> Interval {
        Interval(self.0 - x, self.1 - x)
    }
}

/// The q-quantile (0 ≤ q ≤ 1) of sorted values, interpolating linearly.
pub fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let pos = q.clamp(0.0, 1.0) * (n - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    Some(sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64))
}

/// The central 95 % interval of `values` (sorted in place).
pub fn interval95(values: &mut [f64]) -> Option<Interval> {
    values.sort_by(f64::total_cmp);
    Some(Interval(quantile(values, 0.025)?, quantile(values, 0.975)?))
}

/// Resamples clusters: `b` samples, each a list of positions into the event list.
/// `cluster_ids` are increasing cluster numbers per event (from [`crate::overlap::clusters`]).
pub fn resample(cluster_ids: &[usize], b: usize, rng: &mut Pcg64Mcg) -> Vec<Vec<usize>> {
    let c = crate::overlap::distinct_count(cluster_ids);
    if c == 0 {
        return Vec::new();
    }
    // Start position of each cluster and one past its end.
    let starts = crate::overlap::first_of_each(cluster_ids);
    let end = |k: usize| starts.get(k + 1).copied().unwrap_or(cluster_ids.len());
    (0..b)
        .map(|_| {
            let mut sample = Vec::with_capacity(cluster_ids.len());
            for _ in 0..c {
                let k = rng.random_range(0..c as u32) as usize;
                sample.extend(starts[k]..end(k));
            }
            sample
        })
        .collect()
}

/// Mean, median and hit rate (share > 0) of `values` at `positions`.
pub fn mean_median_hit(
    values: &[f64],
    positions: &[usize],
    scratch: &mut Vec<f64>,
) -> (f64, f64, f64) {
    scratch.clear();
    scratch.extend(positions.iter().map(|&p| values[p]));
    let n = scratch.len().max(1) as f64;
    let mean = scratch.iter().sum::<f64>() / n;
    let hit = scratch.iter().filter(|v| **v > 0.0).count() as f64 / n;
    scratch.sort_by(f64::total_cmp);
    let m = scratch.len();
    let median = if m == 0 {
        f64::NAN
    } else if m % 2 == 1 {
        scratch[m / 2]
    } else {
        (scratch[m / 2 - 1] + scratch[m / 2]) / 2.0
    };
    (mean, median, hit)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::placebo::rng_for;

    #[test]
    fn quantiles_interpolate() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile(&v, 0.0), Some(1.0));
        assert_eq!(quantile(&v, 0.5), Some(3.0));
        assert_eq!(quantile(&v, 0.625), Some(3.5));
        assert_eq!(quantile(&[], 0.5), None);
    }

    #[test]
    fn resampling_keeps_clusters_whole() {
        let ids = [0, 0, 0, 1, 2, 2];
        let samples = resample(&ids, 200, &mut rng_for(3, 3));
        for s in &samples {
            // Each sample is made of whole clusters: positions 0,1,2 always appear together, in order.
            for (k, &p) in s.iter().enumerate() {
                if p == 0 {
                    assert_eq!(&s[k..k + 3], &[0, 1, 2]);
                }
                if p == 4 {
                    assert_eq!(s[k + 1], 5);
                }
            }
            assert_eq!(
                s.iter()
                    .filter(|p| **p == 0 || **p == 3 || **p == 4)
                    .count(),
                3
            ); // C = 3 draws
        }
    }

    #[test]
    fn summary_statistics() {
        let mut scratch = Vec::new();
        let (mean, median, hit) =
            mean_median_hit(&[0.3, -0.1, 0.2, 0.0], &[0, 1, 2, 3, 0], &mut scratch);
        assert!((mean - 0.14).abs() < 1e-12);
        assert_eq!(median, 0.2);
        assert!((hit - 0.6).abs() < 1e-12);
    }
}
