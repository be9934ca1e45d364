//! What happened after the sample: each held-out event's forward returns beside the earlier
//! events' mean (and, in the article view, beside the article's own numbers).

use equalizer_engine::article::CLAIM;
use equalizer_engine::study::Event;
use equalizer_engine::{HorizonUnit, Study};
use leptos::prelude::*;

use crate::components::fold::Fold;
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

/// One horizon of the held-out comparison: the numbers the sentence speaks of, which are the
/// same numbers the table shows in its mean rows.
#[derive(Debug, Clone, PartialEq)]
pub struct HeldRow {
    /// The horizon (trading days or months, as the study's unit).
    pub horizon: usize,
    /// The earlier events' mean pair return.
    pub earlier: Option<f64>,
    /// The held-out events' mean (long, short, pair) over those with a complete window.
    pub held: Option<(f64, f64, f64)>,
    /// How many held-out events have a complete window at this horizon.
    pub n: usize,
    /// The article's figures (long, short, pair) where it gave them (3 and 12 months).
    pub article: Option<(f64, f64, f64)>,
}

/// Per horizon of the study: the earlier events' mean, the held-out events' mean and the
/// article's figures (`article`: the article view).
pub fn held_rows(study: &Study, held_out: &[Event], article: bool) -> Vec<HeldRow> {
    study
        .summary
        .iter()
        .map(|r| {
            let seen: Vec<_> = held_out
                .iter()
                .filter_map(|e| e.forward.get(r.horizon))
                .collect();
            let n = seen.len() as f64;
            let held = (!seen.is_empty()).then(|| {
                let sum = |f: fn(&equalizer_engine::study::Forward) -> f64| {
                    seen.iter().map(f).sum::<f64>() / n
                };
                (sum(|f| f.long), sum(|f| f.short), sum(|f| f.pair))
            });
            HeldRow {
                horizon: r.horizon,
                earlier: r.pair.mean,
                held,
                n: seen.len(),
                article: article
                    .then(|| claimed(study.horizon_unit, r.horizon))
                    .flatten()
                    .map(|(l, s)| (l, s, l - s)),
            }
        })
        .collect()
}

/// Horizons where the held-out mean had the same sign as a reference, and where the opposite,
/// as "3M (+3.5 % after, +7.4 % {said})".
fn same_and_opposite(
    study: &Study,
    rows: &[HeldRow],
    reference: impl Fn(&HeldRow) -> Option<f64>,
    said: &str,
) -> (Vec<String>, Vec<String>) {
    let (mut same, mut opposite) = (Vec::new(), Vec::new());
    for r in rows {
        let (Some((_, _, after)), Some(then)) = (r.held, reference(r)) else {
            continue;
        };
        let words = format!(
            "{} ({} after, {} {said})",
            study.horizon_unit.label(r.horizon),
            pct(after, 1),
            pct(then, 1)
        );
        if after.signum() == then.signum() {
            same.push(words);
        } else {
            opposite.push(words);
        }
    }
    (same, opposite)
}

/// What the held-out events did, in words, from [`held_rows`]: in the article view first
/// against the article's own figures (only where it gave them), then, in every view, against
/// the earlier events' mean, each named for what it is. With fewer than three held-out events
/// it adds that so few prove nothing either way.
pub fn did_it_hold(study: &Study, held_out: &[Event], rows: &[HeldRow]) -> String {
    if study.event_count == 0 {
        return "No earlier event to compare with: the study before the cut is empty.".to_owned();
    }
    if rows.iter().all(|r| r.held.is_none()) {
        return "No held-out event has a complete window yet, so it is too early to tell."
            .to_owned();
    }
    let pair = format!("{} − {}", study.long, study.short);
    let mut sentences = Vec::new();
    let (with, against) =
        same_and_opposite(study, rows, |r| r.article.map(|a| a.2), "the article said");
    if !with.is_empty() || !against.is_empty() {
        let mut parts = Vec::new();
        if !with.is_empty() {
            parts.push(format!("went the article's way at {}", with.join(", ")));
        }
        if !against.is_empty() {
            parts.push(format!("went against it at {}", against.join(", ")));
        }
        sentences.push(format!(
            "Where the article gave figures, {pair} {}.",
            parts.join("; and ")
        ));
    }
    let (same, opposite) =
        same_and_opposite(study, rows, |r| r.earlier, "the earlier events' mean");
    let mut parts = Vec::new();
    if !same.is_empty() {
        parts.push(format!(
            "the same sign as the earlier events' mean at {}",
            same.join(", ")
        ));
    }
    if !opposite.is_empty() {
        parts.push(format!("the opposite sign at {}", opposite.join(", ")));
    }
    if !parts.is_empty() {
        sentences.push(format!(
            "After the held-out events, {pair} had {}.",
            parts.join("; and ")
        ));
    }
    // Each horizon's mean rests on the events with a complete window there, fewer at longer
    // horizons: the caution names the horizons where they are too few.
    let thin: Vec<&HeldRow> = rows
        .iter()
        .filter(|r| r.held.is_some() && r.n < 3)
        .collect();
    let events = |n: usize| match n {
        1 => "1 held-out event proves".to_owned(),
        n => format!("{n} held-out events prove"),
    };
    if !thin.is_empty()
        && thin.len() == rows.iter().filter(|r| r.held.is_some()).count()
        && thin.iter().all(|r| r.n == held_out.len())
    {
        sentences.push(format!("{} nothing either way.", events(held_out.len())));
    } else {
        for r in thin {
            sentences.push(format!(
                "At {}, {} nothing either way.",
                study.horizon_unit.label(r.horizon),
                events(r.n)
            ));
        }
    }
    sentences.join(" ")
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
    // The block's toggle stays as the reader left it when a new answer rebuilds the block.
    let open_held_out_fold = RwSignal::new(false);
    move || {
        let (s, held) = (study.get()?, held_out.get()?);
        let article = cut.get() == Cut::Article;
        let model = held_rows(&s, &held, article);
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
            let cells = model
                .iter()
                .map(|r| {
                    let c = r.article;
                    view! {
                        {cell(r.horizon, "article_long", c.map(|c| c.0))}
                        {cell(r.horizon, "article_short", c.map(|c| c.1))}
                        {cell(r.horizon, "article_pair", c.map(|c| c.2))}
                    }
                })
                .collect_view();
            view! { <tr class="claim"><th scope="row">"the article said"</th>{cells}</tr> }
        });
        let held_mean = model
            .iter()
            .map(|r| {
                let m = r.held;
                view! {
                    {cell(r.horizon, "held_long", m.map(|m| m.0))}
                    {cell(r.horizon, "held_short", m.map(|m| m.1))}
                    {cell(r.horizon, "held_pair", m.map(|m| m.2))}
                }
            })
            .collect_view();
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
                {(!held.is_empty()).then(|| view! { <p class="why" data-testid="held-out-sentence">{did_it_hold(&s, &held, &model)}</p> })}
                <Fold label="Each event after the cut beside the earlier events (table)" testid="held-out-fold" open=open_held_out_fold>
                <div class="table-scroll" tabindex="0" role="region" aria-label="Each held-out event beside the earlier events' mean">
                    <table class="held-out-table">
                        <thead>
                            <tr><th scope="col"></th>{head}</tr>
                            <tr><th scope="col"></th>{sub}</tr>
                        </thead>
                        <tbody>
                            <tr class="promised"><th scope="row">"the earlier events (mean)"</th>{promised}</tr>
                            {claim}
                            {(!held.is_empty()).then(|| view! {
                                <tr class="held-mean"><th scope="row">"the held-out events (mean)"</th>{held_mean}</tr>
                            })}
                            {rows}
                        </tbody>
                    </table>
                </div>
                </Fold>
            </section>
        })
    }
}
