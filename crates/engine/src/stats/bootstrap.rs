//! Cluster (block) bootstrap intervals.
//!
//! Events whose windows overlap are not independent, so they are resampled together: one
//! bootstrap sample draws C clusters with replacement from the C clusters (see
//! [`crate::stats::overlap`]) and pools their events. The 95 % interval of a statistic is the 2.5 %
//! and 97.5 % quantiles (linear interpolation between order statistics) of its values over the
//! B samples. With one event per cluster this is the ordinary bootstrap.

use rand::Rng;

use crate::stats::random::Generator;
use serde::{Deserialize, Serialize};

/// A two-sided interval, serialised as `[low, high]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
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
///
/// # Formula
///
/// With position p = q · (n − 1), lo = ⌊p⌋ and hi = ⌈p⌉:
/// quantile = x₍lo₎ + (x₍hi₎ − x₍lo₎) · (p − lo).
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

/// The q-quantile of unsorted values (reordered in place) by selection, equal to
/// [`quantile`] of the sorted values.
pub fn select_quantile(values: &mut [f64], q: f64) -> Option<f64> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let pos = q.clamp(0.0, 1.0) * (n - 1) as f64;
    let lo = pos.floor() as usize;
    Some(interpolate_at(values, lo, pos - lo as f64))
}

/// The q-quantile of f(values) for a non-decreasing `f` (values reordered in place), by
/// selection: f keeps the values' order, so it is applied only to the one or two order
/// statistics read, and the result equals [`quantile`] of the sorted f(values).
pub fn select_quantile_of(values: &mut [f64], q: f64, f: impl Fn(f64) -> f64) -> Option<f64> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let pos = q.clamp(0.0, 1.0) * (n - 1) as f64;
    let lo = pos.floor() as usize;
    let fraction = pos - lo as f64;
    let (_, at, above) = values.select_nth_unstable_by(lo, f64::total_cmp);
    let low = f(*at);
    let high = if fraction > 0.0 {
        f(above.iter().copied().fold(f64::INFINITY, f64::min))
    } else {
        low
    };
    Some(low + (high - low) * fraction)
}

/// The value of rank `lo` (0-based, by `total_cmp`) of `values` (reordered in place) plus
/// `fraction` of the way to the next rank's: [`quantile`]'s interpolation, by selection.
fn interpolate_at(values: &mut [f64], lo: usize, fraction: f64) -> f64 {
    let (_, at, above) = values.select_nth_unstable_by(lo, f64::total_cmp);
    let low = *at;
    let high = if fraction > 0.0 {
        above.iter().copied().fold(f64::INFINITY, f64::min)
    } else {
        low
    };
    low + (high - low) * fraction
}

/// The central 95 % interval of `values` (reordered in place): [`quantile`] at 2.5 % and
/// 97.5 % of the sorted values, exactly. (Two small heaps for the tails were tried: slower.)
///
/// Each tail's two order statistics lie among the few values beyond a pivot: pivots are
/// selected from a sample of the values, every value beyond one is copied out in one pass,
/// and the ranks are selected among those few. Where a pivot turns out too close to the tail
/// (many ties, or a NaN), [`select_quantile`] selects in the whole slice.
pub fn interval95(values: &mut [f64]) -> Option<Interval> {
    let n = values.len();
    if n < TAIL_SAMPLE * 4 {
        return Some(Interval(
            select_quantile(values, 0.025)?,
            select_quantile(values, 0.975)?,
        ));
    }
    // The ranks each quantile interpolates between, as select_quantile computes them.
    let low_pos = 0.025 * (n - 1) as f64;
    let high_pos = 0.975 * (n - 1) as f64;
    let (low_a, high_a) = (low_pos.floor() as usize, high_pos.floor() as usize);
    // Pivots: sample values a little beyond the ranks wanted, so that with near certainty
    // more values than each tail needs lie strictly beyond its pivot.
    let step = n / TAIL_SAMPLE;
    let mut sample: Vec<f64> = (0..TAIL_SAMPLE).map(|j| values[j * step]).collect();
    let margin = 8;
    let j_low = ((low_a + 2) * TAIL_SAMPLE / n + margin).min(TAIL_SAMPLE - 1);
    let j_high = TAIL_SAMPLE - 1 - ((n - high_a) * TAIL_SAMPLE / n + margin).min(TAIL_SAMPLE - 1);
    let below = *sample.select_nth_unstable_by(j_low, f64::total_cmp).1;
    let above = *sample.select_nth_unstable_by(j_high, f64::total_cmp).1;
    // Strictly beyond a pivot numerically is also beyond it by total_cmp, so every value left
    // out of `low` ranks after every value in it (and likewise for `high`).
    let (mut low, mut high, mut nan) = (Vec::new(), Vec::new(), false);
    for &x in values.iter() {
        if x < below {
            low.push(x);
        } else if x > above {
            high.push(x);
        }
        nan |= x.is_nan();
    }
    // Ranks a and a + 1 of the slice are ranks a and a + 1 of `low` when it holds more than
    // a + 1 values; from the top, rank r is rank r − (n − len) of `high`.
    let lower = if !nan && low.len() > low_a + 1 {
        interpolate_at(&mut low, low_a, low_pos - low_a as f64)
    } else {
        select_quantile(values, 0.025)?
    };
    let skip = n - high.len();
    let upper = if !nan && high_a >= skip {
        interpolate_at(&mut high, high_a - skip, high_pos - high_a as f64)
    } else {
        select_quantile(values, 0.975)?
    };
    Some(Interval(lower, upper))
}

/// Values sampled for [`interval95`]'s pivots.
const TAIL_SAMPLE: usize = 128;

/// Resamples clusters: `b` samples, each a list of positions into the event list.
/// `cluster_ids` are increasing cluster numbers per event (from [`crate::stats::overlap::clusters`]).
pub fn resample(cluster_ids: &[usize], b: usize, rng: &mut Generator) -> Vec<Vec<usize>> {
    let c = crate::stats::overlap::distinct_count(cluster_ids);
    if c == 0 {
        return Vec::new();
    }
    // Start position of each cluster and one past its end.
    let starts = crate::stats::overlap::first_of_each(cluster_ids);
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

/// Cluster numbers drawn for `b` samples (each C draws with replacement), flat: sample s is
/// `[s*C, (s+1)*C)`. Consumes the generator exactly like [`resample`].
pub fn resample_clusters(
    cluster_ids: &[usize],
    b: usize,
    rng: &mut Generator,
) -> (usize, Vec<u32>) {
    let c = crate::stats::overlap::distinct_count(cluster_ids);
    if c == 0 {
        return (0, Vec::new());
    }
    // A local copy of the generator, handed back: its state stays in a register.
    let mut local = rng.clone();
    let out = (0..b * c)
        .map(|_| local.random_range(0..c as u32))
        .collect();
    *rng = local;
    (c, out)
}

/// The 95 % interval of the mean of `values` under the cluster bootstrap: the first of
/// [`cluster_intervals`], without the median's and hit rate's work (the cross-section shows only
/// the mean's).
///
/// # Formula
///
/// Per sample, mean = (Σ over the drawn clusters, in draw order, of their sums) / (Σ of their
/// sizes); the interval is [`interval95`] of the B means.
pub fn cluster_mean_interval(
    values: &[f64],
    cluster_ids: &[usize],
    c: usize,
    draws: &[u32],
) -> Option<Interval> {
    if c == 0 || values.is_empty() || values.len() != cluster_ids.len() {
        return None;
    }
    let (mut sum, mut size) = (vec![0.0; c], vec![0u32; c]);
    for (v, &k) in values.iter().zip(cluster_ids) {
        sum[k] += v;
        size[k] += 1;
    }
    let mut means: Vec<f64> = draws
        .chunks_exact(c)
        .map(|sample| {
            let (mut s, mut m) = (0.0, 0u32);
            for &k in sample {
                s += sum[k as usize];
                m += size[k as usize];
            }
            s / f64::from(m)
        })
        .collect();
    interval95(&mut means)
}

/// 95 % intervals of mean, median and hit rate of `values` under the cluster bootstrap, fast:
/// per-cluster sums make each sample's mean and hit rate O(C); the median walks the events in
/// value order with each cluster's multiplicity (O(N) integer adds). Same numbers as computing
/// each resampled sample explicitly (the tests do exactly that).
pub fn cluster_intervals(
    values: &[f64],
    cluster_ids: &[usize],
    c: usize,
    draws: &[u32],
) -> Option<[Interval; 3]> {
    cluster_intervals_of_legs([values], cluster_ids, c, draws)[0]
}

/// [`cluster_intervals`] of several value lists over the same events and draws at once: the
/// clusters' multiplicities and sizes are counted once per sample for all of them.
pub fn cluster_intervals_of_legs<const L: usize>(
    legs: [&[f64]; L],
    cluster_ids: &[usize],
    c: usize,
    draws: &[u32],
) -> [Option<[Interval; 3]>; L] {
    let n = cluster_ids.len();
    if c == 0 || n == 0 || legs.iter().any(|v| v.len() != n) {
        return [None; L];
    }
    let mut size = vec![0u32; c];
    for &k in cluster_ids {
        size[k] += 1;
    }
    // Per leg: cluster sums and hit counts, and the events in value order: their values and
    // their clusters.
    struct Leg {
        sum: Vec<f64>,
        hits: Vec<u32>,
        values: Vec<f64>,
        clusters: Vec<usize>,
        means: Vec<f64>,
        medians: Vec<f64>,
        hit_rates: Vec<f64>,
    }
    let b = draws.len() / c;
    let mut legs: Vec<Leg> = legs
        .iter()
        .map(|values| {
            let (mut sum, mut hits) = (vec![0.0; c], vec![0u32; c]);
            for (v, &k) in values.iter().zip(cluster_ids) {
                sum[k] += v;
                hits[k] += u32::from(*v > 0.0);
            }
            let mut by_value: Vec<(f64, usize)> = values
                .iter()
                .copied()
                .zip(cluster_ids.iter().copied())
                .collect();
            by_value.sort_by(|a, b| a.0.total_cmp(&b.0));
            let (values, clusters) = by_value.into_iter().unzip();
            Leg {
                sum,
                hits,
                values,
                clusters,
                means: Vec::with_capacity(b),
                medians: Vec::with_capacity(b),
                hit_rates: Vec::with_capacity(b),
            }
        })
        .collect();
    let mut mult = vec![0u32; c];
    for sample in draws.chunks_exact(c) {
        mult.iter_mut().for_each(|m| *m = 0);
        let mut m = 0u32;
        for &k in sample {
            mult[k as usize] += 1;
            m += size[k as usize];
        }
        // Order statistics (m−1)/2 and m/2 of the pooled sample.
        let (lo_pos, hi_pos) = ((m - 1) / 2, m / 2);
        for leg in &mut legs {
            let (mut s, mut h) = (0.0, 0u32);
            for &k in sample {
                s += leg.sum[k as usize];
                h += leg.hits[k as usize];
            }
            leg.means.push(s / f64::from(m));
            leg.hit_rates.push(f64::from(h) / f64::from(m));
            // The value of rank r is the first whose running multiplicity passes r: count the
            // events whose running total has not (no branch on the data), and index.
            let (mut cum, mut before_lo, mut before_hi) = (0u32, 0usize, 0usize);
            for &k in &leg.clusters {
                cum += mult[k];
                before_lo += usize::from(cum <= lo_pos);
                before_hi += usize::from(cum <= hi_pos);
            }
            leg.medians
                .push((leg.values[before_lo] + leg.values[before_hi]) / 2.0);
        }
    }
    let mut out = [None; L];
    for (o, leg) in out.iter_mut().zip(&mut legs) {
        *o = (|| {
            Some([
                interval95(&mut leg.means)?,
                interval95(&mut leg.medians)?,
                interval95(&mut leg.hit_rates)?,
            ])
        })();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::random::rng_for;

    /// Naive reference: mean, median and hit rate (share > 0) of `values` at `positions`.
    pub(super) fn mean_median_hit(
        values: &[f64],
        positions: &[usize],
        scratch: &mut Vec<f64>,
    ) -> (f64, f64, f64) {
        scratch.clear();
        scratch.extend(positions.iter().map(|&p| values[p]));
        let n = scratch.len().max(1) as f64;
        let mean = scratch.iter().sum::<f64>() / n;
        let hit = scratch.iter().filter(|v| **v > 0.0).count() as f64 / n;
        // Median by selection (O(n)), not a full sort: this runs once per bootstrap sample.
        let m = scratch.len();
        let median = if m == 0 {
            f64::NAN
        } else {
            let (below, mid, _) = scratch.select_nth_unstable_by(m / 2, f64::total_cmp);
            let upper = *mid;
            if m % 2 == 1 {
                upper
            } else {
                let lower = below.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                (lower + upper) / 2.0
            }
        };
        (mean, median, hit)
    }

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
    fn fast_intervals_equal_explicit_resamples() {
        let values = [0.05, -0.02, 0.03, 0.0, 0.11, -0.07, 0.02, 0.04, -0.01];
        let ids = [0, 0, 1, 2, 2, 2, 3, 4, 4];
        let samples = resample(&ids, 500, &mut rng_for(11, 2));
        let (c, draws) = resample_clusters(&ids, 500, &mut rng_for(11, 2));
        let fast = cluster_intervals(&values, &ids, c, &draws).unwrap();
        let (mut m, mut md, mut h) = (Vec::new(), Vec::new(), Vec::new());
        let mut scratch = Vec::new();
        for s in &samples {
            let (a, b, cc) = mean_median_hit(&values, s, &mut scratch);
            m.push(a);
            md.push(b);
            h.push(cc);
        }
        let slow = [
            interval95(&mut m).unwrap(),
            interval95(&mut md).unwrap(),
            interval95(&mut h).unwrap(),
        ];
        for (a, b) in fast.iter().zip(&slow) {
            assert!(
                (a.0 - b.0).abs() < 1e-12 && (a.1 - b.1).abs() < 1e-12,
                "{a:?} vs {b:?}"
            );
        }
    }

    #[test]
    fn the_mean_interval_alone_is_the_first_of_the_three() {
        let values = [0.05, -0.02, 0.03, 0.0, 0.11, -0.07, 0.02, 0.04, -0.01];
        let ids = [0, 0, 1, 2, 2, 2, 3, 4, 4];
        for b in [1, 40, 700] {
            let (c, draws) = resample_clusters(&ids, b, &mut rng_for(3, 8));
            assert_eq!(
                cluster_mean_interval(&values, &ids, c, &draws),
                cluster_intervals(&values, &ids, c, &draws).map(|[m, _, _]| m)
            );
        }
        assert_eq!(cluster_mean_interval(&[], &[], 0, &[]), None);
    }

    #[test]
    fn legs_at_once_equal_one_leg_at_a_time() {
        let a = [0.05, -0.02, 0.03, 0.0, 0.11, -0.07, 0.02, 0.04, -0.01];
        let b: Vec<f64> = a.iter().map(|x| 0.3 * x * x - 0.01).collect();
        let d: Vec<f64> = a.iter().zip(&b).map(|(x, y)| x - y).collect();
        let ids = [0, 0, 1, 2, 2, 2, 3, 4, 4];
        let (c, draws) = resample_clusters(&ids, 400, &mut rng_for(2, 7));
        let together = cluster_intervals_of_legs([&a, &b, &d], &ids, c, &draws);
        for (values, got) in [&a[..], &b, &d].into_iter().zip(together) {
            assert_eq!(got, cluster_intervals(values, &ids, c, &draws));
            assert!(got.is_some());
        }
        // A leg of another length gets no interval rather than a wrong one.
        assert_eq!(
            cluster_intervals_of_legs([&a, &b[..3]], &ids, c, &draws),
            [None, None]
        );
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

#[cfg(test)]
mod median_tests {
    use super::tests::mean_median_hit;
    use proptest::prelude::*;

    proptest! {
        /// The 95 % interval equals sorted-sample quantiles, ties included (values from a
        /// small set).
        #[test]
        fn interval95_equals_sorted_quantiles(
            v in proptest::collection::vec((-30i32..30).prop_map(|x| f64::from(x) / 10.0), 1..3000)
        ) {
            let mut sorted = v.clone();
            sorted.sort_by(f64::total_cmp);
            let mut work = v.clone();
            let got = super::interval95(&mut work);
            prop_assert_eq!(got.map(|i| i.0), super::quantile(&sorted, 0.025));
            prop_assert_eq!(got.map(|i| i.1), super::quantile(&sorted, 0.975));
        }

        /// Selection-based quantiles equal sorted-sample quantiles.
        #[test]
        fn selected_quantiles_equal_sorted(v in proptest::collection::vec(-1.0f64..1.0, 1..300), q in 0.0f64..1.0) {
            let mut sorted = v.clone();
            sorted.sort_by(f64::total_cmp);
            let mut work = v.clone();
            prop_assert_eq!(super::select_quantile(&mut work, q), super::quantile(&sorted, q));
        }

        /// Selection-based quantiles of an increasing function of the values equal the
        /// sorted quantiles of the function's values.
        #[test]
        fn selected_quantiles_of_a_function_equal_sorted(v in proptest::collection::vec(-1.0f64..1.0, 1..300), q in 0.0f64..1.0) {
            let f = |x: f64| 2.0 * x + 1.0;
            let mut sorted: Vec<f64> = v.iter().map(|&x| f(x)).collect();
            sorted.sort_by(f64::total_cmp);
            let mut work = v.clone();
            prop_assert_eq!(super::select_quantile_of(&mut work, q, f), super::quantile(&sorted, q));
        }

        /// Selection-based median equals the sorted-sample median.
        #[test]
        fn median_equals_sorted_median(v in proptest::collection::vec(-1.0f64..1.0, 1..60)) {
            let positions: Vec<usize> = (0..v.len()).collect();
            let (_, median, _) = mean_median_hit(&v, &positions, &mut Vec::new());
            let mut s = v.clone();
            s.sort_by(f64::total_cmp);
            let n = s.len();
            let want = if n % 2 == 1 { s[n / 2] } else { (s[n / 2 - 1] + s[n / 2]) / 2.0 };
            prop_assert_eq!(median, want);
        }
    }
}
