//! Notices about settings that were not used as given.

use leptos::prelude::*;

use crate::settings::{Notice, NoticeLine};

/// One line per setting that was replaced, naming the key, the value given and the value used:
/// from the URL (or a change such as leaving the article view) and from the pair's data.
#[component]
pub fn Notices(
    /// Notices about the URL and the last change.
    notices: ReadSignal<Vec<Notice>>,
    /// Notices about values the pair's data cannot use (a date beyond it).
    data_notices: Memo<Vec<NoticeLine>>,
) -> impl IntoView {
    let all = move || {
        let mut all: Vec<NoticeLine> = notices.with(|n| n.iter().map(Into::into).collect());
        all.extend(data_notices.get());
        all
    };
    view! {
        <Show when=move || notices.with(|n| !n.is_empty()) || data_notices.with(|n| !n.is_empty())>
            <div class="notice" role="status" data-testid="notice">
                <strong>"About these settings: "</strong>
                <ul>
                    <For
                        each=all
                        key=|n| n.message.clone()
                        children=|n| view! { <li data-key=n.key.clone()>{n.message.clone()}</li> }
                    />
                </ul>
            </div>
        </Show>
    }
}
