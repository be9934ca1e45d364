//! Prices in: calendar days, validated series, the Yahoo CSV parser and its corrections, the
//! page's data bundle, and two series aligned on the dates both have.
//!
//! Nothing here knows about events or statistics; everything that reads a price goes through
//! [`series::Series`], which guarantees increasing dates and finite positive closes.

pub mod align;
pub mod bundle;
pub mod corrections;
pub mod date;
pub mod series;
pub mod yahoo;
