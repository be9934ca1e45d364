use super::*;
use crate::data::align::AlignedPair;
use crate::data::date::Date;
use crate::data::series::Series;
use crate::study::events::{Direction, EventRule, ThresholdUnit, find_events};
use crate::study::horizon::HorizonUnit;
use crate::study::returns::Z_WINDOW;
use proptest::prelude::*;

pub(super) fn prepared_on(dates: Vec<Date>, long: &[f64], short: &[f64]) -> PreparedPair {
    PreparedPair::new(
        AlignedPair::new(
            &Series::new("L", dates.clone(), long.to_vec()).unwrap(),
            &Series::new("S", dates, short.to_vec()).unwrap(),
        )
        .unwrap(),
    )
}

pub(super) fn prepared(long: &[f64], short: &[f64]) -> PreparedPair {
    prepared_on(
        (0..long.len() as i32).map(Date::from_days).collect(),
        long,
        short,
    )
}

fn rule(t: f64, dir: Direction) -> EventRule {
    EventRule::new(t, dir, 0, None, None).unwrap()
}

/// No random-date placebo or bootstrap, for speed (the circular shift draws nothing and is
/// always computed).
fn plain(horizons: &[usize]) -> StudyOptions {
    StudyOptions {
        placebo_draws: 0,
        bootstrap_draws: 0,
        ..StudyOptions::with_horizons(horizons)
    }
}

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

#[test]
fn small_study_by_hand() {
    // Day 1: long +10 %, short 0 → spread 0.10 (event). Day 3: long +5 %, short −5 % (event).
    let long = [100.0, 110.0, 110.0, 115.5, 115.5];
    let short = [100.0, 100.0, 100.0, 95.0, 95.0];
    let s = prepared(&long, &short)
        .study(&rule(4.0, Direction::Up), &plain(&[1, 2]))
        .unwrap();
    assert_eq!(s.event_count, 2);
    assert_eq!(s.events[0].date, Date::from_days(1));
    assert!((s.events[1].spread - 0.10).abs() < 1e-12);
    // h = 2: event 1 → long 115.5/110 − 1 = 0.05, short −0.05; event 3 incomplete (day 5).
    let h2 = &s.summary[1];
    assert_eq!((h2.count, h2.incomplete, h2.distinct_count), (1, 1, 1));
    assert!((h2.long.mean.unwrap() - 0.05).abs() < 1e-12);
    assert!((h2.pair.mean.unwrap() - 0.10).abs() < 1e-12);
    assert_eq!(h2.long.std, None);
    assert_eq!(s.events[1].forward.get(2), None);
    // Baseline h = 2 over days 1, 2 (days 3, 4 lack day +2): long 0.05 and 0.05.
    assert_eq!(h2.baseline_count, 2);
    assert!((h2.long.baseline_mean.unwrap() - 0.05).abs() < 1e-12);
    assert!(h2.long.edge.unwrap().abs() < 1e-12);
    // Excursions of event 1 over 2 days: long closes 110 → 115.5 (best +5 %, worst +0 %).
    let f = s.events[0].forward.get(2).unwrap();
    assert!((f.long_max_gain - 0.05).abs() < 1e-12);
    assert!(f.long_max_loss.abs() < 1e-12);
    assert!((f.short_max_loss + 0.05).abs() < 1e-12);
    // h = 1: both events complete, windows (1,2] and (3,4] do not overlap.
    assert_eq!((s.summary[0].count, s.summary[0].distinct_count), (2, 2));
}

#[test]
fn horizons_are_checked() {
    let p = prepared(&[1.0, 2.0], &[1.0, 1.0]);
    let r = rule(1.0, Direction::Up);
    assert_eq!(p.study(&r, &plain(&[])), Err(StudyError::NoHorizons));
    assert_eq!(p.study(&r, &plain(&[5, 0])), Err(StudyError::ZeroHorizon));
    assert_eq!(
        p.study(&r, &plain(&[5, 21, 5])),
        Err(StudyError::DuplicateHorizon(5))
    );
}

#[test]
fn calendar_months_end_on_the_first_day_on_or_after() {
    // Weekdays from 2024-01-01; long rises 1 % a day.
    let dates: Vec<Date> = (0..200)
        .map(|k| Date::from_ymd(2024, 1, 1).unwrap().days() + k)
        .filter(|d| (d + 3).rem_euclid(7) < 5)
        .map(Date::from_days)
        .collect();
    let long: Vec<f64> = (0..dates.len())
        .map(|k| 100.0 * 1.01f64.powi(k as i32))
        .collect();
    let short = vec![10.0; dates.len()];
    let p = prepared_on(dates.clone(), &long, &short);
    let r = rule(0.5, Direction::Up);
    let opts = StudyOptions {
        unit: HorizonUnit::Months,
        ..plain(&[1, 3])
    };
    let s = p.study(&r, &opts).unwrap();
    for e in &s.events {
        for h in [1u32, 3] {
            // Naive: scan for the first date on or after date + h months.
            let target = e.date.add_months(h);
            let j = dates.iter().position(|d| *d >= target);
            match (j, e.forward.get(h as usize)) {
                (Some(j), Some(f)) => {
                    assert!((f.long - (long[j] / long[e.index] - 1.0)).abs() < 1e-12)
                }
                (None, None) => {}
                (j, f) => panic!("{}: {j:?} vs {f:?}", e.date),
            }
        }
    }
    assert_eq!(s.horizon_unit, HorizonUnit::Months);
    assert!(s.summary[0].count > 50);
}

#[test]
fn z_units_compare_the_trailing_z_score() {
    let steps: Vec<f64> = (0..700)
        .map(|k| ((k * 7919) % 101) as f64 / 1000.0 - 0.05)
        .collect();
    let long = walk(&steps);
    let short = vec![50.0; long.len()];
    let p = prepared(&long, &short);
    let r = rule(1.5, Direction::Abs).with_unit(ThresholdUnit::Z);
    let s = p.study(&r, &plain(&[5])).unwrap();
    assert!(s.event_count > 0);
    for e in &s.events {
        let z = e.z.unwrap();
        assert!(z.abs() >= 1.5, "{z}");
        assert!(e.index > Z_WINDOW);
    }
    // Every day with |z| ≥ 1.5 is an event (cool-off 0).
    let want = p.z().iter().filter(|z| z.abs() >= 1.5).count();
    assert_eq!(s.event_count, want);
    assert_eq!(s.threshold_unit, ThresholdUnit::Z);
}

/// Naive recomputation: loop over every day and horizon, no shared helpers.
fn naive_means(long: &[f64], short: &[f64], t: f64, h: usize) -> (usize, f64, f64, f64) {
    let (mut n, mut sl, mut ss) = (0usize, 0.0, 0.0);
    let mut bl = Vec::new();
    for i in 1..long.len() {
        if i + h < long.len() {
            bl.push(long[i + h] / long[i] - 1.0);
        }
        let sp = (long[i] / long[i - 1] - 1.0) - (short[i] / short[i - 1] - 1.0);
        if sp >= t / 100.0 && i + h < long.len() {
            n += 1;
            sl += long[i + h] / long[i] - 1.0;
            ss += short[i + h] / short[i] - 1.0;
        }
    }
    let base = bl.iter().sum::<f64>() / bl.len() as f64;
    (n, sl / n as f64, ss / n as f64, base)
}

proptest! {
    #[test]
    fn summary_equals_naive(
        a in proptest::collection::vec(-0.06f64..0.06, 30..200),
        b in proptest::collection::vec(-0.06f64..0.06, 30..200),
        t in 0.5f64..5.0, h in 1usize..20,
    ) {
        let n = a.len().min(b.len());
        let (long, short) = (walk(&a[..n]), walk(&b[..n]));
        let s = prepared(&long, &short).study(&rule(t, Direction::Up), &plain(&[h])).unwrap();
        let (cnt, ml, ms, base) = naive_means(&long, &short, t, h);
        let row = &s.summary[0];
        prop_assert_eq!(row.count, cnt);
        if cnt > 0 {
            prop_assert!((row.long.mean.unwrap() - ml).abs() < 1e-12);
            prop_assert!((row.short.mean.unwrap() - ms).abs() < 1e-12);
            prop_assert!((row.pair.mean.unwrap() - (ml - ms)).abs() < 1e-12);
        } else {
            prop_assert_eq!(row.long.mean, None);
        }
        if row.baseline_count > 0 {
            prop_assert!((row.long.baseline_mean.unwrap() - base).abs() < 1e-12);
        }
    }

    #[test]
    fn excursions_distinct_and_leave_one_out_equal_naive(
        a in proptest::collection::vec(-0.06f64..0.06, 40..160),
        t in 0.5f64..3.0, h in 2usize..15,
    ) {
        let long = walk(&a);
        let short = vec![10.0; long.len()];
        let s = prepared(&long, &short).study(&rule(t, Direction::Up), &plain(&[h])).unwrap();
        let complete: Vec<&Event> = s.events.iter().filter(|e| e.forward.get(h).is_some()).collect();
        for e in &complete {
            let f = e.forward.get(h).unwrap();
            let path: Vec<f64> = (1..=h).map(|k| long[e.index + k] / long[e.index] - 1.0).collect();
            prop_assert_eq!(f.long_max_gain, path.iter().copied().fold(f64::NEG_INFINITY, f64::max));
            prop_assert_eq!(f.long_max_loss, path.iter().copied().fold(f64::INFINITY, f64::min));
        }
        // Distinct: count events that start at or after the previous cluster's reach.
        let mut distinct = 0;
        let mut reach = 0;
        for e in &complete {
            if distinct == 0 || e.index >= reach {
                distinct += 1;
                reach = e.index + h;
            } else {
                reach = reach.max(e.index + h);
            }
        }
        prop_assert_eq!(s.summary[0].distinct_count, distinct);
        if complete.len() >= 2 {
            let pairs: Vec<f64> = complete.iter().map(|e| e.forward.get(h).unwrap().pair).collect();
            let loo: Vec<f64> = (0..pairs.len())
                .map(|k| pairs.iter().enumerate().filter(|(j, _)| *j != k).map(|(_, v)| v).sum::<f64>() / (pairs.len() - 1) as f64)
                .collect();
            let lo = loo.iter().copied().fold(f64::INFINITY, f64::min);
            prop_assert!((s.summary[0].pair_mean_loo_min.unwrap() - lo).abs() < 1e-12);
        }
    }

    #[test]
    fn swapping_legs_negates_spread_and_swaps_stats(
        a in proptest::collection::vec(-0.06f64..0.06, 30..150),
        b in proptest::collection::vec(-0.06f64..0.06, 30..150),
        t in 0.5f64..5.0,
    ) {
        let n = a.len().min(b.len());
        let (long, short) = (walk(&a[..n]), walk(&b[..n]));
        let p = prepared(&long, &short);
        let q = PreparedPair::new(p.pair().swapped());
        for (x, y) in p.spread().iter().zip(q.spread()).skip(1) {
            prop_assert_eq!(*x, -*y);
        }
        // "Up" on the original is "down" on the swapped pair: same days.
        let s1 = p.study(&rule(t, Direction::Up), &plain(&[5, 10])).unwrap();
        let s2 = q.study(&rule(t, Direction::Down), &plain(&[5, 10])).unwrap();
        prop_assert_eq!(s1.event_count, s2.event_count);
        for (r1, r2) in s1.summary.iter().zip(&s2.summary) {
            prop_assert_eq!(r1.count, r2.count);
            prop_assert_eq!(r1.long.mean, r2.short.mean);
            prop_assert_eq!(r1.short.median, r2.long.median);
            prop_assert_eq!(r1.long.hit_rate, r2.short.hit_rate);
            prop_assert_eq!(r1.long.baseline_mean, r2.short.baseline_mean);
            if let (Some(x), Some(y)) = (r1.pair.mean, r2.pair.mean) {
                prop_assert!((x + y).abs() < 1e-12);
            }
        }
    }
}

fn noisy(n: usize, seed: u64) -> (Vec<f64>, Vec<f64>) {
    use rand::Rng;
    let mut rng = crate::stats::random::rng_for(seed, 0);
    let a: Vec<f64> = (0..n).map(|_| rng.random_range(-0.03..0.03)).collect();
    let b: Vec<f64> = (0..n).map(|_| rng.random_range(-0.03..0.03)).collect();
    (walk(&a), walk(&b))
}

#[test]
fn placebo_and_bootstrap_are_deterministic_and_sane() {
    let (long, short) = noisy(3000, 9);
    let p = prepared(&long, &short);
    // Rare enough (about 1 day in 36) that 63-day windows form many episodes.
    let r = rule(5.0, Direction::Abs);
    let opts = StudyOptions {
        placebo_draws: 2000,
        bootstrap_draws: 500,
        ..StudyOptions::with_horizons(&[5, 63])
    };
    let a = p.study(&r, &opts).unwrap();
    let b = p.study(&r, &opts).unwrap();
    assert_eq!(a, b, "same seed, same numbers");
    let c = p
        .study(
            &r,
            &StudyOptions {
                seed: 1,
                ..opts.clone()
            },
        )
        .unwrap();
    assert_ne!(a.summary[0].pair.placebo_p, c.summary[0].pair.placebo_p);
    for row in &a.summary {
        assert!(row.count > 20, "{} {}", row.count, row.distinct_count);
        for pv in [row.long.placebo_p, row.short.placebo_p, row.pair.placebo_p] {
            let pv = pv.unwrap();
            assert!((1.0 / 2001.0..=1.0).contains(&pv), "{pv}");
        }
        // The placebo average is within three standard errors of the baseline mean.
        let se = row.placebo_pair_sd.unwrap() / (2000f64).sqrt();
        assert!(
            (row.pair.placebo_mean.unwrap() - row.pair.baseline_mean.unwrap()).abs() <= 3.0 * se
        );
        // Intervals contain their point estimates.
        assert!(row.long.mean_ci.unwrap().contains(row.long.mean.unwrap()));
        assert!(row.pair.mean_ci.unwrap().contains(row.pair.mean.unwrap()));
        assert!(
            row.short
                .median_ci
                .unwrap()
                .contains(row.short.median.unwrap())
        );
        let edge_ci = row.pair_edge_ci.unwrap();
        assert!(edge_ci.contains(row.pair.edge.unwrap()));
        assert!(
            (edge_ci.1 - edge_ci.0 - (row.pair.mean_ci.unwrap().1 - row.pair.mean_ci.unwrap().0))
                .abs()
                < 1e-12
        );
    }
}

#[test]
fn placebo_p_equals_a_naive_count() {
    let (long, short) = noisy(1500, 4);
    let p = prepared(&long, &short);
    let r = rule(3.5, Direction::Up);
    let opts = StudyOptions {
        placebo_draws: 300,
        bootstrap_draws: 0,
        ..StudyOptions::with_horizons(&[10])
    };
    let s = p.study(&r, &opts).unwrap();
    let row = &s.summary[0];
    // Recompute: same generator stream, same sets, means by plain loops.
    let pool_end = p.pair().len() - 10;
    let mut rng = crate::stats::random::Stream::Placebo { months: false }.generator(opts.seed);
    let sets = crate::stats::placebo::draw_sets(pool_end - 1, row.count, 0, 300, &mut rng).unwrap();
    let mut means = Vec::new();
    for set in sets.chunks(row.count) {
        let mut sum = 0.0;
        for &k in set {
            let i = 1 + k as usize;
            sum += (long[i + 10] / long[i] - 1.0) - (short[i + 10] / short[i] - 1.0);
        }
        means.push(sum / row.count as f64);
    }
    let centre = means.iter().sum::<f64>() / 300.0;
    let obs = row.pair.mean.unwrap();
    let extreme = means
        .iter()
        .filter(|m| {
            if obs >= centre {
                **m >= obs
            } else {
                **m <= obs
            }
        })
        .count();
    assert!((row.pair.placebo_mean.unwrap() - centre).abs() < 1e-12);
    assert_eq!(row.pair.placebo_p.unwrap(), (1 + extreme) as f64 / 301.0);
}

#[test]
fn sweep_agrees_with_the_study_at_each_threshold() {
    let (long, short) = noisy(2500, 5);
    let p = prepared(&long, &short);
    let r = EventRule::new(4.0, Direction::Abs, 2, None, None).unwrap();
    let cells = p.sweep(&r, &plain(&[5, 21])).unwrap();
    assert_eq!(cells.len(), 29 * 2);
    for t in [1.0, 2.5, 4.0] {
        let s = p
            .study(&r.with_threshold(t).unwrap(), &plain(&[5, 21]))
            .unwrap();
        for row in &s.summary {
            let cell = cells
                .iter()
                .find(|c| c.threshold_pct == Some(t) && c.horizon == row.horizon)
                .unwrap();
            assert_eq!(cell.count, row.count);
            assert_eq!(cell.distinct_count, row.distinct_count);
            assert_eq!(cell.pair_edge, row.pair.edge);
        }
    }
    for c in &cells {
        if let Some(pv) = c.placebo_shift_p_pair {
            assert!((0.0..=1.0).contains(&pv));
        }
    }
    // Counts never rise with the threshold.
    for h in [5, 21] {
        let counts: Vec<usize> = cells
            .iter()
            .filter(|c| c.horizon == h)
            .map(|c| c.count)
            .collect();
        assert!(counts.windows(2).all(|w| w[1] <= w[0]), "{counts:?}");
    }
    assert_eq!(p.sweep(&r, &plain(&[5, 21])).unwrap(), cells);
}

/// In z units the sweep counts z events at each grid value (it once counted percent ones),
/// and its cells and the study's JSON name the unit.
#[test]
fn sweep_runs_in_the_rules_unit() {
    let (long, short) = noisy(2500, 5);
    let p = prepared(&long, &short);
    let r = EventRule::new(2.0, Direction::Abs, 0, None, None)
        .unwrap()
        .with_unit(ThresholdUnit::Z);
    let cells = p.sweep(&r, &plain(&[5])).unwrap();
    for t in [1.0, 1.5, 2.0] {
        let z_rule = r.with_threshold(t).unwrap();
        assert_eq!(z_rule.unit(), ThresholdUnit::Z);
        let want = find_events(p.pair().dates(), p.z(), &z_rule);
        let cell = cells.iter().find(|c| c.threshold == t).unwrap();
        let complete = want.iter().filter(|&&i| i + 5 < p.pair().dates().len());
        assert_eq!(cell.count, complete.count());
        assert!(cell.count > 0, "the test needs z events at {t}");
        assert_eq!(
            (cell.threshold_unit, cell.threshold_pct),
            (ThresholdUnit::Z, None)
        );
    }
    let json = serde_json::to_value(p.study(&r, &plain(&[5])).unwrap()).unwrap();
    assert_eq!(json["threshold"], 2.0);
    assert_eq!(json["threshold_unit"], "z");
    assert!(json.get("threshold_pct").is_none());
    let pct = EventRule::new(2.0, Direction::Abs, 0, None, None).unwrap();
    let json = serde_json::to_value(p.study(&pct, &plain(&[5])).unwrap()).unwrap();
    assert_eq!(
        (
            json["threshold_pct"].as_f64(),
            json["threshold_unit"].as_str()
        ),
        (Some(2.0), Some("pct"))
    );
}

#[test]
fn subperiods_partition_the_events_by_decade() {
    let dates: Vec<Date> = (0..6000).map(|k| Date::from_days(10_950 + k)).collect(); // 1999-12-25 on
    let (long, short) = noisy(6000, 6);
    let p = prepared_on(dates, &long, &short);
    let opts = StudyOptions {
        split_year: Some(2010),
        ..plain(&[5])
    };
    let s = p.study(&rule(3.0, Direction::Abs), &opts).unwrap();
    let decades: Vec<&SubPeriod> = s
        .subperiods
        .iter()
        .filter(|sp| sp.label.ends_with('s'))
        .collect();
    assert_eq!(
        decades.iter().map(|d| d.label.as_str()).collect::<Vec<_>>(),
        vec!["1990s", "2000s", "2010s"]
    );
    assert_eq!(
        decades.iter().map(|d| d.event_count).sum::<usize>(),
        s.event_count
    );
    let before = s
        .subperiods
        .iter()
        .find(|sp| sp.label == "before 2010")
        .unwrap();
    let after = s
        .subperiods
        .iter()
        .find(|sp| sp.label == "2010 on")
        .unwrap();
    assert_eq!(before.event_count + after.event_count, s.event_count);
    assert_eq!(before.to.to_string(), "2009-12-31");
    let n_before = s.events.iter().filter(|e| e.date.year() < 2010).count();
    assert_eq!(before.event_count, n_before);
}

#[test]
fn overlap_t_is_smaller_for_clustered_events() {
    // Events cluster in two bursts with persistent drifts afterwards.
    let mut a = vec![0.0005; 2000];
    let mut b = vec![0.0; 2000];
    for k in [500, 502, 504, 506, 1000, 1500, 1503, 1506] {
        a[k] = 0.05;
        b[k] = -0.01;
    }
    for x in a.iter_mut().take(800).skip(507) {
        *x = 0.002;
    }
    let (long, short) = (walk(&a), walk(&b));
    let s = prepared(&long, &short)
        .study(&rule(4.0, Direction::Up), &plain(&[63]))
        .unwrap();
    let row = &s.summary[0];
    assert_eq!((row.count, row.distinct_count), (8, 3));
    let (naive, overlap) = (
        row.pair_edge_t_naive.unwrap(),
        row.pair_edge_t_overlap.unwrap(),
    );
    assert!(overlap.abs() < naive.abs(), "{overlap} vs {naive}");
    assert_eq!(row.overlap_bandwidth_days, 63);
}

#[test]
fn the_caches_never_change_a_result() {
    let (long, short) = noisy(2500, 12);
    let warm = prepared(&long, &short);
    let opts = StudyOptions {
        placebo_draws: 500,
        bootstrap_draws: 100,
        ..StudyOptions::with_horizons(&[5, 21])
    };
    // Warm the cache with other thresholds, then compare with a fresh pair.
    for t in [2.0, 3.0, 2.5, 3.0] {
        let _ = warm.study(&rule(t, Direction::Abs), &opts).unwrap();
    }
    for t in [3.0, 2.5, 2.0] {
        let fresh = prepared(&long, &short)
            .study(&rule(t, Direction::Abs), &opts)
            .unwrap();
        assert_eq!(
            warm.study(&rule(t, Direction::Abs), &opts).unwrap(),
            fresh,
            "t = {t}"
        );
    }
    assert!(warm.placebo_cache.len() >= 3);
    // The pools follow the horizons, their unit and the date range.
    let other = StudyOptions {
        unit: HorizonUnit::Months,
        ..StudyOptions::with_horizons(&[1, 3])
    };
    let late = EventRule::new(2.5, Direction::Abs, 0, Some(Date::from_days(1000)), None).unwrap();
    for (r, o) in [
        (rule(2.5, Direction::Abs), &other),
        (late, &opts),
        (rule(2.5, Direction::Abs), &opts),
        (late, &other),
    ] {
        let fresh = prepared(&long, &short).study(&r, o).unwrap();
        assert_eq!(warm.study(&r, o).unwrap(), fresh);
    }
}

/// Plain chaining of windows (day, end): a new episode starts at the first event on or after
/// the furthest end seen in the current one. Returns 0-based episode numbers.
fn plain_chain(windows: &[(usize, usize)]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut reach = 0;
    let mut id = 0;
    for (k, &(d, e)) in windows.iter().enumerate() {
        if k > 0 && d >= reach {
            id += 1;
            reach = 0;
        }
        reach = reach.max(e);
        out.push(id);
    }
    out
}

#[test]
fn distinct_t_shift_placebo_na_rule_and_episodes_equal_a_plain_recomputation() {
    use crate::stats::overlap::oracle::cluster_t;
    use crate::stats::placebo::summarize;
    use crate::stats::student::two_sided_p;
    let (mut thin, mut thick) = (0, 0);
    for seed in 0..6 {
        let (long, short) = noisy(1500, 100 + seed);
        let p = prepared(&long, &short);
        let r = rule(5.3, Direction::Abs);
        let opts = StudyOptions {
            placebo_draws: 300,
            bootstrap_draws: 100,
            seed,
            ..StudyOptions::with_horizons(&[5, 63, 252])
        };
        let s = p.study(&r, &opts).unwrap();
        assert_eq!(
            s.events,
            p.event_list(&r, &opts),
            "event_list is the study's events"
        );
        let n = long.len();
        let days: Vec<usize> = s.events.iter().map(|e| e.index).collect();
        // Episodes: chained by the nominal 252-day windows.
        let ids = plain_chain(&days.iter().map(|&i| (i, i + 252)).collect::<Vec<_>>());
        for (e, id) in s.events.iter().zip(&ids) {
            assert_eq!(e.episode, Some(id + 1));
        }
        for row in &s.summary {
            let h = row.horizon;
            let fwd = |c: &[f64], i: usize| c[i + h] / c[i] - 1.0;
            let complete: Vec<usize> = days.iter().copied().filter(|i| i + h < n).collect();
            let windows: Vec<(usize, usize)> = complete.iter().map(|&i| (i, i + h)).collect();
            let ids = plain_chain(&windows);
            let episodes = ids.last().map_or(0, |l| l + 1);
            assert_eq!(row.distinct_count, episodes);
            assert_eq!(row.too_few_episodes, episodes < 3);
            if row.too_few_episodes {
                thin += 1;
                for leg in [&row.long, &row.short, &row.pair] {
                    assert_eq!(
                        (leg.mean_ci, leg.median_ci, leg.hit_rate_ci),
                        (None, None, None)
                    );
                    assert_eq!((leg.placebo_p, leg.placebo_shift_p), (None, None));
                }
                assert_eq!(row.pair_edge_ci, None);
                assert_eq!(
                    (row.pair_edge_t_naive, row.pair_edge_t_overlap),
                    (None, None)
                );
                assert_eq!(
                    (row.distinct_t_pair, row.distinct_df, row.distinct_p_pair),
                    (None, None, None)
                );
                // Means and counts stay.
                assert_eq!(row.count, complete.len());
                assert_eq!(row.pair.mean.is_some(), !complete.is_empty());
                continue;
            }
            thick += 1;
            // Baseline pair mean over every day 1 … with a complete window.
            let pool: Vec<usize> = (1..n - h).collect();
            let pair_at = |i: usize| fwd(&long, i) - fwd(&short, i);
            let baseline = pool.iter().map(|&i| pair_at(i)).sum::<f64>() / pool.len() as f64;
            // Distinct-episode t: the first event of each episode, minus the baseline.
            let firsts: Vec<f64> = (0..complete.len())
                .filter(|&k| k == 0 || ids[k] != ids[k - 1])
                .map(|k| pair_at(complete[k]) - baseline)
                .collect();
            let m = firsts.len() as f64;
            let mean = firsts.iter().sum::<f64>() / m;
            let sd = (firsts.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (m - 1.0)).sqrt();
            let t = mean / (sd / m.sqrt());
            let got = row.distinct_t_pair.unwrap();
            assert!((got - t).abs() < 1e-9 * t.abs().max(1.0), "{got} vs {t}");
            assert_eq!(row.distinct_df, Some(firsts.len() - 1));
            let p_want = two_sided_p(t, firsts.len() - 1).unwrap();
            assert!((row.distinct_p_pair.unwrap() - p_want).abs() < 1e-9);
            // Circular shift: every offset 1 … n − 1, a plain loop over the event days, each
            // set's mean minus the leg's baseline over its cluster-robust error (clusters
            // summed by hand in a map).
            let offsets = 1..pool.len();
            let leg_value = |k: usize, i: usize| match k {
                0 => fwd(&long, i),
                1 => fwd(&short, i),
                _ => pair_at(i),
            };
            let tau = |k: usize, days: &[usize]| {
                let centre = pool.iter().map(|&i| leg_value(k, i)).sum::<f64>() / pool.len() as f64;
                let x: Vec<f64> = days.iter().map(|&i| leg_value(k, i)).collect();
                cluster_t(&x, &ids, centre).unwrap()
            };
            let mut sets = [Vec::new(), Vec::new(), Vec::new()];
            for o in offsets {
                let shifted: Vec<usize> = complete
                    .iter()
                    .map(|&i| pool[(i - 1 + o) % pool.len()])
                    .collect();
                for (k, set) in sets.iter_mut().enumerate() {
                    set.push(tau(k, &shifted));
                }
            }
            let got = [row.long, row.short, row.pair].map(|l| l.placebo_shift_p.unwrap());
            for k in 0..3 {
                let want = summarize(tau(k, &complete), &sets[k]).unwrap().p;
                assert!(
                    (got[k] - want).abs() < 1e-12,
                    "leg {k} at {h}: {} vs {want}",
                    got[k]
                );
                assert!((1.0 / pool.len() as f64..=1.0).contains(&got[k]));
            }
            assert!(row.pair_edge_ci.is_some() && row.pair.placebo_p.is_some());
        }
    }
    assert!(
        thin > 0 && thick > 0,
        "both cases seen: {thin} thin, {thick} thick"
    );
}

/// The sweep's placebo p, its max-T adjusted p over the whole grid and its BH q against a
/// plain recomputation: every offset of the common pool,
/// each cell's events moved by them around its horizon's pool, the cluster-robust t of each
/// set by a map of cluster sums, the z scores, maxima and counts by loops.
#[test]
fn sweep_adjusted_p_and_q_equal_a_plain_recomputation() {
    use crate::stats::overlap::oracle::cluster_t;
    let (long, short) = noisy(2500, 5);
    let p = prepared(&long, &short);
    let r = EventRule::new(4.0, Direction::Abs, 2, None, None).unwrap();
    let o = plain(&[5, 21, 63]);
    let cells = p.sweep(&r, &o).unwrap();
    let dates = p.pair().dates();
    let eligible = r.eligible(dates);
    let fwd = |i: usize, h: usize| (long[i + h] / long[i] - 1.0) - (short[i + h] / short[i] - 1.0);
    let pool = |h: usize| -> Vec<f64> {
        eligible
            .clone()
            .filter(|&i| i + h < dates.len())
            .map(|i| fwd(i, h))
            .collect()
    };
    // The offsets: every one of the common pool (that of h = 63, a prefix of the others).
    let k = pool(63).len() - 1;
    let offsets: Vec<usize> = (1..=k).collect();
    assert!(cells.iter().all(|c| c.placebo_sets == k));
    let t_of = |x: &[f64], ids: &[usize], centre: f64| cluster_t(x, ids, centre).unwrap();
    // The family: (cell, observed t, centre, sd, K shifted t), horizon by horizon.
    let mut family: Vec<(usize, f64, f64, f64, Vec<f64>)> = Vec::new();
    for &h in &o.horizons {
        let pool = pool(h);
        let baseline = pool.iter().sum::<f64>() / pool.len() as f64;
        for c in (0..cells.len()).filter(|&c| cells[c].horizon == h) {
            let cell = &cells[c];
            let events: Vec<usize> = p
                .events(&r.with_threshold(cell.threshold).unwrap())
                .into_iter()
                .filter(|&i| i + h < dates.len())
                .collect();
            assert_eq!(events.len(), cell.count);
            let count = cell.count;
            // Episodes: an event on or after the latest window end so far starts a new one.
            let mut ids = Vec::new();
            let mut reach_end = 0;
            for &i in &events {
                if ids.is_empty() || i >= reach_end {
                    ids.push(ids.last().map_or(0, |l| l + 1));
                } else {
                    ids.push(*ids.last().unwrap());
                }
                reach_end = reach_end.max(i + h);
            }
            let episodes = ids.last().map_or(0, |l| l + 1);
            assert_eq!(episodes, cell.distinct_count);
            if count == 0 || episodes < crate::study::MIN_EPISODES {
                assert_eq!(
                    (cell.placebo_shift_p_pair, cell.adjusted_p, cell.bh_q),
                    (None, None, None)
                );
                continue;
            }
            let observed: Vec<f64> = events.iter().map(|&i| fwd(i, h)).collect();
            let tau = t_of(&observed, &ids, baseline);
            let sets: Vec<f64> = offsets
                .iter()
                .map(|o| {
                    let x: Vec<f64> = events
                        .iter()
                        .map(|&i| pool[(i - eligible.start + o) % pool.len()])
                        .collect();
                    t_of(&x, &ids, baseline)
                })
                .collect();
            let centre = sets.iter().sum::<f64>() / k as f64;
            let extreme = sets
                .iter()
                .filter(|x| {
                    if tau >= centre {
                        **x >= tau
                    } else {
                        **x <= tau
                    }
                })
                .count();
            let raw = (1 + extreme) as f64 / (k + 1) as f64;
            let got = cell.placebo_shift_p_pair.unwrap();
            assert!((got - raw).abs() < 1e-12, "{cell:?}: {raw}");
            let sd =
                (sets.iter().map(|x| (x - centre).powi(2)).sum::<f64>() / (k - 1) as f64).sqrt();
            family.push((c, tau, centre, sd, sets));
        }
    }
    // The grid has cells both inside and outside the family.
    assert!(
        family.len() > 20 && family.len() < cells.len(),
        "{}",
        family.len()
    );
    let raw: Vec<f64> = family
        .iter()
        .map(|f| cells[f.0].placebo_shift_p_pair.unwrap())
        .collect();
    let m = raw.len();
    let mut marked = 0;
    for (a, f) in family.iter().enumerate() {
        let z = ((f.1 - f.2) / f.3).abs();
        let mut count = 0;
        for s in 0..k {
            let max = family
                .iter()
                .map(|g| ((g.4[s] - g.2) / g.3).abs())
                .fold(f64::NEG_INFINITY, f64::max);
            if max >= z {
                count += 1;
            }
        }
        let want = ((1 + count) as f64 / (k + 1) as f64).max(raw[a]);
        let cell = &cells[f.0];
        let got = cell.adjusted_p.unwrap();
        assert!((got - want).abs() <= 1e-12, "{cell:?}: {want}");
        // BH runs on the two-sided p: twice the one-sided raw p, at most 1.
        let both: Vec<f64> = raw.iter().map(|p| (2.0 * p).min(1.0)).collect();
        let q = both
            .iter()
            .filter(|pj| **pj >= both[a])
            .map(|pj| pj * m as f64 / both.iter().filter(|pi| *pi <= pj).count() as f64)
            .fold(1.0f64, f64::min);
        assert!((cell.bh_q.unwrap() - q).abs() <= 1e-12, "{cell:?}: {q}");
        assert!(got >= raw[a] && cell.bh_q.unwrap() >= raw[a]);
        marked += usize::from(got < 0.05);
    }
    // Noise: the adjustment leaves at most a chance hit or two below 0.05.
    assert!(marked <= 2, "{marked}");
}
