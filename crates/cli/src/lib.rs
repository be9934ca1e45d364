//! Library side of the `equalizer` CLI: reading the data folder and rendering tables.
//! Split from `main.rs` so integration tests can load data the way the binary does.

pub mod data;
pub mod table;
