//! The page's components, one per file.

pub mod chart_canvas;
pub mod controls;
pub mod copy_link;
pub mod data_line;
pub mod error_banner;
pub mod events_table;
pub mod headline;
pub mod notices;
pub mod study_page;
pub mod summary_table;
