//! Overlapping forward windows: clusters of events and an overlap-aware t statistic.
//!
//! Event a's window is the days (a, end_a]. Two events a < b overlap when b < end_a: b's
//! window starts before a's has ended, so they share days of returns. Clusters chain this
//! relation: a new cluster starts at the first event on or after the latest end seen so far in
//! the current cluster. The *distinct* count is the number of clusters; "distinct events" keeps
//! the first event of each cluster (cluster exclusion).

/// Cluster number (0, 1, …) of each event. `days` are event indices (increasing) and `ends`
/// the matching window ends.
pub fn clusters(days: &[usize], ends: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(days.len());
    let mut current = 0;
    let mut reach = None::<usize>;
    for (&d, &e) in days.iter().zip(ends) {
        match reach {
            Some(r) if d < r => reach = Some(r.max(e)),
            Some(_) => {
                current += 1;
                reach = Some(e);
            }
            None => reach = Some(e),
        }
        out.push(current);
    }
    out
}

/// Number of clusters.
pub fn distinct_count(cluster_ids: &[usize]) -> usize {
    cluster_ids.last().map_or(0, |c| c + 1)
}

/// Positions (into the event list) of the first event of each cluster.
pub fn first_of_each(cluster_ids: &[usize]) -> Vec<usize> {
    (0..cluster_ids.len())
        .filter(|&k| k == 0 || cluster_ids[k] != cluster_ids[k - 1])
        .collect()
}

/// t statistics of the mean of `x` (values minus a fixed benchmark) observed on days `days`.
///
/// # Formula
///
/// - naive: x̄ / (s / √N), s the sample standard deviation, as if the N values were independent;
/// - overlap-aware: x̄ / √V with the Newey–West (Bartlett) variance of the mean, bandwidth h in
///   days between events (h − 1 lags of overlap):
///   V = (Σᵢ eᵢ² + 2 Σ_{i<j, dᵢⱼ<h} (1 − dᵢⱼ/h) eᵢ eⱼ) / (N (N − 1)), eᵢ = xᵢ − x̄, dᵢⱼ = |dayⱼ − dayᵢ|.
///   Without overlaps V = s²/N, so both statistics agree; overlapping windows with returns of the
///   same sign raise V and shrink t. The Bartlett weights form a positive semi-definite kernel,
///   so V ≥ 0 for any spacing.
///
/// Returns `(naive, overlap)`, `None` where N < 2 or the variance is 0.
pub fn t_stats(days: &[usize], x: &[f64], h: usize) -> (Option<f64>, Option<f64>) {
    let n = x.len();
    if n < 2 {
        return (None, None);
    }
    let mean = x.iter().sum::<f64>() / n as f64;
    let e: Vec<f64> = x.iter().map(|v| v - mean).collect();
    let ss: f64 = e.iter().map(|v| v * v).sum();
    let naive_var = ss / (n - 1) as f64 / n as f64;
    let mut cross = 0.0;
    for i in 0..n {
        for j in i + 1..n {
            let d = days[j].abs_diff(days[i]);
            if d >= h {
                break; // days are increasing
            }
            cross += (1.0 - d as f64 / h as f64) * e[i] * e[j];
        }
    }
    let nw_var = (ss + 2.0 * cross) / (n as f64 * (n - 1) as f64);
    let t = |v: f64| (v > 0.0).then(|| mean / v.sqrt());
    (t(naive_var), t(nw_var))
}

/// The mean of `values` minus `centre`, in units of its cluster-robust standard error:
/// overlapping windows move together, so the error counts each cluster once. `ids` give each
/// value's cluster, equal ids adjacent (as [`crate::stats::overlap::clusters`] numbers them).
/// `None` with fewer than 2 clusters, no spread, or `ids` not as long as `values`.
///
/// # Formula
///
/// See [`ClusterSums::studentized`], over the clusters `ids` form.
pub fn studentized(values: &[f64], ids: &[usize], centre: f64) -> Option<f64> {
    if ids.len() != values.len() {
        return None;
    }
    let runs = runs(ids);
    let mut sums = ClusterSums::new(runs.last().map_or(0, |r| r + 1));
    for (x, &c) in values.iter().zip(&runs) {
        sums.add(c, *x);
    }
    sums.studentized(centre)
}

/// Each position's cluster as 0, 1, … in order: a new one wherever the id changes.
pub fn runs(ids: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(ids.len());
    for (k, id) in ids.iter().enumerate() {
        out.push(match out.last() {
            Some(&last) if ids[k - 1] == *id => last,
            Some(&last) => last + 1,
            None => 0,
        });
    }
    out
}

/// A sample's sums and counts by cluster (clusters numbered 0 … C − 1), from which its
/// cluster-robust t follows in O(C): the circular-shift placebo refills one per shifted set.
#[derive(Debug, Clone, Default)]
pub struct ClusterSums {
    sums: Vec<f64>,
    counts: Vec<usize>,
}

impl ClusterSums {
    /// Empty sums for `clusters` clusters.
    pub fn new(clusters: usize) -> ClusterSums {
        ClusterSums {
            sums: vec![0.0; clusters],
            counts: vec![0; clusters],
        }
    }

    /// Every cluster back to empty.
    pub fn clear(&mut self) {
        self.sums.iter_mut().for_each(|s| *s = 0.0);
        self.counts.iter_mut().for_each(|c| *c = 0);
    }

    /// Adds `x` to cluster `c` (< the number of clusters).
    pub fn add(&mut self, c: usize, x: f64) {
        self.sums[c] += x;
        self.counts[c] += 1;
    }

    /// The mean minus `centre` over its cluster-robust standard error; `None` with fewer
    /// than 2 non-empty clusters or no spread.
    ///
    /// # Formula
    ///
    /// With N values, mean m = (Σ_c T_c) / N from the cluster totals T_c over the C non-empty
    /// clusters of n_c values each, and S_c = T_c − n_c · m (the cluster's sum of deviations
    /// from m): se = √(C / (C − 1) · Σ_c S_c²) / N and τ = (m − centre) / se.
    pub fn studentized(&self, centre: f64) -> Option<f64> {
        let n: usize = self.counts.iter().sum();
        if n == 0 {
            return None;
        }
        let m = self.sums.iter().sum::<f64>() / n as f64;
        let (mut squares, mut clusters) = (0.0, 0usize);
        for (t, &k) in self.sums.iter().zip(&self.counts) {
            if k > 0 {
                let d = t - k as f64 * m;
                squares += d * d;
                clusters += 1;
            }
        }
        if clusters < 2 {
            return None;
        }
        let c = clusters as f64;
        let se = (c / (c - 1.0) * squares).sqrt() / n as f64;
        (se > 0.0 && se.is_finite()).then(|| (m - centre) / se)
    }
}

/// Plain recomputations the tests of every caller share.
#[cfg(test)]
pub(crate) mod oracle {
    /// The textbook cluster-robust t of the mean of `values` minus `centre`: group the values
    /// by id in a map, sum each group's deviations from the mean, square, add;
    /// se = √(C/(C − 1) · Σ S_c²) / N. `None` below two groups, without spread or values.
    pub(crate) fn cluster_t(values: &[f64], ids: &[usize], centre: f64) -> Option<f64> {
        if values.is_empty() {
            return None;
        }
        let n = values.len() as f64;
        let m = values.iter().sum::<f64>() / n;
        let mut sums = std::collections::BTreeMap::<usize, f64>::new();
        for (x, id) in values.iter().zip(ids) {
            *sums.entry(*id).or_default() += x - m;
        }
        let c = sums.len() as f64;
        let v = c / (c - 1.0) * sums.values().map(|s| s * s).sum::<f64>() / (n * n);
        (sums.len() >= 2 && v > 0.0).then(|| (m - centre) / v.sqrt())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn chains_overlapping_windows() {
        // Windows (0,10], (5,15], (14,24], (30,40], (40,50]
        let days = [0, 5, 14, 30, 40];
        let ends = [10, 15, 24, 40, 50];
        let c = clusters(&days, &ends);
        assert_eq!(c, vec![0, 0, 0, 1, 2]); // 40 is not < 40: touching windows share no day
        assert_eq!(distinct_count(&c), 3);
        assert_eq!(first_of_each(&c), vec![0, 3, 4]);
        assert_eq!(distinct_count(&[]), 0);
    }

    /// Naive: build the full N×N weight matrix.
    fn naive_nw(days: &[usize], x: &[f64], h: usize) -> f64 {
        let n = x.len();
        let m = x.iter().sum::<f64>() / n as f64;
        let mut v = 0.0;
        for i in 0..n {
            for j in 0..n {
                let d = days[i].abs_diff(days[j]) as f64;
                let w = if d < h as f64 {
                    1.0 - d / h as f64
                } else {
                    0.0
                };
                v += w * (x[i] - m) * (x[j] - m);
            }
        }
        m / (v / (n as f64 * (n - 1) as f64)).sqrt()
    }

    #[test]
    fn without_overlap_both_agree() {
        let (a, b) = t_stats(&[0, 100, 200, 300], &[0.1, 0.2, -0.05, 0.15], 63);
        assert!((a.unwrap() - b.unwrap()).abs() < 1e-12);
        // mean 0.1, s² = (0 + 0.01 + 0.0225 + 0.0025)/3 = 0.011666…, t = 0.1 / √(s²/4)
        assert!((a.unwrap() - 0.1 / (0.035f64 / 3.0 / 4.0).sqrt()).abs() < 1e-12);
    }

    #[test]
    fn clustered_same_sign_returns_shrink_t() {
        let days = [0, 1, 2, 3, 200, 201, 202, 203];
        let x = [0.1, 0.11, 0.09, 0.1, -0.02, -0.01, -0.03, -0.02];
        let (naive, overlap) = t_stats(&days, &x, 63);
        assert!(overlap.unwrap().abs() < naive.unwrap().abs());
    }

    proptest! {
        #[test]
        fn overlap_t_equals_naive_matrix(
            gaps in proptest::collection::vec(1usize..40, 2..30),
            xs in proptest::collection::vec(-0.3f64..0.3, 30),
            h in 1usize..60,
        ) {
            let days: Vec<usize> = gaps.iter().scan(0, |s, g| { *s += g; Some(*s) }).collect();
            let x = &xs[..days.len()];
            let (_, t) = t_stats(&days, x, h);
            if let Some(t) = t {
                prop_assert!((t - naive_nw(&days, x, h)).abs() < 1e-9 * t.abs().max(1.0));
            }
        }

        #[test]
        fn clusters_match_pairwise_definition(
            gaps in proptest::collection::vec(1usize..30, 1..40),
            h in 1usize..40,
        ) {
            let days: Vec<usize> = gaps.iter().scan(0, |s, g| { *s += g; Some(*s) }).collect();
            let ends: Vec<usize> = days.iter().map(|d| d + h).collect();
            let c = clusters(&days, &ends);
            // With equal horizons, consecutive events share a cluster iff they overlap.
            for k in 1..days.len() {
                prop_assert_eq!(c[k] == c[k - 1], days[k] < ends[k - 1]);
            }
        }
    }

    #[test]
    fn studentized_equals_the_textbook_cluster_t() {
        use super::oracle::cluster_t;
        let values = [0.3, -0.1, 0.25, 0.9, -0.4, 0.05, 0.6];
        let ids = [0, 0, 1, 2, 2, 2, 3];
        let got = studentized(&values, &ids, 0.1).unwrap();
        let want = cluster_t(&values, &ids, 0.1).unwrap();
        assert!((got - want).abs() < 1e-12, "{got} vs {want}");
        // One value per cluster: the ordinary t, (m − c) / (s / √n).
        let ones: Vec<usize> = (0..values.len()).collect();
        let n = values.len() as f64;
        let m = values.iter().sum::<f64>() / n;
        let s = (values.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        let t = studentized(&values, &ones, 0.1).unwrap();
        assert!((t - (m - 0.1) / (s / n.sqrt())).abs() < 1e-12);
        // One cluster, no spread, no values, or ids of another length: no statistic.
        assert_eq!(studentized(&[1.0, 2.0], &[4, 4], 0.0), None);
        assert_eq!(studentized(&[1.0, 1.0], &[0, 1], 0.0), None);
        assert_eq!(studentized(&[], &[], 0.0), None);
        assert_eq!(studentized(&[1.0, 2.0, 3.0], &[0, 1], 0.0), None);
    }
}
