//! Hooks that hold the page's state; components only read their signals and call their
//! methods. Every change of the view goes through [`ViewHandle::on_change`]; everything the
//! engine computes arrives from the page's workers ([`crate::worker`]).
//!
//! - [`view`]: the view, its URL and Back/Forward;
//! - [`workers`]: the two workers, started with the page's own module;
//! - [`bundle`]: the bundle's tickers on their way to the workers (fetched once, retried);
//! - [`results`]: one request per view, the replies part by part, what is out of date.

pub mod bundle;
pub mod results;
pub mod view;
pub mod workers;

pub use results::{FileLoad, Results, use_results};
pub use view::{ViewHandle, use_view};
