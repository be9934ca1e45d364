//! The `equalizer` binary: JSON output against the engine, tables, bundle, and bad arguments.
//!
//! Test code throughout (`#![cfg(test)]`), so clippy's allow-unwrap-in-tests covers the helpers too.
#![cfg(test)]

use std::process::{Command, Output};

use equalizer_cli::data::{DataDir, data_dir};
use equalizer_engine::bundle::{Manifest, TickerFile};
use equalizer_engine::study::PathOptions;
use equalizer_engine::{Date, Direction, EventRule, PreparedPair, StudyOptions};
use serde_json::Value;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_equalizer"))
        .args(args)
        .output()
        .expect("cannot run equalizer")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn data() -> DataDir {
    let dir = data_dir(None);
    DataDir::open(&dir).unwrap()
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
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();

    let pair = data().pair("XLE", "XLK").unwrap();
    let from: Date = "2005-01-01".parse().unwrap();
    let rule = EventRule::new(3.0, Direction::Abs, 5, Some(from), None).unwrap();
    let prepared = PreparedPair::new(pair);
    let s = prepared.study(&rule, &StudyOptions::default()).unwrap();

    assert_eq!(v["long"], "XLE");
    assert_eq!(v["short"], "XLK");
    assert_eq!(v["threshold_pct"], 3.0);
    assert_eq!(
        (v["threshold"].as_f64(), v["threshold_unit"].as_str()),
        (Some(3.0), Some("pct"))
    );
    assert_eq!(v["direction"], "abs");
    assert_eq!(v["cooloff"], 5);
    assert_eq!(v["from"], "2005-01-01");
    assert_eq!(v["to"], Value::Null);
    assert_eq!(v["common_days"], s.common_days);
    assert_eq!(v["event_count"], s.event_count);
    assert!(s.event_count > 10, "a real sample, got {}", s.event_count);
    let events = v["events"].as_array().expect("events");
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
    let summary = v["summary"].as_array().expect("summary");
    assert_eq!(summary.len(), 5);
    for (j, r) in summary.iter().zip(&s.summary) {
        assert_eq!(j["horizon"], r.horizon);
        assert_eq!(j["count"], r.count);
        for (name, val) in [
            ("long_mean", r.long.mean),
            ("long_median", r.long.median),
            ("long_hit_rate", r.long.hit_rate),
            ("short_mean", r.short.mean),
            ("short_median", r.short.median),
            ("short_hit_rate", r.short.hit_rate),
            ("pair_mean", r.pair.mean),
            ("baseline_long_mean", r.long.baseline_mean),
            ("baseline_short_mean", r.short.baseline_mean),
        ] {
            assert_eq!(j[name].as_f64(), val, "{name} at {}", r.horizon);
        }
    }
    // The average path the page draws: default days and draws, the study's seed.
    let indices: Vec<usize> = s.events.iter().map(|e| e.index).collect();
    let path = prepared.average_path(&indices, &PathOptions::with_seed(s.seed));
    assert_eq!(v["path"]["days"], 252);
    assert_eq!(v["path"]["band_draws"], 500);
    let points = v["path"]["points"].as_array().expect("path points");
    let band = v["path"]["band"].as_array().expect("path band");
    assert_eq!((points.len(), band.len()), (253, 253));
    for ((j, p), (b, i)) in points
        .iter()
        .zip(&path.points)
        .zip(band.iter().zip(&path.band))
    {
        assert_eq!(j["day"], p.day);
        assert_eq!(j["count"], p.count);
        assert_eq!(j["pair"].as_f64(), Some(p.pair));
        assert_eq!((b[0].as_f64(), b[1].as_f64()), (Some(i.0), Some(i.1)));
    }
    // The sweep: every cell's numbers as the engine's, the adjusted p and q never below the raw p.
    let sweep = prepared.sweep(&rule, &StudyOptions::default()).unwrap();
    // Every shift of the days with a complete window at every horizon (the longest's pool:
    // the eligible days from 2005 but the last 252).
    let k = sweep[0].placebo_sets;
    let eligible = rule.eligible(prepared.pair().dates()).len();
    assert_eq!(k, eligible - 252 - 1);
    assert!(sweep.iter().all(|c| c.placebo_sets == k));
    assert_eq!(v["sweep_placebo_sets"], k);
    let cells = v["sweep"].as_array().expect("sweep");
    assert_eq!(cells.len(), sweep.len());
    let mut adjusted = 0;
    for (j, c) in cells.iter().zip(&sweep) {
        assert_eq!(
            (j["threshold"].as_f64(), j["horizon"].as_u64()),
            (Some(c.threshold), Some(c.horizon as u64))
        );
        assert_eq!(j["count"], c.count);
        assert_eq!(j["pair_edge"].as_f64(), c.pair_edge);
        assert_eq!(j["placebo_shift_p_pair"].as_f64(), c.placebo_shift_p_pair);
        assert_eq!(j["adjusted_p"].as_f64(), c.adjusted_p);
        assert_eq!(j["bh_q"].as_f64(), c.bh_q);
        for key in ["adjusted_p", "bh_q"] {
            // Present in every cell: a number with a placebo p, else null.
            assert!(j.get(key).is_some(), "{key}");
            match j["placebo_shift_p_pair"].as_f64() {
                Some(p) if !j[key].is_null() => assert!(j[key].as_f64().unwrap() >= p, "{j}"),
                _ => assert!(j[key].is_null(), "{j}"),
            }
        }
        adjusted += usize::from(c.adjusted_p.is_some());
    }
    assert!(adjusted > 50, "{adjusted} adjusted cells");
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
fn tickers_lists_all_seventeen() {
    let o = run(&["tickers"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 18, "{out}"); // header + 17 (5 broad ETFs, TLT, 11 sector SPDRs)
    assert!(out.contains("TLT    2002-07-30   2026-08-21"), "{out}");
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
    let m: Manifest = serde_json::from_str(&read("manifest.json")).unwrap();
    assert_eq!(m.tickers.len(), 17);
    let iwm = m.tickers.iter().find(|t| t.ticker == "IWM").expect("IWM");
    assert_eq!(
        (iwm.first.to_string(), iwm.last.to_string(), iwm.rows),
        ("2000-05-26".into(), "2026-08-21".into(), 6598)
    );
    assert_eq!(iwm.sha256.len(), 64);
    assert_eq!(iwm.corrections.len(), 1);
    let f: TickerFile = serde_json::from_str(&read(&iwm.file)).unwrap();
    let from_bundle = f.to_series().unwrap();
    let direct = data().load("IWM").unwrap().series;
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
            "the threshold must be a number from 0.01 to 100 (percent, or σ in z units), not 'abc'",
        ),
        (
            &["--threshold", "-3"],
            "the threshold must be a number from 0.01 to 100 (percent, or σ in z units), not '-3'",
        ),
        (
            &["--threshold", "0"],
            "the threshold must be a number from 0.01 to 100 (percent, or σ in z units), not '0'",
        ),
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

/// Each argument the stress run found unbounded or misread (issue #24) exits with code 2 and
/// one line: the argument and the engine's sentence quoting the value as typed (the page shows
/// the same sentence for the same value).
#[test]
fn out_of_range_arguments_exit_2_with_one_sentence_quoting_the_value() {
    let study = [
        "study",
        "--long",
        "IWM",
        "--short",
        "QQQ",
        "--threshold",
        "4",
    ];
    let follow = [
        "follow",
        "--long",
        "IWM",
        "--short",
        "QQQ",
        "--threshold",
        "4",
    ];
    let cases: &[(&[&str], &[&str], &str)] = &[
        (
            &study,
            &["--cooloff", "18446744073709551614"],
            "error: --cooloff: the cool-off must be a whole number of trading days from 0 to 2520, not '18446744073709551614'",
        ),
        (
            &study,
            &["--cooloff", "18446744073709551615"],
            "error: --cooloff: the cool-off must be a whole number of trading days from 0 to 2520, not '18446744073709551615'",
        ),
        (
            &study,
            &["--cooloff", "2521"],
            "error: --cooloff: the cool-off must be a whole number of trading days from 0 to 2520, not '2521'",
        ),
        (
            &study,
            &["--placebo-draws", "1000000000"],
            "error: --placebo-draws: the number of placebo sets must be a whole number from 0 (off) to 100000, not '1000000000'",
        ),
        (
            &study,
            &["--bootstrap-draws", "1000000000"],
            "error: --bootstrap-draws: the number of bootstrap samples must be a whole number from 0 (off) to 20000, not '1000000000'",
        ),
        (
            &study,
            &["--split-year", "99999"],
            "error: --split-year: the split year must be a year from 1900 to 2100, not '99999'",
        ),
        (
            &["study", "--long", "IWM", "--short", "QQQ"],
            &["--threshold", "1e-300"],
            "error: --threshold: the threshold must be a number from 0.01 to 100 (percent, or σ in z units), not '1e-300'",
        ),
        (
            &study,
            &["--horizon-unit", "months", "--horizons", "3,121"],
            "error: --horizons: a horizon must be a whole number of months from 1 to 120, not '121'",
        ),
        (
            &study,
            &["--horizons", "1,2,3,4,5,6,7,8,9,10,11,12,13"],
            "error: the number of horizons must be from 1 to 12, not '13'",
        ),
        (
            &follow,
            &["--basket", "IWM,IWM,IWM"],
            "error: IWM is named twice in the basket",
        ),
        (
            &follow,
            &["--cost-bps", "-10"],
            "error: --cost-bps: the cost must be a number of basis points from 0 to 500, not '-10'",
        ),
        (
            &follow,
            &["--cost-bps", "500.01"],
            "error: --cost-bps: the cost must be a number of basis points from 0 to 500, not '500.01'",
        ),
        (
            &follow,
            &["--hold", "1261"],
            "error: --hold: the hold must be a whole number of trading days from 1 to 1260, not '1261'",
        ),
    ];
    for (command, extra, want) in cases {
        let args: Vec<&str> = command.iter().chain(extra.iter()).copied().collect();
        let o = run(&args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.trim_end(), *want, "{args:?}");
        assert!(stdout(&o).is_empty(), "{args:?}");
    }
    // Each bound's largest value is accepted (a quick study: no placebo, few samples).
    let o = run(&[
        "study",
        "--long",
        "IWM",
        "--short",
        "QQQ",
        "--threshold",
        "100",
        "--cooloff",
        "2520",
        "--split-year",
        "2100",
        "--placebo-draws",
        "0",
        "--bootstrap-draws",
        "0",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// IWM.csv with one close edited to a typo (1e-308, 1e308): refused as it is read, naming the
/// file, the line, the date and both prices, with exit code 1 (unusable data), by `study` and
/// by `bundle` alike. The 1e-308 file once gave "+inf%" spreads.
#[test]
fn an_implausible_close_is_refused_naming_file_line_date_and_prices() {
    let source = data_dir(None);
    let iwm = std::fs::read_to_string(source.join("IWM.csv")).unwrap();
    // Line 3002 (1-based; the header is line 1): 2012-05-01, after 2012-04-30's close.
    let lines: Vec<&str> = iwm.lines().collect();
    let previous_close = lines[3000].split(',').nth(4).unwrap().to_owned();
    assert!(lines[3001].starts_with("2012-05-01,"), "{}", lines[3001]);
    for typo in ["1e-308", "1e308"] {
        let dir =
            std::env::temp_dir().join(format!("equalizer-typo-{typo}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let edited: Vec<String> = lines
            .iter()
            .enumerate()
            .map(|(k, l)| {
                if k == 3001 {
                    let mut f: Vec<&str> = l.split(',').collect();
                    f[4] = typo;
                    f.join(",")
                } else {
                    (*l).to_owned()
                }
            })
            .collect();
        std::fs::write(dir.join("IWM.csv"), edited.join("\n") + "\n").unwrap();
        std::fs::copy(source.join("QQQ.csv"), dir.join("QQQ.csv")).unwrap();
        let want = format!(
            "error: IWM.csv, line 3002: the close {typo} on 2012-05-01 after {previous_close} on \
             2012-04-30 is a move of more than a factor of 1000 in one day, which no ETF makes"
        );
        let data = dir.to_string_lossy().into_owned();
        for args in [
            vec![
                "--data",
                &data,
                "study",
                "--long",
                "IWM",
                "--short",
                "QQQ",
                "--threshold",
                "4",
            ],
            vec!["--data", &data, "bundle", "--out", &format!("{data}/out")],
        ] {
            let o = run(&args);
            assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
            assert_eq!(stderr(&o).trim_end(), want, "{args:?}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
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
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("AAA.csv"),
        "date,open,high,low,close,volume\n2024-01-02,1,1,1,1,1\n2024-01-02,1,1,1,1,1\n",
    )
    .unwrap();
    let o = run(&["--data", &dir.to_string_lossy(), "tickers"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("AAA.csv, line 3: date 2024-01-02 does not come after 2024-01-02"),
        "{}",
        stderr(&o)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn yahoo_null_rows_are_skipped_with_a_warning_naming_file_and_count() {
    let dir = std::env::temp_dir().join(format!("equalizer-null-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("AAA.csv"),
        "Date,Open,High,Low,Close,Adj Close,Volume\n2019-12-31,1,1,1,1,10,5\n\
         2020-01-02,null,null,null,null,null,null\n2020-01-03,1,1,1,1,11,5\n\
         2020-01-06,null,null,null,null,null,null\n",
    )
    .unwrap();
    let o = run(&["--data", &dir.to_string_lossy(), "tickers"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.lines().any(|l| l.starts_with("warning: ")
            && l.contains("AAA.csv")
            && l.contains("skipped 2 rows where Yahoo wrote null")),
        "{err}"
    );
    // The two priced rows are the series.
    assert!(
        stdout(&o).contains("2019-12-31   2020-01-03       2"),
        "{}",
        stdout(&o)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn json_carries_the_robustness_statistics_and_is_reproducible() {
    let args = [
        "study",
        "--long",
        "IWM",
        "--short",
        "QQQ",
        "--threshold",
        "4",
        "--json",
        "--split-year",
        "2010",
    ];
    let a = run(&args);
    assert!(a.status.success(), "{}", stderr(&a));
    let b = run(&args);
    assert_eq!(
        stdout(&a),
        stdout(&b),
        "a fixed seed gives identical output"
    );
    let v: Value = serde_json::from_str(&stdout(&a)).unwrap();
    let rows = v["summary"].as_array().expect("summary");
    for r in rows {
        let f = |k: &str| {
            r[k].as_f64()
                .unwrap_or_else(|| panic!("{k} at {}", r["horizon"]))
        };
        let ci = |k: &str| {
            let a = r[k].as_array().unwrap_or_else(|| panic!("{k}"));
            (
                a[0].as_f64().unwrap_or(f64::NAN),
                a[1].as_f64().unwrap_or(f64::NAN),
            )
        };
        // Real-data sanity: p-values in [0, 1]; intervals contain the estimate; the placebo
        // average is within three standard errors of the baseline mean.
        for p in ["placebo_p_long", "placebo_p_short", "placebo_p_pair"] {
            assert!((0.0..=1.0).contains(&f(p)), "{p}");
        }
        for (c, m) in [
            ("long_mean_ci", "long_mean"),
            ("short_mean_ci", "short_mean"),
            ("pair_mean_ci", "pair_mean"),
            ("pair_edge_ci", "pair_edge"),
        ] {
            let (lo, hi) = ci(c);
            assert!(lo <= f(m) && f(m) <= hi, "{c} [{lo}, {hi}] vs {m} {}", f(m));
        }
        let se = f("placebo_pair_sd") / 10_000f64.sqrt();
        assert!(
            (f("placebo_pair_mean") - f("baseline_pair_mean")).abs() <= 3.0 * se,
            "horizon {}",
            r["horizon"]
        );
        assert!(r["distinct_count"].as_u64() <= r["count"].as_u64());
        for k in [
            "pair_edge_t_naive",
            "pair_edge_t_overlap",
            "long_max_gain_mean",
            "long_max_loss_mean",
            "short_max_gain_mean",
            "short_max_loss_mean",
        ] {
            assert!(f(k).is_finite(), "{k}");
        }
        assert!(f("long_max_gain_mean") >= f("long_max_loss_mean"));
    }
    // IWM/QQQ ≥ 4 %: 25 events but only a handful of distinct 12-month episodes.
    let y12 = &rows[4];
    assert_eq!(
        (y12["horizon"].as_u64(), y12["count"].as_u64()),
        (Some(252), Some(25))
    );
    assert!(y12["distinct_count"].as_u64() < Some(8));
    // Overlap-aware t is smaller than the naive one at 12 months.
    assert!(y12["pair_edge_t_overlap"].as_f64() < y12["pair_edge_t_naive"].as_f64());
    let ev = &v["events"][0]["forward"]["63"];
    for k in [
        "long_max_gain",
        "long_max_loss",
        "short_max_gain",
        "short_max_loss",
    ] {
        assert!(ev[k].is_number(), "{k}");
    }
    let sweep = v["sweep"].as_array().expect("sweep");
    assert_eq!(sweep.len(), 29 * 5);
    let cell = sweep
        .iter()
        .find(|c| c["threshold_pct"] == 4.0 && c["horizon"] == 63)
        .expect("4 %, 63 days");
    assert_eq!(cell["count"], rows[2]["count"]);
    assert_eq!(cell["distinct_count"], rows[2]["distinct_count"]);
    assert_eq!(cell["pair_edge"], rows[2]["pair_edge"]);
    let sub = v["subperiods"].as_array().expect("subperiods");
    let labels: Vec<&str> = sub.iter().filter_map(|s| s["label"].as_str()).collect();
    assert_eq!(
        labels,
        vec!["2000s", "2010s", "2020s", "before 2010", "2010 on"]
    );
    let decades: u64 = sub[..3]
        .iter()
        .filter_map(|s| s["event_count"].as_u64())
        .sum();
    assert_eq!(decades, 25);
}

#[test]
fn months_and_z_units_change_the_study() {
    let o = run(&[
        "study",
        "--long",
        "IWM",
        "--short",
        "QQQ",
        "--threshold",
        "4",
        "--horizon-unit",
        "months",
        "--json",
        "--placebo-draws",
        "0",
        "--bootstrap-draws",
        "0",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["horizon_unit"], "months");
    let hs: Vec<u64> = v["summary"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["horizon"].as_u64())
        .collect();
    assert_eq!(hs, vec![1, 3, 6, 12]);
    assert_eq!(v["summary"][0]["placebo_p_pair"], Value::Null);
    let o = run(&[
        "study",
        "--long",
        "IWM",
        "--short",
        "QQQ",
        "--threshold",
        "5",
        "--threshold-unit",
        "z",
        "--json",
        "--placebo-draws",
        "0",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["threshold_unit"], "z");
    assert_eq!(v["threshold"], 5.0);
    assert!(
        v.get("threshold_pct").is_none(),
        "threshold_pct only in percent units"
    );
    // The sweep runs over z thresholds too: its 5.0 cell counts exactly the study's events.
    let sweep = v["sweep"].as_array().expect("sweep");
    let cell = sweep
        .iter()
        .find(|c| c["threshold"] == 5.0 && c["horizon"] == v["summary"][0]["horizon"])
        .expect("5 σ cell");
    assert_eq!(cell["threshold_unit"], "z");
    assert_eq!(cell["count"], v["summary"][0]["count"]);
    let events = v["events"].as_array().expect("events");
    assert!(!events.is_empty());
    assert!(
        events
            .iter()
            .all(|e| e["z"].as_f64().is_some_and(|z| z >= 5.0))
    );
    let o = run(&[
        "study",
        "--long",
        "IWM",
        "--short",
        "QQQ",
        "--threshold",
        "4",
        "--horizon-unit",
        "weeks",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("horizon unit 'weeks' is not one of days, months"));
}

#[test]
fn replicate_sets_the_article_beside_our_numbers() {
    let o = run(&["replicate", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["claim"]["events"], 23);
    assert_eq!(v["claim"]["long_3m"], 0.059);
    let ours = v["ours"].as_array().expect("ours");
    assert_eq!(ours.len(), 4);
    assert_eq!(ours[0]["n_3m"], 24);
    assert_eq!(ours[0]["horizons"], "trading days (63, 252)");
    assert_eq!(ours[2]["horizons"], "calendar months (3, 12)");
    assert!(
        v["why"]
            .as_str()
            .unwrap_or("")
            .starts_with("We count 24 such days")
    );
    let table = stdout(&run(&["replicate"]));
    assert!(
        table.contains(
            "the article              all                 23   +5.90%  +13.60%   -1.50%   -4.20%"
        ),
        "{table}"
    );
}

#[test]
fn json_ranks_the_latest_event_and_holds_out_events_after_oos() {
    let base = [
        "study",
        "--long",
        "IWM",
        "--short",
        "QQQ",
        "--threshold",
        "4",
        "--json",
        "--placebo-draws",
        "200",
        "--bootstrap-draws",
        "100",
    ];
    let o = run(&base);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(v.get("oos").is_none() && v.get("held_out").is_none());
    let prepared = PreparedPair::new(data().pair("IWM", "QQQ").unwrap());
    let rule = EventRule::new(4.0, Direction::Up, 0, None, None).unwrap();
    let dates = prepared.pair().dates();
    // The check: 2024-07-11 ranks third, after two days in 2000.
    let day: Date = "2024-07-11".parse().unwrap();
    let i = dates.iter().position(|d| *d == day).unwrap();
    let r = prepared.rank(&rule, i).unwrap();
    assert_eq!(r.rank, 3);
    let larger: Vec<String> = r.larger.iter().map(ToString::to_string).collect();
    assert_eq!(larger, ["2000-11-08", "2000-12-19"]);
    // latest_rank is the engine's rank of the study's last event.
    let last = prepared.events(&rule).last().copied().unwrap();
    let want = prepared.rank(&rule, last).unwrap();
    let got = &v["latest_rank"];
    assert_eq!(got["rank"], want.rank);
    assert_eq!(got["of"], want.of);
    assert_eq!(got["percentile"].as_f64(), Some(want.percentile));
    let got_larger: Vec<&str> = got["larger"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let want_larger: Vec<String> = want.larger.iter().map(ToString::to_string).collect();
    assert_eq!(got_larger, want_larger);
    // Episodes number the events from 1 without gaps.
    let episodes: Vec<u64> = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["episode"].as_u64().unwrap())
        .collect();
    assert_eq!(episodes[0], 1);
    assert!(
        episodes
            .windows(2)
            .all(|w| w[1] == w[0] || w[1] == w[0] + 1)
    );

    // --oos: the study ends the day before, the held-out events start on the day.
    let mut args = base.to_vec();
    args.extend(["--oos", "2024-07-11"]);
    let o = run(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["oos"], "2024-07-11");
    assert_eq!(v["to"], "2024-07-10");
    assert!(
        v["events"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["date"].as_str() < Some("2024-07-11"))
    );
    let opts = StudyOptions {
        placebo_draws: 200,
        bootstrap_draws: 100,
        ..StudyOptions::default()
    };
    // The held-out events are the whole rule's events from the cut on (one scan, so episode
    // numbers and any cool-off run across the cut).
    let whole = EventRule::new(4.0, Direction::Up, 0, None, None).unwrap();
    let want: Vec<_> = prepared
        .event_list(&whole, &opts)
        .into_iter()
        .filter(|e| e.date >= day)
        .collect();
    let got = v["held_out"].as_array().expect("held_out");
    assert_eq!(got.len(), want.len());
    assert_eq!(got[0]["date"], "2024-07-11");
    for (j, e) in got.iter().zip(&want) {
        assert_eq!(j["date"], e.date.to_string());
        assert_eq!(j["episode"].as_u64(), e.episode.map(|n| n as u64));
        for h in [63usize, 252] {
            let f = &j["forward"][h.to_string()];
            match e.forward.get(h) {
                Some(w) => {
                    assert_eq!(f["long"].as_f64(), Some(w.long));
                    assert_eq!(f["short"].as_f64(), Some(w.short));
                    assert_eq!(f["pair"].as_f64(), Some(w.pair));
                }
                None => assert!(f.is_null()),
            }
        }
    }
}

#[test]
fn json_writes_null_inference_for_horizons_with_too_few_episodes() {
    let o = run(&[
        "study",
        "--long",
        "IWM",
        "--short",
        "QQQ",
        "--threshold",
        "1",
        "--json",
        "--placebo-draws",
        "200",
        "--bootstrap-draws",
        "100",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rows = v["summary"].as_array().unwrap();
    let (mut thin, mut thick) = (0, 0);
    for r in rows {
        let few = r["distinct_count"].as_u64().unwrap() < 3;
        assert_eq!(r["too_few_episodes"], few);
        let inference = [
            "long_mean_ci",
            "pair_mean_ci",
            "pair_median_ci",
            "short_hit_rate_ci",
            "pair_edge_ci",
            "placebo_p_long",
            "placebo_p_pair",
            "placebo_shift_p_short",
            "placebo_shift_p_pair",
            "pair_edge_t_naive",
            "pair_edge_t_overlap",
            "distinct_t_pair",
            "distinct_df",
            "distinct_p_pair",
        ];
        for k in inference {
            assert_eq!(r[k].is_null(), few, "{k} at {}", r["horizon"]);
        }
        assert!(r["pair_mean"].is_number() && r["long_median"].is_number());
        if few {
            thin += 1;
        } else {
            thick += 1;
            let p = r["distinct_p_pair"].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&p));
            assert_eq!(
                r["distinct_df"].as_u64().unwrap() + 1,
                r["distinct_count"].as_u64().unwrap()
            );
        }
    }
    // At 1 % the 12-month windows chain into one episode; the week does not.
    assert_eq!(rows[4]["too_few_episodes"], true);
    assert!(thin > 0 && thick > 0);
}

#[test]
fn cross_json_matches_the_engine_and_covers_all_seventeen_tickers() {
    let o = run(&[
        "cross",
        "--long",
        "IWM",
        "--short",
        "QQQ",
        "--threshold",
        "4",
        "--to",
        "2024-07-10",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();

    let data = data();
    let universe: Vec<_> = data
        .tickers()
        .iter()
        .map(|t| data.load(t).unwrap().series)
        .collect();
    let to: Date = "2024-07-10".parse().unwrap();
    let rule = EventRule::new(4.0, Direction::Up, 0, None, Some(to)).unwrap();
    let prepared = PreparedPair::new(data.pair("IWM", "QQQ").unwrap());
    let want = prepared
        .cross_section(&universe, &rule, &StudyOptions::default())
        .unwrap();

    // Settings first, then the engine's figures, exactly.
    assert_eq!(v["long"], "IWM");
    assert_eq!(v["short"], "QQQ");
    assert_eq!(v["threshold"], 4.0);
    assert_eq!(v["direction"], "up");
    assert_eq!(v["to"], "2024-07-10");
    assert_eq!(v["horizons"], serde_json::json!([5, 21, 63, 126, 252]));
    assert_eq!(v["seed"], 20_240_711);
    assert_eq!(v["placebo_draws"], 10_000);
    assert_eq!(v["event_count"], want.event_count);
    assert_eq!(v["event_count"], 24);
    assert_eq!(v["rows"], serde_json::to_value(&want.rows).unwrap());

    let rows = v["rows"].as_array().unwrap();
    let mut tickers: Vec<&str> = rows.iter().map(|r| r["ticker"].as_str().unwrap()).collect();
    tickers.dedup();
    assert_eq!(tickers.len(), 17, "{tickers:?}");
    assert_eq!(v["tickers"], 17);
    assert!(tickers.contains(&"TLT"));
    assert_eq!(rows.len(), 17 * 5);
    for r in rows {
        // serde_json's map sorts keys, so compare the sets.
        let keys: std::collections::BTreeSet<&str> =
            r.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            std::collections::BTreeSet::from([
                "ticker",
                "horizon",
                "count",
                "mean",
                "median",
                "hit_rate",
                "baseline_mean",
                "edge",
                "edge_ci",
                "placebo_shift_p",
                "adjusted_p",
                "bh_q"
            ])
        );
        if let (Some(p), Some(adj), Some(q)) = (
            r["placebo_shift_p"].as_f64(),
            r["adjusted_p"].as_f64(),
            r["bh_q"].as_f64(),
        ) {
            assert!(adj >= p && q >= p, "{r}");
        }
    }
    // The pair's own short leg after the article's days: QQQ's 6-month edge is negative.
    let qqq = rows
        .iter()
        .find(|r| r["ticker"] == "QQQ" && r["horizon"] == 126)
        .unwrap();
    assert!(qqq["edge"].as_f64().unwrap() < 0.0);
}

#[test]
fn cross_table_lists_every_ticker_and_refuses_bad_arguments() {
    let o = run(&[
        "cross",
        "--long",
        "XLE",
        "--short",
        "XLK",
        "--threshold",
        "3",
        "--direction",
        "abs",
        "--horizons",
        "21,63",
        "--placebo-draws",
        "500",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for t in ["TLT", "XLRE", "XLC", "SPY", "p_adj"] {
        assert!(out.contains(t), "{t} missing:\n{out}");
    }
    let bad = run(&[
        "cross",
        "--long",
        "IWM",
        "--short",
        "iwm",
        "--threshold",
        "4",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("two different tickers"));
}

#[test]
fn follow_json_matches_the_engine() {
    let o = run(&[
        "follow",
        "--long",
        "IWM",
        "--short",
        "QQQ",
        "--threshold",
        "4",
        "--to",
        "2024-07-10",
        "--basket",
        "IWM,XLRE,XLF,XLY",
        "--bench",
        "SPY",
        "--hold",
        "63",
        "--lag",
        "1",
        "--cost-bps",
        "10",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let data = data();
    let basket: Vec<_> = ["IWM", "XLRE", "XLF", "XLY"]
        .iter()
        .map(|t| data.load(t).unwrap().series)
        .collect();
    let bench = data.load("SPY").unwrap().series;
    let to: Date = "2024-07-10".parse().unwrap();
    let rule = EventRule::new(4.0, Direction::Up, 0, None, Some(to)).unwrap();
    let prepared = PreparedPair::new(data.pair("IWM", "QQQ").unwrap());
    let want = prepared
        .follow(
            &rule,
            &basket,
            &bench,
            &equalizer_engine::study::follow::FollowOptions {
                lag: equalizer_engine::study::EntryLag::new(1).unwrap(),
                ..Default::default()
            },
        )
        .unwrap();
    let w = serde_json::to_value(&want).unwrap();
    for key in [
        "first",
        "last",
        "days",
        "strategy",
        "benchmark",
        "excess_total_return",
        "break_even_cost_bps",
        "windows",
        "long_short",
        "placebo",
    ] {
        assert_eq!(v[key], w[key], "{key}");
        assert!(!v[key].is_null(), "{key}");
    }
    for key in [
        "total_return",
        "cagr",
        "volatility",
        "max_drawdown",
        "days_in_basket",
        "switches",
    ] {
        assert!(v["strategy"][key].is_number(), "{key}");
        assert!(v["long_short"][key].is_number(), "{key}");
    }
    // The same windows at random: every circular shift of the calendar but its own place.
    let days = v["days"].as_u64().unwrap();
    assert_eq!(v["placebo"]["shifts"].as_u64(), Some(days - 2));
    for key in ["median", "low", "high", "p"] {
        assert!(v["placebo"][key].is_number(), "{key}");
    }
    let placebo = v["placebo"].as_object().unwrap();
    assert!(placebo["low"].as_f64() <= placebo["median"].as_f64());
    assert!(placebo["median"].as_f64() <= placebo["high"].as_f64());
    assert_eq!(
        v["basket"],
        serde_json::json!(["IWM", "XLRE", "XLF", "XLY"])
    );
    assert_eq!(
        (v["bench"].as_str(), v["hold"].as_u64()),
        (Some("SPY"), Some(63))
    );
    assert_eq!(v["first"], "2000-05-26");
    assert!(v["benchmark"]["max_drawdown"].as_f64().unwrap() < 0.0);
    // Each window: the event, an entry the next trading day, an exit or null.
    let windows = v["windows"].as_array().unwrap();
    assert!(windows.len() >= 5);
    assert_eq!(windows[0]["event"], "2000-09-21");
    assert_eq!(windows[0]["enter"], "2000-09-22");
    assert_eq!(v["lag"], 1);
    // Without --lag, the shared default 0: the basket is bought at the event's own close.
    let o = run(&[
        "follow",
        "--long",
        "IWM",
        "--short",
        "QQQ",
        "--threshold",
        "4",
        "--to",
        "2024-07-10",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v0: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v0["lag"], 0);
    assert_eq!(v0["windows"][0]["enter"], "2000-09-21");
    // A cost of 100 % or more is refused with exit code 2.
    let bad = run(&[
        "follow",
        "--long",
        "IWM",
        "--short",
        "QQQ",
        "--threshold",
        "4",
        "--cost-bps",
        "20000",
    ]);
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));
    let table = run(&[
        "follow",
        "--long",
        "IWM",
        "--short",
        "QQQ",
        "--threshold",
        "4",
    ]);
    assert!(table.status.success());
    let text = stdout(&table);
    assert!(text.contains("break-even cost"));
    // The placebo's line: its figures as the JSON has them.
    let json = run(&[
        "follow",
        "--long",
        "IWM",
        "--short",
        "QQQ",
        "--threshold",
        "4",
        "--json",
    ]);
    let j: Value = serde_json::from_str(&stdout(&json)).unwrap();
    let p = &j["placebo"];
    let (shifts, as_good) = (
        p["shifts"].as_u64().unwrap(),
        p["as_good"].as_u64().unwrap(),
    );
    let want = format!(
        "same windows at random ({shifts} circular shifts): median 1 → {:.2}, 5–95 %: \
         {:.2}–{:.2}; the call (1 → {:.2}) beat {} of {shifts} (p = {:.4})\n",
        p["median"].as_f64().unwrap(),
        p["low"].as_f64().unwrap(),
        p["high"].as_f64().unwrap(),
        1.0 + j["strategy"]["total_return"].as_f64().unwrap(),
        shifts - as_good,
        p["p"].as_f64().unwrap(),
    );
    assert!(text.contains(&want), "{want}\n{text}");
}

/// The sha256 of a JSON text with `drop`'s top-level keys and `drop_anywhere`'s keys at any
/// depth removed, in a canonical form (keys sorted, numbers as serde_json writes them), so a
/// new key does not change the hash of what was there before.
fn canonical_sha256(text: &str, drop: &[&str], drop_anywhere: &[&str]) -> String {
    use sha2::{Digest, Sha256};
    fn strip(v: &mut Value, keys: &[&str]) {
        match v {
            Value::Object(m) => {
                m.retain(|k, _| !keys.contains(&k.as_str()));
                m.values_mut().for_each(|x| strip(x, keys));
            }
            Value::Array(a) => a.iter_mut().for_each(|x| strip(x, keys)),
            _ => {}
        }
    }
    let mut v: Value = serde_json::from_str(text).unwrap();
    for key in drop {
        v.as_object_mut().unwrap().remove(*key);
    }
    strip(&mut v, drop_anywhere);
    let canonical = serde_json::to_string(&v).unwrap();
    Sha256::digest(canonical.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Keys whose values the calibration changed (the circular shift compares studentized means;
/// the cross-section's placebo is the shift) or exact enumeration did (the shift takes every
/// offset: the cross-section's `placebo_sets` counts them), dropped wherever they occur before
/// hashing.
const SHIFT_PLACEBO_KEYS: [&str; 8] = [
    "placebo_shift_p_long",
    "placebo_shift_p_short",
    "placebo_shift_p_pair",
    "placebo_p",
    "placebo_shift_p",
    "adjusted_p",
    "bh_q",
    "placebo_sets",
];

/// Lag 0 reproduces the study as it was before the entry lag existed: these hashes are of the
/// JSON written by commit 32bb448 (before the lag and the adjusted sweep), without the keys
/// added or redrawn since: `lag`, `lag_decay`, `sweep_placebo_sets` and `sweep` (its
/// placebo is now shared by the whole grid; the sweep at a lag is checked against the summary
/// in the engine's tests), and [`SHIFT_PLACEBO_KEYS`] at any depth.
#[test]
fn lag_zero_reproduces_the_study_before_the_lag() {
    let cases: [(&[&str], &str); 3] = [
        (
            &[
                "study",
                "--long",
                "IWM",
                "--short",
                "QQQ",
                "--threshold",
                "4",
            ],
            "aca51c76db77f6f69a0a0e3e41f2e61dd2ca51d980ff0a014dfedcc3d13b3a16",
        ),
        (
            &[
                "study",
                "--long",
                "IWM",
                "--short",
                "QQQ",
                "--threshold",
                "3",
                "--direction",
                "abs",
                "--cooloff",
                "5",
                "--horizon-unit",
                "months",
                "--split-year",
                "2015",
                "--oos",
                "2020-01-01",
                "--placebo-draws",
                "500",
                "--bootstrap-draws",
                "200",
            ],
            "d4f0c5be7081e27b205602771fc7b359940808ec0ffd86859e8e689435fa74b9",
        ),
        (
            &[
                "cross",
                "--long",
                "IWM",
                "--short",
                "QQQ",
                "--threshold",
                "4",
                "--placebo-draws",
                "500",
                "--bootstrap-draws",
                "200",
            ],
            "5eaec125a24040d04b954a3657824a944de112e6a20b8b97d18b346f2859381b",
        ),
    ];
    for (args, want) in cases {
        let o = run(&[args, &["--json"]].concat());
        assert!(o.status.success(), "{}", stderr(&o));
        let got = canonical_sha256(
            &stdout(&o),
            &["lag", "lag_decay", "sweep", "sweep_placebo_sets"],
            &SHIFT_PLACEBO_KEYS,
        );
        assert_eq!(got, want, "{args:?}");
    }
}

/// `--lag` reaches the study (JSON equal to the engine's at that lag, the lag and the decay
/// in it, the text naming it), the cross-section, and is refused above 5 with the value named.
#[test]
fn lag_reaches_study_and_cross_and_is_refused_past_five() {
    let args = [
        "--long",
        "IWM",
        "--short",
        "QQQ",
        "--threshold",
        "4",
        "--placebo-draws",
        "200",
        "--bootstrap-draws",
        "100",
        "--lag",
        "2",
    ];
    let o = run(&[&["study"][..], &args, &["--json"]].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let lag = equalizer_engine::study::EntryLag::new(2).unwrap();
    let opts = StudyOptions {
        lag,
        placebo_draws: 200,
        bootstrap_draws: 100,
        ..StudyOptions::default()
    };
    let rule = EventRule::new(4.0, Direction::Up, 0, None, None).unwrap();
    let prepared = PreparedPair::new(data().pair("IWM", "QQQ").unwrap());
    let want = prepared.study(&rule, &opts).unwrap();
    let w = serde_json::to_value(&want).unwrap();
    for key in ["lag", "events", "summary", "subperiods", "lag_decay"] {
        assert_eq!(v[key], w[key], "{key}");
    }
    assert_eq!(v["lag"], 2);
    assert_eq!(v["lag_decay"].as_array().unwrap().len(), 6 * 5);
    // The path starts at the entry: its events are those whose entry is in the data.
    let path = prepared.average_path(
        &want.events.iter().map(|e| e.index).collect::<Vec<_>>(),
        &PathOptions::of_study(&opts),
    );
    assert_eq!(v["path"], serde_json::to_value(&path).unwrap());
    let text = run(&[&["study"][..], &args].concat());
    assert!(stdout(&text).contains("Entry lag 2 trading day(s)"));
    assert!(stdout(&text).contains("Pair edge by entry lag"));
    let cross = run(&[&["cross"][..], &args, &["--json"]].concat());
    assert!(cross.status.success(), "{}", stderr(&cross));
    let c: Value = serde_json::from_str(&stdout(&cross)).unwrap();
    assert_eq!(c["lag"], 2);
    let bad = run(&[
        "study",
        "--long",
        "IWM",
        "--short",
        "QQQ",
        "--threshold",
        "4",
        "--lag",
        "7",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("the lag must be 0 to 5 trading days, not 7"),
        "{}",
        stderr(&bad)
    );
}

/// A range outside the pair's data is refused with the engine's sentence (the page shows the
/// same one), not studied as an empty range.
#[test]
fn a_range_outside_the_data_is_refused_naming_the_datas_end() {
    let pair = data().pair("IWM", "QQQ").unwrap();
    let dates = pair.dates();
    let (first, last) = (dates[0], dates[dates.len() - 1]);
    for (flag, date, want) in [
        (
            "--from",
            "2030-01-01",
            format!("From 2030-01-01 is after the data ends ({last})"),
        ),
        (
            "--to",
            "1999-01-01",
            format!("To 1999-01-01 is before the data starts ({first})"),
        ),
    ] {
        for command in ["study", "cross", "follow"] {
            let o = run(&[
                command,
                "--long",
                "IWM",
                "--short",
                "QQQ",
                "--threshold",
                "4",
                flag,
                date,
            ]);
            assert!(!o.status.success(), "{command} {flag} {date}");
            assert!(
                stderr(&o).trim().ends_with(&want),
                "{command} {flag} {date}: {}",
                stderr(&o)
            );
        }
    }
}
