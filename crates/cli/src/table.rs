//! Plain-text tables for a study.

use std::fmt::Write as _;

use equalizer_engine::Study;
use equalizer_engine::study::horizon_label;

fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "—".into(), |v| format!("{:+.2}%", v * 100.0))
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
            format!("{} {}/{}", horizon_label(row.horizon), s.long, s.short)
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
            horizon_label(r.horizon),
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
        "\nn: events with a complete window; inc: events whose window runs past the data; \
         hit: share of events with a gain; base: mean over every eligible day; edge: pair mean − base pair mean."
    );
    o
}
