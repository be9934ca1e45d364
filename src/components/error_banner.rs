//! A visible error banner.

use leptos::prelude::*;

/// Shows an error that stops the study (a range outside the data, a missing or malformed data
/// file), naming what failed.
#[component]
pub fn ErrorBanner(
    /// The message, shown as text.
    message: String,
) -> impl IntoView {
    view! {
        <div class="error-banner" role="alert" data-testid="error">
            <strong>"This view cannot be shown: "</strong>
            {message}
        </div>
    }
}
