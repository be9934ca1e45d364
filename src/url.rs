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

/// `?long=…&short=…` for a view, encoded by the browser.
pub fn search_from_state(v: &ViewState) -> String {
    let Ok(params) = UrlSearchParams::new() else {
        return String::new();
    };
    for (k, val) in query_from_state(v) {
        params.append(k, &val);
    }
    format!("?{}", String::from(params.to_string()))
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
