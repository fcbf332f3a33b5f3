//! Glyphs grouped into text lines in reading order, for `dump --format text`
//! and for anything that needs plain text without a table model.

use super::model::{Glyph, Page};

/// One line of text and the glyphs it was made from.
#[derive(Debug, Clone)]
pub struct TextLine<'a> {
    /// The glyphs, in reading order.
    pub glyphs: Vec<&'a Glyph>,
    /// The glyphs' text joined; a space stands where a gap of over half an em
    /// separates two glyphs.
    pub text: String,
}

/// Groups a page's visible-or-OCR glyphs into lines: horizontal text top to
/// bottom, left to right; vertical text as columns right to left, each top
/// to bottom.
pub fn text_lines(page: &Page) -> Vec<TextLine<'_>> {
    let (vert, horiz): (Vec<&Glyph>, Vec<&Glyph>) = page.glyphs.iter().partition(|g| g.vertical);
    let mut out = group(horiz, false);
    out.extend(group(vert, true));
    out
}

fn group(mut glyphs: Vec<&Glyph>, vertical: bool) -> Vec<TextLine<'_>> {
    // Sort across lines first: rows by centre y; columns by centre x, right to left.
    let across = |g: &Glyph| if vertical { -g.bbox.cx() } else { g.bbox.cy() };
    let along = |g: &Glyph| if vertical { g.bbox.y0 } else { g.bbox.x0 };
    glyphs.sort_by(|a, b| across(a).total_cmp(&across(b)));
    let mut lines: Vec<Vec<&Glyph>> = Vec::new();
    let mut current_centre = f64::NAN;
    for g in glyphs {
        let tol = (g.size * 0.5).max(1.0);
        if lines.is_empty() || (across(g) - current_centre).abs() > tol {
            lines.push(vec![g]);
            current_centre = across(g);
        } else if let Some(line) = lines.last_mut() {
            line.push(g);
        }
    }
    lines
        .into_iter()
        .map(|mut line| {
            line.sort_by(|a, b| along(a).total_cmp(&along(b)));
            let mut text = String::new();
            let mut prev_end: Option<f64> = None;
            for g in &line {
                let (start, end) = if vertical {
                    (g.bbox.y0, g.bbox.y1)
                } else {
                    (g.bbox.x0, g.bbox.x1)
                };
                if let Some(p) = prev_end
                    && start - p > g.size * 0.5
                {
                    text.push(' ');
                }
                // Producers use U+2002, U+3000 and others for blanks; a
                // line of text shows them all as one kind of space.
                if g.text.chars().all(char::is_whitespace) {
                    text.push(' ');
                } else {
                    text.push_str(&g.text);
                }
                prev_end = Some(end);
            }
            TextLine { glyphs: line, text }
        })
        .collect()
}
