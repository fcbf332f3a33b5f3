//! Runs the built `shinchoku extract` on every sample PDF and compares its JSON
//! with the sample's golden (written from the spec, never from shinchoku) field
//! by field. Prints a per-field accuracy table and fails when a field falls below
//! `golden/accuracy-baseline.json`. A field that no sample produces yet is printed
//! as "not implemented" rather than hidden; raise the baseline as stages land.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// Fields scored, in the order printed.
const FIELDS: &[&str] = &[
    "error_code",
    "source_pages",
    "body_title",
    "period",
    "records_count",
    "records_order",
    "purpose",
    "method",
    "plan_pages",
    "status",
    "evaluation",
    "reason",
    "cells",
    "decision",
    "events",
    "dates",
    "counts",
    "participants_total",
];

#[derive(Default, Clone, Copy)]
struct Score {
    ok: u32,
    total: u32,
    /// How many comparisons had output to compare at all (0 = not implemented).
    produced: u32,
}

impl Score {
    fn add(&mut self, ok: bool, produced: bool) {
        self.total += 1;
        self.ok += u32::from(ok);
        self.produced += u32::from(produced);
    }
    fn accuracy(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            f64::from(self.ok) / f64::from(self.total)
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The output of one extract run: parsed JSON, or why there is none.
fn extract(pdf: &Path) -> Result<Value, String> {
    let out = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .arg("extract")
        .arg(pdf)
        .output()
        .map_err(|e| format!("cannot run shinchoku: {e}"))?;
    match serde_json::from_slice::<Value>(&out.stdout) {
        Ok(v) if v.is_object() => Ok(v),
        _ => {
            let msg = String::from_utf8_lossy(&out.stderr);
            let first = msg.lines().next().unwrap_or("").trim().to_string();
            Err(format!("exit {:?}, no JSON: {first}", out.status.code()))
        }
    }
}

/// Multiset of (value, unit, role): `raw` spans are fuzzy by nature, the count is not.
fn count_key(c: &Value) -> String {
    format!("{}|{}|{}", c["value"], c["unit"], c["role"])
}

fn counts_equal(a: &Value, b: &Value) -> bool {
    let key = |v: &Value| {
        let mut k: Vec<String> = v
            .as_array()
            .map(|a| a.iter().map(count_key).collect())
            .unwrap_or_default();
        k.sort();
        k
    };
    key(a) == key(b)
}

/// An event matches when its action, date and participant count match; the
/// event `text` boundaries are left to review rather than scored.
fn event_equal(g: &Value, o: &Value) -> bool {
    g["action"] == o["action"]
        && g["date"]["iso"] == o["date"]["iso"]
        && g["date"]["precision"] == o["date"]["precision"]
        && g["participants"]["value"] == o["participants"]["value"]
}

fn score_report(golden: &Value, out: Option<&Value>, scores: &mut BTreeMap<&'static str, Score>) {
    let produced = out.is_some();
    let null = Value::Null;
    let o = out.unwrap_or(&null);
    // without output nothing counts as correct, not even fields whose golden is empty
    let mut s = |f: &'static str, ok: bool| {
        scores
            .get_mut(f)
            .expect("known field")
            .add(produced && ok, produced)
    };

    if let Some(err) = golden.get("error") {
        s("error_code", o["error"]["code"] == err["code"]);
        return;
    }
    s("error_code", produced && o.get("error").is_none());
    s(
        "source_pages",
        o["source"]["pages"] == golden["source"]["pages"],
    );
    s(
        "body_title",
        o["body"] == golden["body"] && o["title"] == golden["title"],
    );
    s("period", o["period"] == golden["period"]);
    let grecs = golden["records"].as_array().expect("golden records");
    let orecs = o["records"].as_array().cloned().unwrap_or_default();
    s("records_count", grecs.len() == orecs.len());
    let pos = |r: &Value| (r["page"].clone(), r["row"].clone());
    s(
        "records_order",
        grecs.len() == orecs.len() && grecs.iter().zip(&orecs).all(|(g, o)| pos(g) == pos(o)),
    );
    for (i, g) in grecs.iter().enumerate() {
        let Some(r) = orecs.get(i) else {
            // a missing record is wrong in every field
            for f in FIELDS.iter().skip(6).filter(|f| **f != "dates") {
                s(f, false);
            }
            for _ in g["events"].as_array().into_iter().flatten() {
                s("dates", false);
            }
            continue;
        };
        for f in [
            "purpose",
            "method",
            "plan_pages",
            "status",
            "evaluation",
            "reason",
            "cells",
        ] {
            s(f, r[f] == g[f]);
        }
        // The value, the chosen words, the printed label and how they were
        // marked (oval, glyph_ring, checkbox, column, text).
        s(
            "decision",
            ["value", "marked", "label", "mark_kind"]
                .iter()
                .all(|k| r["decision"][k] == g["decision"][k]),
        );
        let gev = g["events"].as_array().expect("golden events");
        let oev = r["events"].as_array().cloned().unwrap_or_default();
        s(
            "events",
            gev.len() == oev.len() && gev.iter().zip(&oev).all(|(a, b)| event_equal(a, b)),
        );
        for (k, ge) in gev.iter().enumerate() {
            let oe = oev.get(k).unwrap_or(&null);
            // `raw` spans are fuzzy (with or without the weekday); the reading is not
            let d = |v: &Value| {
                (
                    v["date"]["iso"].clone(),
                    v["date"]["precision"].clone(),
                    v["date"]["resolved_by"].clone(),
                )
            };
            s("dates", d(oe) == d(ge));
        }
        s("counts", counts_equal(&g["counts"], &r["counts"]));
        s(
            "participants_total",
            r["participants_total"] == g["participants_total"],
        );
    }
}

#[test]
fn samples_match_goldens() {
    let manifest = read_json(&root().join("samples/manifest.json"));
    let baseline = read_json(&root().join("golden/accuracy-baseline.json"));
    let mut scores: BTreeMap<&'static str, Score> =
        FIELDS.iter().map(|f| (*f, Score::default())).collect();
    let mut failures_to_run = Vec::new();
    let mut low_res = Vec::new();
    let samples = manifest["samples"].as_array().expect("samples array");
    for ent in samples {
        // Simulated paper scans are scored on their own (scan_samples_match_goldens).
        if ent.get("dpi").is_some() {
            continue;
        }
        let file = ent["file"].as_str().expect("file");
        let stem = file.trim_end_matches(".pdf");
        let golden = read_json(&root().join("golden").join(format!("{stem}.json")));
        let out = extract(&root().join("samples").join(file));
        if let Err(e) = &out {
            failures_to_run.push(format!("{file}: {e}"));
        }
        // With OCR the 75 dpi scans are read rather than refused: they are
        // the low-resolution case of issue 11, which must warn and never
        // give a confident decision.
        if cfg!(feature = "ocr") && ent["variant"] == "scan" {
            match &out {
                Ok(o) => low_resolution_problems(file, o, &mut low_res),
                Err(e) => low_res.push(format!("{file}: {e}")),
            }
            continue;
        }
        score_report(&golden, out.as_ref().ok(), &mut scores);
    }
    assert!(
        low_res.is_empty(),
        "75 dpi scans read with OCR:\n{}",
        low_res.join("\n")
    );

    println!(
        "\nshinchoku extract vs goldens: {} samples (scans apart)",
        samples.iter().filter(|e| e.get("dpi").is_none()).count()
    );
    println!(
        "{:<20} {:>9} {:>9}  {:>8}  baseline  note",
        "field", "correct", "compared", "accuracy"
    );
    let mut regressions = Vec::new();
    for f in FIELDS {
        let sc = scores[f];
        let min = baseline["fields"][*f].as_f64().unwrap_or(0.0);
        let note = if sc.produced == 0 {
            "not implemented"
        } else if sc.accuracy() + 1e-9 < min {
            "REGRESSION"
        } else if sc.accuracy() > min + 1e-9 {
            "above baseline: raise it"
        } else {
            ""
        };
        println!(
            "{f:<20} {:>9} {:>9}  {:>7.1}%  {:>7.1}%  {note}",
            sc.ok,
            sc.total,
            100.0 * sc.accuracy(),
            100.0 * min
        );
        if sc.accuracy() + 1e-9 < min {
            regressions.push(format!("{f}: {:.3} < baseline {min:.3}", sc.accuracy()));
        }
    }
    if !failures_to_run.is_empty() {
        println!("\nsamples without JSON output ({}):", failures_to_run.len());
        for f in failures_to_run.iter().take(5) {
            println!("  {f}");
        }
        if failures_to_run.len() > 5 {
            println!("  … and {} more", failures_to_run.len() - 5);
        }
    }
    assert!(
        regressions.is_empty(),
        "accuracy regressions:\n{}",
        regressions.join("\n")
    );
}

/// What is wrong with a 75 dpi scan read by OCR: it must carry a
/// `low_resolution` warning, and no decision of confidence 0.5 or more.
fn low_resolution_problems(file: &str, out: &Value, problems: &mut Vec<String>) {
    let warned = out["warnings"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|w| w["code"] == "low_resolution");
    if !warned {
        problems.push(format!("{file}: no low_resolution warning"));
    }
    for r in out["records"].as_array().into_iter().flatten() {
        let c = r["decision"]["confidence"].as_f64().unwrap_or(0.0);
        if c >= 0.5 {
            problems.push(format!(
                "{file}: page {} row {}: decision {} at confidence {c}",
                r["page"], r["row"], r["decision"]["value"]
            ));
        }
    }
}

/// Characters without whitespace, for cell comparison and error rates.
fn squash(s: &str) -> Vec<char> {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Levenshtein distance between two character sequences.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Per-group accuracy of the scan samples.
#[derive(Default)]
struct ScanScore {
    files: u32,
    records_ok: u32,
    records: u32,
    cells_ok: u32,
    cells: u32,
    decisions_ok: u32,
    decisions: u32,
    char_errors: usize,
    chars: usize,
}

fn score_scan(golden: &Value, out: &Value, sc: &mut ScanScore) {
    sc.files += 1;
    let grecs = golden["records"].as_array().expect("golden records");
    let orecs = out["records"].as_array().cloned().unwrap_or_default();
    sc.records += grecs.len() as u32;
    for (i, g) in grecs.iter().enumerate() {
        let r = orecs.get(i).unwrap_or(&Value::Null);
        sc.records_ok += u32::from(r["page"] == g["page"] && r["row"] == g["row"]);
        sc.decisions += 1;
        sc.decisions_ok += u32::from(
            r["decision"]["value"] == g["decision"]["value"]
                && r["decision"]["marked"] == g["decision"]["marked"],
        );
        for (k, gv) in g["cells"].as_object().into_iter().flatten() {
            let gt = squash(gv.as_str().unwrap_or(""));
            // header keys compared without whitespace too (an OCR layer
            // places words apart, so a header may read "(※ )")
            let ot = r["cells"]
                .as_object()
                .and_then(|m| m.iter().find(|(ok, _)| squash(ok) == squash(k)))
                .map(|(_, v)| squash(v.as_str().unwrap_or("")))
                .unwrap_or_default();
            sc.cells += 1;
            sc.cells_ok += u32::from(gt == ot);
            sc.chars += gt.len();
            sc.char_errors += edit_distance(&gt, &ot);
        }
    }
}

fn ratio(a: u32, b: u32) -> f64 {
    if b == 0 {
        1.0
    } else {
        f64::from(a) / f64::from(b)
    }
}

/// The simulated 200/300 dpi scans (issue 11), by group: searchable (text
/// layer + image: cells >= 98 % exact ignoring whitespace, decisions 100 %),
/// image-only at 300 dpi (character error <= 2 %, decisions >= 97 %) and at
/// 200 dpi (decisions >= 95 %). Image-only scans need `--features ocr`;
/// without it they must fail with `no_text_layer` naming how to enable OCR.
#[test]
fn scan_samples_match_goldens() {
    let manifest = read_json(&root().join("samples/manifest.json"));
    let mut groups: BTreeMap<String, ScanScore> = BTreeMap::new();
    let mut problems = Vec::new();
    for ent in manifest["samples"].as_array().expect("samples array") {
        let Some(dpi) = ent["dpi"].as_u64() else {
            continue;
        };
        let file = ent["file"].as_str().expect("file");
        let stem = file.trim_end_matches(".pdf");
        let golden = read_json(&root().join("golden").join(format!("{stem}.json")));
        let image_only = ent["needs_feature"] == "ocr";
        if image_only && !cfg!(feature = "ocr") {
            let out = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
                .arg("extract")
                .arg(root().join("samples").join(file))
                .output()
                .expect("run shinchoku");
            let msg = String::from_utf8_lossy(&out.stderr);
            if !(msg.contains("no_text_layer") && msg.contains("--features ocr")) {
                problems.push(format!(
                    "{file}: expected no_text_layer naming --features ocr, got {msg}"
                ));
            }
            continue;
        }
        let group = if image_only {
            format!("image-only {dpi} dpi")
        } else {
            "searchable".to_string()
        };
        let sc = groups.entry(group).or_default();
        match extract(&root().join("samples").join(file)) {
            Ok(out) => {
                if out["source"]["kind"] != "scan"
                    || out["source"]["dpi"].as_f64() != Some(dpi as f64)
                {
                    problems.push(format!(
                        "{file}: source {} is not a {dpi} dpi scan",
                        out["source"]
                    ));
                }
                // read by OCR only where there is no text layer, and saying on what
                let ocr = out["source"]["ocr"].as_str();
                let named = matches!(ocr, Some("onnxruntime" | "rten"));
                if named != image_only {
                    problems.push(format!("{file}: source.ocr is {ocr:?}"));
                }
                score_scan(&golden, &out, sc);
            }
            Err(e) => {
                problems.push(format!("{file}: {e}"));
                sc.files += 1;
            }
        }
    }
    println!("\nscan samples vs goldens");
    println!(
        "{:<20} {:>5} {:>9} {:>9} {:>10} {:>7}",
        "group", "files", "records", "cells", "decisions", "CER"
    );
    for (g, sc) in &groups {
        let cer = if sc.chars == 0 {
            0.0
        } else {
            sc.char_errors as f64 / sc.chars as f64
        };
        println!(
            "{g:<20} {:>5} {:>8.1}% {:>8.1}% {:>9.1}% {:>6.2}%",
            sc.files,
            100.0 * ratio(sc.records_ok, sc.records),
            100.0 * ratio(sc.cells_ok, sc.cells),
            100.0 * ratio(sc.decisions_ok, sc.decisions),
            100.0 * cer
        );
        let (min_cells, min_dec, max_cer) = match g.as_str() {
            "searchable" => (0.98, 1.0, 1.0),
            x if x.contains("300") => (0.0, 0.97, 0.02),
            _ => (0.0, 0.95, 1.0),
        };
        if ratio(sc.cells_ok, sc.cells) + 1e-9 < min_cells
            || ratio(sc.decisions_ok, sc.decisions) + 1e-9 < min_dec
            || cer > max_cer
        {
            problems.push(format!("{g}: below the issue's targets"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
