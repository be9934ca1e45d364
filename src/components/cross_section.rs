//! "Did the article's picks do better?": every ETF after the study's events, ranked at one
//! horizon in a chart, all horizons in a table, and one sentence on whether the picks beat the
//! rest once chance and the number of ETFs tested are accounted for.

use equalizer_engine::Study;
use equalizer_engine::study::cross::{CrossRow, CrossSection};
use equalizer_engine::study::significance::Figure;
use leptos::prelude::*;

use crate::advice::{
    ADJUSTED_ALPHA, beyond_chance, is_pick, missing_picks, picks_named, picks_sentence,
};
use crate::calibration::{self, star_rate};
use crate::charts::cross::{self, Intervals};
use crate::charts::models::{cross_model, settings_line};
use crate::charts::png::{Caption, Swatch};
use crate::components::chart_canvas::ChartCanvas;
use crate::components::controls::SettingMenu;
use crate::components::fold::Fold;
use crate::components::near::gated;
use crate::format::{opt_pct, opt_share};
use crate::settings::{Key, default_cross_horizon};
use crate::shared::Shared;
use crate::state::{Results, ViewHandle};

/// Whether the chart draws its intervals (the chart's rule, [`Intervals::calibrated`]).
fn intervals_speak() -> bool {
    Intervals::calibrated() == Intervals::Drawn
}

/// The table's columns: the JSON field, its heading, how a value shows, and the significance
/// figure it is (whose heading carries a † when the calibration does not let it speak).
const COLUMNS: [(&str, &str, Shown, Option<Figure>); 10] = [
    ("count", "N", Shown::Count, None),
    ("mean", "Mean", Shown::Return, None),
    ("median", "Median", Shown::Return, None),
    ("hit_rate", "Up", Shown::Share, None),
    ("baseline_mean", "Every day", Shown::Return, None),
    ("edge", "Edge", Shown::Return, None),
    (
        "edge_ci",
        "Edge 95 %",
        Shown::Interval,
        Some(Figure::BootstrapInterval),
    ),
    ("placebo_shift_p", "p", Shown::P, Some(Figure::ShiftPlacebo)),
    (
        "adjusted_p",
        "Adjusted p",
        Shown::P,
        Some(Figure::CrossAdjusted),
    ),
    ("bh_q", "BH q", Shown::P, Some(Figure::CrossBhQ)),
];

/// How a column's value reads.
#[derive(Clone, Copy)]
enum Shown {
    Count,
    Return,
    Share,
    Interval,
    P,
}

/// A cell: `data-field` is the JSON name, `data-value` the JSON value (`null` when missing).
fn cell(row: &CrossRow, json: &serde_json::Value, field: &'static str, shown: Shown) -> AnyView {
    let value = json.get(field).cloned().unwrap_or(serde_json::Value::Null);
    let number = |v: &serde_json::Value| v.as_f64();
    let text = match shown {
        Shown::Count => row.count.to_string(),
        Shown::Return => opt_pct(number(&value), 1),
        Shown::Share => opt_share(number(&value)),
        Shown::Interval => row.edge_ci.map_or_else(
            || "n/a".to_owned(),
            |i| format!("{:+.1} … {:+.1}", i.0 * 100.0, i.1 * 100.0).replace('-', "\u{2212}"),
        ),
        Shown::P => number(&value).map_or_else(|| "n/a".to_owned(), |p| format!("{p:.3}")),
    };
    let na = value.is_null() && matches!(shown, Shown::Interval | Shown::P);
    // Why a figure is missing: too few episodes (no interval), else no placebo spread to
    // standardise by (the adjusted p and q only).
    let title = na.then_some(if row.edge_ci.is_none() {
        "n/a: too few separate episodes of this ETF's events"
    } else {
        "n/a: this ETF's placebo edges do not vary, so it is left out of the adjustment"
    });
    view! {
        <td class="num" data-field=field data-value=value.to_string() title=title>{text}</td>
    }
    .into_any()
}

/// The table of every ticker × horizon.
fn table(c: &CrossSection, study: &Study) -> AnyView {
    let head = COLUMNS
        .iter()
        .map(|(_, h, _, figure)| {
            let mark = figure.and_then(calibration::mark_label).map(|label| {
                view! { <span class="caveat-mark" role="img" title=label.clone() aria-label=label>"\u{2020}"</span> }
            });
            view! { <th scope="col">{*h}{mark}</th> }
        })
        .collect_view();
    let rows = c
        .rows
        .iter()
        .map(|r| {
            let json = serde_json::to_value(r).unwrap_or_default();
            let cells = COLUMNS
                .iter()
                .map(|(f, _, s, _)| cell(r, &json, f, *s))
                .collect_view();
            let strong = beyond_chance(r.adjusted_p, Figure::CrossAdjusted);
            view! {
                <tr data-ticker=r.ticker.clone() data-horizon=r.horizon class:pick=is_pick(&r.ticker) class:strong=strong>
                    <th scope="row">{r.ticker.clone()}{is_pick(&r.ticker).then_some(" (pick)")}</th>
                    <td>{study.horizon_unit.label(r.horizon)}</td>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="Every ETF after the events, by horizon">
            <table class="cross" data-testid="cross-section">
                <caption>{format!("Every ETF after the events (the article's picks marked; bold: adjusted p < {ADJUSTED_ALPHA}; †: not calibrated, see below the table)")}</caption>
                <thead><tr><th scope="col">"ETF"</th><th scope="col">"Horizon"</th>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <ul class="note caveats" data-testid="cross-caveats">
            {COLUMNS
                .iter()
                .filter_map(|(_, heading, _, figure)| {
                    let label = figure.and_then(calibration::mark_label)?;
                    Some(view! { <li>{format!("\u{2020} {heading}: {label}")}</li> })
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

/// The cross-section panel.
#[component]
pub fn CrossSectionPanel(
    /// What the workers computed.
    results: Results,
    /// The view (the horizon menu).
    handle: ViewHandle,
    /// The study on screen (names, horizons, settings line).
    study: Memo<Option<Shared<Study>>>,
    /// Whether the panel is near the screen (far, it keeps what it showed).
    near: ReadSignal<bool>,
) -> impl IntoView {
    // The block's toggle stays as the reader left it when a new answer rebuilds the block.
    let open_cross_fold = RwSignal::new(false);
    let view = handle.view;
    let horizon = Memo::new(move |_| view.with(|v| (v.cross_horizon(), v.horizon_unit)));
    // Nothing from earlier settings while the current ones cannot be studied.
    let result = gated(Memo::new(move |_| results.cross()), near);
    let cross = Memo::new(move |_| result.get().and_then(Result::ok));
    let universe_problem = gated(Memo::new(move |_| results.universe_problem()), near);
    let problem = Memo::new(move |_| {
        let loading = universe_problem.get();
        loading.or_else(|| result.get().and_then(Result::err))
    });
    let usable = gated(Memo::new(move |_| results.usable()), near);
    let current = gated(Memo::new(move |_| results.cross_current()), near);
    let model = Memo::new(move |_| {
        let (h, unit) = horizon.get();
        cross.get().map(|c| cross_model(&c, h, unit))
    });
    let caption = Signal::derive(move || {
        let s = study.get()?;
        let (h, unit) = horizon.get();
        Some(Caption {
            title: format!(
                "Edge of every ETF after the events at {}{}",
                unit.label(h),
                if intervals_speak() {
                    " (95 % interval)"
                } else {
                    " (events in brackets)"
                }
            ),
            settings: settings_line(&s),
            legend: vec![
                ("article's picks".to_owned(), Swatch::Long),
                ("other ETFs".to_owned(), Swatch::Trace),
            ],
            file_stem: format!("equalizer-{}-{}-cross-{h}", s.long, s.short),
        })
    });
    let menu_problem = RwSignal::new(None::<String>);
    let horizons = Signal::derive(move || {
        let unit = horizon.get().1;
        unit.default_horizons()
            .into_iter()
            .map(|h| {
                // The default is the empty value (the URL leaves it out).
                let value = if h == default_cross_horizon(unit) {
                    String::new()
                } else {
                    h.to_string()
                };
                (value, unit.label(h))
            })
            .collect::<Vec<_>>()
    });
    let state = move || match (cross.get().is_some(), current.get()) {
        (true, true) => "ready",
        (true, false) => "updating",
        _ if problem.get().is_some() || !usable.get() => "error",
        _ => "loading",
    };
    let table_open = RwSignal::new(false);
    view! {
        <section class="advice cross-panel" data-testid="cross-panel" data-state=state>
            <h2>"Did the article's picks do better? Every ETF after the same days"</h2>
            <p class="lead" data-testid="picks-sentence">
                {move || match (cross.get(), problem.get()) {
                    (Some(c), _) => {
                        let (h, unit) = horizon.get();
                        picks_sentence(&c, h, unit)
                    }
                    (None, Some(_)) => "No cross-section: the message below says why.".to_owned(),
                    (None, None) if !usable.get() => "No cross-section: the settings above cannot be studied (the message above says why).".to_owned(),
                    (None, None) => "Loading every ETF's prices to compare them after the same days…".to_owned(),
                }}
                {move || (state() == "updating").then(|| view! { <span class="updating">" (updating…)"</span> })}
            </p>
            {move || problem.get().map(|p| view! { <p class="control-problem" role="alert" data-testid="cross-problem">{p}</p> })}
            <Fold label="The chart and table: every ETF's edge" testid="cross-fold" open=open_cross_fold>
            <p class="note">
                {format!(
                    "The article's picks: {}; {}. Edge: mean return after the events minus the mean after every day that \
                     could have been one. ★: adjusted p < {ADJUSTED_ALPHA} (better or worse than chance would explain, after \
                     testing every ETF against circular shifts of the events' pattern); {} In brackets: each ETF's events \
                     with a complete window. {}",
                    picks_named(),
                    missing_picks(),
                    star_rate(Figure::CrossAdjusted),
                    if intervals_speak() {
                        "Pale bars: too few separate episodes for an interval."
                    } else {
                        "No 95 % intervals are drawn: on pairs with no edge the calibration measured them calling \
                         one too often (they are in the table's Details and the CSV). Pale bars: too few separate \
                         episodes for an interval."
                    }
                )}
            </p>
            <figure>
                <figcaption>
                    <label class="inline">
                        "Edge after the events at "
                        <SettingMenu key=Key::CrossHorizon handle=handle testid="cross-horizon" options=horizons problem=menu_problem />
                    </label>
                    <span class="legend"><i class="sw long"></i>"article's picks"<i class="sw trace"></i>"other ETFs"{intervals_speak().then(|| view! { <i class="sw whisker"></i>"95 % interval" })}</span>
                </figcaption>
                {move || menu_problem.get().map(|p| view! { <p class="control-problem" role="alert">{p}</p> })}
                <ChartCanvas model=model caption=caption draw=cross::draw describe=cross::describe hover=cross::hover stops=cross::stops publish=cross::published testid="cross-chart"
                    label="Every ETF's edge after the events at the chosen horizon, ranked, each with its number of events" />
                {move || {
                    let (h, unit) = horizon.get();
                    let missing: Vec<String> = cross.get()?.rows.iter()
                        .filter(|r| r.horizon == h && r.edge.is_none())
                        .map(|r| r.ticker.clone())
                        .collect();
                    (!missing.is_empty()).then(|| view! {
                        <p class="note" data-testid="cross-not-drawn">
                            {format!("Not drawn at {}: {} (no event with a complete window).", unit.label(h), missing.join(", "))}
                        </p>
                    })
                }}
            </figure>
            <details class="cross-table" data-testid="cross-details"
                on:toggle=move |ev| table_open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
                <summary>"Every ETF at every horizon (table)"</summary>
                {move || {
                    let (c, s) = (cross.get()?, study.get()?);
                    table_open.get().then(|| table(&c, &s))
                }}
            </details>
            </Fold>
        </section>
    }
}
