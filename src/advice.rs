//! The article's advice in plain words: did its picks beat the rest after the events once the
//! number of ETFs tested is accounted for, and what following the call would have earned.
//! Pure functions of the engine's results, so they are tested natively.

use equalizer_engine::HorizonUnit;
use equalizer_engine::article::{PICK_SECTORS, PICKS, PICKS_NOT_IN_DATA};
use equalizer_engine::study::cross::{CrossRow, CrossSection};
use equalizer_engine::study::follow::Follow;
use equalizer_engine::study::significance::Figure;
use equalizer_engine::study::{EntryLag, MIN_EPISODES};

use crate::format::{entry_close, pct};

/// Below this adjusted p, an edge counts as more than chance across the family of ETFs.
pub const ADJUSTED_ALPHA: f64 = 0.05;

/// Whether an adjusted p marks a result as beyond chance (a ★, bold, "did better than chance"):
/// below [`ADJUSTED_ALPHA`], and only if the family's adjustment (`figure`: the sweep's or the
/// cross-section's) passed the calibration ([`crate::calibration::speaks`]).
pub fn beyond_chance(adjusted_p: Option<f64>, figure: Figure) -> bool {
    crate::calibration::speaks(figure) && adjusted_p.is_some_and(|p| p < ADJUSTED_ALPHA)
}

/// Whether `ticker` is one of the article's picks.
pub fn is_pick(ticker: &str) -> bool {
    PICKS.contains(&ticker)
}

/// "IWM (small caps), XLRE (REITs), …": the article's picks that the data holds.
pub fn picks_named() -> String {
    PICKS
        .iter()
        .zip(PICK_SECTORS)
        .map(|(t, s)| format!("{t} ({s})"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "homebuilders: not in the data": the picks no bundled ETF stands for.
pub fn missing_picks() -> String {
    PICKS_NOT_IN_DATA
        .iter()
        .map(|p| format!("{p}: not in the data"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The cross-section's rows at horizon `h`.
pub fn at(cross: &CrossSection, h: usize) -> impl Iterator<Item = &CrossRow> {
    cross.rows.iter().filter(move |r| r.horizon == h)
}

/// "IWM and XLF", "IWM, XLF and XLY".
fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Mean of the edges of `rows` that have one.
fn mean_edge<'a>(rows: impl Iterator<Item = &'a CrossRow>) -> Option<f64> {
    let edges: Vec<f64> = rows.filter_map(|r| r.edge).collect();
    (!edges.is_empty()).then(|| edges.iter().sum::<f64>() / edges.len() as f64)
}

/// One plain sentence: did the article's picks beat the rest at horizon `h` once chance and
/// the number of ETFs tested are accounted for? The averages take the ETFs whose events form
/// at least [`MIN_EPISODES`] separate episodes (the others are named as left out), so one short
/// history cannot carry them.
pub fn picks_sentence(cross: &CrossSection, h: usize, unit: HorizonUnit) -> String {
    let label = unit.label(h);
    let rows: Vec<&CrossRow> = at(cross, h).filter(|r| r.edge.is_some()).collect();
    // Enough episodes for an interval: the study's n/a rule.
    let (solid, thin): (Vec<&CrossRow>, Vec<&CrossRow>) =
        rows.iter().partition(|r| r.edge_ci.is_some());
    let (picks, rest): (Vec<&CrossRow>, Vec<&CrossRow>) =
        solid.iter().partition(|r| is_pick(&r.ticker));
    let names =
        |rows: &[&CrossRow]| and_list(&rows.iter().map(|r| r.ticker.as_str()).collect::<Vec<_>>());
    let left_out = if thin.is_empty() {
        String::new()
    } else {
        format!(
            " ({} left out: fewer than {MIN_EPISODES} separate episodes)",
            names(&thin)
        )
    };
    let (Some(picks_edge), Some(rest_edge)) = (
        mean_edge(picks.iter().copied()),
        mean_edge(rest.iter().copied()),
    ) else {
        return format!(
            "At {label}, the picks cannot be compared with the rest: too few separate episodes \
             have a complete window{left_out}."
        );
    };
    let comparison = format!(
        "At {label} after these days, the article's picks ({}) returned {} more than after an \
         ordinary day on average, the other {} ETFs {}{left_out}",
        names(&picks),
        pct(picks_edge, 1),
        rest.len(),
        pct(rest_edge, 1)
    );
    let tested = rows.iter().filter(|r| r.adjusted_p.is_some()).count();
    if tested == 0 {
        return format!(
            "{comparison}; whether that is more than chance is n/a: no ETF could be tested."
        );
    }
    let beyond = |sign: f64| -> Vec<&str> {
        rows.iter()
            .filter(|r| {
                r.edge.is_some_and(|e| e * sign > 0.0)
                    && beyond_chance(r.adjusted_p, Figure::CrossAdjusted)
            })
            .map(|r| r.ticker.as_str())
            .collect()
    };
    let (better, worse) = (beyond(1.0), beyond(-1.0));
    let (picks_better, rest_better): (Vec<&str>, Vec<&str>) =
        better.iter().partition(|t| is_pick(t));
    let mut verdict = format!("after adjusting for testing {tested} ETFs at once, ");
    verdict.push_str(&match (picks_better.is_empty(), rest_better.is_empty()) {
        (true, true) => "none did better than chance would explain".to_owned(),
        (false, true) => format!(
            "only {} of the picks did better than chance would explain",
            and_list(&picks_better)
        ),
        (true, false) => format!(
            "none of the picks did better than chance would explain, while {} (not picked) did",
            and_list(&rest_better)
        ),
        (false, false) => format!(
            "{} of the picks and {} (not picked) did better than chance would explain",
            and_list(&picks_better),
            and_list(&rest_better)
        ),
    });
    if !worse.is_empty() {
        verdict.push_str(&format!(
            "; {} did worse than chance would explain",
            and_list(&worse)
        ));
    }
    format!("{comparison}; {verdict}.")
}

/// What the break-even cost per switch says (the engine's figure compares the strategy
/// before costs with the benchmark).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BreakEven {
    /// No event led to a switch: the strategy was the benchmark.
    NoSwitch,
    /// Behind the benchmark even before costs: no cost makes it break even.
    NeverAhead,
    /// Costs above this many basis points per switch erase its lead.
    At(f64),
}

/// The one reading of the simulation's break-even cost, for its sentence and its figures.
pub fn break_even(f: &Follow) -> BreakEven {
    match f.break_even_cost_bps {
        None => BreakEven::NoSwitch,
        Some(b) if b <= 0.0 => BreakEven::NeverAhead,
        Some(b) => BreakEven::At(b),
    }
}

/// What the follow simulation would have earned, in two or three sentences.
pub fn follow_sentence(
    f: &Follow,
    basket: &[String],
    bench: &str,
    hold: usize,
    lag: EntryLag,
    cost_bps: f64,
) -> String {
    let members = and_list(&basket.iter().map(String::as_str).collect::<Vec<_>>());
    let value = |total: f64| format!("{:.2}", 1.0 + total);
    let a_year =
        |cagr: Option<f64>| cagr.map_or_else(String::new, |c| format!(" ({} a year)", pct(c, 1)));
    let cost = crate::format::threshold_text(cost_bps);
    let mut text = format!(
        "Buying {members} after each event (at {}), holding them {hold} trading days and \
         {bench} the rest of the time, at {cost} bp per switch, turned 1 into {}{} from {} to {}; \
         {bench} held throughout turned it into {}{}.",
        entry_close(lag),
        value(f.strategy.path.total_return),
        a_year(f.strategy.path.cagr),
        f.first,
        f.last,
        value(f.benchmark.total_return),
        a_year(f.benchmark.cagr),
    );
    text.push(' ');
    text.push_str(&placebo_words(f));
    match break_even(f) {
        BreakEven::At(b) if f.excess_total_return > 0.0 => text.push_str(&format!(
            " Costs above {b:.0} bp per switch would have erased the difference."
        )),
        BreakEven::At(b) => text.push_str(&format!(
            " Before costs it was ahead; costs above {b:.0} bp per switch erase that lead."
        )),
        BreakEven::NeverAhead => {
            text.push_str(&format!(" It was never ahead of {bench}, at any cost."));
        }
        BreakEven::NoSwitch => {
            text.push_str(" No event led to a switch, so the strategy was the benchmark.");
        }
    }
    if lag == EntryLag::ZERO {
        text.push_str(
            " Lag 0 buys at the close that made the event, before anyone could know it: set \
             the entry lag below to 1 for what a reader could have done.",
        );
    }
    text
}

/// The strategy's yardstick: its own windows placed at random (every circular shift of the
/// calendar, [`Follow::placebo`]): "The same windows placed at random (6,596 shifts in time)
/// turned 1 into 8.63 on the median (5–95 %: 7.15–10.40); the call beat 5,584 of them
/// (p = 0.154)." The figures under the chart show the same numbers, formatted alike.
pub fn placebo_words(f: &Follow) -> String {
    match &f.placebo {
        Some(p) => format!(
            "The same windows placed at random ({} shifts in time) turned 1 into {:.2} on the \
             median (5–95 %: {:.2}–{:.2}); the call beat {} of them ({}).",
            crate::format::count(p.shifts),
            p.median,
            p.low,
            p.high,
            crate::format::count(p.beat()),
            crate::format::p_value(p.p)
        ),
        None => "No placebo to compare with: no window, too few days, or returns no logarithm \
                 can take."
            .to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use equalizer_engine::stats::bootstrap::Interval;

    use super::*;
    use crate::charts::models::cross_model;

    fn row(ticker: &str, h: usize, edge: Option<f64>, adjusted_p: Option<f64>) -> CrossRow {
        CrossRow {
            ticker: ticker.to_owned(),
            horizon: h,
            count: 10,
            mean: edge.map(|e| e + 0.01),
            median: None,
            hit_rate: None,
            baseline_mean: Some(0.01),
            edge,
            edge_ci: edge.map(|e| Interval(e - 0.02, e + 0.02)),
            placebo_shift_p: adjusted_p.map(|p| p / 2.0),
            adjusted_p,
            bh_q: adjusted_p,
        }
    }

    fn cross(rows: Vec<CrossRow>) -> CrossSection {
        CrossSection {
            event_count: 10,
            placebo_sets: vec![100],
            rows,
        }
    }

    #[test]
    fn the_chart_ranks_edges_and_flags_the_picks() {
        let c = cross(vec![
            row("SPY", 63, Some(0.01), Some(0.5)),
            row("IWM", 63, Some(0.03), Some(0.01)),
            row("XLE", 63, None, None),
            row("XLF", 21, Some(0.09), Some(0.01)),
        ]);
        let m = cross_model(&c, 63, HorizonUnit::Days);
        assert_eq!(m.horizon, "3M");
        let got: Vec<(&str, f64, bool)> = m
            .bars
            .iter()
            .map(|b| (b.ticker.as_str(), b.edge, b.pick))
            .collect();
        assert_eq!(got, [("IWM", 0.03, true), ("SPY", 0.01, false)]);
        assert_eq!(m.bars[0].interval, Some((0.03 - 0.02, 0.03 + 0.02)));
    }

    #[test]
    fn the_sentence_names_who_beat_chance_after_adjustment() {
        let mut thin = row("XLRE", 63, Some(0.20), None);
        thin.edge_ci = None;
        let c = cross(vec![
            row("IWM", 63, Some(0.04), Some(0.01)),
            row("XLF", 63, Some(0.02), Some(0.30)),
            thin,
            row("XLE", 63, Some(-0.01), Some(0.02)),
            row("SPY", 63, Some(0.03), Some(0.04)),
            row("XLK", 63, None, None),
        ]);
        assert_eq!(
            picks_sentence(&c, 63, HorizonUnit::Days),
            "At 3M after these days, the article's picks (IWM and XLF) returned +3.0 % more than \
             after an ordinary day on average, the other 2 ETFs +1.0 % (XLRE left out: fewer than \
             3 separate episodes); after adjusting for testing 4 ETFs at once, IWM of the picks \
             and SPY (not picked) did better than chance would explain; XLE did worse than \
             chance would explain."
        );
        let none = cross(vec![
            row("IWM", 63, Some(0.04), Some(0.2)),
            row("SPY", 63, Some(0.03), Some(0.3)),
        ]);
        assert!(
            picks_sentence(&none, 63, HorizonUnit::Days)
                .ends_with("none did better than chance would explain.")
        );
        let untested = cross(vec![
            row("IWM", 63, Some(0.04), None),
            row("SPY", 63, Some(0.03), None),
        ]);
        assert!(picks_sentence(&untested, 63, HorizonUnit::Days).contains("n/a"));
        assert!(picks_sentence(&untested, 252, HorizonUnit::Days).contains("cannot be compared"));
        assert_eq!(missing_picks(), "homebuilders: not in the data");
        assert_eq!(
            picks_named(),
            "IWM (small caps), XLRE (REITs), XLF (financials), XLY (discretionary)"
        );
    }
}
