//! CSV downloads of the events and the summary.

use equalizer_engine::export::{events_csv, summary_csv};
use equalizer_engine::{Study, ThresholdUnit};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::format::threshold_text;
use crate::shared::Shared;

/// A `data:` URL for a CSV text (nothing is uploaded or fetched).
fn data_url(csv: &str) -> String {
    format!(
        "data:text/csv;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(csv))
    )
}

/// One of the engine's CSV writers.
type Export = fn(&Study) -> Result<String, equalizer_engine::export::ExportError>;

/// The two exports, each with the engine's writer.
const EXPORTS: [(&str, Export); 2] = [("events", events_csv), ("summary", summary_csv)];

/// Links that download the events and the summary as CSV, full precision, named after the view.
/// Each file is written when its link is clicked, just before the browser follows it, so a
/// change of settings does not write two files nobody asked for.
#[component]
pub fn Downloads(
    /// The current study.
    study: Memo<Option<Shared<Study>>>,
) -> impl IntoView {
    let problem = RwSignal::new(None::<String>);
    let links = EXPORTS.map(|(what, export)| {
        let on_click = move |ev: web_sys::MouseEvent| {
            let Some(a) = ev
                .current_target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlAnchorElement>().ok())
            else {
                return;
            };
            let Some(s) = study.get_untracked() else {
                ev.prevent_default();
                return;
            };
            match export(&s) {
                Ok(text) => {
                    a.set_download(&format!("{}-{what}.csv", stem(&s)));
                    a.set_href(&data_url(&text));
                    problem.set(None);
                }
                Err(e) => {
                    ev.prevent_default();
                    problem.set(Some(e.to_string()));
                }
            }
        };
        view! {
            <a class="download" href="#" data-testid=format!("download-{what}") on:click=on_click>
                {format!("{what} (CSV)")}
            </a>
        }
    });
    view! {
        <p class="downloads" hidden=move || study.with(Option::is_none)>"Download: "{links}</p>
        {move || problem.get().map(|e| view! { <p class="chart-error" role="alert">{e}</p> })}
    }
}

/// "equalizer-IWM-QQQ-up4": the files' names, after the view (ASCII: "4" for percent,
/// "3sigma" for z).
fn stem(s: &Study) -> String {
    let unit = match s.threshold_unit {
        ThresholdUnit::Pct => "",
        ThresholdUnit::Z => "sigma",
    };
    format!(
        "equalizer-{}-{}-{}{}{unit}",
        s.long,
        s.short,
        s.direction,
        threshold_text(s.threshold)
    )
}
