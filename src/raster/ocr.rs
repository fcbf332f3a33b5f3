//! Image-only scans: PP-OCRv6 recognition (the `ocr` feature), on ONNX
//! Runtime or rten (see `engine`).
//!
//! The page is deskewed and its rules found as for a searchable scan; the
//! rules then split the page into regions (the table's cells, and the page
//! outside the table). In each region the text lines are found from the
//! ink profile and each line is read by the recognition model; CTC decoding
//! gives each character the column where it was read, which places it on
//! the page as a glyph. The pen loops are then looked for round the option
//! words read, as on a searchable scan.

use super::bitmap::{Binary, Gray, PageImage};
use super::confidence::{OcrLine, mean_confidence};
use super::detect::{self, Detector, PxBox};
use super::engine::Engine;
use super::{RasterOptions, Scan, ScanWarning};
use crate::error::{Error, ErrorCode};
use crate::pdf::{Document, Glyph, Rect, TextSource};
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// One character read: its text, where it was read (fraction of the line
/// image's width) and the reader's probability.
type CharRead = (String, f64, f32);

/// Recognition input height of PP-OCR.
const REC_HEIGHT: usize = 48;
/// Narrowest recognition input (PP-OCR's `rec_image_shape` 3 × 48 × 320).
const REC_MIN_WIDTH: usize = 320;
/// Lines read in one run of the recognizer. One: on one core a batch saves
/// nothing and its padding to the widest line costs (8 measured 10 % slower
/// at 200 dpi, `RTEN_NUM_THREADS=1`, bench/scan_bench.py, 2026-12-05).
const REC_BATCH: usize = 1;
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
    model: Engine,
    chars: Vec<String>,
    /// The classes of the two characters of each option word
    /// ([`super::PEN_OPTION_WORDS`]), for [`Recognizer::decode`].
    options: Vec<[usize; 2]>,
}

/// Least probability a character of an option word must have at its time
/// step to be read in place of the best class there, when the character
/// beside it makes the word: the dakuten of 同じ under a pen stroke leaves
/// し best (0.69) and じ second (0.31).
const OPTION_RUNNER_UP: f32 = 0.1;

impl Recognizer {
    /// Loads `ppocrv6_rec.onnx` from `dir`.
    pub fn load(dir: &Path) -> Result<Self, String> {
        let file = "ppocrv6_rec.onnx";
        let model = Engine::load(dir, file)?;
        let list = model.metadata("character").ok_or_else(|| {
            format!(
                "{}: no character list in its metadata",
                dir.join(file).display()
            )
        })?;
        let mut chars: Vec<String> = vec![String::new()];
        chars.extend(list.lines().map(str::to_string));
        chars.push(" ".into());
        let class = |c: char| chars.iter().position(|s| s.chars().eq([c]));
        let options = super::PEN_OPTION_WORDS
            .iter()
            .filter_map(|w| {
                let mut cs = w.chars();
                Some([class(cs.next()?)?, class(cs.next()?)?])
            })
            .collect();
        Ok(Recognizer {
            model,
            chars,
            options,
        })
    }

    /// The runtime the recognizer runs on.
    pub fn engine(&self) -> &'static str {
        self.model.name()
    }

    /// Reads text line images, `REC_BATCH` per run of the model: lines of
    /// similar width are batched (padded to the widest, as PaddleOCR's
    /// `resize_norm_img` pads: to at least 320 × 48, with the normalised
    /// value 0). Per line: characters with the fraction of the line's width
    /// where each was read, and the mean confidence.
    pub fn read_lines(&self, lines: &[Gray]) -> Vec<Option<(Vec<CharRead>, f64)>> {
        let widths: Vec<usize> = lines
            .iter()
            .map(|l| {
                if l.width == 0 || l.height == 0 {
                    0
                } else {
                    ((l.width as f64 * REC_HEIGHT as f64 / l.height as f64).ceil() as usize)
                        .clamp(16, 4000)
                }
            })
            .collect();
        let mut order: Vec<usize> = (0..lines.len()).filter(|&i| widths[i] > 0).collect();
        order.sort_by_key(|&i| widths[i]);
        let mut out: Vec<Option<(Vec<CharRead>, f64)>> = vec![None; lines.len()];
        let mut start = 0;
        while start < order.len() {
            let first = widths[order[start]].max(REC_MIN_WIDTH);
            let mut end = start + 1;
            while end < order.len()
                && end - start < REC_BATCH
                && widths[order[end]] as f64 <= 1.25 * first as f64
            {
                end += 1;
            }
            let batch = &order[start..end];
            let pad = batch
                .iter()
                .map(|&i| widths[i])
                .max()
                .unwrap_or(0)
                .max(REC_MIN_WIDTH);
            let mut data = vec![0f32; batch.len() * 3 * REC_HEIGHT * pad];
            for (k, &i) in batch.iter().enumerate() {
                let scaled = resize(&lines[i], widths[i], REC_HEIGHT);
                let img = &mut data[k * 3 * REC_HEIGHT * pad..(k + 1) * 3 * REC_HEIGHT * pad];
                for c in 0..3 {
                    for y in 0..REC_HEIGHT {
                        let row = (c * REC_HEIGHT + y) * pad;
                        for x in 0..widths[i] {
                            img[row + x] = f32::from(scaled.get(x, y)) / 127.5 - 1.0;
                        }
                    }
                }
            }
            let reads = self
                .model
                .run([batch.len(), 3, REC_HEIGHT, pad], data, |shape, probs| {
                    let &[n, steps, classes] = shape else {
                        return Vec::new();
                    };
                    (0..n.min(batch.len()))
                        .filter_map(|k| {
                            let i = batch[k];
                            let item = probs.get(k * steps * classes..(k + 1) * steps * classes)?;
                            // the fraction of the padded width, as one of the line's own
                            let stretch = pad as f64 / widths[i] as f64;
                            Some((i, self.decode(item, steps, classes, stretch)))
                        })
                        .collect()
                })
                .unwrap_or_default();
            for (i, read) in reads {
                out[i] = Some(read);
            }
            start = end;
        }
        out
    }

    /// CTC greedy decoding of one line's `steps × classes` probabilities:
    /// the best class per time step, repeats merged, blanks dropped.
    fn decode(
        &self,
        probs: &[f32],
        steps: usize,
        classes: usize,
        stretch: f64,
    ) -> (Vec<CharRead>, f64) {
        let mut text = Vec::new();
        let mut last = 0usize;
        let mut confs = Vec::new();
        // each character's class and time step
        let mut classes_read: Vec<(usize, usize)> = Vec::new();
        for t in 0..steps {
            let Some(probs_t) = probs.get(t * classes..(t + 1) * classes) else {
                break;
            };
            let (mut best, mut p) = (0usize, f32::MIN);
            for (c, &v) in probs_t.iter().enumerate() {
                if v > p {
                    best = c;
                    p = v;
                }
            }
            if best != 0 && best != last {
                let ch = self.chars.get(best).cloned().unwrap_or_default();
                text.push((ch, stretch * (t as f64 + 0.5) / steps as f64, p));
                classes_read.push((best, t));
                confs.push(f64::from(p));
            }
            last = best;
        }
        // An option word (終了, 継続, 同じ, 変更) with one character read
        // wrong, where the model gave the right one a fair chance: the word
        // the template prints is read. The pen loop round the word is what
        // most often hides a stroke of it.
        let prob = |t: usize, c: usize| {
            if c >= classes || t >= steps {
                return 0.0;
            }
            probs.get(t * classes + c).copied().unwrap_or(0.0)
        };
        for i in 1..classes_read.len() {
            let ((ca, ta), (cb, tb)) = (classes_read[i - 1], classes_read[i]);
            for &[a, b] in &self.options {
                let fix = if ca == a && cb != b && prob(tb, b) >= OPTION_RUNNER_UP {
                    Some((i, b, tb))
                } else if cb == b && ca != a && prob(ta, a) >= OPTION_RUNNER_UP {
                    Some((i - 1, a, ta))
                } else {
                    None
                };
                if let Some((j, c, t)) = fix {
                    if let (Some(r), Some(ch)) = (text.get_mut(j), self.chars.get(c)) {
                        r.0 = ch.clone();
                        r.2 = prob(t, c);
                    }
                    classes_read[j].0 = c;
                    break;
                }
            }
        }
        let mean = if confs.is_empty() {
            1.0
        } else {
            confs.iter().sum::<f64>() / confs.len() as f64
        };
        (text, mean)
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

/// Stretches a line image's contrast: paper (its brightest tenth) to
/// white, the darkest ink to black, as a printed page would look; a scan's
/// paper tone and grey ink leave thin strokes (※) faint to the reader.
fn stretch(g: &mut Gray) {
    let mut hist = [0usize; 256];
    for &v in &g.data {
        hist[usize::from(v)] += 1;
    }
    let n = g.data.len();
    let level = |share: f64| {
        let want = (share * n as f64) as usize;
        let mut acc = 0;
        for (v, &c) in hist.iter().enumerate() {
            acc += c;
            if acc > want {
                return v as f64;
            }
        }
        255.0
    };
    let (lo, hi) = (level(0.01), level(0.6));
    if hi - lo < 32.0 {
        return;
    }
    for v in &mut g.data {
        *v = ((f64::from(*v) - lo) * 255.0 / (hi - lo)).clamp(0.0, 255.0) as u8;
    }
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
fn regions(rules_mask: &Binary) -> Vec<PxBox> {
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
        if ((ly1 - ly0) as f64) < 0.2 * em {
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
const JAPANESE_FORMS: [(&str, &str); 7] = [
    ("终", "終"),
    ("继", "継"),
    ("变", "変"),
    ("內", "内"),
    ("·", "・"),
    ("续", "続"),
    ("进", "進"),
];

/// Katakana (and the long-vowel mark itself): after them a horizontal
/// stroke is the long-vowel mark ー, never the numeral 一.
fn is_katakana(t: &str) -> bool {
    t.chars()
        .next_back()
        .is_some_and(|c| ('\u{30A1}'..='\u{30FC}').contains(&c))
}

/// One character cannot be read twice in one place: of equal characters
/// read closer than half a character apart (the reader hesitating between
/// two forms of one glyph, often where a pen stroke crosses the word) one is
/// kept; Chinese-only forms are given their Japanese form first. Narrow
/// (ASCII) characters are never merged: 300 and 11 are common. The reader
/// confuses forms a Japanese report does not mix: ~ in Japanese text is the
/// printed ～, and 一 after katakana (or first in a line that follows one
/// ending in katakana, `after_kana`) is ー.
fn settle(chars: Vec<CharRead>, aspect: f64, after_kana: bool) -> Vec<CharRead> {
    // one character is about one line height wide: as a fraction of the width
    let em = if aspect > 0.0 { 1.0 / aspect } else { 1.0 };
    let mut out: Vec<CharRead> = Vec::new();
    for (mut t, at, p) in chars {
        if let Some((_, j)) = JAPANESE_FORMS.iter().find(|(c, _)| *c == t) {
            t = (*j).to_string();
        }
        if t == "~" {
            t = "～".into();
        }
        if t == "一" && out.last().map_or(after_kana, |l| is_katakana(&l.0)) {
            t = "ー".into();
        }
        match out.last_mut() {
            Some(last) if t == last.0 && !t.is_ascii() && at - last.1 < 0.5 * em => {
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
    // The reader places characters on its time steps (some 8 of its input
    // columns apart), so one gap is coarse: the gaps near the median (not
    // those across a character it missed) are averaged.
    let pitch = gaps
        .get(gaps.len() / 2)
        .copied()
        .map_or((ly1 - ly0) as f64, |m| {
            let near: Vec<f64> = gaps
                .iter()
                .copied()
                .filter(|g| *g >= 0.7 * m && *g <= 1.4 * m)
                .collect();
            near.iter().sum::<f64>() / near.len().max(1) as f64
        });
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

/// The models a page is read with.
pub struct Models {
    /// Recognition.
    pub rec: Recognizer,
    /// Detection; without it lines come from the ink profile.
    pub det: Option<Detector>,
}

/// Ink bounding box of a region (pixels), if it holds any ink.
fn ink_box(bin: &Binary, r: PxBox) -> Option<PxBox> {
    let (x0, y0, x1, y1) = r;
    let (mut bx0, mut by0, mut bx1, mut by1) = (usize::MAX, usize::MAX, 0, 0);
    for y in y0..y1.min(bin.height) {
        for x in x0..x1.min(bin.width) {
            if bin.at(x, y) {
                bx0 = bx0.min(x);
                by0 = by0.min(y);
                bx1 = bx1.max(x + 1);
                by1 = by1.max(y + 1);
            }
        }
    }
    (bx1 > bx0).then_some((bx0, by0, bx1, by1))
}

/// The regions of the page text is read in: the table's cells, and the
/// paper above and below the table (not through it).
fn page_parts(rules_mask: &Binary) -> Vec<PxBox> {
    let all = regions(rules_mask);
    let (w, h) = (rules_mask.width, rules_mask.height);
    let outer = |r: &PxBox| r.0 == 0 || r.1 == 0 || r.2 >= w || r.3 >= h;
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
        parts = all;
    }
    parts
}

/// Text height (pixels) the detector is run at: 9 pt text at 150 dpi.
/// The detector finds such lines as surely as larger ones, for a fraction
/// of the work (its cost goes with the pixels).
pub(crate) const DET_EM: f64 = 18.75;

/// How much a region is shrunk for the detector at text size `em` pixels.
fn det_down(em: f64) -> f64 {
    (em / DET_EM).max(1.0)
}

/// Text line boxes of one region (pixels): the detector's boxes on the
/// region's inked part, else the ink profile's lines.
fn region_lines(models: &Models, paper: &Gray, bin: &Binary, r: PxBox, em: f64) -> Vec<PxBox> {
    let Some(ink) = ink_box(bin, r) else {
        // nothing printed: nothing read, nothing invented
        return Vec::new();
    };
    let Some(det) = models.det.as_ref() else {
        return lines_in(bin, r, em);
    };
    let m = (0.5 * em) as usize;
    let (x0, y0) = (
        ink.0.saturating_sub(m).max(r.0),
        ink.1.saturating_sub(m).max(r.1),
    );
    let (x1, y1) = ((ink.2 + m).min(r.2), (ink.3 + m).min(r.3));
    let sub = crop(paper, x0, y0, x1, y1);
    let down = det_down(em);
    let found: Vec<PxBox> = det
        .boxes(&sub, down)
        .into_iter()
        .map(|(a, b, c, d)| (x0 + a, y0 + b, x0 + c, y0 + d))
        .collect();
    let ink_lines = lines_in(bin, r, em);
    if let Some(p) = std::env::var_os("SHINCHOKU_OCR_DEBUG") {
        use std::io::Write;
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(p)
        {
            let _ = writeln!(f, "region {r:?} det {found:?} ink {ink_lines:?}");
        }
    }
    detect::reading_order(with_ink_lines(found, &ink_lines))
}

/// The detector's boxes completed from the ink's lines: a box is widened
/// over the ink line it sits on (a faint ※ or a final ）the detector left
/// out), and an ink line no box covers (a lone 。 wrapped onto its own
/// line) is added as it is.
fn with_ink_lines(mut boxes: Vec<PxBox>, ink: &[PxBox]) -> Vec<PxBox> {
    let mut extra = Vec::new();
    for l in ink {
        let lmid = (l.1 + l.3) / 2;
        let mut covered = false;
        for b in boxes.iter_mut() {
            let overlap_x = l.2.min(b.2).saturating_sub(l.0.max(b.0));
            if (b.1..b.3).contains(&lmid) && overlap_x > 0 {
                covered = true;
                b.0 = b.0.min(l.0);
                b.2 = b.2.max(l.2);
            }
        }
        if !covered {
            extra.push(*l);
        }
    }
    boxes.extend(extra);
    boxes
}

/// Reads the text of one deskewed page as glyphs in page space; returns
/// them with the lines read.
fn read_text(
    models: &Models,
    gray: &Gray,
    bin: &Binary,
    rules_mask: &Binary,
    scale: f64,
) -> (Vec<Glyph>, Vec<OcrLine>) {
    let em = 9.0 * scale;
    // the rules' pixels are paper for the reader
    let mut paper = gray.clone();
    for (v, &r) in paper.data.iter_mut().zip(&rules_mask.ink) {
        if r {
            *v = 255;
        }
    }
    let det_mode = models.det.is_some();
    let mut boxes: Vec<(usize, PxBox)> = Vec::new();
    let mut crops: Vec<(usize, usize, Gray)> = Vec::new();
    for (ri, r) in page_parts(rules_mask).into_iter().enumerate() {
        for (lx0, ly0, lx1, ly1) in region_lines(models, &paper, bin, r, em) {
            let (cx0, cy0, cx1, cy1) = if det_mode {
                // the detector's boxes are grown round the text already; a
                // lone mark (。) still needs a line's height of paper round it
                let (h, cy) = ((ly1 - ly0).max((1.2 * em) as usize), (ly0 + ly1) / 2);
                let w = (lx1 - lx0).max(h);
                let cx = (lx0 + lx1) / 2;
                (
                    cx.saturating_sub(w / 2),
                    cy.saturating_sub(h / 2),
                    cx + w / 2,
                    cy + h / 2,
                )
            } else {
                let pad = (0.15 * (ly1 - ly0) as f64) as usize + 2;
                // half a line of paper at either end: the reader's last
                // column needs room, or a final 。 is lost
                let side = (ly1 - ly0) / 2 + pad;
                (
                    lx0.saturating_sub(side),
                    ly0.saturating_sub(pad),
                    lx1 + side,
                    ly1 + pad,
                )
            };
            boxes.push((ri, (lx0, ly0, lx1, ly1)));
            let mut c = crop(&paper, cx0, cy0, cx1, cy1);
            if std::env::var_os("SHINCHOKU_OCR_STRETCH").is_some() {
                stretch(&mut c);
            }
            crops.push((cx0, cy0, c));
        }
    }
    let images: Vec<Gray> = crops.iter().map(|c| c.2.clone()).collect();
    let mut reads = models.rec.read_lines(&images);
    read_lone_marks(models, &paper, bin, &boxes, &crops, &mut reads, scale);
    let mut glyphs = Vec::new();
    let mut lines = Vec::new();
    let mut kana_end: Option<usize> = None;
    for (((ri, b), (cx0, _, line)), read) in boxes.into_iter().zip(&crops).zip(reads) {
        let Some((chars, conf)) = read else {
            continue;
        };
        let chars = settle(
            chars,
            line.width as f64 / line.height as f64,
            kana_end == Some(ri),
        );
        kana_end = chars.last().filter(|c| is_katakana(&c.0)).map(|_| ri);
        if let Some(p) = std::env::var_os("SHINCHOKU_OCR_DEBUG") {
            use std::io::Write;
            let t: String = chars.iter().map(|c| c.0.as_str()).collect();
            if let Ok(mut f) = std::fs::OpenOptions::new()
                .append(true)
                .create(true)
                .open(p)
            {
                let _ = writeln!(f, "ocr {b:?} {}x{} {conf:.3} {t}", line.width, line.height);
            }
        }
        let (lx0, ly0, lx1, ly1) = b;
        lines.push(OcrLine {
            bbox: Rect {
                x0: lx0 as f64 / scale,
                y0: ly0 as f64 / scale,
                x1: lx1 as f64 / scale,
                y1: ly1 as f64 / scale,
            },
            chars: chars.len(),
            confidence: conf,
        });
        let (gy0, gy1) = text_band(bin, b, &chars, line.width, scale);
        let xs = snap_to_ink(bin, b.0, b.2, (gy0, gy1), &chars, *cx0, line.width);
        // the band is one character pitch: a CJK glyph's em
        let em_px = (gy1 - gy0) as f64;
        let mid = (gy0 + gy1) as f64 / 2.0;
        let (ey0, ey1) = ((mid - em_px / 2.0) / scale, (mid + em_px / 2.0) / scale);
        for ((text, _, _), x) in chars.into_iter().zip(xs) {
            glyphs.push(ocr_glyph(text, x / scale, ey0, ey1, em_px / scale));
        }
    }
    (glyphs, lines)
}

/// Marks the reader drops next to other characters (今後の方向性(※ is read
/// without its ※, (※) as (), 継続→ without its arrow) but reads on their own.
const LONE_MARKS: [&str; 2] = ["※", "→"];
/// Confidence a mark read on its own must reach.
const LONE_CONFIDENCE: f32 = 0.7;

/// Reads again, on its own, ink a line's read left out: between two
/// characters read (or after the last) where more than a third of a
/// line's height of inked columns lies outside every character read. Not
/// under `LOW_DPI`: there the characters' places are too coarse to tell a
/// left-out mark from a character read a little off (and the page is
/// flagged anyway). Of what is read there only the marks of `LONE_MARKS` are kept, so that
/// a pen stroke beside the words is never read as text.
fn read_lone_marks(
    models: &Models,
    paper: &Gray,
    bin: &Binary,
    boxes: &[(usize, PxBox)],
    crops: &[(usize, usize, Gray)],
    reads: &mut [Option<(Vec<CharRead>, f64)>],
    scale: f64,
) {
    if scale * 72.0 < super::LOW_DPI {
        return;
    }
    let mut pieces: Vec<(usize, f64, Gray)> = Vec::new();
    for (i, ((_, b), (cx0, cy0, line))) in boxes.iter().zip(crops).enumerate() {
        let Some(Some((chars, _))) = reads.get(i) else {
            continue;
        };
        let h = b.3.saturating_sub(b.1);
        // each character's columns: narrow ones (read a little off) a third as wide
        let span = |c: &CharRead| {
            let x = *cx0 as f64 + c.1 * line.width as f64;
            let half = if c.0.is_ascii() { h / 6 } else { h / 2 } as f64;
            ((x - half).max(0.0) as usize, (x + half) as usize)
        };
        // a space read is no ink (the reader often reads one for a mark)
        let spans: Vec<(usize, usize)> = chars
            .iter()
            .filter(|c| !c.0.trim().is_empty())
            .map(span)
            .collect();
        let inked = |x: usize| (b.1..b.3).any(|y| bin.at(x, y));
        let mut gaps: Vec<(usize, usize)> = spans.windows(2).map(|w| (w[0].1, w[1].0)).collect();
        if let Some(last) = spans.last() {
            gaps.push((last.1, b.2));
        }
        for (g0, g1) in gaps {
            let (Some(a), Some(z)) = (
                (g0..g1).find(|&x| inked(x)),
                (g0..g1).rev().find(|&x| inked(x)),
            ) else {
                continue;
            };
            if z < a + h / 3 {
                continue;
            }
            let piece = crop(paper, a.saturating_sub(2), *cy0, z + 3, cy0 + line.height);
            // paper round it, as round a line: the reader needs room either side
            let mut tone: Vec<u8> = piece.data.clone();
            tone.sort_unstable();
            let white = tone.get(tone.len() * 9 / 10).copied().unwrap_or(255);
            let pad = line.height / 2;
            let mut g = Gray::filled(piece.width + 2 * pad, piece.height, white);
            for y in 0..piece.height {
                for x in 0..piece.width {
                    g.data[y * g.width + x + pad] = piece.get(x, y);
                }
            }
            pieces.push((i, a.saturating_sub(2) as f64 - pad as f64, g));
        }
    }
    let images: Vec<Gray> = pieces.iter().map(|t| t.2.clone()).collect();
    let found = models.rec.read_lines(&images);
    for ((i, x0, g), read) in pieces.iter().zip(found) {
        let (Some((marks, _)), Some(Some((chars, _))), Some((cx0, _, line))) =
            (read, reads.get_mut(*i), crops.get(*i))
        else {
            continue;
        };
        for (t, at, p) in marks {
            if LONE_MARKS.contains(&t.as_str()) && p >= LONE_CONFIDENCE {
                // where it was read, as a fraction of the line's own crop
                let x = *x0 + at * g.width as f64;
                let at = (x - *cx0 as f64) / line.width.max(1) as f64;
                let k = chars.partition_point(|c| c.1 < at);
                chars.insert(k, (t, at, p));
            }
        }
    }
}

/// Centres (pixels) of the characters of one line, each CJK character's
/// em-wide box slid (within 0.4 em of where the reader placed it, left to
/// right without overlapping the one before) to where it covers the most
/// ink: the reader's time steps place characters only roughly, and a box
/// off its glyph leaves strokes outside that the pen finder would take for
/// a pen loop.
fn snap_to_ink(
    bin: &Binary,
    x0: usize,
    x1: usize,
    band: (usize, usize),
    chars: &[CharRead],
    cx0: usize,
    width: usize,
) -> Vec<f64> {
    let em = (band.1 - band.0) as f64;
    let x1 = x1.max(x0 + 1);
    // ink per column of the band, and its running sum
    let mut sum = vec![0usize; x1 - x0 + 1];
    for x in x0..x1 {
        let n = (band.0..band.1).filter(|&y| bin.at(x, y)).count();
        sum[x - x0 + 1] = sum[x - x0] + n;
    }
    let ink = |a: f64, b: f64| {
        let c = |v: f64| (v.round().max(x0 as f64) as usize).min(x1) - x0;
        sum[c(b)] - sum[c(a).min(c(b))]
    };
    let mut out = Vec::with_capacity(chars.len());
    let mut prev_right = f64::MIN;
    for (t, at, _) in chars {
        let x = cx0 as f64 + at * width as f64;
        if t.is_ascii() || em < 4.0 {
            out.push(x);
            prev_right = prev_right.max(x);
            continue;
        }
        let reach = (0.4 * em) as i64;
        let mut best = (0usize, i64::MAX, x);
        for d in -reach..=reach {
            let c = x + d as f64;
            if c - em / 2.0 < prev_right - 0.1 * em {
                continue;
            }
            let n = ink(c - em / 2.0, c + em / 2.0);
            if n > best.0 || (n == best.0 && d.abs() < best.1) {
                best = (n, d.abs(), c);
            }
        }
        out.push(best.2);
        prev_right = best.2 + em / 2.0;
    }
    out
}

/// A character read by OCR as a glyph centred at `x` on the text band
/// `y0..y1` (points); CJK characters one band tall and wide, others half.
fn ocr_glyph(text: String, x: f64, y0: f64, y1: f64, h: f64) -> Glyph {
    let half = if text.is_ascii() { h / 4.0 } else { h / 2.0 };
    Glyph {
        text,
        raw: None,
        bbox: Rect {
            x0: x - half,
            y0,
            x1: x + half,
            y1,
        },
        size: h,
        font: "OCR".into(),
        vertical: false,
        source: TextSource::Ocr,
        invisible: false,
    }
}

/// The models of `dir`, loaded once a thread and kept: a batch worker reads
/// file after file, and loading them on ONNX Runtime costs 0.18 s (rten
/// 0.04 s). One set a thread, not one shared: a shared ONNX Runtime session
/// would run one line at a time for all the batch's threads.
fn models_of(dir: &Path) -> Result<Rc<Models>, String> {
    // The detector finds the lines; SHINCHOKU_OCR_LINES=ink reads them from
    // the ink profile instead (cheaper, worse where a pen crosses the text).
    let ink_lines = std::env::var("SHINCHOKU_OCR_LINES").as_deref() == Ok("ink");
    let key = (dir.to_path_buf(), ink_lines, super::engine::choice());
    thread_local! {
        static KEPT: RefCell<Option<(ModelsKey, Rc<Models>)>> = const { RefCell::new(None) };
    }
    if let Some(m) = KEPT.with_borrow(|k| {
        k.as_ref()
            .filter(|(k, _)| *k == key)
            .map(|(_, m)| m.clone())
    }) {
        return Ok(m);
    }
    let rec = Recognizer::load(dir)?;
    let det = if ink_lines {
        None
    } else {
        Some(Detector::load(dir)?)
    };
    let models = Rc::new(Models { rec, det });
    KEPT.set(Some((key, models.clone())));
    Ok(models)
}

/// What a thread's kept models were loaded for: their folder, ink-profile
/// lines, the engine asked for.
type ModelsKey = (PathBuf, bool, String);

/// Reads image-only pages with OCR. Without the models, the original
/// `no_text_layer` error, saying where they were looked for.
pub fn read_image_only(
    mut doc: Document,
    images: Vec<Option<PageImage>>,
    opts: &RasterOptions,
    err: Error,
) -> Result<(Document, Option<Scan>), Error> {
    let dir = models_dir(opts);
    let models = match dir.as_deref() {
        Some(d) => models_of(d).map_err(|e| {
            Error::new(
                ErrorCode::NoTextLayer,
                format!(
                    "{}; OCR models not usable ({e}): install them with scripts/setup.sh, or point --models / SHINCHOKU_MODELS at them",
                    err.message
                ),
            )
        })?,
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
    let mut scan = Scan {
        ocr: Some(models.rec.engine()),
        ..Scan::default()
    };
    for (page, img) in doc.pages.iter_mut().zip(images) {
        let Some(img) = img else { continue };
        let work = super::prepare(page, &img);
        let mut bare = page.clone();
        let (glyphs, lines) = read_text(
            &models,
            &work.gray,
            &work.ink,
            &work.rule_mask(),
            work.scale,
        );
        bare.glyphs = glyphs;
        let r = super::finish(&bare, work);
        scan.note_page(page.number, r.dpi);
        let conf = mean_confidence(&lines).unwrap_or(0.0);
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
        scan.ocr_lines
            .extend(lines.into_iter().map(|l| (page.number, l)));
        *page = r.page;
    }
    Ok((doc, Some(scan)))
}
