//! The study's controls.

use equalizer_engine::{Date, Direction, HorizonUnit, ThresholdUnit};
use leptos::prelude::*;

use crate::format::threshold_text;
use crate::url_state::{MAX_COOLOFF, MAX_THRESHOLD, ViewState, browser};

/// Tickers, threshold (number and slider), direction, cool-off and date range. Each change
/// calls `on_change` with the whole new view; input that cannot be used shows a message beside
/// the control and changes nothing.
#[component]
pub fn Controls(
    /// Current view.
    view_state: RwSignal<ViewState>,
    /// Tickers in the data, then loaded files (`file:NAME`).
    #[prop(into)]
    tickers: Signal<Vec<String>>,
    /// Applies a new view.
    on_change: Callback<ViewState>,
) -> impl IntoView {
    let problem = RwSignal::new(None::<String>);
    let apply = move |f: &dyn Fn(&mut ViewState) -> Result<(), String>| {
        let mut v = view_state.get_untracked();
        match f(&mut v) {
            Ok(()) => {
                problem.set(None);
                on_change.run(v);
            }
            Err(msg) => problem.set(Some(msg)),
        }
    };
    let set_leg = move |long: bool, value: String| {
        apply(&|v| {
            let (this, other) = if long {
                (&mut v.long, &mut v.short)
            } else {
                (&mut v.short, &mut v.long)
            };
            if *other == value {
                // Picking the other leg's ticker swaps the legs.
                *other = this.clone();
            }
            *this = value.clone();
            Ok(())
        })
    };
    let set_threshold = move |text: String| {
        apply(&|v| match text.trim().parse::<f64>() {
            Ok(t) if t.is_finite() && t > 0.0 && t <= MAX_THRESHOLD => {
                v.threshold_pct = t;
                Ok(())
            }
            _ => Err(format!(
                "Threshold: '{text}' is not a number above 0 and at most {MAX_THRESHOLD}."
            )),
        })
    };
    let set_date = move |is_from: bool, text: String| {
        apply(&|v| {
            let d = if text.is_empty() {
                None
            } else {
                Some(text.parse::<Date>().map_err(|e| format!("Date: {e}."))?)
            };
            let (from, to) = if is_from { (d, v.to) } else { (v.from, d) };
            if let (Some(f), Some(t)) = (from, to)
                && f > t
            {
                return Err(format!("Dates: from {f} is after to {t}."));
            }
            v.from = from;
            v.to = to;
            Ok(())
        })
    };
    let options = move |selected: fn(&ViewState) -> String| {
        move || {
            tickers
                .get()
                .into_iter()
                .map(|t| {
                    let value = t.clone();
                    view! {
                        <option value=value.clone() selected=move || view_state.with(|v| selected(v) == value)>
                            {t}
                        </option>
                    }
                })
                .collect_view()
        }
    };
    let long_options = options(|v| v.long.clone());
    let short_options = options(|v| v.short.clone());
    let t_text = move || view_state.with(|v| threshold_text(v.threshold_pct));
    let date_text = |d: Option<Date>| d.map_or_else(String::new, |d| d.to_string());

    view! {
        <form class="controls" on:submit=|ev| ev.prevent_default()>
            <label>
                "Long"
                <select data-testid="long" on:change=move |ev| set_leg(true, event_target_value(&ev))
                    prop:value=move || view_state.with(|v| v.long.clone())>
                    {long_options}
                </select>
            </label>
            <label>
                "Short"
                <select data-testid="short" on:change=move |ev| set_leg(false, event_target_value(&ev))
                    prop:value=move || view_state.with(|v| v.short.clone())>
                    {short_options}
                </select>
            </label>
            <label class="threshold">
                "Threshold (%)"
                <input type="number" data-testid="threshold" min="0.1" max=MAX_THRESHOLD step="0.1"
                    prop:value=t_text on:input=move |ev| set_threshold(event_target_value(&ev)) />
                <input type="range" data-testid="threshold-slider" min="0.5" max="10" step="0.1"
                    aria-label="Threshold slider (percent)"
                    prop:value=t_text on:input=move |ev| set_threshold(event_target_value(&ev)) />
            </label>
            <label>
                "Direction"
                <select data-testid="direction"
                    prop:value=move || view_state.with(|v| v.direction.as_str())
                    on:change=move |ev| {
                        let text = event_target_value(&ev);
                        apply(&|v| {
                            v.direction = text.parse::<Direction>().map_err(|e| format!("Direction: {e}."))?;
                            Ok(())
                        })
                    }>
                    <option value="up">"up: long − short ≥ t"</option>
                    <option value="down">"down: long − short ≤ −t"</option>
                    <option value="abs">"abs: |long − short| ≥ t"</option>
                </select>
            </label>
            <label>
                "Cool-off (trading days)"
                <input type="number" data-testid="cooloff" min="0" max=MAX_COOLOFF step="1"
                    prop:value=move || view_state.with(|v| v.cooloff.to_string())
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        apply(&|v| match text.trim().parse::<usize>() {
                            Ok(c) if c <= MAX_COOLOFF => { v.cooloff = c; Ok(()) }
                            _ => Err(format!("Cool-off: '{text}' is not a whole number from 0 to {MAX_COOLOFF}.")),
                        })
                    } />
            </label>
            <label>
                "From"
                <input type="date" data-testid="from" prop:value=move || view_state.with(|v| date_text(v.from))
                    on:change=move |ev| set_date(true, event_target_value(&ev)) />
            </label>
            <label>
                "To"
                <input type="date" data-testid="to" prop:value=move || view_state.with(|v| date_text(v.to))
                    on:change=move |ev| set_date(false, event_target_value(&ev)) />
            </label>
            <label>
                "Threshold in"
                <select data-testid="units" prop:value=move || view_state.with(|v| v.units.as_str())
                    on:change=move |ev| {
                        let text = event_target_value(&ev);
                        apply(&|v| {
                            v.units = text.parse::<ThresholdUnit>().map_err(|e| format!("Threshold unit: {e}."))?;
                            Ok(())
                        })
                    }>
                    <option value="pct">"percent"</option>
                    <option value="z">"volatility units (z)"</option>
                </select>
            </label>
            <label>
                "Horizons in"
                <select data-testid="horizon-unit" prop:value=move || view_state.with(|v| v.horizon_unit.as_str())
                    on:change=move |ev| {
                        let text = event_target_value(&ev);
                        apply(&|v| {
                            v.horizon_unit = text.parse::<HorizonUnit>().map_err(|e| format!("Horizons: {e}."))?;
                            Ok(())
                        })
                    }>
                    <option value="days">"trading days"</option>
                    <option value="months">"calendar months"</option>
                </select>
            </label>
            <label>
                "Split year"
                <input type="number" data-testid="split" min="1900" max="2100" step="1" placeholder="none"
                    prop:value=move || view_state.with(|v| v.split_year.map_or_else(String::new, |y| y.to_string()))
                    on:change=move |ev| {
                        let text = event_target_value(&ev);
                        apply(&|v| {
                            v.split_year = match text.trim() {
                                "" => None,
                                t => match t.parse::<i32>() {
                                    Ok(y) if (1900..=2100).contains(&y) => Some(y),
                                    _ => return Err(format!("Split year: '{text}' is not a year from 1900 to 2100.")),
                                },
                            };
                            Ok(())
                        })
                    } />
            </label>
            <label>
                "Seed"
                <input type="number" data-testid="seed" min="0" step="1" class="seed"
                    prop:value=move || view_state.with(|v| v.seed.to_string())
                    on:change=move |ev| {
                        let text = event_target_value(&ev);
                        apply(&|v| {
                            v.seed = text.trim().parse::<u64>().map_err(|_| format!("Seed: '{text}' is not a whole number ≥ 0."))?;
                            Ok(())
                        })
                    } />
            </label>
            <a class="replicate" data-testid="replicate" href=browser::search_from_state(&ViewState::article_view())
                on:click=move |ev| {
                    ev.prevent_default();
                    on_change.run(ViewState::article_view());
                }>
                "Replicate the article"
            </a>
            {move || problem.get().map(|p| view! { <p class="control-problem" role="alert" data-testid="control-problem">{p}</p> })}
        </form>
    }
}
