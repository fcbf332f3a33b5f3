//! Every value this stage emits validates against the report schema's `date`,
//! `count`, `event` and `period` definitions, for the TSV inputs and for texts
//! that exercise every extra (ranges, 上旬, 年度, 同日, invalid dates, 申込者なし).

use std::path::PathBuf;

use serde_json::{Value, json};
use shinchoku::normalize::{
    Context, RecordCells, events, find_counts, find_dates, normalize_record, parse_period,
    parse_period_in,
};

fn validator(def: &str) -> jsonschema::Validator {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schema/report.schema.json");
    let text = std::fs::read_to_string(&path).expect("schema/report.schema.json");
    let root: Value = serde_json::from_str(&text).expect("schema JSON");
    let schema = json!({ "$defs": root["$defs"], "$ref": format!("#/$defs/{def}") });
    jsonschema::draft202012::new(&schema).expect("schema compiles")
}

const TEXTS: &[&str] = &[
    "令和4年10月1日(土)",
    "令和4年2月30日",
    "2月29日",
    "同日",
    "11月28日 同日",
    "毎月第2火曜日",
    "10月上旬",
    "令和4年度",
    "4年度",
    "平成30年度～令和2年度",
    "令和4年10月～",
    "10・11月",
    "1～3月",
    "12月28日～1月4日",
    "9月28日",
    "①6月10日開催 参加者21名 ②2月14日開催 参加者19名",
    "8月22日 申込者がなく中止した",
    "参加者なし",
    "意見交換会中止",
    "保護者10名・児童11名が参加",
    "延べ123人（実人数45人）",
    "21名（うち保護者10名）",
    "10～15名",
    "来場者約300人",
    "申込者9事業所",
];

fn check(v: &jsonschema::Validator, what: &str, value: &Value, errors: &mut Vec<String>) {
    for e in v.iter_errors(value) {
        errors.push(format!("{what}: {e} in {value}"));
    }
}

#[test]
fn emitted_values_follow_the_report_schema() {
    let (vd, vc, ve, vp) = (
        validator("date"),
        validator("count"),
        validator("event"),
        validator("report"),
    );
    let ctxs = [
        Context::new(),
        Context::new().with_fiscal_year(2022),
        Context::new().with_period(parse_period("R4年10月～R5年2月").expect("period")),
    ];
    let mut errors = Vec::new();
    for ctx in &ctxs {
        for t in TEXTS {
            for d in find_dates(t, ctx) {
                let dv = serde_json::to_value(&d).unwrap_or_default();
                check(&vd, t, &dv, &mut errors);
                if let Some(end) = dv.get("end") {
                    check(&vd, t, end, &mut errors);
                }
            }
            for e in events(t, ctx) {
                check(
                    &ve,
                    t,
                    &serde_json::to_value(&e).unwrap_or_default(),
                    &mut errors,
                );
            }
            let cells = RecordCells {
                status: t,
                evaluation: t,
                ..RecordCells::default()
            };
            let r = normalize_record(&cells, ctx);
            for c in &r.counts {
                check(
                    &vc,
                    t,
                    &serde_json::to_value(c).unwrap_or_default(),
                    &mut errors,
                );
            }
            for e in &r.events {
                check(
                    &ve,
                    t,
                    &serde_json::to_value(e).unwrap_or_default(),
                    &mut errors,
                );
            }
        }
    }
    // Counts with a unit are schema counts; a stated zero has none and stays out of records.
    for t in TEXTS {
        for c in find_counts(t).iter().filter(|c| c.unit.is_some()) {
            check(
                &vc,
                t,
                &serde_json::to_value(c).unwrap_or_default(),
                &mut errors,
            );
        }
    }
    // A period inside a minimal report document.
    for raw in [
        "R4年10月～R5年2月",
        "令和5年度",
        "令和4年10月～",
        "R4年10月ーR5年2月",
    ] {
        let p = parse_period_in(raw, &Context::new()).expect("period");
        let doc = json!({
            "schema_version": "1",
            "source": { "file": "x.pdf", "sha256": "0".repeat(64), "pages": 1 },
            "body": null, "title": null,
            "period": p,
            "records": [], "warnings": []
        });
        check(&vp, raw, &doc, &mut errors);
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}
