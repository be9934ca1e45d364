//! Fetching the data bundle (relative URLs, so the page works under any base path), and the
//! reader's own loaded files.

use std::sync::Arc;

use equalizer_engine::Series;
use equalizer_engine::bundle::{FORMAT, Manifest, ManifestEntry, TickerFile};
use equalizer_engine::yahoo::Layout;
use gloo_net::http::Request;

/// A CSV file the reader loaded in the browser (never uploaded).
#[derive(Debug, Clone)]
pub struct LoadedFile {
    /// Its leg name, `file:NAME`.
    pub leg: String,
    /// The file's own name.
    pub file_name: String,
    /// Which Yahoo layout it was read as.
    pub layout: Layout,
    /// Its prices, as loaded (no corrections).
    pub series: Arc<Series>,
    /// Rows skipped because Yahoo wrote `null` for the day (the message says how many).
    pub skipped_null_rows: usize,
}

/// Folder of the bundle, relative to the page.
pub const DATA_DIR: &str = "data";

/// Fetches a bundle file's text; errors name the file.
async fn fetch_text(file: &str) -> Result<String, String> {
    let url = format!("{DATA_DIR}/{file}");
    let resp = Request::get(&url)
        .send()
        .await
        .map_err(|e| format!("Could not load {url}: {e}"))?;
    if !resp.ok() {
        return Err(format!(
            "Could not load {url}: HTTP {} {}",
            resp.status(),
            resp.status_text()
        ));
    }
    resp.text()
        .await
        .map_err(|e| format!("Could not read {url}: {e}"))
}

/// Fetches and checks `manifest.json`.
pub async fn fetch_manifest() -> Result<Arc<Manifest>, String> {
    let text = fetch_text("manifest.json").await?;
    let m: Manifest = serde_json::from_str(&text)
        .map_err(|e| format!("{DATA_DIR}/manifest.json is malformed: {e}"))?;
    if m.format != FORMAT {
        return Err(format!(
            "{DATA_DIR}/manifest.json has format {}, this page reads format {FORMAT}; rebuild the bundle",
            m.format
        ));
    }
    if m.tickers.len() < 2 {
        return Err(format!(
            "{DATA_DIR}/manifest.json lists {} tickers; a study needs two",
            m.tickers.len()
        ));
    }
    Ok(Arc::new(m))
}

/// Fetches, parses and validates one ticker file.
pub async fn fetch_series(entry: &ManifestEntry) -> Result<Arc<Series>, String> {
    let text = fetch_text(&entry.file).await?;
    let file: TickerFile = serde_json::from_str(&text)
        .map_err(|e| format!("{DATA_DIR}/{} is malformed: {e}", entry.file))?;
    let series = file
        .to_series()
        .map_err(|e| format!("{DATA_DIR}/{} is invalid: {e}", entry.file))?;
    Ok(Arc::new(series))
}
