//! The review page of one report: the list of records (those that need a
//! look first), the page images with their overlays, and the correction
//! editor. One self-contained HTML file: CSS, JS and data inline, page
//! images in a folder beside it, nothing fetched from the network.

use super::ReviewOptions;
use super::list::{Reason, reasons};
use super::overlay::{page_svg, record_label};
use super::render::PageImage;
use crate::layout::draw::esc;
use crate::layout::{PageLayout, Settings};
use crate::output::{Record, Report};
use crate::report::Role;
use serde_json::{Value, json};
use std::fmt::Write;

const CSS: &str = include_str!("assets/review.css");
const JS: &str = include_str!("assets/review.js");

/// The decision values the editor offers.
const VALUES: [&str; 6] = crate::layout::marks::DECISION_CODES;

/// Percent-encodes a relative URL path, keeping `/`.
pub fn url_path(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The folder (beside the HTML) holding a report's page images.
pub fn images_dir(stem: &str) -> String {
    format!("{stem}_pages")
}

/// The file name of one page image inside [`images_dir`].
pub fn image_name(page: usize) -> String {
    format!("p{page}.png")
}

/// One record as the page's script sees it.
fn record_data(rec: &Record, why: &[Reason]) -> Value {
    let place = rec.places.first();
    json!({
        "id": rec.id,
        "page": rec.page,
        "row": rec.row,
        "decision": rec.decision.as_ref().map(|d| json!({
            "value": d.value,
            "label": d.label.clone().unwrap_or_else(|| d.marked.join("・")),
            "confidence": d.confidence,
        })),
        "labelText": record_label(rec),
        "cells": rec.cells,
        "reasons": why.iter().map(|r| r.code()).collect::<Vec<_>>(),
        "place": place.map(|p| json!({
            "page": p.page, "x0": p.bbox.x0, "y0": p.bbox.y0, "x1": p.bbox.x1, "y1": p.bbox.y1,
            "dx1": p.cells.iter().find(|c| c.role == Some(Role::Decision)).map(|c| c.bbox.x1),
        })),
    })
}

/// A short line for the list: id, decision and the start of the method
/// (or purpose).
fn list_line(rec: &Record) -> String {
    let what = rec
        .method
        .as_deref()
        .filter(|m| !m.is_empty())
        .or(rec.purpose.as_deref())
        .unwrap_or("");
    let what: String = what.chars().take(40).collect();
    let label = record_label(rec);
    format!("{label} — {what}")
}

/// The review page of one report. `images` are the rendered pages (in page
/// order); pages without a layout or an image are shown as far as they go.
pub fn page_html(
    stem: &str,
    report: &Report,
    layouts: &[PageLayout],
    images: &[PageImage],
    opts: &ReviewOptions,
) -> String {
    let settings = Settings::default();
    let why: Vec<Vec<Reason>> = report
        .records
        .iter()
        .map(|r| reasons(report, r, opts.low_confidence))
        .collect();
    let flagged = why.iter().filter(|w| !w.is_empty()).count();
    let mut out = String::with_capacity(64 * 1024 + report.records.len() * 2048);
    let title = if report.source.file.is_empty() {
        stem.to_string()
    } else {
        report.source.file.clone()
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src 'self' blob: data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\
         <title>review: {t}</title><style>{CSS}</style></head>\n<body>\n<aside id=\"side\">\n\
         <h1>{t}</h1><div class=\"meta\">{n} records · {flagged} to look at · {p} pages · sha256 {sha:.12}…</div>\n\
         <div class=\"bar\"><button id=\"save\" type=\"button\">Save corrections</button> <span id=\"ncorr\">0 corrections</span></div>\n\
         <div class=\"bar\"><button id=\"zout\" type=\"button\">−</button><button id=\"zfit\" type=\"button\">fit</button><button id=\"zin\" type=\"button\">+</button></div>\n\
         <section id=\"editor\" hidden></section>\n<section id=\"list\">\n",
        t = esc(&title),
        n = report.records.len(),
        p = images.len(),
        sha = esc(&report.source.sha256),
    );
    for reason in Reason::ALL {
        let members: Vec<&Record> = report
            .records
            .iter()
            .zip(&why)
            .filter(|(_, w)| w.contains(&reason))
            .map(|(r, _)| r)
            .collect();
        let page_warnings: Vec<_> = if reason == Reason::UnassignedText {
            report
                .warnings
                .iter()
                .filter(|w| w.code == "unassigned_text" && w.row.is_none())
                .collect()
        } else {
            Vec::new()
        };
        if members.is_empty() && page_warnings.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "<h2 class=\"{}\">{} ({})</h2><ul>",
            reason.code(),
            reason.title(),
            members.len() + page_warnings.len()
        );
        for r in members {
            let _ = writeln!(
                out,
                "<li><a href=\"#rec-{id}\" data-id=\"{id}\">{}</a></li>",
                esc(&list_line(r)),
                id = esc(&r.id)
            );
        }
        for w in page_warnings {
            let _ = writeln!(
                out,
                "<li><a href=\"#page-{p}\" data-page=\"{p}\" title=\"{m}\">page {p}: {m}</a></li>",
                p = w.page.unwrap_or(1),
                m = esc(&w.message)
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("<h2>All records</h2><ul>\n");
    for r in &report.records {
        let _ = writeln!(
            out,
            "<li><a href=\"#rec-{id}\" data-id=\"{id}\">{}</a></li>",
            esc(&list_line(r)),
            id = esc(&r.id)
        );
    }
    out.push_str("</ul>\n");
    if !report.warnings.is_empty() {
        out.push_str("<h2>Warnings</h2><ul>\n");
        for w in &report.warnings {
            let text = format!("[{}] {}", w.code, w.message);
            match (w.page, w.row) {
                (Some(p), Some(r)) => {
                    let _ = writeln!(
                        out,
                        "<li><a href=\"#rec-p{p}-r{r}\" data-id=\"p{p}-r{r}\">{}</a></li>",
                        esc(&text)
                    );
                }
                (Some(p), None) => {
                    let _ = writeln!(
                        out,
                        "<li><a href=\"#page-{p}\" data-page=\"{p}\">{}</a></li>",
                        esc(&text)
                    );
                }
                _ => {
                    let _ = writeln!(out, "<li>{}</li>", esc(&text));
                }
            }
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n</aside>\n<main id=\"view\">\n");
    // relative to the page itself, which sits beside its images folder
    // (a batch mirrors input folders: stem `2022/r4` → `2022/r4.html`)
    let dir = images_dir(stem.rsplit('/').next().unwrap_or(stem));
    let is_flagged = |r: &Record| {
        report
            .records
            .iter()
            .position(|x| x.id == r.id)
            .and_then(|i| why.get(i))
            .is_some_and(|w| !w.is_empty())
    };
    for img in images {
        let (w, h) = (
            f64::from(img.width) / img.scale,
            f64::from(img.height) / img.scale,
        );
        let _ = writeln!(
            out,
            "<div class=\"page\" id=\"page-{n}\"><img src=\"{src}\" width=\"{iw}\" height=\"{ih}\" alt=\"page {n}\"><span class=\"pno\">{n}</span>",
            n = img.page,
            src = url_path(&format!("{dir}/{}", image_name(img.page))),
            iw = img.width,
            ih = img.height,
        );
        if let Some(layout) = layouts.iter().find(|l| l.page == img.page) {
            out.push_str(&page_svg(report, layout, w, h, &settings, &is_flagged));
        }
        out.push_str("</div>\n");
    }
    out.push_str("</main>\n");
    let data = json!({
        "file": report.source.file,
        "stem": stem,
        "sha256": report.source.sha256,
        "low_confidence": opts.low_confidence,
        "values": VALUES,
        "records": report.records.iter().zip(&why).map(|(r, w)| {
            let mut d = record_data(r, w);
            // The place's page size, for zooming to the row.
            if let (Some(p), Some(img)) = (r.places.first(), images.iter().find(|i| Some(i.page) == r.places.first().map(|p| p.page))) {
                let _ = p;
                d["place"]["w"] = json!(f64::from(img.width) / img.scale);
                d["place"]["h"] = json!(f64::from(img.height) / img.scale);
            }
            d
        }).collect::<Vec<_>>(),
    });
    // `</` would end the script element early.
    let data = data.to_string().replace("</", "<\\/");
    let _ = write!(
        out,
        "<script type=\"application/json\" id=\"data\">{data}</script>\n<script>{JS}</script>\n</body></html>\n"
    );
    out
}
