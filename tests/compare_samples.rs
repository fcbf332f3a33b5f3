//! The consecutive-year sample pair (kodomo_r4 FY2022 → kodomo_r5 FY2023)
//! gives exactly the comparison written in `samples/spec/kodomo_r5.json`
//! ("comparison"), for every producer's golden of either year.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use shinchoku::compare::{self, ComparedReport, Comparison, Options, report_from_value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every golden of one spec that is a whole report (the 75 dpi scans are
/// error results; the 200/300 dpi scan samples hold only the spec's first
/// pages, so they are no year to compare).
fn goldens(spec: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(root().join("golden"))
        .expect("golden/ exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n.starts_with(&format!("{spec}.")) && n.ends_with(".json") && !n.contains("-scan")
            })
        })
        .filter(|p| read_json(p).get("records").is_some())
        .collect();
    out.sort();
    out
}

fn load(path: &Path) -> ComparedReport {
    report_from_value(&read_json(path), path).expect("golden is a report")
}

/// Spec row id → (page, row) of its record, by the golden conventions: the
/// page where the row starts and its index among the rows starting there.
fn places(spec: &Value) -> HashMap<String, (u32, u32)> {
    let mut out = HashMap::new();
    for (p, page) in spec["pages"].as_array().expect("pages").iter().enumerate() {
        let starts = page["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .filter_map(Value::as_str)
            .filter(|id| !id.ends_with('+'));
        for (r, id) in starts.enumerate() {
            out.insert(id.to_string(), (p as u32 + 1, r as u32 + 1));
        }
    }
    out
}

fn id_at(places: &HashMap<String, (u32, u32)>, page: Option<u32>, row: Option<u32>) -> String {
    let at = (page.expect("page"), row.expect("row"));
    places
        .iter()
        .find(|(_, p)| **p == at)
        .map(|(id, _)| id.clone())
        .unwrap_or_else(|| panic!("no spec row at {at:?}"))
}

/// The comparison in the spec's own shape, rebuilt from our output.
fn as_spec(
    c: &Comparison,
    old: &HashMap<String, (u32, u32)>,
    new: &HashMap<String, (u32, u32)>,
) -> Value {
    assert_eq!(c.steps.len(), 1);
    let step = &c.steps[0];
    let matched: Vec<Value> = step
        .matched
        .iter()
        .map(|p| {
            json!({
                "old": id_at(old, p.old.page, p.old.row),
                "new": id_at(new, p.new.page, p.new.row),
                "match": p.kind,
                "score": p.score,
                "decision": [p.decision.old, p.decision.new],
                "decision_changed": p.decision.changed,
                "participants_total": [p.participants_total.old, p.participants_total.new],
                "participants_total_delta": p.participants_total.delta,
                "events_count": [p.events_count.old, p.events_count.new],
                "plan_pages": [p.plan_pages.old, p.plan_pages.new],
            })
        })
        .collect();
    let added: Vec<Value> = step
        .added
        .iter()
        .map(|u| {
            json!({
                "new": id_at(new, u.record.page, u.record.row),
                "purpose": u.record.purpose,
                "method": u.record.method,
            })
        })
        .collect();
    let removed: Vec<Value> = step
        .removed
        .iter()
        .map(|u| {
            json!({
                "old": id_at(old, u.record.page, u.record.row),
                "purpose": u.record.purpose,
                "method": u.record.method,
            })
        })
        .collect();
    json!({"matched": matched, "added": added, "removed": removed})
}

/// The spec's expectation without its prose keys.
fn expected(spec: &Value) -> Value {
    let c = &spec["comparison"];
    json!({"matched": c["matched"], "added": c["added"], "removed": c["removed"]})
}

#[test]
fn sample_pair_gives_the_spec_comparison_for_every_producer() {
    let spec_old = read_json(&root().join("samples/spec/kodomo_r4.json"));
    let spec_new = read_json(&root().join("samples/spec/kodomo_r5.json"));
    assert_eq!(spec_new["comparison"]["against"], "kodomo_r4");
    let (old_places, new_places) = (places(&spec_old), places(&spec_new));
    let want = expected(&spec_new);

    let olds = goldens("kodomo_r4");
    let news = goldens("kodomo_r5");
    assert!(olds.len() >= 8 && news.len() >= 6, "{olds:?} {news:?}");
    for o in &olds {
        for n in &news {
            // given newest first: the order comes from the fiscal years
            let c = compare::compare(vec![load(n), load(o)], &Options::default())
                .unwrap_or_else(|e| panic!("{} vs {}: {e}", o.display(), n.display()));
            assert_eq!(c.reports[0].fiscal_year, Some(2022));
            assert_eq!(c.reports[1].fiscal_year, Some(2023));
            let got = as_spec(&c, &old_places, &new_places);
            assert_eq!(
                got,
                want,
                "{} vs {}:\n got {}\nwant {}",
                o.display(),
                n.display(),
                serde_json::to_string(&got).unwrap_or_default(),
                serde_json::to_string(&want).unwrap_or_default()
            );
        }
    }
}

#[test]
fn sample_pair_warns_about_items_marked_end_that_came_back() {
    let c = compare::compare(
        vec![
            load(&root().join("golden/kodomo_r4.calc.json")),
            load(&root().join("golden/kodomo_r5.calc.json")),
        ],
        &Options::default(),
    )
    .expect("comparable");
    let spec_old = read_json(&root().join("samples/spec/kodomo_r4.json"));
    let old_places = places(&spec_old);
    let mut ended: Vec<String> = c
        .warnings
        .iter()
        .filter(|w| w.code == "ended_item_reappears")
        .map(|w| {
            let r = w.old.as_ref().expect("old record named");
            id_at(&old_places, r.page, r.row)
        })
        .collect();
    ended.sort();
    // r2 was also marked 終了 but is gone, as promised
    assert_eq!(ended, ["r10", "r11"]);
    assert!(
        c.warnings.iter().all(|w| w.code == "ended_item_reappears"),
        "{:?}",
        c.warnings
    );
}

#[test]
fn text_changes_are_content_changes() {
    let c = compare::compare(
        vec![
            load(&root().join("golden/kodomo_r4.calc.json")),
            load(&root().join("golden/kodomo_r5.calc.json")),
        ],
        &Options::default(),
    )
    .expect("comparable");
    let step = &c.steps[0];
    for p in &step.matched {
        // every sample match is exact, so purpose and method never count as changed
        assert!(!p.text_changed.contains(&"purpose") && !p.text_changed.contains(&"method"));
    }
    // r1: new date, new counts, a new evaluation sentence; the reason is word for word the same
    let r1 = &step.matched[0];
    assert_eq!(r1.text_changed, ["status", "evaluation"]);
}

#[test]
fn added_and_removed_show_their_nearest_counterpart_below_the_threshold() {
    let c = compare::compare(
        vec![
            load(&root().join("golden/kodomo_r4.calc.json")),
            load(&root().join("golden/kodomo_r5.calc.json")),
        ],
        &Options::default(),
    )
    .expect("comparable");
    let step = &c.steps[0];
    for u in step.added.iter().chain(&step.removed) {
        let n = u.nearest.as_ref().expect("the other year has records");
        assert!(n.score < c.threshold, "{u:?}");
    }
    // the dropped r2 (…関係機関との意見交換) is nearest to r3 (こども連絡会での意見交換)
    let r2 = &step.removed[0];
    let near = r2.nearest.as_ref().expect("nearest");
    assert_eq!(
        near.record.method.as_deref(),
        Some("こども連絡会での意見交換")
    );
}
