//! The spreadsheet outputs as a person gets them: the batch workbook and the
//! compare workbook read back with calamine, and the Japanese CSV. Expected
//! values come from the samples' goldens (written from the generator's
//! spec), never from shinchoku's own output.

mod common;

use calamine::{Data, Reader, Xlsx, open_workbook};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_shinchoku"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("shinchoku-tables-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch dir");
    d
}

fn golden(name: &str) -> Value {
    let text = std::fs::read_to_string(root().join("golden").join(name)).expect("golden");
    serde_json::from_str(&text).expect("golden JSON")
}

fn sheet(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut wb: Xlsx<_> = open_workbook(path).expect("workbook opens");
    let range = wb.worksheet_range(name).expect("sheet exists");
    range.rows().map(<[Data]>::to_vec).collect()
}

fn s(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn col(header: &[Data], name: &str) -> usize {
    header
        .iter()
        .position(|h| s(h) == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

/// Days from Excel's epoch (1899-12-30) to a date, the serial Excel stores.
fn excel_serial(y: i32, m: u32, d: u32) -> f64 {
    let days = |y: i32, m: u32, d: u32| -> i64 {
        // days from civil (Howard Hinnant's algorithm)
        let y = if m <= 2 { y - 1 } else { y } as i64;
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = m as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe
    };
    (days(y, m, d) - days(1899, 12, 30)) as f64
}

#[test]
fn the_batch_workbook_reads_back_with_headers_values_dates_and_errors() {
    let dir = scratch("batch");
    let xlsx = dir.join("out.xlsx");
    let mut args: Vec<PathBuf> = vec![
        root().join("samples/kodomo_r4.calc.pdf"),
        root().join("samples/sodan_r5.chromium-scan.pdf"),
    ];
    let generic = common::corpus().map(|c| c.join("real/jp_hamura_taxi_teian_R5-03-02.pdf"));
    if let Some(g) = &generic {
        args.push(g.clone());
    }
    let out = bin()
        .arg("extract")
        .args(&args)
        .arg("--xlsx")
        .arg(&xlsx)
        .arg("--quiet")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "one file fails: exit 1");

    let wb: Xlsx<_> = open_workbook(&xlsx).expect("opens");
    assert_eq!(wb.sheet_names(), ["記録", "実施", "表", "書式", "エラー"]);

    // 記録: the headers, in order
    let rows = sheet(&xlsx, "記録");
    let header: Vec<String> = rows[0].iter().map(s).collect();
    assert_eq!(
        header[..15],
        [
            "ファイル",
            "年度",
            "頁",
            "行",
            "目的",
            "方法",
            "計画頁",
            "実施状況",
            "評価",
            "判定",
            "判定の語",
            "確信度",
            "参加者数",
            "理由・根拠",
            "警告"
        ]
    );
    let g = golden("kodomo_r4.calc.json");
    let records = g["records"].as_array().expect("records");
    assert_eq!(rows.len() - 1, records.len(), "one row per record");
    // a known record: the golden's first
    let r0 = &records[0];
    let row = rows
        .iter()
        .find(|r| s(&r[col(&rows[0], "記録ID")]) == r0["id"].as_str().unwrap_or("p1-r1"))
        .expect("record p1-r1");
    let h = &rows[0];
    assert_eq!(s(&row[col(h, "ファイル")]), "kodomo_r4.calc.pdf");
    assert_eq!(row[col(h, "年度")], Data::Float(2022.0));
    assert_eq!(
        s(&row[col(h, "目的")]),
        r0["purpose"].as_str().expect("purpose")
    );
    assert_eq!(
        s(&row[col(h, "方法")]),
        r0["method"].as_str().expect("method")
    );
    assert_eq!(
        s(&row[col(h, "実施状況")]),
        r0["status"].as_str().expect("status")
    );
    assert_eq!(r0["decision"]["value"], "continue_same");
    assert_eq!(s(&row[col(h, "判定")]), "継続（同じ）");
    // the printed words chosen: the decision's label
    assert_eq!(s(&row[col(h, "判定の語")]), "継続（同じ）");
    assert_eq!(
        row[col(h, "参加者数")],
        Data::Float(r0["participants_total"].as_f64().expect("participants"))
    );
    match &row[col(h, "確信度")] {
        Data::Float(c) => assert!((0.0..=1.0).contains(c), "{c}"),
        other => panic!("confidence is a number, got {other:?}"),
    }
    // every decision of the golden appears in Japanese
    let labels: Vec<String> = rows[1..].iter().map(|r| s(&r[col(h, "判定")])).collect();
    let ja = |v: &str| match v {
        "end" => "終了",
        "continue_same" => "継続（同じ）",
        "continue_change" => "継続（変更）",
        "continue" => "継続",
        "unmarked" => "未記入",
        _ => "判別不能",
    };
    for (r, label) in records.iter().zip(&labels) {
        assert_eq!(label, ja(r["decision"]["value"].as_str().unwrap_or("")));
    }

    // 実施: the event of p1-r1 with a real Excel date
    let ev = sheet(&xlsx, "実施");
    let eh = &ev[0];
    let e0 = &r0["events"][0];
    assert_eq!(e0["date"]["iso"], "2022-09-28");
    let erow = ev
        .iter()
        .find(|r| s(&r[col(eh, "記録ID")]) == "p1-r1")
        .expect("event row of p1-r1");
    match &erow[col(eh, "日付")] {
        Data::DateTime(dt) => {
            assert_eq!(dt.as_f64(), excel_serial(2022, 9, 28));
            assert!(dt.is_datetime());
        }
        other => panic!("日付 is an Excel date, got {other:?}"),
    }
    assert_eq!(s(&erow[col(eh, "日付（原文）")]), "9月28日");
    assert_eq!(s(&erow[col(eh, "実施区分")]), "開催");
    assert_eq!(erow[col(eh, "参加者数")], Data::Float(20.0));
    let events: usize = records
        .iter()
        .map(|r| r["events"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(ev.len() - 1, events, "one row per event");

    // エラー: the scan without a text layer
    let errs = sheet(&xlsx, "エラー");
    assert_eq!(errs.len(), 2);
    assert_eq!(s(&errs[1][0]), "sodan_r5.chromium-scan.pdf");
    assert_eq!(s(&errs[1][1]), "no_text_layer");
    assert!(!s(&errs[1][3]).is_empty());

    // 表: a generic table under its own headers
    if generic.is_some() {
        let t = sheet(&xlsx, "表");
        let sub = t.get(1).expect("the table's header row");
        assert_eq!(s(&sub[0]), "ファイル");
        assert!(sub.iter().any(|c| s(c) == "学校名"), "{sub:?}");
        assert!(t.len() > 3);
    }
}

#[test]
fn the_compare_workbook_has_the_markdown_sections_as_sheets() {
    let dir = scratch("compare");
    let r4 = root().join("samples/kodomo_r4.calc.pdf");
    let r5 = root().join("samples/kodomo_r5.calc.pdf");
    let json = bin()
        .args(["compare", "--format", "json"])
        .arg(&r4)
        .arg(&r5)
        .output()
        .expect("runs");
    assert!(json.status.success());
    let c: Value = serde_json::from_slice(&json.stdout).expect("json");
    let out = bin()
        .args(["compare", "--format", "xlsx"])
        .arg(&r4)
        .arg(&r5)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let xlsx = dir.join("c.xlsx");
    std::fs::write(&xlsx, &out.stdout).expect("write");
    let wb: Xlsx<_> = open_workbook(&xlsx).expect("opens");
    assert_eq!(
        wb.sheet_names(),
        [
            "継続している項目",
            "新しい項目",
            "なくなった項目",
            "年度別一覧",
            "注意"
        ]
    );
    let step = &c["steps"][0];
    let n = |k: &str| step[k].as_array().map_or(0, Vec::len);
    assert_eq!(sheet(&xlsx, "継続している項目").len() - 1, n("matched"));
    assert_eq!(sheet(&xlsx, "新しい項目").len() - 1, n("added"));
    assert_eq!(sheet(&xlsx, "なくなった項目").len() - 1, n("removed"));
    let tl = sheet(&xlsx, "年度別一覧");
    let header: Vec<String> = tl[0].iter().map(s).collect();
    assert_eq!(
        header,
        [
            "目的",
            "方法",
            "2022年度 判定",
            "2022年度 参加者",
            "2023年度 判定",
            "2023年度 参加者"
        ]
    );
    assert_eq!(
        tl.len() - 1,
        c["timeline"]["items"].as_array().map_or(0, Vec::len)
    );
}

#[test]
fn the_japanese_csv_has_japanese_headers_words_and_a_row_per_failed_file() {
    let dir = scratch("csv");
    let csv_path = dir.join("out.csv");
    let out = bin()
        .arg("extract")
        .arg(root().join("samples/kodomo_r4.calc.pdf"))
        .arg(root().join("samples/sodan_r5.chromium-scan.pdf"))
        .arg("--csv")
        .arg(&csv_path)
        .args(["--csv-lang", "ja", "--quiet"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let text = std::fs::read_to_string(&csv_path).expect("csv");
    let text = text.strip_prefix('\u{FEFF}').expect("a BOM for Excel");
    let mut rd = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rd
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(&header[..4], ["ファイル", "団体", "表題", "年度"]);
    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.expect("row")).collect();
    let at = |name: &str| header.iter().position(|h| h == name).expect(name);
    let g = golden("kodomo_r4.calc.json");
    assert_eq!(rows.len(), g["records"].as_array().map_or(0, Vec::len) + 1);
    assert_eq!(&rows[0][at("判定")], "継続（同じ）");
    let conf = &rows[0][at("確信度")];
    assert!(
        conf.len() == 4 && conf.starts_with(['0', '1']),
        "two decimals: {conf}"
    );
    let failed = rows.last().expect("failed row");
    assert_eq!(&failed[0], "sodan_r5.chromium-scan.pdf");
    assert_eq!(&failed[at("エラーコード")], "no_text_layer");

    // English stays the default, with contract codes
    let en_path = dir.join("en.csv");
    bin()
        .arg("extract")
        .arg(root().join("samples/kodomo_r4.calc.pdf"))
        .arg("--csv")
        .arg(&en_path)
        .arg("--quiet")
        .output()
        .expect("runs");
    let en = std::fs::read_to_string(&en_path).expect("csv");
    assert!(
        en.starts_with("\u{FEFF}file,body,title,fiscal_year"),
        "{}",
        &en[..40]
    );
    assert!(en.contains(",continue_same,"));
}
