//! Synthetic nulls: universes of tickers that share a common factor and a clustered volatility,
//! with no predictability at all (every daily return has the same mean).
//!
//! # Model
//!
//! Every ticker i of a universe has daily returns r_i,t = μ + σ_t (0.8 f_t + 0.6 e_i,t), with
//! f_t (the common factor) and e_i,t (the ticker's own shock) independent standard normal
//! draws and σ_t the volatility of day t, shared by every ticker. Two volatility paths:
//!
//! - **GARCH(1,1)** ([`GarchParams`]): σ²_{t+1} = ω + α (σ_t f_t)² + β σ²_t, started at the
//!   unconditional variance ω / (1 − α − β), its first [`GarchParams::burn_in`] days discarded;
//! - **regime switching** ([`RegimeParams`]): σ_t is the calm or the stormy level of a
//!   two-state Markov chain, started from its stationary distribution.
//!
//! Closes start at 100 on the first day (a Monday, 2000-01-03) and follow the returns on
//! weekdays.

use equalizer_engine::Date;
use rand::Rng;
use rand_distr::StandardNormal;

/// Mean daily return of every ticker.
pub const MU: f64 = 0.0003;
/// Loading of every ticker on the common factor.
pub const COMMON: f64 = 0.8;
/// Loading of every ticker on its own shock.
pub const OWN: f64 = 0.6;
/// The first close of every ticker.
pub const START_CLOSE: f64 = 100.0;

/// Parameters of the GARCH(1,1) volatility.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GarchParams {
    /// ω, the variance's constant.
    pub omega: f64,
    /// α, the weight of yesterday's squared common shock.
    pub alpha: f64,
    /// β, the weight of yesterday's variance.
    pub beta: f64,
    /// Days simulated and discarded before the first day kept.
    pub burn_in: usize,
}

impl GarchParams {
    /// The calibration's GARCH: ω = 1e-6, α = 0.08, β = 0.90, 500 burn-in days (a daily
    /// volatility of about 0.71 % on average, persistence 0.98).
    pub const CALIBRATION: GarchParams = GarchParams {
        omega: 1e-6,
        alpha: 0.08,
        beta: 0.90,
        burn_in: 500,
    };

    /// The unconditional variance ω / (1 − α − β).
    pub fn unconditional_variance(&self) -> f64 {
        self.omega / (1.0 - self.alpha - self.beta)
    }

    /// The variance path σ²_0 … σ²_{n−1} driven by the common factor draws `f` (n of them):
    /// σ²_0 = `start`, σ²_{t+1} = ω + α (σ_t f_t)² + β σ²_t.
    pub fn variances(&self, start: f64, f: &[f64]) -> Vec<f64> {
        let mut out = Vec::with_capacity(f.len());
        let mut v = start;
        for &ft in f {
            out.push(v);
            v = self.omega + self.alpha * v * ft * ft + self.beta * v;
        }
        out
    }
}

/// Parameters of the two-state regime-switching volatility.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RegimeParams {
    /// Daily volatility in the calm state.
    pub calm: f64,
    /// Daily volatility in the stormy state.
    pub stormy: f64,
    /// Daily probability of moving from calm to stormy.
    pub to_stormy: f64,
    /// Daily probability of moving from stormy to calm.
    pub to_calm: f64,
}

impl RegimeParams {
    /// The calibration's regimes: calm 0.6 %, stormy 1.8 % a day, P(calm → stormy) = 1/250,
    /// P(stormy → calm) = 1/50 (storms last 50 days on average, calm spells 250).
    pub const CALIBRATION: RegimeParams = RegimeParams {
        calm: 0.006,
        stormy: 0.018,
        to_stormy: 1.0 / 250.0,
        to_calm: 1.0 / 50.0,
    };

    /// The chain's stationary share of stormy days: p(calm → stormy) / (both probabilities).
    pub fn stationary_stormy(&self) -> f64 {
        self.to_stormy / (self.to_stormy + self.to_calm)
    }

    /// `n` days of the chain (true: stormy), the first drawn from the stationary distribution.
    pub fn states<R: Rng>(&self, n: usize, rng: &mut R) -> Vec<bool> {
        let mut out = Vec::with_capacity(n);
        let mut stormy = rng.random::<f64>() < self.stationary_stormy();
        for _ in 0..n {
            out.push(stormy);
            let u = rng.random::<f64>();
            stormy = if stormy {
                u >= self.to_calm
            } else {
                u < self.to_stormy
            };
        }
        out
    }
}

/// The volatility model of a null.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Null {
    /// GARCH(1,1) on the common factor.
    Garch(GarchParams),
    /// Two-state regime switching.
    Regime(RegimeParams),
}

impl Null {
    /// The null in words, with every parameter.
    pub fn words(&self) -> String {
        match self {
            Null::Garch(g) => format!(
                "GARCH(1,1): σ²ₜ₊₁ = ω + α (σₜ fₜ)² + β σ²ₜ with ω = {:e}, α = {}, β = {}, \
                 started at the unconditional variance ω / (1 − α − β) (σ = {:.2} % a day), \
                 the first {} days discarded",
                g.omega,
                g.alpha,
                g.beta,
                100.0 * g.unconditional_variance().sqrt(),
                g.burn_in
            ),
            Null::Regime(r) => format!(
                "regime switching: σₜ is {:.1} % a day when calm and {:.1} % when stormy, a \
                 Markov chain with P(calm → stormy) = 1/{:.0} and P(stormy → calm) = 1/{:.0} \
                 (stormy {:.1} % of days in the long run), started from that share",
                100.0 * r.calm,
                100.0 * r.stormy,
                1.0 / r.to_stormy,
                1.0 / r.to_calm,
                100.0 * r.stationary_stormy()
            ),
        }
    }

    /// The common factor draws f_1 … f_n and the volatilities σ_1 … σ_n of `n` days.
    fn path<R: Rng>(&self, n: usize, rng: &mut R) -> (Vec<f64>, Vec<f64>) {
        match self {
            Null::Garch(g) => {
                let f: Vec<f64> = (0..g.burn_in + n)
                    .map(|_| rng.sample(StandardNormal))
                    .collect();
                let v = g.variances(g.unconditional_variance(), &f);
                (
                    f[g.burn_in..].to_vec(),
                    v[g.burn_in..].iter().map(|v| v.sqrt()).collect(),
                )
            }
            Null::Regime(r) => {
                let states = r.states(n, rng);
                let f = (0..n).map(|_| rng.sample(StandardNormal)).collect();
                let sigma = states
                    .iter()
                    .map(|&s| if s { r.stormy } else { r.calm })
                    .collect();
                (f, sigma)
            }
        }
    }
}

/// The tickers of a synthetic universe on one calendar: the long leg, the short leg, then the
/// others.
#[derive(Debug, Clone, PartialEq)]
pub struct Universe {
    /// The common weekdays.
    pub dates: Vec<Date>,
    /// Ticker names, in order: `L`, `S`, `X1`, `X2`, …
    pub tickers: Vec<String>,
    /// Daily returns per ticker, indexed by day (day 0 has none: 0).
    pub returns: Vec<Vec<f64>>,
    /// The volatility σ_t of each day (day 0: 0).
    pub sigma: Vec<f64>,
}

impl Universe {
    /// A universe of `tickers` (≥ 2) tickers over `days` (≥ 2) weekdays from 2000-01-03 under
    /// `null`. Draws, in order: the volatility path (and the common factor), then each ticker's
    /// own shocks.
    pub fn generate<R: Rng>(null: &Null, days: usize, tickers: usize, rng: &mut R) -> Universe {
        let n = days.saturating_sub(1);
        let (f, sigma) = null.path(n, rng);
        let names: Vec<String> = (0..tickers)
            .map(|k| match k {
                0 => "L".to_owned(),
                1 => "S".to_owned(),
                _ => format!("X{}", k - 1),
            })
            .collect();
        let returns = names
            .iter()
            .map(|_| {
                let mut r = Vec::with_capacity(days);
                r.push(0.0);
                for t in 0..n {
                    let e: f64 = rng.sample(StandardNormal);
                    r.push(MU + sigma[t] * (COMMON * f[t] + OWN * e));
                }
                r
            })
            .collect();
        let mut sigma_by_day = Vec::with_capacity(days);
        sigma_by_day.push(0.0);
        sigma_by_day.extend(sigma);
        Universe {
            dates: weekdays(days),
            tickers: names,
            returns,
            sigma: sigma_by_day,
        }
    }

    /// The closes of ticker k: 100 on day 0, then close(t) = close(t − 1) · (1 + r(t)).
    pub fn closes(&self, k: usize) -> Vec<f64> {
        closes_from_returns(&self.returns[k])
    }

    /// Spread of each day in percent, long return − short return (day 0 left out).
    pub fn spread_pct(&self) -> Vec<f64> {
        self.returns[0]
            .iter()
            .zip(&self.returns[1])
            .skip(1)
            .map(|(l, s)| 100.0 * (l - s))
            .collect()
    }
}

/// Closes from daily returns indexed by day (the first ignored): [`START_CLOSE`] on day 0.
pub fn closes_from_returns(returns: &[f64]) -> Vec<f64> {
    let mut close = START_CLOSE;
    returns
        .iter()
        .enumerate()
        .map(|(t, r)| {
            if t > 0 {
                close *= 1.0 + r;
            }
            close
        })
        .collect()
}

/// `n` weekdays from Monday 2000-01-03.
pub fn weekdays(n: usize) -> Vec<Date> {
    // 2000-01-03 is 10,959 days after 1970-01-01 (a Thursday): (days + 3) mod 7 < 5 on weekdays.
    let start = 10_959;
    (start..)
        .filter(|d: &i32| (d + 3).rem_euclid(7) < 5)
        .take(n)
        .map(Date::from_days)
        .collect()
}

/// Adds `per_day` to the daily returns on every day within `window` trading days after any of
/// `events` (days e + 1 … e + window), once per day however many windows cover it. Returns the
/// number of days changed.
pub fn add_drift(returns: &mut [f64], events: &[usize], per_day: f64, window: usize) -> usize {
    let mut covered = vec![false; returns.len()];
    for &e in events {
        let end = (e + window).min(returns.len().saturating_sub(1));
        for c in covered.iter_mut().take(end + 1).skip(e + 1) {
            *c = true;
        }
    }
    let mut changed = 0;
    for (r, _) in returns.iter_mut().zip(&covered).filter(|(_, c)| **c) {
        *r += per_day;
        changed += 1;
    }
    changed
}

/// The q-quantile (0 ≤ q ≤ 1) of `values` by linear interpolation between order statistics
/// (position q · (n − 1)); `None` for no finite value.
pub fn quantile(values: &[f64], q: f64) -> Option<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let pos = q.clamp(0.0, 1.0) * (v.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    Some(v[lo] + (v[hi] - v[lo]) * (pos - lo as f64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_pcg::Pcg64;

    #[test]
    fn the_garch_recursion_is_the_textbook_one_step_by_step() {
        let g = GarchParams::CALIBRATION;
        let f = [0.3, -2.1, 1.7, 0.0, -0.4];
        let v = g.variances(g.unconditional_variance(), &f);
        let mut plain = vec![1e-6 / (1.0 - 0.08 - 0.90)];
        for t in 0..4 {
            let s2: f64 = plain[t];
            let shock = s2.sqrt() * f[t];
            plain.push(1e-6 + 0.08 * shock * shock + 0.90 * s2);
        }
        assert_eq!(v.len(), 5);
        for (a, b) in v.iter().zip(&plain) {
            assert!((a - b).abs() < 1e-18, "{a} vs {b}");
        }
        // A large shock raises tomorrow's variance, a zero shock lets it decay towards ω/(1−β).
        assert!(v[2] > v[1]);
        assert!(v[4] < v[3]);
    }

    #[test]
    fn a_long_garch_path_averages_its_unconditional_variance() {
        let null = Null::Garch(GarchParams::CALIBRATION);
        let mut rng = Pcg64::seed_from_u64(7);
        let u = Universe::generate(&null, 200_001, 2, &mut rng);
        let mean_var = u.sigma[1..].iter().map(|s| s * s).sum::<f64>() / 200_000.0;
        let target = GarchParams::CALIBRATION.unconditional_variance();
        assert!(
            (mean_var / target - 1.0).abs() < 0.1,
            "mean variance {mean_var:e}, unconditional {target:e}"
        );
        // The returns' variance too: σ²(0.8² + 0.6²) = σ².
        let r = &u.returns[0][1..];
        let m = r.iter().sum::<f64>() / r.len() as f64;
        let var = r.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / r.len() as f64;
        assert!((var / target - 1.0).abs() < 0.15, "return variance {var:e}");
        assert!((m - MU).abs() < 1e-4);
    }

    #[test]
    fn the_regime_chain_spends_its_stationary_share_of_days_stormy() {
        let r = RegimeParams::CALIBRATION;
        assert!((r.stationary_stormy() - 1.0 / 6.0).abs() < 1e-12);
        let mut rng = Pcg64::seed_from_u64(11);
        let states = r.states(1_000_000, &mut rng);
        let share = states.iter().filter(|s| **s).count() as f64 / states.len() as f64;
        assert!((share - 1.0 / 6.0).abs() < 0.02, "stormy share {share}");
        // Storms last 1 / P(stormy → calm) = 50 days on average.
        let starts = states.windows(2).filter(|w| !w[0] && w[1]).count() as f64;
        let mean_storm = states.iter().filter(|s| **s).count() as f64 / starts;
        assert!(
            (mean_storm / 50.0 - 1.0).abs() < 0.15,
            "mean storm {mean_storm}"
        );
    }

    #[test]
    fn a_universe_has_weekdays_closes_from_100_and_correlated_legs() {
        let mut rng = Pcg64::seed_from_u64(3);
        let null = Null::Regime(RegimeParams::CALIBRATION);
        let u = Universe::generate(&null, 5_000, 8, &mut rng);
        assert_eq!(u.tickers, ["L", "S", "X1", "X2", "X3", "X4", "X5", "X6"]);
        assert_eq!(u.dates[0].to_string(), "2000-01-03");
        assert_eq!(u.dates[5].to_string(), "2000-01-10");
        assert!(u.dates.iter().all(|d| (d.days() + 3).rem_euclid(7) < 5));
        let c = u.closes(0);
        assert_eq!((c.len(), c[0]), (5_000, 100.0));
        assert!((c[1] / c[0] - 1.0 - u.returns[0][1]).abs() < 1e-12);
        // Corr = 0.8² = 0.64 between any two tickers (same σ, so it holds in every regime).
        let (a, b) = (&u.returns[2][1..], &u.returns[3][1..]);
        let mean = |x: &[f64]| x.iter().sum::<f64>() / x.len() as f64;
        let (ma, mb) = (mean(a), mean(b));
        let cov: f64 = a.iter().zip(b).map(|(x, y)| (x - ma) * (y - mb)).sum();
        let va: f64 = a.iter().map(|x| (x - ma) * (x - ma)).sum();
        let vb: f64 = b.iter().map(|y| (y - mb) * (y - mb)).sum();
        let corr = cov / (va * vb).sqrt();
        assert!((corr - 0.64).abs() < 0.04, "correlation {corr}");
    }

    #[test]
    fn the_same_seed_draws_the_same_universe() {
        let null = Null::Garch(GarchParams::CALIBRATION);
        let a = Universe::generate(&null, 300, 3, &mut Pcg64::seed_from_u64(5));
        let b = Universe::generate(&null, 300, 3, &mut Pcg64::seed_from_u64(5));
        let c = Universe::generate(&null, 300, 3, &mut Pcg64::seed_from_u64(6));
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn drift_is_added_once_on_every_day_after_an_event_within_the_window() {
        let mut r = vec![0.0; 12];
        // Windows 2+1 … 2+3 and 4+1 … 4+3 overlap on day 5; the last runs past the end.
        let changed = add_drift(&mut r, &[2, 4, 10], 0.5, 3);
        assert_eq!(changed, 6);
        assert_eq!(
            r,
            [0.0, 0.0, 0.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.0, 0.0, 0.0, 0.5]
        );
        assert_eq!(
            closes_from_returns(&[9.0, 0.25, -0.5]),
            [100.0, 125.0, 62.5]
        );
    }

    #[test]
    fn quantiles_interpolate_between_order_statistics() {
        let v = [3.0, 1.0, 2.0, 4.0, f64::NAN];
        assert_eq!(quantile(&v, 0.0), Some(1.0));
        assert_eq!(quantile(&v, 1.0), Some(4.0));
        assert_eq!(quantile(&v, 0.5), Some(2.5));
        assert_eq!(quantile(&[], 0.5), None);
        let big: Vec<f64> = (0..=100).map(f64::from).collect();
        assert_eq!(quantile(&big, 0.99), Some(99.0));
    }
}
