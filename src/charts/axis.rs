//! Axes: the key-point axis every chart shares, the data-range padding and the labels of
//! percent and σ values.

/// Axis label for a fraction in percent, with a true minus sign.
pub fn pct_label(v: f64) -> String {
    let p = v * 100.0;
    if p.abs() < 1e-9 {
        return "0%".to_owned();
    }
    let digits = if p.abs() >= 10.0 || (p - p.round()).abs() < 1e-6 {
        0
    } else {
        1
    };
    format!("{:.*}%", digits, p).replacen('-', "\u{2212}", 1)
}

/// Axis label for a value in standard deviations: "3σ", "−1.5σ".
pub fn sigma_label(v: f64) -> String {
    if v.abs() < 1e-9 {
        return "0".to_owned();
    }
    let digits = if (v - v.round()).abs() < 1e-6 { 0 } else { 1 };
    format!("{:.*}σ", digits, v).replacen('-', "\u{2212}", 1)
}

/// Pads a data range by `frac` of its span on both sides (and widens a zero span).
pub fn padded(lo: f64, hi: f64, frac: f64) -> (f64, f64) {
    let span = if hi > lo { hi - lo } else { lo.abs().max(0.01) };
    (lo - span * frac, hi + span * frac)
}

/// A linear f64 axis whose grid lines and labels sit exactly at `keys` (year starts, horizon
/// centres), which plotters' own `WithKeyPoints` cannot combine with a label formatter.
#[derive(Debug, Clone)]
pub struct KeyAxis {
    pub lo: f64,
    pub hi: f64,
    pub keys: Vec<f64>,
}

impl KeyAxis {
    /// An axis from `lo` to `hi` with labels at `keys`.
    pub fn new(lo: f64, hi: f64, keys: Vec<f64>) -> KeyAxis {
        KeyAxis { lo, hi, keys }
    }
}

impl plotters::coord::ranged1d::Ranged for KeyAxis {
    type FormatOption = plotters::coord::ranged1d::DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let span = if self.hi > self.lo {
            self.hi - self.lo
        } else {
            1.0
        };
        let t = (value - self.lo) / span;
        limit.0 + (t * f64::from(limit.1 - limit.0)).round() as i32
    }

    fn key_points<H: plotters::coord::ranged1d::KeyPointHint>(&self, hint: H) -> Vec<f64> {
        // Only bold points: light grid lines would repeat the same positions.
        if hint.weight().allow_light_points() || hint.max_num_points() == 0 {
            Vec::new()
        } else {
            self.keys.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.lo..self.hi
    }
}
