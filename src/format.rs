//! Number formatting for people (tables, headline, chart labels).

use equalizer_engine::ThresholdUnit;
use equalizer_engine::study::EntryLag;

/// The close returns are measured from: "the event day's close", "the next day's close",
/// "the close 3 trading days after the event".
pub fn entry_close(lag: EntryLag) -> String {
    match lag.days() {
        0 => "the event day's close".to_owned(),
        1 => "the next day's close".to_owned(),
        n => format!("the close {n} trading days after the event"),
    }
}

/// A fraction as signed percent with `digits` decimals and a true minus sign: −2.19 %; a value
/// that rounds to zero has no sign ("0.0 %", never "−0.0 %").
pub fn pct(x: f64, digits: usize) -> String {
    format!("{} %", signed(x * 100.0, digits))
}

/// A difference of two returns (fractions) in percentage points: "−116.5 percentage points".
pub fn points(x: f64, digits: usize) -> String {
    format!("{} percentage points", signed(x * 100.0, digits))
}

/// `x` with `digits` decimals, a sign, and a true minus; no sign when it rounds to zero.
fn signed(x: f64, digits: usize) -> String {
    let s = format!("{:+.*}", digits, x);
    if s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_owned()
    } else {
        s.replacen('-', "\u{2212}", 1)
    }
}

/// A p-value for people: "p = 0.154", "p < 0.001" (three decimals would print 0.000).
pub fn p_value(p: f64) -> String {
    if p < 0.001 {
        "p < 0.001".to_owned()
    } else {
        format!("p = {p:.3}")
    }
}

/// A count with thousands separated by commas: 6,597.
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A fraction as unsigned percent: 5.79 %.
pub fn pct_abs(x: f64, digits: usize) -> String {
    format!("{:.*} %", digits, x.abs() * 100.0)
}

/// An optional fraction as percent, "—" when missing.
pub fn opt_pct(x: Option<f64>, digits: usize) -> String {
    x.map_or_else(|| "\u{2014}".to_owned(), |v| pct(v, digits))
}

/// A share (0…1) as whole percent, "—" when missing.
pub fn opt_share(x: Option<f64>) -> String {
    x.map_or_else(|| "\u{2014}".to_owned(), |v| format!("{:.0} %", v * 100.0))
}

/// The threshold as typed in the URL and inputs: shortest form, "4", "4.5".
pub fn threshold_text(t: f64) -> String {
    format!("{t}")
}

/// The threshold with its unit for people: "4 %", "3 σ".
pub fn threshold_label(t: f64, unit: ThresholdUnit) -> String {
    format!("{} {}", threshold_text(t), unit.symbol())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(pct(-0.00004, 1), "0.0 %");
        assert_eq!(pct(0.00004, 2), "0.00 %");
        assert_eq!(points(-0.0004, 1), "0.0 percentage points");
        assert_eq!(p_value(0.1536), "p = 0.154");
        assert_eq!(p_value(0.00015), "p < 0.001");
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(6597), "6,597");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(pct(-0.0219, 2), "\u{2212}2.19 %");
        assert_eq!(pct(0.0359, 2), "+3.59 %");
        assert_eq!(pct_abs(0.05791, 2), "5.79 %");
        assert_eq!(opt_pct(None, 1), "\u{2014}");
        assert_eq!(opt_share(Some(0.64)), "64 %");
        assert_eq!(threshold_text(4.0), "4");
        assert_eq!(threshold_text(4.5), "4.5");
        assert_eq!(threshold_label(4.0, ThresholdUnit::Pct), "4 %");
        assert_eq!(threshold_label(2.5, ThresholdUnit::Z), "2.5 σ");
        let lag = |d| EntryLag::new(d).unwrap();
        assert_eq!(entry_close(lag(0)), "the event day's close");
        assert_eq!(entry_close(lag(1)), "the next day's close");
        assert_eq!(
            entry_close(lag(3)),
            "the close 3 trading days after the event"
        );
    }
}
