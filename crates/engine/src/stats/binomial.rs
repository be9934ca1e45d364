//! A binomial proportion's 95 % interval: how sure a measured rate (k of n trials) is.

/// The 97.5 % quantile of the standard normal.
const Z: f64 = 1.959_963_984_540_054;

/// The Wilson score 95 % interval of `hits` successes in `trials` (≥ 1) trials, as
/// (low, high), clamped to [0, 1].
///
/// # Formula
///
/// With p̂ = hits / n and z = 1.959964: centre = (p̂ + z²/2n) / (1 + z²/n),
/// half-width = z / (1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²); the interval is centre ± half.
///
/// # Example
///
/// ```
/// use equalizer_engine::stats::binomial::wilson;
///
/// let (low, high) = wilson(20, 400);
/// assert!((low - 0.0326).abs() < 1e-4 && (high - 0.0760).abs() < 1e-4);
/// ```
pub fn wilson(hits: usize, trials: usize) -> (f64, f64) {
    let n = trials.max(1) as f64;
    let p = hits as f64 / n;
    let z2 = Z * Z;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = Z / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The textbook form, term by term, on a few cases.
    #[test]
    fn wilson_matches_a_plain_recomputation() {
        for (k, n) in [(0, 400), (20, 400), (93, 400), (400, 400), (3, 40)] {
            let (low, high) = wilson(k, n);
            let (p, n) = (k as f64 / n as f64, n as f64);
            let a = p + Z * Z / (2.0 * n);
            let b = Z * (p * (1.0 - p) / n + Z * Z / (4.0 * n * n)).sqrt();
            let d = 1.0 + Z * Z / n;
            assert!((low - ((a - b) / d).max(0.0)).abs() < 1e-12);
            assert!((high - ((a + b) / d).min(1.0)).abs() < 1e-12);
        }
    }

    proptest! {
        /// The interval holds the rate, mirrors under k ↦ n − k, and moves up with k.
        #[test]
        fn the_interval_brackets_mirrors_and_rises(n in 1usize..5000, share in 0.0f64..=1.0) {
            let k = ((n as f64 * share).round() as usize).min(n);
            let (low, high) = wilson(k, n);
            let p = k as f64 / n as f64;
            prop_assert!(low <= p + 1e-12 && p <= high + 1e-12);
            prop_assert!((0.0..=1.0).contains(&low) && (0.0..=1.0).contains(&high));
            let (mlow, mhigh) = wilson(n - k, n);
            prop_assert!((low - (1.0 - mhigh)).abs() < 1e-12 && (high - (1.0 - mlow)).abs() < 1e-12);
            if k < n {
                let (nlow, nhigh) = wilson(k + 1, n);
                prop_assert!(nlow >= low && nhigh >= high);
            }
        }
    }
}
