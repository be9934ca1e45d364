//! Summary table: one row per horizon.

use equalizer_engine::Study;
use equalizer_engine::study::{HorizonSummary, horizon_label};
use leptos::prelude::*;

use crate::format::{opt_pct, opt_share};
use crate::shared::Shared;

/// How a summary cell is shown.
#[derive(Clone, Copy)]
enum Kind {
    Pct,
    Share,
}

/// Reads one statistic from a summary row.
type Field = fn(&HorizonSummary) -> Option<f64>;

/// The columns: CLI JSON field name, header, how to show it, and how to read it from a row.
const COLUMNS: [(&str, &str, Kind, Field); 11] = [
    ("long_mean", "mean", Kind::Pct, |r| r.long_mean),
    ("long_median", "median", Kind::Pct, |r| r.long_median),
    ("long_hit_rate", "hit", Kind::Share, |r| r.long_hit_rate),
    ("short_mean", "mean", Kind::Pct, |r| r.short_mean),
    ("short_median", "median", Kind::Pct, |r| r.short_median),
    ("short_hit_rate", "hit", Kind::Share, |r| r.short_hit_rate),
    ("pair_mean", "mean", Kind::Pct, |r| r.pair_mean),
    ("pair_median", "median", Kind::Pct, |r| r.pair_median),
    ("pair_hit_rate", "hit", Kind::Share, |r| r.pair_hit_rate),
    ("baseline_long_mean", "long", Kind::Pct, |r| {
        r.baseline_long_mean
    }),
    ("baseline_short_mean", "short", Kind::Pct, |r| {
        r.baseline_short_mean
    }),
];

/// One number cell with the machine-readable value beside the shown one.
fn cell(field: &'static str, value: Option<f64>, kind: Kind) -> impl IntoView {
    let shown = match kind {
        Kind::Pct => opt_pct(value, 2),
        Kind::Share => opt_share(value),
    };
    let data = value.map_or_else(String::new, |v| v.to_string());
    view! { <td class="num" data-field=field data-value=data>{shown}</td> }
}

/// Count, mean, median and hit rate of long, short and pair per horizon, the baseline means and
/// the pair's edge. Every number cell carries `data-field` and the full-precision `data-value`.
#[component]
pub fn SummaryTable(
    /// The current study.
    study: Memo<Option<Shared<Study>>>,
) -> impl IntoView {
    move || {
        study.get().map(|s| {
            let rows = s
                .summary
                .iter()
                .map(|r| {
                    let cells = COLUMNS.iter().map(|(f, _, k, get)| cell(f, get(r), *k)).collect_view();
                    view! {
                        <tr data-horizon=r.horizon>
                            <th scope="row">{horizon_label(r.horizon)}<span class="sub">{format!(" {}d", r.horizon)}</span></th>
                            <td class="num" data-field="count" data-value=r.count.to_string()>
                                {r.count}
                                {(r.incomplete > 0).then(|| view! { <span class="sub" title="events whose window runs past the data">{format!(" (+{} open)", r.incomplete)}</span> })}
                            </td>
                            {cells}
                            {cell("pair_edge", r.pair_edge, Kind::Pct)}
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table class="summary" data-testid="summary">
                    <caption>"What followed the events, per horizon (trading days after the event close)"</caption>
                    <thead>
                        <tr>
                            <th rowspan="2">"Horizon"</th>
                            <th rowspan="2" title="events with a complete forward window">"N"</th>
                            <th colspan="3" class="long">{s.long.clone()}</th>
                            <th colspan="3" class="short">{s.short.clone()}</th>
                            <th colspan="3" class="pair" title="long minus short">"Pair"</th>
                            <th colspan="2" title="the same forward returns from every day in the range">"Baseline mean"</th>
                            <th rowspan="2" title="pair mean minus baseline pair mean">"Edge"</th>
                        </tr>
                        <tr>
                            {COLUMNS.iter().map(|(_, h, _, _)| view! { <th>{*h}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
                <p class="footnote">
                    "Mean and median of the forward return after each event; hit: share of events with a gain; "
                    "pair: long minus short; baseline: the average over every day in the range, so edge is what the "
                    "events added. Events whose window runs past the data are left out of that horizon (\"open\")."
                </p>
            }
        })
    }
}
