//! The comparison as an Excel workbook: the Markdown's sections as sheets
//! (継続している項目, 新しい項目, なくなった項目, 年度別一覧, 注意), each with
//! the full texts, real numbers, and a year column so that comparisons of
//! three or more years stay one table per section.

use super::labels;
use super::types::{Comparison, RecordRef, Unmatched};
use crate::output::labels::decision_ja;
use crate::output::xlsx::{Cell, Column, Styles, add_sheet, col};
use rust_xlsxwriter::{Workbook, XlsxError};
use std::borrow::Cow;

const MATCHED: &[Column] = &[
    col("旧年度", 9.0, false),
    col("新年度", 9.0, false),
    col("目的", 24.0, true),
    col("方法", 30.0, true),
    col("一致度", 7.0, false),
    col("旧 判定", 13.0, false),
    col("新 判定", 13.0, false),
    col("判定の変化", 8.0, false),
    col("旧 参加者", 8.0, false),
    col("新 参加者", 8.0, false),
    col("参加者 増減", 8.0, false),
    col("旧 実施回数", 8.0, false),
    col("新 実施回数", 8.0, false),
    col("旧 計画頁", 9.0, false),
    col("新 計画頁", 9.0, false),
    col("内容が変わった欄", 16.0, true),
    col("旧 位置", 8.0, false),
    col("新 位置", 8.0, false),
];

const UNMATCHED: &[Column] = &[
    col("年度", 9.0, false),
    col("目的", 24.0, true),
    col("方法", 30.0, true),
    col("判定", 13.0, false),
    col("参加者", 8.0, false),
    col("位置", 8.0, false),
    col("最も近い項目", 30.0, true),
    col("類似度", 7.0, false),
];

const NOTES: &[Column] = &[col("コード", 22.0, false), col("内容", 90.0, true)];

fn place(r: &RecordRef) -> Cell {
    match (r.page, r.row) {
        (Some(p), Some(w)) => Cell::text(format!("p{p}-{w}")),
        _ => Cell::text(format!("#{}", r.index + 1)),
    }
}

fn text(s: &Option<String>) -> Cell {
    Cell::text(s.clone().unwrap_or_default())
}

fn pages(p: &[i64]) -> Cell {
    Cell::text(p.iter().map(i64::to_string).collect::<Vec<_>>().join(", "))
}

/// Renders the comparison as the bytes of an .xlsx file.
pub fn render(c: &Comparison) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let s = Styles::default();
    let years = labels::years(c);
    let year = |k: usize| Cell::text(years.get(k).cloned().unwrap_or_default());

    let mut sheet = add_sheet(&mut wb, "継続している項目", MATCHED, &s, false)?;
    for step in &c.steps {
        for p in &step.matched {
            let d = &p.decision;
            let changed: Vec<&str> = p.text_changed.iter().map(|f| labels::field(f)).collect();
            let cells = [
                year(step.old_report),
                year(step.new_report),
                text(&p.new.purpose),
                text(&p.new.method),
                Cell::Decimal2(p.score),
                Cell::text(decision_ja(&d.old)),
                Cell::text(decision_ja(&d.new)),
                Cell::text(if d.changed { "変化あり" } else { "" }),
                Cell::int(p.participants_total.old),
                Cell::int(p.participants_total.new),
                Cell::int(p.participants_total.delta),
                Cell::int(p.events_count.old),
                Cell::int(p.events_count.new),
                pages(&p.plan_pages.old),
                pages(&p.plan_pages.new),
                Cell::text(changed.join("、")),
                place(&p.old),
                place(&p.new),
            ];
            sheet.row(&mut wb, &cells, &s)?;
        }
    }
    sheet.finish(&mut wb, MATCHED.len())?;

    for (name, added) in [("新しい項目", true), ("なくなった項目", false)] {
        let mut sheet = add_sheet(&mut wb, name, UNMATCHED, &s, false)?;
        for step in &c.steps {
            let (list, k) = if added {
                (&step.added, step.new_report)
            } else {
                (&step.removed, step.old_report)
            };
            for u in list {
                sheet.row(&mut wb, &unmatched(u, year(k)), &s)?;
            }
        }
        sheet.finish(&mut wb, UNMATCHED.len())?;
    }

    let mut columns = vec![col("目的", 24.0, true), col("方法", 30.0, true)];
    for y in &years {
        columns.push(Column {
            header: Cow::Owned(format!("{y} 判定")),
            width: 13.0,
            wrap: false,
        });
        columns.push(Column {
            header: Cow::Owned(format!("{y} 参加者")),
            width: 9.0,
            wrap: false,
        });
    }
    let mut sheet = add_sheet(&mut wb, "年度別一覧", &columns, &s, false)?;
    for item in &c.timeline.items {
        let mut cells = vec![text(&item.purpose), text(&item.method)];
        for cell in &item.years {
            match cell {
                Some(y) => {
                    cells.push(Cell::text(decision_ja(&y.decision)));
                    cells.push(Cell::int(y.participants_total));
                }
                None => {
                    cells.push(Cell::text("—"));
                    cells.push(Cell::Empty);
                }
            }
        }
        sheet.row(&mut wb, &cells, &s)?;
    }
    sheet.finish(&mut wb, columns.len())?;

    let mut sheet = add_sheet(&mut wb, "注意", NOTES, &s, false)?;
    for w in &c.warnings {
        sheet.row(
            &mut wb,
            &[Cell::text(w.code), Cell::text(w.message.clone())],
            &s,
        )?;
    }
    sheet.finish(&mut wb, NOTES.len())?;
    wb.save_to_buffer()
}

fn unmatched(u: &Unmatched, year: Cell) -> Vec<Cell> {
    let r = &u.record;
    vec![
        year,
        text(&r.purpose),
        text(&r.method),
        Cell::text(decision_ja(&u.decision)),
        Cell::int(u.participants_total),
        place(r),
        u.nearest
            .as_ref()
            .map_or(Cell::Empty, |n| text(&n.record.method)),
        u.nearest
            .as_ref()
            .map_or(Cell::Empty, |n| Cell::Decimal2(n.score)),
    ]
}
