//! Student's t distribution: the two-sided p-value of a t statistic, from the regularised
//! incomplete beta function.
//!
//! Written here rather than taken from a crate: measured as a `wasm32` cdylib exporting only the
//! two-sided p-value (opt-level 3, LTO, then `wasm-opt -Oz`), `statrs` 0.19.1 with
//! `default-features = false` (it pulls `approx` and `num-traits`) weighs 12.5 KB, these few
//! functions 2.6 KB (they need no sine, so libm's trigonometry stays out).
//!
//! # Formula
//!
//! For t with ν degrees of freedom, the two-sided p-value is
//!
//! p = P(|T| ≥ |t|) = I_x(ν/2, 1/2) with x = ν / (ν + t²),
//!
//! where I_x(a, b) is the regularised incomplete beta function,
//!
//! I_x(a, b) = x^a (1 − x)^b / (a B(a, b)) · 1 / (1 + d₁ / (1 + d₂ / (1 + …))),
//!
//! d_{2m+1} = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)),
//! d_{2m} = m (b − m) x / ((a + 2m − 1)(a + 2m)),
//!
//! evaluated by the modified Lentz method; for x > (a + 1) / (a + b + 2), where the fraction
//! converges slowly, I_x(a, b) = 1 − I_{1−x}(b, a). ln Γ (in B(a, b) = Γ(a)Γ(b)/Γ(a+b)) is the
//! Lanczos approximation (g = 7, 9 terms), accurate to about 15 digits for arguments ≥ ½.

// `ln` and `exp` from the `libm` crate, not std: std takes them from the platform (glibc
// natively, a musl port in wasm), which need not agree to the last bit, and the study JSON must
// be byte-identical natively and in wasm.
use libm::{exp, log};
use std::f64::consts::PI;

/// Lanczos coefficients for g = 7, n = 9.
const LANCZOS: [f64; 9] = [
    0.999_999_999_999_809_9,
    676.520_368_121_885_1,
    -1_259.139_216_722_402_8,
    771.323_428_777_653_1,
    -176.615_029_162_140_6,
    12.507_343_278_686_905,
    -0.138_571_095_265_720_12,
    9.984_369_578_019_572e-6,
    1.505_632_735_149_311_6e-7,
];

/// ln Γ(x) for x ≥ ½ (every argument the p-value needs: ν/2, ½ and their sum).
///
/// # Formula
///
/// Lanczos: Γ(x) = √(2π) (x + g − ½)^(x − ½) e^−(x + g − ½) A_g(x − 1), g = 7, with
/// A_g(z) = c₀ + Σ_{k=1}^{8} c_k / (z + k).
pub(crate) fn ln_gamma(x: f64) -> f64 {
    let x = x - 1.0;
    let t = x + 7.5;
    let a = LANCZOS[1..]
        .iter()
        .enumerate()
        .fold(LANCZOS[0], |acc, (k, c)| acc + c / (x + (k + 1) as f64));
    0.5 * log(2.0 * PI) + (x + 0.5) * log(t) - t + log(a)
}

/// The continued fraction of I_x(a, b) by the modified Lentz method (see the module's formula).
fn beta_fraction(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    const EPS: f64 = 1e-15;
    const MAX_TERMS: usize = 100_000;
    let guard = |v: f64| if v.abs() < TINY { TINY } else { v };
    let mut c = 1.0;
    let mut d = 1.0 / guard(1.0 - (a + b) * x / (a + 1.0));
    let mut f = d;
    for m in 1..MAX_TERMS {
        let m = m as f64;
        let m2 = 2.0 * m;
        // Even step d_{2m}.
        let num = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
        d = 1.0 / guard(1.0 + num * d);
        c = guard(1.0 + num / c);
        f *= d * c;
        // Odd step d_{2m+1}.
        let num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
        d = 1.0 / guard(1.0 + num * d);
        c = guard(1.0 + num / c);
        let delta = d * c;
        f *= delta;
        if (delta - 1.0).abs() < EPS {
            break;
        }
    }
    f
}

/// The regularised incomplete beta function I_x(a, b), for a, b > 0 and x in [0, 1].
///
/// # Formula
///
/// See the module: the continued fraction by modified Lentz, with I_x(a, b) = 1 − I_{1−x}(b, a)
/// where x > (a + 1) / (a + b + 2).
pub fn incomplete_beta(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * log(x) + b * log(1.0 - x);
    if x < (a + 1.0) / (a + b + 2.0) {
        exp(ln_front) * beta_fraction(a, b, x) / a
    } else {
        1.0 - exp(ln_front) * beta_fraction(b, a, 1.0 - x) / b
    }
}

/// Two-sided p-value of `t` under Student's t with `df` degrees of freedom: P(|T| ≥ |t|).
/// `None` when df = 0 or t is not a number; ±∞ gives 0.
///
/// # Formula
///
/// p = I_x(ν/2, 1/2), x = ν / (ν + t²) (see the module).
pub fn two_sided_p(t: f64, df: usize) -> Option<f64> {
    if df == 0 || t.is_nan() {
        return None;
    }
    if t.is_infinite() {
        return Some(0.0);
    }
    let nu = df as f64;
    let x = nu / (nu + t * t);
    Some(incomplete_beta(nu / 2.0, 0.5, x).clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn matches_published_t_table_values() {
        // Two-sided 5 % critical values from the t table (rounded to 3 decimals there).
        for (df, t) in [
            (1, 12.706),
            (2, 4.303),
            (5, 2.571),
            (10, 2.228),
            (30, 2.042),
            (120, 1.980),
        ] {
            let p = two_sided_p(t, df).unwrap();
            assert!((p - 0.05).abs() < 2e-4, "df {df}, t {t}: p {p}");
        }
        // Two-sided 1 %: df 10 → 3.169, df 30 → 2.750.
        for (df, t) in [(10, 3.169), (30, 2.750)] {
            let p = two_sided_p(t, df).unwrap();
            assert!((p - 0.01).abs() < 5e-5, "df {df}, t {t}: p {p}");
        }
        // Large df: the normal, P(|Z| ≥ 1.959964) = 0.05, P(|Z| ≥ 2.575829) = 0.01.
        let p = two_sided_p(1.959_964, 1_000_000).unwrap();
        assert!((p - 0.05).abs() < 1e-5, "{p}");
        let p = two_sided_p(2.575_829, 1_000_000).unwrap();
        assert!((p - 0.01).abs() < 1e-5, "{p}");
        assert_eq!(two_sided_p(0.0, 7), Some(1.0));
        assert_eq!(two_sided_p(f64::INFINITY, 7), Some(0.0));
        assert_eq!(two_sided_p(1.0, 0), None);
        assert_eq!(two_sided_p(f64::NAN, 3), None);
    }

    #[test]
    fn matches_closed_forms_for_one_and_two_degrees_of_freedom() {
        // df 1 (Cauchy): p = 1 − (2/π) atan|t|; df 2: p = 1 − |t| / √(2 + t²).
        for t in [0.01, 0.3, 1.0, 2.5, 7.0, 40.0, 1e3] {
            let cauchy = 1.0 - 2.0 / PI * f64::atan(t);
            let two = 1.0 - t / (2.0 + t * t).sqrt();
            let p1 = two_sided_p(t, 1).unwrap();
            let p2 = two_sided_p(-t, 2).unwrap();
            assert!(
                (p1 - cauchy).abs() < 1e-12 * cauchy.max(1e-3),
                "{t}: {p1} {cauchy}"
            );
            assert!((p2 - two).abs() < 1e-12 * two.max(1e-3), "{t}: {p2} {two}");
        }
        // ln Γ at integers and ½.
        assert!((ln_gamma(1.0)).abs() < 1e-14);
        assert!((ln_gamma(5.0) - 24f64.ln()).abs() < 1e-13);
        assert!((ln_gamma(0.5) - PI.sqrt().ln()).abs() < 1e-14);
    }

    proptest! {
        #[test]
        fn p_is_a_probability_symmetric_and_falls_with_abs_t(
            t in -50.0f64..50.0, dt in 0.0f64..5.0, df in 1usize..2000,
        ) {
            let p = two_sided_p(t, df).unwrap();
            prop_assert!((0.0..=1.0).contains(&p));
            prop_assert_eq!(two_sided_p(-t, df), Some(p));
            let further = two_sided_p(t.abs() + dt, df).unwrap();
            prop_assert!(further <= p + 1e-12, "t {} p {} vs {}", t, p, further);
        }
    }
}
