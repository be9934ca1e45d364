//! Events table: each event day and what followed.

use equalizer_engine::study::Event;
use equalizer_engine::{Date, Study};
use leptos::prelude::*;

use crate::format::{opt_pct, pct};
use crate::shared::Shared;

/// A sortable column: the date, a day return, or a forward return (horizon position, leg).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Column {
    Date,
    Long,
    Short,
    Spread,
    Forward(usize, bool),
}

/// The sort key of an event in a column (incomplete windows sort last).
fn key(e: &Event, c: Column) -> f64 {
    match c {
        Column::Date => f64::from(e.date.days()),
        Column::Long => e.long_return,
        Column::Short => e.short_return,
        Column::Spread => e.spread,
        Column::Forward(k, long) => e
            .forward
            .0
            .get(k)
            .and_then(|(_, f)| *f)
            .map_or(f64::NAN, |f| if long { f.long } else { f.short }),
    }
}

/// A header cell that sorts by its column: first click descending, second ascending.
fn sort_header(
    label: String,
    column: Column,
    sort: RwSignal<(Column, bool)>,
    class: &'static str,
) -> impl IntoView {
    let state = move || {
        let (c, desc) = sort.get();
        if c != column {
            "none"
        } else if desc {
            "descending"
        } else {
            "ascending"
        }
    };
    view! {
        <th class=class aria-sort=state>
            <button type="button" class="sort" on:click=move |_| sort.update(|(c, desc)| {
                *desc = if *c == column { !*desc } else { true };
                *c = column;
            })>{label}</button>
        </th>
    }
}

/// Date, both legs' returns and the spread on each event day, then each horizon's forward
/// returns; an incomplete window shows "—". Every column sorts (click or Enter on its header).
#[component]
pub fn EventsTable(
    /// The current study.
    study: Memo<Option<Shared<Study>>>,
    /// The event picked on the spread chart: its row is highlighted and scrolled into view.
    selected: RwSignal<Option<Date>>,
) -> impl IntoView {
    let sort = RwSignal::new((Column::Date, true));
    // Scrolling is a DOM effect; it writes no signal.
    Effect::new(move |_| {
        let Some(d) = selected.get() else { return };
        let row = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|doc| {
                doc.query_selector(&format!("table.events tr[data-date=\"{d}\"]"))
                    .ok()
                    .flatten()
            });
        if let Some(row) = row {
            let opts = web_sys::ScrollIntoViewOptions::new();
            opts.set_block(web_sys::ScrollLogicalPosition::Center);
            row.scroll_into_view_with_scroll_into_view_options(&opts);
        }
    });
    move || {
        study.get().map(|s| {
            let horizons: Vec<usize> = s.summary.iter().map(|r| r.horizon).collect();
            let head = horizons
                .iter()
                .map(|h| view! { <th colspan="2">{s.horizon_unit.label(*h)}</th> })
                .collect_view();
            let sub = (0..horizons.len())
                .map(|k| {
                    view! {
                        {sort_header(s.long.clone(), Column::Forward(k, true), sort, "long")}
                        {sort_header(s.short.clone(), Column::Forward(k, false), sort, "short")}
                    }
                })
                .collect_view();
            let study_for_rows = s.clone();
            let rows = move || {
                let (column, desc) = sort.get();
                let mut order: Vec<&Event> = study_for_rows.events.iter().collect();
                // Stable sort; NaN (incomplete) last in both directions.
                order.sort_by(|a, b| {
                    let (x, y) = (key(a, column), key(b, column));
                    match (x.is_nan(), y.is_nan()) {
                        (true, false) => std::cmp::Ordering::Greater,
                        (false, true) => std::cmp::Ordering::Less,
                        _ if desc => y.total_cmp(&x),
                        _ => x.total_cmp(&y),
                    }
                });
                order.into_iter().map(|e| {
                    let date = e.date;
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
                        <tr data-date=e.date.to_string() class:selected=move || selected.get() == Some(date)
                            aria-current=move || (selected.get() == Some(date)).then_some("true")>
                            <th scope="row">{e.date.to_string()}</th>
                            <td class="num">{pct(e.long_return, 2)}</td>
                            <td class="num">{pct(e.short_return, 2)}</td>
                            <td class="num">{pct(e.spread, 2)}</td>
                            {fwd}
                        </tr>
                    }
                }).collect_view()
            };
            view! {
                <table class="events" data-testid="events">
                    <caption>{format!("{} events; click a column heading to sort", s.event_count)}</caption>
                    <thead>
                        <tr>
                            {sort_header("Date".into(), Column::Date, sort, "")}
                            {sort_header(s.long.clone(), Column::Long, sort, "long")}
                            {sort_header(s.short.clone(), Column::Short, sort, "short")}
                            {sort_header("Spread".into(), Column::Spread, sort, "")}
                            {head}
                        </tr>
                        <tr><th colspan="4"></th>{sub}</tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        })
    }
}
