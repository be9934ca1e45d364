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
    Z,
    Episode,
    Forward(usize, Series),
}

/// Which forward return a column shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Series {
    Long,
    Short,
    Pair,
}

/// The sort key of an event in a column (incomplete windows sort last).
fn key(e: &Event, c: Column) -> f64 {
    match c {
        Column::Date => f64::from(e.date.days()),
        Column::Long => e.long_return,
        Column::Short => e.short_return,
        Column::Spread => e.spread,
        Column::Z => e.z.unwrap_or(f64::NAN),
        Column::Episode => e.episode.map_or(f64::NAN, |k| k as f64),
        Column::Forward(k, series) => {
            e.forward
                .0
                .get(k)
                .and_then(|(_, f)| *f)
                .map_or(f64::NAN, |f| match series {
                    Series::Long => f.long,
                    Series::Short => f.short,
                    Series::Pair => f.pair,
                })
        }
    }
}

/// A header cell that sorts by its column: first click descending, second ascending. `name`
/// says what the button does ("Sort by IWM return over 3M"), where the visible label alone
/// would repeat ("IWM" under every horizon).
fn sort_header(
    label: String,
    name: String,
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
            <button type="button" class="sort" aria-label=name on:click=move |_| sort.update(|(c, desc)| {
                *desc = if *c == column { !*desc } else { true };
                *c = column;
            })>{label}</button>
        </th>
    }
}

/// Date, both legs' returns, the spread and its z (σ, "—" before a full year of data) on each
/// event day, then each horizon's forward returns; an incomplete window shows "—". Every column sorts (click or Enter on its header).
#[component]
pub fn EventsTable(
    /// The current study.
    study: Memo<Option<Shared<Study>>>,
    /// The event picked on the spread chart: its row is highlighted and scrolled into view.
    selected: RwSignal<Option<Date>>,
) -> impl IntoView {
    let sort = RwSignal::new((Column::Date, true));
    // Rows are keyed by everything they show, so a threshold change keeps the rows of events
    // that stay and only builds the new ones.
    let rows = Memo::new(move |_| {
        let (column, desc) = sort.get();
        study.with(|s| {
            s.as_ref()
                .map(|s| sorted(&s.events, column, desc))
                .unwrap_or_default()
        })
    });
    let wrap = NodeRef::<leptos::html::Div>::new();
    // Scrolling is a DOM effect; it writes no signal. Its value is the date it last brought
    // into view. A table far from the screen has not caught up yet: the effect scrolls to the
    // table, which then catches up (its rows change) and the effect finds the row.
    Effect::new(move |scrolled_to: Option<Option<Date>>| {
        let d = selected.get()?;
        rows.track();
        if scrolled_to.flatten() == Some(d) {
            return Some(d);
        }
        // A picked event opens the table it is in (the reader asked to see that row).
        if let Some(fold) = wrap
            .get_untracked()
            .and_then(|w| w.closest("details").ok().flatten())
        {
            let _ = fold.set_attribute("open", "");
        }
        let opts = web_sys::ScrollIntoViewOptions::new();
        opts.set_block(web_sys::ScrollLogicalPosition::Center);
        let row = wrap.get_untracked().and_then(|w| {
            w.query_selector(&format!("tr[data-date=\"{d}\"]"))
                .ok()
                .flatten()
        });
        match row {
            Some(row) => {
                row.scroll_into_view_with_scroll_into_view_options(&opts);
                Some(d)
            }
            None => {
                if let Some(w) = wrap.get_untracked() {
                    w.scroll_into_view_with_scroll_into_view_options(&opts);
                }
                None
            }
        }
    });
    let caption = move || {
        study.with(|s| {
            s.as_ref()
                .map(|s| format!("{} events; click a column heading to sort", s.event_count))
        })
    };
    let head = move || {
        study.get().map(|s| {
            let horizons: Vec<usize> = s.summary.iter().map(|r| r.horizon).collect();
            let head = horizons
                .iter()
                .map(|h| view! { <th colspan="3" scope="colgroup">{s.horizon_unit.label(*h)}</th> })
                .collect_view();
            let sub = horizons
                .iter()
                .enumerate()
                .map(|(k, h)| {
                    let over = |leg: &str| format!("Sort by {leg} return over {}", s.horizon_unit.label(*h));
                    view! {
                        {sort_header(s.long.clone(), over(&s.long), Column::Forward(k, Series::Long), sort, "long")}
                        {sort_header(s.short.clone(), over(&s.short), Column::Forward(k, Series::Short), sort, "short")}
                        {sort_header("pair".into(), over("pair"), Column::Forward(k, Series::Pair), sort, "pair")}
                    }
                })
                .collect_view();
            view! {
                <tr>
                    {sort_header("Date".into(), "Sort by date".into(), Column::Date, sort, "")}
                    {sort_header(s.long.clone(), format!("Sort by {} return on the event day", s.long), Column::Long, sort, "long")}
                    {sort_header(s.short.clone(), format!("Sort by {} return on the event day", s.short), Column::Short, sort, "short")}
                    {sort_header("Spread".into(), "Sort by spread".into(), Column::Spread, sort, "")}
                    {sort_header("z (σ)".into(), "Sort by z (spread in standard deviations)".into(), Column::Z, sort, "")}
                    {sort_header("Episode".into(), "Sort by episode".into(), Column::Episode, sort, "")}
                    {head}
                </tr>
                <tr><th colspan="6"></th>{sub}</tr>
            }
        })
    };
    view! {
        <div node_ref=wrap>
        <Show when=move || study.with(Option::is_some)>
            <table class="events" data-testid="events">
                <caption>{caption}</caption>
                <thead>{head}</thead>
                <tbody>
                    <For each=move || rows.get() key=row_key children=move |e| row_view(&e, selected) />
                </tbody>
            </table>
        </Show>
        </div>
    }
}

/// The events in the table's order: stable sort by `column`; NaN (incomplete) last both ways.
fn sorted(events: &[Event], column: Column, desc: bool) -> Vec<Event> {
    let mut order: Vec<Event> = events.to_vec();
    order.sort_by(|a, b| {
        let (x, y) = (key(a, column), key(b, column));
        match (x.is_nan(), y.is_nan()) {
            (true, false) => std::cmp::Ordering::Greater,
            (false, true) => std::cmp::Ordering::Less,
            _ if desc => y.total_cmp(&x),
            _ => x.total_cmp(&y),
        }
    });
    order
}

/// Everything a row shows: its date and the bits of each number (an incomplete window as
/// NaN), so a kept row never shows stale values.
fn row_key(e: &Event) -> (Date, Vec<u64>) {
    let mut bits = vec![
        e.long_return.to_bits(),
        e.short_return.to_bits(),
        e.spread.to_bits(),
        e.z.unwrap_or(f64::NAN).to_bits(),
        e.episode.map_or(u64::MAX, |k| k as u64),
    ];
    for (_, f) in &e.forward.0 {
        bits.push(f.map_or(f64::NAN, |f| f.long).to_bits());
        bits.push(f.map_or(f64::NAN, |f| f.short).to_bits());
        bits.push(f.map_or(f64::NAN, |f| f.pair).to_bits());
    }
    (e.date, bits)
}

/// One event's row; it is highlighted while it is the picked event.
fn row_view(e: &Event, selected: RwSignal<Option<Date>>) -> impl IntoView + use<> {
    let date = e.date;
    let fwd = e
        .forward
        .0
        .iter()
        .map(|(_, f)| {
            view! {
                <td class="num">{opt_pct(f.map(|f| f.long), 1)}</td>
                <td class="num">{opt_pct(f.map(|f| f.short), 1)}</td>
                <td class="num">{opt_pct(f.map(|f| f.pair), 1)}</td>
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
            <td class="num" data-field="z" data-value=e.z.map(|z| z.to_string())>{e.z.map_or_else(|| "\u{2014}".to_owned(), |z| format!("{z:.2}"))}</td>
            <td class="num" data-field="episode" data-value=e.episode.map(|k| k.to_string())
                title="events whose windows overlap belong to one episode">
                {e.episode.map_or_else(|| "\u{2014}".to_owned(), |k| k.to_string())}
            </td>
            {fwd}
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use equalizer_engine::study::{ByHorizon, Forward};

    fn event(day: i32, fwd_long: Option<f64>) -> Event {
        Event {
            index: 7,
            date: Date::from_days(day),
            long_return: 0.03,
            short_return: -0.02,
            spread: 0.05,
            z: None,
            episode: None,
            forward: ByHorizon(vec![(
                21,
                fwd_long.map(|long| Forward {
                    long,
                    short: 0.01,
                    pair: long - 0.01,
                    long_max_gain: 0.1,
                    long_max_loss: -0.1,
                    short_max_gain: 0.1,
                    short_max_loss: -0.1,
                }),
            )]),
        }
    }

    #[test]
    fn a_row_is_kept_only_while_everything_it_shows_is_the_same() {
        let base = event(19_000, Some(0.04));
        assert_eq!(row_key(&base), row_key(&event(19_000, Some(0.04))));
        // Another day, another forward return, an incomplete window: another row.
        assert_ne!(row_key(&base), row_key(&event(19_001, Some(0.04))));
        assert_ne!(row_key(&base), row_key(&event(19_000, Some(0.05))));
        assert_ne!(row_key(&base), row_key(&event(19_000, None)));
        let mut other_day_return = base.clone();
        other_day_return.short_return = -0.025;
        assert_ne!(row_key(&base), row_key(&other_day_return));
    }

    #[test]
    fn sorting_puts_incomplete_windows_last_both_ways() {
        let events = [event(1, Some(0.02)), event(2, None), event(3, Some(-0.01))];
        let dates = |v: Vec<Event>| v.iter().map(|e| e.date.days()).collect::<Vec<_>>();
        let long = Column::Forward(0, Series::Long);
        assert_eq!(dates(sorted(&events, long, true)), [1, 3, 2]);
        assert_eq!(dates(sorted(&events, long, false)), [3, 1, 2]);
        assert_eq!(dates(sorted(&events, Column::Date, true)), [3, 2, 1]);
    }
}
