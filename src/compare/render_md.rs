//! The comparison as Markdown tables for people.
//!
//! Cells show the first line of each text, shortened: a table row must stay
//! one line, and the full texts are in the JSON. A purpose repeated from the
//! row above is printed as 〃, as a merged cell reads on the paper form.

use super::labels;
use super::types::{Comparison, Pair, RecordRef, Step, TimelineCell, Unmatched};

/// Longest cell text, in characters, before it is cut with …
const CELL_CHARS: usize = 28;

/// Renders the whole comparison: for two reports the pair tables, for more a
/// timeline first and then every step.
pub fn render(c: &Comparison) -> String {
    let mut out = String::new();
    let body = c.body.as_deref().unwrap_or("(団体名なし)");
    let years: Vec<String> = c
        .reports
        .iter()
        .enumerate()
        .map(|(k, r)| labels::year(r.fiscal_year, k))
        .collect();
    out.push_str(&format!("# {body} {}\n\n", years.join(" → ")));
    for (k, r) in c.reports.iter().enumerate() {
        out.push_str(&format!("- {}: `{}` ({}件)\n", years[k], r.file, r.records));
    }
    out.push_str(&format!("- 一致の基準: 類似度 {:.2} 以上\n\n", c.threshold));
    if c.steps.len() > 1 {
        out.push_str("## 年度別一覧\n\n");
        timeline(c, &years, &mut out);
        out.push('\n');
    }
    for (k, step) in c.steps.iter().enumerate() {
        let level = if c.steps.len() > 1 { "###" } else { "##" };
        if c.steps.len() > 1 {
            out.push_str(&format!(
                "## {} → {}\n\n",
                years[step.old_report], years[step.new_report]
            ));
        }
        step_tables(step, level, &mut out);
        let notes: Vec<String> = c
            .warnings
            .iter()
            .filter(|w| w.step == Some(k))
            .map(note)
            .collect();
        notes_section(&notes, level, &mut out);
    }
    let general: Vec<String> = c
        .warnings
        .iter()
        .filter(|w| w.step.is_none())
        .map(note)
        .collect();
    notes_section(&general, "##", &mut out);
    out
}

/// A warning as the Markdown prints it: the Japanese sentence, then the
/// stable code that the JSON carries too.
fn note(w: &crate::compare::Warning) -> String {
    format!("{}（{}）", w.message_ja, w.code)
}

fn notes_section(notes: &[String], level: &str, out: &mut String) {
    if notes.is_empty() {
        return;
    }
    out.push_str(&format!("{level} 注意 ({})\n\n", notes.len()));
    for n in notes {
        out.push_str(&format!("- {}\n", escape(n)));
    }
    out.push('\n');
}

fn step_tables(step: &Step, level: &str, out: &mut String) {
    out.push_str(&format!(
        "{level} 継続している項目 ({})\n\n",
        step.matched.len()
    ));
    if !step.matched.is_empty() {
        out.push_str(
            "| 目的 | 方法 | 一致度 | 判定 | 参加者 | 実施回数 | 計画頁 | 内容が変わった欄 |\n",
        );
        out.push_str("|---|---|---:|---|---:|---:|---|---|\n");
        let mut prev = None;
        for p in &step.matched {
            out.push_str(&pair_row(p, &mut prev));
        }
        out.push('\n');
    }
    for (title, list) in [
        ("新しい項目", &step.added),
        ("なくなった項目", &step.removed),
    ] {
        out.push_str(&format!("{level} {title} ({})\n\n", list.len()));
        if list.is_empty() {
            continue;
        }
        out.push_str("| 目的 | 方法 | 判定 | 参加者 | 最も近い項目 (類似度) |\n");
        out.push_str("|---|---|---|---:|---|\n");
        let mut prev = None;
        for u in list {
            out.push_str(&unmatched_row(u, &mut prev));
        }
        out.push('\n');
    }
}

fn pair_row(p: &Pair, prev: &mut Option<String>) -> String {
    let d = &p.decision;
    let decision = if d.changed {
        format!(
            "{} → **{}**",
            labels::decision(&d.old),
            labels::decision(&d.new)
        )
    } else {
        labels::decision(&d.new).to_string()
    };
    let pt = &p.participants_total;
    let participants = match (pt.old, pt.new, pt.delta) {
        (None, None, _) => "—".to_string(),
        (_, _, Some(delta)) => format!(
            "{} → {} ({})",
            labels::num(pt.old),
            labels::num(pt.new),
            labels::delta(delta)
        ),
        _ => format!("{} → {}", labels::num(pt.old), labels::num(pt.new)),
    };
    let ev = &p.events_count;
    let events = if ev.old == ev.new {
        labels::num(ev.new)
    } else {
        format!("{} → {}", labels::num(ev.old), labels::num(ev.new))
    };
    let pages = if p.plan_pages.changed {
        format!(
            "{} → {}",
            labels::pages(&p.plan_pages.old),
            labels::pages(&p.plan_pages.new)
        )
    } else {
        labels::pages(&p.plan_pages.new)
    };
    let changed: Vec<&str> = p.text_changed.iter().map(|f| labels::field(f)).collect();
    format!(
        "| {} | {} | {:.2} | {} | {} | {} | {} | {} |\n",
        purpose_cell(&p.new, prev),
        cell(p.new.method.as_deref()),
        p.score,
        decision,
        participants,
        events,
        pages,
        if changed.is_empty() {
            "—".to_string()
        } else {
            changed.join("、")
        }
    )
}

fn unmatched_row(u: &Unmatched, prev: &mut Option<String>) -> String {
    let nearest = u.nearest.as_ref().map_or_else(
        || "—".to_string(),
        |n| format!("{} ({:.2})", cell(n.record.method.as_deref()), n.score),
    );
    format!(
        "| {} | {} | {} | {} | {} |\n",
        purpose_cell(&u.record, prev),
        cell(u.record.method.as_deref()),
        labels::decision(&u.decision),
        labels::num(u.participants_total),
        nearest
    )
}

fn timeline(c: &Comparison, years: &[String], out: &mut String) {
    out.push_str("| 目的 | 方法 |");
    for y in years {
        out.push_str(&format!(" {y} |"));
    }
    out.push_str("\n|---|---|");
    for _ in years {
        out.push_str("---|");
    }
    out.push('\n');
    let mut prev = None;
    for item in &c.timeline.items {
        let r = RecordRef {
            index: 0,
            page: None,
            row: None,
            purpose: item.purpose.clone(),
            method: item.method.clone(),
        };
        out.push_str(&format!(
            "| {} | {} |",
            purpose_cell(&r, &mut prev),
            cell(item.method.as_deref())
        ));
        for y in &item.years {
            out.push_str(&format!(" {} |", timeline_cell(y.as_ref())));
        }
        out.push('\n');
    }
}

/// Decision and participants of one year, e.g. `継続・同じ 20名`.
pub fn timeline_cell(c: Option<&TimelineCell>) -> String {
    match c {
        None => "—".to_string(),
        Some(c) => match c.participants_total {
            Some(n) => format!("{} {n}名", labels::decision(&c.decision)),
            None => labels::decision(&c.decision).to_string(),
        },
    }
}

fn purpose_cell(r: &RecordRef, prev: &mut Option<String>) -> String {
    let text = first_line(r.purpose.as_deref());
    if prev.as_deref() == Some(text.as_str()) {
        "〃".to_string()
    } else {
        *prev = Some(text.clone());
        text
    }
}

/// The first line of a text (a purpose heading reads well from its first
/// line alone), shortened, safe inside a table cell.
fn first_line(text: Option<&str>) -> String {
    let t = text.unwrap_or("").trim();
    let first = t.lines().next().unwrap_or("").trim();
    shorten(first, t.lines().count() > 1)
}

/// All lines of a text joined by a space (a method's first line is often only
/// a label such as 保護者対象), shortened, safe inside a table cell.
fn cell(text: Option<&str>) -> String {
    let joined = text
        .unwrap_or("")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    shorten(&joined, false)
}

fn shorten(text: &str, cut_anyway: bool) -> String {
    if text.is_empty() {
        return "—".to_string();
    }
    let short: String = text.chars().take(CELL_CHARS).collect();
    let cut = cut_anyway || short.chars().count() < text.chars().count();
    escape(&if cut { format!("{short}…") } else { short })
}

/// `|` would end the cell and a line break the row.
fn escape(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}
