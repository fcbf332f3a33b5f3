//! No input makes the comparison panic: every field of a report replaced by
//! every kind of JSON value, extreme numbers, empty and repetitive reports.
//! Each case must give a comparison or a typed error.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use shinchoku::compare::{self, Options, render_csv, render_md, report_from_value};

fn golden(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("golden/{name}.calc.json"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("golden")).expect("JSON")
}

/// Loads both documents and, when they are reports, compares and renders
/// them in every format. Returns whether a comparison was made.
fn attempt(old: &Value, new: &Value) -> bool {
    let (Ok(a), Ok(b)) = (
        report_from_value(old, Path::new("old.json")),
        report_from_value(new, Path::new("new.json")),
    ) else {
        return false;
    };
    match compare::compare(
        vec![a, b],
        &Options {
            threshold: 0.6,
            force: true,
        },
    ) {
        Ok(c) => {
            let _ = render_md::render(&c);
            render_csv::render(&c).expect("CSV of a valid comparison");
            serde_json::to_string(&c).expect("JSON of a valid comparison");
            true
        }
        Err(_) => false,
    }
}

fn kinds() -> Vec<Value> {
    vec![
        Value::Null,
        json!(true),
        json!(-1),
        json!(1.5),
        json!(u64::MAX),
        json!(""),
        json!("①\u{FE00}ｶﾞ\u{3000}"),
        json!([]),
        json!([null, 1, "x"]),
        json!({}),
    ]
}

#[test]
fn every_field_of_every_kind() {
    let base_old = golden("kodomo_r4");
    let base_new = golden("kodomo_r5");
    let top: Vec<String> = base_new
        .as_object()
        .expect("object")
        .keys()
        .cloned()
        .collect();
    let rec: Vec<String> = base_new["records"][0]
        .as_object()
        .expect("record")
        .keys()
        .cloned()
        .collect();
    let (mut made, mut refused) = (0, 0);
    for kind in kinds() {
        for key in &top {
            let mut new = base_new.clone();
            new[key.as_str()] = kind.clone();
            if attempt(&base_old, &new) {
                made += 1
            } else {
                refused += 1
            }
        }
        for key in &rec {
            let mut new = base_new.clone();
            new["records"][0][key.as_str()] = kind.clone();
            if attempt(&base_old, &new) {
                made += 1
            } else {
                refused += 1
            }
            let mut new = base_new.clone();
            new["records"][0]["decision"][key.as_str()] = kind.clone();
            new["records"][0]["decision"]["value"] = kind.clone();
            if attempt(&base_old, &new) {
                made += 1
            } else {
                refused += 1
            }
        }
    }
    // both outcomes occur: the view tolerates some damage and refuses the rest
    assert!(made > 0 && refused > 0, "made {made}, refused {refused}");
}

#[test]
fn extreme_and_degenerate_reports() {
    let base = golden("kodomo_r4");

    let mut huge = base.clone();
    huge["records"][0]["participants_total"] = json!(i64::MAX);
    let mut tiny = base.clone();
    tiny["records"][0]["participants_total"] = json!(i64::MIN);
    assert!(
        attempt(&tiny, &huge),
        "overflowing delta is null, not a panic"
    );

    let mut empty = base.clone();
    empty["records"] = json!([]);
    assert!(attempt(&empty, &base));
    assert!(attempt(&base, &empty));
    assert!(attempt(&empty, &empty));

    // a hundred copies of one row each year, and rows with nothing but a page
    let row = base["records"][0].clone();
    let mut many = base.clone();
    many["records"] = Value::Array(vec![row; 100]);
    assert!(attempt(&many, &base));
    let mut bare = base.clone();
    bare["records"] = json!([{}, {"page": 1}, {"method": "x"}]);
    assert!(attempt(&bare, &bare));
}
