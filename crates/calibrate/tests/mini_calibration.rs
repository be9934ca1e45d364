//! A small, fast, deterministic run of the calibration on the null settings: the figures
//! expected to be calibrated stay within a generous bound, and the null really clusters (a
//! figure that assumes independent days over-rejects on it), so a broken generator fails too.

use equalizer_calibrate::measure::MeasureError;
use equalizer_calibrate::report::{SettingReport, tally, worst_at_5};
use equalizer_calibrate::{Config, SETTINGS, run_setting};
use equalizer_engine::study::significance::{Calibration, Figure};

/// Pairs per null setting, and their size: 3,000 days, 1,000 placebo sets and 500 bootstrap
/// samples keep the whole test to seconds in the debug profile.
fn config(pairs: usize, days: usize, threads: usize) -> Config {
    Config {
        pairs,
        days,
        placebo_draws: 1_000,
        bootstrap_draws: 500,
        threads,
    }
}

/// The figures that hold (or nearly hold) their level under clustering: every figure the
/// bundled report lets speak is among them (checked below), so a regression in any of them
/// fails here.
const CALIBRATED: [Figure; 8] = [
    Figure::NeweyWestT,
    Figure::DistinctT,
    Figure::BootstrapInterval,
    Figure::ShiftPlacebo,
    Figure::SweepAdjusted,
    Figure::SweepBhQ,
    Figure::CrossAdjusted,
    Figure::CrossBhQ,
];

/// The bound on a calibrated figure's false-positive rate at 5 % over 40 pairs: generous (a
/// figure at its nominal 5 % exceeds it with probability below 0.1 %).
const BOUND: f64 = 0.20;

fn reports(config: &Config) -> Result<Vec<SettingReport>, MeasureError> {
    SETTINGS
        .iter()
        .filter(|s| s.is_null())
        .map(|s| Ok(tally(*s, &run_setting(config, s)?)))
        .collect()
}

#[test]
fn calibrated_figures_hold_their_level_and_the_null_clusters() {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let reports = reports(&config(40, 3_000, threads)).unwrap();
    assert_eq!(reports.len(), 3);
    for figure in CALIBRATED {
        let (rate, setting) = worst_at_5(&reports, figure).unwrap();
        let message = format!(
            "{}: false-positive rate at 5 % of {:.1} % ({} of {}) in {setting}, above {:.0} %",
            figure.name(),
            100.0 * rate.rate,
            rate.hits,
            rate.trials,
            100.0 * BOUND
        );
        assert!(rate.rate <= BOUND, "{message}");
    }
    // Events cluster in volatile stretches: a figure that assumes independent days cries wolf
    // on the GARCH null (at some horizon).
    let garch = &reports[0];
    let loudest = garch
        .rows
        .iter()
        .filter(|r| matches!(r.figure, Figure::NaiveT | Figure::RandomDatePlacebo))
        .filter_map(|r| r.levels[0].rate())
        .map(|r| r.rate)
        .fold(0.0, f64::max);
    assert!(
        loudest >= 0.10,
        "the naive t and the random-date placebo reject at most {:.1} % of GARCH pairs: the \
         null does not cluster",
        100.0 * loudest
    );
}

/// Every figure the bundled report (docs/calibration.json) lets speak is guarded above.
#[test]
fn every_figure_that_speaks_is_guarded_by_the_miniature() {
    let report: Calibration = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../docs/calibration.json"
        ))
        .unwrap(),
    )
    .unwrap();
    for f in Figure::ALL.into_iter().filter(|f| report.speaks(*f)) {
        assert!(CALIBRATED.contains(&f), "{f:?} speaks but is not guarded");
    }
}

#[test]
fn the_results_do_not_depend_on_the_number_of_threads() {
    let setting = &SETTINGS[0];
    let one = run_setting(&config(5, 1_200, 1), setting).unwrap();
    let three = run_setting(&config(5, 1_200, 3), setting).unwrap();
    assert_eq!(one, three);
    assert_eq!(one.len(), 5);
    // Different pairs draw different data.
    assert_ne!(one[0], one[1]);
}
