//! One call per table row for the extract stage.

use serde::Serialize;

use super::context::Context;
use super::count::find_counts;
use super::events::{as_participants, events, participants_total_of, total_overflows_of};
use super::pages::plan_pages;
use super::period::find_period;
use super::types::{Count, Event, Period, Role, Warning, WarningCode};

/// The cell texts of one row, by role (empty when the row has no such cell).
#[derive(Debug, Clone, Default)]
pub struct RecordCells<'a> {
    /// 目的.
    pub purpose: &'a str,
    /// 方法 / 取組内容.
    pub method: &'a str,
    /// 頁.
    pub pages: &'a str,
    /// 実施状況 / 実績: events are read from here only.
    pub status: &'a str,
    /// 評価.
    pub evaluation: &'a str,
    /// 理由・根拠.
    pub reason: &'a str,
    /// Any other cells (課題, 今後の方向性 …); their counts are kept too.
    pub other: Vec<&'a str>,
}

/// The normalized fields of one record (CONTRACT.md RECORD).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordNormalization {
    /// Page numbers from the 頁 cell.
    pub plan_pages: Vec<u32>,
    /// Events from the status cell.
    pub events: Vec<Event>,
    /// Sum of the events' participants, else the participants stated elsewhere.
    pub participants_total: Option<u64>,
    /// Every count in the row (all cells but 頁), in cell order.
    pub counts: Vec<Count>,
    /// Problems with the row's values as a whole (a total that overflows).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Warning>,
}

/// Normalizes one row: plan pages, events, counts and the participant total.
///
/// When the status cell names no participants but another cell does
/// (評価: 保護者、児童合わせて20名が参加された), that count becomes the total and,
/// if the row has exactly one event, that event's participants.
pub fn normalize_record(cells: &RecordCells<'_>, ctx: &Context) -> RecordNormalization {
    let mut evs = events(cells.status, ctx);
    let mut elsewhere: Vec<&str> = vec![cells.evaluation, cells.reason];
    elsewhere.extend(cells.other.iter().copied());
    let elsewhere_text = elsewhere.join("\n");
    // The other cells' counts, found once for the total, its overflow and
    // the participants of a lone event.
    let elsewhere_counts = find_counts(&elsewhere_text);
    let total = participants_total_of(&evs, &elsewhere_counts);
    let mut warnings = Vec::new();
    if total_overflows_of(&evs, &elsewhere_counts) {
        warnings.push(Warning::new(
            WarningCode::CountOverflow,
            "the participant counts add up past 18446744073709551615; participants_total is left out",
        ));
    }
    let events_have = evs.iter().any(|e| e.participants.is_some());
    if !events_have && evs.len() == 1 {
        let stated: Vec<&Count> = elsewhere_counts
            .iter()
            .filter(|c| c.role == Role::Participants && c.unit.is_some())
            .collect();
        if let ([c], Some(ev)) = (stated.as_slice(), evs.first_mut()) {
            ev.participants = Some(as_participants(c));
        }
    }
    let mut counts = Vec::new();
    let mut cells_in_order: Vec<&str> = vec![
        cells.purpose,
        cells.method,
        cells.status,
        cells.evaluation,
        cells.reason,
    ];
    cells_in_order.extend(cells.other.iter().copied());
    // CONTRACT.md: `counts` holds quantities with a unit. A stated zero without
    // one (申込者なし) stays with its event (`events[].counts`), not here.
    for c in cells_in_order {
        counts.extend(find_counts(c).into_iter().filter(|n| n.unit.is_some()));
    }
    RecordNormalization {
        plan_pages: plan_pages(cells.pages),
        events: evs,
        participants_total: total,
        counts,
        warnings,
    }
}

/// The report period found in the title line, and the context every record of
/// the report is read with. `fallback_fiscal_year` (`--fiscal-year`) is used
/// only when the title prints no period, as CONTRACT.md says.
pub fn report_context(title: &str, fallback_fiscal_year: Option<i32>) -> (Option<Period>, Context) {
    match find_period(title) {
        Some(p) => (Some(p.clone()), Context::new().with_period(p)),
        None => {
            let mut ctx = Context::new();
            if let Some(fy) = fallback_fiscal_year {
                ctx = ctx.with_fiscal_year(fy);
            }
            (None, ctx)
        }
    }
}
