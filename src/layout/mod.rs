//! Grid, cells and marks from the page model (issue 4).
//!
//! The chain follows pdfplumber: rules ([`ruling::page_edges`]) →
//! [`snap::snap_edges`] → [`snap::join_edges`] →
//! [`intersections::find_intersections`] → [`cells::find_cells`] →
//! [`tables::group_tables`]; then glyphs go to cells
//! ([`cell_text::fill_cells`]), the rest to the page furniture
//! ([`furniture::furniture_lines`]), and candidate marks are found and placed
//! ([`marks`]). Each step is a pub function so it can be tested and drawn alone.

pub mod cell_text;
pub mod cells;
pub mod draw;
pub mod furniture;
pub mod intersections;
pub mod marks;
pub mod open_rules;
pub mod rejects;
pub mod ruling;
pub mod settings;
pub mod snap;
pub mod spatial;
pub mod tables;

pub use cell_text::{PlacedGlyph, TextLine};
pub use marks::{Decision, DecisionMarkKind, DecisionValue, Mark, MarkKind};
pub use settings::Settings;
pub use tables::{Cell, Table};

use crate::pdf::model::{Document, Glyph, Page};
use serde::{Deserialize, Serialize};

/// What the layout stage sees on one page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageLayout {
    /// 1-based page number.
    pub page: usize,
    /// Page width in points.
    pub width: f64,
    /// Page height in points.
    pub height: f64,
    /// Ruled tables, top to bottom.
    pub tables: Vec<Table>,
    /// Candidate marks (ovals, loops, ○ glyphs over words), placed in the
    /// table cell that holds most of each.
    pub marks: Vec<Mark>,
    /// Text outside every table, as runs in reading order.
    pub furniture: Vec<TextLine>,
    /// Problems met on the page (a grid too dense to read as a table).
    pub warnings: Vec<String>,
    /// Shapes turned down as marks (too big, part of the grid); filled in
    /// for the review only, since extraction never reads them.
    #[serde(default)]
    pub rejected_marks: Vec<rejects::RejectedMark>,
}

/// Whether a glyph is read by the layout: an invisible text layer (OCR)
/// over visible text repeats it, so it is read only when it is all the
/// page has; a glyph without a finite box has no place.
fn is_laid_out(g: &Glyph, has_visible: bool) -> bool {
    let b = g.bbox;
    !(has_visible && g.invisible)
        && b.x0.is_finite()
        && b.x1.is_finite()
        && b.y0.is_finite()
        && b.y1.is_finite()
}

/// Runs the whole layout chain on one page.
pub fn analyze_page(page: &Page, settings: &Settings) -> PageLayout {
    let has_visible = page.glyphs.iter().any(|g| !g.invisible);
    let glyphs: Vec<PlacedGlyph> = page
        .glyphs
        .iter()
        .filter(|g| is_laid_out(g, has_visible))
        .map(PlacedGlyph::from)
        .collect();
    let size = marks::text_size(&page.glyphs);
    analyze_placed(page, glyphs, size, settings)
}

/// [`analyze_page`] on a page given away: its glyphs' text is moved into
/// the layout, not copied (the extraction drops each page once laid out).
pub fn analyze_owned(mut page: Page, settings: &Settings) -> PageLayout {
    let has_visible = page.glyphs.iter().any(|g| !g.invisible);
    let size = marks::text_size(&page.glyphs);
    let glyphs: Vec<PlacedGlyph> = std::mem::take(&mut page.glyphs)
        .into_iter()
        .filter(|g| is_laid_out(g, has_visible))
        .map(PlacedGlyph::from)
        .collect();
    analyze_placed(&page, glyphs, size, settings)
}

/// The layout chain from the page's paths and its glyphs as placed;
/// `text_size` is the median size of all the page's glyphs.
fn analyze_placed(
    page: &Page,
    glyphs: Vec<PlacedGlyph>,
    text_size: f64,
    settings: &Settings,
) -> PageLayout {
    let edges = ruling::page_edges(page, settings);
    let mut edges = snap::join_edges(&snap::snap_edges(&edges, settings), settings);
    // Tables ruled with horizontal lines only get their column borders
    // from the text (drawn per band, so joined again).
    let open = open_rules::column_rules(&edges, &glyphs, settings);
    if !open.is_empty() {
        edges.extend(open);
        edges = snap::join_edges(&edges, settings);
    }
    let mut warnings = Vec::new();
    // Counted first, so that a grid too dense to be a table is refused
    // before millions of crossings are built.
    let crossings = intersections::count_crossings(&edges, settings, settings.max_intersections);
    let rects = if crossings > settings.max_intersections {
        warnings.push(format!(
            "more than {} rule crossings: the page's lines were not read as a table",
            settings.max_intersections
        ));
        Vec::new()
    } else {
        let points = intersections::find_intersections(&edges, settings);
        cells::find_cells(&points)
    };
    let mut tables = tables::group_tables(&rects, settings);
    let (glyphs, mut marks) = marks::glyph_marks(glyphs);
    let rest = cell_text::fill_cells(&mut tables, glyphs, settings);
    let furniture = furniture::furniture_lines(rest, settings);
    marks.extend(marks::path_marks_sized(page, text_size, settings));
    marks::assign_marks(&mut marks, &tables);
    PageLayout {
        page: page.number,
        width: page.width,
        height: page.height,
        tables,
        marks,
        furniture,
        warnings,
        // Only the review asks for them (`rejects::rejected_marks`).
        rejected_marks: Vec::new(),
    }
}

/// [`analyze_page`] on every page of a document, in page order.
pub fn analyze_document(doc: &Document, settings: &Settings) -> Vec<PageLayout> {
    doc.pages
        .iter()
        .map(|p| analyze_page(p, settings))
        .collect()
}
