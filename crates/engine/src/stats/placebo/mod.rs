//! Random-date placebo: how large are mean forward returns after N random days?
//!
//! For a horizon, the pool is every eligible day with a complete window (a contiguous range of
//! days, see [`crate::study::horizon`]). One placebo set is N distinct days from the pool, drawn
//! uniformly and kept only if they obey the same cool-off as events (no two within `cooloff`
//! days, so a set is a sequence that [`crate::study::events`] could have produced). K sets give
//! K placebo means per leg.
//!
//! # Formula
//!
//! The one-sided empirical p-value of the event mean m is
//!
//! p = (1 + #{placebo means at least as extreme as m}) / (K + 1),
//!
//! where "at least as extreme" means ≥ m when m lies above the placebo average and ≤ m
//! otherwise. The +1 counts the observed set itself, so p is never 0.
//!
//! Draws come from [`Generator`] through [`Positions`] (see [`crate::stats::random`] for the
//! reproducibility contract). [`joint`] draws the study's sets for every horizon at once;
//! [`prefix_means`] serves the threshold sweep (one sequence per set for every horizon). [`shift`] is the other placebo, which keeps the
//! events' clustering: the whole pattern of event days moved by every offset in turn.

pub mod joint;
pub mod shift;

pub use crate::stats::random::{Generator, Positions};
pub use joint::{HorizonPool, joint_placebo_means};

/// Placebo summary of one leg.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlaceboLeg {
    /// Average of the K placebo means.
    pub mean: f64,
    /// One-sided empirical p-value of the observed mean.
    pub p: f64,
}

/// Why no placebo could be drawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlaceboError {
    /// Too few pool days for N days spaced by the cool-off.
    #[error("{pool} days cannot hold {n} days spaced more than {cooloff} days apart")]
    PoolTooSmall {
        /// Days in the pool.
        pool: usize,
        /// Days per set.
        n: usize,
        /// Cool-off between days of a set.
        cooloff: usize,
    },
}

/// What the sampler reports.
enum Step {
    /// An accepted position.
    Day { pos: usize },
    /// The current set is complete.
    SetEnd,
}

/// Whether day `x` may join the set stamped `mark`: no day of the set within `cooloff` of it
/// (with no cool-off: not already in the set). `stamp` covers the pool.
#[inline]
fn is_free(stamp: &[u32], x: usize, cooloff: usize, mark: u32) -> bool {
    if cooloff == 0 {
        stamp[x] != mark
    } else {
        !stamp[x.saturating_sub(cooloff)..=(x + cooloff).min(stamp.len() - 1)].contains(&mark)
    }
}

/// The one sampler behind every placebo: K sets of N distinct positions in `0..pool`, no two
/// within `cooloff` of each other, drawn in order by rejection, reported step by step.
fn sample(
    pool: usize,
    n: usize,
    cooloff: usize,
    k: usize,
    rng: &mut Generator,
    mut step: impl FnMut(Step),
) -> Result<(), PlaceboError> {
    // Rejection sampling needs room: require the pool to hold twice the tightest packing.
    if pool > u32::MAX as usize || n.saturating_mul(cooloff + 1).saturating_mul(2) > pool {
        return Err(PlaceboError::PoolTooSmall { pool, n, cooloff });
    }
    let mut stamp = vec![0u32; pool];
    let mut positions = Positions::new(rng, pool as u32);
    for set in 0..k {
        let mark = set as u32 + 1;
        let mut taken = 0;
        while taken < n {
            let pos = positions.draw();
            if is_free(&stamp, pos, cooloff, mark) {
                stamp[pos] = mark;
                taken += 1;
                step(Step::Day { pos });
            }
        }
        step(Step::SetEnd);
    }
    Ok(())
}

/// Fills `sets` (K × N, row-major) with pool positions: K sets of N distinct positions in
/// `0..pool`, no two within `cooloff` of each other.
pub fn draw_sets(
    pool: usize,
    n: usize,
    cooloff: usize,
    k: usize,
    rng: &mut Generator,
) -> Result<Vec<u32>, PlaceboError> {
    if n == 0 {
        return Ok(Vec::new());
    }
    let mut sets = Vec::with_capacity(k * n);
    sample(pool, n, cooloff, k, rng, |step| {
        if let Step::Day { pos } = step {
            sets.push(pos as u32);
        }
    })?;
    Ok(sets)
}

/// Prefix placebo over nested pools, for the sweep: K sequences of `n` days drawn like
/// [`draw_sets`] from `0..len`, with len the longest pool (same generator use). Each pool
/// (`values`, sorted `sizes`) is a prefix of that range: of each sequence it takes the days
/// inside it (position < its length), in drawn order, and gets the mean of its values over the
/// first N of them for every N in its sizes. Returns, per pool, one vector of K means per size.
/// Only the current sequence's days are stored.
///
/// The days of a sequence are distinct, so at most len − len_p of them fall outside pool p:
/// every size of pool p must be at most n − (len − len_p) (the sweep asks no more).
///
/// # Formula
///
/// Without a cool-off, the days of a sequence inside pool p are, in order, N distinct days
/// drawn uniformly from pool p: the law of a direct draw from it. With a cool-off, a drawn day
/// just past the pool's end still keeps its neighbours inside the pool out of the sequence, so
/// within cool-off days of that end the law differs slightly from a direct draw.
///
/// # Panics
///
/// When a size exceeds n − (len − len_p) (a caller's error: the sequence could fall short).
pub fn prefix_means(
    pools: &[(&[f64], &[usize])],
    n: usize,
    cooloff: usize,
    k: usize,
    rng: &mut Generator,
) -> Result<Vec<Vec<Vec<f64>>>, PlaceboError> {
    let len = pools.iter().map(|(v, _)| v.len()).max().unwrap_or(0);
    for (values, sizes) in pools {
        let reach = n.saturating_sub(len - values.len());
        assert!(
            sizes.last().is_none_or(|&s| s <= reach),
            "a size above {reach} may not be reached"
        );
    }
    let mut out: Vec<Vec<Vec<f64>>> = pools
        .iter()
        .map(|(_, sizes)| vec![Vec::with_capacity(k); sizes.len()])
        .collect();
    if n == 0 {
        return Ok(out);
    }
    // One sequence at a time: its days, then each pool's pass over them.
    let mut days: Vec<u32> = Vec::with_capacity(n);
    sample(len, n, cooloff, k, rng, |step| match step {
        Step::Day { pos } => days.push(pos as u32),
        Step::SetEnd => {
            for ((values, sizes), out) in pools.iter().zip(&mut out) {
                let (mut sum, mut taken, mut next) = (0.0, 0usize, 0usize);
                for &pos in &days {
                    if next == sizes.len() {
                        break;
                    }
                    if let Some(v) = values.get(pos as usize) {
                        sum += v;
                        taken += 1;
                        while next < sizes.len() && sizes[next] == taken {
                            out[next].push(sum / taken as f64);
                            next += 1;
                        }
                    }
                }
            }
            days.clear();
        }
    })?;
    Ok(out)
}

/// The two-sided p of a one-sided placebo p ([`summarize`] takes it in the observed
/// direction, so doubling it counts both tails): what a two-sided level is judged against.
///
/// # Formula
///
/// min(1, 2p).
pub fn two_sided(p: f64) -> f64 {
    (2.0 * p).min(1.0)
}

/// Placebo average and one-sided p-value of `observed` against `means`; `None` without means.
///
/// # Formula
///
/// centre = mean of the K means; p = (1 + #{means ≥ observed}) / (K + 1) when
/// observed ≥ centre, else (1 + #{means ≤ observed}) / (K + 1).
pub fn summarize(observed: f64, means: &[f64]) -> Option<PlaceboLeg> {
    if means.is_empty() {
        return None;
    }
    let centre = means.iter().sum::<f64>() / means.len() as f64;
    let extreme = if observed >= centre {
        means.iter().filter(|m| **m >= observed).count()
    } else {
        means.iter().filter(|m| **m <= observed).count()
    };
    Some(PlaceboLeg {
        mean: centre,
        p: (1 + extreme) as f64 / (means.len() + 1) as f64,
    })
}

/// [`summarize`] of `observed` against the statistics that have a value (NaN: none, left out),
/// and their sample standard deviation, without copying them. `None` without a defined value.
///
/// The circular shift's thousands of sets are summed in eight interleaved partial sums,
/// added in order at the end: a fixed order (the same numbers on every platform), but not the
/// single running sum [`summarize`] and [`sample_std`](crate::stats::sample_std) add in, so the
/// results may differ from theirs in the last bits.
///
/// # Formula
///
/// Over the K defined values x: centre = Σx / K; p = (1 + #{x ≥ observed}) / (K + 1) when
/// observed ≥ centre, else (1 + #{x ≤ observed}) / (K + 1); sd = √(Σ(x − centre)² / (K − 1))
/// (`None` for K < 2).
pub fn summarize_defined(observed: f64, statistics: &[f64]) -> Option<(PlaceboLeg, Option<f64>)> {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2, checked just above.
        return unsafe { summarize_defined_avx2(observed, statistics) };
    }
    summarize_parts(observed, statistics)
}

/// [`summarize_parts`] compiled for AVX2: the same operations per part, wider registers.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn summarize_defined_avx2(observed: f64, statistics: &[f64]) -> Option<(PlaceboLeg, Option<f64>)> {
    summarize_parts(observed, statistics)
}

/// [`summarize_defined`]'s two passes.
#[inline(always)]
fn summarize_parts(observed: f64, statistics: &[f64]) -> Option<(PlaceboLeg, Option<f64>)> {
    // First pass: the sum and count of the defined values, part j taking every PARTS-th.
    let (mut sums, mut counts) = ([0.0f64; PARTS], [0usize; PARTS]);
    let mut chunks = statistics.chunks_exact(PARTS);
    for chunk in &mut chunks {
        for j in 0..PARTS {
            let defined = !chunk[j].is_nan();
            sums[j] += if defined { chunk[j] } else { 0.0 };
            counts[j] += usize::from(defined);
        }
    }
    for (j, &x) in chunks.remainder().iter().enumerate() {
        if !x.is_nan() {
            sums[j] += x;
            counts[j] += 1;
        }
    }
    let count: usize = counts.iter().sum();
    if count == 0 {
        return None;
    }
    let centre = sums.iter().fold(0.0, |a, b| a + b) / count as f64;
    // Second pass: squared deviations from the centre, and the values on either side of the
    // observed one.
    let (mut squares, mut above, mut below) = ([0.0f64; PARTS], [0usize; PARTS], [0usize; PARTS]);
    let mut chunks = statistics.chunks_exact(PARTS);
    let mut add = |j: usize, x: f64| {
        let defined = !x.is_nan();
        let d = x - centre;
        squares[j] += if defined { d * d } else { 0.0 };
        above[j] += usize::from(x >= observed);
        below[j] += usize::from(x <= observed);
    };
    for chunk in &mut chunks {
        for (j, &x) in chunk.iter().enumerate() {
            add(j, x);
        }
    }
    for (j, &x) in chunks.remainder().iter().enumerate() {
        add(j, x);
    }
    let squares = squares.iter().fold(0.0, |a, b| a + b);
    let extreme: usize = if observed >= centre {
        above.iter().sum()
    } else {
        below.iter().sum()
    };
    let sd = (count >= 2).then(|| (squares / (count - 1) as f64).sqrt());
    Some((
        PlaceboLeg {
            mean: centre,
            p: (1 + extreme) as f64 / (count + 1) as f64,
        },
        sd,
    ))
}

/// Partial sums of [`summarize_defined`]: independent additions the processor can overlap.
const PARTS: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::random::rng_for;

    /// Naive reference: means of `values` over each set of `n` positions.
    fn set_means(values: &[f64], sets: &[u32], n: usize) -> Vec<f64> {
        sets.chunks_exact(n.max(1))
            .map(|set| set.iter().map(|&p| values[p as usize]).sum::<f64>() / n as f64)
            .collect()
    }

    #[test]
    fn sets_are_distinct_and_respect_cooloff() {
        let mut rng = rng_for(7, 63);
        let sets = draw_sets(500, 20, 4, 300, &mut rng).unwrap();
        assert_eq!(sets.len(), 300 * 20);
        for set in sets.chunks_exact(20) {
            let mut s: Vec<u32> = set.to_vec();
            s.sort_unstable();
            assert!(s.windows(2).all(|w| w[1] - w[0] > 4), "{s:?}");
            assert!(s.iter().all(|p| *p < 500));
        }
    }

    #[test]
    fn same_seed_same_draws_other_seed_other_draws() {
        let a = draw_sets(1000, 10, 0, 50, &mut rng_for(42, 5)).unwrap();
        let b = draw_sets(1000, 10, 0, 50, &mut rng_for(42, 5)).unwrap();
        let c = draw_sets(1000, 10, 0, 50, &mut rng_for(43, 5)).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn draws_are_uniform_enough() {
        // Every position of a small pool is drawn about equally often.
        let sets = draw_sets(20, 1, 0, 20_000, &mut rng_for(1, 1)).unwrap();
        let mut counts = [0usize; 20];
        for p in sets {
            counts[p as usize] += 1;
        }
        assert!(counts.iter().all(|c| (800..1200).contains(c)), "{counts:?}");
    }

    #[test]
    fn prefix_means_equal_prefixes_of_drawn_sets_inside_each_pool() {
        let values: Vec<f64> = (0..900)
            .map(|k| ((k * 29) % 83) as f64 / 80.0 - 0.5)
            .collect();
        // Three nested pools: the whole range, and two shorter prefixes with their own values.
        let shorter: Vec<f64> = values[..850].iter().map(|v| v * 2.0 + 0.1).collect();
        let shortest: Vec<f64> = values[..800].iter().map(|v| -v).collect();
        let sizes: [&[usize]; 3] = [&[1, 7, 40], &[3, 39], &[1, 2, 30]];
        let pools = [
            (&values[..], sizes[0]),
            (&shorter[..], sizes[1]),
            (&shortest[..], sizes[2]),
        ];
        let n = 220;
        let sets = draw_sets(900, n, 1, 150, &mut rng_for(8, 8)).unwrap();
        let got = prefix_means(&pools, n, 1, 150, &mut rng_for(8, 8)).unwrap();
        for (p, (vals, sizes)) in pools.iter().enumerate() {
            for (slot, &size) in sizes.iter().enumerate() {
                assert_eq!(got[p][slot].len(), 150);
                for (s, set) in sets.chunks_exact(n).enumerate() {
                    let inside: Vec<f64> = set
                        .iter()
                        .filter(|&&q| (q as usize) < vals.len())
                        .map(|&q| vals[q as usize])
                        .collect();
                    let want = inside[..size].iter().sum::<f64>() / size as f64;
                    assert_eq!(got[p][slot][s], want);
                }
            }
        }
    }

    #[test]
    #[should_panic(expected = "may not be reached")]
    fn prefix_means_refuse_a_size_a_sequence_may_not_reach() {
        let values = vec![0.0; 900];
        // 100 days outside the shorter pool: of 240 days, only 140 are sure to fall inside.
        let _ = prefix_means(
            &[(&values[..], &[240]), (&values[..800], &[141])],
            240,
            0,
            3,
            &mut rng_for(1, 1),
        );
    }

    #[test]
    fn pool_too_small_is_an_error() {
        assert_eq!(
            draw_sets(30, 10, 2, 5, &mut rng_for(1, 1)),
            Err(PlaceboError::PoolTooSmall {
                pool: 30,
                n: 10,
                cooloff: 2
            })
        );
    }

    #[test]
    fn defined_statistics_summarize_as_their_copy_does() {
        // Long enough for every partial sum and a remainder; NaN scattered.
        let values: Vec<f64> = (0..203)
            .map(|k| {
                if k % 13 == 4 {
                    f64::NAN
                } else {
                    ((k * 37) % 101) as f64 / 50.0 - 1.0
                }
            })
            .collect();
        let defined: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
        for observed in [-2.0, -0.5, 0.0, 0.2, 0.98, 3.0] {
            let (leg, sd) = summarize_defined(observed, &values).unwrap();
            let want = summarize(observed, &defined).unwrap();
            assert!((leg.mean - want.mean).abs() < 1e-15, "{leg:?} {want:?}");
            assert_eq!(leg.p, want.p);
            let want_sd = crate::stats::sample_std(&defined).unwrap();
            assert!((sd.unwrap() - want_sd).abs() < 1e-15);
        }
        // The dispatched code (AVX2 where the processor has it) and the portable one agree to
        // the bit.
        for observed in [-0.3, 0.4] {
            let (a, sa) = summarize_defined(observed, &values).unwrap();
            let (b, sb) = summarize_parts(observed, &values).unwrap();
            assert_eq!(
                (a.mean.to_bits(), a.p.to_bits(), sa.map(f64::to_bits)),
                (b.mean.to_bits(), b.p.to_bits(), sb.map(f64::to_bits))
            );
        }
        assert_eq!(summarize_defined(0.0, &[f64::NAN]), None);
        assert_eq!(summarize_defined(0.0, &[]), None);
        assert_eq!(summarize_defined(0.0, &[0.5]).unwrap().1, None);
    }

    #[test]
    fn p_value_by_hand() {
        let means = [0.0, 0.1, 0.2, 0.3];
        // centre 0.15; observed 0.25 is above: #{≥ 0.25} = 1 → (1+1)/5
        let s = summarize(0.25, &means).unwrap();
        assert!((s.mean - 0.15).abs() < 1e-15);
        assert!((s.p - 0.4).abs() < 1e-15);
        // observed −1 below everything: #{≤ −1} = 0 → 1/5
        assert!((summarize(-1.0, &means).unwrap().p - 0.2).abs() < 1e-15);
        assert_eq!(
            set_means(&[1.0, 2.0, 3.0, 4.0], &[0, 1, 2, 3], 2),
            vec![1.5, 3.5]
        );
    }
}
