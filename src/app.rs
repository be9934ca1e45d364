//! The root component: loads the manifest, then shows the study.

use leptos::prelude::*;

use crate::components::error_banner::ErrorBanner;
use crate::components::study_page::StudyPage;
use crate::components::theme_toggle::ThemeToggle;
use crate::data::fetch_manifest;
use crate::theme::{Theme, provide_theme};

/// The skip link and the page's header: what the page is, and the theme menu (the first screen
/// rendered at build time has the same).
#[component]
pub fn PageHeader(
    /// The page's theme state.
    theme: Theme,
) -> impl IntoView {
    view! {
        <a class="skip" href="#results" data-testid="skip">"Skip to results"</a>
        <header class="top">
            <ThemeToggle theme=theme />
            <h1>"Equalizer"</h1>
            <p class="tagline">"What happened after violent market rotations? Pick two ETFs and a one-day spread."</p>
        </header>
    }
}

/// Header, loading state or error banner, and the study once the manifest is in.
#[component]
pub fn App() -> impl IntoView {
    let manifest = LocalResource::new(fetch_manifest);
    let theme = provide_theme();
    // A manifest that will not load leaves a message, not a study: show it.
    Effect::new(move |_| {
        if matches!(manifest.get(), Some(Err(_))) {
            crate::boot::reveal();
        }
    });
    view! {
        <PageHeader theme=theme />
        <main>
            {move || match manifest.get() {
                None => view! { <p class="loading" data-testid="loading">"Loading the list of ETFs…"</p> }.into_any(),
                Some(Err(e)) => view! { <ErrorBanner message=e /> }.into_any(),
                Some(Ok(m)) => view! { <StudyPage manifest=m /> }.into_any(),
            }}
        </main>
        <footer>
            "Computed in your browser from a static data bundle; nothing is sent anywhere. Past results say little about the future."
        </footer>
    }
}
