//! A three-year timeline over the samples: kodomo_r4 (FY2022) and kodomo_r5
//! (FY2023) goldens and the hand-written FY2024 fixture
//! (`tests/fixtures/compare/kodomo_r6.json`, see its README).

use std::path::{Path, PathBuf};

use shinchoku::compare::{self, ComparedReport, MatchKind, Options, report_from_value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load(rel: &str) -> ComparedReport {
    let path = root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let value: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}"));
    report_from_value(&value, Path::new(rel)).expect("a report")
}

fn three_years() -> compare::Comparison {
    // deliberately out of order: the fiscal years decide
    compare::compare(
        vec![
            load("tests/fixtures/compare/kodomo_r6.json"),
            load("golden/kodomo_r4.calc.json"),
            load("golden/kodomo_r5.calc.json"),
        ],
        &Options::default(),
    )
    .expect("comparable")
}

/// One timeline row as (first line of the method, per year "decision participants" or "-").
fn rows(c: &compare::Comparison) -> Vec<(String, Vec<String>)> {
    c.timeline
        .items
        .iter()
        .map(|item| {
            let method = item
                .method
                .as_deref()
                .unwrap_or("")
                .lines()
                .next()
                .unwrap_or("")
                .to_string();
            let years = item
                .years
                .iter()
                .map(|y| match y {
                    None => "-".to_string(),
                    Some(c) => match c.participants_total {
                        Some(n) => format!("{} {n}", c.decision),
                        None => c.decision.clone(),
                    },
                })
                .collect();
            (method, years)
        })
        .collect()
}

#[test]
fn three_year_timeline_follows_each_item() {
    let c = three_years();
    assert_eq!(
        c.timeline.fiscal_years,
        [Some(2022), Some(2023), Some(2024)]
    );
    assert_eq!(c.steps.len(), 2);
    let got = rows(&c);
    let want: Vec<(&str, [&str; 3])> = vec![
        (
            "保護者向け進路先事業所紹介",
            ["continue_same 20", "continue_same 31", "continue_same 35"],
        ),
        (
            "支援の必要な児の入園に関する関係機関との意見交換",
            ["end", "-", "-"],
        ),
        // reworded in FY2024; the row shows the latest wording
        (
            "こども連絡会における意見交換会",
            ["continue_change 40", "continue_same 42", "continue_same 41"],
        ),
        // first seen in FY2023, printed under the row above: it stays there
        (
            "きょうだい児支援の交流会",
            ["-", "continue_change 14", "continue_same 16"],
        ),
        ("①事業所部会の発足", ["continue_same 23", "end 25", "-"]),
        // renumbered ②→① in FY2024
        (
            "①事業所見学会",
            ["continue_change", "continue_same", "continue_same"],
        ),
        (
            "②事例検討会",
            ["continue_same 19", "continue_same 21", "continue_same 24"],
        ),
        ("④管理職員会", ["continue_same 22", "continue_same 20", "-"]),
        (
            "◇療育支援事業との協働",
            ["continue_change 36", "end 40", "-"],
        ),
        ("保護者対象", ["unmarked", "continue 12", "-"]),
        ("◇療育支援事業", ["end 23", "end 25", "-"]),
        (
            "北里保育園での事例検討会",
            ["end 23", "continue_same 20", "continue_change 18"],
        ),
        (
            "児童発達支援センターしっふ",
            ["continue_same 26", "continue_same 28", "-"],
        ),
        (
            "あさひ学園保育見学及び意見交換会",
            ["continue_change 17", "continue_change 15", "-"],
        ),
        (
            "こども連絡会事業所ガイドブックの更新",
            ["continue_change", "continue_same", "continue_same"],
        ),
        (
            "市民向け啓発講座",
            ["-", "continue_change 83", "continue_same 52"],
        ),
        ("ペアレントトレーニング講座", ["-", "-", "continue 10"]),
    ];
    let want: Vec<(String, Vec<String>)> = want
        .into_iter()
        .map(|(m, y)| (m.to_string(), y.iter().map(|s| s.to_string()).collect()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn second_step_matches_the_reworded_method_by_similarity() {
    let c = three_years();
    let step = &c.steps[1];
    assert_eq!(
        (step.old_fiscal_year, step.new_fiscal_year),
        (Some(2023), Some(2024))
    );
    let similar: Vec<_> = step
        .matched
        .iter()
        .filter(|p| p.kind == MatchKind::Similar)
        .collect();
    assert_eq!(similar.len(), 1, "{similar:?}");
    let p = similar[0];
    assert_eq!(p.old.method.as_deref(), Some("こども連絡会での意見交換"));
    assert_eq!(
        p.new.method.as_deref(),
        Some("こども連絡会における意見交換会")
    );
    assert!(p.score >= c.threshold && p.score < 1.0, "{}", p.score);
    assert!(p.text_changed.contains(&"method"));
    // the timeline carries that score into the FY2024 cell
    let item = c
        .timeline
        .items
        .iter()
        .find(|i| i.method.as_deref() == Some("こども連絡会における意見交換会"))
        .expect("row");
    assert_eq!(item.years[2].as_ref().and_then(|y| y.score), Some(p.score));
    assert_eq!(item.years[0].as_ref().and_then(|y| y.score), None);

    let lecture = step
        .matched
        .iter()
        .find(|p| p.new.method.as_deref() == Some("市民向け啓発講座"))
        .expect("matched");
    assert!(lecture.plan_pages.changed);
    assert_eq!(lecture.participants_total.delta, Some(52 - 83));
    assert_eq!(
        (lecture.events_count.old, lecture.events_count.new),
        (Some(2), Some(1))
    );
}

#[test]
fn promises_are_checked_in_every_step() {
    let c = three_years();
    let mut got: Vec<(usize, &str, String)> = c
        .warnings
        .iter()
        .map(|w| {
            let r = w.old.as_ref().expect("record named");
            let m = r
                .method
                .as_deref()
                .unwrap_or("")
                .lines()
                .next()
                .unwrap_or("")
                .to_string();
            (w.step.expect("step"), w.code, m)
        })
        .collect();
    got.sort();
    let mut want: Vec<(usize, &str, String)> = vec![
        (0, "ended_item_reappears", "◇療育支援事業".into()),
        (0, "ended_item_reappears", "北里保育園での事例検討会".into()),
        (1, "continued_item_missing", "④管理職員会".into()),
        (1, "continued_item_missing", "保護者対象".into()),
        (
            1,
            "continued_item_missing",
            "児童発達支援センターしっふ".into(),
        ),
        (
            1,
            "continued_item_missing",
            "あさひ学園保育見学及び意見交換会".into(),
        ),
    ];
    want.sort();
    assert_eq!(got, want);
}
