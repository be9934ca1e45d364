//! # equalizer-calibrate
//!
//! `make calibrate`: how often does each significance figure of the study, the sweep and the
//! cross-section call an edge significant when there is none? Synthetic pairs with no
//! predictability but with clustered volatility (GARCH, regime switching) go through the
//! engine, and each figure's false-positive rate at 5 % and 1 % is counted with its Wilson
//! interval; a fourth and a fifth setting add a known drift after the events (modest, strong) to
//! measure power.
//!
//! Layers: [`generate`] (the synthetic nulls), [`mod@measure`] (one pair through the engine and
//! each figure's decision), [`report`] (the tallies, `docs/calibration.md` and
//! `docs/calibration.json`); [`run_setting`] puts the pairs of a setting on every core.
//!
//! Every pair's data is drawn from a generator seeded from (setting, pair index), and its
//! placebo and bootstrap from a seed of the same two, so the results do not depend on the
//! number of threads.

#![warn(missing_docs)]

pub mod generate;
pub mod measure;
pub mod report;

use std::sync::atomic::{AtomicUsize, Ordering};

use equalizer_engine::StudyOptions;
use equalizer_engine::study::{DEFAULT_BOOTSTRAP_DRAWS, DEFAULT_PLACEBO_DRAWS};
use rand::SeedableRng;
use rand_pcg::Pcg64;

use generate::{GarchParams, Null, RegimeParams, Universe, add_drift};
use measure::{MeasureError, PairOutcome, Threshold, measure};

/// Tickers of each universe: the long leg, the short leg and six more.
pub const UNIVERSE_TICKERS: usize = 8;
/// Days of each synthetic pair.
pub const DAYS: usize = 6_500;
/// The horizons measured, in trading days.
pub const HORIZONS: [usize; 2] = [63, 252];

/// A known edge added after the events (the power setting).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Drift {
    /// The setting whose data (same seeds) the drift is added to.
    pub data_of: usize,
    /// The added return per year (252 trading days) of the long leg.
    pub annual: f64,
    /// Trading days after each event that carry the drift.
    pub window: usize,
}

/// One setting of the calibration: a null, a threshold, and possibly a drift.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Setting {
    /// Its number in the report, 1 …
    pub id: usize,
    /// Its name in a few words.
    pub name: &'static str,
    /// The volatility model.
    pub null: Null,
    /// The event threshold (direction up, no cool-off).
    pub threshold: Threshold,
    /// The drift after the events, for the power setting; `None` for a null setting.
    pub drift: Option<Drift>,
}

impl Setting {
    /// Whether the setting has no predictability (its rejections are false positives).
    pub fn is_null(&self) -> bool {
        self.drift.is_none()
    }

    /// The setting whose data seeds this one draws: its own, or the one its drift builds on.
    pub fn data_setting(&self) -> usize {
        self.drift.map_or(self.id, |d| d.data_of)
    }
}

/// The five settings of the report: three nulls and two power settings (the modest
/// edge, which no test here can find in 8 episodes, and a strong one, which shows the honest
/// tests are not useless).
pub const SETTINGS: [Setting; 5] = [
    Setting {
        id: 1,
        name: "GARCH, z ≥ 2.5, up",
        null: Null::Garch(GarchParams::CALIBRATION),
        threshold: Threshold::Z(2.5),
        drift: None,
    },
    Setting {
        id: 2,
        name: "regime-switching, z ≥ 2.5, up",
        null: Null::Regime(RegimeParams::CALIBRATION),
        threshold: Threshold::Z(2.5),
        drift: None,
    },
    Setting {
        id: 3,
        name: "GARCH, percent threshold at the 99th percentile of |spread|, up",
        null: Null::Garch(GarchParams::CALIBRATION),
        threshold: Threshold::AbsSpreadPercentile(99.0),
        drift: None,
    },
    Setting {
        id: 4,
        name: "power: setting 1 plus 5 % a year on the long leg for 252 days after each event",
        null: Null::Garch(GarchParams::CALIBRATION),
        threshold: Threshold::Z(2.5),
        drift: Some(Drift {
            data_of: 1,
            annual: 0.05,
            window: 252,
        }),
    },
    Setting {
        id: 5,
        name: "power: setting 1 plus 25 % a year on the long leg for 252 days after each event",
        null: Null::Garch(GarchParams::CALIBRATION),
        threshold: Threshold::Z(2.5),
        drift: Some(Drift {
            data_of: 1,
            annual: 0.25,
            window: 252,
        }),
    },
];

/// How much to compute.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Pairs per setting.
    pub pairs: usize,
    /// Days of each pair.
    pub days: usize,
    /// Placebo sets per horizon (the study's and the cross-section's).
    pub placebo_draws: usize,
    /// Bootstrap samples per horizon.
    pub bootstrap_draws: usize,
    /// Worker threads (at least 1).
    pub threads: usize,
}

impl Default for Config {
    /// 1,000 pairs of 6,500 days, the page's draws, every core.
    fn default() -> Self {
        Config {
            pairs: 1_000,
            days: DAYS,
            placebo_draws: DEFAULT_PLACEBO_DRAWS,
            bootstrap_draws: DEFAULT_BOOTSTRAP_DRAWS,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }
}

/// SplitMix64's finaliser: a well-mixed 64-bit value of `x`.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// The seed of pair `pair`'s data in setting `setting` (a setting's data settings: see
/// [`Setting::data_setting`]).
pub fn data_seed(setting: usize, pair: usize) -> u64 {
    mix(((setting as u64) << 40) ^ pair as u64)
}

/// The seed of pair `pair`'s placebo and bootstrap draws in setting `setting`.
pub fn study_seed(setting: usize, pair: usize) -> u64 {
    mix(data_seed(setting, pair) ^ 0x5354_5544_5953_4545)
}

/// The options of every study of pair `pair` in `setting`.
pub fn options(config: &Config, setting: &Setting, pair: usize) -> StudyOptions {
    StudyOptions {
        horizons: HORIZONS.to_vec(),
        placebo_draws: config.placebo_draws,
        bootstrap_draws: config.bootstrap_draws,
        seed: study_seed(setting.id, pair),
        ..StudyOptions::default()
    }
}

/// The universe of pair `pair` in `setting`: its null's draws and, for the power setting, the
/// drift after the events that the engine finds on the null data.
///
/// # Errors
///
/// [`MeasureError`] when the engine refuses the null data.
pub fn universe(config: &Config, setting: &Setting, pair: usize) -> Result<Universe, MeasureError> {
    let mut rng = Pcg64::seed_from_u64(data_seed(setting.data_setting(), pair));
    let mut universe = Universe::generate(&setting.null, config.days, UNIVERSE_TICKERS, &mut rng);
    if let Some(drift) = setting.drift {
        let rule = setting.threshold.rule(&universe)?;
        let events = measure::prepare(&measure::series(&universe)?)?.events(&rule);
        add_drift(
            &mut universe.returns[0],
            &events,
            drift.annual / 252.0,
            drift.window,
        );
    }
    Ok(universe)
}

/// Pair `pair` of `setting`, measured.
///
/// # Errors
///
/// [`MeasureError`] when the engine refuses the data.
pub fn measure_pair(
    config: &Config,
    setting: &Setting,
    pair: usize,
) -> Result<PairOutcome, MeasureError> {
    let universe = universe(config, setting, pair)?;
    measure(
        &universe,
        setting.threshold,
        &options(config, setting, pair),
    )
}

/// Every pair of `setting`, in pair order, measured on `config.threads` threads (each takes
/// the next pair not yet taken; the results go back in pair order, so they do not depend on
/// the threads).
///
/// # Errors
///
/// The first pair's [`MeasureError`], in pair order.
pub fn run_setting(config: &Config, setting: &Setting) -> Result<Vec<PairOutcome>, MeasureError> {
    let next = AtomicUsize::new(0);
    let threads = config.threads.clamp(1, config.pairs.max(1));
    let mut done: Vec<(usize, Result<PairOutcome, MeasureError>)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let pair = next.fetch_add(1, Ordering::Relaxed);
                        if pair >= config.pairs {
                            break mine;
                        }
                        mine.push((pair, measure_pair(config, setting, pair)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    });
    done.sort_by_key(|(pair, _)| *pair);
    if done.len() != config.pairs {
        return Err(MeasureError::WorkerPanicked);
    }
    done.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_power_setting_is_setting_1_plus_the_drift_after_its_events_on_the_long_leg() {
        let config = Config {
            days: 2_000,
            ..Config::default()
        };
        let null = universe(&config, &SETTINGS[0], 3).unwrap();
        let power = universe(&config, &SETTINGS[3], 3).unwrap();
        assert_eq!(null.returns[1..], power.returns[1..]);
        let rule = SETTINGS[0].threshold.rule(&null).unwrap();
        let events = measure::prepare(&measure::series(&null).unwrap())
            .unwrap()
            .events(&rule);
        assert!(!events.is_empty());
        for (t, (a, b)) in null.returns[0].iter().zip(&power.returns[0]).enumerate() {
            let after = events.iter().any(|&e| e < t && t <= e + 252);
            let added = if after { 0.05 / 252.0 } else { 0.0 };
            assert!((b - a - added).abs() < 1e-15, "day {t}");
        }
        // Another pair, another setting: other data.
        assert_ne!(universe(&config, &SETTINGS[0], 4).unwrap(), null);
        assert_ne!(universe(&config, &SETTINGS[2], 3).unwrap(), null);
    }
}
