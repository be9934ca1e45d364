//! Bring your own data: CSV files read in the browser by the engine's Yahoo parser. Nothing is
//! uploaded anywhere; a loaded file becomes a leg named `file:NAME`.

use std::sync::Arc;

use equalizer_engine::yahoo::parse_csv;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use crate::data::LoadedFile;
use crate::settings::{Key, leg_from_file_name};
use crate::state::ViewHandle;

/// Largest file read, in bytes (a century of daily rows is about 5 MB).
const MAX_BYTES: f64 = 50e6;

/// Reads and parses one picked file; errors name the file, and the line where there is one.
async fn load_file(file: web_sys::File) -> Result<LoadedFile, String> {
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
    let parsed = parse_csv(&file_name, &leg, &text).map_err(|e| e.to_string())?;
    Ok(LoadedFile {
        leg,
        file_name,
        layout: parsed.layout,
        series: Arc::new(parsed.series),
        skipped_null_rows: parsed.skipped_null_rows,
    })
}

/// A file picker (and drop zone) for Yahoo CSVs in any of the three layouts. Each good file is
/// added to `files`; the first one becomes the long leg unless the view already uses it (as
/// when a shared link asked for it). Each file gets a line saying what was read or what was
/// wrong.
#[component]
pub fn Upload(
    /// Files loaded so far.
    files: RwSignal<Vec<LoadedFile>>,
    /// The view and how to change it.
    handle: ViewHandle,
) -> impl IntoView {
    let status = RwSignal::new(Vec::<Result<String, String>>::new());
    let take = move |list: Option<web_sys::FileList>| {
        let Some(list) = list else { return };
        let picked: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        spawn_local(async move {
            let mut lines = Vec::new();
            let mut first = None;
            for file in picked {
                match load_file(file).await {
                    Ok(f) => {
                        let s = &f.series;
                        let skipped = match f.skipped_null_rows {
                            0 => String::new(),
                            1 => " 1 row where Yahoo wrote null (no prices that day) was skipped."
                                .to_owned(),
                            n => format!(
                                " {n} rows where Yahoo wrote null (no prices that day) were skipped."
                            ),
                        };
                        lines.push(Ok(format!(
                            "{} ({}): {} days, {} to {}, as {}.{skipped} Nothing was uploaded; no corrections applied.",
                            f.file_name,
                            f.layout,
                            s.len(),
                            s.first_date(),
                            s.last_date(),
                            f.leg
                        )));
                        first.get_or_insert_with(|| f.leg.clone());
                        files.update(|all| {
                            all.retain(|g| g.leg != f.leg);
                            all.push(f);
                        });
                    }
                    Err(e) => lines.push(Err(e)),
                }
            }
            status.set(lines);
            let Some(leg) = first else { return };
            let in_use = handle
                .view
                .with_untracked(|v| v.long == leg || v.short == leg);
            if !in_use && let Err(e) = handle.edit(Key::Long, &leg) {
                status
                    .update(|s| s.push(Err(format!("{leg} could not become the long leg: {e}."))));
            }
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
                {move || status.get().into_iter().map(|line| match line {
                    Ok(m) => view! { <li class="ok">{m}</li> }.into_any(),
                    Err(m) => view! { <li class="problem" role="alert">{m}</li> }.into_any(),
                }).collect_view()}
            </ul>
        </section>
    }
}
