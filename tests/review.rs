//! The review (issue 12): overlays on the page, corrections applied by
//! extract, stale corrections refused. Runs on the committed samples.

use serde_json::{Value, json};
use shinchoku::corrections::Corrections;
use shinchoku::extract::{Options, extract_with_layouts};
use shinchoku::output::review::{ReviewOptions, page_html, render_pages};
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn sample(name: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

/// The record data the review page embeds for its script.
fn page_data(html: &str) -> Value {
    let start = html
        .find(r#"<script type="application/json" id="data">"#)
        .expect("data script")
        + r#"<script type="application/json" id="data">"#.len();
    let end = start + html[start..].find("</script>").expect("end of data");
    serde_json::from_str(&html[start..end].replace("<\\/", "</")).expect("data is JSON")
}

/// A low resolution keeps the test fast; the overlay does not depend on it.
fn review_html(
    name: &str,
) -> (
    shinchoku::Report,
    Vec<shinchoku::layout::PageLayout>,
    String,
) {
    let bytes = sample(name);
    let (report, layouts) = extract_with_layouts(&bytes, &Options::default()).expect("extract");
    let images = render_pages(&bytes, None, 24.0).expect("render");
    assert_eq!(images.len(), report.source.pages);
    let html = page_html("s", &report, &layouts, &images, &ReviewOptions::default());
    (report, layouts, html)
}

#[test]
fn the_page_holds_one_overlay_per_record_and_per_mark() {
    for name in [
        "kodomo_r4.reportlab.pdf",
        "kodomo_r4.reportlab-rotated.pdf",
        "kodomo_r4.calc-encrypted.pdf",
        "long_r5.calc.pdf",
    ] {
        let (report, layouts, html) = review_html(name);
        let marks: usize = layouts.iter().map(|l| l.marks.len()).sum();
        let shapes: usize = layouts.iter().map(|l| l.rejected_marks.len()).sum();
        assert!(marks > 0, "{name}: the sample has marks");
        assert_eq!(
            count(&html, r#"<g class="ov-rec"#) - count(&html, r#"<g class="ov-rec-cont"#),
            report.records.len(),
            "{name}: one overlay per record"
        );
        assert_eq!(
            count(&html, r#"<g class="ov-mark "#),
            marks + shapes,
            "{name}: one overlay per mark and per shape turned down"
        );
        assert_eq!(count(&html, r#"<g class="ov-mark rejected shape""#), shapes);
        assert_eq!(count(&html, "<img "), report.source.pages, "{name}");
        // Every decided record's marks are drawn as used, with their words.
        let decided = report
            .records
            .iter()
            .filter(|r| r.decision.as_ref().is_some_and(|d| !d.marked.is_empty()))
            .count();
        assert!(
            count(&html, r#"<g class="ov-mark used""#) >= decided,
            "{name}: {decided} decided records"
        );
        let data = page_data(&html);
        assert_eq!(
            data["records"].as_array().map(Vec::len),
            Some(report.records.len())
        );
        assert_eq!(data["sha256"], report.source.sha256);
    }
}

#[test]
fn the_unmarked_row_is_listed_first() {
    // kodomo_r4's spec leaves p3-r3 unmarked (see samples/spec).
    let (report, _, html) = review_html("kodomo_r4.reportlab.pdf");
    let unmarked: Vec<&str> = report
        .records
        .iter()
        .filter(|r| {
            r.decision
                .as_ref()
                .is_some_and(|d| d.value == shinchoku::layout::DecisionValue::Unmarked)
        })
        .map(|r| r.id.as_str())
        .collect();
    assert!(!unmarked.is_empty());
    let group = html
        .find(r#"<h2 class="unmarked">"#)
        .expect("unmarked group");
    let all = html.find("<h2>All records</h2>").expect("all records");
    assert!(group < all);
    for id in unmarked {
        let link = html[group..]
            .find(&format!(r#"data-id="{id}""#))
            .expect("listed");
        assert!(group + link < all, "{id} is listed under unmarked");
    }
}

fn write_tmp(name: &str, v: &Value) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("shinchoku-review-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_vec_pretty(v).expect("json")).expect("write");
    p
}

fn extract_json(bytes: &[u8], corrections: Option<&Path>) -> Value {
    let opts = Options {
        corrections: corrections.map(|p| Arc::new(Corrections::load(p).expect("corrections load"))),
        ..Options::default()
    };
    let (report, _) = extract_with_layouts(bytes, &opts).expect("extract");
    serde_json::to_value(&report).expect("json")
}

fn validator() -> jsonschema::Validator {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/report.schema.json");
    let schema: Value = serde_json::from_slice(&std::fs::read(p).expect("schema")).expect("json");
    jsonschema::draft202012::new(&schema).expect("schema compiles")
}

#[test]
fn a_correction_round_trip_changes_exactly_the_corrected_fields() {
    let name = "kodomo_r4.reportlab.pdf";
    let bytes = sample(name);
    // The ids and cell keys come from the review page, as a person's would.
    let (_, _, html) = review_html(name);
    let data = page_data(&html);
    let recs = data["records"].as_array().expect("records");
    let first = &recs[0];
    let second = &recs[1];
    let first_id = first["id"].as_str().expect("id");
    let second_id = second["id"].as_str().expect("id");
    let status_key = second["cells"]
        .as_object()
        .expect("cells")
        .keys()
        .find(|k| k.contains("実施状況"))
        .expect("a status column")
        .clone();
    let file = write_tmp(
        "s.corrections.json",
        &json!({
            "source": {"sha256": data["sha256"]},
            "corrections": [
                {"id": first_id, "decision": {"value": "end", "label": "終了（見直し）"}},
                {"id": second_id, "cells": {status_key.clone(): "修正後の実施状況"}},
            ]
        }),
    );
    let before = extract_json(&bytes, None);
    let after = extract_json(&bytes, Some(&file));
    let v = validator();
    assert!(
        v.is_valid(&after),
        "{:?}",
        v.iter_errors(&after)
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
    );

    // Put back exactly what the corrections should have changed: the rest
    // must be identical.
    let mut expect = before.clone();
    let machine = before["records"][0]["decision"].clone();
    let d = &mut expect["records"][0]["decision"];
    d["value"] = json!("end");
    d["marked"] = json!(["終了"]);
    d["confidence"] = json!(1.0);
    d["label"] = json!("終了（見直し）");
    d["resolved_by"] = json!("review");
    d["machine"] = machine;
    let r = &mut expect["records"][1];
    r["status"] = json!("修正後の実施状況");
    r["cells"][&status_key] = json!("修正後の実施状況");
    r["corrected"] = json!([status_key]);
    assert_eq!(after, expect);
    // The corrected decision writes exactly one label key (a Value would
    // hide a duplicate, so the struct itself is serialized).
    let opts = Options {
        corrections: Some(Arc::new(Corrections::load(&file).expect("load"))),
        ..Options::default()
    };
    let (report, _) = extract_with_layouts(&bytes, &opts).expect("extract");
    let mut d = report.records[0].decision.clone().expect("decision");
    d.machine = None;
    let text = serde_json::to_string(&d).expect("json");
    assert_eq!(count(&text, "\"label\":"), 1, "{text}");
}

#[test]
fn a_stale_correction_is_refused_with_a_warning() {
    let bytes = sample("kodomo_r4.reportlab.pdf");
    let before = extract_json(&bytes, None);
    let sha = before["source"]["sha256"]
        .as_str()
        .expect("sha")
        .to_string();
    let warnings = |v: &Value| -> Vec<Value> {
        v["warnings"]
            .as_array()
            .expect("warnings")
            .iter()
            .filter(|w| w["code"] == "stale_correction")
            .cloned()
            .collect()
    };
    // The PDF changed since the review: another sha256.
    let other = write_tmp(
        "other.corrections.json",
        &json!({"source": {"sha256": "0".repeat(64)},
                "corrections": [{"id": "p1-r1", "decision": {"value": "end"}}]}),
    );
    let after = extract_json(&bytes, Some(&other));
    assert_eq!(after["records"], before["records"]);
    assert_eq!(warnings(&after).len(), 1, "{:?}", after["warnings"]);
    // A row that no longer exists, and a cell the row does not have.
    let gone = write_tmp(
        "gone.corrections.json",
        &json!({"source": {"sha256": sha},
        "corrections": [
            {"id": "p9-r9", "decision": {"value": "end"}},
            {"id": "p1-r1", "decision": {"value": "end"}, "cells": {"no such column": "x"}},
        ]}),
    );
    let after = extract_json(&bytes, Some(&gone));
    assert_eq!(after["records"], before["records"]);
    let w = warnings(&after);
    assert_eq!(w.len(), 2, "{w:?}");
    assert_eq!(w[1]["page"], 1);
    assert_eq!(w[1]["row"], 1);
    // In a folder, a corrections file for another PDF is simply not this one's.
    let dir = other.parent().expect("dir").join("folder");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::copy(&other, dir.join("other.corrections.json")).expect("copy");
    let after = extract_json(&bytes, Some(&dir));
    assert_eq!(after, before);
}

/// Whether a pixel column (or row) within `tol` px of `at` is dark along
/// most of a span: a printed rule.
fn dark_line(img: &Gray, vertical: bool, at: f64, from: f64, to: f64, tol: i64) -> bool {
    let c = at.round() as i64;
    (c - tol..=c + tol).any(|p| {
        let (a, b) = (from.round() as i64, to.round() as i64);
        let n = (b - a).max(1);
        let dark = (a..b)
            .filter(|&q| {
                let (x, y) = if vertical { (p, q) } else { (q, p) };
                img.get(x, y) < 160
            })
            .count() as i64;
        dark * 10 >= n * 7
    })
}

struct Gray {
    w: i64,
    h: i64,
    px: Vec<u8>,
}

impl Gray {
    fn get(&self, x: i64, y: i64) -> u8 {
        if x < 0 || y < 0 || x >= self.w || y >= self.h {
            return 255;
        }
        self.px[(y * self.w + x) as usize]
    }
}

fn decode(png_bytes: &[u8]) -> Gray {
    let dec = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = dec.read_info().expect("png header");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("png frame");
    let ch = info.color_type.samples();
    let px = buf[..info.buffer_size()]
        .chunks(ch)
        .map(|p| ((u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2])) / 3) as u8)
        .collect();
    Gray {
        w: i64::from(info.width),
        h: i64::from(info.height),
        px,
    }
}

#[test]
fn the_overlay_grid_sits_on_the_printed_rules() {
    // Every table border the overlay draws lies on a printed rule of the
    // page image within 1 px at 150 dpi: plain, rotated and encrypted
    // (a 3 px shift of the overlay fails this test).
    for name in [
        "kodomo_r4.reportlab.pdf",
        "kodomo_r4.reportlab-rotated.pdf",
        "kodomo_r4.calc-encrypted.pdf",
    ] {
        let bytes = sample(name);
        let (_, layouts) = extract_with_layouts(&bytes, &Options::default()).expect("extract");
        let images = render_pages(&bytes, None, 150.0).expect("render");
        let mut checked = 0;
        for (layout, img) in layouts.iter().zip(&images).take(2) {
            let g = decode(&img.png);
            let s = img.scale;
            for t in &layout.tables {
                for c in &t.cells {
                    let b = c.bbox;
                    // Inset the span so the crossing rules do not count.
                    let (y0, y1) = ((b.y0 + 2.0) * s, (b.y1 - 2.0) * s);
                    let (x0, x1) = ((b.x0 + 2.0) * s, (b.x1 - 2.0) * s);
                    for x in [b.x0, b.x1] {
                        assert!(
                            dark_line(&g, true, x * s, y0, y1, 1),
                            "{name} p{}: no printed rule at x={x:.1}pt",
                            layout.page
                        );
                    }
                    for y in [b.y0, b.y1] {
                        assert!(
                            dark_line(&g, false, y * s, x0, x1, 1),
                            "{name} p{}: no printed rule at y={y:.1}pt",
                            layout.page
                        );
                    }
                    checked += 1;
                }
            }
        }
        assert!(checked > 10, "{name}: {checked} cells checked");
    }
}

#[test]
fn extract_review_writes_pages_and_an_index_sorted_by_rows_to_look_at() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!("shinchoku-review-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).expect("dir");
    std::fs::write(inputs.join("broken.pdf"), b"not a pdf at all").expect("write");
    // kodomo_r4 has one unmarked row; kodomo_r5 none (samples/spec).
    for n in [
        "kodomo_r4.reportlab.pdf",
        "kodomo_r5.reportlab.pdf",
        "sodan_r5.chromium-scan.pdf",
    ] {
        std::fs::copy(root.join("samples").join(n), inputs.join(n)).expect("copy");
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(["extract", "--quiet", "--out"])
        .arg(dir.join("json"))
        .arg("--review")
        .arg(dir.join("review"))
        .arg(&inputs)
        .output()
        .expect("run extract");
    // The broken file fails (exit 1); the others are written.
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let review = dir.join("review");
    for stem in ["kodomo_r4.reportlab", "kodomo_r5.reportlab"] {
        assert!(review.join(format!("{stem}.html")).is_file(), "{stem}");
        assert!(
            review.join(format!("{stem}_pages/p1.png")).is_file(),
            "{stem}"
        );
    }
    let index = std::fs::read_to_string(review.join("index.html")).expect("index");
    let pos = |s: &str| index.find(s).unwrap_or_else(|| panic!("{s} in index"));
    assert!(index.contains("not_pdf"));
    // Most rows to look at first; a failed file (no rows) after the
    // converted ones with as few.
    assert!(pos("kodomo_r4.reportlab.pdf") < pos("kodomo_r5.reportlab.pdf"));
    assert!(pos("kodomo_r5.reportlab.pdf") < pos("broken.pdf"));
    assert!(index.contains("4 files · 2 failed"));
    // A scan without text fails, but its pages are drawn for a person to see.
    assert!(index.contains("no_text_layer"));
    assert!(index.contains(r#"<a href="sodan_r5.chromium-scan.html">"#));
    let scan =
        std::fs::read_to_string(review.join("sodan_r5.chromium-scan.html")).expect("scan page");
    assert_eq!(count(&scan, "<img "), 3);
    assert!(scan.contains("no_text_layer"));
    assert!(dir.join("json/kodomo_r4.reportlab.json").is_file());
}

#[test]
fn a_mark_outside_a_decision_cell_or_around_no_word_is_judged_rejected() {
    use shinchoku::output::review::overlay::{MarkVerdict, judge};
    use shinchoku::pdf::model::Point;
    let bytes = sample("kodomo_r4.reportlab.pdf");
    let (report, layouts) = extract_with_layouts(&bytes, &Options::default()).expect("extract");
    let layout = &layouts[0];
    let places: Vec<_> = report
        .records
        .iter()
        .flat_map(|r| {
            r.places
                .iter()
                .filter(|p| p.page == 1)
                .map(move |p| (r, p, true))
        })
        .collect();
    let settings = shinchoku::layout::Settings::default();
    // The page's first mark is one of p1-r1's (its spec: continue_same, two ovals).
    let used = judge(&layout.marks[0], layout, &places, &settings);
    assert!(
        matches!(&used, MarkVerdict::Used { record, .. } if record == "p1-r1"),
        "{used:?}"
    );
    let moved = |dx: f64, dy: f64, k: f64| {
        let mut m = layout.marks[0].clone();
        let (cx, cy) = (m.bbox.cx(), m.bbox.cy());
        let f = |p: &Point| Point {
            x: cx + (p.x - cx) * k + dx,
            y: cy + (p.y - cy) * k + dy,
        };
        m.polygon = m.polygon.iter().map(f).collect();
        let (a, b) = (
            f(&Point {
                x: m.bbox.x0,
                y: m.bbox.y0,
            }),
            f(&Point {
                x: m.bbox.x1,
                y: m.bbox.y1,
            }),
        );
        m.bbox = shinchoku::pdf::model::Rect::from_corners(a.x, a.y, b.x, b.y);
        m
    };
    // Into the purpose column, far to the left.
    let decision = places[0]
        .1
        .cells
        .iter()
        .find(|c| c.role == Some(shinchoku::report::Role::Decision))
        .expect("decision cell")
        .bbox;
    let purpose = places[0].1.cells[0].bbox;
    let outside = moved(purpose.cx() - layout.marks[0].bbox.cx(), 0.0, 1.0);
    assert_eq!(
        judge(&outside, layout, &places, &settings),
        MarkVerdict::OutsideDecisionCell
    );
    // Shrunk to a dot in the decision cell's empty bottom: it circles nothing.
    let empty = moved(
        decision.cx() - layout.marks[0].bbox.cx(),
        decision.y1 - 3.0 - layout.marks[0].bbox.cy(),
        0.1,
    );
    assert!(
        matches!(judge(&empty, layout, &places, &settings), MarkVerdict::NoWord { ref record } if record == "p1-r1")
    );
}
