//! The study's controls. Each one sets a [`Key`] through the view's `edit` callback, so a
//! control cannot accept what the URL would refuse, or the other way round.

use equalizer_engine::ThresholdUnit;
use leptos::html::Input;
use leptos::prelude::*;

use crate::settings::{Key, SettingError, ViewState, echo};
use crate::state::ViewHandle;
use crate::url;

/// A text box for one setting that never fights its reader: while they type it shows exactly
/// what they typed; each text that parses updates the view at once, one that does not shows
/// its message beside the box and changes nothing; on leaving the box (or when the view
/// changes elsewhere) it shows the value in use.
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
) -> impl IntoView {
    let input = NodeRef::<Input>::new();
    let in_use = Memo::new(move |_| handle.view.with(|v| key.text(v)));
    let problem = RwSignal::new(None::<String>);
    let show_in_use = move || {
        if let Some(el) = input.get_untracked() {
            el.set_value(&in_use.get_untracked());
        }
    };
    // The world outside (the input's text) follows the view, except under the reader's fingers.
    Effect::new(move |_| {
        in_use.track();
        let focused = input.get().is_some_and(|el| {
            let el: &web_sys::Element = &el;
            document().active_element().as_ref() == Some(el)
        });
        if !focused {
            problem.set(None);
            show_in_use();
        }
    });
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        match handle.edit.run((key, text.clone())) {
            Ok(()) => problem.set(None),
            Err(e) => problem.set(Some(message(&text, &e, &in_use.get_untracked()))),
        }
    };
    let problem_id = format!("problem-{}", key.name());
    view! {
        <input type="text" node_ref=input data-testid=testid inputmode=inputmode placeholder=placeholder
            value=in_use.get_untracked() autocomplete="off" spellcheck="false"
            aria-invalid=move || problem.with(|p| if p.is_some() { "true" } else { "false" })
            aria-describedby=problem_id.clone()
            on:input=on_input on:blur=move |_| show_in_use() />
        <span class="control-problem" role="alert" id=problem_id.clone() data-testid=problem_id
            hidden=move || problem.with(Option::is_none)>
            {move || problem.get()}
        </span>
    }
}

/// "'150': the threshold must be above 0 and at most 100; the study uses 15."
fn message(text: &str, e: &SettingError, in_use: &str) -> String {
    let in_use = if in_use.is_empty() { "none" } else { in_use };
    format!("'{}': {e}; the study uses {in_use}.", echo(text))
}

/// A menu for one setting.
#[component]
fn SettingMenu(
    key: Key,
    handle: ViewHandle,
    testid: &'static str,
    /// `(value, label)` of each option.
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
                problem.set(handle.edit.run((key, text.clone())).err().map(|e| message(&text, &e, &in_use.get_untracked())));
            }>
            <For each=move || options.get() key=|o| o.clone()
                children=move |(value, label)| view! {
                    <option value=value.clone() selected=move || in_use.with(|u| *u == value)>{label}</option>
                } />
        </select>
    }
}

/// Tickers, threshold (box and slider), direction, cool-off, date range, units, horizons,
/// split year, seed and the article link.
#[component]
pub fn Controls(
    /// The view and how to change it.
    handle: ViewHandle,
    /// Tickers in the data, then loaded files (`file:NAME`).
    #[prop(into)]
    tickers: Signal<Vec<String>>,
) -> impl IntoView {
    let view = handle.view;
    let problem = RwSignal::new(None::<String>);
    // Each leg's menu leaves out the other leg: the same ticker twice is not a pair.
    let leg_options = move |other: fn(&ViewState) -> &String| {
        Signal::derive(move || {
            let other = view.with(|v| other(v).clone());
            tickers
                .get()
                .into_iter()
                .filter(|t| *t != other)
                .map(|t| (t.clone(), t))
                .collect::<Vec<_>>()
        })
    };
    let choices = |list: &[(&str, &str)]| {
        let list: Vec<(String, String)> = list
            .iter()
            .map(|(v, l)| ((*v).to_owned(), (*l).to_owned()))
            .collect();
        Signal::derive(move || list.clone())
    };
    let units = Memo::new(move |_| view.with(|v| v.units));
    let threshold = Memo::new(move |_| view.with(|v| Key::Threshold.text(v)));
    let (slider_max, unit_sign) = (
        move || match units.get() {
            ThresholdUnit::Pct => "10",
            ThresholdUnit::Z => "8",
        },
        move || match units.get() {
            ThresholdUnit::Pct => "%",
            ThresholdUnit::Z => "σ",
        },
    );

    view! {
        <form class="controls" on:submit=|ev| ev.prevent_default()>
            <label>
                "Long"
                <SettingMenu key=Key::Long handle=handle testid="long" options=leg_options(|v| &v.short) problem=problem />
            </label>
            <button type="button" class="swap" data-testid="swap" title="Swap long and short"
                aria-label="Swap long and short" on:click=move |_| handle.on_change.run(view.get_untracked().swapped())>
                "⇄"
            </button>
            <label>
                "Short"
                <SettingMenu key=Key::Short handle=handle testid="short" options=leg_options(|v| &v.long) problem=problem />
            </label>
            <label class="threshold">
                <span data-testid="threshold-label">{move || format!("Threshold ({})", unit_sign())}</span>
                <SettingBox key=Key::Threshold handle=handle testid="threshold" inputmode="decimal" />
                <input type="range" data-testid="threshold-slider" min="0.5" max=slider_max step="0.1"
                    aria-label=move || format!("Threshold slider ({})", match units.get() { ThresholdUnit::Pct => "percent", ThresholdUnit::Z => "standard deviations" })
                    prop:value=move || threshold.get()
                    on:input=move |ev| { let _ = handle.edit.run((Key::Threshold, event_target_value(&ev))); } />
            </label>
            <label>
                "Direction"
                <SettingMenu key=Key::Direction handle=handle testid="direction" problem=problem
                    options=choices(&[("up", "up: long − short ≥ t"), ("down", "down: long − short ≤ −t"), ("abs", "abs: |long − short| ≥ t")]) />
            </label>
            <label>
                "Cool-off (trading days)"
                <SettingBox key=Key::Cooloff handle=handle testid="cooloff" inputmode="numeric" />
            </label>
            <label>
                "From"
                <SettingBox key=Key::From handle=handle testid="from" placeholder="YYYY-MM-DD" />
            </label>
            <label>
                "To"
                <SettingBox key=Key::To handle=handle testid="to" placeholder="YYYY-MM-DD" />
            </label>
            <label>
                "Threshold in"
                <SettingMenu key=Key::Units handle=handle testid="units" problem=problem
                    options=choices(&[("pct", "percent"), ("z", "standard deviations (z, σ)")]) />
            </label>
            <label>
                "Horizons in"
                <SettingMenu key=Key::Horizons handle=handle testid="horizon-unit" problem=problem
                    options=choices(&[("days", "trading days"), ("months", "calendar months")]) />
            </label>
            <label>
                "Split year"
                <SettingBox key=Key::Split handle=handle testid="split" inputmode="numeric" placeholder="none" />
            </label>
            <label class="seed">
                "Seed"
                <SettingBox key=Key::Seed handle=handle testid="seed" inputmode="numeric" />
            </label>
            <a class="replicate" data-testid="replicate" href=url::search_from_state(&ViewState::article_view())
                on:click=move |ev| {
                    ev.prevent_default();
                    handle.on_change.run(ViewState::replicated());
                }>
                "Replicate the article"
            </a>
            {move || problem.get().map(|p| view! { <p class="control-problem" role="alert" data-testid="control-problem">{p}</p> })}
        </form>
    }
}
