//! The SVG drawn over one page image: grid, cells tinted by role, every
//! candidate mark (dashed when it was not used, with why), and a label per
//! record. Coordinates are the page model's points; the SVG's viewBox maps
//! them onto the image at the image's own scale.

use crate::layout::draw::{esc, polygon, rect};
use crate::layout::rejects::RejectReason;
use crate::layout::{Mark, PageLayout, Settings, TextLine};
use crate::output::{Record, Report};
use crate::pdf::model::Rect;
use crate::report::Role;
use crate::report::decision::option_words;
use crate::report::place::RowPlace;
use std::fmt::Write;

/// What became of a candidate mark.
#[derive(Debug, Clone, PartialEq)]
pub enum MarkVerdict {
    /// It lies in a record's decision cell and encloses these option words.
    Used {
        /// The record's id.
        record: String,
        /// The enclosed words, in reading order.
        words: Vec<String>,
    },
    /// It lies in a record's decision cell but encloses no option word.
    NoWord {
        /// The record's id.
        record: String,
    },
    /// It lies outside every record's decision cell.
    OutsideDecisionCell,
}

impl MarkVerdict {
    /// Whether the mark was ignored (drawn dashed).
    pub fn rejected(&self) -> bool {
        !matches!(self, MarkVerdict::Used { .. })
    }

    /// The note drawn beside the mark.
    pub fn note(&self) -> String {
        match self {
            MarkVerdict::Used { words, .. } => words.join("・"),
            MarkVerdict::NoWord { .. } => "ignored: encloses no option word".into(),
            MarkVerdict::OutsideDecisionCell => "ignored: outside a decision cell".into(),
        }
    }
}

/// CSS class of a cell by role (the colours live in the page's CSS).
fn role_class(role: Option<Role>) -> &'static str {
    match role {
        Some(Role::Purpose) => "r-purpose",
        Some(Role::Method) => "r-method",
        Some(Role::Pages) => "r-pages",
        Some(Role::Status) => "r-status",
        Some(Role::Evaluation) => "r-evaluation",
        Some(Role::Decision) => "r-decision",
        Some(Role::Reason) => "r-reason",
        None => "r-other",
    }
}

/// The places of the page's records, with the record each belongs to.
fn page_places(report: &Report, page: usize) -> Vec<(&Record, &RowPlace, bool)> {
    let mut out = Vec::new();
    for r in &report.records {
        for (i, p) in r.places.iter().enumerate() {
            if p.page == page {
                out.push((r, p, i == 0));
            }
        }
    }
    out
}

/// Judges one mark against the page's records: which decision cell holds
/// its centre, and which option words there it encloses by the layout
/// stage's own coverage rule.
pub fn judge(
    mark: &Mark,
    layout: &PageLayout,
    places: &[(&Record, &RowPlace, bool)],
    settings: &Settings,
) -> MarkVerdict {
    let (cx, cy) = (mark.bbox.cx(), mark.bbox.cy());
    for (rec, place, _) in places {
        let Some(cell) = place
            .cells
            .iter()
            .find(|c| c.role == Some(Role::Decision) && c.bbox.contains(cx, cy))
        else {
            continue;
        };
        let lines: Vec<&TextLine> = layout
            .tables
            .get(place.table)
            .map(|t| {
                t.cells
                    .iter()
                    .filter(|c| cell.bbox.contains(c.bbox.cx(), c.bbox.cy()))
                    .flat_map(|c| c.lines.iter())
                    .collect()
            })
            .unwrap_or_default();
        let mut words: Vec<String> = Vec::new();
        for w in option_words(&lines) {
            if w.coverage(mark) >= settings.mark_word_coverage && !words.iter().any(|x| x == w.word)
            {
                words.push(w.word.to_string());
            }
        }
        return if words.is_empty() {
            MarkVerdict::NoWord {
                record: rec.id.clone(),
            }
        } else {
            MarkVerdict::Used {
                record: rec.id.clone(),
                words,
            }
        };
    }
    MarkVerdict::OutsideDecisionCell
}

/// The label of a record: row, decision value, label and confidence.
pub fn record_label(rec: &Record) -> String {
    match &rec.decision {
        Some(d) => {
            let label = d.label.clone().unwrap_or_else(|| d.marked.join("・"));
            let value = serde_json::to_value(d.value)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let who = if d.resolved_by.is_some() {
                " ✔review"
            } else {
                ""
            };
            format!("{} {value} {label} {:.2}{who}", rec.id, d.confidence)
        }
        None => rec.id.clone(),
    }
}

/// The overlay SVG of one page: `width`×`height` points (the image's size
/// divided by its scale, so that one point lands on the same pixel as in
/// the render).
pub fn page_svg(
    report: &Report,
    layout: &PageLayout,
    width: f64,
    height: f64,
    settings: &Settings,
    flagged: &dyn Fn(&Record) -> bool,
) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let _ = writeln!(
        out,
        r#"<svg class="ov" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.3} {height:.3}" preserveAspectRatio="none">"#
    );
    let places = page_places(report, layout.page);
    // The grid: every ruled cell, records' cells tinted by their role.
    out.push_str("<g class=\"grid\">\n");
    for t in &layout.tables {
        for c in &t.cells {
            rect(&mut out, &c.bbox, r#"class="gc""#);
        }
    }
    out.push_str("</g>\n");
    for (rec, place, first) in &places {
        let flag = if flagged(rec) { " flag" } else { "" };
        let cls = if *first { "ov-rec" } else { "ov-rec-cont" };
        let _ = writeln!(
            out,
            r#"<g class="{cls}{flag}" data-id="{}" id="{}-{}">"#,
            esc(&rec.id),
            if *first { "rec" } else { "cont" },
            esc(&rec.id)
        );
        rect(&mut out, &place.bbox, r#"class="band""#);
        for c in &place.cells {
            rect(
                &mut out,
                &c.bbox,
                &format!(
                    r#"class="cell {}" data-key="{}""#,
                    role_class(c.role),
                    esc(&c.key)
                ),
            );
        }
        if *first {
            label(&mut out, rec, place);
        }
        out.push_str("</g>\n");
    }
    for (i, m) in layout.marks.iter().enumerate() {
        let v = judge(m, layout, &places, settings);
        let (cls, rec) = match &v {
            MarkVerdict::Used { record, .. } => ("used", record.as_str()),
            MarkVerdict::NoWord { record } => ("rejected", record.as_str()),
            MarkVerdict::OutsideDecisionCell => ("rejected", ""),
        };
        let _ = writeln!(
            out,
            r#"<g class="ov-mark {cls}" data-id="{}" data-mark="{i}">"#,
            esc(rec)
        );
        polygon(&mut out, &m.polygon, r#"class="outline""#);
        let note = v.note();
        let _ = writeln!(
            out,
            r#"<text class="mnote" x="{:.1}" y="{:.1}">{}</text>"#,
            m.bbox.x0,
            m.bbox.y1 + 5.5,
            esc(&note)
        );
        let _ = writeln!(out, "<title>{}</title></g>", esc(&note));
    }
    for (i, r) in layout.rejected_marks.iter().enumerate() {
        let note = match r.reason {
            RejectReason::TooBig => "ignored: too big for a mark",
            RejectReason::PartOfGrid => "ignored: part of the grid",
        };
        let _ = writeln!(
            out,
            r#"<g class="ov-mark rejected shape" data-id="" data-shape="{i}">"#
        );
        polygon(&mut out, &r.polygon, r#"class="outline""#);
        let _ = writeln!(
            out,
            r#"<text class="mnote" x="{:.1}" y="{:.1}">{note}</text><title>{note}</title></g>"#,
            r.bbox.x0 + 2.0,
            r.bbox.y0 + 6.0,
        );
    }
    out.push_str("</svg>\n");
    out
}

/// A record's label: a tag at the bottom right of its decision cell (or of
/// the row when it has none), inside the cell so it never hides the grid
/// of another row, and below the option words printed at the cell's top.
fn label(out: &mut String, rec: &Record, place: &RowPlace) {
    let anchor: Rect = place
        .cells
        .iter()
        .find(|c| c.role == Some(Role::Decision))
        .map_or(place.bbox, |c| c.bbox);
    let text = record_label(rec);
    let size = 5.0;
    let w = text.chars().count() as f64 * size * 0.55 + 2.0;
    let x = (anchor.x1 - w - 0.5).max(place.bbox.x0);
    let y = (anchor.y1 - size - 2.0).max(anchor.y0);
    let tag = Rect {
        x0: x,
        y0: y,
        x1: x + w,
        y1: y + size + 1.5,
    };
    rect(out, &tag, r#"class="tag""#);
    let _ = writeln!(
        out,
        r#"<text class="tagt" x="{:.1}" y="{:.1}">{}</text>"#,
        x + 1.0,
        y + size,
        esc(&text)
    );
}
