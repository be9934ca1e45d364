//! A block's tables and secondary charts behind a toggle: the block's one-sentence answer stays
//! in view and every number is one click away (and always in the CSV and JSON downloads).

use leptos::prelude::*;

/// A `<details>` a reader opens for what it holds; closed at first.
#[component]
pub fn Fold(
    /// The toggle's words: what opening it shows.
    label: &'static str,
    /// The `data-testid` of the `<details>`.
    testid: &'static str,
    /// What it holds.
    children: Children,
) -> impl IntoView {
    view! {
        <details class="fold" data-testid=testid>
            <summary>{label}</summary>
            {children()}
        </details>
    }
}
