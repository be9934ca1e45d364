//! Plain-text tables for a study.

use std::fmt::Write as _;

use equalizer_engine::article::{CLAIM, Replication, why_they_differ};
use equalizer_engine::bootstrap::Interval;
use equalizer_engine::study::cross::CrossSection;
use equalizer_engine::study::follow::{Follow, FollowOptions, PathFigures};
use equalizer_engine::study::{Excursion, Leg};
use equalizer_engine::{HorizonUnit, Study, ThresholdUnit};

fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "—".into(), |v| format!("{:+.2}%", v * 100.0))
}

fn ci(x: Option<Interval>) -> String {
    x.map_or_else(
        || "—".into(),
        |i| format!("[{:+.1}, {:+.1}]", i.0 * 100.0, i.1 * 100.0),
    )
}

fn num(x: Option<f64>, digits: usize) -> String {
    x.map_or_else(|| "—".into(), |v| format!("{v:.digits$}"))
}

/// Mean best / worst excursion of a ticker, "—/—" where there is none.
fn excursion(x: Option<Excursion>) -> String {
    format!(
        "{}/{}",
        pct(x.and_then(|e| e.max_gain_mean)),
        pct(x.and_then(|e| e.max_loss_mean))
    )
}

fn share(x: Option<f64>) -> String {
    x.map_or_else(|| "—".into(), |v| format!("{:.0}%", v * 100.0))
}

/// A column of a fixed-width table: width, left-aligned or not, and whether " |" follows it.
type Col = (usize, bool, bool);

/// Columns of the first summary table: counts, each leg's mean, median and hit rate, the pair,
/// the baselines and the edge.
const SUMMARY: [Col; 13] = [
    (5, true, false),
    (4, false, false),
    (4, false, true),
    (8, false, false),
    (8, false, false),
    (4, false, true),
    (8, false, false),
    (8, false, false),
    (4, false, true),
    (8, false, true),
    (8, false, false),
    (8, false, true),
    (8, false, false),
];

/// Columns of the second summary table: distinct episodes, intervals, placebo, t statistics and
/// excursions.
const SCRUTINY: [Col; 12] = [
    (5, true, false),
    (4, false, false),
    (8, false, true),
    (8, false, false),
    (16, false, true),
    (8, false, false),
    (16, false, true),
    (9, false, true),
    (7, false, false),
    (9, false, true),
    (14, false, false),
    (14, false, false),
];

/// Columns of the replication table.
const REPLICATION: [Col; 7] = [
    (24, true, false),
    (16, true, false),
    (5, false, false),
    (8, false, false),
    (8, false, false),
    (8, false, false),
    (8, false, false),
];

/// One line of a table: each cell padded to its column, a space between columns and " |"
/// where a column asks for it.
fn line(o: &mut String, cols: &[Col], cells: &[String]) {
    for (k, ((width, left, bar), cell)) in cols.iter().zip(cells).enumerate() {
        if k > 0 {
            o.push(' ');
        }
        let _ = if *left {
            write!(o, "{cell:<width$}")
        } else {
            write!(o, "{cell:>width$}")
        };
        if *bar {
            o.push_str(" |");
        }
    }
    o.push('\n');
}

/// The readable report: settings, events and the per-horizon summary.
pub fn render(s: &Study) -> String {
    let mut o = String::new();
    let sign = match s.direction {
        equalizer_engine::Direction::Up => "≥",
        equalizer_engine::Direction::Down => "≤ −",
        equalizer_engine::Direction::Abs => "|·| ≥",
    };
    let range = match (s.from, s.to) {
        (None, None) => "all dates".to_owned(),
        (f, t) => format!(
            "{} … {}",
            f.map_or("start".into(), |d| d.to_string()),
            t.map_or("end".into(), |d| d.to_string())
        ),
    };
    let _ = writeln!(
        o,
        "{} − {} daily spread {sign} {}{}, cool-off {} days, {range}",
        s.long,
        s.short,
        s.threshold,
        match s.threshold_unit {
            ThresholdUnit::Pct => "%",
            ThresholdUnit::Z => " σ (spread over its trailing 252-day standard deviation)",
        },
        s.cooloff
    );
    let _ = writeln!(
        o,
        "{} events on {} eligible days (common data {} … {})\n",
        s.event_count, s.eligible_days, s.first_common_date, s.last_common_date
    );
    if s.lag.days() > 0 {
        let _ = writeln!(
            o,
            "Entry lag {} trading day(s): every forward return starts from the close {} day(s) \
             after the event's close.\n",
            s.lag, s.lag
        );
    }
    // Events.
    let _ = write!(
        o,
        "{:<10} {:>8} {:>8} {:>8}",
        "date", s.long, s.short, "spread"
    );
    for row in &s.summary {
        let _ = write!(
            o,
            " {:>17}",
            format!(
                "{} {}/{}",
                s.horizon_unit.label(row.horizon),
                s.long,
                s.short
            )
        );
    }
    o.push('\n');
    for e in &s.events {
        let _ = write!(
            o,
            "{} {:>8} {:>8} {:>8}",
            e.date,
            pct(Some(e.long_return)),
            pct(Some(e.short_return)),
            pct(Some(e.spread))
        );
        for (_, f) in &e.forward.0 {
            let cell = f.map_or_else(
                || "—".into(),
                |f| format!("{}/{}", pct(Some(f.long)), pct(Some(f.short))),
            );
            let _ = write!(o, " {cell:>17}");
        }
        o.push('\n');
    }
    // Summary: the tickers' figures side by side (long, then short), then the pair's.
    o.push('\n');
    let tickers = [(&s.long, Leg::Long), (&s.short, Leg::Short)];
    let mut head = vec!["hzn".to_owned(), "n".into(), "inc".into()];
    for (ticker, _) in tickers {
        head.extend([format!("{ticker} mean"), "median".into(), "hit".into()]);
    }
    head.extend([
        "pair".into(),
        "base L".into(),
        "base S".into(),
        "edge".into(),
    ]);
    line(&mut o, &SUMMARY, &head);
    for r in &s.summary {
        let mut cells = vec![
            s.horizon_unit.label(r.horizon),
            r.count.to_string(),
            r.incomplete.to_string(),
        ];
        for (_, leg) in tickers {
            let l = r.leg(leg);
            cells.extend([pct(l.mean), pct(l.median), share(l.hit_rate)]);
        }
        cells.extend([
            pct(r.pair.mean),
            pct(r.long.baseline_mean),
            pct(r.short.baseline_mean),
            pct(r.pair.edge),
        ]);
        line(&mut o, &SUMMARY, &cells);
    }
    o.push('\n');
    let mut head = vec![
        "hzn".to_owned(),
        "n".into(),
        "distinct".into(),
        "pair".into(),
        "95% CI (pp)".into(),
        "edge".into(),
        "95% CI (pp)".into(),
        "placebo p".into(),
        "t naive".into(),
        "t overlap".into(),
    ];
    head.extend(tickers.map(|(ticker, _)| format!("{ticker} gain/loss")));
    line(&mut o, &SCRUTINY, &head);
    for r in &s.summary {
        let mut cells = vec![
            s.horizon_unit.label(r.horizon),
            r.count.to_string(),
            r.distinct_count.to_string(),
            pct(r.pair.mean),
            ci(r.pair.mean_ci),
            pct(r.pair.edge),
            ci(r.pair_edge_ci),
            num(r.pair.placebo_p, 4),
            num(r.pair_edge_t_naive, 2),
            num(r.pair_edge_t_overlap, 2),
        ];
        cells.extend(tickers.map(|(_, leg)| excursion(r.leg(leg).excursion)));
        line(&mut o, &SCRUTINY, &cells);
    }
    decay(&mut o, s);
    let _ = writeln!(
        o,
        "\nn: events with a complete window; inc: events whose window runs past the data; \
         hit: share of events with a gain; base: mean over every eligible day; edge: pair mean − base pair mean.\n\
         distinct: clusters of overlapping windows; CI: cluster-bootstrap 95 % interval; placebo p: one-sided, \
         share of {} random-date sets (same N, same cool-off, seed {}) at least as extreme; t overlap: Newey–West over \
         overlapping windows; gain/loss: mean best and worst cumulative return within the window.",
        s.placebo_draws, s.seed
    );
    o
}

/// The edge decay: the pair's edge (and its event count) per entry lag and horizon, the study's
/// lag marked with *.
fn decay(o: &mut String, s: &Study) {
    let _ = write!(o, "\nPair edge by entry lag (n)\n{:<4}", "lag");
    for r in &s.summary {
        let _ = write!(o, " {:>16}", s.horizon_unit.label(r.horizon));
    }
    o.push('\n');
    for row in s.lag_decay.chunks(s.summary.len().max(1)) {
        let Some(first) = row.first() else { continue };
        let mark = if first.lag == s.lag { "*" } else { "" };
        let _ = write!(o, "{:<4}", format!("{}{mark}", first.lag));
        for cell in row {
            let _ = write!(
                o,
                " {:>16}",
                format!("{} ({})", pct(cell.pair_edge), cell.count)
            );
        }
        o.push('\n');
    }
}

/// The article's claim beside our numbers.
pub fn render_replication(rows: &[Replication]) -> String {
    let mut o = String::new();
    o.push_str("IWM vs QQQ, spread ≥ 4 %, events before 2024-07-11\n\n");
    let head = [
        "horizons", "events", "n", "IWM 3M", "IWM 12M", "QQQ 3M", "QQQ 12M",
    ];
    line(&mut o, &REPLICATION, &head.map(String::from));
    let claim = [
        "the article".to_owned(),
        "all".into(),
        CLAIM.events.to_string(),
        pct(Some(CLAIM.long_3m)),
        pct(Some(CLAIM.long_12m)),
        pct(Some(CLAIM.short_3m)),
        pct(Some(CLAIM.short_12m)),
    ];
    line(&mut o, &REPLICATION, &claim);
    for r in rows {
        let cells = [
            r.horizons.to_string(),
            r.events.to_string(),
            format!("{}/{}", r.n_3m, r.n_12m),
            pct(r.long_3m),
            pct(r.long_12m),
            pct(r.short_3m),
            pct(r.short_12m),
        ];
        line(&mut o, &REPLICATION, &cells);
    }
    let _ = writeln!(o, "\n{}", why_they_differ(rows));
    o
}

/// Columns of the cross-section table.
const CROSS: [Col; 12] = [
    (6, true, false),
    (5, true, false),
    (5, false, true),
    (8, false, false),
    (8, false, false),
    (4, false, true),
    (8, false, false),
    (8, false, false),
    (16, false, true),
    (7, false, false),
    (7, false, false),
    (7, false, false),
];

/// The cross-section: one line per ticker and horizon (percent returns, p-values as numbers).
pub fn render_cross(c: &CrossSection, long: &str, short: &str, unit: HorizonUnit) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "Every ticker after the {} event days of {long} vs {short}; p: circular-shift placebo \
         (the events' pattern moved by every shift, up to {} sets per horizon, each shift the \
         same days for every ticker); p_adj: max-T over the tickers at each horizon; q: \
         Benjamini-Hochberg.\n",
        c.event_count,
        c.placebo_sets.iter().max().copied().unwrap_or(0)
    );
    let head = [
        "ticker",
        "h",
        "N",
        "mean",
        "median",
        "hit",
        "base",
        "edge",
        "edge 95% CI",
        "p",
        "p_adj",
        "q",
    ];
    line(&mut o, &CROSS, &head.map(String::from));
    for r in &c.rows {
        let cells = [
            r.ticker.clone(),
            unit.label(r.horizon),
            r.count.to_string(),
            pct(r.mean),
            pct(r.median),
            share(r.hit_rate),
            pct(r.baseline_mean),
            pct(r.edge),
            ci(r.edge_ci),
            num(r.placebo_shift_p, 4),
            num(r.adjusted_p, 4),
            num(r.bh_q, 4),
        ];
        line(&mut o, &CROSS, &cells);
    }
    o
}

/// One line of the follow table: a path's figures, with days and switches where given.
fn follow_line(o: &mut String, name: &str, p: &PathFigures, trades: Option<(usize, usize)>) {
    let (days, switches) = trades.map_or(("".into(), "".into()), |(d, s)| {
        (d.to_string(), s.to_string())
    });
    let _ = writeln!(
        o,
        "{name:<22} {:>9} {:>8} {:>8} {:>9} {days:>8} {switches:>8}",
        pct(Some(p.total_return)),
        pct(p.cagr),
        share_1(p.volatility),
        pct(Some(p.max_drawdown)),
    );
}

fn share_1(x: Option<f64>) -> String {
    x.map_or_else(|| "—".into(), |v| format!("{:.1}%", v * 100.0))
}

/// The strategy against its own windows placed at random, in one line.
fn follow_placebo(f: &Follow) -> String {
    match f.placebo {
        Some(p) => format!(
            "same windows at random ({} circular shifts): median 1 → {:.2}, 5–95 %: {:.2}–{:.2}; \
             the call (1 → {:.2}) beat {} of {} (p = {:.4})",
            p.shifts,
            p.median,
            p.low,
            p.high,
            1.0 + f.strategy.path.total_return,
            p.beat(),
            p.shifts,
            p.p
        ),
        None => "same windows at random: — (no window, or too few days)".into(),
    }
}

/// What following the call earned: strategy, benchmark and long-short, the strategy against
/// its windows at random, then the windows.
pub fn render_follow(f: &Follow, basket: &str, bench: &str, opts: &FollowOptions) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "Follow the call: {basket} (equal weight) for {} days from the close {} day(s) after \
         each event, {bench} otherwise; {} bps per switch. {} to {} ({} days).\n",
        opts.hold, opts.lag, opts.cost_bps, f.first, f.last, f.days
    );
    let _ = writeln!(
        o,
        "{:<22} {:>9} {:>8} {:>8} {:>9} {:>8} {:>8}",
        "", "total", "CAGR", "vol", "max DD", "in bskt", "switches"
    );
    follow_line(
        &mut o,
        "strategy",
        &f.strategy.path,
        Some((f.strategy.days_in_basket, f.strategy.switches)),
    );
    follow_line(&mut o, &format!("{bench} held"), &f.benchmark, None);
    follow_line(
        &mut o,
        &format!("long-short ({} bps/yr)", f.borrow_bps),
        &f.long_short.path,
        Some((f.long_short.days_in_basket, f.long_short.switches)),
    );
    let _ = writeln!(
        o,
        "\nexcess total return {}; break-even cost {} bps per switch",
        pct(Some(f.excess_total_return)),
        num(f.break_even_cost_bps, 1)
    );
    let _ = writeln!(o, "{}\n", follow_placebo(f));
    let _ = writeln!(o, "{:<10}  {:<10}  exit", "event", "enter");
    for w in &f.windows {
        let exit = w
            .exit
            .map_or_else(|| "held to the end".into(), |d| d.to_string());
        let _ = writeln!(o, "{}  {}  {exit}", w.event, w.enter);
    }
    o
}
