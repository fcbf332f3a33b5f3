//! Year-over-year comparison of reports of one body (CONTRACT.md, "Comparison").
//!
//! Reports are put in fiscal-year order, the records of each consecutive pair
//! are matched one to one ([`matching`]), each pair is diffed ([`diff`]), and
//! the matches are chained into a timeline ([`timeline`]). The result is one
//! [`Comparison`] value, written as JSON or rendered for people
//! ([`render_md`], [`render_csv`]).

pub mod diff;
pub mod error;
pub mod fold;
pub mod input;
mod labels;
pub mod matching;
pub mod render_csv;
pub mod render_md;
pub mod similarity;
pub mod timeline;
pub mod types;

pub use error::CompareError;
pub use input::{ComparedReport, Record, report_from_value};
pub use types::*;

/// Default similarity threshold. Measured in `tests/compare_matching.rs` on
/// the samples: all 11 hand-written rewordings match at 0.6 (the lowest scores
/// 0.66); of 2428 drop-one/add-another scenarios, the only pair of different
/// rows matched is ③事例検討会 / 北里保育園での事例検討会 (one contains the
/// other). At 0.7 that pair stays apart but a rewording is lost.
pub const DEFAULT_THRESHOLD: f64 = 0.6;

/// How to compare.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Similarity below which records count as added/removed (0..=1).
    pub threshold: f64,
    /// Compare reports of different bodies anyway (with a warning).
    pub force: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            threshold: DEFAULT_THRESHOLD,
            force: false,
        }
    }
}

/// Compares two or more reports (in any order; they are sorted by fiscal year).
pub fn compare(
    mut reports: Vec<ComparedReport>,
    opts: &Options,
) -> Result<Comparison, CompareError> {
    if reports.len() < 2 {
        return Err(CompareError::TooFew(reports.len()));
    }
    if !(0.0..=1.0).contains(&opts.threshold) {
        return Err(CompareError::BadThreshold(opts.threshold));
    }
    let mut warnings = Vec::new();
    check_bodies(&reports, opts.force, &mut warnings)?;
    order(&mut reports, &mut warnings);

    let mut steps = Vec::with_capacity(reports.len() - 1);
    for k in 0..reports.len() - 1 {
        let step = compare_pair(&reports, k, opts.threshold);
        promise_warnings(&step, k, &mut warnings);
        steps.push(step);
    }
    let timeline = timeline::build(&reports, &steps);
    Ok(Comparison {
        schema_version: "1",
        kind: "comparison",
        body: reports.iter().find_map(|r| r.body.clone()),
        threshold: opts.threshold,
        reports: reports
            .iter()
            .map(|r| ReportInfo {
                file: r.path.display().to_string(),
                source_file: r.source_file.clone(),
                title: r.title.clone(),
                fiscal_year: r.fiscal_year,
                records: r.records.len(),
            })
            .collect(),
        steps,
        timeline,
        warnings,
    })
}

/// Refuses reports of different bodies unless forced: their items share
/// wording (事例検討会, 意見交換) but are not the same items.
fn check_bodies(
    reports: &[ComparedReport],
    force: bool,
    warnings: &mut Vec<Warning>,
) -> Result<(), CompareError> {
    let mut distinct: Vec<String> = Vec::new();
    for r in reports {
        match &r.body {
            Some(b) => {
                if !distinct.iter().any(|d| fold::fold(d) == fold::fold(b)) {
                    distinct.push(b.clone());
                }
            }
            None => warnings.push(warning(
                "body_unknown",
                format!(
                    "{}: the report names no body; it is assumed to be the same body as the others",
                    r.path.display()
                ),
                format!(
                    "{}: 会の名前がありません。ほかの報告書と同じ会として比べました",
                    r.path.display()
                ),
            )),
        }
    }
    if distinct.len() > 1 {
        if !force {
            return Err(CompareError::DifferentBodies { bodies: distinct });
        }
        warnings.push(warning(
            "different_bodies",
            format!(
                "the reports are from different bodies ({}); compared anyway because of --force",
                distinct.join(" / ")
            ),
            format!(
                "別の会の報告書です（{}）。--force により比べました",
                distinct.join(" / ")
            ),
        ));
    }
    Ok(())
}

/// Sorts by fiscal year (stable, so equal years keep the input order). When a
/// report has no fiscal year, the input order is kept: the command line's
/// OLD NEW order is the best evidence left.
fn order(reports: &mut [ComparedReport], warnings: &mut Vec<Warning>) {
    let missing: Vec<String> = reports
        .iter()
        .filter(|r| r.fiscal_year.is_none())
        .map(|r| r.path.display().to_string())
        .collect();
    if !missing.is_empty() {
        warnings.push(warning(
            "order_by_input",
            format!(
                "no fiscal year in {}; the reports are compared in the order given",
                missing.join(", ")
            ),
            format!(
                "{} に年度がありません。指定された順に比べました",
                missing.join("、")
            ),
        ));
        return;
    }
    reports.sort_by_key(|r| r.fiscal_year);
    for w in reports.windows(2) {
        if w[0].fiscal_year == w[1].fiscal_year {
            warnings.push(warning(
                "same_fiscal_year",
                format!(
                    "{} and {} are both for fiscal year {}; compared in the order given",
                    w[0].path.display(),
                    w[1].path.display(),
                    w[0].fiscal_year.unwrap_or_default()
                ),
                format!(
                    "{} と {} はどちらも{}年度です。指定された順に比べました",
                    w[0].path.display(),
                    w[1].path.display(),
                    w[0].fiscal_year.unwrap_or_default()
                ),
            ));
        }
    }
}

fn warning(code: &'static str, message: String, message_ja: String) -> Warning {
    Warning {
        code,
        message,
        message_ja,
        step: None,
        old: None,
        new: None,
    }
}

fn record_ref(records: &[Record], index: usize) -> RecordRef {
    let r = &records[index];
    RecordRef {
        index,
        page: r.page,
        row: r.row,
        purpose: r.purpose.clone(),
        method: r.method.clone(),
    }
}

/// Three decimals: enough to rank, and stable across platforms in the output.
fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn compare_pair(reports: &[ComparedReport], k: usize, threshold: f64) -> Step {
    let (old, new) = (&reports[k].records, &reports[k + 1].records);
    let m = matching::match_records(old, new, threshold);
    let matched = m
        .pairs
        .iter()
        .map(|p| {
            let (o, n) = (&old[p.old], &new[p.new]);
            Pair {
                old: record_ref(old, p.old),
                new: record_ref(new, p.new),
                kind: p.kind,
                score: round3(p.score),
                decision: diff::decision(o, n),
                participants_total: diff::count(o.participants_total, n.participants_total),
                events_count: diff::count(Some(o.events.len() as i64), Some(n.events.len() as i64)),
                plan_pages: diff::plan_pages(o, n),
                text_changed: diff::text_changed(o, n),
            }
        })
        .collect();
    let unmatched =
        |records: &[Record], other: &[Record], list: &[(usize, Option<(usize, f64)>)]| {
            list.iter()
                .map(|&(i, near)| Unmatched {
                    record: record_ref(records, i),
                    decision: records[i].decision_value().to_string(),
                    participants_total: records[i].participants_total,
                    nearest: near.map(|(j, s)| Nearest {
                        record: record_ref(other, j),
                        score: round3(s),
                    }),
                })
                .collect()
        };
    Step {
        old_report: k,
        new_report: k + 1,
        old_fiscal_year: reports[k].fiscal_year,
        new_fiscal_year: reports[k + 1].fiscal_year,
        matched,
        added: unmatched(new, old, &m.added),
        removed: unmatched(old, new, &m.removed),
    }
}

/// The decision is a promise about next year: `end` means the item should not
/// come back, a continue mark means it should.
fn promise_warnings(step: &Step, k: usize, warnings: &mut Vec<Warning>) {
    let year =
        |y: Option<i32>| y.map_or_else(|| "the older report".to_string(), |y| format!("FY{y}"));
    let nendo =
        |y: Option<i32>, none: &str| y.map_or_else(|| none.to_string(), |y| format!("{y}年度"));
    for p in &step.matched {
        if p.decision.old == "end" {
            warnings.push(Warning {
                code: "ended_item_reappears",
                message: format!(
                    "marked 終了 (end) in {} but reported again in {}: {}",
                    year(step.old_fiscal_year),
                    step.new_fiscal_year
                        .map_or_else(|| "the newer report".to_string(), |y| format!("FY{y}")),
                    label(&p.new)
                ),
                message_ja: format!(
                    "{}に「終了」とされた項目が{}にも報告されています: {}",
                    nendo(step.old_fiscal_year, "前の報告書"),
                    nendo(step.new_fiscal_year, "次の報告書"),
                    label(&p.new)
                ),
                step: Some(k),
                old: Some(p.old.clone()),
                new: Some(p.new.clone()),
            });
        }
    }
    for r in &step.removed {
        if r.decision.starts_with("continue") {
            warnings.push(Warning {
                code: "continued_item_missing",
                message: format!(
                    "marked {} in {} but not found in {}: {}",
                    r.decision,
                    year(step.old_fiscal_year),
                    step.new_fiscal_year
                        .map_or_else(|| "the newer report".to_string(), |y| format!("FY{y}")),
                    label(&r.record)
                ),
                message_ja: format!(
                    "{}に「{}」とされた項目が{}に見つかりません: {}",
                    nendo(step.old_fiscal_year, "前の報告書"),
                    labels::decision(&r.decision),
                    nendo(step.new_fiscal_year, "次の報告書"),
                    label(&r.record)
                ),
                step: Some(k),
                old: Some(r.record.clone()),
                new: None,
            });
        }
    }
}

/// A short name for a record in messages: the method's first line, or the purpose's.
pub fn label(r: &RecordRef) -> String {
    let text = r
        .method
        .as_deref()
        .filter(|m| !m.trim().is_empty())
        .or(r.purpose.as_deref())
        .unwrap_or("");
    let first = text.lines().next().unwrap_or("").trim();
    let place = match (r.page, r.row) {
        (Some(p), Some(w)) => format!(" (p.{p} row {w})"),
        _ => format!(" (record {})", r.index + 1),
    };
    format!("{first}{place}")
}
