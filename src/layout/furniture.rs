//! Page furniture: the text outside every table (body name, title, note,
//! footnote, page numbers), as runs in reading order.

use super::Settings;
use super::cell_text::{PlacedGlyph, TextLine, build_line, group_lines};

/// Groups the glyphs outside tables into lines, and splits each line at gaps
/// wider than `furniture_gap_em` so that items printed side by side (a title
/// and a note on one baseline) stay apart. Sorted top to bottom, then left
/// to right.
pub fn furniture_lines(glyphs: Vec<PlacedGlyph>, settings: &Settings) -> Vec<TextLine> {
    let mut out = Vec::new();
    for line in group_lines(glyphs, settings) {
        let vertical = line.vertical;
        let mut run: Vec<PlacedGlyph> = Vec::new();
        for g in line.glyphs {
            if let Some(p) = run.last() {
                let gap = if vertical {
                    g.bbox.y0 - p.bbox.y1
                } else {
                    g.bbox.x0 - p.bbox.x1
                };
                let size = if g.size > 0.0 {
                    g.size
                } else {
                    g.bbox.height()
                };
                if gap > settings.furniture_gap_em * size {
                    out.extend(build_line(std::mem::take(&mut run), vertical, settings));
                }
            }
            run.push(g);
        }
        out.extend(build_line(run, vertical, settings));
    }
    out.retain(|l| !l.text.trim().is_empty());
    for l in &mut out {
        l.text = l.text.trim().to_string();
    }
    out.sort_by(|a, b| {
        a.bbox
            .y0
            .total_cmp(&b.bbox.y0)
            .then(a.bbox.x0.total_cmp(&b.bbox.x0))
    });
    out
}
