//! `shinchoku compare` as a user runs it: outputs in each format, and a clear
//! message with the right exit status (never a panic) for bad inputs.

use std::path::PathBuf;
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .arg("compare")
        .args(args)
        .current_dir(root())
        .output()
        .expect("the binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

/// Exit status and stderr of a failing run, checked to be a clear message and no panic.
fn fails(args: &[&str], status: i32, message: &str) {
    let o = run(args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(status), "{args:?}: {err}");
    assert!(
        err.contains(message),
        "{args:?}: expected {message:?} in {err:?}"
    );
    assert!(!err.contains("panicked"), "{args:?}: {err}");
    assert!(
        o.stdout.is_empty(),
        "{args:?}: nothing on stdout after an error"
    );
}

const R4: &str = "golden/kodomo_r4.calc.json";
const R5: &str = "golden/kodomo_r5.calc.json";
const R6: &str = "tests/fixtures/compare/kodomo_r6.json";

#[test]
fn json_is_the_default() {
    let o = run(&[R4, R5]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON on stdout");
    assert_eq!(v["kind"], "comparison");
    assert_eq!(v["steps"][0]["matched"].as_array().map(Vec::len), Some(13));
    // warnings go to stderr as well as into the JSON
    assert!(
        stderr(&o).contains("warning: marked 終了"),
        "{}",
        stderr(&o)
    );
}

/// The tables of a Markdown document: each a header line and its rows.
fn tables(md: &str) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in md.lines() {
        if line.starts_with('|') {
            current.push(line);
        } else if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Cell separators in a table line, not counting escaped `\|`.
fn cells(line: &str) -> usize {
    line.replace("\\|", "").matches('|').count()
}

#[test]
fn markdown_tables_are_well_formed() {
    let o = run(&[R4, R5, "--format", "md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = stdout(&o);
    let ts = tables(&md);
    // matched, added, removed
    assert_eq!(ts.len(), 3, "{md}");
    assert_eq!(
        ts.iter().map(|t| t.len() - 2).collect::<Vec<_>>(),
        [13, 2, 1]
    );
    for t in &ts {
        assert!(
            t[1].starts_with("|---"),
            "second line is the rule: {}",
            t[1]
        );
        for line in t {
            assert_eq!(cells(line), cells(t[0]), "ragged row: {line}");
            assert!(line.ends_with('|'));
        }
    }
    assert!(
        md.contains("| 〃 | ④管理職員会 | 1.00 | 継続・同じ | 22 → 20 (−2) | 1 | 41 | 実施状況 |"),
        "{md}"
    );
    assert!(md.contains("継続・同じ → **終了**"));

    let o = run(&[R4, R5, R6, "--format", "md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = stdout(&o);
    let timeline = &tables(&md)[0];
    assert!(
        timeline[0].contains("| 2022年度 | 2023年度 | 2024年度 |"),
        "{}",
        timeline[0]
    );
    assert_eq!(timeline.len() - 2, 17);
    assert!(
        md.contains("| ネットワークの構築 | 保護者向け進路先事業所紹介 | 継続・同じ 20名 | 継続・同じ 31名 | 継続・同じ 35名 |"),
        "{md}"
    );
}

#[test]
fn csv_has_a_bom_and_one_row_per_item() {
    let o = run(&[R4, R5, "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.starts_with(b"\xEF\xBB\xBF"), "BOM first");
    let mut r = csv::Reader::from_reader(&o.stdout[3..]);
    let header = r.headers().expect("header").clone();
    assert_eq!(&header[0], "区分");
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("row")).collect();
    let kinds: Vec<&str> = rows.iter().map(|x| &x[0]).collect();
    assert_eq!(kinds.iter().filter(|k| **k == "一致").count(), 13);
    assert_eq!(kinds.iter().filter(|k| **k == "新規").count(), 2);
    assert_eq!(kinds.iter().filter(|k| **k == "削除").count(), 1);
    assert!(rows.iter().all(|x| x.len() == header.len()));
    // full texts, line breaks included
    assert!(rows.iter().any(|x| x[2].starts_with("①事業所部会の発足\n")));

    let o = run(&[R4, R5, R6, "--format", "csv"]);
    assert!(o.stdout.starts_with(b"\xEF\xBB\xBF"));
    let mut r = csv::Reader::from_reader(&o.stdout[3..]);
    let header = r.headers().expect("header").clone();
    assert_eq!(header.len(), 2 + 3 * 2);
    assert_eq!(&header[2], "2022年度 判定");
    assert_eq!(r.records().count(), 17);
}

#[test]
fn bad_inputs_give_clear_errors() {
    fails(
        &[R4, "golden/no_such_file.json"],
        // a missing input is a usage error, as in extract and dump
        2,
        "golden/no_such_file.json: cannot read the file",
    );
    fails(
        &[R4, "README.md"],
        1,
        "README.md: not a report: the file is not valid JSON",
    );
    fails(
        &[R4, "samples/manifest.json"],
        1,
        "samples/manifest.json: not a report: it has no \"records\" array",
    );
    fails(
        &[R4, "golden/kodomo_r4.calc-scan.json"],
        1,
        "extraction failure (no_text_layer",
    );
    fails(
        &[R4, "golden/sodan_r5.calc.json"],
        1,
        "different bodies (こども連絡会 / 相談支援連絡会); pass --force",
    );
    // A PDF that is not a report is an input error with the extract error's code.
    fails(&[R4, "samples/kodomo_r4.calc-scan.pdf"], 1, "no_text_layer");
}

#[test]
fn pdf_inputs_are_extracted_first_and_compare_like_their_goldens() {
    let from_pdf = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "compare",
            "samples/kodomo_r4.calc.pdf",
            "samples/kodomo_r5.calc.pdf",
        ])
        .output()
        .expect("runs");
    assert_eq!(from_pdf.status.code(), Some(0), "{from_pdf:?}");
    let from_json = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["compare", R4, "golden/kodomo_r5.calc.json"])
        .output()
        .expect("runs");
    let a: serde_json::Value = serde_json::from_slice(&from_pdf.stdout).expect("json");
    let b: serde_json::Value = serde_json::from_slice(&from_json.stdout).expect("json");
    for key in ["matched", "added", "removed"] {
        let n = |v: &serde_json::Value| v["steps"][0][key].as_array().map(Vec::len);
        assert_eq!(n(&a), n(&b), "{key}");
    }
    assert_eq!(a["steps"][0]["matched"].as_array().map(Vec::len), Some(13));
}

#[test]
fn malformed_reports_are_input_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).expect("write");
        p.to_string_lossy().into_owned()
    };
    let truncated = write(
        "truncated.json",
        r#"{"schema_version": "1", "records": [{"page": 1"#,
    );
    let array = write("array.json", "[1, 2]");
    let bad_decision = write(
        "bad_decision.json",
        r#"{"body": "こども連絡会", "records": [{"decision": {"value": "maybe"}}]}"#,
    );
    let bad_type = write(
        "bad_type.json",
        r#"{"body": "こども連絡会", "records": [{"page": "one"}]}"#,
    );
    fails(&[R4, &truncated], 1, "not valid JSON");
    fails(&[R4, &array], 1, "expected a JSON object, found an array");
    fails(
        &[R4, &bad_decision],
        1,
        "records[0].decision.value is \"maybe\"",
    );
    fails(&[R4, &bad_type], 1, "records[0]:");
}

#[test]
fn missing_fiscal_year_keeps_the_given_order_with_a_warning() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(root().join(R5)).expect("golden");
    let mut v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    v["period"] = serde_json::Value::Null;
    let p = dir.path().join("no_period.json");
    std::fs::write(&p, v.to_string()).expect("write");
    let p = p.to_string_lossy().into_owned();
    let o = run(&[R4, &p]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("no fiscal year in"), "{}", stderr(&o));
    let out: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(out["reports"][0]["file"], R4);
    assert_eq!(out["warnings"][0]["code"], "order_by_input");
}

#[test]
fn force_compares_different_bodies_with_a_warning() {
    let o = run(&[R4, "golden/sodan_r5.calc.json", "--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("compared anyway because of --force"));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(v["warnings"][0]["code"], "different_bodies");
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec![R4],
        vec![R4, R5, "--threshold", "1.5"],
        vec![R4, R5, "--threshold", "abc"],
        vec![R4, R5, "--format", "xml"],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"));
    }
}
