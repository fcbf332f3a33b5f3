//! Chains of matches over more than two years: one row per item.
//!
//! An item is followed from year to year through the matches of each step
//! only, so an item absent for a year and back the year after starts a new
//! row (the step in between lists it as removed, then added); guessing across
//! a gap would pair items the reports themselves do not connect.
//!
//! Rows keep the reports' own order: the first report's rows in page/row
//! order, and an item that first appears later is placed right after the
//! item it follows in that year's document (a new 〇〇交流会 printed under
//! こども連絡会での意見交換 stays under it), so the table reads like the forms.

use super::input::ComparedReport;
use super::matching::doc_order;
use super::types::{Step, Timeline, TimelineCell, TimelineItem};

/// Builds the timeline from the ordered reports and their steps
/// (`steps[k]` compares `reports[k]` with `reports[k + 1]`).
pub fn build(reports: &[ComparedReport], steps: &[Step]) -> Timeline {
    let years = reports.len();
    // chain id of each record of each report
    let mut chain_of: Vec<Vec<Option<usize>>> = reports
        .iter()
        .map(|r| vec![None; r.records.len()])
        .collect();
    // cells per chain, one per report
    let mut chains: Vec<Vec<Option<TimelineCell>>> = Vec::new();
    // chain ids in display order
    let mut rows: Vec<usize> = Vec::new();

    for (k, report) in reports.iter().enumerate() {
        let step = k.checked_sub(1).and_then(|p| steps.get(p));
        if let Some(step) = step {
            for pair in &step.matched {
                let from = chain_of
                    .get(k - 1)
                    .and_then(|c| c.get(pair.old.index))
                    .copied()
                    .flatten();
                if let (Some(c), Some(slot)) = (from, chain_of[k].get_mut(pair.new.index)) {
                    *slot = Some(c);
                }
            }
        }
        // the chain of the record printed just before, to place new items under it
        let mut previous: Option<usize> = None;
        for i in doc_order(&report.records) {
            let rec = &report.records[i];
            let c = match chain_of[k][i] {
                Some(c) => c,
                None => {
                    chains.push(vec![None; years]);
                    let c = chains.len() - 1;
                    chain_of[k][i] = Some(c);
                    let at = previous
                        .and_then(|p| rows.iter().position(|&r| r == p))
                        .map_or(if k == 0 { rows.len() } else { 0 }, |p| p + 1);
                    rows.insert(at, c);
                    c
                }
            };
            previous = Some(c);
            let score = step
                .and_then(|s| s.matched.iter().find(|p| p.new.index == i))
                .map(|p| p.score);
            chains[c][k] = Some(TimelineCell {
                index: i,
                page: rec.page,
                row: rec.row,
                decision: rec.decision_value().to_string(),
                participants_total: rec.participants_total,
                events_count: rec.events.len() as i64,
                score,
            });
        }
    }

    let items = rows
        .into_iter()
        .map(|c| {
            let cells = std::mem::take(&mut chains[c]);
            let last = cells
                .iter()
                .enumerate()
                .rev()
                .find_map(|(k, c)| c.as_ref().map(|c| &reports[k].records[c.index]));
            TimelineItem {
                purpose: last.and_then(|r| r.purpose.clone()),
                method: last.and_then(|r| r.method.clone()),
                years: cells,
            }
        })
        .collect();
    Timeline {
        fiscal_years: reports.iter().map(|r| r.fiscal_year).collect(),
        items,
    }
}
