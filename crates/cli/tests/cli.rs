//! The `equalizer` binary: JSON output against the engine, tables, bundle, and bad arguments.

use std::process::{Command, Output};

use equalizer_cli::data::{DATA_ENV, DataDir, default_data_dir};
use equalizer_engine::bundle::{Manifest, TickerFile};
use equalizer_engine::{Date, Direction, EventRule, PreparedPair};
use serde_json::Value;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_equalizer"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run equalizer: {e}"))
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn data() -> DataDir {
    let dir = std::env::var_os(DATA_ENV).map_or_else(default_data_dir, Into::into);
    DataDir::open(&dir).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn json_matches_the_engine_exactly() {
    let o = run(&[
        "study",
        "--long",
        "XLE",
        "--short",
        "XLK",
        "--threshold",
        "3",
        "--direction",
        "abs",
        "--cooloff",
        "5",
        "--from",
        "2005-01-01",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}"));

    let pair = data().pair("XLE", "XLK").unwrap_or_else(|e| panic!("{e}"));
    let from: Date = "2005-01-01".parse().unwrap_or_else(|e| panic!("{e}"));
    let rule =
        EventRule::new(3.0, Direction::Abs, 5, Some(from), None).unwrap_or_else(|e| panic!("{e}"));
    let s = PreparedPair::new(pair)
        .study(&rule, &[5, 21, 63, 126, 252])
        .unwrap_or_else(|e| panic!("{e}"));

    assert_eq!(v["long"], "XLE");
    assert_eq!(v["short"], "XLK");
    assert_eq!(v["threshold_pct"], 3.0);
    assert_eq!(v["direction"], "abs");
    assert_eq!(v["cooloff"], 5);
    assert_eq!(v["from"], "2005-01-01");
    assert_eq!(v["to"], Value::Null);
    assert_eq!(v["common_days"], s.common_days);
    assert_eq!(v["event_count"], s.event_count);
    assert!(s.event_count > 10, "a real sample, got {}", s.event_count);
    let events = v["events"].as_array().unwrap_or_else(|| panic!("events"));
    assert_eq!(events.len(), s.events.len());
    for (j, e) in events.iter().zip(&s.events) {
        assert_eq!(j["date"], e.date.to_string());
        assert_eq!(j["spread"].as_f64(), Some(e.spread)); // bit-exact through JSON
        assert_eq!(j["long_return"].as_f64(), Some(e.long_return));
        match e.forward.get(63) {
            Some(f) => {
                assert_eq!(j["forward"]["63"]["long"].as_f64(), Some(f.long));
                assert_eq!(j["forward"]["63"]["short"].as_f64(), Some(f.short));
            }
            None => assert_eq!(j["forward"]["63"], Value::Null),
        }
    }
    let summary = v["summary"].as_array().unwrap_or_else(|| panic!("summary"));
    assert_eq!(summary.len(), 5);
    for (j, r) in summary.iter().zip(&s.summary) {
        assert_eq!(j["horizon"], r.horizon);
        assert_eq!(j["count"], r.count);
        for (name, val) in [
            ("long_mean", r.long_mean),
            ("long_median", r.long_median),
            ("long_hit_rate", r.long_hit_rate),
            ("short_mean", r.short_mean),
            ("short_median", r.short_median),
            ("short_hit_rate", r.short_hit_rate),
            ("pair_mean", r.pair_mean),
            ("baseline_long_mean", r.baseline_long_mean),
            ("baseline_short_mean", r.baseline_short_mean),
        ] {
            assert_eq!(j[name].as_f64(), val, "{name} at {}", r.horizon);
        }
    }
}

#[test]
fn default_table_shows_the_study() {
    let o = run(&[
        "study",
        "--long",
        "IWM",
        "--short",
        "QQQ",
        "--threshold",
        "4",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("25 events"), "{out}");
    assert!(
        out.contains("2024-07-11   +3.59%   -2.19%   +5.79%"),
        "{out}"
    );
    assert!(out.lines().any(|l| l.starts_with("12M ")), "{out}");
}

#[test]
fn tickers_lists_all_sixteen() {
    let o = run(&["tickers"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 17, "{out}"); // header + 16 (5 broad ETFs, 11 sector SPDRs)
    assert!(out.contains("IWM    2000-05-26   2026-08-21"), "{out}");
    assert!(out.contains("XLRE   2015-10-08   2025-09-25"), "{out}");
}

#[test]
fn bundle_round_trips_the_corrected_series() {
    let dir = std::env::temp_dir().join(format!("equalizer-bundle-{}", std::process::id()));
    let o = run(&["bundle", "--out", &dir.to_string_lossy()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let read =
        |f: &str| std::fs::read_to_string(dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
    let m: Manifest =
        serde_json::from_str(&read("manifest.json")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(m.tickers.len(), 16);
    let iwm = m
        .tickers
        .iter()
        .find(|t| t.ticker == "IWM")
        .unwrap_or_else(|| panic!("IWM"));
    assert_eq!(
        (iwm.first.to_string(), iwm.last.to_string(), iwm.rows),
        ("2000-05-26".into(), "2026-08-21".into(), 6598)
    );
    assert_eq!(iwm.sha256.len(), 64);
    assert_eq!(iwm.corrections.len(), 1);
    let f: TickerFile = serde_json::from_str(&read(&iwm.file)).unwrap_or_else(|e| panic!("{e}"));
    let from_bundle = f.to_series().unwrap_or_else(|e| panic!("{e}"));
    let direct = data().load("IWM").unwrap_or_else(|e| panic!("{e}")).series;
    assert_eq!(from_bundle, direct);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_arguments_exit_2_with_one_clear_sentence() {
    let base = ["study", "--long", "IWM", "--short", "QQQ"];
    let cases: &[(&[&str], &str)] = &[
        (
            &["--threshold", "4", "--long", "NOPE"],
            "unknown ticker 'NOPE'",
        ),
        (
            &["--threshold", "abc"],
            "positive number of percent, not 'abc'",
        ),
        (
            &["--threshold", "-3"],
            "positive number of percent, not '-3'",
        ),
        (&["--threshold", "0"], "positive number of percent, not '0'"),
        (
            &["--threshold", "4", "--from", "2024-13-01"],
            "'2024-13-01' is not a day of the calendar",
        ),
        (
            &["--threshold", "4", "--to", "July"],
            "'July' is not a date of the form YYYY-MM-DD",
        ),
        (
            &[
                "--threshold",
                "4",
                "--from",
                "2020-01-01",
                "--to",
                "2019-01-01",
            ],
            "starts on 2020-01-01, after it ends on 2019-01-01",
        ),
        (
            &["--threshold", "4", "--direction", "sideways"],
            "direction 'sideways' is not one of up, down, abs",
        ),
        (&["--threshold", "4", "--horizons", "5,0"], "not '0'"),
    ];
    for (extra, needle) in cases {
        // `--long NOPE` given twice is a clap error, so build the unknown-ticker case separately.
        let args: Vec<&str> = if extra.contains(&"NOPE") {
            vec![
                "study",
                "--long",
                "NOPE",
                "--short",
                "QQQ",
                "--threshold",
                "4",
            ]
        } else {
            base.iter().chain(extra.iter()).copied().collect()
        };
        let o = run(&args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
            "{err}"
        );
    }
    let o = run(&[
        "study",
        "--long",
        "IWM",
        "--short",
        "iwm",
        "--threshold",
        "4",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("two different tickers"));
}

#[test]
fn unusable_data_folder_is_named() {
    let o = run(&["--data", "/nonexistent/equalizer", "tickers"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("cannot read /nonexistent/equalizer"),
        "{}",
        stderr(&o)
    );
    // A malformed CSV names the file and line.
    let dir = std::env::temp_dir().join(format!("equalizer-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.join("AAA.csv"),
        "date,open,high,low,close,volume\n2024-01-02,1,1,1,1,1\n2024-01-02,1,1,1,1,1\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let o = run(&["--data", &dir.to_string_lossy(), "tickers"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("AAA.csv, line 3: date 2024-01-02 does not come after 2024-01-02"),
        "{}",
        stderr(&o)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
