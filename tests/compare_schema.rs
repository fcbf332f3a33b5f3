//! `shinchoku compare` JSON validates against `schema/compare.schema.json`,
//! and the schema rejects outputs that break it (so a lax schema cannot pass
//! by accident).

use std::path::{Path, PathBuf};

use serde_json::Value;
use shinchoku::compare::{self, ComparedReport, Options, report_from_value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn load(rel: &str) -> ComparedReport {
    report_from_value(&read_json(&root().join(rel)), Path::new(rel)).expect("a report")
}

fn validator() -> jsonschema::Validator {
    let schema = read_json(&root().join("schema/compare.schema.json"));
    jsonschema::draft202012::new(&schema).expect("schema/compare.schema.json compiles")
}

fn output(files: &[&str], opts: &Options) -> Value {
    let c = compare::compare(files.iter().map(|f| load(f)).collect(), opts).expect("comparable");
    serde_json::to_value(&c).expect("serializable")
}

fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

#[test]
fn outputs_validate() {
    let v = validator();
    let cases: Vec<(Vec<&str>, Options)> = vec![
        (
            vec!["golden/kodomo_r4.calc.json", "golden/kodomo_r5.calc.json"],
            Options::default(),
        ),
        (
            vec![
                "golden/kodomo_r4.writer.json",
                "golden/kodomo_r5.chromium.json",
                "tests/fixtures/compare/kodomo_r6.json",
            ],
            Options::default(),
        ),
        // different bodies, forced: added/removed everywhere, a body warning
        (
            vec!["golden/sodan_r5.calc.json", "golden/long_r5.calc.json"],
            Options {
                force: true,
                ..Options::default()
            },
        ),
    ];
    for (files, opts) in cases {
        let doc = output(&files, &opts);
        let errs = errors(&v, &doc);
        assert!(errs.is_empty(), "{files:?}:\n{}", errs.join("\n"));
    }
}

#[test]
fn schema_rejects_broken_outputs() {
    let v = validator();
    let good = output(
        &["golden/kodomo_r4.calc.json", "golden/kodomo_r5.calc.json"],
        &Options::default(),
    );
    assert!(v.is_valid(&good));

    let mut bad = good.clone();
    bad["steps"][0]["matched"][0]["decision"]["new"] = Value::from("maybe");
    assert!(!v.is_valid(&bad), "unknown decision accepted");

    let mut bad = good.clone();
    bad["steps"][0]["matched"][0]["score"] = Value::from(0.9);
    assert!(!v.is_valid(&bad), "an exact match scoring below 1 accepted");

    let mut bad = good.clone();
    bad["steps"][0]["matched"][0]
        .as_object_mut()
        .expect("pair object")
        .remove("participants_total");
    assert!(
        !v.is_valid(&bad),
        "pair without participants_total accepted"
    );

    let mut bad = good.clone();
    bad["steps"][0]["added"][0]["nearest"]["score"] = Value::from(1.5);
    assert!(!v.is_valid(&bad), "score above 1 accepted");

    let mut bad = good.clone();
    bad["timeline"]["items"][0]["years"][0] = Value::from("continue");
    assert!(
        !v.is_valid(&bad),
        "a timeline cell that is a bare string accepted"
    );

    let mut bad = good.clone();
    bad["kind"] = Value::from("report");
    assert!(!v.is_valid(&bad), "wrong kind accepted");

    let mut extra = good.clone();
    extra["steps"][0]["matched"][0]["project_added_field"] = Value::from(1);
    assert!(v.is_valid(&extra), "the project may add fields");
}

#[test]
fn the_hand_written_fixture_is_a_valid_report() {
    let schema = read_json(&root().join("schema/report.schema.json"));
    let v = jsonschema::draft202012::new(&schema).expect("report schema compiles");
    let doc = read_json(&root().join("tests/fixtures/compare/kodomo_r6.json"));
    let errs = errors(&v, &doc);
    assert!(errs.is_empty(), "{}", errs.join("\n"));
}
