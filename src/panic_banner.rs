//! If the page panics anyway, say so on the page (not only in the console) and how to recover.

use wasm_bindgen::JsCast;

/// Text of the banner shown after a panic.
pub const MESSAGE: &str = "Equalizer stopped because of an internal error, so the numbers on this page may be stale. \
                           Reload the page to start again; if it happens again, please report the link you opened.";

/// Installs the panic hook: the console message (console_error_panic_hook), then the banner.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show();
    }));
}

/// Puts the banner at the top of the page (once).
pub fn show() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if document
        .query_selector("[data-testid=panic]")
        .ok()
        .flatten()
        .is_some()
    {
        return;
    }
    let Ok(banner) = document.create_element("div") else {
        return;
    };
    banner.set_class_name("error-banner panic");
    let _ = banner.set_attribute("role", "alert");
    let _ = banner.set_attribute("data-testid", "panic");
    banner.set_text_content(Some(MESSAGE));
    let reload = document.create_element("button").ok();
    if let Some(button) = &reload {
        button.set_text_content(Some("Reload"));
        let _ = button.set_attribute("type", "button");
        // A wasm closure, not an inline handler, so a strict Content-Security-Policy allows it.
        let reload_page = wasm_bindgen::closure::Closure::<dyn Fn()>::new(|| {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        });
        let _ =
            button.add_event_listener_with_callback("click", reload_page.as_ref().unchecked_ref());
        // The banner lives until the page reloads.
        reload_page.forget();
        let _ = banner.append_child(button);
    }
    if let Some(body) = document.body() {
        let first = body.first_child();
        let _ = body.insert_before(banner.unchecked_ref(), first.as_ref());
    }
}
