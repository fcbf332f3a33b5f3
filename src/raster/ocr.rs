//! Image-only scans: PP-OCRv6 recognition on the pure-Rust rten runtime
//! (the `ocr` feature).
//!
//! The page is deskewed and its rules found as for a searchable scan; the
//! rules then split the page into regions (the table's cells, and the page
//! outside the table). In each region the text lines are found from the
//! ink profile and each line is read by the recognition model; CTC decoding
//! gives each character the column where it was read, which places it on
//! the page as a glyph. The pen loops are then looked for round the option
//! words read, as on a searchable scan.

use super::bitmap::{Binary, Gray, PageImage};
use super::{RasterOptions, Scan, ScanWarning};
use crate::error::{Error, ErrorCode};
use crate::pdf::{Document, Glyph, Rect, TextSource};
use rten::Model;
use rten_tensor::NdTensor;
use rten_tensor::prelude::*;
use std::path::{Path, PathBuf};

/// One character read: its text, where it was read (fraction of the line
/// image's width) and the reader's probability.
type CharRead = (String, f64, f32);

/// Recognition input height of PP-OCR.
const REC_HEIGHT: usize = 48;
/// Mean character confidence under which a page is flagged.
pub const LOW_CONFIDENCE: f64 = 0.8;

/// Where the models are looked for when neither `--models` nor
/// `SHINCHOKU_MODELS` says: `$XDG_DATA_HOME/shinchoku/models`, by default
/// `~/.local/share/shinchoku/models` (where scripts/setup.sh puts them).
pub fn default_models_dir() -> Option<PathBuf> {
    std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .map(|d| d.join("shinchoku/models"))
}

fn models_dir(opts: &RasterOptions) -> Option<PathBuf> {
    opts.models
        .clone()
        .or_else(|| std::env::var_os("SHINCHOKU_MODELS").map(PathBuf::from))
        .or_else(default_models_dir)
}

/// The recognition model and its character list (from the ONNX metadata
/// `character`, one per line; index 0 is CTC's blank, the last a space).
pub struct Recognizer {
    model: Model,
    chars: Vec<String>,
}

impl Recognizer {
    /// Loads `ppocrv6_rec.onnx` from `dir`.
    pub fn load(dir: &Path) -> Result<Self, String> {
        let path = dir.join("ppocrv6_rec.onnx");
        let model = Model::load_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let list = model
            .metadata()
            .fields()
            .find(|(k, _)| *k == "character")
            .map(|(_, v)| v.to_string())
            .ok_or_else(|| format!("{}: no character list in its metadata", path.display()))?;
        let mut chars: Vec<String> = vec![String::new()];
        chars.extend(list.lines().map(str::to_string));
        chars.push(" ".into());
        Ok(Recognizer { model, chars })
    }

    /// Reads one text line image: characters with the fraction of the
    /// width where each was read, and the mean confidence.
    pub fn read_line(&self, line: &Gray) -> Option<(Vec<CharRead>, f64)> {
        if line.width == 0 || line.height == 0 {
            return None;
        }
        let w = ((line.width as f64 * REC_HEIGHT as f64 / line.height as f64).ceil() as usize)
            .clamp(16, 4000);
        let scaled = resize(line, w, REC_HEIGHT);
        let mut data = Vec::with_capacity(3 * w * REC_HEIGHT);
        for _ in 0..3 {
            data.extend(scaled.data.iter().map(|&v| f32::from(v) / 127.5 - 1.0));
        }
        let input = NdTensor::from_data([1, 3, REC_HEIGHT, w], data);
        let out = self.model.run_one(input.view().into(), None).ok()?;
        let probs: NdTensor<f32, 3> = out.try_into().ok()?;
        let [_, steps, classes] = probs.shape();
        let mut text = Vec::new();
        let mut last = 0usize;
        let mut confs = Vec::new();
        for t in 0..steps {
            let (mut best, mut p) = (0usize, f32::MIN);
            for c in 0..classes {
                let v = probs[[0, t, c]];
                if v > p {
                    best = c;
                    p = v;
                }
            }
            if best != 0 && best != last {
                let ch = self.chars.get(best).cloned().unwrap_or_default();
                text.push((ch, (t as f64 + 0.5) / steps as f64, p));
                confs.push(f64::from(p));
            }
            last = best;
        }
        let mean = if confs.is_empty() {
            1.0
        } else {
            confs.iter().sum::<f64>() / confs.len() as f64
        };
        Some((text, mean))
    }
}

/// Bilinear resize.
fn resize(g: &Gray, w: usize, h: usize) -> Gray {
    let mut out = Gray::filled(w, h, 255);
    let (sx, sy) = (g.width as f64 / w as f64, g.height as f64 / h as f64);
    for y in 0..h {
        let fy = ((y as f64 + 0.5) * sy - 0.5).max(0.0);
        let (y0, ty) = (fy as usize, fy.fract());
        for x in 0..w {
            let fx = ((x as f64 + 0.5) * sx - 0.5).max(0.0);
            let (x0, tx) = (fx as usize, fx.fract());
            let p =
                |xx: usize, yy: usize| f64::from(g.get(xx.min(g.width - 1), yy.min(g.height - 1)));
            let v = p(x0, y0) * (1.0 - tx) * (1.0 - ty)
                + p(x0 + 1, y0) * tx * (1.0 - ty)
                + p(x0, y0 + 1) * (1.0 - tx) * ty
                + p(x0 + 1, y0 + 1) * tx * ty;
            out.data[y * w + x] = v.round().clamp(0.0, 255.0) as u8;
        }
    }
    out
}

/// Crops a rectangle of pixels.
fn crop(g: &Gray, x0: usize, y0: usize, x1: usize, y1: usize) -> Gray {
    let (x1, y1) = (x1.min(g.width), y1.min(g.height));
    let (w, h) = (x1.saturating_sub(x0), y1.saturating_sub(y0));
    let mut out = Gray::filled(w, h, 255);
    for y in 0..h {
        for x in 0..w {
            out.data[y * w + x] = g.get(x0 + x, y0 + y);
        }
    }
    out
}

/// Regions of the page the rules enclose (cells, merged ones whole) plus
/// what lies outside them, as pixel boxes, from a flood fill of the
/// paper between the rules on a quarter-resolution grid.
fn regions(rules_mask: &Binary) -> Vec<(usize, usize, usize, usize)> {
    let k = 4usize;
    let (w, h) = (rules_mask.width.div_ceil(k), rules_mask.height.div_ceil(k));
    let mut wall = vec![false; w * h];
    for (i, &r) in rules_mask.ink.iter().enumerate() {
        if r {
            let (x, y) = ((i % rules_mask.width) / k, (i / rules_mask.width) / k);
            wall[y * w + x] = true;
        }
    }
    // Rules drawn by hand or scanned meet loosely at the corners: thicken
    // the walls by a cell of the grid so no region leaks into the next.
    let thin = wall.clone();
    for y in 0..h {
        for x in 0..w {
            if thin[y * w + x] {
                for (dx, dy) in [(1i64, 0i64), (-1, 0), (0, 1), (0, -1)] {
                    let (nx, ny) = (x as i64 + dx, y as i64 + dy);
                    if nx >= 0 && ny >= 0 && (nx as usize) < w && (ny as usize) < h {
                        wall[ny as usize * w + nx as usize] = true;
                    }
                }
            }
        }
    }
    let mut seen = wall.clone();
    let mut out = Vec::new();
    let mut stack = Vec::new();
    for s in 0..w * h {
        if seen[s] {
            continue;
        }
        seen[s] = true;
        stack.push(s);
        let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
        while let Some(i) = stack.pop() {
            let (x, y) = (i % w, i / w);
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
            let mut push = |j: usize| {
                if !seen[j] {
                    seen[j] = true;
                    stack.push(j);
                }
            };
            if x > 0 {
                push(i - 1);
            }
            if x + 1 < w {
                push(i + 1);
            }
            if y > 0 {
                push(i - w);
            }
            if y + 1 < h {
                push(i + w);
            }
        }
        out.push((x0 * k, y0 * k, (x1 + 1) * k, (y1 + 1) * k));
    }
    out
}

/// Text lines in a region: runs of rows with ink, blocks taller than a
/// line (lines set close, or joined by a pen stroke) cut at their faintest
/// rows, then split at wide gaps.
fn lines_in(
    bin: &Binary,
    r: (usize, usize, usize, usize),
    em: f64,
) -> Vec<(usize, usize, usize, usize)> {
    let (x0, y0, x1, y1) = r;
    let rows: Vec<usize> = (y0..y1)
        .map(|y| (x0..x1).filter(|&x| bin.at(x, y)).count())
        .collect();
    // Any ink makes a row part of a line (a glyph's thin middle has only
    // its vertical strokes); blocks taller than a line are cut below.
    let dense = |n: usize| n >= 2;
    let mut out = Vec::new();
    let mut y = 0;
    while y < rows.len() {
        if !dense(rows[y]) {
            y += 1;
            continue;
        }
        let start = y;
        while y < rows.len() && dense(rows[y]) {
            y += 1;
        }
        // Lines set close together (or joined by a pen stroke) come as one
        // block: cut it at its faintest rows until each piece is one line.
        let mut cuts = vec![start, y];
        let mut i = 0;
        while i + 1 < cuts.len() {
            let (a, b) = (cuts[i], cuts[i + 1]);
            let m = (0.6 * em) as usize;
            if ((b - a) as f64) > 1.6 * em && b > a + 2 * m {
                let cut = (a + m..b - m).min_by_key(|&r| rows[r]).unwrap_or(a + m);
                cuts.insert(i + 1, cut);
            } else {
                i += 1;
            }
        }
        for piece in cuts.windows(2) {
            lines_of(bin, x0, x1, y0 + piece[0], y0 + piece[1], em, &mut out);
        }
    }
    out
}

/// Segments of one text line `[ly0, ly1)`, split at gaps wider than 1.5 em
/// (a title and a note printed side by side).
fn lines_of(
    bin: &Binary,
    x0: usize,
    x1: usize,
    ly0: usize,
    ly1: usize,
    em: f64,
    out: &mut Vec<(usize, usize, usize, usize)>,
) {
    {
        if ((ly1 - ly0) as f64) < 0.4 * em {
            return;
        }
        // split the line at gaps wider than 1.5 em (title and note side by side)
        let cols: Vec<bool> = (x0..x1)
            .map(|x| (ly0..ly1).any(|yy| bin.at(x, yy)))
            .collect();
        let mut x = 0;
        while x < cols.len() {
            if !cols[x] {
                x += 1;
                continue;
            }
            let s = x;
            let mut last = x;
            while x < cols.len() && (cols[x] || ((x - last) as f64) < 1.5 * em) {
                if cols[x] {
                    last = x;
                }
                x += 1;
            }
            out.push((x0 + s, ly0, x0 + last + 1, ly1));
        }
    }
}

/// Chinese-only forms the shared Chinese/Japanese dictionary gives for
/// Japanese glyphs that look the same; these reports are Japanese.
const JAPANESE_FORMS: [(&str, &str); 6] = [
    ("继", "継"),
    ("变", "変"),
    ("內", "内"),
    ("·", "・"),
    ("续", "続"),
    ("进", "進"),
];

/// One character cannot be read twice in one place: of equal characters
/// read closer than half a character apart (the reader hesitating between
/// two forms of one glyph, often where a pen stroke crosses the word) one is
/// kept; Chinese-only forms are given their Japanese form first.
fn settle(chars: Vec<CharRead>, aspect: f64) -> Vec<CharRead> {
    // one character is about one line height wide: as a fraction of the width
    let em = if aspect > 0.0 { 1.0 / aspect } else { 1.0 };
    let mut out: Vec<CharRead> = Vec::new();
    for (mut t, at, p) in chars {
        if let Some((_, j)) = JAPANESE_FORMS.iter().find(|(c, _)| *c == t) {
            t = (*j).to_string();
        }
        match out.last_mut() {
            Some(last) if t == last.0 && at - last.1 < 0.5 * em => {
                if p > last.2 {
                    *last = (t, (at + last.1) / 2.0, p);
                }
            }
            _ => out.push((t, at, p)),
        }
    }
    out
}

/// The rows of a line image the glyphs occupy: one character pitch (the
/// median distance between characters read, or the line's height) placed
/// where it holds the most ink, so that a pen arc above or below the words
/// does not make their boxes tall.
fn text_band(
    bin: &Binary,
    line: (usize, usize, usize, usize),
    chars: &[CharRead],
    width_px: usize,
    _scale: f64,
) -> (usize, usize) {
    let (lx0, ly0, lx1, ly1) = line;
    let mut gaps: Vec<f64> = chars
        .windows(2)
        .filter(|w| !w[0].0.is_ascii() && !w[1].0.is_ascii())
        .map(|w| (w[1].1 - w[0].1) * width_px as f64)
        .collect();
    gaps.sort_by(f64::total_cmp);
    let pitch = gaps
        .get(gaps.len() / 2)
        .copied()
        .unwrap_or((ly1 - ly0) as f64);
    let band = (pitch.round() as usize).clamp(1, (ly1 - ly0).max(1));
    if band >= ly1 - ly0 {
        return (ly0, ly1);
    }
    let rows: Vec<usize> = (ly0..ly1)
        .map(|y| (lx0..lx1).filter(|&x| bin.at(x, y)).count())
        .collect();
    let mut best = (0usize, 0usize);
    let mut sum: usize = rows.iter().take(band).sum();
    for start in 0..=rows.len() - band {
        if start > 0 {
            sum = sum + rows[start + band - 1] - rows[start - 1];
        }
        if sum > best.0 {
            best = (sum, start);
        }
    }
    (ly0 + best.1, ly0 + best.1 + band)
}

/// Reads the text of one deskewed page as glyphs in page space; returns
/// them with the mean confidence.
fn read_text(
    rec: &Recognizer,
    gray: &Gray,
    bin: &Binary,
    rules_mask: &Binary,
    scale: f64,
) -> (Vec<Glyph>, f64) {
    let em = 9.0 * scale;
    let mut glyphs = Vec::new();
    let mut confs = Vec::new();
    // The paper outside the table surrounds it: read it above and below
    // the table only, not through it.
    let all = regions(rules_mask);
    let (w, h) = (rules_mask.width, rules_mask.height);
    let outer = |r: &(usize, usize, usize, usize)| r.0 == 0 || r.1 == 0 || r.2 >= w || r.3 >= h;
    let inner: Vec<_> = all.iter().filter(|r| !outer(r)).copied().collect();
    let mut parts = inner.clone();
    if let Some(t) = inner
        .iter()
        .copied()
        .reduce(|a, b| (a.0.min(b.0), a.1.min(b.1), a.2.max(b.2), a.3.max(b.3)))
    {
        for o in all.iter().filter(|r| outer(r)) {
            parts.push((o.0, o.1, o.2, t.1.saturating_sub(8).max(o.1)));
            parts.push((o.0, (t.3 + 8).min(o.3), o.2, o.3));
        }
    } else {
        parts = all.clone();
    }
    for r in parts {
        for (lx0, ly0, lx1, ly1) in lines_in(bin, r, em) {
            let pad = (0.15 * (ly1 - ly0) as f64) as usize + 2;
            // half a line of paper at either end: the reader's last column
            // needs room, or a final 。 is lost
            let side = (ly1 - ly0) / 2 + pad;
            let (cx0, cy0) = (lx0.saturating_sub(side), ly0.saturating_sub(pad));
            let mut line = crop(gray, cx0, cy0, lx1 + side, ly1 + pad);
            // the rules' pixels are paper for the reader
            for y in 0..line.height {
                for x in 0..line.width {
                    if rules_mask.at(cx0 + x, cy0 + y) {
                        line.data[y * line.width + x] = 255;
                    }
                }
            }
            let Some((chars, conf)) = rec.read_line(&line) else {
                continue;
            };
            confs.push(conf);
            let chars = settle(chars, line.width as f64 / line.height as f64);
            let (gy0, gy1) = text_band(bin, (lx0, ly0, lx1, ly1), &chars, line.width, scale);
            let h = (gy1 - gy0) as f64 / scale;
            for (text, at, _p) in chars {
                let x = (cx0 as f64 + at * line.width as f64) / scale;
                let half = if text.is_ascii() { h / 4.0 } else { h / 2.0 };
                glyphs.push(Glyph {
                    text,
                    raw: None,
                    bbox: Rect {
                        x0: x - half,
                        y0: gy0 as f64 / scale,
                        x1: x + half,
                        y1: gy1 as f64 / scale,
                    },
                    size: h,
                    font: "OCR".into(),
                    vertical: false,
                    source: TextSource::Ocr,
                    invisible: false,
                });
            }
        }
    }
    let mean = if confs.is_empty() {
        0.0
    } else {
        confs.iter().sum::<f64>() / confs.len() as f64
    };
    (glyphs, mean)
}

/// Reads image-only pages with OCR. Without the models, the original
/// `no_text_layer` error, saying where they were looked for.
pub fn read_image_only(
    mut doc: Document,
    images: Vec<Option<PageImage>>,
    opts: &RasterOptions,
    err: Error,
) -> Result<(Document, Option<Scan>), Error> {
    let dir = models_dir(opts);
    let rec = match dir.as_deref().map(Recognizer::load) {
        Some(Ok(r)) => r,
        Some(Err(e)) => {
            return Err(Error::new(
                ErrorCode::NoTextLayer,
                format!(
                    "{}; OCR models not usable ({e}): install them with scripts/setup.sh, or point --models / SHINCHOKU_MODELS at them",
                    err.message
                ),
            ));
        }
        None => {
            return Err(Error::new(
                ErrorCode::NoTextLayer,
                format!(
                    "{}; no OCR model directory (set --models or SHINCHOKU_MODELS)",
                    err.message
                ),
            ));
        }
    };
    let mut scan = Scan::default();
    for (page, img) in doc.pages.iter_mut().zip(images) {
        let Some(img) = img else { continue };
        let work = super::prepare(page, &img);
        let mut bare = page.clone();
        let (glyphs, conf) = read_text(&rec, &work.gray, &work.ink, &work.rule_mask(), work.scale);
        bare.glyphs = glyphs;
        let r = super::finish(&bare, work);
        scan.note_page(page.number, r.dpi);
        if conf < LOW_CONFIDENCE {
            scan.warnings.push(ScanWarning {
                page: page.number,
                code: "low_ocr_confidence",
                message: format!(
                    "page {}: mean OCR confidence {conf:.2} (under {LOW_CONFIDENCE}): check the text",
                    page.number
                ),
            });
        }
        scan.ocr_confidence.push((page.number, conf));
        *page = r.page;
    }
    Ok((doc, Some(scan)))
}
