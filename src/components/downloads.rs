//! CSV downloads of the events and the summary.

use equalizer_engine::export::{events_csv, summary_csv};
use equalizer_engine::{Study, ThresholdUnit};
use leptos::prelude::*;

use crate::format::threshold_text;
use crate::shared::Shared;

/// A `data:` URL for a CSV text (nothing is uploaded or fetched).
fn data_url(csv: &str) -> String {
    format!(
        "data:text/csv;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(csv))
    )
}

/// Links that download the events and the summary as CSV, full precision, named after the view.
#[component]
pub fn Downloads(
    /// The current study.
    study: Memo<Option<Shared<Study>>>,
) -> impl IntoView {
    move || {
        study.get().map(|s| {
            // File names stay ASCII: "4" for percent, "3sigma" for z.
            let unit = match s.threshold_unit {
                ThresholdUnit::Pct => "",
                ThresholdUnit::Z => "sigma",
            };
            let stem = format!("equalizer-{}-{}-{}{}{unit}", s.long, s.short, s.direction, threshold_text(s.threshold));
            let links = [("events", events_csv(&s)), ("summary", summary_csv(&s))].map(|(what, csv)| match csv {
                Ok(text) => view! {
                    <a class="download" data-testid=format!("download-{what}") download=format!("{stem}-{what}.csv") href=data_url(&text)>
                        {format!("{what} (CSV)")}
                    </a>
                }
                .into_any(),
                Err(e) => view! { <span class="chart-error" role="alert">{e.to_string()}</span> }.into_any(),
            });
            view! { <p class="downloads">"Download: "{links}</p> }
        })
    }
}
