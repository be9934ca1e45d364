//! The browser's side of the URL: read the query, replace or push history entries, links.

use wasm_bindgen::JsValue;
use web_sys::UrlSearchParams;

use crate::settings::{ViewState, query_from_state};

/// The decoded `?…` pairs of the current URL, in order (the browser's own parser).
pub fn query_pairs() -> Vec<(String, String)> {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let Ok(params) = UrlSearchParams::new_with_str(&search) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // UrlSearchParams is iterable as [key, value] arrays.
    if let Ok(Some(iter)) = js_sys::try_iter(&params) {
        for entry in iter.flatten() {
            let pair = js_sys::Array::from(&entry);
            let k = pair.get(0).as_string().unwrap_or_default();
            let v = pair.get(1).as_string().unwrap_or_default();
            out.push((k, v));
        }
    }
    out
}

/// The address bar's query string as it is (`?…`, or empty).
pub fn current_search() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// `?long=…&short=…` for a view, encoded as the browser's `URLSearchParams` encodes it (the
/// WHATWG form encoding; pure Rust, so the first screen rendered at build time can write links).
pub fn search_from_state(v: &ViewState) -> String {
    let mut query = form_urlencoded::Serializer::for_suffix(String::from("?"), 1);
    for (k, val) in query_from_state(v) {
        query.append_pair(k, &val);
    }
    query.finish()
}

/// How a URL enters the browser's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlWrite {
    /// Replace the current entry.
    Replace,
    /// Add an entry (Back returns to the current one).
    Push,
}

/// Writes the view's URL into the history.
pub fn write_url(v: &ViewState, how: UrlWrite) {
    let Some(w) = web_sys::window() else { return };
    let Ok(h) = w.history() else { return };
    let path = w.location().pathname().unwrap_or_default();
    let url = format!("{path}{}", search_from_state(v));
    // Nothing to tell the reader if the browser refuses (it throttles very rapid updates);
    // the next change writes the URL again.
    let _ = match how {
        UrlWrite::Replace => h.replace_state_with_url(&JsValue::NULL, "", Some(&url)),
        UrlWrite::Push => h.push_state_with_url(&JsValue::NULL, "", Some(&url)),
    };
}

/// An absolute link to a view on this page.
pub fn link_to(v: &ViewState) -> String {
    let Some(w) = web_sys::window() else {
        return String::new();
    };
    let loc = w.location();
    let origin = loc.origin().unwrap_or_default();
    let path = loc.pathname().unwrap_or_default();
    format!("{origin}{path}{}", search_from_state(v))
}
