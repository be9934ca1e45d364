//! The entry lag against plain recomputations: every window from day i + lag, by hand loops
//! over the closes (no engine helper), in trading days and calendar months.

use super::*;
use crate::data::date::Date;
use crate::study::events::{Direction, EventRule};
use crate::study::horizon::HorizonUnit;
use proptest::prelude::*;

// The pair builders the study's own tests use.
use super::tests::{prepared, prepared_on};

fn walk(steps: &[f64]) -> Vec<f64> {
    let mut p = 100.0;
    steps
        .iter()
        .map(|r| {
            p *= 1.0 + r;
            p
        })
        .collect()
}

/// Deterministic noisy walks with a few jumps of the long leg.
fn noisy(n: usize, seed: u64) -> (Vec<f64>, Vec<f64>) {
    let r = |k: usize, s: u64| {
        let mut z = (k as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ s;
        z ^= z >> 31;
        z = z.wrapping_mul(0xBF58_476D_1CE4_E5B9);
        ((z % 2001) as f64 / 1000.0 - 1.0) * 0.02
    };
    let a: Vec<f64> = (0..n)
        .map(|k| r(k, seed) + if k % 53 == 7 { 0.05 } else { 0.0 })
        .collect();
    let b: Vec<f64> = (0..n).map(|k| r(k, seed ^ 0xABCD)).collect();
    (walk(&a), walk(&b))
}

fn opts(horizons: &[usize], unit: HorizonUnit, lag: usize) -> StudyOptions {
    StudyOptions {
        horizons: horizons.to_vec(),
        unit,
        lag: EntryLag::new(lag).unwrap(),
        placebo_draws: 0,
        bootstrap_draws: 0,
        ..StudyOptions::default()
    }
}

/// Up-events (spread ≥ t %) by a plain loop, no cool-off.
fn hand_events(long: &[f64], short: &[f64], t: f64) -> Vec<usize> {
    (1..long.len())
        .filter(|&i| (long[i] / long[i - 1] - 1.0) - (short[i] / short[i - 1] - 1.0) >= t / 100.0)
        .collect()
}

/// The window of event i by hand: (entry, end) with entry = i + lag and end h trading days or
/// h months (first day on or after the same date) after the entry; `None` past the data.
fn hand_window(
    dates: &[Date],
    unit: HorizonUnit,
    i: usize,
    lag: usize,
    h: usize,
) -> Option<(usize, usize)> {
    let e = i + lag;
    if e >= dates.len() {
        return None;
    }
    let j = match unit {
        HorizonUnit::Days => e + h,
        HorizonUnit::Months => {
            let target = dates[e].add_months(h as u32);
            let mut j = e;
            while j < dates.len() && dates[j] < target {
                j += 1;
            }
            j
        }
    };
    (j < dates.len()).then_some((e, j))
}

fn ret(c: &[f64], (e, j): (usize, usize)) -> f64 {
    c[j] / c[e] - 1.0
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * (1.0 + a.abs().max(b.abs()))
}

/// Episodes by a plain chain: a new one at the first window starting at or after the furthest
/// end so far.
fn chain(windows: &[(usize, usize)]) -> usize {
    let mut count = 0;
    let mut reach = None;
    for &(e, j) in windows {
        match reach {
            Some(r) if e < r => reach = Some(j.max(r)),
            _ => {
                count += 1;
                reach = Some(j);
            }
        }
    }
    count
}

/// Checks a lagged study against the hand loops: events' windows and excursions, each
/// horizon's counts, means, baselines, edges and distinct episodes, and the decay table.
fn check(long: &[f64], short: &[f64], dates: Vec<Date>, t: f64, o: &StudyOptions) {
    let lag = o.lag.days();
    let p = prepared_on(dates.clone(), long, short);
    let rule = EventRule::new(t, Direction::Up, 0, None, None).unwrap();
    let s = p.study(&rule, o).unwrap();
    let events = hand_events(long, short, t);
    assert_eq!(s.lag, o.lag);
    assert_eq!(s.events.iter().map(|e| e.index).collect::<Vec<_>>(), events);
    for (k, &h) in o.horizons.iter().enumerate() {
        let mut sample = Vec::new();
        for (e, &i) in s.events.iter().zip(&events) {
            let w = hand_window(&dates, o.unit, i, lag, h);
            let got = e.forward.get(h);
            assert_eq!(got.is_some(), w.is_some(), "event {i} h {h}");
            if let (Some(f), Some(w)) = (got, w) {
                assert!(close(f.long, ret(long, w)) && close(f.short, ret(short, w)));
                let best = (w.0 + 1..=w.1)
                    .map(|c| long[c] / long[w.0] - 1.0)
                    .fold(f64::NEG_INFINITY, f64::max);
                assert!(close(f.long_max_gain, best));
                sample.push(w);
            }
        }
        let row = &s.summary[k];
        assert_eq!(row.horizon, h);
        assert_eq!(
            (row.count, row.incomplete),
            (sample.len(), events.len() - sample.len())
        );
        let base: Vec<(usize, usize)> = (1..dates.len())
            .filter_map(|i| hand_window(&dates, o.unit, i, lag, h))
            .collect();
        assert_eq!(row.baseline_count, base.len());
        let leg = |c: &[f64], w: &[(usize, usize)]| {
            mean(&w.iter().map(|&w| ret(c, w)).collect::<Vec<_>>())
        };
        let pair = |w: &[(usize, usize)]| {
            mean(
                &w.iter()
                    .map(|&w| ret(long, w) - ret(short, w))
                    .collect::<Vec<_>>(),
            )
        };
        if !base.is_empty() {
            assert!(close(row.long.baseline_mean.unwrap(), leg(long, &base)));
            assert!(close(row.short.baseline_mean.unwrap(), leg(short, &base)));
        }
        if sample.is_empty() {
            assert_eq!(row.pair.mean, None);
        } else {
            assert!(close(row.long.mean.unwrap(), leg(long, &sample)));
            assert!(close(row.pair.mean.unwrap(), pair(&sample)));
            assert_eq!(row.distinct_count, chain(&sample));
            if !base.is_empty() {
                assert!(close(row.pair.edge.unwrap(), pair(&sample) - pair(&base)));
            }
        }
    }
    // Sub-periods: each period's events and eligible days with a complete window, by hand.
    for sub in &s.subperiods {
        for (k, &h) in o.horizons.iter().enumerate() {
            let within = |i: &usize| dates[*i] >= sub.from && dates[*i] <= sub.to;
            let windows: Vec<(usize, usize)> = events
                .iter()
                .filter(|i| within(i))
                .filter_map(|&i| hand_window(&dates, o.unit, i, lag, h))
                .collect();
            let base: Vec<(usize, usize)> = (1..dates.len())
                .filter(within)
                .filter_map(|i| hand_window(&dates, o.unit, i, lag, h))
                .collect();
            let pm = |w: &[(usize, usize)]| {
                mean(
                    &w.iter()
                        .map(|&w| ret(long, w) - ret(short, w))
                        .collect::<Vec<_>>(),
                )
            };
            let row = &sub.summary[k];
            assert_eq!(row.count, windows.len(), "{} {h}", sub.label);
            assert_eq!(row.distinct_count, chain(&windows));
            match (row.pair_mean, row.baseline_pair_mean) {
                (Some(m), Some(b)) => {
                    assert!(close(m, pm(&windows)) && close(b, pm(&base)));
                }
                (m, b) => {
                    assert_eq!(m.is_none(), windows.is_empty());
                    assert_eq!(b.is_none(), base.is_empty());
                }
            }
        }
    }
    // The decay: every lag 0 … 5 by hand, and the summary's own figures at the study's lag.
    assert_eq!(
        s.subperiods.len(),
        1 + 2 * usize::from(o.split_year.is_some())
    );
    assert_eq!(s.lag_decay.len(), (MAX_LAG + 1) * o.horizons.len());
    let mut cells = s.lag_decay.iter();
    for l in 0..=MAX_LAG {
        for &h in &o.horizons {
            let cell = cells.next().unwrap();
            assert_eq!((cell.lag.days(), cell.horizon), (l, h));
            let windows: Vec<(usize, usize)> = events
                .iter()
                .filter_map(|&i| hand_window(&dates, o.unit, i, l, h))
                .collect();
            let base: Vec<(usize, usize)> = (1..dates.len())
                .filter_map(|i| hand_window(&dates, o.unit, i, l, h))
                .collect();
            assert_eq!(cell.count, windows.len());
            let pm = |w: &[(usize, usize)]| {
                mean(
                    &w.iter()
                        .map(|&w| ret(long, w) - ret(short, w))
                        .collect::<Vec<_>>(),
                )
            };
            match cell.pair_edge {
                Some(edge) => assert!(close(edge, pm(&windows) - pm(&base))),
                None => assert!(windows.is_empty() || base.is_empty()),
            }
            if l == lag {
                let row = s.summary.iter().find(|r| r.horizon == h).unwrap();
                assert_eq!((cell.count, cell.pair_edge), (row.count, row.pair.edge));
            }
        }
    }
}

fn days(n: usize) -> Vec<Date> {
    (0..n as i32).map(Date::from_days).collect()
}

#[test]
fn a_lagged_study_equals_hand_loops_in_trading_days() {
    let (long, short) = noisy(900, 3);
    for lag in 0..=MAX_LAG {
        check(
            &long,
            &short,
            days(900),
            2.0,
            &StudyOptions {
                split_year: Some(1971),
                ..opts(&[1, 5, 21], HorizonUnit::Days, lag)
            },
        );
    }
}

#[test]
fn a_lagged_study_equals_hand_loops_in_calendar_months() {
    // Weekdays only, so months end on the first common day on or after the date.
    let dates: Vec<Date> = (0..1300)
        .filter(|d| d % 7 < 5)
        .map(|d| Date::from_days(19_000 + d))
        .collect();
    let (long, short) = noisy(dates.len(), 5);
    for lag in [0, 2, 5] {
        check(
            &long,
            &short,
            dates.clone(),
            2.0,
            &StudyOptions {
                split_year: Some(2024),
                ..opts(&[1, 3], HorizonUnit::Months, lag)
            },
        );
    }
}

#[test]
fn an_entry_past_the_data_has_no_window() {
    // An event on the second-to-last day: with lag 2 its entry is past the data.
    let long = [100.0, 100.0, 100.0, 100.0, 110.0, 111.0];
    let short = [50.0; 6];
    let p = prepared(&long, &short);
    let rule = EventRule::new(5.0, Direction::Up, 0, None, None).unwrap();
    let s = p.study(&rule, &opts(&[1], HorizonUnit::Days, 2)).unwrap();
    assert_eq!(s.event_count, 1);
    assert_eq!(s.events[0].forward.get(1), None);
    assert_eq!((s.summary[0].count, s.summary[0].incomplete), (0, 1));
    // Lag 1: entry on the last day, still no window of 1 day; lag 0: 111 / 110 − 1.
    let s0 = p.study(&rule, &opts(&[1], HorizonUnit::Days, 0)).unwrap();
    let f = s0.events[0].forward.get(1).unwrap();
    assert!(close(f.long, 111.0 / 110.0 - 1.0));
    let s1 = p.study(&rule, &opts(&[1], HorizonUnit::Days, 1)).unwrap();
    assert_eq!(s1.events[0].forward.get(1), None);
}

#[test]
fn the_lag_is_refused_past_five_with_a_sentence() {
    assert_eq!(EntryLag::new(MAX_LAG).map(EntryLag::days), Ok(5));
    assert_eq!(
        EntryLag::new(7).unwrap_err().to_string(),
        "the lag must be 0 to 5 trading days, not 7"
    );
    assert_eq!(
        "x".parse::<EntryLag>().unwrap_err().to_string(),
        "the lag must be a whole number of trading days from 0 to 5, not 'x'"
    );
    assert_eq!(" 3".parse::<EntryLag>(), EntryLag::new(3));
    assert_eq!(
        EntryLag::all().map(EntryLag::days).collect::<Vec<_>>(),
        [0, 1, 2, 3, 4, 5]
    );
    assert_eq!(StudyOptions::default().lag, EntryLag::ZERO);
}

#[test]
fn caches_and_the_sweep_follow_the_lag() {
    let (long, short) = noisy(1500, 9);
    let warm = prepared(&long, &short);
    let rule = EventRule::new(2.0, Direction::Abs, 0, None, None).unwrap();
    let at = |lag| StudyOptions {
        placebo_draws: 200,
        bootstrap_draws: 50,
        ..opts(&[5, 21], HorizonUnit::Days, lag)
    };
    // Warm the pool and placebo caches at one lag; another lag's study equals a fresh pair's.
    for lag in [0, 3, 0, 3] {
        let fresh = prepared(&long, &short).study(&rule, &at(lag)).unwrap();
        assert_eq!(warm.study(&rule, &at(lag)).unwrap(), fresh, "lag {lag}");
    }
    assert_ne!(
        warm.study(&rule, &at(0)).unwrap().summary,
        warm.study(&rule, &at(3)).unwrap().summary
    );
    // The sweep's cell at the rule's threshold is the summary's count and pair edge.
    let o = at(4);
    let s = warm.study(&rule, &o).unwrap();
    let sweep = warm.sweep(&rule, &o).unwrap();
    for row in &s.summary {
        let cell = sweep
            .iter()
            .find(|c| c.horizon == row.horizon && c.threshold == 2.0)
            .unwrap();
        assert_eq!(
            (cell.count, cell.distinct_count),
            (row.count, row.distinct_count)
        );
        assert!(close(cell.pair_edge.unwrap(), row.pair.edge.unwrap()));
    }
}

#[test]
fn the_path_starts_at_the_entry() {
    let (long, short) = noisy(400, 4);
    let p = prepared(&long, &short);
    let events = [10, 100, 250, 398];
    let o = PathOptions {
        days: 30,
        band_draws: 0,
        lag: EntryLag::new(3).unwrap(),
        ..PathOptions::default()
    };
    let path = p.average_path(&events, &o);
    for (k, point) in path.points.iter().enumerate() {
        // Entries 13, 103, 253 (398 + 3 is past the data); those reaching entry + k.
        let reach: Vec<usize> = [13usize, 103, 253]
            .into_iter()
            .filter(|e| e + k < 400)
            .collect();
        let m = |c: &[f64]| {
            mean(
                &reach
                    .iter()
                    .map(|&e| c[e + k] / c[e] - 1.0)
                    .collect::<Vec<_>>(),
            )
        };
        assert_eq!((point.day, point.count), (k, reach.len()));
        assert!(close(point.long, m(&long)) && close(point.short, m(&short)));
    }
    assert_eq!(path.points.len(), 31);
}

proptest! {
    #[test]
    fn any_lag_equals_the_hand_loops(
        a in proptest::collection::vec(-0.06f64..0.06, 30..160),
        b in proptest::collection::vec(-0.06f64..0.06, 30..160),
        t in 0.5f64..5.0, h in 1usize..15, lag in 0usize..=5,
    ) {
        let n = a.len().min(b.len());
        let (long, short) = (walk(&a[..n]), walk(&b[..n]));
        check(&long, &short, days(n), t, &opts(&[h, h + 3], HorizonUnit::Days, lag));
    }
}
