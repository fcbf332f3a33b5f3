//! shinchoku (進捗): digitizes Japanese municipal progress reports.
//!
//! The crate is a one-way pipeline; each stage is a plain function from one
//! typed value to the next and never reaches back up:
//! `pdf` (bytes → page model) → `layout` (grid, cells, marks) →
//! `report` (rows → records) → `normalize` (dates, counts) → `corrections` (a person's fixes) →
//! `output` / `compare`.

pub mod batch;
#[cfg(feature = "cli")]
mod cli;
pub mod compare;
pub mod corrections;
pub mod digest;
pub mod error;
pub mod extract;
pub mod layout;
pub mod normalize;
pub mod output;
pub mod pdf;
pub mod raster;
pub mod report;
pub mod spool;
pub mod text;

pub use error::{Error, ErrorCode};
pub use extract::extract;
pub use output::Report;

/// Runs the `shinchoku` command line on `std::env::args` and returns the
/// exit status. It lives here, not in the binary, so that the command line
/// and the library are compiled and tested as one crate; it is not part of
/// the library's API.
#[cfg(feature = "cli")]
#[doc(hidden)]
pub fn run_cli() -> i32 {
    cli::run()
}
