//! The circular-shift placebo: the events' own pattern of days, moved as a whole.
//!
//! The random-date placebo draws N independent days, which spreads them over calm and stormy
//! years alike; events cluster, so that null is too narrow. Here each placebo set is the event
//! days themselves, every one moved by the same offset around the pool: the spacing and the
//! clustering of the events are kept, only their place in history changes.
//!
//! # Formula
//!
//! With the pool's n days at positions 0 … n − 1 and the events at positions e₁ … e_N, set s
//! draws one offset o_s uniformly from 1 … n − 1 and takes the days (e_k + o_s) mod n; its
//! mean is (1/N) Σ_k value((e_k + o_s) mod n), per leg. The p-value is then that of
//! [`super::summarize`]: (1 + #{set means at least as extreme as the observed mean}) / (K + 1),
//! in the direction of the observed mean from the sets' average.
//!
//! Offsets come from [`Positions`] (a `u32` range, so native and wasm draw the same).

use crate::stats::random::{Generator, Positions};

/// K offsets in 1 … n − 1 (`n` ≥ 2), drawn in order from `rng`.
///
/// # Formula
///
/// o = 1 + a uniform position in 0 … n − 2.
pub fn shift_offsets(n: usize, k: usize, rng: &mut Generator) -> Vec<usize> {
    let mut positions = Positions::new(rng, (n - 1) as u32);
    (0..k).map(|_| 1 + positions.draw()).collect()
}

/// The K shifted-set means of each leg: `legs` hold one value per pool day (each leg as long
/// as the pool), `events` the events' pool positions. `None` when there is no event, the pool
/// has fewer than 2 days or more than `u32::MAX`, or K = 0.
///
/// # Formula
///
/// See the module: mean over k of value((e_k + o_s) mod n), for each of the K offsets
/// [`shift_offsets`] draws.
pub fn shift_means<const L: usize>(
    legs: [&[f64]; L],
    events: &[usize],
    k: usize,
    rng: &mut Generator,
) -> Option<[Vec<f64>; L]> {
    let n = legs.iter().map(|l| l.len()).min()?;
    if events.is_empty() || n < 2 || n > u32::MAX as usize || k == 0 {
        return None;
    }
    let count = events.len() as f64;
    let mut out: [Vec<f64>; L] = std::array::from_fn(|_| Vec::with_capacity(k));
    for o in shift_offsets(n, k, rng) {
        let mut sums = [0.0; L];
        for &e in events {
            let q = e % n + o;
            let q = if q >= n { q - n } else { q };
            for (sum, leg) in sums.iter_mut().zip(&legs) {
                *sum += leg[q];
            }
        }
        for (means, sum) in out.iter_mut().zip(sums) {
            means.push(sum / count);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::placebo::summarize;
    use crate::stats::random::rng_for;
    use proptest::prelude::*;

    /// Plain loop: for each offset, shift every event day and average, one leg at a time.
    fn plain(values: &[f64], events: &[usize], offsets: &[usize]) -> Vec<f64> {
        let n = values.len();
        let mut out = Vec::new();
        for &o in offsets {
            let mut total = 0.0;
            for &e in events {
                total += values[(e + o) % n];
            }
            out.push(total / events.len() as f64);
        }
        out
    }

    #[test]
    fn shifted_means_equal_a_plain_loop_over_the_same_offsets() {
        let long: Vec<f64> = (0..97)
            .map(|k| ((k * 37) % 19) as f64 / 10.0 - 0.9)
            .collect();
        let short: Vec<f64> = (0..97).map(|k| ((k * 11) % 13) as f64 / 20.0).collect();
        let events = [3, 4, 5, 40, 41, 90, 96];
        let offsets = shift_offsets(97, 500, &mut rng_for(5, 9));
        assert!(offsets.iter().all(|o| (1..97).contains(o)));
        let [l, s] = shift_means([&long, &short], &events, 500, &mut rng_for(5, 9)).unwrap();
        assert_eq!(l, plain(&long, &events, &offsets));
        assert_eq!(s, plain(&short, &events, &offsets));
        // Every offset 1 … n − 1 turns up, and never 0 (the observed set itself).
        let many = shift_offsets(7, 5000, &mut rng_for(1, 2));
        for o in 1..7 {
            assert!(many.contains(&o));
        }
        assert!(!many.contains(&0) && !many.contains(&7));
        assert_eq!(shift_means([&long], &[], 10, &mut rng_for(1, 1)), None);
        assert_eq!(
            shift_means([&long[..1]], &[0], 10, &mut rng_for(1, 1)),
            None
        );
    }

    #[test]
    fn a_clustered_pattern_keeps_its_spacing() {
        // One bump of +1 over days 10..15 and 0 elsewhere; events on the bump's five days.
        // Any shift keeps the five days together, so a set mean is k/5 for an overlap of k
        // days, never something in between.
        let values: Vec<f64> = (0..50)
            .map(|d| f64::from(u8::from((10..15).contains(&d))))
            .collect();
        let events: Vec<usize> = (10..15).collect();
        let [m] = shift_means([&values], &events, 2000, &mut rng_for(3, 3)).unwrap();
        assert!(
            m.iter()
                .all(|x| (x * 5.0 - (x * 5.0).round()).abs() < 1e-12)
        );
        assert!(m.iter().all(|x| *x < 1.0));
        // The observed mean 1 beats every shift: p = 1 / (K + 1).
        assert_eq!(summarize(1.0, &m).unwrap().p, 1.0 / 2001.0);
    }

    proptest! {
        #[test]
        fn p_is_a_probability_and_deterministic_per_seed(
            values in proptest::collection::vec(-0.5f64..0.5, 2..200),
            picks in proptest::collection::vec(0usize..1000, 1..30),
            seed in 0u64..1000, k in 1usize..300,
        ) {
            let n = values.len();
            let mut events: Vec<usize> = picks.iter().map(|p| p % n).collect();
            events.sort_unstable();
            events.dedup();
            let observed = events.iter().map(|&e| values[e]).sum::<f64>() / events.len() as f64;
            let [a] = shift_means([&values], &events, k, &mut rng_for(seed, 1)).unwrap();
            let [b] = shift_means([&values], &events, k, &mut rng_for(seed, 1)).unwrap();
            prop_assert_eq!(&a, &b);
            let p = summarize(observed, &a).unwrap().p;
            prop_assert!(p > 0.0 && p <= 1.0);
            let offsets = shift_offsets(n, k, &mut rng_for(seed, 1));
            let want = plain(&values, &events, &offsets);
            for (x, y) in a.iter().zip(&want) {
                prop_assert!((x - y).abs() < 1e-12);
            }
        }
    }
}
