//! The theme menu: follow the system, or always light or dark.

use leptos::prelude::*;

use crate::theme::{Theme, ThemeChoice};

/// A labelled menu that picks the theme and remembers the pick.
#[component]
pub fn ThemeToggle(
    /// The page's theme state.
    theme: Theme,
) -> impl IntoView {
    let options = ThemeChoice::ALL
        .into_iter()
        .map(|c| {
            view! {
                <option value=c.key() selected=move || theme.choice.get() == c>{c.label()}</option>
            }
        })
        .collect_view();
    view! {
        <label class="theme-toggle">
            "Theme "
            <select data-testid="theme" prop:value=move || theme.choice.get().key()
                on:change=move |e| theme.choose(ThemeChoice::choice_from_key(&event_target_value(&e)))>
                {options}
            </select>
        </label>
    }
}
