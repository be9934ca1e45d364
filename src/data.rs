//! The data bundle's manifest (relative URLs, so the page works under any base path). The
//! tickers' files go straight to the workers ([`crate::state::bundle`]).

use std::sync::Arc;

use equalizer_engine::bundle::{FORMAT, Manifest};
use gloo_net::http::Request;

/// Folder of the bundle, relative to the page.
pub const DATA_DIR: &str = "data";

/// Fetches a bundle file: its URL and the answer, or a sentence naming the file when the
/// request failed or the host answered an HTTP error.
pub async fn fetch_file(file: &str) -> Result<(String, gloo_net::http::Response), String> {
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
    Ok((url, resp))
}

/// Fetches a bundle file's text; errors name the file.
async fn fetch_text(file: &str) -> Result<String, String> {
    let (url, resp) = fetch_file(file).await?;
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
