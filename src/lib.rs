//! shinchoku (進捗): digitizes Japanese municipal progress reports.
//!
//! The crate is a one-way pipeline; each stage is a plain function from one
//! typed value to the next and never reaches back up:
//! `pdf` (bytes → page model) → `layout` (grid, cells, marks) →
//! `report` (rows → records) → `normalize` (dates, counts) → `output` / `compare`.

pub mod batch;
pub mod cli;
pub mod compare;
pub mod error;
pub mod extract;
pub mod layout;
pub mod normalize;
pub mod output;
pub mod pdf;
pub mod raster;
pub mod report;
pub mod text;

pub use error::{Error, ErrorCode};
pub use extract::extract;
pub use output::Report;
