//! What happened after the sample: each held-out event's forward returns beside what the
//! earlier events promised (and, in the article view, beside the article's own numbers).

use equalizer_engine::article::CLAIM;
use equalizer_engine::study::Event;
use equalizer_engine::{HorizonUnit, Study};
use leptos::prelude::*;

use crate::format::{opt_pct, pct};
use crate::shared::Shared;

/// The article's own means (long, short) at a horizon, where it gave one (3 and 12 months).
fn claimed(unit: HorizonUnit, h: usize) -> Option<(f64, f64)> {
    match (unit, h) {
        (HorizonUnit::Days, 63) | (HorizonUnit::Months, 3) => Some((CLAIM.long_3m, CLAIM.short_3m)),
        (HorizonUnit::Days, 252) | (HorizonUnit::Months, 12) => {
            Some((CLAIM.long_12m, CLAIM.short_12m))
        }
        _ => None,
    }
}

/// One sentence on whether the call held, horizon by horizon: did the held-out events' mean
/// pair return keep the sign of what the earlier events promised? With fewer than three
/// held-out events it adds that so few prove nothing either way.
pub fn did_it_hold(study: &Study, held_out: &[Event]) -> String {
    if study.event_count == 0 {
        return "No earlier event to compare with: the study before the cut is empty.".to_owned();
    }
    let mut held = Vec::new();
    let mut reversed = Vec::new();
    for r in &study.summary {
        let Some(promised) = r.pair.mean else {
            continue;
        };
        let seen: Vec<f64> = held_out
            .iter()
            .filter_map(|e| e.forward.get(r.horizon).map(|f| f.pair))
            .collect();
        if seen.is_empty() {
            continue;
        }
        let mean = seen.iter().sum::<f64>() / seen.len() as f64;
        let label = study.horizon_unit.label(r.horizon);
        let words = format!(
            "{label} ({} vs {} promised)",
            pct(mean, 1),
            pct(promised, 1)
        );
        if mean.signum() == promised.signum() {
            held.push(words);
        } else {
            reversed.push(words);
        }
    }
    if held.is_empty() && reversed.is_empty() {
        return "No held-out event has a complete window yet, so it is too early to tell."
            .to_owned();
    }
    let pair = format!("{} − {}", study.long, study.short);
    let mut parts = Vec::new();
    if !held.is_empty() {
        parts.push(format!("went the promised way at {}", held.join(", ")));
    }
    if !reversed.is_empty() {
        parts.push(format!("went the other way at {}", reversed.join(", ")));
    }
    let caution = if held_out.len() < 3 {
        format!(
            " {} held-out event{} prove{} nothing either way.",
            held_out.len(),
            if held_out.len() == 1 { "" } else { "s" },
            if held_out.len() == 1 { "s" } else { "" }
        )
    } else {
        String::new()
    };
    format!(
        "After the held-out events, {pair} {}.{caution}",
        parts.join("; and ")
    )
}

/// Where the out-of-sample cut comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// The article view: events from 2024-07-11 on.
    Article,
    /// The reader's `oos` date.
    Oos,
}

/// The held-out events (on or after `oos`, or the article's day in the article view): per
/// horizon, each event's long, short and pair return beside the earlier events' means (and
/// the article's). Number cells carry `data-horizon`, `data-field` and `data-value` (a
/// fraction, full precision) inside a row `data-date`.
#[component]
pub fn HeldOut(
    /// The study of the earlier events.
    study: Memo<Option<Shared<Study>>>,
    /// The held-out events, when the view holds some out.
    held_out: Memo<Option<Shared<Vec<Event>>>>,
    /// Which cut this is: the article's (its panel gets the article's numbers and test id) or
    /// the reader's `oos`.
    #[prop(into)]
    cut: Signal<Cut>,
) -> impl IntoView {
    move || {
        let (s, held) = (study.get()?, held_out.get()?);
        let article = cut.get() == Cut::Article;
        let testid = if article { "after-article" } else { "held-out" };
        let unit = s.horizon_unit;
        let cell = |h: usize, field: &'static str, v: Option<f64>| {
            view! {
                <td class="num" data-horizon=h data-field=field data-value=v.map(|v| v.to_string())>
                    {opt_pct(v, 1)}
                </td>
            }
        };
        let head = s
            .summary
            .iter()
            .map(|r| view! { <th colspan="3" scope="colgroup">{unit.label(r.horizon)}</th> })
            .collect_view();
        let sub = s
            .summary
            .iter()
            .map(|_| {
                view! {
                    <th scope="col" class="long">{s.long.clone()}</th>
                    <th scope="col" class="short">{s.short.clone()}</th>
                    <th scope="col">"pair"</th>
                }
            })
            .collect_view();
        let promised = s
            .summary
            .iter()
            .map(|r| {
                view! {
                    {cell(r.horizon, "promised_long", r.long.mean)}
                    {cell(r.horizon, "promised_short", r.short.mean)}
                    {cell(r.horizon, "promised_pair", r.pair.mean)}
                }
            })
            .collect_view();
        let claim = article.then(|| {
            let cells = s
                .summary
                .iter()
                .map(|r| {
                    let c = claimed(unit, r.horizon);
                    view! {
                        {cell(r.horizon, "article_long", c.map(|c| c.0))}
                        {cell(r.horizon, "article_short", c.map(|c| c.1))}
                        {cell(r.horizon, "article_pair", c.map(|c| c.0 - c.1))}
                    }
                })
                .collect_view();
            view! { <tr class="claim"><th scope="row">"the article said"</th>{cells}</tr> }
        });
        let rows = held
            .iter()
            .map(|e| {
                let cells = s
                    .summary
                    .iter()
                    .map(|r| {
                        let f = e.forward.get(r.horizon);
                        view! {
                            {cell(r.horizon, "long", f.map(|f| f.long))}
                            {cell(r.horizon, "short", f.map(|f| f.short))}
                            {cell(r.horizon, "pair", f.map(|f| f.pair))}
                        }
                    })
                    .collect_view();
                view! { <tr data-date=e.date.to_string()><th scope="row">{e.date.to_string()}</th>{cells}</tr> }
            })
            .collect_view();
        let title = if article {
            "What happened after the article"
        } else {
            "What happened out of sample"
        };
        let none = held.is_empty().then(|| {
            view! { <p data-testid="no-held-out">"No event on or after the out-of-sample date yet: nothing to check against."</p> }
        });
        Some(view! {
            <section class="held-out" data-testid=testid>
                <h2>{title}</h2>
                {none}
                {(!held.is_empty()).then(|| view! { <p class="why" data-testid="held-out-sentence">{did_it_hold(&s, &held)}</p> })}
                <div class="table-scroll" tabindex="0" role="region" aria-label="Each held-out event beside what the earlier events promised">
                    <table class="held-out-table">
                        <thead>
                            <tr><th scope="col"></th>{head}</tr>
                            <tr><th scope="col"></th>{sub}</tr>
                        </thead>
                        <tbody>
                            <tr class="promised"><th scope="row">"the earlier events (mean)"</th>{promised}</tr>
                            {claim}
                            {rows}
                        </tbody>
                    </table>
                </div>
            </section>
        })
    }
}
