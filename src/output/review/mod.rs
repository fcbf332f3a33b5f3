//! The review (issue 12): each report drawn over its page images, the rows
//! that need a look listed first, and an editor whose corrections file
//! `extract --corrections` applies.
//!
//! This stage only draws: it takes the finished [`Report`], the page
//! layouts it was read from and the rendered pages. The command line runs
//! the pipeline and hands them over; nothing here calls back up it.

pub mod index;
pub mod list;
pub mod overlay;
pub mod page;
pub mod render;

pub use index::{IndexEntry, index_html};
pub use list::{Reason, flagged_count, reasons};
pub use page::page_html;
pub use render::{DEFAULT_DPI, PageImage, render_pages};

use crate::layout::PageLayout;
use crate::output::Report;
use crate::output::atomic::write_atomic;
use std::path::Path;

/// Below this decision confidence a record is listed as "low confidence".
pub const DEFAULT_LOW_CONFIDENCE: f64 = 0.8;

/// How the review is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReviewOptions {
    /// Decisions with a lower confidence are listed for a look.
    pub low_confidence: f64,
    /// Resolution of the page images.
    pub dpi: f64,
}

impl Default for ReviewOptions {
    fn default() -> Self {
        ReviewOptions {
            low_confidence: DEFAULT_LOW_CONFIDENCE,
            dpi: DEFAULT_DPI,
        }
    }
}

/// Writes `dir/<stem>.html` and its page images in `dir/<stem>_pages/`;
/// each file is written to a temporary name first and renamed, so that a
/// reader never sees half a page.
pub fn write_review(
    dir: &Path,
    stem: &str,
    report: &Report,
    layouts: &[PageLayout],
    images: &[PageImage],
    opts: &ReviewOptions,
) -> std::io::Result<()> {
    let img_dir = dir.join(page::images_dir(stem));
    std::fs::create_dir_all(&img_dir)?;
    for img in images {
        write_atomic(&img_dir.join(page::image_name(img.page)), &img.png)?;
    }
    let html = page_html(stem, report, layouts, images, opts);
    write_atomic(&dir.join(format!("{stem}.html")), html.as_bytes())
}

/// Writes `dir/index.html`.
pub fn write_index(dir: &Path, entries: &[IndexEntry]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    write_atomic(&dir.join("index.html"), index_html(entries).as_bytes())
}
