//! Daily close-to-close returns and the spread between two legs.

/// Simple daily returns on consecutive days of `close`.
///
/// # Formula
///
/// r(i) = close(i) / close(i−1) − 1, for i ≥ 1.
///
/// The result has the same length as `close` so that index i is day i; `r(0)` is NaN because
/// day 0 has no previous close. NaN compares false with every threshold, so day 0 can never
/// become an event.
pub fn daily_returns(close: &[f64]) -> Vec<f64> {
    let mut out = Vec::with_capacity(close.len());
    if !close.is_empty() {
        out.push(f64::NAN);
    }
    out.extend(close.windows(2).map(|w| w[1] / w[0] - 1.0));
    out
}

/// Daily spread: spread(i) = r_long(i) − r_short(i), same indexing as [`daily_returns`].
pub fn spread(long_returns: &[f64], short_returns: &[f64]) -> Vec<f64> {
    long_returns
        .iter()
        .zip(short_returns)
        .map(|(l, s)| l - s)
        .collect()
}

/// Days in the trailing window of [`trailing_z`].
pub const Z_WINDOW: usize = 252;

/// A window whose standard deviation is at most this fraction of its root-mean-square is flat.
pub const FLAT: f64 = 1e-10;

/// The spread in volatility units: z(i) = spread(i) / s(i), where s(i) is the sample standard
/// deviation of the `window` spreads before day i (days i − window … i − 1, not day i itself,
/// so z uses only what was known the evening before). NaN until a full window exists (day
/// `window` + 1 onwards, as day 0 has no spread), and where the window is flat: s(i) at most
/// [`FLAT`] × its root-mean-square (rounding residue, not volatility).
pub fn trailing_z(spread: &[f64], window: usize) -> Vec<f64> {
    let n = spread.len();
    let mut z = vec![f64::NAN; n];
    if window < 2 || n <= window + 1 {
        return z;
    }
    // Two passes per window, exactly: sliding sums drift on quiet windows that follow a burst,
    // and this runs once per pair, never on a control change (O(n · window)).
    let w = window as f64;
    for i in window + 1..n {
        let xs = &spread[i - window..i];
        let mean = xs.iter().sum::<f64>() / w;
        let m2: f64 = xs.iter().map(|v| (v - mean) * (v - mean)).sum();
        let var = m2 / (w - 1.0);
        let mean_square = xs.iter().map(|v| v * v).sum::<f64>() / w;
        if var > FLAT * FLAT * mean_square && var > 0.0 {
            z[i] = spread[i] / var.sqrt();
        }
    }
    z
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn returns_and_spread_match_hand_values() {
        let r = daily_returns(&[100.0, 103.59, 103.59 * 0.9]);
        assert!(r[0].is_nan());
        assert!((r[1] - 0.0359).abs() < 1e-12);
        assert!((r[2] + 0.1).abs() < 1e-12);
        let s = spread(&r, &daily_returns(&[50.0, 48.905, 48.905]));
        assert!((s[1] - (0.0359 + 0.0219)).abs() < 1e-12);
        assert!((s[2] + 0.1).abs() < 1e-12);
        assert!(daily_returns(&[]).is_empty());
    }
}

#[cfg(test)]
mod z_tests {
    use super::*;
    use proptest::prelude::*;

    /// Naive z and the window's sd / rms ratio.
    fn naive_z(spread: &[f64], window: usize, i: usize) -> (f64, f64) {
        let xs = &spread[i - window..i];
        let m = xs.iter().sum::<f64>() / window as f64;
        let var = xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (window - 1) as f64;
        let rms = (xs.iter().map(|x| x * x).sum::<f64>() / window as f64).sqrt();
        (
            spread[i] / var.sqrt(),
            if rms > 0.0 { var.sqrt() / rms } else { 0.0 },
        )
    }

    #[test]
    fn constant_windows_give_nan_not_huge_z() {
        let mut spread = vec![f64::NAN];
        spread.extend(std::iter::repeat_n(0.013, 30));
        spread.push(0.02);
        let z = trailing_z(&spread, 10);
        assert!(z[11..31].iter().all(|v| v.is_nan()), "{z:?}");
        // The day after a constant window is still undefined; the first window with spread moves.
        assert!(z[31].is_nan());
    }

    #[test]
    fn a_quiet_window_after_a_burst_matches_the_naive_value() {
        // The case a sliding-sum update got wrong: large values leave, tiny ones remain.
        let mut spread = vec![f64::NAN, 0.0, 0.0, -0.025, -0.05, -0.05, -0.028];
        spread.extend([1e-7, -2e-7, 3e-7, 0.0, 1e-7, 0.0, 2e-7, -1e-7, 0.0, 0.03]);
        let z = trailing_z(&spread, 8);
        let i = spread.len() - 1;
        let (want, _) = naive_z(&spread, 8, i);
        assert!(
            (z[i] - want).abs() < 1e-9 * want.abs(),
            "{} vs {want}",
            z[i]
        );
    }

    proptest! {
        #[test]
        fn rolling_equals_naive(xs in proptest::collection::vec(-0.05f64..0.05, 20..200), window in 2usize..15) {
            let mut spread = vec![f64::NAN];
            spread.extend(xs);
            let z = trailing_z(&spread, window);
            for (i, zi) in z.iter().enumerate() {
                if i <= window {
                    prop_assert!(zi.is_nan());
                } else {
                    let (want, ratio) = naive_z(&spread, window, i);
                    if ratio <= FLAT / 10.0 {
                        // A flat window: documented as NaN.
                        prop_assert!(zi.is_nan(), "{} for a flat window", zi);
                    } else if ratio < FLAT * 10.0 {
                        // Too close to the cut-off for rounding to decide the same way.
                    } else {
                        prop_assert!((zi - want).abs() < 1e-6 * want.abs().max(1.0), "{} vs {}", zi, want);
                    }
                }
            }
        }
    }
}
