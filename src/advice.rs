//! The article's advice in plain words: did its picks beat the rest after the events once the
//! number of ETFs tested is accounted for, and what following the call would have earned.
//! Pure functions of the engine's results, so they are tested natively.

use equalizer_engine::HorizonUnit;
use equalizer_engine::article::{PICKS, PICKS_NOT_IN_DATA};
use equalizer_engine::study::EntryLag;
use equalizer_engine::study::cross::{CrossRow, CrossSection};
use equalizer_engine::study::follow::Follow;

use crate::format::{entry_close, pct};

/// Below this adjusted p, an edge counts as more than chance across the family of ETFs.
pub const ADJUSTED_ALPHA: f64 = 0.05;

/// Whether `ticker` is one of the article's picks.
pub fn is_pick(ticker: &str) -> bool {
    PICKS.contains(&ticker)
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

/// Whether a row's edge is positive and beyond chance after adjustment.
fn beats_after_adjustment(r: &CrossRow) -> bool {
    r.edge.is_some_and(|e| e > 0.0) && r.adjusted_p.is_some_and(|p| p < ADJUSTED_ALPHA)
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
/// the number of ETFs tested are accounted for?
pub fn picks_sentence(cross: &CrossSection, h: usize, unit: HorizonUnit) -> String {
    let label = unit.label(h);
    let rows: Vec<&CrossRow> = at(cross, h).collect();
    let (picks, rest): (Vec<&CrossRow>, Vec<&CrossRow>) =
        rows.iter().partition(|r| is_pick(&r.ticker));
    let (Some(picks_edge), Some(rest_edge)) = (
        mean_edge(picks.iter().copied()),
        mean_edge(rest.iter().copied()),
    ) else {
        return format!(
            "At {label}, the picks cannot be compared with the rest: too few events have a \
             complete window."
        );
    };
    let tested = rows.iter().filter(|r| r.adjusted_p.is_some()).count();
    let comparison = format!(
        "At {label} after these days, the article's picks returned {} more than after an \
         ordinary day on average, the other {} ETFs {}",
        pct(picks_edge, 1),
        rest.len(),
        pct(rest_edge, 1)
    );
    if tested == 0 {
        return format!(
            "{comparison}; whether that is more than chance is n/a: the events form fewer than \
             three distinct episodes."
        );
    }
    let winners = |rows: &[&CrossRow]| -> Vec<String> {
        rows.iter()
            .filter(|r| beats_after_adjustment(r))
            .map(|r| r.ticker.clone())
            .collect()
    };
    let (picks_won, rest_won) = (winners(&picks), winners(&rest));
    let as_str = |v: &[String]| and_list(&v.iter().map(String::as_str).collect::<Vec<_>>());
    let verdict = match (picks_won.is_empty(), rest_won.is_empty()) {
        (true, true) => format!(
            "after adjusting for testing {tested} ETFs at once, none of them did better than \
             chance would explain"
        ),
        (false, true) => format!(
            "after adjusting for testing {tested} ETFs at once, only {} of the picks did better \
             than chance would explain",
            as_str(&picks_won)
        ),
        (true, false) => format!(
            "after adjusting for testing {tested} ETFs at once, none of the picks did better \
             than chance would explain, while {} (not picked) did",
            as_str(&rest_won)
        ),
        (false, false) => format!(
            "after adjusting for testing {tested} ETFs at once, {} of the picks and {} (not \
             picked) did better than chance would explain",
            as_str(&picks_won),
            as_str(&rest_won)
        ),
    };
    format!("{comparison}; {verdict}.")
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
        "Buying {members} at {} after each event, holding {hold} trading days and {bench} the \
         rest of the time, at {cost} bp per switch, turned 1 into {}{} from {} to {}; {bench} \
         held throughout turned it into {}{}.",
        entry_close(lag),
        value(f.strategy.path.total_return),
        a_year(f.strategy.path.cagr),
        f.first,
        f.last,
        value(f.benchmark.total_return),
        a_year(f.benchmark.cagr),
    );
    match f.break_even_cost_bps {
        Some(b) if f.excess_total_return > 0.0 => text.push_str(&format!(
            " Costs above {b:.0} bp per switch would have erased the difference."
        )),
        None => text.push_str(" No event led to a switch, so the strategy was the benchmark."),
        _ => {}
    }
    if lag == EntryLag::ZERO {
        text.push_str(
            " Lag 0 buys at the close that made the event, before anyone could know it: set \
             the lag to 1 for what a reader could have done.",
        );
    }
    text
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
            placebo_p: adjusted_p.map(|p| p / 2.0),
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
        let c = cross(vec![
            row("IWM", 63, Some(0.04), Some(0.01)),
            row("XLF", 63, Some(0.02), Some(0.30)),
            row("XLE", 63, Some(-0.01), Some(0.02)),
            row("SPY", 63, Some(0.03), Some(0.04)),
        ]);
        assert_eq!(
            picks_sentence(&c, 63, HorizonUnit::Days),
            "At 3M after these days, the article's picks returned +3.0 % more than after an \
             ordinary day on average, the other 2 ETFs +1.0 %; after adjusting for testing 4 ETFs \
             at once, IWM of the picks and SPY (not picked) did better than chance would explain."
        );
        let none = cross(vec![
            row("IWM", 63, Some(0.04), Some(0.2)),
            row("SPY", 63, Some(0.03), Some(0.3)),
        ]);
        assert!(
            picks_sentence(&none, 63, HorizonUnit::Days)
                .ends_with("none of them did better than chance would explain.")
        );
        let thin = cross(vec![
            row("IWM", 63, Some(0.04), None),
            row("SPY", 63, Some(0.03), None),
        ]);
        assert!(picks_sentence(&thin, 63, HorizonUnit::Days).contains("n/a"));
        assert!(picks_sentence(&thin, 252, HorizonUnit::Days).contains("cannot be compared"));
        assert_eq!(missing_picks(), "homebuilders: not in the data");
    }
}
