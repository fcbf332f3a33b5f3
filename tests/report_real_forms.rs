//! Real evaluation sheets (`../shared/corpus/real-forms`, 20 files) against
//! the truth read by hand from their renders
//! (`tests/fixtures/real-forms/truth.json`): each is a form with no
//! records, its decision, title, body and choice groups as printed, and
//! next to no character of any page left out of the output.

mod common;

use serde_json::Value;
use shinchoku::extract::Options;
use shinchoku::layout::{Settings, analyze_document};
use shinchoku::report::Mode;
use shinchoku::report::furniture::is_page_number;
use std::collections::HashMap;
use std::path::PathBuf;

fn truth() -> Vec<Value> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real-forms/truth.json");
    let text = std::fs::read_to_string(&path).expect("truth.json");
    let v: Value = serde_json::from_str(&text).expect("truth parses");
    v["sheets"].as_array().cloned().unwrap_or_default()
}

fn forms_dir() -> Option<PathBuf> {
    Some(common::corpus()?.join("real-forms"))
}

#[test]
fn every_sheet_is_a_form_with_its_decision_title_body_and_choices() {
    let Some(dir) = forms_dir() else { return };
    let sheets = truth();
    assert_eq!(sheets.len(), 20);
    assert_eq!(common::pdfs_in(&dir).len(), sheets.len());
    for t in &sheets {
        let file = t["file"].as_str().expect("file");
        let bytes = std::fs::read(dir.join(file)).expect(file);
        let rep = shinchoku::extract(&bytes, &Options::default()).expect(file);
        assert_eq!(rep.mode, Mode::Form, "{file}");
        assert!(
            rep.records.is_empty(),
            "{file}: {} records",
            rep.records.len()
        );
        let d = rep.decision.as_ref().expect("a decision");
        assert_eq!(d.label, t["decision"]["label"], "{file}");
        assert_eq!(
            serde_json::to_value(d.value).expect("value"),
            t["decision"]["value"],
            "{file}"
        );
        assert_eq!(d.mark_kind, "text", "{file}");
        assert_eq!(rep.title.as_deref(), t["title"].as_str(), "{file}");
        assert_eq!(rep.body.as_deref(), t["body"].as_str(), "{file}");
        for tc in t["choices"].as_array().into_iter().flatten() {
            let label = tc["label"].as_str().unwrap_or_default();
            let got = rep
                .choices
                .iter()
                .find(|c| c.label == label)
                .unwrap_or_else(|| panic!("{file}: no choice group {label}"));
            assert_eq!(
                Some(got.options.len() as u64),
                tc["options"].as_u64(),
                "{file} {label}"
            );
            let want: Vec<&str> = tc["chosen"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            assert_eq!(got.chosen, want, "{file} {label}");
        }
        if let Some(tc) = t["choices"].as_array() {
            assert_eq!(rep.choices.len(), tc.len(), "{file}: every choice group");
        }
        // The sheet number is not the body.
        assert!(
            rep.fields
                .iter()
                .any(|f| f.label.to_uppercase().starts_with("NO") || f.label.starts_with("Ｎ")),
            "{file}"
        );
    }
}

/// Multiset of the non-blank characters of a text.
fn chars(s: &str, into: &mut HashMap<char, i64>, sign: i64) {
    for c in s.chars().filter(|c| !c.is_whitespace()) {
        *into.entry(c).or_default() += sign;
    }
}

/// Every character printed on the sheets (page numbers aside, which are
/// page furniture) appears in the output: fields, choices, title, body or
/// a warning. Compared as multisets over each file; at most 1 % missing.
#[test]
fn next_to_no_character_is_left_out() {
    let Some(dir) = forms_dir() else { return };
    let (mut printed, mut missing) = (0i64, 0i64);
    let mut worst = Vec::new();
    for f in common::pdfs_in(&dir) {
        let bytes = std::fs::read(&f).expect("pdf");
        let doc = shinchoku::pdf::read(&bytes, &Default::default()).expect("pdf");
        let mut count: HashMap<char, i64> = HashMap::new();
        for p in &doc.pages {
            let visible = p.glyphs.iter().any(|g| !g.invisible);
            for g in p.glyphs.iter().filter(|g| !(visible && g.invisible)) {
                chars(&g.text, &mut count, 1);
            }
        }
        for l in analyze_document(&doc, &Settings::default()) {
            for line in l.furniture.iter().filter(|x| is_page_number(&x.text)) {
                chars(&line.text, &mut count, -1);
            }
        }
        let file_total: i64 = count.values().filter(|v| **v > 0).sum();
        let rep = shinchoku::extract(&bytes, &Options::default()).expect("report");
        let mut out: HashMap<char, i64> = HashMap::new();
        for fd in &rep.fields {
            chars(&fd.label, &mut out, 1);
            chars(&fd.value, &mut out, 1);
            chars(fd.section.as_deref().unwrap_or_default(), &mut out, 1);
        }
        for c in &rep.choices {
            chars(&c.label, &mut out, 1);
            chars(c.section.as_deref().unwrap_or_default(), &mut out, 1);
            for o in &c.options {
                chars(o, &mut out, 1);
            }
        }
        for w in &rep.warnings {
            chars(&w.message, &mut out, 1);
        }
        let lost: i64 = count
            .iter()
            .map(|(c, n)| (n - out.get(c).copied().unwrap_or(0)).max(0))
            .sum();
        printed += file_total;
        missing += lost;
        worst.push((lost, common::name(&f)));
    }
    worst.sort();
    eprintln!(
        "real-forms: {missing} of {printed} characters unaccounted for; worst {:?}",
        worst.last()
    );
    assert!(printed > 10_000);
    assert!(
        missing * 100 <= printed,
        "{missing} of {printed} characters unaccounted for"
    );
}

/// The forms' JSON validates against `schema/report.schema.json`.
#[test]
fn form_output_validates_against_the_schema() {
    let Some(dir) = forms_dir() else { return };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("schema/report.schema.json")).expect("schema"),
    )
    .expect("schema parses");
    let v = jsonschema::draft202012::new(&schema).expect("schema compiles");
    for f in common::pdfs_in(&dir) {
        let bytes = std::fs::read(&f).expect("pdf");
        let json = shinchoku::extract::extract_json(&bytes, &Options::default()).expect("json");
        let errors: Vec<String> = v.iter_errors(&json).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", common::name(&f));
        assert_eq!(json["mode"], "form");
        assert!(!json["fields"].as_array().expect("fields").is_empty());
    }
}
