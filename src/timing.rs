//! User Timing entries, so anyone can profile the page in DevTools and the browser benchmark
//! can read the figures: `equalizer:load` (navigation start → the app's first chart drawn: the
//! first screen's; charts further down draw only as they come near the screen) and
//! `equalizer:draw` (one chart draw). The engine runs in the workers, off the page's clock.
//! They use the Performance API (never `Instant::now`, which does not exist in wasm) and cost a
//! mark or two when nobody reads them.

use std::sync::atomic::{AtomicU32, Ordering};

fn performance() -> Option<web_sys::Performance> {
    web_sys::window()?.performance()
}

/// Runs `f` and records its duration as the measure `name` (between two marks).
pub fn timed<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let Some(p) = performance() else { return f() };
    let start = format!("{name}:start");
    let _ = p.mark(&start);
    let out = f();
    let _ = p.measure_with_start_mark(name, &start);
    p.clear_marks_with_mark_name(&start);
    out
}

/// Charts that have drawn at least once; the first draw completes the page load.
static FIRST_DRAWS: AtomicU32 = AtomicU32::new(0);

/// Called after a chart's first successful draw: records `equalizer:load` at the app's first.
pub fn chart_first_drawn() {
    if FIRST_DRAWS.fetch_add(1, Ordering::Relaxed) == 0
        && let Some(p) = performance()
    {
        // A measure without marks runs from navigation start to now.
        let _ = p.measure("equalizer:load");
    }
}
