//! `shinchoku extract` as users run it: one file, folders in bulk, bad files
//! mixed in, deterministic output, incremental re-runs, CSV and JSON lines;
//! and every output, over samples and corpus, valid against the schema.

mod common;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_shinchoku"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn samples() -> Vec<PathBuf> {
    common::pdfs_in(&root().join("samples"))
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("shinchoku runs")
}

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schema/report.schema.json")).expect("schema"),
    )
    .expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

fn assert_valid(v: &jsonschema::Validator, doc: &Value, what: &str) {
    let errors: Vec<String> = v
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .take(5)
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:?}");
}

/// A scratch folder outside the project (and outside ../shared, which is
/// read-only in CI).
fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("shinchoku-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch dir");
    d
}

#[test]
fn every_output_over_samples_and_corpus_validates_and_nothing_panics() {
    let v = validator();
    let mut files = samples();
    if let Some(c) = common::corpus() {
        files.extend(common::pdfs_in(&c.join("real")));
        files.extend(common::pdfs_in(&c.join("synthetic")));
    }
    let dir = scratch("schema");
    let out = run(bin()
        .args(["extract", "--quiet", "--out"])
        .arg(&dir)
        .args(&files));
    assert!(matches!(out.status.code(), Some(0 | 1)), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("internal"), "a file hit a bug:\n{stderr}");
    let mut checked = 0;
    for f in &files {
        let stem = f.file_stem().expect("stem").to_string_lossy().into_owned();
        let path = dir.join(format!("{stem}.json"));
        let doc: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("output written"))
                .expect("output is JSON");
        assert_valid(&v, &doc, &stem);
        checked += 1;
    }
    assert_eq!(checked, files.len());
}

#[test]
fn one_file_prints_its_report_or_its_error() {
    let out = run(bin()
        .arg("extract")
        .arg(root().join("samples/kodomo_r4.reportlab.pdf")));
    assert_eq!(out.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(doc["source"]["file"], "kodomo_r4.reportlab.pdf");
    assert_eq!(doc["body"], "こども連絡会");
    assert_eq!(doc["records"].as_array().map(Vec::len), Some(14));

    let dir = scratch("single");
    let text = dir.join("notes.pdf");
    std::fs::write(&text, "これはPDFではありません").expect("write");
    let out = run(bin().arg("extract").arg(&text));
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("error JSON on stdout");
    assert_eq!(doc["error"]["code"], "not_pdf");
    assert_eq!(doc["schema_version"], "1");

    let scan = run(bin()
        .arg("extract")
        .arg(root().join("samples/kodomo_r4.calc-scan.pdf")));
    let doc: Value = serde_json::from_slice(&scan.stdout).expect("error JSON");
    assert_eq!(doc["error"]["code"], "no_text_layer");
}

#[test]
fn usage_errors_exit_2() {
    let s = samples();
    let out = run(bin().arg("extract").arg(&s[0]).arg(&s[1]));
    assert_eq!(
        out.status.code(),
        Some(2),
        "two files need --out or --jsonl"
    );
    let out = run(bin().args(["extract", "--no-such-flag", "x.pdf"]));
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn bad_files_in_a_batch_are_listed_and_the_rest_is_written() {
    let input = scratch("mixed-in");
    let out_dir = scratch("mixed-out");
    let good = [
        "kodomo_r4.calc.pdf",
        "sodan_r5.writer.pdf",
        "long_r5.reportlab.pdf",
    ];
    for g in good {
        std::fs::copy(root().join("samples").join(g), input.join(g)).expect("copy sample");
    }
    std::fs::write(
        input.join("corrupt.pdf"),
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage garbage\n",
    )
    .expect("w");
    std::fs::write(input.join("not_a_pdf.pdf"), "plain text").expect("w");
    std::fs::write(input.join("empty.pdf"), b"").expect("w");
    let mut expected = vec![
        ("corrupt.pdf", "damaged"),
        ("empty.pdf", "not_pdf"),
        ("not_a_pdf.pdf", "not_pdf"),
    ];
    if let Some(c) = common::corpus() {
        std::fs::copy(
            c.join("synthetic/enc_aes256_userpw_lo_writer.pdf"),
            input.join("locked.pdf"),
        )
        .expect("copy");
        expected.push(("locked.pdf", "encrypted"));
    }
    let out = run(bin()
        .args(["extract", "--quiet", "--jobs", "2"])
        .arg(&input)
        .arg("--out")
        .arg(&out_dir));
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    for g in good {
        let stem = g.trim_end_matches(".pdf");
        let doc: Value = serde_json::from_str(
            &std::fs::read_to_string(out_dir.join(format!("{stem}.json"))).expect("written"),
        )
        .expect("JSON");
        assert!(
            doc["records"].as_array().is_some_and(|r| !r.is_empty()),
            "{g}"
        );
    }
    let errors: Value = serde_json::from_str(
        &std::fs::read_to_string(out_dir.join("_errors.json")).expect("_errors.json"),
    )
    .expect("JSON");
    let listed: Vec<(String, String)> = errors
        .as_array()
        .expect("array")
        .iter()
        .map(|e| {
            let file = Path::new(e["file"].as_str().unwrap_or(""))
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (file, e["code"].as_str().unwrap_or("").to_string())
        })
        .collect();
    expected.sort();
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(listed, expected);
    // The failed files get their error object too.
    let doc: Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("empty.json")).expect("w"))
            .expect("JSON");
    assert_eq!(doc["error"]["code"], "not_pdf");
}

#[test]
fn output_bytes_do_not_depend_on_the_number_of_jobs() {
    let dir = scratch("jobs");
    let mut outs = vec![];
    for jobs in ["1", "2"] {
        let jsonl = dir.join(format!("j{jobs}.jsonl"));
        let folder = dir.join(format!("d{jobs}"));
        let out = run(bin()
            .args(["extract", "--quiet", "--jobs", jobs])
            .arg(root().join("samples"))
            .arg("--jsonl")
            .arg(&jsonl)
            .arg("--out")
            .arg(&folder));
        assert_eq!(out.status.code(), Some(1), "the scans fail: {out:?}");
        outs.push((std::fs::read(&jsonl).expect("jsonl"), folder));
    }
    assert_eq!(
        outs[0].0, outs[1].0,
        "JSON lines differ between --jobs 1 and 2"
    );
    for f in std::fs::read_dir(&outs[0].1).expect("dir") {
        let name = f.expect("entry").file_name();
        let a = std::fs::read(outs[0].1.join(&name)).expect("a");
        let b = std::fs::read(outs[1].1.join(&name)).expect("b");
        assert_eq!(a, b, "{name:?} differs between --jobs 1 and 2");
    }
    // JSON lines come in input (sorted path) order.
    let text = String::from_utf8(outs[0].0.clone()).expect("utf8");
    let files: Vec<String> = text
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).expect("line")["source"]["file"]
                .as_str()
                .unwrap_or("")
                .to_string()
        })
        .collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted);
    assert_eq!(files.len(), samples().len());
}

#[test]
fn rerun_skips_up_to_date_outputs_and_force_redoes_them() {
    let dir = scratch("incremental");
    let one = root().join("samples/kodomo_r5.calc.pdf");
    let first = run(bin().arg("extract").arg(&one).arg("--out").arg(&dir));
    assert_eq!(first.status.code(), Some(0));
    let out_file = dir.join("kodomo_r5.calc.json");
    // Mark the output so a rewrite would be visible.
    let mut doc: Value =
        serde_json::from_str(&std::fs::read_to_string(&out_file).expect("r")).expect("j");
    doc["marker"] = Value::Bool(true);
    std::fs::write(&out_file, serde_json::to_vec(&doc).expect("s")).expect("w");

    let second = run(bin().arg("extract").arg(&one).arg("--out").arg(&dir));
    assert_eq!(second.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&second.stderr).contains("1 file: up to date"),
        "{second:?}"
    );
    let kept: Value =
        serde_json::from_str(&std::fs::read_to_string(&out_file).expect("r")).expect("j");
    assert_eq!(kept["marker"], true, "an up-to-date output was rewritten");

    let forced = run(bin()
        .arg("extract")
        .arg(&one)
        .arg("--out")
        .arg(&dir)
        .arg("--force"));
    assert_eq!(forced.status.code(), Some(0));
    let redone: Value =
        serde_json::from_str(&std::fs::read_to_string(&out_file).expect("r")).expect("j");
    assert!(
        redone.get("marker").is_none(),
        "--force did not redo the file"
    );
}

#[test]
fn csv_opens_in_excel_with_one_row_per_record() {
    let dir = scratch("csv");
    let csv_path = dir.join("all.csv");
    let files = [
        root().join("samples/kodomo_r4.calc.pdf"),
        root().join("samples/sodan_r5.chromium.pdf"),
    ];
    let out = run(bin()
        .args(["extract", "--quiet"])
        .args(&files)
        .arg("--csv")
        .arg(&csv_path));
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let bytes = std::fs::read(&csv_path).expect("csv");
    assert!(bytes.starts_with("\u{FEFF}".as_bytes()), "no BOM");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header = reader.headers().expect("header").clone();
    assert_eq!(&header[0], "file");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let golden_records: usize = ["kodomo_r4.calc", "sodan_r5.chromium"]
        .iter()
        .map(|g| {
            let v: Value = serde_json::from_str(
                &std::fs::read_to_string(root().join(format!("golden/{g}.json"))).expect("g"),
            )
            .expect("j");
            v["records"].as_array().map(Vec::len).unwrap_or(0)
        })
        .sum();
    assert_eq!(rows.len(), golden_records);
    let decision_col = header
        .iter()
        .position(|h| h == "decision")
        .expect("decision column");
    assert_eq!(&rows[0][decision_col], "continue_same");
}
