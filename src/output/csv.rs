//! The batch CSV: one row per record, one row per failed file, UTF-8 with a
//! BOM (Excel on Japanese Windows reads a BOM-less file as Shift_JIS).
//!
//! English headers and contract codes are the default, for machines;
//! [`Lang::Ja`] gives the Japanese headers and decision words of the
//! workbook for people. Confidence has two decimals in both. Generic rows
//! (no known roles) carry their cells as a JSON object in `cells`, since
//! every named column is blank for them.

use super::json::{self, text, text_or_empty};
use super::labels;
use super::{OutputError, RecordSource};
use serde_json::Value;

/// Language of the headers and decision words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English headers, contract codes (the default, for machines).
    #[default]
    En,
    /// Japanese headers and decision words (for people).
    Ja,
}

/// The columns, English and Japanese.
const COLUMNS: &[(&str, &str)] = &[
    ("file", "ファイル"),
    ("body", "団体"),
    ("title", "表題"),
    ("fiscal_year", "年度"),
    ("page", "頁"),
    ("row", "行"),
    ("purpose", "目的"),
    ("method", "方法"),
    ("plan_pages", "計画頁"),
    ("status", "実施状況"),
    ("evaluation", "評価"),
    ("reason", "理由・根拠"),
    ("decision", "判定"),
    ("marked", "判定の語"),
    ("confidence", "確信度"),
    ("participants_total", "参加者数"),
    ("events", "実施回数"),
    ("event_dates", "実施日"),
    ("record_id", "記録ID"),
    ("cells", "セル"),
    ("error_code", "エラーコード"),
    ("error_message", "エラー内容"),
];

/// The header row in `lang`.
pub fn header(lang: Lang) -> Vec<&'static str> {
    COLUMNS
        .iter()
        .map(|(en, ja)| if lang == Lang::Ja { *ja } else { *en })
        .collect()
}

/// The rows of one report JSON: one per record, or a single row naming the
/// file and its error for a failed file.
pub fn rows(report: &Value, lang: Lang) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let _ = each_row(report, report, lang, &mut |row| {
        out.push(row);
        Ok(())
    });
    out
}

/// [`rows`], one at a time, the records read from `records` (a long
/// report's are never all in memory).
pub fn each_row(
    report: &Value,
    records: &dyn RecordSource,
    lang: Lang,
    f: &mut dyn FnMut(Vec<String>) -> Result<(), OutputError>,
) -> Result<(), OutputError> {
    let file = text_or_empty(report, "/source/file");
    if let Some(err) = report.get("error") {
        let mut row = vec![String::new(); COLUMNS.len()];
        row[0] = file;
        row[COLUMNS.len() - 2] = text_or_empty(err, "/code");
        row[COLUMNS.len() - 1] = text_or_empty(err, "/message");
        return f(row);
    }
    let body = text_or_empty(report, "/body");
    let title = text_or_empty(report, "/title");
    let fy = json::int(report, "/period/fiscal_year")
        .map(|y| y.to_string())
        .unwrap_or_default();
    let generic = json::is_generic(report);
    records.each(&mut |r| {
        let code = text(r, "/decision/value").unwrap_or_default();
        let decision = match lang {
            Lang::Ja => labels::decision_ja(code).to_string(),
            Lang::En => code.to_string(),
        };
        let events = json::array(r, "/events");
        f(vec![
            file.clone(),
            body.clone(),
            title.clone(),
            fy.clone(),
            json::cell_text(r.get("page")),
            json::cell_text(r.get("row")),
            text_or_empty(r, "/purpose"),
            text_or_empty(r, "/method"),
            json::array(r, "/plan_pages")
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join(";"),
            text_or_empty(r, "/status"),
            text_or_empty(r, "/evaluation"),
            text_or_empty(r, "/reason"),
            decision,
            r.get("decision")
                .map(json::decision_words)
                .unwrap_or_default(),
            json::num(r, "/decision/confidence")
                .map(|c| format!("{c:.2}"))
                .unwrap_or_default(),
            json::cell_text(r.get("participants_total")),
            events.len().to_string(),
            events
                .iter()
                .filter_map(|e| text(e, "/date/iso"))
                .collect::<Vec<_>>()
                .join(";"),
            text_or_empty(r, "/id"),
            if generic {
                r.get("cells").map(Value::to_string).unwrap_or_default()
            } else {
                String::new()
            },
            String::new(),
            String::new(),
        ])
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn report() -> Value {
        json!({
            "source": {"file": "a.pdf"},
            "mode": "report",
            "period": {"fiscal_year": 2022},
            "records": [{
                "id": "p1-r1", "page": 1, "row": 1, "purpose": "目的",
                "decision": {"value": "continue_same", "marked": ["継続", "同じ"], "confidence": 0.8333333333333334},
                "events": [{"date": {"iso": "2022-09-28"}}], "participants_total": 20
            }]
        })
    }

    #[test]
    fn japanese_rows_carry_words_and_two_decimals() {
        let r = rows(&report(), Lang::Ja);
        let h = header(Lang::Ja);
        let col = |name: &str| h.iter().position(|c| *c == name).expect(name);
        assert_eq!(r[0][col("判定")], "継続（同じ）");
        assert_eq!(r[0][col("判定の語")], "継続・同じ");
        assert_eq!(r[0][col("確信度")], "0.83");
        assert_eq!(r[0][col("実施日")], "2022-09-28");
        let en = rows(&report(), Lang::En);
        assert_eq!(
            en[0][header(Lang::En)
                .iter()
                .position(|c| *c == "decision")
                .expect("col")],
            "continue_same"
        );
    }

    #[test]
    fn a_failed_file_gets_a_row_with_its_code() {
        let v = json!({"source": {"file": "bad.pdf"}, "error": {"code": "damaged", "message": "truncated"}});
        let r = rows(&v, Lang::En);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0][0], "bad.pdf");
        assert_eq!(r[0][COLUMNS.len() - 2], "damaged");
        assert_eq!(r[0][COLUMNS.len() - 1], "truncated");
    }
}
