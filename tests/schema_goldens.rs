//! Every golden file validates against `schema/report.schema.json`, and the
//! schema rejects documents that break the contract (so a lax schema cannot make
//! this test pass by accident).

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;
use sha2::{Digest, Sha256};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn validator() -> jsonschema::Validator {
    let schema = read_json(&root().join("schema/report.schema.json"));
    jsonschema::draft202012::new(&schema).expect("schema/report.schema.json compiles")
}

fn goldens() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(root().join("golden"))
        .expect("golden/ exists")
        .map(|e| e.expect("readable dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        // the accuracy baseline lives beside the goldens but is not a report
        .filter(|p| p.file_name().is_none_or(|n| n != "accuracy-baseline.json"))
        .collect();
    out.sort();
    out
}

#[test]
fn every_golden_validates() {
    let v = validator();
    let files = goldens();
    assert!(
        files.len() >= 24,
        "expected ≥ 24 goldens, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    for f in &files {
        let doc = read_json(f);
        for err in v.iter_errors(&doc) {
            failures.push(format!(
                "{}: {} at {}",
                f.display(),
                err,
                err.instance_path()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_sample_has_a_golden() {
    let manifest = read_json(&root().join("samples/manifest.json"));
    for s in manifest["samples"].as_array().expect("samples array") {
        let file = s["file"].as_str().expect("file name");
        let stem = file.trim_end_matches(".pdf");
        let pdf = root().join("samples").join(file);
        let bytes = fs::read(&pdf).unwrap_or_else(|e| panic!("{file}: {e}"));
        let golden = read_json(&root().join("golden").join(format!("{stem}.json")));
        // a PDF regenerated without its golden (or the reverse) is caught here
        let sha: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            golden["source"]["file"], file,
            "{stem}.json names another file"
        );
        assert_eq!(
            golden["source"]["sha256"],
            sha.as_str(),
            "{stem}.json is stale for {file}"
        );
    }
}

#[test]
fn schema_rejects_contract_violations() {
    let v = validator();
    let files = goldens();
    let report = files
        .iter()
        .map(|f| read_json(f))
        .find(|d| d.get("records").is_some())
        .expect("at least one report golden");

    let mut bad_decision = report.clone();
    bad_decision["records"][0]["decision"]["value"] = Value::from("maybe");
    assert!(
        !v.is_valid(&bad_decision),
        "unknown decision value accepted"
    );

    let mut missing_field = report.clone();
    missing_field["records"][0]
        .as_object_mut()
        .expect("record object")
        .remove("plan_pages");
    assert!(
        !v.is_valid(&missing_field),
        "record without plan_pages accepted"
    );

    let mut bad_date = report.clone();
    bad_date["records"][0]["events"] = serde_json::json!([{
        "label": null, "text": "x", "action": null, "participants": null,
        "date": {"raw": "9月", "iso": "2022-09-28", "precision": "month", "resolved_by": "fiscal_year"}
    }]);
    assert!(
        !v.is_valid(&bad_date),
        "month precision with a day iso accepted"
    );

    let mut extra = report.clone();
    extra["records"][0]["project_added_field"] = Value::from(1);
    assert!(v.is_valid(&extra), "the project may add fields");

    let both = serde_json::json!({
        "schema_version": "1",
        "source": report["source"].clone(),
        "error": {"code": "damaged", "message": "x"},
        "records": []
    });
    assert!(!v.is_valid(&both), "records and error together accepted");

    let err = serde_json::json!({
        "schema_version": "1",
        "source": report["source"].clone(),
        "error": {"code": "no_text_layer", "message": "scan"}
    });
    assert!(v.is_valid(&err), "error result rejected");
}
