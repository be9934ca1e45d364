//! The simulation against plain recomputations on tiny series.

use super::*;
use crate::data::align::AlignedPair;
use crate::study::events::Direction;

fn date(k: usize) -> Date {
    Date::from_days(18_000 + k as i32)
}

fn series(ticker: &str, days: &[usize], close: &[f64]) -> Series {
    Series::new(
        ticker,
        days.iter().map(|&k| date(k)).collect(),
        close.to_vec(),
    )
    .unwrap()
}

const N: usize = 40;

/// A pair over N days whose long leg jumps 5 % on each of `jumps`.
fn pair(jumps: &[usize]) -> PreparedPair {
    let all: Vec<usize> = (0..N).collect();
    let mut long = vec![100.0];
    for k in 1..N {
        let r = if jumps.contains(&k) { 0.05 } else { 0.001 };
        long.push(long[k - 1] * (1.0 + r));
    }
    PreparedPair::new(
        AlignedPair::new(&series("L", &all, &long), &series("S", &all, &[50.0; N])).unwrap(),
    )
}

fn rule() -> EventRule {
    EventRule::new(4.0, Direction::Up, 0, None, None).unwrap()
}

fn opts(hold: usize, lag: usize, cost_bps: f64) -> FollowOptions {
    FollowOptions {
        hold,
        lag: EntryLag::new(lag).unwrap(),
        cost_bps,
        borrow_bps: 0.0,
    }
}

/// Closes from daily returns `r(k)` on `days`.
fn closes(days: &[usize], r: impl Fn(usize) -> f64) -> Vec<f64> {
    let mut p = 100.0;
    days.iter()
        .map(|&k| {
            p *= 1.0 + r(k);
            p
        })
        .collect()
}

#[test]
fn one_isolated_event_at_cost_zero_earns_the_basket_minus_the_benchmark_over_its_window() {
    // Event on day 10; lag 1, hold 3: bought at the close of day 11, sold at the close of 14.
    let p = pair(&[10]);
    let all: Vec<usize> = (0..N).collect();
    // The benchmark moves only inside the window.
    let bench_r = |k: usize| match k {
        12 => 0.01,
        13 => -0.02,
        14 => 0.005,
        _ => 0.0,
    };
    let bench = series("B", &all, &closes(&all, bench_r));
    // Two members; the second lacks day 13, so day 13 and 14 use the first alone… and day 14
    // uses both only where both have closes on days 13 and 14.
    let a_r = |k: usize| 0.001 * (k as f64 % 5.0) - 0.001;
    let a = series("A", &all, &closes(&all, a_r));
    let b_days: Vec<usize> = all.iter().copied().filter(|&k| k != 13).collect();
    let b = series("C", &b_days, &closes(&b_days, |k| 0.002 * (k % 3) as f64));
    let got = p
        .follow(&rule(), &[a.clone(), b.clone()], &bench, &opts(3, 1, 0.0))
        .unwrap();
    assert_eq!(
        got.windows,
        vec![Window {
            event: date(10),
            enter: date(11),
            exit: Some(date(14)),
        }]
    );
    assert_eq!((got.strategy.days_in_basket, got.strategy.switches), (3, 2));
    // The basket over the window by hand: each day's mean over the members with both closes.
    let ret = |s: &Series, t: usize| -> Option<f64> {
        let i = s.dates().iter().position(|d| *d == date(t))?;
        let j = s.dates().iter().position(|d| *d == date(t - 1))?;
        Some(s.close()[i] / s.close()[j] - 1.0)
    };
    let mut growth = 1.0;
    for t in 12..=14 {
        let rs: Vec<f64> = [&a, &b].iter().filter_map(|s| ret(s, t)).collect();
        growth *= 1.0 + rs.iter().sum::<f64>() / rs.len() as f64;
    }
    let bench_window = bench.close()[14] / bench.close()[11] - 1.0;
    assert!((got.excess_total_return - ((growth - 1.0) - bench_window)).abs() < 1e-12);
    assert!((got.strategy.path.total_return - (growth - 1.0)).abs() < 1e-12);
    assert!((got.benchmark.total_return - bench_window).abs() < 1e-12);
    assert_eq!((got.first, got.last, got.days), (date(0), date(N - 1), N));
}

#[test]
fn the_break_even_cost_makes_the_final_values_equal() {
    let p = pair(&[5, 20, 33]);
    let all: Vec<usize> = (0..N).collect();
    let bench = series(
        "B",
        &all,
        &closes(&all, |k| 0.003 * ((k * 7) % 5) as f64 - 0.005),
    );
    let basket = series(
        "A",
        &all,
        &closes(&all, |k| 0.004 * ((k * 3) % 4) as f64 - 0.004),
    );
    let at = |c: f64| {
        p.follow(
            &rule(),
            std::slice::from_ref(&basket),
            &bench,
            &opts(4, 1, c),
        )
        .unwrap()
    };
    let first = at(10.0);
    let be = first.break_even_cost_bps.unwrap();
    let level = at(be);
    let (s, b) = level.values[level.values.len() - 1];
    assert!((s - b).abs() < 1e-9, "{s} vs {b} at {be} bps");
    // The event on day 33: entry 34, exit 38; all three windows are apart.
    assert_eq!(first.windows.len(), 3);
    assert_eq!(first.strategy.switches, 6);
    // Costs multiply: final at cost c = gross × (1 − c)^switches.
    let gross = at(0.0);
    let keep: f64 = 1.0 - 10.0 / 10_000.0;
    assert!(
        ((1.0 + first.strategy.path.total_return)
            - (1.0 + gross.strategy.path.total_return) * keep.powi(6))
        .abs()
            < 1e-12
    );
}

#[test]
fn windows_merge_skip_and_run_to_the_end_as_the_rules_say() {
    // Events 5 and 8 (lag 2, hold 5): 7…12 and 10…15 merge into 7…15. Event 20: 22…27.
    // The benchmark lacks day 20, so that event is skipped, and from day 21 on the calendar
    // position is the day − 1 (the last, day 39, is position 38). Event 36 (position 35):
    // entry position 37 (day 38), exit 42 past the last: held to the end, no exit switch.
    // Event 38 (position 37): entry 39 is past the last position: skipped.
    let p = pair(&[5, 8, 20, 36, 38]);
    let all: Vec<usize> = (0..N).collect();
    let bench_days: Vec<usize> = all.iter().copied().filter(|&k| k != 20).collect();
    let bench = series(
        "B",
        &bench_days,
        &closes(&bench_days, |k| 0.001 * (k % 4) as f64),
    );
    let basket = series("A", &all, &closes(&all, |k| 0.002 * (k % 3) as f64 - 0.001));
    let got = p
        .follow(
            &rule(),
            std::slice::from_ref(&basket),
            &bench,
            &opts(5, 2, 10.0),
        )
        .unwrap();
    let w = |e, n, x: Option<usize>| Window {
        event: date(e),
        enter: date(n),
        exit: x.map(date),
    };
    assert_eq!(got.windows, vec![w(5, 7, Some(15)), w(36, 38, None)]);
    assert_eq!(got.strategy.switches, 3);
    // Days in the basket: 8…15 (8 days) and day 39.
    assert_eq!(got.strategy.days_in_basket, 9);
    // The value path by a plain loop over the calendar.
    let cal: Vec<usize> = bench_days.clone();
    let keep = 1.0 - 10.0 / 10_000.0;
    let close_on =
        |s: &Series, k: usize| s.close()[s.dates().iter().position(|d| *d == date(k)).unwrap()];
    let mut v = 1.0;
    let mut values = vec![v];
    let mut rets = Vec::new();
    for t in 1..cal.len() {
        let (d0, d1) = (cal[t - 1], cal[t]);
        let inside = (8..=15).contains(&d1) || d1 == 39;
        let r = if inside {
            close_on(&basket, d1) / close_on(&basket, d0) - 1.0
        } else {
            close_on(&bench, d1) / close_on(&bench, d0) - 1.0
        };
        let before = v;
        v *= 1.0 + r;
        if d1 == 7 || d1 == 15 || d1 == 38 {
            v *= keep;
        }
        rets.push(v / before - 1.0);
        values.push(v);
    }
    assert!((got.strategy.path.total_return - (v - 1.0)).abs() < 1e-12);
    let n = rets.len() as f64;
    let mean = rets.iter().sum::<f64>() / n;
    let sd = (rets.iter().map(|r| (r - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    assert!((got.strategy.path.volatility.unwrap() - sd * 252f64.sqrt()).abs() < 1e-12);
    assert!((got.strategy.path.cagr.unwrap() - (v.powf(252.0 / n) - 1.0)).abs() < 1e-12);
    let mut peak = 1.0f64;
    let mut dd = 0.0f64;
    for &x in &values {
        peak = peak.max(x);
        dd = dd.min(x / peak - 1.0);
    }
    assert!((got.strategy.path.max_drawdown - dd).abs() < 1e-15);
    assert!(got.strategy.path.max_drawdown <= 0.0);
}

#[test]
fn long_short_earns_the_basket_minus_the_benchmark_less_borrow_inside_windows_only() {
    let p = pair(&[10]);
    let all: Vec<usize> = (0..N).collect();
    let bench = series("B", &all, &closes(&all, |k| 0.001 * (k % 5) as f64));
    let basket = series("A", &all, &closes(&all, |k| 0.002 * (k % 3) as f64));
    let o = FollowOptions {
        borrow_bps: 100.0,
        ..opts(3, 0, 20.0)
    };
    let got = p
        .follow(&rule(), std::slice::from_ref(&basket), &bench, &o)
        .unwrap();
    // Entry at the close of day 10, exit at 13: days 11, 12, 13.
    let mut v = 1.0 - 0.002;
    for t in 11..=13 {
        let rb = basket.close()[t] / basket.close()[t - 1] - 1.0;
        let rm = bench.close()[t] / bench.close()[t - 1] - 1.0;
        v *= 1.0 + rb - rm - 0.01 / 252.0;
    }
    v *= 1.0 - 0.002;
    assert!((got.long_short.path.total_return - (v - 1.0)).abs() < 1e-12);
    assert_eq!(got.long_short.days_in_basket, 3);
}

#[test]
fn bad_settings_are_errors() {
    let p = pair(&[10]);
    let all: Vec<usize> = (0..N).collect();
    let bench = series("B", &all, &[1.0; N]);
    assert_eq!(
        p.follow(&rule(), &[], &bench, &opts(3, 1, 0.0)),
        Err(FollowError::EmptyBasket)
    );
    assert_eq!(
        p.follow(
            &rule(),
            std::slice::from_ref(&bench),
            &bench,
            &opts(0, 1, 0.0)
        ),
        Err(FollowError::Bound(
            crate::study::bounds::Bounded::Hold.count(0).unwrap_err()
        ))
    );
    // Each bound at its edge: the largest value runs, one beyond is refused naming it.
    use crate::study::bounds::{MAX_BORROW_BPS, MAX_COST_BPS, MAX_HOLD};
    let at = |hold, cost_bps, borrow_bps| FollowOptions {
        hold,
        lag: EntryLag::ZERO,
        cost_bps,
        borrow_bps,
    };
    let one = std::slice::from_ref(&bench);
    assert!(
        p.follow(
            &rule(),
            one,
            &bench,
            &at(MAX_HOLD, MAX_COST_BPS, MAX_BORROW_BPS)
        )
        .is_ok()
    );
    for (o, want) in [
        (
            at(MAX_HOLD + 1, 0.0, 0.0),
            "the hold must be a whole number of trading days from 1 to 1260, not '1261'",
        ),
        (
            at(1, MAX_COST_BPS.next_up(), 0.0),
            "the cost must be a number of basis points from 0 to 500, not '500.00000000000006'",
        ),
        (
            at(1, -10.0, 0.0),
            "the cost must be a number of basis points from 0 to 500, not '-10'",
        ),
        (
            at(1, 0.0, 5_000.5),
            "the borrow cost must be a number of basis points a year from 0 to 5000, not '5000.5'",
        ),
    ] {
        let e = p.follow(&rule(), one, &bench, &o).unwrap_err();
        assert_eq!(e.to_string(), want);
    }
    // A basket naming a ticker twice (in any case) is refused naming it.
    let lower = series("b", &all, &[1.0; N]);
    assert_eq!(
        p.follow(&rule(), &[bench.clone(), lower], &bench, &opts(3, 1, 0.0))
            .unwrap_err()
            .to_string(),
        "b is named twice in the basket"
    );
}

/// The placebo by hand on a six-day calendar (days 0 … 5, five returns): the benchmark is flat,
/// the basket returns +20 %, −10 %, +10 %, +5 % and 0 on days 1 … 5, and the one window (the
/// event on day 2, lag 0, hold 2) holds the basket on days 3 and 4.
#[test]
fn the_placebo_by_hand_on_a_six_day_calendar() {
    let p = pair(&[2]);
    let days: Vec<usize> = (0..6).collect();
    let bench = series("B", &days, &[100.0; 6]);
    let basket = series(
        "A",
        &days,
        &closes(&days, |k| [0.0, 0.2, -0.1, 0.1, 0.05, 0.0][k]),
    );
    let got = p
        .follow(
            &rule(),
            std::slice::from_ref(&basket),
            &bench,
            &opts(2, 0, 100.0),
        )
        .unwrap();
    assert_eq!(got.windows.len(), 1);
    assert_eq!((got.days, got.strategy.switches), (6, 2));
    // Two switches at 1 %: every final value is multiplied by 0.99².
    let keep = 0.99f64 * 0.99;
    assert!((got.strategy.path.total_return + 1.0 - 1.1 * 1.05 * keep).abs() < 1e-12);
    // The shifts move days {3, 4} to {4, 5}, {5, 1}, {1, 2} and {2, 3}: 1.05, 1.2, 1.08 and
    // 0.99 before costs. Sorted 0.99, 1.05, 1.08, 1.2: median (1.05 + 1.08) / 2; the 5 %
    // quantile lies 0.15 of the way from 0.99 to 1.05, the 95 % 0.85 of the way from 1.08 to
    // 1.2. Only 1.2 reaches the call's 1.155: as_good 1, p = (1 + 1) / (4 + 1).
    let placebo = got.placebo.unwrap();
    assert_eq!((placebo.shifts, placebo.as_good, placebo.p), (4, 1, 0.4));
    for (value, want) in [
        (placebo.median, 1.065),
        (placebo.low, 0.999),
        (placebo.high, 1.182),
    ] {
        assert!(
            (value - want * keep).abs() < 1e-12,
            "{value} vs {}",
            want * keep
        );
    }
    // Without an event there is no window to move.
    let none = pair(&[])
        .follow(
            &rule(),
            std::slice::from_ref(&basket),
            &bench,
            &opts(2, 0, 100.0),
        )
        .unwrap();
    assert!(none.windows.is_empty());
    assert_eq!(none.placebo, None);
    // Three days give one shift only: no placebo either.
    let short = series("B", &days[..3], &[100.0; 3]);
    let few = pair(&[1])
        .follow(
            &rule(),
            std::slice::from_ref(&basket),
            &short,
            &opts(1, 0, 0.0),
        )
        .unwrap();
    assert_eq!((few.windows.len(), few.placebo), (1, None));
}

#[test]
fn a_return_of_minus_one_leaves_the_placebo_undefined() {
    let bench = [0.01, 0.0, -0.02, 0.03];
    let inside = [false, true, false, false];
    assert!(strategy_placebo(&bench, &[0.0, 0.1, 0.0, 0.0], &inside, 2, 10.0).is_some());
    // A basket that loses everything on a day outside the strategy's windows: a shift may
    // land on it, and its logarithm is undefined.
    assert_eq!(
        strategy_placebo(&bench, &[-1.0, 0.1, 0.0, 0.0], &inside, 2, 10.0),
        None
    );
    assert_eq!(
        strategy_placebo(&bench, &[0.0; 4], &[false; 4], 0, 10.0),
        None
    );
}

#[test]
fn a_shift_that_repeats_the_windows_ties_with_the_call() {
    // Every other day in the basket: shifts 2 and 4 give the strategy's own days (equal to it
    // but for rounding, so they count as at least as good), shifts 1, 3 and 5 the others.
    let bench = [0.0; 6];
    let basket = [0.1, -0.05, 0.1, -0.05, 0.1, -0.05];
    let inside = [true, false, true, false, true, false];
    let got = strategy_placebo(&bench, &basket, &inside, 0, 0.0).unwrap();
    assert_eq!((got.shifts, got.as_good, got.p), (5, 2, 0.5));
    // Sorted: 0.95³ three times, then 1.1³ twice.
    let (down, up) = (0.95f64.powi(3), 1.1f64.powi(3));
    for (value, want) in [(got.median, down), (got.low, down), (got.high, up)] {
        assert!((value - want).abs() < 1e-12, "{value} vs {want}");
    }
}

/// The placebo's final values by the plain route: for each shift s = 0 … last − 1, the shifted
/// mask built day by day and the value multiplied day by day, as the simulation does.
fn naive_shift_finals(
    bench: &[f64],
    basket: &[f64],
    inside: &[bool],
    switches: usize,
    cost_bps: f64,
) -> Vec<f64> {
    let last = bench.len();
    let keep = 1.0 - cost_bps / 10_000.0;
    (0..last)
        .map(|s| {
            // Day t (1 … last) is in the basket iff day ((t − 1 − s) mod last) + 1 is.
            let shifted: Vec<bool> = (1..=last)
                .map(|t| inside[(t - 1 + last - s) % last])
                .collect();
            let mut v = 1.0;
            for t in 0..last {
                v *= 1.0 + if shifted[t] { basket[t] } else { bench[t] };
            }
            v * keep.powi(switches as i32)
        })
        .collect()
}

mod placebo_property {
    use super::*;
    use crate::stats::bootstrap::quantile;
    use proptest::prelude::*;

    fn calendar() -> impl Strategy<Value = (Vec<f64>, Vec<f64>, Vec<bool>)> {
        (3usize..60).prop_flat_map(|last| {
            (
                proptest::collection::vec(-0.2f64..0.2, last),
                proptest::collection::vec(-0.5f64..0.5, last),
                proptest::collection::vec(proptest::bool::weighted(0.3), last),
            )
        })
    }

    proptest! {
        /// Every shift's final value, and so the summary, equals the plain day-by-day
        /// simulation of the explicitly shifted windows.
        #[test]
        fn fast_shifts_equal_the_plain_simulation(
            (bench, basket, inside) in calendar(),
            switches in 0usize..12,
            cost_bps in prop_oneof![Just(0.0), 0.0f64..500.0],
        ) {
            let naive = naive_shift_finals(&bench, &basket, &inside, switches, cost_bps);
            let fast = shifted_log_finals(&bench, &basket, &inside, switches, cost_bps).unwrap();
            prop_assert_eq!(fast.len(), naive.len());
            let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs();
            for (s, (&l, &v)) in fast.iter().zip(&naive).enumerate() {
                prop_assert!(close(libm::exp(l), v), "shift {}: {} vs {}", s, libm::exp(l), v);
            }
            let got = strategy_placebo(&bench, &basket, &inside, switches, cost_bps);
            if !inside.contains(&true) {
                prop_assert_eq!(got, None);
                return Ok(());
            }
            let got = got.unwrap();
            let (actual, shifted) = naive.split_first().unwrap();
            let mut sorted = shifted.to_vec();
            sorted.sort_by(f64::total_cmp);
            prop_assert_eq!(got.shifts, bench.len() - 1);
            prop_assert!(close(got.median, quantile(&sorted, 0.5).unwrap()));
            prop_assert!(close(got.low, quantile(&sorted, 0.05).unwrap()));
            prop_assert!(close(got.high, quantile(&sorted, 0.95).unwrap()));
            // The count, where no shifted value is so near the call's that rounding decides.
            let near = |v: f64| (v / actual - 1.0).abs() < 1e-9;
            let ties = |v: f64| (v / actual - 1.0).abs() < 1e-13;
            if shifted.iter().all(|&v| !near(v) || ties(v)) {
                let as_good = shifted.iter().filter(|&&v| v >= *actual || ties(v)).count();
                prop_assert_eq!(got.as_good, as_good);
                prop_assert_eq!(got.p, (1 + as_good) as f64 / (1 + got.shifts) as f64);
            }
        }
    }
}
