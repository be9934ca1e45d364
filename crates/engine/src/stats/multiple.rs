//! Multiple testing over a family of placebo tests: the single-step max-T adjusted p (family-wise)
//! and the Benjamini–Hochberg q (false discovery rate). The cross-section (its tickers at a
//! horizon) and the threshold sweep (its whole grid) both use them.

/// One test of a family: its observed statistic and its statistic on each of the family's K
/// placebo sequences, with the centre and spread that standardise both.
#[derive(Debug, Clone, Copy)]
pub struct PlaceboTest<'a> {
    /// The observed statistic (an edge, a mean).
    pub observed: f64,
    /// The statistic on placebo sequence s, for s in 0..K; NaN where sequence s gave this test
    /// no value (it is left out of this test's maximum term).
    pub placebo: &'a [f64],
    /// The centre c: the mean of the test's defined placebo statistics.
    pub centre: f64,
    /// The spread s: their sample standard deviation, > 0.
    pub sd: f64,
    /// The test's raw one-sided placebo p.
    pub raw_p: f64,
}

/// Single-step max-T adjusted p of every test of `family` (in its order), over `k` placebo
/// sequences shared by the family.
///
/// # Formula
///
/// For test j with centre c_j and spread s_j: z_j = |x_j − c_j| / s_j, and on sequence s
/// z_{j,s} = |x_{j,s} − c_j| / s_j; M_s = max over the tests with a value on s of z_{j,s}
/// (−∞ when none has); p_adj(j) = max(p_j, (1 + #{s : M_s ≥ z_j}) / (K + 1)).
/// Taking the maximum with the raw p keeps p_adj ≥ p also where a test has sequences left out
/// (its raw p then counts fewer of them).
pub fn max_t_adjusted(family: &[PlaceboTest<'_>], k: usize) -> Vec<f64> {
    let mut max_t = MaxT::new(k);
    for t in family {
        max_t.add(t);
    }
    max_t.adjusted()
}

/// [`max_t_adjusted`] fed one test at a time: each test's placebo statistics are folded into
/// the maxima M_s as it comes, so a family's sequences need not be kept together (a sweep's
/// grid holds about a hundred tests of several thousand sequences each). The maxima do not
/// depend on the order the tests come in.
#[derive(Debug, Clone)]
pub struct MaxT {
    /// M_s per sequence.
    max: Vec<f64>,
    /// Each test's z_j and raw p, in the order added.
    tests: Vec<(f64, f64)>,
}

impl MaxT {
    /// No test yet, over `k` sequences.
    pub fn new(k: usize) -> MaxT {
        MaxT {
            max: vec![f64::NEG_INFINITY; k],
            tests: Vec::new(),
        }
    }

    /// Adds a test of the family (its first K statistics count).
    pub fn add(&mut self, t: &PlaceboTest<'_>) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has AVX2, checked just above.
            unsafe { fold_avx2(&mut self.max, t) };
        } else {
            fold(&mut self.max, t);
        }
        #[cfg(not(target_arch = "x86_64"))]
        fold(&mut self.max, t);
        self.tests
            .push((((t.observed - t.centre) / t.sd).abs(), t.raw_p));
    }

    /// The adjusted p of every test added, in the order added ([`max_t_adjusted`]'s formula).
    pub fn adjusted(&self) -> Vec<f64> {
        let k = self.max.len();
        self.tests
            .iter()
            .map(|&(z, raw_p)| {
                let at_least = self.max.iter().filter(|m| **m >= z).count();
                ((1 + at_least) as f64 / (k + 1) as f64).max(raw_p)
            })
            .collect()
    }
}

/// Folds a test's standardised |statistics| into the maxima, sequence by sequence.
#[inline(always)]
fn fold(max: &mut [f64], t: &PlaceboTest<'_>) {
    for (m, x) in max.iter_mut().zip(t.placebo) {
        // A sequence without a value (NaN) compares false and leaves M_s as it was.
        let z = ((x - t.centre) / t.sd).abs();
        *m = if z > *m { z } else { *m };
    }
}

/// [`fold`] compiled for AVX2 (the same division per sequence, four at a time).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn fold_avx2(max: &mut [f64], t: &PlaceboTest<'_>) {
    fold(max, t);
}

/// Benjamini–Hochberg q-values of `p`, in the same order.
///
/// # Formula
///
/// With the m values sorted ascending, q_(i) = min over j ≥ i of min(1, p_(j) · m / j)
/// (ties keep their input order), so q ≥ p.
pub fn bh_q(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    let mut q = vec![0.0; m];
    let mut running = 1.0f64;
    for rank in (0..m).rev() {
        let i = order[rank];
        // p · (m / j) rather than p · m / j: m / j ≥ 1 exactly, so q ≥ p holds in floating point.
        running = running.min(p[i] * (m as f64 / (rank + 1) as f64));
        q[i] = running;
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The plain oracle: max-T by nested loops over sequences and tests.
    fn max_t_oracle(family: &[PlaceboTest<'_>], k: usize) -> Vec<f64> {
        family
            .iter()
            .map(|t| {
                let z = ((t.observed - t.centre) / t.sd).abs();
                let mut count = 0;
                for s in 0..k {
                    let mut max = f64::NEG_INFINITY;
                    for g in family {
                        let x = g.placebo[s];
                        if !x.is_nan() {
                            max = max.max(((x - g.centre) / g.sd).abs());
                        }
                    }
                    if max >= z {
                        count += 1;
                    }
                }
                ((1 + count) as f64 / (k + 1) as f64).max(t.raw_p)
            })
            .collect()
    }

    /// The plain oracle: q_a = min over p_j ≥ p_a of p_j · m / #{p ≤ p_j}, capped at 1.
    fn bh_oracle(p: &[f64]) -> Vec<f64> {
        let m = p.len() as f64;
        p.iter()
            .map(|&pa| {
                p.iter()
                    .filter(|pj| **pj >= pa)
                    .map(|pj| pj * m / p.iter().filter(|pi| *pi <= pj).count() as f64)
                    .fold(1.0f64, f64::min)
            })
            .collect()
    }

    /// A test of `placebo` with the raw one-sided p, centre and sd computed plainly.
    fn test_of(observed: f64, placebo: &[f64]) -> Option<PlaceboTest<'_>> {
        let defined: Vec<f64> = placebo.iter().copied().filter(|x| !x.is_nan()).collect();
        if defined.len() < 2 {
            return None;
        }
        let n = defined.len() as f64;
        let centre = defined.iter().sum::<f64>() / n;
        let sd = (defined.iter().map(|x| (x - centre).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        let extreme = if observed >= centre {
            defined.iter().filter(|x| **x >= observed).count()
        } else {
            defined.iter().filter(|x| **x <= observed).count()
        };
        (sd > 0.0).then_some(PlaceboTest {
            observed,
            placebo,
            centre,
            sd,
            raw_p: (1 + extreme) as f64 / (n + 1.0),
        })
    }

    #[test]
    fn bh_by_hand() {
        // p sorted: 0.01, 0.02, 0.03, 0.5 (m = 4): 0.04, 0.04, 0.04, 0.5.
        let q = bh_q(&[0.5, 0.03, 0.01, 0.02]);
        let want = [0.5, 0.04, 0.04, 0.04];
        for (a, b) in q.iter().zip(want) {
            assert!((a - b).abs() < 1e-15, "{q:?}");
        }
    }

    #[test]
    fn the_fold_gives_the_same_bits_in_any_registers() {
        let placebo: Vec<f64> = (0..203)
            .map(|k| {
                if k % 17 == 3 {
                    f64::NAN
                } else {
                    ((k * 31) % 97) as f64 / 30.0 - 1.5
                }
            })
            .collect();
        let t = PlaceboTest {
            observed: 1.2,
            placebo: &placebo,
            centre: 0.1,
            sd: 0.9,
            raw_p: 0.3,
        };
        let mut dispatched = MaxT::new(203);
        dispatched.add(&t);
        let mut portable = vec![f64::NEG_INFINITY; 203];
        fold(&mut portable, &t);
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&dispatched.max), bits(&portable));
    }

    #[test]
    fn max_t_by_hand() {
        // Two tests over K = 4 sequences, centre 0 and sd 1 given.
        let a = [1.0, -3.0, 0.5, f64::NAN];
        let b = [0.2, 0.1, 2.5, -0.4];
        let t = |observed, placebo| PlaceboTest {
            observed,
            placebo,
            centre: 0.0,
            sd: 1.0,
            raw_p: 0.2,
        };
        // M = [1.0, 3.0, 2.5, 0.4]; |z_a| = 2.6 → #{M ≥ 2.6} = 1 → 2/5; |z_b| = 0.3 → 4 → 5/5.
        let got = max_t_adjusted(&[t(2.6, &a), t(-0.3, &b)], 4);
        assert_eq!(got, vec![0.4, 1.0]);
    }

    proptest! {
        /// Max-T equals the nested-loop oracle, BH equals the oracle, and neither is below the
        /// raw p (families of up to 8 tests over up to 60 sequences, some left out).
        #[test]
        fn adjusted_p_and_q_match_oracles_and_are_at_least_raw_p(
            k in 2usize..60,
            tests in proptest::collection::vec(
                (-3.0f64..3.0, proptest::collection::vec(
                    proptest::option::weighted(0.9, -2.0f64..2.0).prop_map(|x| x.unwrap_or(f64::NAN)),
                    60,
                )),
                1..8,
            ),
        ) {
            let family: Vec<PlaceboTest<'_>> = tests
                .iter()
                .filter_map(|(x, placebo)| test_of(*x, &placebo[..k]))
                .collect();
            let adjusted = max_t_adjusted(&family, k);
            prop_assert_eq!(&adjusted, &max_t_oracle(&family, k));
            let raw: Vec<f64> = family.iter().map(|t| t.raw_p).collect();
            let q = bh_q(&raw);
            for ((a, want), (t, q)) in q.iter().zip(bh_oracle(&raw)).zip(family.iter().zip(&q)) {
                prop_assert!((a - want).abs() <= 1e-12, "{} vs {}", a, want);
                prop_assert!(*q >= t.raw_p && *q <= 1.0);
            }
            for (p_adj, t) in adjusted.iter().zip(&family) {
                prop_assert!(*p_adj >= t.raw_p && *p_adj <= 1.0);
            }
        }
    }
}
