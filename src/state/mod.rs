//! Hooks that hold the page's state; components only read their signals and call their
//! methods. Every change of the view goes through [`ViewHandle::on_change`]; everything else
//! is derived from the view and the loaded pair.
//!
//! - [`view`]: the view, its URL and Back/Forward;
//! - [`pair`]: the two legs' series, fetched (or loaded from the reader's files) and prepared;
//! - [`results`]: the study, the sweep and the article's replication, each error kept once;
//! - [`advice`]: the cross-section of every ticker and the "follow the article" simulation.

pub mod advice;
pub mod pair;
pub mod results;
pub mod view;

pub use advice::{Advice, use_advice};
pub use pair::{PairHandle, SeriesStore, use_pair};
pub use results::{Results, use_results};
pub use view::{ViewHandle, use_view};
