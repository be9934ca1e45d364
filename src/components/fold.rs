//! A block's tables and secondary charts behind a toggle: the block's one-sentence answer stays
//! in view and every number is one click away (and always in the CSV and JSON downloads).

use leptos::prelude::*;

/// A `<details>` a reader opens for what it holds; closed at first, and open for as long as
/// the reader keeps it open.
#[component]
pub fn Fold(
    /// The toggle's words: what opening it shows.
    label: &'static str,
    /// The `data-testid` of the `<details>`.
    testid: &'static str,
    /// Whether the reader opened it: owned by the block, outside whatever rebuilds the fold,
    /// so a new answer never shuts a table the reader is reading.
    open: RwSignal<bool>,
    /// What it holds.
    children: Children,
) -> impl IntoView {
    view! {
        <details class="fold" data-testid=testid prop:open=move || open.get()
            on:toggle=move |ev| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
            <summary>{label}</summary>
            {children()}
        </details>
    }
}
