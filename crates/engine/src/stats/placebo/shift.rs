//! The circular-shift placebo: the events' own pattern of days, moved as a whole.
//!
//! The random-date placebo draws N independent days, which spreads them over calm and stormy
//! years alike; events cluster, so that null is too narrow. Here each placebo set is the event
//! days themselves, every one moved by the same offset around the pool: the spacing and the
//! clustering of the events are kept, only their place in history changes.
//!
//! Sets are compared by their **studentized** mean, not their mean: events cluster in stormy
//! periods, where forward returns swing widely, while a shifted pattern mostly lands in calm
//! ones. Compared by raw means, a stormy episode's ordinary swing looked extreme (a false
//! positive rate of about 8 % at a nominal 5 % on synthetic GARCH pairs, `make calibrate`);
//! dividing each set's mean by its own cluster-robust error puts calm and stormy sets on one
//! scale.
//!
//! Every offset is taken, once: a pool of n days has n − 1 shifts besides the events' own
//! place, so the placebo is the permutation distribution itself, with no sampling error and no
//! generator.
//!
//! # Formula
//!
//! With the pool's n days at positions 0 … n − 1 and the events at positions e₁ … e_N (cluster
//! ids c₁ … c_N), set o (o = 1 … K, K = n − 1) takes the days (e_k + o) mod n; its statistic is
//! τ_o = [`studentized`](crate::stats::overlap::studentized) of their values with ids c_k, and
//! the observed τ is the same of the events' own values. The p-value is that of
//! [`super::summarize`]: (1 + #{τ_o at least as extreme as τ}) / (K + 1), in the direction of
//! τ from the sets' average.
//!
//! [`every_shift`] computes τ_o for every o at once; [`shifted_statistics`] is the plain loop
//! over any list of offsets, which the tests compare it with bit for bit.

use crate::stats::overlap::{ClusterSums, runs};

/// The studentized statistic ([`studentized`](crate::stats::overlap::studentized)) of each
/// shifted set, for L legs at once: for offset o, the values `value(p)` at the shifted
/// positions p = (e + o) mod n of the `events` (pool positions, with their cluster `ids`),
/// skipping positions without a value (`None`). A set's statistic is `None` without enough
/// values or spread (every set, for an empty pool).
///
/// This is the plain loop, one offset at a time; [`every_shift`] gives the same numbers for
/// every offset 1 … K at once.
///
/// # Formula
///
/// For leg l, τ_{l,o} = (m − centre_l) / se of {value_l((e_k + o) mod n)} with the events' own
/// cluster ids ([`ClusterSums::studentized`]): the pattern keeps its clusters wherever it lands
/// (a cluster cut by the wrap at n stays one).
pub fn shifted_statistics<const L: usize>(
    n: usize,
    events: &[usize],
    ids: &[usize],
    offsets: &[usize],
    value: impl Fn(usize) -> Option<[f64; L]>,
    centres: [f64; L],
) -> [Vec<Option<f64>>; L] {
    if n == 0 || ids.len() != events.len() {
        return std::array::from_fn(|_| vec![None; offsets.len()]);
    }
    let clusters = runs(ids);
    let count = clusters.last().map_or(0, |c| c + 1);
    let mut sums: [ClusterSums; L] = std::array::from_fn(|_| ClusterSums::new(count));
    let mut out: [Vec<Option<f64>>; L] = std::array::from_fn(|_| Vec::with_capacity(offsets.len()));
    // Positions and offsets reduced once, so the inner loop has no division.
    let starts: Vec<usize> = events.iter().map(|e| e % n).collect();
    for &o in offsets {
        let o = o % n;
        sums.iter_mut().for_each(ClusterSums::clear);
        for (&e, &c) in starts.iter().zip(&clusters) {
            let q = e + o;
            let q = if q >= n { q - n } else { q };
            if let Some(values) = value(q) {
                for (sum, v) in sums.iter_mut().zip(values) {
                    sum.add(c, v);
                }
            }
        }
        for ((leg, sum), centre) in out.iter_mut().zip(&sums).zip(centres) {
            leg.push(sum.studentized(centre));
        }
    }
    out
}

/// Offsets computed together: one set of lanes per pass over the events. Each lane does the
/// arithmetic of one offset in the plain loop's order, so the lanes are independent and the
/// numbers do not depend on how many the processor adds at once. 32 lanes (eight AVX2
/// registers) keep a cluster's running sums in registers and load each event's 32 values in
/// one stretch; 16 and 64 were slower on IWM − QQQ's sweep.
const LANES: usize = 32;

/// The events' pattern: their pool positions grouped into clusters, for [`every_shift`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// Pool positions of the events, in order.
    positions: Vec<usize>,
    /// One past each cluster's last event (clusters in order).
    ends: Vec<usize>,
}

impl Pattern {
    /// The events at pool `positions`, clustered by `ids` (equal ids adjacent, as
    /// [`runs`] reads them); `None` when the lists differ in length.
    pub fn new(positions: &[usize], ids: &[usize]) -> Option<Pattern> {
        (positions.len() == ids.len()).then(|| Pattern {
            positions: positions.to_vec(),
            ends: (1..=ids.len())
                .filter(|&k| k == ids.len() || ids[k] != ids[k - 1])
                .collect(),
        })
    }

    /// Events in the pattern.
    pub fn len(&self) -> usize {
        self.positions.len()
    }

    /// Whether the pattern has no event.
    pub fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }

    /// Clusters in the pattern.
    pub fn clusters(&self) -> usize {
        self.ends.len()
    }
}

/// One leg's pool values laid out for [`every_shift`]: the n values, then again from the
/// start, so the day (e + o) mod n of an event e < n and an offset o is entry e + o, with no
/// wrap test in the inner loop.
#[derive(Debug, Clone, Default)]
pub struct Circle {
    values: Vec<f64>,
    n: usize,
    k: usize,
    /// Whether some day has no value (NaN).
    gaps: bool,
}

impl Circle {
    /// The pool `values` (NaN: no value that day), to be shifted by every offset 1 … `k`
    /// (at most n − 1; 0 without any).
    pub fn new(values: &[f64], k: usize) -> Circle {
        let mut circle = Circle::default();
        circle.lay(values, k);
        circle
    }

    /// This circle laid out again for other `values` and `k` ([`Circle::new`]'s), in the
    /// memory it holds: a study shifts fifteen pools, and fresh memory for each would cost more
    /// than the copy.
    pub fn lay(&mut self, values: &[f64], k: usize) {
        let n = values.len();
        let k = k.min(n.saturating_sub(1));
        // Every lane of the last pass reads a day, kept or not; copied in whole turns of the
        // pool (a remainder per day would cost more than the copy).
        let len = if n == 0 { 0 } else { n + k + LANES };
        self.values.clear();
        while self.values.len() < len {
            let take = (len - self.values.len()).min(n);
            self.values.extend_from_slice(&values[..take]);
        }
        self.n = n;
        self.k = k;
        self.gaps = values.iter().fold(false, |gaps, v| gaps | v.is_nan());
    }

    /// Offsets this circle is shifted by: 1 … K.
    pub fn offsets(&self) -> usize {
        self.k
    }
}

/// The studentized statistic of the `pattern` moved by every offset o = 1 … K of the `circle`
/// (K = [`Circle::offsets`]): τ_o at index o − 1, NaN where the set has too few values or no
/// spread. Days without a value (NaN in the circle) are skipped, as [`shifted_statistics`]
/// skips `None`.
///
/// # Formula
///
/// τ_o = (m − centre) / se of the values at (e_k + o) mod n with the events' cluster ids,
/// exactly as [`ClusterSums::studentized`] computes it (the same operations in the same order,
/// so each τ_o equals the plain loop's to the bit): per cluster, the sum T_c and count n_c of
/// its values in event order; N = Σ n_c, m = (Σ_c T_c) / N; C = the clusters with a value;
/// se = √(C / (C − 1) · Σ_c (T_c − n_c · m)²) / N.
pub fn every_shift(circle: &Circle, pattern: &Pattern, centre: f64) -> Vec<f64> {
    let mut out = Vec::with_capacity(circle.k);
    every_shift_into(circle, pattern, centre, &mut out);
    out
}

/// [`every_shift`] written into `out` (cleared first), reusing its memory.
pub fn every_shift_into(circle: &Circle, pattern: &Pattern, centre: f64, out: &mut Vec<f64>) {
    out.clear();
    if circle.k == 0 {
        return;
    }
    if pattern.is_empty() || pattern.positions.iter().any(|&p| p >= circle.n) {
        out.resize(circle.k, f64::NAN);
        return;
    }
    if circle.gaps {
        lanes::<true>(circle, pattern, centre, out);
    } else {
        lanes::<false>(circle, pattern, centre, out);
    }
}

/// [`every_shift`]'s loop, with the processor's widest registers: the same code either way,
/// and as every lane does one offset's operations in the plain loop's order (and no operation
/// is fused), the numbers are the same to the bit with any register width.
fn lanes<const GAPS: bool>(circle: &Circle, pattern: &Pattern, centre: f64, out: &mut Vec<f64>) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2, checked just above.
        unsafe { passes_avx2::<GAPS>(circle, pattern, centre, out) };
        return;
    }
    passes::<GAPS>(circle, pattern, centre, out);
}

/// [`passes`] compiled for AVX2 (four lanes per instruction instead of two).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn passes_avx2<const GAPS: bool>(
    circle: &Circle,
    pattern: &Pattern,
    centre: f64,
    out: &mut Vec<f64>,
) {
    passes::<GAPS>(circle, pattern, centre, out);
}

/// Every pass of [`LANES`] offsets: per cluster, the lanes' sums (and counts, with gaps) over
/// its events; then each lane's mean, squared deviations and statistic.
#[inline(always)]
fn passes<const GAPS: bool>(circle: &Circle, pattern: &Pattern, centre: f64, out: &mut Vec<f64>) {
    let Pattern { positions, ends } = pattern;
    let clusters = ends.len();
    let sizes: Vec<f64> = (0..clusters)
        .map(|c| (ends[c] - if c == 0 { 0 } else { ends[c - 1] }) as f64)
        .collect();
    let events = positions.len() as f64;
    // Without gaps every set has every value: the count and the cluster factor are fixed.
    let fixed_factor = clusters as f64 / (clusters as f64 - 1.0);
    let mut sums = vec![[0.0f64; LANES]; clusters];
    let mut counts = vec![[0.0f64; LANES]; if GAPS { clusters } else { 0 }];
    let values = &circle.values[..];
    let mut o = 1;
    while o <= circle.k {
        let mut total = [0.0f64; LANES];
        let mut begin = 0;
        for (c, &end) in ends.iter().enumerate() {
            let mut sum = [0.0f64; LANES];
            let mut count = [0.0f64; LANES];
            for &e in &positions[begin..end] {
                let Ok(x) = <&[f64; LANES]>::try_from(&values[e + o..e + o + LANES]) else {
                    continue;
                };
                for j in 0..LANES {
                    if GAPS {
                        let present = !x[j].is_nan();
                        sum[j] += if present { x[j] } else { 0.0 };
                        count[j] += if present { 1.0 } else { 0.0 };
                    } else {
                        sum[j] += x[j];
                    }
                }
            }
            // The mean's total adds the clusters in order, as ClusterSums does.
            for j in 0..LANES {
                total[j] += sum[j];
            }
            sums[c] = sum;
            if GAPS {
                counts[c] = count;
            }
            begin = end;
        }
        let mut tau = [f64::NAN; LANES];
        // Every lane's statistic is computed, then kept where its error is defined: one
        // division and root for all lanes rather than a branch per lane.
        if GAPS {
            let (mut n, mut nonempty) = ([0.0f64; LANES], [0.0f64; LANES]);
            for count in &counts {
                for j in 0..LANES {
                    n[j] += count[j];
                    nonempty[j] += if count[j] > 0.0 { 1.0 } else { 0.0 };
                }
            }
            let mut m = [0.0f64; LANES];
            for j in 0..LANES {
                m[j] = total[j] / n[j];
            }
            // An empty cluster adds (0 − 0 · m)² = +0, which leaves the sum as it was.
            let mut squares = [0.0f64; LANES];
            for (sum, count) in sums.iter().zip(&counts) {
                for j in 0..LANES {
                    let d = sum[j] - count[j] * m[j];
                    squares[j] += d * d;
                }
            }
            for j in 0..LANES {
                let c = nonempty[j];
                let se = (c / (c - 1.0) * squares[j]).sqrt() / n[j];
                let t = (m[j] - centre) / se;
                tau[j] = if n[j] > 0.0 && c >= 2.0 && defined(se) {
                    t
                } else {
                    f64::NAN
                };
            }
        } else if clusters >= 2 {
            let mut m = [0.0f64; LANES];
            for j in 0..LANES {
                m[j] = total[j] / events;
            }
            let mut squares = [0.0f64; LANES];
            for (sum, size) in sums.iter().zip(&sizes) {
                for j in 0..LANES {
                    let d = sum[j] - size * m[j];
                    squares[j] += d * d;
                }
            }
            for j in 0..LANES {
                let se = (fixed_factor * squares[j]).sqrt() / events;
                let t = (m[j] - centre) / se;
                tau[j] = if defined(se) { t } else { f64::NAN };
            }
        }
        let kept = (circle.k + 1 - o).min(LANES);
        out.extend_from_slice(&tau[..kept]);
        o += LANES;
    }
}

/// Whether a standard error gives a statistic: above 0 and finite (as
/// [`ClusterSums::studentized`] asks), written as two comparisons so the lanes test it at once.
#[inline(always)]
fn defined(se: f64) -> bool {
    (se > 0.0) & (se < f64::INFINITY)
}

/// Several patterns moved together by every offset of one circle, each cluster's sum made
/// once and shared where the patterns share it: the threshold sweep's cells at one horizon,
/// whose higher thresholds' events are (without a cool-off) a subset of the lower ones'.
///
/// Patterns are taken in the order given. A cluster of several events is summed from the
/// clusters of the pattern before it that lie wholly inside it (their sums already made) and
/// its other days, in day order; a cluster equal to one before it is that one's sum. The
/// statistic is then [`every_shift`]'s formula over these sums: the same values added in
/// another order, so it agrees with [`every_shift`] to rounding (a test compares them), and,
/// the order depending on the patterns alone, is the same on every platform.
#[derive(Debug, Clone)]
pub struct PatternGrid {
    /// The shared sums, each a list of parts (days, or sums made before it).
    sums: Vec<Vec<Part>>,
    /// Per pattern: its clusters in order (a part each, with its size) and its event count.
    patterns: Vec<(Vec<(Part, f64)>, f64)>,
    /// One past the largest position of any pattern.
    reach: usize,
}

/// What a sum adds: one day's value, or a sum made before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Day(usize),
    Sum(usize),
}

impl PatternGrid {
    /// The grid of `patterns`, in this order (each best follows one whose events are a subset
    /// of its own).
    pub fn new(patterns: &[Pattern]) -> PatternGrid {
        let reach = patterns
            .iter()
            .flat_map(|p| p.positions.iter())
            .max()
            .map_or(0, |m| m + 1);
        // The previous pattern's clusters (part, days) and, per day, the one holding it; per
        // day, the cluster being built that holds it; per previous cluster, whether the cluster
        // being built took it whole, or found it not wholly inside.
        let mut previous: Vec<(Part, Vec<usize>)> = Vec::new();
        let mut owner: Vec<Option<usize>> = vec![None; reach];
        let mut inside = vec![0usize; reach];
        let (mut taken, mut split) = (Vec::<usize>::new(), Vec::<usize>::new());
        let mut stamp = 0;
        let mut sums: Vec<Vec<Part>> = Vec::new();
        let mut out = Vec::with_capacity(patterns.len());
        for pattern in patterns {
            let mut clusters: Vec<(Part, Vec<usize>)> = Vec::with_capacity(pattern.clusters());
            let mut begin = 0;
            for &end in &pattern.ends {
                let days = &pattern.positions[begin..end];
                begin = end;
                stamp += 1;
                for &d in days {
                    inside[d] = stamp;
                }
                let part = if let [day] = days {
                    Part::Day(*day)
                } else {
                    let mut parts = Vec::new();
                    for &d in days {
                        let whole = owner[d].filter(|&q| {
                            previous[q].1.len() > 1
                                && split[q] != stamp
                                && (taken[q] == stamp
                                    || previous[q].1.iter().all(|&x| inside[x] == stamp))
                        });
                        match whole {
                            Some(q) if taken[q] == stamp => {}
                            Some(q) => {
                                taken[q] = stamp;
                                parts.push(previous[q].0);
                            }
                            None => {
                                if let Some(q) = owner[d] {
                                    split[q] = stamp;
                                }
                                parts.push(Part::Day(d));
                            }
                        }
                    }
                    match parts[..] {
                        [same @ Part::Sum(_)] => same,
                        _ => {
                            sums.push(parts);
                            Part::Sum(sums.len() - 1)
                        }
                    }
                };
                clusters.push((part, days.to_vec()));
            }
            for (_, days) in &previous {
                for &d in days {
                    owner[d] = None;
                }
            }
            for (q, (_, days)) in clusters.iter().enumerate() {
                for &d in days {
                    owner[d] = Some(q);
                }
            }
            taken = vec![0; clusters.len()];
            split = vec![0; clusters.len()];
            out.push((
                clusters
                    .iter()
                    .map(|(part, days)| (*part, days.len() as f64))
                    .collect(),
                pattern.len() as f64,
            ));
            previous = clusters;
        }
        PatternGrid {
            sums,
            patterns: out,
            reach,
        }
    }

    /// Each pattern's studentized statistic on every offset 1 … K of `circle`, centred on its
    /// own `centres` entry: as [`every_shift`] of each pattern (to rounding), NaN where a set
    /// has no statistic. A circle with days without a value is left to [`every_shift`].
    pub fn every_shift(&self, circle: &Circle, centres: &[f64]) -> Vec<Vec<f64>> {
        let mut out: Vec<Vec<f64>> = self
            .patterns
            .iter()
            .map(|_| Vec::with_capacity(circle.k))
            .collect();
        if circle.k == 0 {
            return out;
        }
        if circle.gaps || self.reach > circle.n || centres.len() < self.patterns.len() {
            for v in &mut out {
                v.resize(circle.k, f64::NAN);
            }
            return out;
        }
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has AVX2, checked just above.
            unsafe { grid_passes_avx2(self, circle, centres, &mut out) };
            return out;
        }
        grid_passes(self, circle, centres, &mut out);
        out
    }
}

/// [`grid_passes`] compiled for AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn grid_passes_avx2(grid: &PatternGrid, circle: &Circle, centres: &[f64], out: &mut [Vec<f64>]) {
    grid_passes(grid, circle, centres, out);
}

/// [`PatternGrid::every_shift`]'s loop: per pass of [`LANES`] offsets, the shared sums in
/// order, then each pattern's mean, squared deviations and statistic, as [`passes`] does them.
#[inline(always)]
fn grid_passes(grid: &PatternGrid, circle: &Circle, centres: &[f64], out: &mut [Vec<f64>]) {
    let values = &circle.values[..];
    let mut sums = vec![[0.0f64; LANES]; grid.sums.len()];
    let lanes_at = |sums: &[[f64; LANES]], part: Part, o: usize| -> [f64; LANES] {
        match part {
            Part::Day(d) => {
                let mut x = [0.0f64; LANES];
                x.copy_from_slice(&values[d + o..d + o + LANES]);
                x
            }
            Part::Sum(s) => sums[s],
        }
    };
    let mut o = 1;
    while o <= circle.k {
        for (s, parts) in grid.sums.iter().enumerate() {
            let mut sum = [0.0f64; LANES];
            for &part in parts {
                let x = lanes_at(&sums, part, o);
                for j in 0..LANES {
                    sum[j] += x[j];
                }
            }
            sums[s] = sum;
        }
        let kept = (circle.k + 1 - o).min(LANES);
        for (((clusters, events), out), &centre) in
            grid.patterns.iter().zip(out.iter_mut()).zip(centres)
        {
            let mut tau = [f64::NAN; LANES];
            if clusters.len() >= 2 {
                let c = clusters.len() as f64;
                let factor = c / (c - 1.0);
                let mut total = [0.0f64; LANES];
                for &(part, _) in clusters {
                    let x = lanes_at(&sums, part, o);
                    for j in 0..LANES {
                        total[j] += x[j];
                    }
                }
                let mut m = [0.0f64; LANES];
                for j in 0..LANES {
                    m[j] = total[j] / events;
                }
                let mut squares = [0.0f64; LANES];
                for &(part, size) in clusters {
                    let x = lanes_at(&sums, part, o);
                    for j in 0..LANES {
                        let d = x[j] - size * m[j];
                        squares[j] += d * d;
                    }
                }
                for j in 0..LANES {
                    let se = (factor * squares[j]).sqrt() / events;
                    let t = (m[j] - centre) / se;
                    tau[j] = if defined(se) { t } else { f64::NAN };
                }
            }
            out.extend_from_slice(&tau[..kept]);
        }
        o += LANES;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::overlap::oracle::cluster_t as plain_t;
    use crate::stats::overlap::studentized;
    use proptest::prelude::*;

    /// Plain loop: for each offset, shift every event day, keep those with a value, and take
    /// the textbook t.
    fn plain(
        values: &[Option<f64>],
        events: &[usize],
        ids: &[usize],
        offsets: &[usize],
        centre: f64,
    ) -> Vec<Option<f64>> {
        let n = values.len();
        offsets
            .iter()
            .map(|&o| {
                let (mut v, mut k) = (Vec::new(), Vec::new());
                for (&e, &id) in events.iter().zip(ids) {
                    if let Some(x) = values[(e + o) % n] {
                        v.push(x);
                        k.push(id);
                    }
                }
                if v.is_empty() {
                    None
                } else {
                    plain_t(&v, &k, centre)
                }
            })
            .collect()
    }

    /// Every offset of a pool of `n` days, as a list.
    fn all(n: usize) -> Vec<usize> {
        (1..n).collect()
    }

    /// [`every_shift`] over `values` (None: NaN) as options, for the comparisons.
    fn exact(
        values: &[Option<f64>],
        events: &[usize],
        ids: &[usize],
        centre: f64,
    ) -> Vec<Option<f64>> {
        let raw: Vec<f64> = values.iter().map(|v| v.unwrap_or(f64::NAN)).collect();
        let circle = Circle::new(&raw, values.len().saturating_sub(1));
        let pattern = Pattern::new(events, ids).unwrap();
        every_shift(&circle, &pattern, centre)
            .into_iter()
            .map(|t| (!t.is_nan()).then_some(t))
            .collect()
    }

    fn close(got: &[Option<f64>], want: &[Option<f64>]) -> bool {
        got.len() == want.len()
            && got.iter().zip(want).all(|(g, w)| match (g, w) {
                (Some(g), Some(w)) => (g - w).abs() < 1e-9 * w.abs().max(1.0),
                _ => g == w,
            })
    }

    #[test]
    fn shifted_statistics_equal_a_plain_loop_over_the_same_offsets() {
        let values: Vec<Option<f64>> = (0..97)
            .map(|k| (k % 17 != 3).then(|| ((k * 37) % 19) as f64 / 10.0 - 0.9))
            .collect();
        let events = [3, 4, 5, 40, 41, 90, 96];
        let ids = [0, 0, 0, 1, 1, 2, 3];
        // Some offsets twice, one past n (it wraps), in no order.
        let offsets = [5, 1, 96, 50, 5, 130, 17, 2];
        let [got] = shifted_statistics(
            97,
            &events,
            &ids,
            &offsets,
            |p| values[p].map(|v| [v]),
            [0.1],
        );
        assert!(close(&got, &plain(&values, &events, &ids, &offsets, 0.1)));
        // An empty pool: no statistic for any set.
        assert_eq!(
            shifted_statistics(0, &events, &ids, &offsets[..3], |_| Some([1.0]), [0.0]),
            [vec![None; 3]]
        );
    }

    #[test]
    fn every_shift_equals_the_plain_loop_over_every_offset_to_the_bit() {
        // With days without a value (every 17th) and without; clusters cut by the wrap.
        for gaps in [false, true] {
            let values: Vec<Option<f64>> = (0..97)
                .map(|k| (!gaps || k % 17 != 3).then(|| ((k * 37) % 19) as f64 / 10.0 - 0.9))
                .collect();
            let events = [3, 4, 5, 40, 41, 90, 96];
            let ids = [0, 0, 0, 1, 1, 2, 3];
            let got = exact(&values, &events, &ids, 0.1);
            assert_eq!(got.len(), 96);
            let [want] = shifted_statistics(
                97,
                &events,
                &ids,
                &all(97),
                |p| values[p].map(|v| [v]),
                [0.1],
            );
            assert_eq!(got, want, "gaps: {gaps}");
            assert!(close(&got, &plain(&values, &events, &ids, &all(97), 0.1)));
            assert!(got.iter().all(Option::is_some));
        }
        // No statistic: a single cluster, a pool without spread, no offset, no event.
        let flat = vec![Some(0.5); 20];
        assert!(
            exact(&flat, &[1, 5], &[0, 1], 0.0)
                .iter()
                .all(Option::is_none)
        );
        let some: Vec<Option<f64>> = (0..20).map(|k| Some(k as f64)).collect();
        assert!(
            exact(&some, &[1, 5], &[0, 0], 0.0)
                .iter()
                .all(Option::is_none)
        );
        assert!(exact(&some[..1], &[0], &[0], 0.0).is_empty());
        assert_eq!(exact(&some, &[], &[], 0.0), vec![None; 19]);
        // Fewer offsets than the pool has: the first K.
        let raw: Vec<f64> = some.iter().flatten().copied().collect();
        let pattern = Pattern::new(&[1, 5, 9], &[0, 1, 2]).unwrap();
        let first = every_shift(&Circle::new(&raw, 7), &pattern, 0.0);
        assert_eq!(first.len(), 7);
        assert_eq!(
            first,
            every_shift(&Circle::new(&raw, 19), &pattern, 0.0)[..7]
        );
        assert_eq!(Pattern::new(&[1, 2], &[0]), None);
        // A circle laid out again, and a reused output, give what fresh ones give.
        let mut circle = Circle::new(&raw[..5], 4);
        circle.lay(&raw, 19);
        let mut out = vec![1.0; 3];
        every_shift_into(&circle, &pattern, 0.0, &mut out);
        assert_eq!(out, every_shift(&Circle::new(&raw, 19), &pattern, 0.0));
    }

    #[test]
    fn a_stormy_pattern_is_not_extreme_for_its_swings_alone() {
        // Days swing by ±0.01 (calm) or ±0.5 (the storm, days 40 … 59), signs scrambled; the
        // ten events sit in the storm with six gains and four losses. Their raw mean (0.1)
        // beats nearly every shifted set, which mostly lands in calm days; in units of its own
        // error (about 0.16) it is ordinary.
        let n = 2000;
        let signs = [1.0, 1.0, 1.0, -1.0, 1.0, -1.0, 1.0, 1.0, -1.0, -1.0];
        let events: Vec<usize> = (40..60).step_by(2).collect();
        let values: Vec<f64> = (0..n)
            .map(|d: usize| {
                let scale = if (40..60).contains(&d) { 0.5 } else { 0.01 };
                let sign = match events.iter().position(|&e| e == d) {
                    Some(k) => signs[k],
                    None => ((d.wrapping_mul(2_654_435_761) >> 7) % 201) as f64 / 100.0 - 1.0,
                };
                scale * sign
            })
            .collect();
        let ids: Vec<usize> = (0..events.len()).collect();
        let observed: Vec<f64> = events.iter().map(|&e| values[e]).collect();
        let raw: Vec<f64> = (1..n)
            .map(|o| events.iter().map(|e| values[(e + o) % n]).sum::<f64>() / 10.0)
            .collect();
        let raw_p = super::super::summarize(observed.iter().sum::<f64>() / 10.0, &raw)
            .unwrap()
            .p;
        let t = studentized(&observed, &ids, 0.0).unwrap();
        let pattern = Pattern::new(&events, &ids).unwrap();
        let shifted = every_shift(&Circle::new(&values, n - 1), &pattern, 0.0);
        assert_eq!(shifted.len(), n - 1);
        let p = super::super::summarize(t, &shifted).unwrap().p;
        assert!(raw_p < 0.05, "raw means call the storm extreme: {raw_p}");
        assert!(p > 0.2, "studentized it is ordinary: {p} (t = {t})");
    }

    #[test]
    fn wide_registers_give_the_same_bits() {
        // The dispatch (AVX2 where the processor has it) against the portable code, with and
        // without gaps, over more offsets than one pass holds.
        for gaps in [false, true] {
            let raw: Vec<f64> = (0..301)
                .map(|k| {
                    if gaps && k % 11 == 2 {
                        f64::NAN
                    } else {
                        ((k * 53) % 97) as f64 / 40.0 - 1.1
                    }
                })
                .collect();
            let circle = Circle::new(&raw, 300);
            let pattern =
                Pattern::new(&[2, 3, 9, 70, 71, 72, 150, 299], &[0, 0, 1, 2, 2, 2, 3, 4]).unwrap();
            let dispatched = every_shift(&circle, &pattern, 0.05);
            let mut portable = Vec::new();
            if gaps {
                passes::<true>(&circle, &pattern, 0.05, &mut portable);
            } else {
                passes::<false>(&circle, &pattern, 0.05, &mut portable);
            }
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&dispatched), bits(&portable), "gaps: {gaps}");
        }
        // The grid likewise.
        let raw: Vec<f64> = (0..301u64)
            .map(|k| (k.wrapping_mul(2_654_435_761) % 997) as f64 / 997.0 - 0.5)
            .collect();
        let events: Vec<(usize, usize)> = (0..40).map(|i| ((i * 37) % 300, i % 4)).collect();
        let mut events = events;
        events.sort_unstable();
        events.dedup_by_key(|e| e.0);
        let grid = PatternGrid::new(&nested(&events, 3, 15));
        let circle = Circle::new(&raw, 300);
        let centres = [0.0, 0.1, -0.1, 0.2];
        let dispatched = grid.every_shift(&circle, &centres);
        let mut portable: Vec<Vec<f64>> = vec![Vec::new(); 4];
        grid_passes(&grid, &circle, &centres, &mut portable);
        for (d, p) in dispatched.iter().zip(&portable) {
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(d), bits(p));
        }
    }

    /// Patterns of a sweep-like grid: the events of level ≥ t for t from `levels` down to 0,
    /// clustered by windows of `width` days (as overlapping windows chain).
    fn nested(events: &[(usize, usize)], levels: usize, width: usize) -> Vec<Pattern> {
        (0..=levels)
            .rev()
            .map(|t| {
                let days: Vec<usize> = events
                    .iter()
                    .filter(|(_, level)| *level >= t)
                    .map(|(d, _)| *d)
                    .collect();
                let ends: Vec<usize> = days.iter().map(|d| d + width).collect();
                let ids = crate::stats::overlap::clusters(&days, &ends);
                Pattern::new(&days, &ids).unwrap()
            })
            .collect()
    }

    /// The grid's statistics against every_shift of each pattern on its own: equal to rounding,
    /// and defined on the same sets.
    fn grid_matches(raw: &[f64], patterns: &[Pattern]) -> Result<(), String> {
        let circle = Circle::new(raw, raw.len() - 1);
        let centres: Vec<f64> = (0..patterns.len()).map(|p| 0.01 * p as f64).collect();
        let got = PatternGrid::new(patterns).every_shift(&circle, &centres);
        for (p, (pattern, got)) in patterns.iter().zip(&got).enumerate() {
            let want = every_shift(&circle, pattern, centres[p]);
            if got.len() != want.len() {
                return Err(format!(
                    "pattern {p}: {} sets, not {}",
                    got.len(),
                    want.len()
                ));
            }
            for (o, (g, w)) in got.iter().zip(&want).enumerate() {
                let same = (g.is_nan() && w.is_nan()) || (g - w).abs() <= 1e-9 * w.abs().max(1.0);
                if !same {
                    return Err(format!("pattern {p}, offset {}: {g} vs {w}", o + 1));
                }
            }
        }
        Ok(())
    }

    #[test]
    fn the_grid_equals_every_shift_of_each_pattern() {
        // Scrambled values (a periodic pool could give sets with no spread but rounding).
        let raw: Vec<f64> = (0..400u64)
            .map(|k| (k.wrapping_mul(2_654_435_761) % 10_007) as f64 / 10_007.0 - 0.5)
            .collect();
        // Events with levels 0 … 4 (a threshold keeps those at or above it), some adjacent,
        // some alone, one at the pool's end (its clusters wrap).
        let events: Vec<(usize, usize)> =
            [3, 4, 5, 9, 30, 31, 60, 100, 101, 102, 180, 250, 251, 399]
                .iter()
                .enumerate()
                .map(|(i, &d)| (d, (i * 7) % 5))
                .collect();
        for width in [1, 3, 20, 80] {
            let patterns = nested(&events, 4, width);
            grid_matches(&raw, &patterns).unwrap();
            // Later patterns reuse earlier sums: fewer sums than clusters of several events.
            let grid = PatternGrid::new(&patterns);
            let multi: usize = patterns
                .iter()
                .map(|p| {
                    (0..p.clusters())
                        .filter(|&c| p.ends[c] - if c == 0 { 0 } else { p.ends[c - 1] } > 1)
                        .count()
                })
                .sum();
            assert!(
                grid.sums.len() <= multi,
                "{} sums for {multi} clusters",
                grid.sums.len()
            );
            if width >= 20 {
                let reused = grid
                    .sums
                    .iter()
                    .flatten()
                    .any(|p| matches!(p, Part::Sum(_)));
                assert!(reused, "width {width}: no sum built from an earlier one");
            }
        }
        // Patterns that do not nest (as a cool-off makes them), repeated ones, an empty one.
        let loose = [
            Pattern::new(&[10, 11, 50, 51, 52], &[0, 0, 1, 1, 1]).unwrap(),
            Pattern::new(&[11, 12, 50, 52, 300], &[0, 0, 1, 1, 2]).unwrap(),
            Pattern::new(&[11, 12, 50, 52, 300], &[0, 0, 1, 1, 2]).unwrap(),
            Pattern::new(&[], &[]).unwrap(),
            Pattern::new(&[5, 10, 11, 12, 50, 51, 52, 53], &[0, 1, 1, 1, 2, 2, 2, 2]).unwrap(),
        ];
        grid_matches(&raw, &loose).unwrap();
        // Days without a value or a pattern past the pool: no statistic.
        let gaps: Vec<f64> = raw
            .iter()
            .enumerate()
            .map(|(k, v)| if k == 7 { f64::NAN } else { *v })
            .collect();
        let out = PatternGrid::new(&loose).every_shift(&Circle::new(&gaps, 20), &[0.0; 5]);
        assert!(
            out.iter()
                .all(|v| v.len() == 20 && v.iter().all(|t| t.is_nan()))
        );
    }

    proptest! {
        #[test]
        fn the_grid_matches_every_shift(
            raw in proptest::collection::vec(-0.5f64..0.5, 40..300),
            picks in proptest::collection::vec((0usize..1000, 0usize..4), 3..40),
            width in 1usize..30,
        ) {
            let n = raw.len();
            let mut events: Vec<(usize, usize)> = picks.iter().map(|(p, l)| (p % n, *l)).collect();
            events.sort_unstable();
            events.dedup_by_key(|e| e.0);
            prop_assert!(grid_matches(&raw, &nested(&events, 3, width)).is_ok(), "{:?}", grid_matches(&raw, &nested(&events, 3, width)));
        }

        #[test]
        fn every_shift_matches_the_plain_loops(
            raw in proptest::collection::vec(proptest::option::weighted(0.9, -0.5f64..0.5), 2..200),
            picks in proptest::collection::vec(0usize..1000, 1..30),
            width in 1usize..12,
        ) {
            let n = raw.len();
            let mut events: Vec<usize> = picks.iter().map(|p| p % n).collect();
            events.sort_unstable();
            events.dedup();
            let ids: Vec<usize> = events.iter().map(|e| e / width).collect();
            let got = exact(&raw, &events, &ids, 0.0);
            let [want] = shifted_statistics(n, &events, &ids, &all(n), |p| raw[p].map(|v| [v]), [0.0]);
            prop_assert_eq!(&got, &want);
            prop_assert!(close(&got, &plain(&raw, &events, &ids, &all(n), 0.0)));
        }
    }
}
