//! The seed article's figures, on the real market data in ../shared (or $EQUALIZER_DATA).
//!
//! Test code throughout (`#![cfg(test)]`), so clippy's allow-unwrap-in-tests covers the helpers too.
#![cfg(test)]

use equalizer_cli::data::{DataDir, data_dir};
use equalizer_engine::{Date, Direction, EventRule, PreparedPair, StudyOptions};

fn data() -> DataDir {
    DataDir::open(&data_dir(None)).expect("market data needed for this test")
}

fn iwm_qqq() -> PreparedPair {
    PreparedPair::new(data().pair("IWM", "QQQ").unwrap())
}

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

fn rule(to: Option<&str>) -> EventRule {
    EventRule::new(4.0, Direction::Up, 0, None, to.map(date)).unwrap()
}

/// Rounds a fraction to hundredths of a percentage point.
fn pct2(x: f64) -> f64 {
    (x * 10_000.0).round() / 100.0
}

#[test]
fn article_days_to_a_hundredth_of_a_point() {
    let p = iwm_qqq();
    let at = |d: &str| match p.pair().dates().binary_search(&date(d)) {
        Ok(i) => i,
        Err(_) => panic!("{d} missing"),
    };
    let i = at("2024-07-11");
    assert_eq!(pct2(p.long_returns()[i]), 3.59);
    assert_eq!(pct2(p.short_returns()[i]), -2.19);
    assert_eq!(pct2(p.spread()[i]), 5.79);
    assert_eq!(pct2(p.spread()[at("2021-01-06")]), 5.48);
    assert_eq!(pct2(p.spread()[at("2020-11-09")]), 5.67);
}

#[test]
fn event_counts_through_the_data_and_before_the_article() {
    let p = iwm_qqq();
    let all = p
        .study(&rule(None), &StudyOptions::with_horizons(&[63, 252]))
        .unwrap();
    assert_eq!(all.event_count, 25);
    assert_eq!(all.last_common_date, date("2026-08-21"));
    assert_eq!(all.events.last().map(|e| e.date), Some(date("2024-07-11")));
    let before = p
        .study(
            &rule(Some("2024-07-10")),
            &StudyOptions::with_horizons(&[63, 252]),
        )
        .unwrap();
    assert_eq!(before.event_count, 24);
}

#[test]
fn corrections_remove_the_seams() {
    let d = data();
    let l = d.load("IWM").unwrap();
    assert_eq!(l.corrections.len(), 1);
    assert_eq!(l.corrections[0].before, date("2026-03-17"));
    // Every price before the seam was scaled, none after it.
    let n_before = l
        .series
        .dates()
        .partition_point(|x| *x < date("2026-03-17"));
    assert_eq!(l.corrections[0].prices_changed, n_before);
    let dia = d.load("DIA").unwrap();
    assert_eq!(dia.corrections.len(), 2);
    // MDY (multi-header) and XLB (classic) parse with their layouts and need no correction.
    let mdy = d.load("MDY").unwrap();
    assert_eq!(mdy.series.first_date(), date("1995-05-04"));
    assert_eq!(mdy.series.len(), 7651);
    assert!(mdy.corrections.is_empty());
    let xlre = d.load("XLRE").unwrap();
    assert_eq!(xlre.series.len(), 2506);
}
