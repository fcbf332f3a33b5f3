//! Chains of matches over more than two years: one row per item.
//!
//! An item is followed from year to year through the matches of each step
//! only, so an item absent for a year and back the year after starts a new
//! row (the step in between lists it as removed, then added); guessing across
//! a gap would pair items the reports themselves do not connect.

use super::input::Report;
use super::types::{Step, Timeline, TimelineCell, TimelineItem};

/// (report index, record index) where a chain starts.
type FirstSeen = (usize, usize);

/// Builds the timeline from the ordered reports and their steps
/// (`steps[k]` compares `reports[k]` with `reports[k + 1]`).
pub fn build(reports: &[Report], steps: &[Step]) -> Timeline {
    let years = reports.len();
    // chain id of each record of each report
    let mut chain_of: Vec<Vec<Option<usize>>> = reports
        .iter()
        .map(|r| vec![None; r.records.len()])
        .collect();
    // per chain: (first report, first record index), cells per report
    let mut chains: Vec<(FirstSeen, Vec<Option<TimelineCell>>)> = Vec::new();

    for (k, report) in reports.iter().enumerate() {
        if let Some(step) = k.checked_sub(1).and_then(|p| steps.get(p)) {
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
        for (i, rec) in report.records.iter().enumerate() {
            let c = match chain_of[k][i] {
                Some(c) => c,
                None => {
                    chains.push(((k, i), vec![None; years]));
                    chain_of[k][i] = Some(chains.len() - 1);
                    chains.len() - 1
                }
            };
            let score = k
                .checked_sub(1)
                .and_then(|p| steps.get(p))
                .and_then(|s| s.matched.iter().find(|p| p.new.index == i))
                .map(|p| p.score);
            chains[c].1[k] = Some(TimelineCell {
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

    // rows in order of first appearance, each year's records in page/row order
    chains.sort_by_key(|((k, i), _)| {
        let r = &reports[*k].records[*i];
        (
            *k,
            r.page.unwrap_or(u32::MAX),
            r.row.unwrap_or(u32::MAX),
            *i,
        )
    });
    let items = chains
        .into_iter()
        .map(|(_, cells)| {
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
