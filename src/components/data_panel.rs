//! The "Data" panel: where every series comes from and what was corrected.

use std::sync::Arc;

use equalizer_engine::bundle::Manifest;
use leptos::prelude::*;

use crate::worker::protocol::FileSummary;

/// Each ticker's date range, rows, source file and layout, the file's SHA-256, and every
/// adjustment-seam correction applied, from the bundle's manifest.
#[component]
pub fn DataPanel(
    /// The bundle's manifest.
    manifest: Arc<Manifest>,
    /// Files the reader loaded (listed after the bundle's tickers).
    files: RwSignal<Vec<FileSummary>>,
) -> impl IntoView {
    let own = move || {
        files
            .get()
            .into_iter()
            .map(|f| {
                view! {
                    <tr data-ticker=f.leg.clone()>
                        <th scope="row">{f.leg.clone()}</th>
                        <td>{f.first.to_string()}</td>
                        <td>{f.last.to_string()}</td>
                        <td class="num">{f.days}</td>
                        <td>{format!("your file {} ({})", f.file_name, f.layout)}</td>
                        <td class="sha">"—"</td>
                        <td data-field="corrections">"none (your file is used as loaded)"</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let rows = manifest
        .tickers
        .iter()
        .map(|e| {
            let fixes = if e.corrections.is_empty() {
                "none".to_owned()
            } else {
                e.corrections
                    .iter()
                    .map(|c| format!("before {}: × {} ({} prices)", c.before, c.factor, crate::format::count(c.prices_changed)))
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            view! {
                <tr data-ticker=e.ticker.clone()>
                    <th scope="row">{e.ticker.clone()}</th>
                    <td>{e.first.to_string()}</td>
                    <td>{e.last.to_string()}</td>
                    <td class="num">{crate::format::count(e.rows)}</td>
                    <td>{format!("{} ({})", e.source_file, e.layout)}</td>
                    <td class="sha" title=e.sha256.clone()>{e.sha256.chars().take(12).collect::<String>()}"…"</td>
                    <td data-field="corrections">{fixes}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <details class="data-panel" data-testid="data-panel">
            <summary>"Data: sources, date ranges and corrections"</summary>
            <p>
                "Daily adjusted closes from Yahoo Finance (downloaded with yfinance by public repositories; see SOURCES.md "
                "beside the data). Adjustment-basis seams listed in corrections.csv are repaired by scaling every price "
                "before the seam day."
            </p>
            <table class="data" tabindex="0" aria-label="Each ticker's data: dates, rows, source and corrections">
                <thead>
                    <tr><th>"Ticker"</th><th>"First"</th><th>"Last"</th><th>"Rows"</th><th>"Source"</th><th>"SHA-256"</th><th>"Corrections applied"</th></tr>
                </thead>
                <tbody>{rows}{own}</tbody>
            </table>
        </details>
    }
}
