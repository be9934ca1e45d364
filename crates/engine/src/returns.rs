//! Daily close-to-close returns and the spread between two legs.

/// Simple daily returns on consecutive days of `close`:
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

/// Days in the trailing window of [`trailing_z`].
pub const Z_WINDOW: usize = 252;

/// The spread in volatility units: z(i) = spread(i) / s(i), where s(i) is the sample standard
/// deviation of the `window` spreads before day i (days i − window … i − 1, not day i itself,
/// so z uses only what was known the evening before). NaN until a full window exists (day
/// `window` + 1 onwards, as day 0 has no spread), and where s(i) is 0.
pub fn trailing_z(spread: &[f64], window: usize) -> Vec<f64> {
    let n = spread.len();
    let mut z = vec![f64::NAN; n];
    if window < 2 || n <= window + 1 {
        return z;
    }
    // Running sums over spread[i − window .. i]; the first valid i is window + 1.
    let (mut s1, mut s2) = (0.0, 0.0);
    for v in &spread[1..=window] {
        s1 += v;
        s2 += v * v;
    }
    let w = window as f64;
    for i in window + 1..n {
        let var = (s2 - s1 * s1 / w) / (w - 1.0);
        if var > 0.0 {
            z[i] = spread[i] / var.sqrt();
        }
        let (out, inn) = (spread[i - window], spread[i]);
        s1 += inn - out;
        s2 += inn * inn - out * out;
    }
    z
}

#[cfg(test)]
mod z_tests {
    use super::*;
    use proptest::prelude::*;

    fn naive_z(spread: &[f64], window: usize, i: usize) -> f64 {
        let xs = &spread[i - window..i];
        let m = xs.iter().sum::<f64>() / window as f64;
        let var = xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (window - 1) as f64;
        spread[i] / var.sqrt()
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
                    let want = naive_z(&spread, window, i);
                    prop_assert!((zi - want).abs() < 1e-6 * want.abs().max(1.0), "{} vs {}", zi, want);
                }
            }
        }
    }
}
