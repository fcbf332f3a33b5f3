//! The furniture of the record pages (lines above, below and beside the
//! tables), read as the pages come: body, title, period, note and footnote
//! are taken from the first pages that print them, and a line that is none
//! of them is kept for an `unassigned_text` warning until the end, when the
//! fields it could still turn out to be are known.

use super::furniture::{
    find_period, is_note, is_page_number, is_sheet_number, looks_like_title, split_title,
};
use super::{RawReport, Warning};
use crate::layout::TextLine;

/// A record page's furniture: page number, lines above the tables, below
/// them, and between or beside them.
pub(super) struct PageFurniture {
    pub page: usize,
    pub above: Vec<TextLine>,
    pub below: Vec<TextLine>,
    pub inside: Vec<TextLine>,
}

/// What the furniture of the pages read so far still needs.
#[derive(Default)]
pub(super) struct FurnitureReader {
    /// Whether any page had a record table.
    pub seen: bool,
    /// Per page, its lines that may yet be warned about: text, and text
    /// with its box (what the warning says).
    pending: Vec<(usize, Vec<(String, String)>)>,
}

impl FurnitureReader {
    /// Reads one record page's furniture into the report's fields.
    pub fn push(&mut self, report: &mut RawReport, page: PageFurniture) {
        self.seen = true;
        let settled_before = settled_fields(report);
        read_fields(report, &page.above, &page.below);
        // Each stray text with its box, so a person can find it on the page.
        let stray: Vec<(String, String)> = page
            .above
            .into_iter()
            .chain(page.below)
            .chain(page.inside)
            .filter(|l| !is_page_number(&l.text))
            .map(|l| {
                let b = l.bbox;
                let shown = format!(
                    "{} [{:.0},{:.0}–{:.0},{:.0}]",
                    l.text, b.x0, b.y0, b.x1, b.y1
                );
                (l.text, shown)
            })
            .collect();
        self.pending.push((page.page, stray));
        // Lines that are surely fields are dropped now; all pages are
        // looked at again only when a field was just settled.
        let from = if settled_fields(report) == settled_before {
            self.pending.len() - 1
        } else {
            0
        };
        for (_, lines) in self.pending.iter_mut().skip(from) {
            lines.retain(|(t, _)| !surely_known(report, t));
        }
        self.pending.retain(|(_, lines)| !lines.is_empty());
    }

    /// Warns about every line that turned out to be no field.
    pub fn finish(self, report: &mut RawReport) {
        let known: Vec<String> = [&report.body, &report.title_line, &report.note]
            .into_iter()
            .flatten()
            .cloned()
            .chain(
                report
                    .footnote
                    .iter()
                    .flat_map(|f| f.lines().map(str::to_string)),
            )
            .collect();
        for (page, lines) in self.pending {
            let stray: Vec<String> = lines
                .into_iter()
                .filter(|(t, _)| !known.contains(t))
                .map(|(_, shown)| shown)
                .collect();
            if !stray.is_empty() {
                report.warnings.push(Warning {
                    row: None,
                    page: Some(page),
                    code: "unassigned_text".into(),
                    message: format!(
                        "text outside the table read as no field: {}",
                        stray.join(" / ")
                    ),
                });
            }
        }
    }
}

/// Which of the fields that never change once found are found: body,
/// title line (which also settles the note), footnote.
fn settled_fields(report: &RawReport) -> (bool, bool, bool) {
    (
        report.body.is_some(),
        report.title_line.is_some(),
        report.footnote.is_some(),
    )
}

/// Whether `text` is sure to be among the known fields at the end: it is
/// the body, the title line, the note once the title line is found (a
/// later title would replace an earlier note), or a footnote line.
fn surely_known(report: &RawReport, text: &str) -> bool {
    report.body.as_deref() == Some(text)
        || report.title_line.as_deref() == Some(text)
        || (report.title_line.is_some() && report.note.as_deref() == Some(text))
        || report
            .footnote
            .as_deref()
            .is_some_and(|f| f.lines().any(|l| l == text))
}

/// Fills body, title, period, note and footnote from one page's lines
/// above and below the tables, where the pages before left them empty.
fn read_fields(report: &mut RawReport, above: &[TextLine], below: &[TextLine]) {
    if report.title_line.is_none() {
        let idx = above
            .iter()
            .position(|l| find_period(&l.text).is_some() && looks_like_title(&l.text))
            .or_else(|| {
                above
                    .iter()
                    .position(|l| looks_like_title(&l.text) && !is_note(&l.text))
            });
        if let Some(i) = idx {
            let parts = split_title(&above[i].text);
            report.title_line = Some(above[i].text.clone());
            report.title = Some(parts.title).filter(|t| !t.is_empty());
            // A date that is part of the title's name gives the period
            // only when no other line prints one.
            let elsewhere = parts.dated
                && above
                    .iter()
                    .enumerate()
                    .any(|(j, l)| j != i && find_period(&l.text).is_some());
            if !elsewhere {
                report.period_raw = parts.period;
            }
            report.note = parts.note;
        }
        let is_other = |l: &&TextLine| {
            Some(&l.text) != report.title_line.as_ref()
                && !is_note(&l.text)
                && !is_page_number(&l.text)
                && !is_sheet_number(&l.text)
                && !l.text.starts_with("資料")
                && find_period(&l.text).is_none_or(|(a, b)| b - a < l.text.len() / 2)
        };
        if report.body.is_none() {
            report.body = above.iter().find(is_other).map(|l| l.text.clone());
        }
        if report.note.is_none() {
            report.note = above
                .iter()
                .find(|l| is_note(&l.text))
                .map(|l| l.text.clone());
        }
        if report.period_raw.is_none() {
            // Another line first; the title's own date last.
            let title_line = report.title_line.clone();
            report.period_raw = above
                .iter()
                .filter(|l| Some(&l.text) != title_line.as_ref())
                .chain(
                    above
                        .iter()
                        .filter(|l| Some(&l.text) == title_line.as_ref()),
                )
                .find_map(|l| find_period(&l.text).map(|(a, b)| l.text[a..b].to_string()));
        }
    }
    if report.footnote.is_none() {
        let lines: Vec<&str> = below
            .iter()
            .map(|l| l.text.as_str())
            .filter(|t| !is_page_number(t))
            .collect();
        if !lines.is_empty() {
            report.footnote = Some(lines.join("\n"));
        }
    }
}
