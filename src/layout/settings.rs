//! Every tolerance of the layout stage, in one place so that a caller can
//! tune a difficult document without touching the algorithms.

use serde::{Deserialize, Serialize};

/// Tolerances for ruling, grid building, cell text and marks, in points
/// unless the name says otherwise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// A segment counts as horizontal/vertical when it deviates by at most this.
    pub axis_tolerance: f64,
    /// Edges shorter than this are ignored (tick marks, dots).
    pub edge_min_length: f64,
    /// A filled rectangle thinner than this is a rule (Excel draws borders so).
    pub thin_rect_max: f64,
    /// Whether the four sides of wide filled rectangles (cell shading) also
    /// count as rules. Off by default: page backgrounds would swallow the grid.
    pub filled_rect_edges: bool,
    /// Parallel edges closer than this are snapped onto one line (double
    /// borders, rules drawn twice by adjacent cells).
    pub snap_tolerance: f64,
    /// Collinear edges whose ends are closer than this are joined into one.
    pub join_tolerance: f64,
    /// How far a horizontal and a vertical edge may miss each other and
    /// still be taken as crossing.
    pub intersection_tolerance: f64,
    /// Above this many rule crossings a page is treated as a drawing (a
    /// hatch pattern, a chart grid), not a table, so that building cells
    /// cannot take quadratic time.
    pub max_intersections: usize,
    /// Tables with fewer cells are not tables (a framed title, a stamp box).
    pub min_table_cells: usize,
    /// Two glyphs are on one text line when their vertical overlap is at
    /// least this fraction of the smaller height.
    pub line_overlap: f64,
    /// A horizontal gap wider than this fraction of the font size between
    /// two glyphs becomes a space when no space glyph is drawn there.
    pub space_gap_em: f64,
    /// Glyphs with the same text whose boxes are offset by less than this
    /// fraction of the font size are one glyph drawn twice (fake bold).
    pub duplicate_glyph_em: f64,
    /// Slack added to the width of the next line's first glyph (or word) when
    /// deciding whether a line was wrapped by the cell edge: covers the
    /// cell's inner padding.
    pub wrap_slack: f64,
    /// Furniture text on one line is split into separate runs at gaps wider
    /// than this many font sizes (title and note printed side by side).
    pub furniture_gap_em: f64,
    /// A candidate mark must be at least this wide and tall.
    pub mark_min_size: f64,
    /// A candidate mark may cover at most this fraction of the page width or height.
    pub mark_max_page_fraction: f64,
    /// A curve whose ends are closer than this fraction of its larger side is
    /// taken as a nearly closed loop.
    pub mark_closure_ratio: f64,
    /// An option word counts as encircled when at least this fraction of its
    /// box lies inside the mark.
    pub mark_word_coverage: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            axis_tolerance: 1.0,
            edge_min_length: 3.0,
            thin_rect_max: 2.5,
            filled_rect_edges: false,
            snap_tolerance: 3.0,
            join_tolerance: 3.0,
            intersection_tolerance: 3.0,
            max_intersections: 20_000,
            min_table_cells: 2,
            line_overlap: 0.5,
            space_gap_em: 0.5,
            duplicate_glyph_em: 0.3,
            wrap_slack: 4.0,
            furniture_gap_em: 2.5,
            mark_min_size: 4.0,
            mark_max_page_fraction: 0.5,
            mark_closure_ratio: 0.35,
            mark_word_coverage: 0.5,
        }
    }
}
