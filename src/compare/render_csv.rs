//! The comparison as CSV for spreadsheets: UTF-8 with a byte-order mark,
//! because Excel on Japanese Windows reads a BOM-less file as Shift_JIS.
//! Cells keep the full texts (CSV quoting carries the line breaks).
//!
//! Two reports give one row per item with old and new values; more give the
//! timeline, one row per item and two columns (decision, participants) per year.

use super::labels;
use super::types::{Comparison, Pair, Step, Unmatched};

/// Renders the comparison; the bytes start with the UTF-8 BOM.
pub fn render(c: &Comparison) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new().from_writer(b"\xEF\xBB\xBF".to_vec());
    match c.steps.as_slice() {
        [step] => pair_table(&mut w, step)?,
        _ => timeline_table(&mut w, c)?,
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

type Writer = csv::Writer<Vec<u8>>;

fn place(page: Option<u32>, row: Option<u32>) -> String {
    match (page, row) {
        (Some(p), Some(r)) => format!("p{p}-{r}"),
        _ => String::new(),
    }
}

fn opt(n: Option<i64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

fn pages(p: &[i64]) -> String {
    p.iter().map(i64::to_string).collect::<Vec<_>>().join(" ")
}

fn pair_table(w: &mut Writer, step: &Step) -> Result<(), csv::Error> {
    w.write_record([
        "区分",
        "目的",
        "方法",
        "旧 位置",
        "新 位置",
        "一致度",
        "旧 判定",
        "新 判定",
        "旧 参加者",
        "新 参加者",
        "参加者 増減",
        "旧 実施回数",
        "新 実施回数",
        "旧 計画頁",
        "新 計画頁",
        "内容が変わった欄",
    ])?;
    for p in &step.matched {
        pair_row(w, p)?;
    }
    for (kind, list, is_new) in [("新規", &step.added, true), ("削除", &step.removed, false)] {
        for u in list {
            unmatched_row(w, kind, u, is_new)?;
        }
    }
    Ok(())
}

fn pair_row(w: &mut Writer, p: &Pair) -> Result<(), csv::Error> {
    let changed: Vec<&str> = p.text_changed.iter().map(|f| labels::field(f)).collect();
    w.write_record([
        "一致".to_string(),
        p.new.purpose.clone().unwrap_or_default(),
        p.new.method.clone().unwrap_or_default(),
        place(p.old.page, p.old.row),
        place(p.new.page, p.new.row),
        format!("{:.3}", p.score),
        labels::decision(&p.decision.old).to_string(),
        labels::decision(&p.decision.new).to_string(),
        opt(p.participants_total.old),
        opt(p.participants_total.new),
        opt(p.participants_total.delta),
        opt(p.events_count.old),
        opt(p.events_count.new),
        pages(&p.plan_pages.old),
        pages(&p.plan_pages.new),
        changed.join("、"),
    ])
}

fn unmatched_row(
    w: &mut Writer,
    kind: &str,
    u: &Unmatched,
    is_new: bool,
) -> Result<(), csv::Error> {
    let r = &u.record;
    let here = place(r.page, r.row);
    let decision = labels::decision(&u.decision).to_string();
    let count = opt(u.participants_total);
    let (old_place, new_place, old_d, new_d, old_n, new_n) = if is_new {
        (
            String::new(),
            here,
            String::new(),
            decision,
            String::new(),
            count,
        )
    } else {
        (
            here,
            String::new(),
            decision,
            String::new(),
            count,
            String::new(),
        )
    };
    w.write_record([
        kind.to_string(),
        r.purpose.clone().unwrap_or_default(),
        r.method.clone().unwrap_or_default(),
        old_place,
        new_place,
        String::new(),
        old_d,
        new_d,
        old_n,
        new_n,
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
    ])
}

fn timeline_table(w: &mut Writer, c: &Comparison) -> Result<(), csv::Error> {
    let mut header = vec!["目的".to_string(), "方法".to_string()];
    for (k, y) in c.timeline.fiscal_years.iter().enumerate() {
        let y = labels::year(*y, k);
        header.push(format!("{y} 判定"));
        header.push(format!("{y} 参加者"));
    }
    w.write_record(&header)?;
    for item in &c.timeline.items {
        let mut row = vec![
            item.purpose.clone().unwrap_or_default(),
            item.method.clone().unwrap_or_default(),
        ];
        for cell in &item.years {
            match cell {
                Some(cell) => {
                    row.push(labels::decision(&cell.decision).to_string());
                    row.push(opt(cell.participants_total));
                }
                None => {
                    row.push(String::new());
                    row.push(String::new());
                }
            }
        }
        w.write_record(&row)?;
    }
    Ok(())
}
