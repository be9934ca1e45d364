//! Where the numbers come from.

use std::sync::Arc;

use equalizer_engine::bundle::Manifest;
use leptos::prelude::*;

use crate::worker::protocol::FileSummary;

/// "Data: Yahoo Finance adjusted closes, IWM 2000-05-26 … 2026-08-21, QQQ …", from the manifest,
/// or from the reader's own file for a `file:` leg.
#[component]
pub fn DataLine(
    /// The bundle's manifest.
    manifest: Arc<Manifest>,
    /// The two legs shown.
    legs: Memo<(String, String)>,
    /// Files the reader loaded.
    files: RwSignal<Vec<FileSummary>>,
) -> impl IntoView {
    move || {
        let (long, short) = legs.get();
        let spans: Vec<String> = [long, short]
            .iter()
            .map(|t| {
                if let Some(e) = manifest.tickers.iter().find(|e| &e.ticker == t) {
                    let fixes = if e.corrections.is_empty() {
                        String::new()
                    } else {
                        format!(" ({} adjustment seam(s) corrected)", e.corrections.len())
                    };
                    return format!("{} {} \u{2026} {}{fixes}", e.ticker, e.first, e.last);
                }
                files.with(|all| match all.iter().find(|f| &f.leg == t) {
                    Some(f) => format!(
                        "{t} from your file {} {} \u{2026} {} (no corrections)",
                        f.file_name, f.first, f.last
                    ),
                    None => format!("{t} (not loaded)"),
                })
            })
            .collect();
        view! {
            <p class="data-line" data-testid="data-line">
                {format!("Data: Yahoo Finance adjusted closes, {}.", spans.join(", "))}
            </p>
        }
    }
}
