//! Equalizer's page: the rotation spread study computed in the browser.
//!
//! `main.rs` only mounts [`app::App`]. The page fetches the data bundle ([`data`]), keeps
//! every setting in the URL ([`settings`] defines them, [`url`] writes them, [`state`] holds them), derives results from signals by calling
//! `equalizer-engine`, and draws charts with plotters on canvas ([`charts`]).

// The page's deepest views (a table of rows inside a toggle) nest types past the default 128.
#![recursion_limit = "256"]

pub mod advice;
pub mod app;
pub mod boot;
pub mod calibration;
pub mod charts;
pub mod components;
pub mod data;
pub mod format;
pub mod panic_banner;
pub mod settings;
pub mod shared;
pub mod state;
pub mod theme;
pub mod timing;
pub mod url;
pub mod verdict;
pub mod worker;
