//! # equalizer-calibrate
//!
//! `make calibrate`: how often does each significance figure of the study, the sweep and the
//! cross-section call an edge significant when there is none? Synthetic pairs with no
//! predictability but with clustered volatility (GARCH, regime switching) go through the
//! engine.
//!
//! Layers: [`generate`] (the synthetic nulls).

#![warn(missing_docs)]

pub mod generate;
