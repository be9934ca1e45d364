//! The cross-section against a plain recomputation: hand loops over a small synthetic universe
//! whose tickers start, end and skip days differently from the pair.

use super::*;
use crate::data::align::AlignedPair;
use crate::data::date::Date;
use crate::stats::bootstrap::{quantile, resample};
use crate::study::events::Direction;
use crate::study::options::EntryLag;

/// Deterministic noise in [−0.005, 0.005).
fn noise(seed: u64, k: usize) -> f64 {
    let mut z = seed.wrapping_mul(6_364_136_223_846_793_005) ^ (k as u64 + 1);
    z = z.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z ^= z >> 29;
    ((z % 10_000) as f64 / 10_000.0 - 0.5) / 100.0
}

/// A price path over `days` (indices into the calendar) from daily returns `ret(k)`.
fn path(days: &[usize], ret: impl Fn(usize) -> f64) -> Vec<f64> {
    let mut p = 100.0;
    days.iter()
        .map(|&k| {
            p *= 1.0 + ret(k);
            p
        })
        .collect()
}

const DAYS: usize = 600;

/// Day k's date.
fn date(k: usize) -> Date {
    Date::from_days(15_000 + k as i32)
}

fn jump(k: usize) -> bool {
    k % 97 == 5 || k % 97 == 20
}

fn series(ticker: &str, days: Vec<usize>, ret: impl Fn(usize) -> f64) -> Series {
    let close = path(&days, ret);
    Series::new(ticker, days.into_iter().map(date).collect(), close).unwrap()
}

/// The pair (events on days 5 and 20 of every 97) and a universe: one ticker on the full calendar, one that
/// starts on day 150, one that ends on day 500, one that starts on day 40 and skips every 7th
/// day.
fn fixture() -> (PreparedPair, Vec<Series>) {
    let all: Vec<usize> = (0..DAYS).collect();
    let long = series("L", all.clone(), |k| {
        noise(1, k) + if jump(k) { 0.05 } else { 0.0 }
    });
    let short = series("S", all.clone(), |k| noise(2, k));
    let pair = PreparedPair::new(AlignedPair::new(&long, &short).unwrap());
    // Tickers that drift up a little after jumps, so edges are not all noise.
    let after = |k: usize| (k % 97) > 5 && (k % 97) < 40;
    let universe = vec![
        series("A", all.clone(), move |k| {
            noise(3, k) + if after(k) { 0.002 } else { 0.0 }
        }),
        series("B", (150..DAYS).collect(), |k| noise(4, k)),
        series("C", (0..=500).collect(), move |k| {
            noise(5, k) - if after(k) { 0.001 } else { 0.0 }
        }),
        series("D", (40..DAYS).filter(|k| k % 7 != 3).collect(), |k| {
            noise(6, k)
        }),
    ];
    (pair, universe)
}

fn opts(unit: HorizonUnit, horizons: &[usize]) -> StudyOptions {
    opts_lag(unit, horizons, 0)
}

fn opts_lag(unit: HorizonUnit, horizons: &[usize], lag: usize) -> StudyOptions {
    StudyOptions {
        horizons: horizons.to_vec(),
        unit,
        lag: EntryLag::new(lag).unwrap(),
        placebo_draws: 300,
        bootstrap_draws: 200,
        seed: 7,
        split_year: None,
    }
}

/// What the hand loop finds for one ticker at one horizon.
struct Hand {
    values: Vec<f64>,
    ids: Vec<usize>,
    baseline: f64,
    placebo_edges: Vec<Option<f64>>,
}

/// X's forward return from pair day i, entering `lag` of X's days later, by linear scans.
fn hand_forward(
    pair: &PreparedPair,
    x: &Series,
    i: usize,
    o: &StudyOptions,
    h: usize,
) -> Option<f64> {
    let d = pair.pair().dates()[i];
    let j = (0..x.len()).find(|&j| x.dates()[j] == d)?;
    let e = j + o.lag.days();
    if e >= x.len() {
        return None;
    }
    let k = match o.unit {
        HorizonUnit::Days => e + h,
        HorizonUnit::Months => {
            let target = x.dates()[e].add_months(h as u32);
            (0..x.len())
                .find(|&k| x.dates()[k] >= target)
                .unwrap_or(x.len())
        }
    };
    (k < x.len()).then(|| x.close()[k] / x.close()[e] - 1.0)
}

/// The last day of the pair's window from day i (entry i + lag), `None` past the data.
fn pair_end(dates: &[Date], o: &StudyOptions, i: usize, h: usize) -> Option<usize> {
    let e = i + o.lag.days();
    if e >= dates.len() {
        return None;
    }
    o.unit.end(dates, e, h)
}

fn hand(
    pair: &PreparedPair,
    x: &Series,
    rule: &EventRule,
    o: &StudyOptions,
    h: usize,
    offsets: &[usize],
    pool: usize,
) -> Hand {
    let dates = pair.pair().dates();
    let events = pair.events(rule);
    let eligible = rule.eligible(dates);
    // Clusters by hand: a new one when an event starts at or after the reach so far.
    let mut pair_ids = Vec::new();
    let mut reach = 0usize;
    for (e, &i) in events.iter().enumerate() {
        let end = pair_end(dates, o, i, h).unwrap_or(dates.len() + o.lag.days());
        if e == 0 {
            pair_ids.push(0);
            reach = end;
        } else if i + o.lag.days() < reach {
            pair_ids.push(pair_ids[e - 1]);
            reach = reach.max(end);
        } else {
            pair_ids.push(pair_ids[e - 1] + 1);
            reach = end;
        }
    }
    let (mut values, mut kept) = (Vec::new(), Vec::new());
    for (e, &i) in events.iter().enumerate() {
        if let Some(v) = hand_forward(pair, x, i, o, h) {
            values.push(v);
            kept.push(pair_ids[e]);
        }
    }
    let mut ids = Vec::new();
    for (n, &c) in kept.iter().enumerate() {
        ids.push(if n == 0 {
            0
        } else if c == kept[n - 1] {
            ids[n - 1]
        } else {
            ids[n - 1] + 1
        });
    }
    let (mut sum, mut count) = (0.0, 0);
    for i in eligible.clone() {
        if let Some(v) = hand_forward(pair, x, i, o, h) {
            sum += v;
            count += 1;
        }
    }
    let baseline = sum / count as f64;
    // The shifted sets: the events with a complete pair window, their pair clusters, moved
    // by each offset around the pool; X's t on the days where it has a forward return.
    let complete: Vec<(usize, usize)> = events
        .iter()
        .zip(&pair_ids)
        .filter(|&(&i, _)| pair_end(dates, o, i, h).is_some())
        .map(|(&i, &c)| (i, c))
        .collect();
    let mut placebo_edges = Vec::new();
    for &off in offsets {
        let (mut v, mut c) = (Vec::new(), Vec::new());
        for &(i, id) in &complete {
            let q = (i - eligible.start + off) % pool;
            if let Some(f) = hand_forward(pair, x, eligible.start + q, o, h) {
                v.push(f);
                c.push(id);
            }
        }
        placebo_edges.push(hand_t(&v, &c, baseline));
    }
    Hand {
        values,
        ids,
        baseline,
        placebo_edges,
    }
}

/// The cluster-robust t, by the shared textbook oracle.
use crate::stats::overlap::oracle::cluster_t as hand_t;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * (1.0 + a.abs().max(b.abs()))
}

fn check(unit: HorizonUnit, horizons: &[usize], cooloff: usize, lag: usize) {
    let (pair, universe) = fixture();
    let rule = EventRule::new(4.0, Direction::Up, cooloff, None, None).unwrap();
    let o = opts_lag(unit, horizons, lag);
    let got = pair.cross_section(&universe, &rule, &o).unwrap();
    let events = pair.events(&rule);
    assert!(events.len() >= 10, "{events:?}");
    assert_eq!(got.event_count, events.len());
    assert_eq!(got.rows.len(), universe.len() * horizons.len());
    let eligible = rule.eligible(pair.pair().dates());
    for (slot, &h) in horizons.iter().enumerate() {
        // This horizon's offsets: every one of the eligible days with a complete pair window.
        let dates = pair.pair().dates();
        let pool = eligible
            .clone()
            .filter(|&i| pair_end(dates, &o, i, h).is_some())
            .count();
        let k = pool - 1;
        assert_eq!(got.placebo_sets[slot], k);
        let offsets: Vec<usize> = (1..pool).collect();
        // (row, z, centre, sd, edges, raw p) of each family member.
        let mut family = Vec::new();
        for (t, x) in universe.iter().enumerate() {
            let row = &got.rows[t * horizons.len() + slot];
            assert_eq!((row.ticker.as_str(), row.horizon), (x.ticker(), h));
            let hd = hand(&pair, x, &rule, &o, h, &offsets, pool);
            let n = hd.values.len();
            assert_eq!(row.count, n, "{} {h}", x.ticker());
            let mean = hd.values.iter().sum::<f64>() / n as f64;
            let mut sorted = hd.values.clone();
            sorted.sort_by(f64::total_cmp);
            let median = if n % 2 == 1 {
                sorted[n / 2]
            } else {
                (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
            };
            let hit = hd.values.iter().filter(|v| **v > 0.0).count() as f64 / n as f64;
            assert!(close(row.mean.unwrap(), mean));
            assert!(close(row.median.unwrap(), median));
            assert!(close(row.hit_rate.unwrap(), hit));
            assert!(close(row.baseline_mean.unwrap(), hd.baseline));
            let edge = mean - hd.baseline;
            assert!(close(row.edge.unwrap(), edge));
            // The bootstrap, sample by sample.
            let mut rng = Stream::CrossBootstrap {
                horizon: h,
                months: unit == HorizonUnit::Months,
            }
            .generator(o.seed);
            let mut means: Vec<f64> = resample(&hd.ids, o.bootstrap_draws, &mut rng)
                .iter()
                .map(|s| s.iter().map(|&p| hd.values[p]).sum::<f64>() / s.len() as f64)
                .collect();
            means.sort_by(f64::total_cmp);
            let episodes = hd.ids.last().unwrap() + 1;
            if episodes < MIN_EPISODES {
                assert_eq!((row.edge_ci, row.placebo_shift_p), (None, None));
                continue;
            }
            let ci = row.edge_ci.unwrap();
            assert!(close(ci.0, quantile(&means, 0.025).unwrap() - hd.baseline));
            assert!(close(ci.1, quantile(&means, 0.975).unwrap() - hd.baseline));
            // The placebo p, counted by hand on the studentized edge.
            let tau = hand_t(&hd.values, &hd.ids, hd.baseline).unwrap();
            let defined: Vec<f64> = hd.placebo_edges.iter().flatten().copied().collect();
            let centre = defined.iter().sum::<f64>() / defined.len() as f64;
            let extreme = defined
                .iter()
                .filter(|e| {
                    if tau >= centre {
                        **e >= tau
                    } else {
                        **e <= tau
                    }
                })
                .count();
            let p = (1 + extreme) as f64 / (defined.len() + 1) as f64;
            assert!(close(row.placebo_shift_p.unwrap(), p), "{} {h}", x.ticker());
            let sd = (defined.iter().map(|e| (e - centre).powi(2)).sum::<f64>()
                / (defined.len() - 1) as f64)
                .sqrt();
            family.push((t, (tau - centre) / sd, centre, sd, hd));
        }
        // Every ticker has enough episodes here, so the family is the whole universe.
        assert_eq!(family.len(), universe.len(), "horizon {h}");
        // Max-T and BH by hand.
        let raw: Vec<f64> = family
            .iter()
            .map(|f| {
                got.rows[f.0 * horizons.len() + slot]
                    .placebo_shift_p
                    .unwrap()
            })
            .collect();
        let m = raw.len();
        for (a, f) in family.iter().enumerate() {
            let row = &got.rows[f.0 * horizons.len() + slot];
            let mut count = 0;
            for s in 0..k {
                let mut max = f64::NEG_INFINITY;
                for g in &family {
                    if let Some(e) = g.4.placebo_edges[s] {
                        max = max.max(((e - g.2) / g.3).abs());
                    }
                }
                if max >= f.1.abs() {
                    count += 1;
                }
            }
            let want = ((1 + count) as f64 / (k + 1) as f64).max(raw[a]);
            assert_eq!(row.adjusted_p.unwrap(), want);
            // q = min over p_j ≥ p_a of p_j · m / (number of p ≤ p_j).
            // BH runs on the two-sided p: twice the one-sided raw p, at most 1.
            let both: Vec<f64> = raw.iter().map(|p| (2.0 * p).min(1.0)).collect();
            let q = both
                .iter()
                .filter(|pj| **pj >= both[a])
                .map(|pj| pj * m as f64 / both.iter().filter(|pi| *pi <= pj).count() as f64)
                .fold(1.0f64, f64::min);
            assert!(close(row.bh_q.unwrap(), q), "{} vs {q}", row.bh_q.unwrap());
            assert!(row.adjusted_p.unwrap() >= row.placebo_shift_p.unwrap());
            assert!(row.bh_q.unwrap() >= row.placebo_shift_p.unwrap());
        }
    }
}

#[test]
fn cross_section_equals_hand_loops_in_trading_days() {
    check(HorizonUnit::Days, &[5, 21, 63], 0, 0);
}

#[test]
fn cross_section_equals_hand_loops_with_an_entry_lag() {
    check(HorizonUnit::Days, &[5, 21], 0, 3);
    check(HorizonUnit::Months, &[1], 2, 5);
}

#[test]
fn cross_section_equals_hand_loops_with_cooloff_and_months() {
    check(HorizonUnit::Months, &[1, 2], 2, 0);
}

#[test]
fn adjusted_and_q_are_never_below_raw_p() {
    let (pair, universe) = fixture();
    for t in [1.0, 2.0, 4.0] {
        let rule = EventRule::new(t, Direction::Abs, 0, None, None).unwrap();
        let got = pair
            .cross_section(&universe, &rule, &opts(HorizonUnit::Days, &[5, 63]))
            .unwrap();
        for row in &got.rows {
            if let Some(p) = row.placebo_shift_p {
                assert!(row.adjusted_p.unwrap() >= p, "{row:?}");
                assert!(row.bh_q.unwrap() >= p, "{row:?}");
                assert!(row.bh_q.unwrap() <= 1.0 && row.adjusted_p.unwrap() <= 1.0);
            }
        }
    }
}

#[test]
fn a_ticker_without_data_after_the_events_has_no_figures() {
    let (pair, _) = fixture();
    let late = series("LATE", (590..DAYS).collect(), |k| noise(9, k));
    let rule = EventRule::new(4.0, Direction::Up, 0, None, None).unwrap();
    let got = pair
        .cross_section(&[late], &rule, &opts(HorizonUnit::Days, &[5]))
        .unwrap();
    let row = &got.rows[0];
    assert_eq!(row.count, 0);
    assert_eq!((row.mean, row.edge, row.edge_ci), (None, None, None));
    assert_eq!(
        (row.placebo_shift_p, row.adjusted_p, row.bh_q),
        (None, None, None)
    );
}
