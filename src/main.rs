//! Installs the panic hook and mounts the Equalizer page.

fn main() {
    // The same module runs in the page's workers: there it answers the page's requests.
    if equalizer_web::worker::host::in_worker() {
        console_error_panic_hook::set_once();
        equalizer_web::worker::host::run();
        return;
    }
    equalizer_web::panic_banner::install();
    // The page mounts hidden beside the pre-rendered first screen and takes its place once it
    // has drawn (`boot::reveal`); without a mount point (an old index.html) it mounts in the body.
    match equalizer_web::boot::mount_point() {
        Some(app) => leptos::mount::mount_to(app, equalizer_web::app::App).forget(),
        None => leptos::mount::mount_to_body(equalizer_web::app::App),
    }
}
