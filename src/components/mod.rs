//! The page's components, one per file.

pub mod article_panel;
pub mod chart_canvas;
pub mod controls;
pub mod copy_link;
pub mod cross_section;
pub mod data_line;
pub mod data_panel;
pub mod downloads;
pub mod error_banner;
pub mod events_table;
pub mod fold;
pub mod follow_panel;
pub mod headline;
pub mod held_out;
pub mod lag_decay;
pub mod near;
pub mod notices;
pub mod study_page;
pub mod subperiods_table;
pub mod summary_table;
pub mod sweep_heatmap;
pub mod theme_toggle;
pub mod upload;
pub mod verdict;
