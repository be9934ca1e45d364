//! Installs the panic hook and mounts the Equalizer page.

fn main() {
    equalizer_web::panic_banner::install();
    // The static first screen from index.html gives way to the app in the same task, so no
    // frame shows neither.
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    leptos::mount::mount_to_body(equalizer_web::app::App);
}
