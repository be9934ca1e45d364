//! Where the numbers come from.

use std::sync::Arc;

use equalizer_engine::bundle::Manifest;
use leptos::prelude::*;

/// "Data: Yahoo Finance adjusted closes, IWM 2000-05-26 … 2026-08-21, QQQ …", from the manifest.
#[component]
pub fn DataLine(
    /// The bundle's manifest.
    manifest: Arc<Manifest>,
    /// The two legs shown.
    legs: Memo<(String, String)>,
) -> impl IntoView {
    move || {
        let (long, short) = legs.get();
        let spans: Vec<String> = [long, short]
            .iter()
            .filter_map(|t| manifest.tickers.iter().find(|e| &e.ticker == t))
            .map(|e| {
                let fixes = if e.corrections.is_empty() {
                    String::new()
                } else {
                    format!(" ({} adjustment seam(s) corrected)", e.corrections.len())
                };
                format!("{} {} \u{2026} {}{fixes}", e.ticker, e.first, e.last)
            })
            .collect();
        view! {
            <p class="data-line" data-testid="data-line">
                {format!("Data: Yahoo Finance adjusted closes, {}.", spans.join(", "))}
            </p>
        }
    }
}
