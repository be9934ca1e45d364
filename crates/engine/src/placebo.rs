//! Random-date placebo: how large are mean forward returns after N random days?
//!
//! For a horizon, the pool is every eligible day with a complete window (a contiguous range of
//! days, see [`crate::horizon`]). One placebo set is N distinct days from the pool, drawn
//! uniformly and kept only if they obey the same cool-off as events (no two within `cooloff`
//! days, so a set is a sequence that [`crate::events`] could have produced). K sets give K
//! placebo means per leg. The one-sided empirical p-value of the event mean m is
//!
//! p = (1 + #{placebo means at least as extreme as m}) / (K + 1),
//!
//! where "at least as extreme" means ≥ m when m lies above the placebo average and ≤ m
//! otherwise. The +1 counts the observed set itself, so p is never 0.
//!
//! The generator is PCG-64 (MCG variant) seeded from the user's seed and the horizon, and every
//! draw is a `u32` range, so native and wasm builds produce identical numbers.

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;

/// Placebo summary of one leg.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlaceboLeg {
    /// Average of the K placebo means.
    pub mean: f64,
    /// One-sided empirical p-value of the observed mean.
    pub p: f64,
}

/// The generator for one (seed, horizon) stream.
pub fn rng_for(seed: u64, stream: u64) -> Pcg64Mcg {
    // SplitMix-style mixing so nearby seeds and horizons give unrelated streams.
    let mut z = seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    Pcg64Mcg::seed_from_u64(z ^ (z >> 31))
}

/// Why no placebo could be drawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlaceboError {
    /// Too few pool days for N days spaced by the cool-off.
    #[error("{pool} days cannot hold {n} days spaced more than {cooloff} days apart")]
    PoolTooSmall {
        pool: usize,
        n: usize,
        cooloff: usize,
    },
}

/// Fills `sets` (K × N, row-major) with pool positions: K sets of N distinct positions in
/// `0..pool`, no two within `cooloff` of each other.
pub fn draw_sets(
    pool: usize,
    n: usize,
    cooloff: usize,
    k: usize,
    rng: &mut Pcg64Mcg,
) -> Result<Vec<u32>, PlaceboError> {
    let too_small = PlaceboError::PoolTooSmall { pool, n, cooloff };
    // Rejection sampling needs room: require the pool to hold twice the tightest packing.
    if n == 0 || pool > u32::MAX as usize || n.saturating_mul(cooloff + 1).saturating_mul(2) > pool
    {
        return if n == 0 {
            Ok(Vec::new())
        } else {
            Err(too_small)
        };
    }
    let mut stamp = vec![0u32; pool];
    let mut sets = Vec::with_capacity(k * n);
    for set in 0..k {
        let mark = set as u32 + 1;
        let mut taken = 0;
        while taken < n {
            let pos = rng.random_range(0..pool as u32) as usize;
            let lo = pos.saturating_sub(cooloff);
            let hi = (pos + cooloff).min(pool - 1);
            if stamp[lo..=hi].contains(&mark) {
                continue;
            }
            stamp[pos] = mark;
            sets.push(pos as u32);
            taken += 1;
        }
    }
    Ok(sets)
}

/// Means of `values` over each set of `n` positions.
pub fn set_means(values: &[f64], sets: &[u32], n: usize) -> Vec<f64> {
    sets.chunks_exact(n.max(1))
        .map(|set| set.iter().map(|&p| values[p as usize]).sum::<f64>() / n as f64)
        .collect()
}

/// Placebo average and one-sided p-value of `observed` against `means`.
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

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
