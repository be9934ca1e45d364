//! Events table: each event day and what followed.

use equalizer_engine::Study;
use leptos::prelude::*;

use crate::format::{opt_pct, pct};
use crate::shared::Shared;

/// Date, both legs' returns and the spread on each event day, then each horizon's forward
/// returns; an incomplete window shows "—".
#[component]
pub fn EventsTable(
    /// The current study.
    study: Memo<Option<Shared<Study>>>,
) -> impl IntoView {
    move || {
        study.get().map(|s| {
            let horizons: Vec<usize> = s.summary.iter().map(|r| r.horizon).collect();
            let head = horizons
                .iter()
                .map(|h| view! { <th colspan="2">{s.horizon_unit.label(*h)}</th> })
                .collect_view();
            let sub = horizons
                .iter()
                .map(|_| view! { <th class="long">{s.long.clone()}</th><th class="short">{s.short.clone()}</th> })
                .collect_view();
            let rows = s
                .events
                .iter()
                .rev()
                .map(|e| {
                    let fwd = e
                        .forward
                        .0
                        .iter()
                        .map(|(_, f)| {
                            view! {
                                <td class="num">{opt_pct(f.map(|f| f.long), 1)}</td>
                                <td class="num">{opt_pct(f.map(|f| f.short), 1)}</td>
                            }
                        })
                        .collect_view();
                    view! {
                        <tr data-date=e.date.to_string()>
                            <th scope="row">{e.date.to_string()}</th>
                            <td class="num">{pct(e.long_return, 2)}</td>
                            <td class="num">{pct(e.short_return, 2)}</td>
                            <td class="num">{pct(e.spread, 2)}</td>
                            {fwd}
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table class="events" data-testid="events">
                    <caption>{format!("{} events, newest first", s.event_count)}</caption>
                    <thead>
                        <tr>
                            <th rowspan="2">"Date"</th>
                            <th rowspan="2" class="long">{s.long.clone()}</th>
                            <th rowspan="2" class="short">{s.short.clone()}</th>
                            <th rowspan="2">"Spread"</th>
                            {head}
                        </tr>
                        <tr>{sub}</tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        })
    }
}
