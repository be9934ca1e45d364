//! Descriptive statistics of a sample of returns.

use serde::Serialize;

/// Count, mean, median, hit rate, extremes and standard deviation of a sample.
///
/// - mean = Σx / n
/// - median = middle value of the sorted sample; for even n the mean of the two middle values
/// - hit rate = share of values strictly above 0
/// - std = sample standard deviation √(Σ(x − mean)² / (n − 1)); `None` for n < 2
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Describe {
    /// Sample size n.
    pub count: usize,
    /// Mean Σx / n.
    pub mean: f64,
    /// Middle value of the sorted sample (mean of the two middle ones for even n).
    pub median: f64,
    /// Share of values strictly above 0.
    pub hit_rate: f64,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
    /// Sample standard deviation ([`sample_std`]); `None` for n < 2.
    pub std: Option<f64>,
}

/// Describes `values`; `None` for an empty sample. Values are finite (prices are validated).
///
/// # Formula
///
/// See [`Describe`]: mean Σx / n, median of the sorted sample, hit rate #{x > 0} / n, min,
/// max and [`sample_std`].
pub fn describe(values: &[f64]) -> Option<Describe> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let mean = mean(values)?;
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let median = if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    };
    let hits = values.iter().filter(|v| **v > 0.0).count();
    let std = sample_std(values);
    Some(Describe {
        count: n,
        mean,
        median,
        hit_rate: hits as f64 / n as f64,
        min: sorted[0],
        max: sorted[n - 1],
        std,
    })
}

/// Sample standard deviation, `None` for fewer than two values.
///
/// # Formula
///
/// s = √(Σ(x − x̄)² / (n − 1)), x̄ = [`mean`] of the values.
pub fn sample_std(values: &[f64]) -> Option<f64> {
    let n = values.len();
    let m = mean(values)?;
    (n >= 2)
        .then(|| (values.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (n - 1) as f64).sqrt())
}

/// Arithmetic mean, `None` for an empty slice.
///
/// # Formula
///
/// x̄ = Σx / n.
pub fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_values() {
        let d = describe(&[0.02, -0.01, 0.05, 0.0]).unwrap();
        assert_eq!(d.count, 4);
        assert!((d.mean - 0.015).abs() < 1e-15);
        assert!((d.median - 0.01).abs() < 1e-15); // (0.0 + 0.02) / 2
        assert_eq!(d.hit_rate, 0.5); // 0.0 is not a hit
        assert_eq!((d.min, d.max), (-0.01, 0.05));
        // Σ(x−m)² = 0.000025 + 0.000625 + 0.001225 + 0.000225 = 0.0021; /3 = 0.0007
        assert!((d.std.unwrap() - 0.0007f64.sqrt()).abs() < 1e-15);
        let one = describe(&[0.3]).unwrap();
        assert_eq!((one.median, one.std), (0.3, None));
        assert!(describe(&[]).is_none());
        assert_eq!(describe(&[3.0, 1.0, 2.0]).unwrap().median, 2.0);
    }
}
