//! Notices about URL values that were not used.

use leptos::prelude::*;

use crate::url_state::Notice;

/// One line per URL parameter that was replaced, naming the parameter and the value used.
#[component]
pub fn Notices(
    /// Current notices.
    notices: RwSignal<Vec<Notice>>,
) -> impl IntoView {
    view! {
        <Show when=move || notices.with(|n| !n.is_empty())>
            <div class="notice" role="status" data-testid="notice">
                <strong>"Some link settings were not used: "</strong>
                <ul>
                    <For
                        each=move || notices.get()
                        key=|n| n.message()
                        children=|n| view! { <li>{n.message()}</li> }
                    />
                </ul>
            </div>
        </Show>
    }
}
