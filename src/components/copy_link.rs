//! "Copy link" button.

use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::settings::ViewState;
use crate::url;

/// Copies a link to the current view and says whether it worked; if the clipboard is not
/// available it shows the link to copy by hand.
#[component]
pub fn CopyLink(
    /// The view the link must reproduce.
    view_state: ReadSignal<ViewState>,
) -> impl IntoView {
    let status = RwSignal::new(None::<String>);
    let copy = move |_| {
        // Built from the state, not location.href: the URL update may still be pending.
        let link = view_state.with_untracked(url::link_to);
        leptos::task::spawn_local(async move {
            let clipboard = web_sys::window().map(|w| w.navigator().clipboard());
            let ok = match clipboard {
                Some(c) => JsFuture::from(c.write_text(&link)).await.is_ok(),
                None => false,
            };
            status.set(Some(if ok {
                "Link copied to the clipboard.".to_owned()
            } else {
                format!("Could not use the clipboard; copy this link: {link}")
            }));
        });
    };
    view! {
        <button type="button" class="copy-link" data-testid="copy-link" on:click=copy>"Copy link"</button>
        <span class="copy-status" role="status" data-testid="copy-status">{move || status.get()}</span>
    }
}
