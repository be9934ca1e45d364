//! Deterministic size check of the release page's wasm (gzip -9), run by `make test`.
//!
//! The budget of issue #6 is 200 KB; the page is not there yet (see docs/benchmarks.md), so this
//! check is a ratchet at the current size plus a small margin: it fails the build on any growth
//! beyond it, and is lowered as the page shrinks.

use equalizer_e2e::{Error, dist_wasm, gzip_len};

/// Largest accepted gzip -9 size of the wasm, in bytes (measured 363,800 on 2026-11-25, after
/// the keyed events table: +3.6 KB for a threshold change 2.3 ms faster at the median).
const WASM_GZIP_MAX: u64 = 360 * 1024;
/// Issue #6's budget, printed beside the measurement.
const WASM_GZIP_BUDGET: u64 = 200 * 1024;

#[test]
fn release_wasm_stays_within_its_size_ratchet() -> Result<(), Error> {
    let wasm = dist_wasm()?;
    let gz = gzip_len(&wasm)?;
    println!("wasm gzip -9: {gz} bytes (ratchet {WASM_GZIP_MAX}, budget {WASM_GZIP_BUDGET})");
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
