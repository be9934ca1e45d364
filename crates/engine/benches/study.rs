//! Engine benchmarks on the real IWM/QQQ series (from $EQUALIZER_DATA or ../shared), with the
//! page's default settings: the full study (10,000-draw random-date placebo, the circular shift
//! over every offset and 2,000-sample bootstrap per horizon), the placebos alone, the figures
//! the verdict reads alone, the threshold sweep (29 thresholds × 5 horizons), the follow
//! simulation (with its placebo) and the cross-section of every ticker in the data folder (as
//! `equalizer cross` loads them).

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use equalizer_engine::corrections::{apply_corrections, parse_corrections};
use equalizer_engine::study::PathOptions;
use equalizer_engine::study::follow::FollowOptions;
use equalizer_engine::yahoo::parse_csv;
use equalizer_engine::{AlignedPair, Direction, EventRule, PreparedPair, Series, StudyOptions};

fn data_dir() -> PathBuf {
    std::env::var_os("EQUALIZER_DATA").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/market"),
        PathBuf::from,
    )
}

fn load(ticker: &str) -> Series {
    let dir = data_dir();
    let read =
        |f: &str| std::fs::read_to_string(dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
    let corrections = parse_corrections("corrections.csv", &read("corrections.csv"))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut s = parse_csv(ticker, ticker, &read(&format!("{ticker}.csv")))
        .unwrap_or_else(|e| panic!("{e}"))
        .series;
    apply_corrections(&mut s, &corrections).unwrap_or_else(|e| panic!("{e}"));
    s
}

fn benches(c: &mut Criterion) {
    if !data_dir().join("IWM.csv").is_file() {
        eprintln!(
            "skipped: no market data in {} (set EQUALIZER_DATA)",
            data_dir().display()
        );
        return;
    }
    let pair = AlignedPair::new(&load("IWM"), &load("QQQ")).unwrap_or_else(|e| panic!("{e}"));
    let prepared = PreparedPair::new(pair.clone());
    let rule = EventRule::new(4.0, Direction::Up, 0, None, None).unwrap_or_else(|e| panic!("{e}"));
    let full = StudyOptions::default();
    let placebo_only = StudyOptions {
        bootstrap_draws: 0,
        ..StudyOptions::default()
    };
    // What the verdict reads: no random-date placebo or bootstrap (the circular shift draws
    // nothing and is always computed); a page showing those only on demand asks for this.
    let verdict = StudyOptions {
        bootstrap_draws: 0,
        placebo_draws: 0,
        ..StudyOptions::default()
    };

    c.bench_function("prepare IWM/QQQ (returns, spread, z)", |b| {
        b.iter(|| PreparedPair::new(black_box(pair.clone())))
    });
    // Cold: a fresh pair (empty caches) per iteration, as on the first visit.
    c.bench_function("study, verdict figures only (cold)", |b| {
        b.iter_batched(
            || prepared.clone(),
            |p| p.study(black_box(&rule), &verdict),
            BatchSize::SmallInput,
        )
    });
    c.bench_function("study + placebo 10k", |b| {
        b.iter_batched(
            || prepared.clone(),
            |p| p.study(black_box(&rule), &placebo_only),
            BatchSize::SmallInput,
        )
    });
    c.bench_function("study + placebo 10k + bootstrap 2k (page default)", |b| {
        b.iter_batched(
            || prepared.clone(),
            |p| p.study(black_box(&rule), &full),
            BatchSize::SmallInput,
        )
    });
    // Warm: the threshold slider returns to an event count it has seen.
    let _ = prepared.study(&rule, &full);
    c.bench_function("page default, placebo cached (slider)", |b| {
        b.iter(|| prepared.study(black_box(&rule), &full))
    });
    // The page's other per-change engine work: the average path over a year and its band.
    let events = prepared.events(&rule);
    c.bench_function("average path and band (252 days, 500 samples)", |b| {
        b.iter(|| prepared.average_path(black_box(&events), &PathOptions::with_seed(1)))
    });
    c.bench_function("sweep 29 thresholds x 5 horizons", |b| {
        b.iter(|| prepared.sweep(black_box(&rule), &full))
    });
    // The page's follow panel, rerun on every settings change: the article's picks against
    // SPY with the default hold and cost.
    let picks = equalizer_engine::article::PICKS.map(load);
    let spy = load("SPY");
    let follow = FollowOptions::default();
    c.bench_function("follow the call (article's picks vs SPY)", |b| {
        b.iter(|| prepared.follow(black_box(&rule), &picks, &spy, &follow))
    });
    // Every ticker of the folder (17 in the shared data), as the CLI's `cross` loads them.
    let universe = tickers().iter().map(|t| load(t)).collect::<Vec<Series>>();
    eprintln!("cross-section: {} tickers", universe.len());
    c.bench_function("cross-section of every ticker", |b| {
        b.iter(|| prepared.cross_section(black_box(&universe), &rule, &full))
    });
}

/// The tickers of the data folder: its CSVs but the corrections, sorted.
fn tickers() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(data_dir())
        .unwrap_or_else(|e| panic!("{}: {e}", data_dir().display()))
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            let stem = name.strip_suffix(".csv")?;
            (stem != "corrections").then(|| stem.to_ascii_uppercase())
        })
        .collect();
    names.sort();
    names
}

criterion_group! {
    name = study;
    config = Criterion::default().sample_size(30);
    targets = benches
}
criterion_main!(study);
