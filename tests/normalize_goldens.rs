//! The normalize stage alone against the samples' goldens: each golden record's
//! cell texts go through `normalize_record`, and period, plan_pages, events,
//! dates, counts and participants_total must equal the golden's. This checks
//! this stage independently of PDF reading and table detection.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use serde_json::Value;
use shinchoku::normalize::{Context, RecordCells, find_period, normalize_record};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: PathBuf) -> Value {
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One golden per spec: the goldens of a spec's producers share their records.
fn specs() -> Vec<(String, Value, Value)> {
    let mut out = Vec::new();
    let Ok(dir) = fs::read_dir(root().join("samples/spec")) else {
        return out;
    };
    let mut names: Vec<String> = dir
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    for n in names {
        let stem = n.trim_end_matches(".json").to_string();
        let spec = read(root().join("samples/spec").join(&n));
        let golden_path = ["calc", "reportlab", "writer", "chromium"]
            .iter()
            .map(|p| root().join("golden").join(format!("{stem}.{p}.json")))
            .find(|p| p.exists());
        if let Some(p) = golden_path {
            out.push((stem, spec, read(p)));
        }
    }
    out
}

fn count_keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v
        .as_array()
        .map(|a| {
            a.iter()
                .map(|c| format!("{}|{}|{}|{}", c["raw"], c["value"], c["unit"], c["role"]))
                .collect()
        })
        .unwrap_or_default();
    k.sort();
    k
}

fn event_key(e: &Value) -> String {
    format!(
        "{}|{}|{}|{}|{}|{}|{}|{}|{}",
        e["text"],
        e["date"]["raw"],
        e["participants"]["raw"],
        e["label"],
        e["action"],
        e["date"]["iso"],
        e["date"]["precision"],
        e["date"]["resolved_by"],
        e["participants"]["value"]
    )
}

#[test]
fn records_match_the_goldens() {
    let specs = specs();
    assert!(specs.len() >= 4, "samples/spec and golden/ are in the repo");
    let mut mismatches: Vec<String> = Vec::new();
    let mut compared: BTreeMap<&str, u32> = BTreeMap::new();
    for (stem, spec, golden) in &specs {
        let title = spec["title_line"].as_str().unwrap_or_default();
        let period = find_period(title);
        let pv = serde_json::to_value(&period).unwrap_or(Value::Null);
        *compared.entry("period").or_default() += 1;
        if pv != golden["period"] {
            mismatches.push(format!("{stem} period: {pv} vs {}", golden["period"]));
        }
        let ctx = period.map_or_else(Context::new, |p| Context::new().with_period(p));
        for r in golden["records"].as_array().into_iter().flatten() {
            let at = format!("{stem} p{} r{}", r["page"], r["row"]);
            let text = |k: &str| r[k].as_str().unwrap_or_default();
            let named = [
                text("purpose"),
                text("method"),
                text("status"),
                text("evaluation"),
                text("reason"),
            ];
            let mut pages = "";
            let mut other: Vec<&str> = Vec::new();
            for (h, v) in r["cells"].as_object().into_iter().flatten() {
                let v = v.as_str().unwrap_or_default();
                if h.contains('頁') || h.contains("ページ") {
                    pages = v;
                } else if !named.contains(&v) {
                    other.push(v);
                }
            }
            let cells = RecordCells {
                purpose: named[0],
                method: named[1],
                pages,
                status: named[2],
                evaluation: named[3],
                reason: named[4],
                other,
            };
            let out = serde_json::to_value(normalize_record(&cells, &ctx)).unwrap_or(Value::Null);
            let mut check = |field: &'static str, ok: bool, detail: String| {
                *compared.entry(field).or_default() += 1;
                if !ok {
                    mismatches.push(format!("{at} {field}: {detail}"));
                }
            };
            check(
                "plan_pages",
                out["plan_pages"] == r["plan_pages"],
                format!("{} vs {}", out["plan_pages"], r["plan_pages"]),
            );
            check(
                "participants_total",
                out["participants_total"] == r["participants_total"],
                format!(
                    "{} vs {}",
                    out["participants_total"], r["participants_total"]
                ),
            );
            let ke = |v: &Value| -> Vec<String> {
                v.as_array()
                    .map(|a| a.iter().map(event_key).collect())
                    .unwrap_or_default()
            };
            check(
                "events",
                ke(&out["events"]) == ke(&r["events"]),
                format!("{:?} vs {:?}", ke(&out["events"]), ke(&r["events"])),
            );
            check(
                "counts",
                count_keys(&out["counts"]) == count_keys(&r["counts"]),
                format!(
                    "{:?} vs {:?}",
                    count_keys(&out["counts"]),
                    count_keys(&r["counts"])
                ),
            );
        }
    }
    println!("compared: {compared:?}");
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
