//! OCR confidence of what was read: per text line, and per cell of a
//! record (the lines whose middle lies in the cell, weighted by the
//! characters read).

use crate::pdf::Rect;

/// One text line read by OCR, in page space.
#[derive(Debug, Clone, PartialEq)]
pub struct OcrLine {
    /// The line's box (points, upright page).
    pub bbox: Rect,
    /// Characters read.
    pub chars: usize,
    /// Mean character probability (0..1).
    pub confidence: f64,
}

/// Mean confidence of lines, weighted by the characters read; `None` when
/// nothing was read.
pub fn mean_confidence<'a>(lines: impl IntoIterator<Item = &'a OcrLine>) -> Option<f64> {
    let (mut sum, mut n) = (0.0, 0usize);
    for l in lines {
        sum += l.confidence * l.chars as f64;
        n += l.chars;
    }
    (n > 0).then(|| sum / n as f64)
}

/// Confidence of the text read inside `cell` on `page`, from the lines
/// whose middle lies in it.
pub fn cell_confidence(lines: &[(usize, OcrLine)], page: usize, cell: &Rect) -> Option<f64> {
    mean_confidence(lines.iter().filter_map(|(p, l)| {
        let (cx, cy) = (l.bbox.cx(), l.bbox.cy());
        (*p == page && cell.x0 <= cx && cx <= cell.x1 && cell.y0 <= cy && cy <= cell.y1)
            .then_some(l)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(x0: f64, y0: f64, chars: usize, confidence: f64) -> OcrLine {
        OcrLine {
            bbox: Rect {
                x0,
                y0,
                x1: x0 + 40.0,
                y1: y0 + 10.0,
            },
            chars,
            confidence,
        }
    }

    #[test]
    fn cell_confidence_weights_lines_by_characters() {
        let lines = vec![
            (1, line(10.0, 10.0, 3, 0.9)),
            (1, line(10.0, 22.0, 1, 0.5)),
            (1, line(200.0, 10.0, 5, 0.1)),
            (2, line(10.0, 10.0, 5, 0.1)),
        ];
        let cell = Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 100.0,
            y1: 50.0,
        };
        let c = cell_confidence(&lines, 1, &cell).expect("lines in the cell");
        assert!((c - 0.8).abs() < 1e-9, "{c}");
        assert_eq!(cell_confidence(&lines, 3, &cell), None);
    }
}
