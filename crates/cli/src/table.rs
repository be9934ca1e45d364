//! Plain-text tables for a study.

use std::fmt::Write as _;

use equalizer_engine::Study;
use equalizer_engine::article::{CLAIM, Replication, why_they_differ};
use equalizer_engine::bootstrap::Interval;

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

fn share(x: Option<f64>) -> String {
    x.map_or_else(|| "—".into(), |v| format!("{:.0}%", v * 100.0))
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
        "{} − {} daily spread {sign} {}%, cool-off {} days, {range}",
        s.long, s.short, s.threshold_pct, s.cooloff
    );
    let _ = writeln!(
        o,
        "{} events on {} eligible days (common data {} … {})\n",
        s.event_count, s.eligible_days, s.first_common_date, s.last_common_date
    );
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
    // Summary.
    let _ = writeln!(
        o,
        "\n{:<5} {:>4} {:>4} | {:>8} {:>8} {:>4} | {:>8} {:>8} {:>4} | {:>8} | {:>8} {:>8} | {:>8}",
        "hzn",
        "n",
        "inc",
        format!("{} mean", s.long),
        "median",
        "hit",
        format!("{} mean", s.short),
        "median",
        "hit",
        "pair",
        "base L",
        "base S",
        "edge"
    );
    for r in &s.summary {
        let _ = writeln!(
            o,
            "{:<5} {:>4} {:>4} | {:>8} {:>8} {:>4} | {:>8} {:>8} {:>4} | {:>8} | {:>8} {:>8} | {:>8}",
            s.horizon_unit.label(r.horizon),
            r.count,
            r.incomplete,
            pct(r.long_mean),
            pct(r.long_median),
            share(r.long_hit_rate),
            pct(r.short_mean),
            pct(r.short_median),
            share(r.short_hit_rate),
            pct(r.pair_mean),
            pct(r.baseline_long_mean),
            pct(r.baseline_short_mean),
            pct(r.pair_edge)
        );
    }
    let _ = writeln!(
        o,
        "\n{:<5} {:>4} {:>8} | {:>8} {:>16} | {:>8} {:>16} | {:>8} | {:>7} {:>9} | {:>14} {:>14}",
        "hzn",
        "n",
        "distinct",
        "pair",
        "95% CI (pp)",
        "edge",
        "95% CI (pp)",
        "placebo p",
        "t naive",
        "t overlap",
        format!("{} gain/loss", s.long),
        format!("{} gain/loss", s.short)
    );
    for r in &s.summary {
        let _ = writeln!(
            o,
            "{:<5} {:>4} {:>8} | {:>8} {:>16} | {:>8} {:>16} | {:>9} | {:>7} {:>9} | {:>14} {:>14}",
            s.horizon_unit.label(r.horizon),
            r.count,
            r.distinct_count,
            pct(r.pair_mean),
            ci(r.pair_mean_ci),
            pct(r.pair_edge),
            ci(r.pair_edge_ci),
            num(r.placebo_p_pair, 4),
            num(r.pair_edge_t_naive, 2),
            num(r.pair_edge_t_overlap, 2),
            format!(
                "{}/{}",
                pct(r.long_max_gain_mean),
                pct(r.long_max_loss_mean)
            ),
            format!(
                "{}/{}",
                pct(r.short_max_gain_mean),
                pct(r.short_max_loss_mean)
            ),
        );
    }
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

/// The article's claim beside our numbers.
pub fn render_replication(rows: &[Replication]) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "IWM vs QQQ, spread ≥ 4 %, events before 2024-07-11\n\n{:<24} {:<16} {:>5} {:>8} {:>8} {:>8} {:>8}",
        "horizons", "events", "n", "IWM 3M", "IWM 12M", "QQQ 3M", "QQQ 12M"
    );
    let _ = writeln!(
        o,
        "{:<24} {:<16} {:>5} {:>8} {:>8} {:>8} {:>8}",
        "the article",
        "all",
        CLAIM.events,
        pct(Some(CLAIM.long_3m)),
        pct(Some(CLAIM.long_12m)),
        pct(Some(CLAIM.short_3m)),
        pct(Some(CLAIM.short_12m))
    );
    for r in rows {
        let _ = writeln!(
            o,
            "{:<24} {:<16} {:>5} {:>8} {:>8} {:>8} {:>8}",
            r.horizons,
            r.events,
            format!("{}/{}", r.n_3m, r.n_12m),
            pct(r.long_3m),
            pct(r.long_12m),
            pct(r.short_3m),
            pct(r.short_12m)
        );
    }
    let _ = writeln!(o, "\n{}", why_they_differ(rows));
    o
}
