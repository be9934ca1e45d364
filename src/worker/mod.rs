//! The engine off the main thread: the page runs every engine call in Web Workers, and the
//! main thread keeps the view, the URL and the drawing.
//!
//! - [`protocol`]: the typed messages and their codec (both threads);
//! - [`computer`]: what a worker holds and computes, part by part (pure Rust: the workers, the
//!   build's pre-rendered first screen and native tests run the same code);
//! - [`host`]: the worker's event loop (wasm only in practice).
//!
//! Both workers start the page's own wasm module (`worker.js` receives the compiled
//! `WebAssembly.Module` from the page, so nothing is downloaded or compiled twice) and tell
//! from their name which [`computer::Role`] they play. Why two: the cross-section of every
//! ticker takes longer than a frame, and a threshold change must never wait behind it.

pub mod computer;
pub mod host;
pub mod protocol;
