//! Bring your own data: CSV files read in the browser by the engine's Yahoo parser. Nothing is
//! uploaded anywhere; a loaded file becomes a leg named `file:NAME`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use crate::settings::leg_from_file_name;
use crate::state::{FileLoad, Results};
use crate::worker::protocol::FileSummary;

/// Largest file read, in bytes (a century of daily rows is about 5 MB).
const MAX_BYTES: f64 = 50e6;

/// Reads one picked file's text and names its leg: `(file name, leg, text)`; errors name the
/// file.
async fn read_file(file: web_sys::File) -> Result<(String, String, String), String> {
    let file_name = file.name();
    let leg = leg_from_file_name(&file_name).ok_or_else(|| {
        format!("{file_name}: the file name needs at least one ASCII letter or digit")
    })?;
    if file.size() > MAX_BYTES {
        return Err(format!(
            "{file_name} is {:.0} MB; files up to {:.0} MB are read",
            file.size() / 1e6,
            MAX_BYTES / 1e6
        ));
    }
    let text = JsFuture::from(file.text())
        .await
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| format!("{file_name} could not be read as text"))?;
    Ok((file_name, leg, text))
}

/// What was read from a file, in one line.
fn read_line(f: &FileSummary) -> String {
    let skipped = match f.skipped_null_rows {
        0 => String::new(),
        1 => " 1 row where Yahoo wrote null (no prices that day) was skipped.".to_owned(),
        n => format!(" {n} rows where Yahoo wrote null (no prices that day) were skipped."),
    };
    format!(
        "{} ({}): {} days, {} to {}, as {}.{skipped} Nothing was uploaded; no corrections applied.",
        f.file_name, f.layout, f.days, f.first, f.last, f.leg
    )
}

/// A file picker (and drop zone) for Yahoo CSVs in any of the three layouts. Each file is read
/// by the page's worker; a good one becomes a leg (the first one the long leg, unless the view
/// already uses it, as when a shared link asked for it), and one that cannot make a study with
/// the other leg is refused, leaving the legs as they were. Each file gets a line saying what
/// was read or what was wrong.
#[component]
pub fn Upload(
    /// What the workers computed (and where loaded files go).
    results: Results,
) -> impl IntoView {
    let take = move |list: Option<web_sys::FileList>| {
        let Some(list) = list else { return };
        let picked: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        spawn_local(async move {
            let (mut good, mut refused) = (Vec::new(), Vec::new());
            for file in picked {
                match read_file(file).await {
                    Ok(f) => good.push(f),
                    Err(e) => refused.push(e),
                }
            }
            results.load_files(good, refused);
        });
    };
    let input = NodeRef::<leptos::html::Input>::new();
    let on_pick = move |_| take(input.get_untracked().and_then(|i| i.files()));
    let on_drop = move |e: web_sys::DragEvent| {
        e.prevent_default();
        take(e.data_transfer().and_then(|d| d.files()));
    };
    view! {
        <section class="upload" data-testid="upload"
            on:dragover=move |e: web_sys::DragEvent| e.prevent_default() on:drop=on_drop>
            <label>
                "Use your own CSV (Yahoo Finance daily prices, any of the three layouts; read here, never uploaded): "
                <input type="file" accept=".csv,text/csv" multiple node_ref=input data-testid="upload-input"
                    on:change=on_pick />
            </label>
            <ul class="upload-status" aria-live="polite">
                {move || results.file_loads.get().into_iter().map(|load| match load {
                    FileLoad::Reading(name) => view! { <li>{format!("Reading {name}…")}</li> }.into_any(),
                    FileLoad::Read(f) => view! { <li class="ok">{read_line(&f)}</li> }.into_any(),
                    FileLoad::Refused(m) => view! { <li class="problem" role="alert">{m}</li> }.into_any(),
                }).collect_view()}
            </ul>
        </section>
    }
}
