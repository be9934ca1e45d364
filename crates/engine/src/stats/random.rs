//! The random generator behind every draw, exact uniform positions, and the named streams.
//!
//! # Reproducibility contract
//!
//! The CLI (native) and the page (wasm32) must print the same numbers for the same settings, so:
//! - every draw comes from [`Generator`] (PCG-32), whose state and output are plain integers;
//! - a draw is a `u32` (or a `u32` range via Lemire's rejection, [`Positions`] and
//!   `random_range(0..c as u32)`), never a `usize` range or a float, so word size and float
//!   libraries play no part;
//! - each consumer draws from its own [`Stream`], derived from the user's seed and the stream's
//!   number, and consumes it in a fixed order; adding a consumer means adding a variant, never
//!   sharing a stream, so no existing figure moves.
//!
//! A wasm-bindgen test compares the study JSON of both builds byte for byte.

use rand::{RngCore, SeedableRng};

/// The generator of every random draw (random-date placebo, bootstrap, path band): PCG-32
/// (`Lcg64Xsh32`, 64-bit state, 32-bit output). Its step is one 64-bit multiply, which
/// WebAssembly has natively (a 128-bit PCG needs a multi-word multiply there), and every draw
/// needs only 32 bits.
pub type Generator = rand_pcg::Pcg32;

/// One consumer of random numbers, with its own generator per (seed, stream).
///
/// The numbers below are part of the reproducibility contract: changing one changes every
/// figure that stream feeds. Horizons in calendar months get a stream apart from the same
/// number of trading days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    /// The study's joint placebo (every horizon at once).
    Placebo {
        /// Whether horizons are calendar months rather than trading days.
        months: bool,
    },
    /// The cluster bootstrap of one horizon of the study.
    Bootstrap {
        /// The horizon, in its unit.
        horizon: usize,
        /// Whether horizons are calendar months rather than trading days.
        months: bool,
    },
    /// The cluster bootstrap band of the average path.
    PathBand {
        /// The last day of the path (its window length).
        days: usize,
    },
    /// The cross-section's cluster bootstrap of one horizon: every ticker starts a fresh
    /// generator of this stream, so its draws do not depend on the universe's order.
    CrossBootstrap {
        /// The horizon, in its unit.
        horizon: usize,
        /// Whether horizons are calendar months rather than trading days.
        months: bool,
    },
}

/// Stream number of the placebo (the low bit marks calendar months).
const PLACEBO_STREAM: u64 = 0x504C_4143_4542_4F00;
/// Seed salts of the other streams, which number their horizon. Retired salts, not to be
/// reused: 0x5EE9 (the sweep's shift offsets), 0x5_41F7 (the study's shift offsets) and
/// 0xC055_5EC7 (the cross-section's), drawn before the circular shift took every offset.
const BOOTSTRAP_SALT: u64 = 0xB007_57A9;
const PATH_BAND_SALT: u64 = 0xBA4D;
/// Seed salt of the cross-section's bootstrap, which numbers its horizon.
const CROSS_BOOTSTRAP_SALT: u64 = 0xC055_B007;

impl Stream {
    /// The generator of this stream under the user's `seed`.
    pub fn generator(self, seed: u64) -> Generator {
        let horizon_stream =
            |horizon: usize, months: bool| (horizon as u64) << 1 | u64::from(months);
        match self {
            Stream::Placebo { months } => rng_for(seed, PLACEBO_STREAM | u64::from(months)),
            Stream::Bootstrap { horizon, months } => {
                rng_for(seed ^ BOOTSTRAP_SALT, horizon_stream(horizon, months))
            }
            Stream::PathBand { days } => rng_for(seed ^ PATH_BAND_SALT, days as u64),
            Stream::CrossBootstrap { horizon, months } => {
                rng_for(seed ^ CROSS_BOOTSTRAP_SALT, horizon_stream(horizon, months))
            }
        }
    }
}

/// The generator for one (seed, stream number) pair; [`Stream::generator`] names the numbers
/// the engine uses. Tests use it directly for arbitrary independent streams.
pub(crate) fn rng_for(seed: u64, stream: u64) -> Generator {
    // SplitMix-style mixing so nearby seeds and horizons give unrelated streams.
    let mut z = seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    Generator::seed_from_u64(z ^ (z >> 31))
}

/// Uniform positions in `0..len`, exactly: Lemire's multiply-and-reject on 32-bit draws.
///
/// # Formula
///
/// For a 32-bit draw u, m = u · len (64 bits); the position is ⌊m / 2³²⌋, accepted when
/// m mod 2³² ≥ 2³² mod len. Every position then has exactly ⌊2³² / len⌋ accepted draws.
pub struct Positions<'a> {
    rng: &'a mut Generator,
    len: u32,
    threshold: u32,
}

impl<'a> Positions<'a> {
    /// Positions in `0..len` (`len` ≥ 1).
    pub fn new(rng: &'a mut Generator, len: u32) -> Positions<'a> {
        let len = len.max(1);
        Positions {
            rng,
            len,
            // 2^32 mod len: products whose low half falls below this are rejected.
            threshold: len.wrapping_neg() % len,
        }
    }

    /// The next uniform position.
    #[inline(always)]
    pub fn draw(&mut self) -> usize {
        loop {
            let m = u64::from(self.rng.next_u32()) * u64::from(self.len);
            if (m as u32) >= self.threshold {
                return (m >> 32) as usize;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_exactly_uniform_for_a_tiny_generator_space() {
        // Lemire's rejection makes every position equally likely: with len = 3, each accepted
        // 32-bit value maps to 0, 1 or 2 exactly (2^32 − threshold) / 3 times.
        let len = 3u32;
        let threshold = len.wrapping_neg() % len;
        let accepted = u64::from(u32::MAX) + 1 - u64::from(threshold);
        assert_eq!(accepted % 3, 0);
        let mut rng = rng_for(1, 2);
        let mut p = Positions::new(&mut rng, 7);
        assert!((0..10_000).map(|_| p.draw()).all(|x| x < 7));
    }

    #[test]
    fn streams_are_the_historical_salts() {
        // The contract: these exact (seed, number) pairs, so earlier figures stay reproducible.
        let first = |mut g: Generator| g.next_u32();
        let seed = 20_240_711;
        let cases = [
            (
                Stream::Placebo { months: true },
                rng_for(seed, 0x504C_4143_4542_4F01),
            ),
            (
                Stream::Bootstrap {
                    horizon: 63,
                    months: false,
                },
                rng_for(seed ^ 0xB007_57A9, 126),
            ),
            (Stream::PathBand { days: 252 }, rng_for(seed ^ 0xBA4D, 252)),
            (
                Stream::CrossBootstrap {
                    horizon: 63,
                    months: false,
                },
                rng_for(seed ^ 0xC055_B007, 126),
            ),
        ];
        for (stream, want) in cases {
            assert_eq!(first(stream.generator(seed)), first(want), "{stream:?}");
        }
    }
}
