//! A visible error banner.

use leptos::prelude::*;

/// Shows an error that stops the study (missing or malformed data file), naming what failed.
#[component]
pub fn ErrorBanner(
    /// The message, shown as text.
    message: String,
) -> impl IntoView {
    view! {
        <div class="error-banner" role="alert" data-testid="error">
            <strong>"Something went wrong. "</strong>
            {message}
        </div>
    }
}
