//! Measures the matcher on the samples: hand-written rewordings of real sample
//! methods must match, and no two different items of one report may be
//! matched when one is dropped and the other added. Prints a threshold sweep
//! (`cargo test --test compare_matching -- --nocapture`) and asserts the
//! default threshold gets every case right.

use std::path::{Path, PathBuf};

use shinchoku::compare::fold::fold;
use shinchoku::compare::matching::match_records;
use shinchoku::compare::{ComparedReport, DEFAULT_THRESHOLD, MatchKind, Record, report_from_value};

fn golden(name: &str) -> ComparedReport {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("golden/{name}.calc.json"));
    let text = std::fs::read_to_string(&path).expect("golden readable");
    let value: serde_json::Value = serde_json::from_str(&text).expect("golden is JSON");
    report_from_value(&value, Path::new(name)).expect("golden is a report")
}

/// Rewordings a secretary might make from one year to the next, each of a
/// method printed in the samples: particles changed (での → における), words
/// added or dropped (こども連絡会, の実施, ・機能強化), reordered phrases.
const REWORDINGS: &[(&str, &str, &str)] = &[
    (
        "kodomo_r4",
        "こども連絡会での意見交換",
        "こども連絡会における意見交換会",
    ),
    (
        "kodomo_r4",
        "保護者向け進路先事業所紹介",
        "保護者向けの進路先事業所の紹介",
    ),
    (
        "kodomo_r4",
        "児童発達支援センターしっふ\nケース検討会",
        "児童発達支援センターしっふでのケース検討会",
    ),
    (
        "kodomo_r4",
        "あさひ学園保育見学及び意見交換会",
        "あさひ学園の保育見学と意見交換会",
    ),
    (
        "kodomo_r4",
        "こども連絡会事業所ガイドブックの更新",
        "事業所ガイドブックの更新",
    ),
    (
        "kodomo_r4",
        "保護者対象\n「障がい児への関わりで感じている困難さ」の勉強会",
        "保護者対象の勉強会「障がい児への関わりで感じる困難さ」",
    ),
    (
        "kodomo_r4",
        "◇療育支援事業との協働\n児童クラブ、放課後等デイサービス事業所とのケース検討会",
        "療育支援事業との協働による児童クラブ・放課後等デイサービス事業所とのケース検討会",
    ),
    (
        "kodomo_r4",
        "北里保育園での事例検討会",
        "北里保育園にて事例検討会",
    ),
    (
        "long_r5",
        "地域生活支援に向けた研修会の開催",
        "地域生活支援のための研修会開催",
    ),
    (
        "sodan_r5",
        "相談支援専門員の研修会",
        "相談支援専門員研修会の実施",
    ),
    (
        "sodan_r5",
        "基幹相談支援センターの運営",
        "基幹相談支援センターの運営・機能強化",
    ),
];

/// Does the reworded record match its original at `threshold`?
fn rewording_matches(
    report: &ComparedReport,
    old_method: &str,
    new_method: &str,
    threshold: f64,
) -> bool {
    let i = report
        .records
        .iter()
        .position(|r| r.method.as_deref() == Some(old_method))
        .unwrap_or_else(|| panic!("{old_method:?} not in the sample"));
    let mut new = report.records.clone();
    new[i].method = Some(new_method.to_string());
    let m = match_records(&report.records, &new, threshold);
    m.pairs
        .iter()
        .any(|p| p.old == i && p.new == i && p.kind == MatchKind::Similar)
}

/// Every drop-one/add-another scenario of a report: `x` is dropped, `y`
/// added, all other records carried over. Returns the scenarios where `x`
/// and `y` were wrongly paired.
fn false_matches(report: &ComparedReport, threshold: f64) -> Vec<(String, String)> {
    let recs = &report.records;
    let key = |r: &Record| {
        (
            fold(r.purpose.as_deref().unwrap_or("")),
            fold(r.method.as_deref().unwrap_or("")),
        )
    };
    let mut wrong = Vec::new();
    for x in 0..recs.len() {
        for y in 0..recs.len() {
            if x == y || key(&recs[x]) == key(&recs[y]) {
                continue;
            }
            let old: Vec<Record> = (0..recs.len())
                .filter(|&k| k != y)
                .map(|k| recs[k].clone())
                .collect();
            let new: Vec<Record> = (0..recs.len())
                .filter(|&k| k != x)
                .map(|k| recs[k].clone())
                .collect();
            let ox = if y < x { x - 1 } else { x };
            let ny = if x < y { y - 1 } else { y };
            let m = match_records(&old, &new, threshold);
            if m.pairs.iter().any(|p| p.old == ox && p.new == ny) {
                wrong.push((
                    recs[x].method.clone().unwrap_or_default(),
                    recs[y].method.clone().unwrap_or_default(),
                ));
            }
        }
    }
    wrong
}

/// The one pair of different rows the default threshold pairs when one is
/// dropped and the other added: the shorter method is wholly contained in the
/// longer (a case conference, then a case conference at one nursery), which a
/// reader could take either way. Listed so that any other false match fails.
const KNOWN_AMBIGUOUS: &[(&str, &str)] = &[
    ("③事例検討会", "北里保育園での事例検討会"),
    ("北里保育園での事例検討会", "③事例検討会"),
];

#[test]
fn default_threshold_matches_rewordings_and_keeps_items_apart() {
    let reports: Vec<(&str, ComparedReport)> = ["kodomo_r4", "kodomo_r5", "long_r5", "sodan_r5"]
        .into_iter()
        .map(|n| (n, golden(n)))
        .collect();
    let report = |name: &str| &reports.iter().find(|(n, _)| *n == name).expect("loaded").1;
    let scenarios: usize = reports
        .iter()
        .map(|(_, r)| r.records.len() * (r.records.len() - 1))
        .sum();

    eprintln!("threshold  rewordings matched  false matches (of {scenarios} drop/add scenarios)");
    for t in [0.5, DEFAULT_THRESHOLD, 0.7] {
        let missed: Vec<_> = REWORDINGS
            .iter()
            .filter(|(r, a, b)| !rewording_matches(report(r), a, b, t))
            .collect();
        let wrong: Vec<(&str, (String, String))> = reports
            .iter()
            .flat_map(|(n, r)| false_matches(r, t).into_iter().map(move |w| (*n, w)))
            .collect();
        eprintln!(
            "{t:>9.2}  {:>8}/{:<10} {:>13}",
            REWORDINGS.len() - missed.len(),
            REWORDINGS.len(),
            wrong.len()
        );
        for (n, (x, y)) in &wrong {
            eprintln!("           {n}: dropped {x:?} paired with added {y:?}");
        }
        if t == DEFAULT_THRESHOLD {
            assert!(missed.is_empty(), "rewordings not matched: {missed:?}");
            let unexpected: Vec<_> = wrong
                .iter()
                .filter(|(_, (x, y))| !KNOWN_AMBIGUOUS.contains(&(x.as_str(), y.as_str())))
                .collect();
            assert!(
                unexpected.is_empty(),
                "different items matched: {unexpected:?}"
            );
        }
    }
}

#[test]
fn renumbered_and_rewidthed_methods_match_exactly() {
    let r4 = golden("kodomo_r4");
    let mut new = r4.records.clone();
    for rec in &mut new {
        let m = rec.method.clone().unwrap_or_default();
        // the markers renumbered, a full-width space inserted, a line re-wrapped
        let m = m
            .replace('④', "③")
            .replace("保護者向け", "保護者向け\u{3000}");
        rec.method = Some(m.replace('\n', ""));
    }
    let m = match_records(&r4.records, &new, DEFAULT_THRESHOLD);
    assert_eq!(m.pairs.len(), r4.records.len());
    assert!(
        m.pairs
            .iter()
            .all(|p| p.old == p.new && p.kind == MatchKind::Exact)
    );
}

#[test]
fn repeated_key_pairs_in_page_order() {
    // a row split over a page break read as two records with the same purpose
    // and method, in both years
    let rec = |page, row, status: &str| Record {
        page: Some(page),
        row: Some(row),
        purpose: Some("ネットワークの構築".into()),
        method: Some("こども連絡会での意見交換".into()),
        status: Some(status.into()),
        ..Record::default()
    };
    let other = Record {
        page: Some(1),
        row: Some(1),
        purpose: Some("ネットワークの構築".into()),
        method: Some("保護者向け進路先事業所紹介".into()),
        ..Record::default()
    };
    // the array order is deliberately not the page order
    let old = vec![rec(3, 1, "後半"), other.clone(), rec(2, 4, "前半")];
    let new = vec![other.clone(), rec(2, 2, "前半"), rec(3, 1, "後半")];
    let m = match_records(&old, &new, DEFAULT_THRESHOLD);
    let mut pairs: Vec<(usize, usize)> = m.pairs.iter().map(|p| (p.old, p.new)).collect();
    pairs.sort();
    assert_eq!(pairs, vec![(0, 2), (1, 0), (2, 1)]);

    // one occurrence fewer next year: the first in page order pairs, the other is removed
    let new = vec![other, rec(2, 2, "前半")];
    let m = match_records(&old, &new, DEFAULT_THRESHOLD);
    let mut pairs: Vec<(usize, usize)> = m.pairs.iter().map(|p| (p.old, p.new)).collect();
    pairs.sort();
    assert_eq!(pairs, vec![(1, 0), (2, 1)]);
    assert_eq!(m.removed.iter().map(|r| r.0).collect::<Vec<_>>(), vec![0]);
    assert!(m.added.is_empty());
}

#[test]
fn reworded_split_row_still_pairs_despite_its_identical_sibling() {
    let rec = |page, method: &str| Record {
        page: Some(page),
        row: Some(1),
        purpose: Some("ネットワークの構築".into()),
        method: Some(method.into()),
        ..Record::default()
    };
    let old = vec![
        rec(1, "こども連絡会での意見交換"),
        rec(2, "こども連絡会での意見交換"),
    ];
    let new = vec![
        rec(1, "こども連絡会での意見交換"),
        rec(2, "こども連絡会における意見交換会"),
    ];
    let m = match_records(&old, &new, DEFAULT_THRESHOLD);
    assert_eq!(m.pairs.len(), 2, "{m:?}");
    let similar = m
        .pairs
        .iter()
        .find(|p| p.kind == MatchKind::Similar)
        .expect("one similar pair");
    assert_eq!((similar.old, similar.new), (1, 1));
    assert!(similar.score < 1.0 && similar.score >= DEFAULT_THRESHOLD);
}
