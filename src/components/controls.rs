//! The study's controls. Each one sets a [`Key`] through the view's `edit` callback, so a
//! control cannot accept what the URL would refuse, or the other way round.

use equalizer_engine::{RangeError, ThresholdUnit};
use leptos::html::Input;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::settings::{Key, SettingError, ViewState, echo};
use crate::state::ViewHandle;
use crate::url;

/// A text box for one setting that never fights its reader: while they type it shows exactly
/// what they typed; each text that parses updates the view at once, one that does not shows
/// its message beside the box and changes nothing; on leaving the box (or when the view
/// changes elsewhere) it shows the value in use, and the message about text no longer there
/// goes.
#[component]
pub fn SettingBox(
    /// The setting.
    key: Key,
    /// The view.
    handle: ViewHandle,
    /// `data-testid` of the input.
    testid: &'static str,
    /// The virtual keyboard to offer (`decimal`, `numeric`, `text`).
    #[prop(default = "text")]
    inputmode: &'static str,
    /// Shown when the box is empty.
    #[prop(default = "")]
    placeholder: &'static str,
    /// What the data finds wrong with the value in use (a From after the data ends), shown
    /// like a refused text's message while it stands.
    #[prop(optional)]
    standing: Option<Signal<Option<String>>>,
) -> impl IntoView {
    let input = NodeRef::<Input>::new();
    let in_use = Memo::new(move |_| handle.view.with(|v| key.text(v)));
    // The last refused text's message and the value in use then; it shows while the reader is
    // still on that text (leaving the box or a change elsewhere makes it moot).
    let refused = RwSignal::new(None::<(String, String)>);
    let problem = move || {
        refused
            .with(|r| {
                r.as_ref()
                    .filter(|(when, _)| in_use.with(|now| now == when))
                    .map(|(_, message)| message.clone())
            })
            .or_else(|| standing.and_then(|s| s.get()))
    };
    // The world outside (the input's text) follows the value in use, except where the
    // reader's own text already means it: so a box is never rewritten under their fingers,
    // but Back or another control still bring it in step.
    Effect::new(move |_| {
        let now = in_use.get();
        let Some(el) = input.get() else { return };
        let means_it = handle.view.with_untracked(|v| {
            let mut typed = v.clone();
            key.set(&mut typed, &el.value(), &[]).is_ok() && key.text(&typed) == now
        });
        if !means_it {
            el.set_value(&now);
        }
    });
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        match handle.edit(key, &text) {
            Ok(()) => refused.set(None),
            Err(e) => {
                let now = in_use.get_untracked();
                refused.set(Some((now.clone(), message(&text, &e, &now))));
            }
        }
    };
    let on_blur = move |_| {
        if let Some(el) = input.get_untracked() {
            el.set_value(&in_use.get_untracked());
        }
        refused.set(None);
    };
    let problem_id = format!("problem-{}", key.name());
    // The starting text is also the attribute, so the first screen rendered to HTML at build
    // time shows it; the effect above keeps the box in step from then on.
    let initial = in_use.get_untracked();
    view! {
        <input type="text" node_ref=input data-testid=testid inputmode=inputmode placeholder=placeholder
            value=initial autocomplete="off" spellcheck="false"
            aria-invalid=move || if problem().is_some() { "true" } else { "false" }
            aria-describedby=problem_id.clone()
            on:input=on_input on:blur=on_blur />
        <span class="control-problem" role="alert" id=problem_id.clone() data-testid=problem_id
            hidden=move || problem().is_none()>
            {problem}
        </span>
    }
}

/// "'150': the threshold must be a number from 0.01 to 100 (percent, or σ in z units), not
/// '150'; the study uses 15."
fn message(text: &str, e: &SettingError, in_use: &str) -> String {
    let in_use = if in_use.is_empty() { "none" } else { in_use };
    format!("'{}': {e}; the study uses {in_use}.", echo(text))
}

/// Moves focus (and the screen) to the article's panel when it is on the page.
fn focus_article_panel() {
    let panel = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("[data-testid=article]").ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(panel) = panel {
        let _ = panel.focus();
        panel.scroll_into_view();
    }
}

/// The settings in the "More settings" fold.
const MORE_SETTINGS: [Key; 9] = [
    Key::Cooloff,
    Key::Lag,
    Key::From,
    Key::To,
    Key::Units,
    Key::Horizons,
    Key::Split,
    Key::Seed,
    Key::Oos,
];

/// A menu for one setting; `options` are `(value, label)` pairs.
#[component]
pub fn SettingMenu(
    /// The setting.
    key: Key,
    /// The view.
    handle: ViewHandle,
    /// `data-testid` of the select.
    testid: &'static str,
    /// `(value, label)` pairs.
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    /// Where a refused choice is explained.
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    let in_use = Memo::new(move |_| handle.view.with(|v| key.text(v)));
    view! {
        <select data-testid=testid prop:value=move || in_use.get()
            on:change=move |ev| {
                let text = event_target_value(&ev);
                problem.set(handle.choose(key, &text).err().map(|e| message(&text, &e, &in_use.get_untracked())));
            }>
            <For each=move || options.get() key=|o| o.clone()
                children=move |(value, label)| view! {
                    <option value=value.clone() selected=move || in_use.with(|u| *u == value)>{label}</option>
                } />
        </select>
    }
}

/// The `(value, label)` options of a menu setting, from its one definition.
fn choices(key: Key) -> Signal<Vec<(String, String)>> {
    let list: Vec<(String, String)> = key
        .choices()
        .iter()
        .map(|(v, l)| ((*v).to_owned(), (*l).to_owned()))
        .collect();
    Signal::stored(list)
}

/// Tickers, threshold (box and slider), direction and the article link first; cool-off, date
/// range, units, horizons, split year, seed and the out-of-sample date in a "More settings"
/// fold.
#[component]
pub fn Controls(
    /// The view and how to change it.
    handle: ViewHandle,
    /// Tickers in the data, then loaded files (`file:NAME`).
    #[prop(into)]
    tickers: Signal<Vec<String>>,
    /// A From or To outside the pair's data, marked on its box.
    range_problem: Signal<Option<RangeError>>,
) -> impl IntoView {
    let view = handle.view;
    // The end beyond the data is the box to mark; a range inside the data that holds no day
    // (between two trading days) is the study's to say, under the controls.
    let from_problem = Signal::derive(move || match range_problem.get()? {
        e @ RangeError::FromAfterData { .. } => Some(e.to_string()),
        RangeError::ToBeforeData { .. } | RangeError::NoDays { .. } => None,
    });
    let to_problem = Signal::derive(move || match range_problem.get()? {
        e @ RangeError::ToBeforeData { .. } => Some(e.to_string()),
        RangeError::FromAfterData { .. } | RangeError::NoDays { .. } => None,
    });
    let problem = RwSignal::new(None::<String>);
    // Each leg's menu leaves out the other leg: the same ticker twice is not a pair. Keyed on
    // the other leg alone, so other changes do not rebuild the menus.
    let leg_options = move |other: fn(&ViewState) -> &String| {
        let other = Memo::new(move |_| view.with(|v| other(v).clone()));
        Signal::derive(move || {
            other.with(|other| {
                tickers.with(|all| {
                    all.iter()
                        .filter(|t| *t != other)
                        .map(|t| (t.clone(), t.clone()))
                        .collect::<Vec<_>>()
                })
            })
        })
    };
    // The fold of the less used settings is open when any of them is not at its default (a
    // link that sets one shows it), or when the reader opened it.
    let reader_opened = RwSignal::new(false);
    let more_open = Memo::new(move |_| {
        let default = ViewState::default_view();
        reader_opened.get()
            || view.with(|v| MORE_SETTINGS.iter().any(|k| k.text(v) != k.text(&default)))
    });
    let units = Memo::new(move |_| view.with(|v| v.units));
    let threshold = Memo::new(move |_| view.with(|v| Key::Threshold.text(v)));
    // The slider spans the usual thresholds of the unit, widened to hold the box's value (the
    // box takes any valid one), so the two never disagree.
    let slider_range = Memo::new(move |_| {
        view.with(|v| {
            let usual = match v.units {
                ThresholdUnit::Pct => 10.0,
                ThresholdUnit::Z => 8.0,
            };
            (v.threshold.min(0.5), v.threshold.max(usual).ceil())
        })
    });

    view! {
        <form class="controls" on:submit=|ev| ev.prevent_default()>
            <label>
                "Long"
                <SettingMenu key=Key::Long handle=handle testid="long" options=leg_options(|v| &v.short) problem=problem />
            </label>
            <button type="button" class="swap" data-testid="swap" title="Swap long and short"
                aria-label="Swap long and short" on:click=move |_| handle.swap()>
                "⇄"
            </button>
            <label>
                "Short"
                <SettingMenu key=Key::Short handle=handle testid="short" options=leg_options(|v| &v.long) problem=problem />
            </label>
            <label class="threshold">
                <span data-testid="threshold-label">{move || format!("Threshold ({})", units.get().symbol())}</span>
                <SettingBox key=Key::Threshold handle=handle testid="threshold" inputmode="decimal" />
                <input type="range" data-testid="threshold-slider" min=move || slider_range.get().0.to_string()
                    max=move || slider_range.get().1.to_string() step="0.1"
                    aria-label=move || format!("Threshold slider ({})", units.get().words())
                    value=threshold.get_untracked() prop:value=move || threshold.get()
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        problem.set(handle.edit(Key::Threshold, &text).err().map(|e| message(&text, &e, &threshold.get_untracked())));
                    } />
            </label>
            <label>
                "Direction"
                <SettingMenu key=Key::Direction handle=handle testid="direction" problem=problem options=choices(Key::Direction) />
            </label>
            <div class="replicate-box">
            <a class="replicate" data-testid="replicate" href=url::search_from_state(&ViewState::article_view())
                on:click=move |ev| {
                    ev.prevent_default();
                    if view.with_untracked(|v| *v == ViewState::article_view()) {
                        // Already there: nothing new will show, so go to what is shown.
                        focus_article_panel();
                    } else {
                        handle.replicate();
                    }
                }>
                "Replicate the article"
            </a>
            <span class="replicate-source" data-testid="replicate-source">
                "an often-quoted article after 2024-07-11 (its title and publisher are not on record here)"
            </span>
            </div>
            <details class="more" data-testid="more-settings" prop:open=move || more_open.get()
                on:toggle=move |ev| reader_opened.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
                <summary>"More settings"</summary>
                <div class="more-body">
                    <label>
                        "Cool-off (trading days)"
                        <SettingBox key=Key::Cooloff handle=handle testid="cooloff" inputmode="numeric" />
                    </label>
                    <label>
                        "Entry lag (trading days)"
                        <SettingBox key=Key::Lag handle=handle testid="lag" inputmode="numeric" />
                    </label>
                    <label>
                        "From"
                        <SettingBox key=Key::From handle=handle testid="from" placeholder="YYYY-MM-DD" standing=from_problem />
                    </label>
                    <label>
                        "To"
                        <SettingBox key=Key::To handle=handle testid="to" placeholder="YYYY-MM-DD" standing=to_problem />
                    </label>
                    <label>
                        "Threshold in"
                        <SettingMenu key=Key::Units handle=handle testid="units" problem=problem options=choices(Key::Units) />
                    </label>
                    <label>
                        "Horizons in"
                        <SettingMenu key=Key::Horizons handle=handle testid="horizon-unit" problem=problem options=choices(Key::Horizons) />
                    </label>
                    <label>
                        "Split year"
                        <SettingBox key=Key::Split handle=handle testid="split" inputmode="numeric" placeholder="none" />
                    </label>
                    <label class="seed">
                        "Seed"
                        <SettingBox key=Key::Seed handle=handle testid="seed" inputmode="numeric" />
                    </label>
                    <label>
                        "Out of sample from"
                        <SettingBox key=Key::Oos handle=handle testid="oos" placeholder="YYYY-MM-DD" />
                    </label>
                </div>
            </details>
            {move || problem.get().map(|p| view! { <p class="control-problem" role="alert" data-testid="control-problem">{p}</p> })}
        </form>
    }
}
