//! Bytes → page model, on hayro-syntax and hayro-interpret.

pub mod model;

pub use model::*;
