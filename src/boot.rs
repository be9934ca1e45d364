//! The first screen rendered at build time and the page that takes its place.
//!
//! `index.html` holds `#boot`, the default view's answer and spread chart rendered by
//! `crates/prerender` with the page's own components and chart code, and an empty `#app`. The
//! page mounts into `#app`, which is laid out in the same place but hidden (so its charts have
//! their size); once the page's spread chart has drawn, or the page has only a message to show,
//! [`reveal`] removes `#boot` and shows the page in one frame. A link to another view never
//! shows the pre-rendered answer: the first-screen script in `index.html` swaps it for a line
//! naming the view being loaded.

/// The pre-rendered first screen's id.
pub const BOOT_ID: &str = "boot";
/// The page's mount point's id.
pub const APP_ID: &str = "app";
/// Present on the mount point while the page is not shown yet.
pub const LOADING_ATTR: &str = "data-loading";

/// The page's mount point.
pub fn mount_point() -> Option<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    web_sys::window()?
        .document()?
        .get_element_by_id(APP_ID)?
        .dyn_into()
        .ok()
}

/// Shows the page in place of the pre-rendered first screen (once; later calls do nothing).
pub fn reveal() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(boot) = document.get_element_by_id(BOOT_ID) {
        boot.remove();
    }
    if let Some(app) = document.get_element_by_id(APP_ID) {
        // The attribute goes in the same task as the boot screen, so no frame shows neither.
        let _ = app.remove_attribute(LOADING_ATTR);
    }
}
