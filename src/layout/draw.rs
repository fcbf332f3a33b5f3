//! An SVG picture of what the layout stage saw, for people debugging a
//! document: joined rules, cells with their grid positions, marks, and the
//! furniture. Not used by the pipeline.

use super::{PageLayout, Settings, intersections, ruling, snap};
use crate::pdf::model::{Page, Point, Rect};
use std::fmt::Write;

/// Escapes text for an SVG or HTML text node or a quoted attribute.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Appends one rectangle; `style` holds the other attributes.
pub fn rect(out: &mut String, r: &Rect, style: &str) {
    let _ = writeln!(
        out,
        r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" {style}/>"#,
        r.x0,
        r.y0,
        r.width().max(0.0),
        r.height().max(0.0)
    );
}

/// Appends one polygon (a mark's outline); `style` holds the other attributes.
pub fn polygon(out: &mut String, points: &[Point], style: &str) {
    let mut pts = String::with_capacity(points.len() * 12);
    for p in points {
        let _ = write!(pts, "{:.1},{:.1} ", p.x, p.y);
    }
    let _ = writeln!(out, r#"<polygon points="{}" {style}/>"#, pts.trim_end());
}

/// Draws the page's joined rules (grey), crossings (blue dots), cells
/// (green, labelled row,col and spans), marks (red) and furniture (orange).
pub fn svg(page: &Page, layout: &PageLayout, settings: &Settings) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {:.0} {:.0}" font-size="5">"#,
        page.width.max(1.0),
        page.height.max(1.0)
    );
    let edges = snap::join_edges(
        &snap::snap_edges(&ruling::page_edges(page, settings), settings),
        settings,
    );
    for e in &edges {
        let (x1, y1, x2, y2) = match e.orientation {
            ruling::Orientation::Horizontal => (e.start, e.pos, e.end, e.pos),
            ruling::Orientation::Vertical => (e.pos, e.start, e.pos, e.end),
        };
        let _ = writeln!(
            out,
            r##"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="#999" stroke-width="0.5"/>"##
        );
    }
    for p in intersections::find_intersections(&edges, settings) {
        let _ = writeln!(
            out,
            r##"<circle cx="{:.1}" cy="{:.1}" r="1" fill="#36c"/>"##,
            p.x, p.y
        );
    }
    for t in &layout.tables {
        for c in &t.cells {
            rect(
                &mut out,
                &c.bbox,
                r##"fill="none" stroke="#2a2" stroke-width="0.4""##,
            );
            let _ = writeln!(
                out,
                r##"<text x="{:.1}" y="{:.1}" fill="#2a2">{},{} {}x{}</text>"##,
                c.bbox.x0 + 1.0,
                c.bbox.y1 - 1.0,
                c.row,
                c.col,
                c.row_span,
                c.col_span
            );
        }
    }
    for m in &layout.marks {
        polygon(
            &mut out,
            &m.polygon,
            r#"fill="none" stroke="red" stroke-width="0.8""#,
        );
    }
    for f in &layout.furniture {
        rect(&mut out, &f.bbox, r##"fill="#f90" fill-opacity="0.2""##);
        let _ = writeln!(
            out,
            r##"<text x="{:.1}" y="{:.1}" fill="#c60">{}</text>"##,
            f.bbox.x0,
            f.bbox.y0 - 0.5,
            esc(&f.text)
        );
    }
    out.push_str("</svg>\n");
    out
}
