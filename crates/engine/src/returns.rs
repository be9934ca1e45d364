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
