//! LibreOffice Writer exports an oval drawn with its polygon tool as a closed
//! polyline of 20–60 straight segments, not as Bézier curves. Such ovals must
//! read exactly like Bézier ones: checked on the sample rendered by Writer
//! itself (`samples/kodomo_r4.writer-polygon.pdf`) against its Bézier twin.

use shinchoku::layout::{DecisionMarkKind, MarkKind, Settings, analyze_page};
use shinchoku::pdf::{ReadOptions, read};
use std::path::Path;

fn layouts(name: &str) -> Option<Vec<shinchoku::layout::PageLayout>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name);
    let Ok(bytes) = std::fs::read(&path) else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{name} missing"
        );
        eprintln!("skipped: {name} not found");
        return None;
    };
    let doc = read(&bytes, &ReadOptions::default()).expect("readable sample");
    let s = Settings::default();
    Some(doc.pages.iter().map(|p| analyze_page(p, &s)).collect())
}

#[test]
fn writer_polygon_ovals_read_like_bezier_ones() {
    let (Some(poly), Some(bez)) = (
        layouts("kodomo_r4.writer-polygon.pdf"),
        layouts("kodomo_r4.writer.pdf"),
    ) else {
        return;
    };
    assert_eq!(poly.len(), bez.len());
    let mut segments = Vec::new();
    for (p, b) in poly.iter().zip(&bez) {
        // The same grid: the polygon's nearly flat steps are not rules.
        let grid = |l: &shinchoku::layout::PageLayout| {
            l.tables
                .iter()
                .map(|t| (t.rows(), t.cols()))
                .collect::<Vec<_>>()
        };
        assert_eq!(grid(p), grid(b), "page {}", p.page);
        // Every oval found, in the same cell, about the same box.
        assert_eq!(p.marks.len(), b.marks.len(), "page {}", p.page);
        for m in &p.marks {
            assert_eq!(m.kind, MarkKind::Path);
            segments.push(m.polygon.len() - 1);
            let twin = b
                .marks
                .iter()
                .find(|t| {
                    (t.bbox.cx() - m.bbox.cx()).abs() < 1.0
                        && (t.bbox.cy() - m.bbox.cy()).abs() < 1.0
                })
                .expect("a Bézier oval at the same place");
            assert_eq!((m.row, m.col), (twin.row, twin.col));
        }
    }
    // The sample covers the whole range Writer produces.
    assert!(
        segments.iter().any(|&n| n <= 25) && segments.iter().any(|&n| n >= 50),
        "{segments:?}"
    );
    // And the report reads the same decisions, marked as ovals.
    let (rp, rb) = (
        shinchoku::report::build(&poly).expect("report"),
        shinchoku::report::build(&bez).expect("report"),
    );
    assert_eq!(rp.records.len(), rb.records.len());
    for (a, b) in rp.records.iter().zip(&rb.records) {
        let (da, db) = (
            a.decision.as_ref().expect("decision"),
            b.decision.as_ref().expect("decision"),
        );
        assert_eq!(
            (da.value, &da.marked, &da.label),
            (db.value, &db.marked, &db.label),
            "row {} of page {}",
            a.row,
            a.page
        );
        if !da.marked.is_empty() {
            assert_eq!(da.mark_kind, Some(DecisionMarkKind::Oval));
        }
    }
}
