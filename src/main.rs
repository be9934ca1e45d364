//! Installs the panic hook and mounts the Equalizer page.

fn main() {
    equalizer_web::panic_banner::install();
    leptos::mount::mount_to_body(equalizer_web::app::App);
}
