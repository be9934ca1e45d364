//! Deterministic size check of the release page's wasm (gzip -9), run by `make test`.
//!
//! Issue #16 replaced the earlier 200 KB budget (a proxy) by what a reader waits for (first
//! answer on slow 4G, main-thread time per change, measured by `make bench`). This check is a
//! ratchet so that nothing grows by accident: the current size plus a small margin; raise it
//! only with a measured reason in the commit, lower it as the page shrinks.

use equalizer_e2e::{Error, dist_wasm, gzip_len};

/// Largest accepted gzip -9 size of the wasm, in bytes. Measured 415,300 on 2026-11-30 after
/// issues 12–14 (one settings model, the layered page, the verdict, out-of-sample panel,
/// ranks, n/a rule, PNG captions: +51 KB over 363,800); 503,600 after issue 15 (the
/// cross-section and follow panels with their two charts and controls, the engine's
/// cross-section, simulation, max-T and lag decay, the hook that loads every ticker: +88 KB).
const WASM_GZIP_MAX: u64 = 500 * 1024;

#[test]
fn release_wasm_stays_within_its_size_ratchet() -> Result<(), Error> {
    let wasm = dist_wasm()?;
    let gz = gzip_len(&wasm)?;
    println!("wasm gzip -9: {gz} bytes (ratchet {WASM_GZIP_MAX})");
    // A real wasm module of this page is far above a few kilobytes: guards against measuring
    // an empty or truncated file.
    assert!(
        gz > 50 * 1024,
        "{} is only {gz} bytes gzipped",
        wasm.display()
    );
    assert!(
        gz <= WASM_GZIP_MAX,
        "{} is {gz} bytes gzipped, above the ratchet of {WASM_GZIP_MAX}",
        wasm.display()
    );
    Ok(())
}
