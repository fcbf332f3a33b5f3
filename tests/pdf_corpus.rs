//! The PDF layer over the shared corpus: a page model or a typed error for
//! every file, the text poppler reads (and more where poppler is wrong),
//! glyph boxes that agree with poppler's, and ellipses kept as curves.

mod common;

use common::{corpus, name, pdfs_in};
use shinchoku::ErrorCode;
use shinchoku::pdf::{self, Document, ReadOptions, Segment, lines::text_lines};
use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::process::Command;

fn read(path: &Path, password: Option<&str>) -> Result<Document, shinchoku::Error> {
    let bytes = std::fs::read(path).expect("corpus file readable");
    let opts = ReadOptions {
        password: password.map(str::to_string),
        page: None,
    };
    catch_unwind(AssertUnwindSafe(|| pdf::read(&bytes, &opts)))
        .unwrap_or_else(|_| panic!("{} panicked", name(path)))
}

/// The error each non-converting corpus file must give, by file name.
const EXPECTED_ERRORS: &[(&str, ErrorCode)] = &[
    (
        "enc_pdfminer_aes256_r6_userpw_usersecret.pdf",
        ErrorCode::Encrypted,
    ),
    (
        "enc_pdfminer_rc4_40_userpw_baz_ownerpw_foo.pdf",
        ErrorCode::Encrypted,
    ),
    ("enc_aes256_userpw_lo_writer.pdf", ErrorCode::Encrypted),
    (
        "jp_kodaira_flat_report_r4w_scan.pdf",
        ErrorCode::NoTextLayer,
    ),
    (
        "jp_seijishikin_houkokusho_scan_R5.pdf",
        ErrorCode::NoTextLayer,
    ),
    ("geom_pdfme_shapes_ellipses.pdf", ErrorCode::NoTextLayer),
    ("broken_truncated.pdf", ErrorCode::Damaged),
    // Paths only, no text: nothing for the later stages to read.
    ("hand_pathops.pdf", ErrorCode::NoTextLayer),
];

#[test]
fn every_corpus_file_gives_a_page_model_or_a_typed_error() {
    let Some(dir) = corpus() else { return };
    let expected: HashMap<&str, ErrorCode> = EXPECTED_ERRORS.iter().copied().collect();
    let mut seen = 0;
    for sub in ["real", "synthetic"] {
        for path in pdfs_in(&dir.join(sub)) {
            seen += 1;
            let n = name(&path);
            match (read(&path, None), expected.get(n.as_str())) {
                (Ok(doc), None) => {
                    assert!(doc.page_count > 0, "{n}: no pages");
                    let glyphs: usize = doc.pages.iter().map(|p| p.glyphs.len()).sum();
                    assert!(glyphs > 0, "{n}: Ok without glyphs");
                }
                (Err(e), Some(code)) => assert_eq!(e.code, *code, "{n}: {e}"),
                (Ok(_), Some(code)) => panic!("{n}: expected {code:?}, got a page model"),
                (Err(e), None) => panic!("{n}: unexpected error {e}"),
            }
        }
    }
    assert!(seen >= 80, "only {seen} corpus PDFs found");
}

#[test]
fn user_passwords_open_encrypted_files() {
    let Some(dir) = corpus() else { return };
    for (file, pw, needle) in [
        (
            "real/enc_pdfminer_aes256_r6_userpw_usersecret.pdf",
            "usersecret",
            "Hello",
        ),
        (
            "real/enc_pdfminer_rc4_40_userpw_baz_ownerpw_foo.pdf",
            "baz",
            "",
        ),
        (
            "synthetic/enc_aes256_userpw_lo_writer.pdf",
            "user",
            "事業進捗報告書",
        ),
    ] {
        let path = dir.join(file);
        let doc = read(&path, Some(pw)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let text = all_text(&doc);
        assert!(text.contains(needle), "{file}: {needle} not in {text}");
        let wrong = read(&path, Some("not-the-password")).expect_err("wrong password must fail");
        assert_eq!(wrong.code, ErrorCode::Encrypted);
    }
}

#[test]
fn empty_password_files_open_without_asking() {
    let Some(dir) = corpus() else { return };
    for file in [
        "enc_aes128_chromium.pdf",
        "enc_aes256_noextract_lo_writer.pdf",
        "enc_aes256_rl_ttf.pdf",
        "enc_rc4_128_rl_cid.pdf",
        "enc_rc4_128_rl_ttf.pdf",
        "enc_rc4_40_lo_calc.pdf",
    ] {
        let doc =
            read(&dir.join("synthetic").join(file), None).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(all_text(&doc).contains("防災訓練"), "{file}");
    }
}

fn all_text(doc: &Document) -> String {
    doc.pages
        .iter()
        .flat_map(|p| p.glyphs.iter().map(|g| g.text.as_str()))
        .collect()
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x9FFF | 0xF900..=0xFAFF | 0x2E80..=0x2FDF | 0x20000..=0x2FFFF)
}

fn cjk_counts(s: &str) -> HashMap<char, usize> {
    let mut m = HashMap::new();
    for c in shinchoku::text::unify(s).chars().filter(|c| is_cjk(*c)) {
        *m.entry(c).or_insert(0) += 1;
    }
    m
}

fn pdftotext(path: &Path) -> Option<String> {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Files where poppler's text is wrong (fonts without a usable ToUnicode),
/// with text that shinchoku must read there instead.
const POPPLER_WRONG: &[(&str, &[&str])] = &[
    // Ghostscript re-write: embedded UniJIS-UTF16-H CMap stream whose
    // /ToUnicode maps most codes to ASCII junk ("T G TP").
    (
        "jp_form_mhlw_yatoiire_kenshin_kojinhyo_gs.pdf",
        &[
            "健 康 診 断 個 人 票",
            "雇 入 時",
            "LDLコレステロール",
            "生年月日",
        ],
    ),
    // Chromium Type 3 / CID font with its ToUnicode removed: only the
    // embedded font's cmap, inverted, gives the text.
    (
        "chromium_ipaex_noToUnicode.pdf",
        &[
            "令和6年度 事業進捗報告書",
            "防災訓練",
            "9月28日開催 参加者21名",
            "広報誌発行",
        ],
    ),
];

#[test]
fn cjk_text_matches_poppler_where_poppler_is_right() {
    let Some(dir) = corpus() else { return };
    let wrong: HashMap<&str, &[&str]> = POPPLER_WRONG.iter().copied().collect();
    let mut compared = 0;
    for sub in ["real", "synthetic"] {
        for path in pdfs_in(&dir.join(sub)) {
            let n = name(&path);
            let Ok(doc) = read(&path, None) else { continue };
            let ours_lines: Vec<String> = doc
                .pages
                .iter()
                .flat_map(|p| text_lines(p).into_iter().map(|l| l.text))
                .collect();
            let ours = ours_lines.join("\n");
            if let Some(needles) = wrong.get(n.as_str()) {
                for needle in *needles {
                    assert!(ours.contains(needle), "{n}: missing {needle:?}");
                }
                continue;
            }
            let poppler = pdftotext(&path).expect("pdftotext (poppler-utils) must be installed");
            let (a, b) = (cjk_counts(&poppler), cjk_counts(&ours));
            let (na, nb): (usize, usize) = (a.values().sum(), b.values().sum());
            if na == 0 && nb == 0 {
                continue;
            }
            let common: usize = a
                .iter()
                .map(|(c, k)| (*k).min(*b.get(c).unwrap_or(&0)))
                .sum();
            let recall = common as f64 / na.max(1) as f64;
            let precision = common as f64 / nb.max(1) as f64;
            assert!(
                recall >= 0.99 && precision >= 0.99,
                "{n}: CJK recall {recall:.3} precision {precision:.3} (poppler {na}, ours {nb})"
            );
            compared += 1;
        }
    }
    assert!(compared >= 60, "only {compared} files compared");
}

/// Expected reading-order lines of the hand-made font-setup files: the same
/// table text under every encoding the generator wrote.
const HAND_LINES: &[&str] = &["No 9月28日開催 参加者21名", "1 全6回 延べ132名"];

#[test]
fn every_font_setup_reads_the_same_text() {
    let Some(dir) = corpus() else { return };
    let syn = dir.join("synthetic");
    for file in [
        "hand_90ms_rksj_h.pdf",
        "hand_90ms_rksj_h_embedded.pdf",
        "hand_90msp_rksj_h.pdf",
        "hand_euc_h.pdf",
        "hand_unijis_ucs2_h.pdf",
        "hand_unijis_ucs2_h_embedded.pdf",
        "hand_unijis_utf16_h.pdf",
    ] {
        let doc = read(&syn.join(file), None).unwrap_or_else(|e| panic!("{file}: {e}"));
        let lines: Vec<String> = text_lines(&doc.pages[0])
            .into_iter()
            .map(|l| l.text)
            .collect();
        // Adobe-Japan1 maps the half-width space CID to U+2002 (en space);
        // either space is right, so compare with spaces folded.
        let lines: Vec<String> = lines
            .iter()
            .map(|l| {
                l.chars()
                    .map(|c| if c.is_whitespace() { ' ' } else { c })
                    .collect()
            })
            .collect();
        for want in HAND_LINES {
            assert!(lines.iter().any(|l| l == want), "{file}: {lines:?}");
        }
        assert!(
            lines.iter().any(|l| l.starts_with("終了")),
            "{file}: {lines:?}"
        );
    }
    // The JIS `H` CMap carries only two-byte codes: the generator wrote full-width text.
    let doc = read(&syn.join("hand_h.pdf"), None).expect("hand_h");
    let lines: Vec<String> = text_lines(&doc.pages[0])
        .into_iter()
        .map(|l| l.text)
        .collect();
    assert!(lines.iter().any(|l| l.starts_with("Ｎｏ")), "{lines:?}");
}

#[test]
fn vertical_fonts_give_vertical_boxes_top_to_bottom() {
    let Some(dir) = corpus() else { return };
    for file in [
        "synthetic/hand_identity_v.pdf",
        "synthetic/hand_unijis_utf16_v.pdf",
    ] {
        let doc = read(&dir.join(file), None).unwrap_or_else(|e| panic!("{file}: {e}"));
        let glyphs: Vec<_> = doc.pages[0].glyphs.iter().filter(|g| g.vertical).collect();
        assert!(
            glyphs.len() >= 4,
            "{file}: {} vertical glyphs",
            glyphs.len()
        );
        // Within one column (same centre x) each glyph sits below the previous.
        for pair in glyphs.windows(2) {
            if (pair[1].bbox.cx() - pair[0].bbox.cx()).abs() < 0.5 {
                assert!(
                    pair[1].bbox.y0 > pair[0].bbox.y0,
                    "{file}: not top to bottom"
                );
            }
        }
    }
    // hand_identity_v: "継続終了" shown with Tm at (470, 760) on an 842pt page,
    // 10pt font: the column is centred on x=470 and starts at y=842-760=82.
    let doc = read(&dir.join("synthetic/hand_identity_v.pdf"), None).expect("identity_v");
    let first = doc.pages[0]
        .glyphs
        .iter()
        .find(|g| g.vertical)
        .expect("vertical glyph");
    assert_eq!(first.text, "継");
    assert!((first.bbox.cx() - 470.0).abs() < 0.5 && (first.bbox.y0 - 82.0).abs() < 0.5);
    let text: String = text_lines(&doc.pages[0])
        .into_iter()
        .map(|l| l.text)
        .collect();
    assert!(text.contains("継続終了"), "{text}");
}

/// One pdftotext -bbox word: text and box.
struct Word {
    text: String,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

fn attr(line: &str, key: &str) -> Option<f64> {
    let start = line.find(&format!("{key}=\""))? + key.len() + 2;
    let end = start + line[start..].find('"')?;
    line[start..end].parse().ok()
}

fn bbox_words(path: &Path) -> Vec<Word> {
    let Ok(out) = Command::new("pdftotext")
        .arg("-bbox")
        .arg(path)
        .arg("-")
        .output()
    else {
        return vec![];
    };
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.trim_start().starts_with("<word"))
        .filter_map(|l| {
            let text = l.split('>').nth(1)?.split('<').next()?.to_string();
            Some(Word {
                text,
                x0: attr(l, "xMin")?,
                y0: attr(l, "yMin")?,
                x1: attr(l, "xMax")?,
                y1: attr(l, "yMax")?,
            })
        })
        .collect()
}

#[test]
fn glyph_boxes_agree_with_poppler_within_a_point() {
    let Some(dir) = corpus() else { return };
    // Horizontal text only: poppler places vertical (Identity-V) glyphs half an
    // em off, which the vertical test above checks against the content stream.
    let files = [
        "rl_cid_min.pdf",
        "rl_cid_kakugo.pdf",
        "rl_ttf_ipaex.pdf",
        "lo_calc.pdf",
        "lo_writer.pdf",
        "chromium_ipaex.pdf",
        "chromium_noto.pdf",
        "hand_90ms_rksj_h.pdf",
        "hand_90ms_rksj_h_embedded.pdf",
        "hand_euc_h.pdf",
        "hand_unijis_ucs2_h_embedded.pdf",
        "hand_xobject.pdf",
    ];
    let mut words_checked = 0;
    for file in files {
        let path = dir.join("synthetic").join(file);
        let doc = read(&path, None).unwrap_or_else(|e| panic!("{file}: {e}"));
        let glyphs = &doc.pages[0].glyphs;
        for w in bbox_words(&path) {
            let n = w.text.chars().count();
            // The glyphs of this word: same text, starting at the word's left edge.
            let start = glyphs.iter().position(|g| {
                (g.bbox.x0 - w.x0).abs() < 1.0
                    && g.bbox.y0 < w.y1
                    && g.bbox.y1 > w.y0
                    && w.text.starts_with(g.text.as_str())
            });
            let Some(start) = start else {
                panic!(
                    "{file}: no glyph starts word {:?} at ({:.2}, {:.2})",
                    w.text, w.x0, w.y0
                )
            };
            let run = &glyphs[start..(start + n).min(glyphs.len())];
            let last = run.last().expect("non-empty run");
            let text: String = run.iter().map(|g| g.text.as_str()).collect();
            assert_eq!(text, w.text, "{file}");
            let mut checks = vec![(run[0].bbox.x0, w.x0, "x0"), (last.bbox.x1, w.x1, "x1")];
            // Type 3 fonts have no ascent/descent; poppler derives a height
            // from their /FontBBox, which says nothing about the glyph box.
            if &*run[0].font != "Type3" {
                checks.push((run[0].bbox.y0, w.y0, "y0"));
                checks.push((run[0].bbox.y1, w.y1, "y1"));
            }
            for (ours, theirs, what) in checks {
                assert!(
                    (ours - theirs).abs() <= 1.0,
                    "{file}: word {:?} {what} ours {ours:.2} poppler {theirs:.2}",
                    w.text
                );
            }
            words_checked += 1;
        }
    }
    assert!(words_checked >= 100, "only {words_checked} words checked");
}

/// A path is a closed cubic outline when it has at least four curves and
/// ends where it starts (explicitly closed or not).
fn closed_cubics(doc: &Document) -> Vec<pdf::Rect> {
    let mut found = vec![];
    for page in &doc.pages {
        for path in &page.paths {
            let cubics = path
                .segments
                .iter()
                .filter(|s| matches!(s, Segment::Cubic { .. }))
                .count();
            let start = match path.segments.first() {
                Some(Segment::Move { to }) => *to,
                _ => continue,
            };
            let end = path.segments.iter().rev().find_map(|s| match s {
                Segment::Cubic { to, .. } | Segment::Line { to } => Some(*to),
                _ => None,
            });
            let closed = matches!(path.segments.last(), Some(Segment::Close))
                || end
                    .is_some_and(|e| (e.x - start.x).abs() < 0.01 && (e.y - start.y).abs() < 0.01);
            if cubics >= 4 && closed && path.stroke.is_some() {
                found.push(path.bbox);
            }
        }
    }
    found
}

#[test]
fn ellipses_come_out_as_closed_cubic_paths() {
    let Some(dir) = corpus() else { return };
    let syn = dir.join("synthetic");
    // (file, ellipses the generator drew: rl.py 3, html 3, lo fods/fodt 1, hand.py 1)
    for (file, count) in [
        ("rl_cid_min.pdf", 3),
        ("rl_ttf_ipaex.pdf", 3),
        ("lo_calc.pdf", 1),
        ("lo_writer.pdf", 1),
        ("chromium_ipaex.pdf", 3),
        ("chromium_noto.pdf", 3),
        ("hand_90ms_rksj_h.pdf", 1),
    ] {
        let doc = read(&syn.join(file), None).unwrap_or_else(|e| panic!("{file}: {e}"));
        let found = closed_cubics(&doc);
        assert_eq!(found.len(), count, "{file}: {found:?}");
    }
    // hand.py draws ellipse(480, 680, 18, 9) in PDF space on an 842pt page.
    let doc = read(&syn.join("hand_90ms_rksj_h.pdf"), None).expect("hand");
    let b = closed_cubics(&doc)[0];
    for (got, want) in [(b.x0, 462.0), (b.x1, 498.0), (b.y0, 153.0), (b.y1, 171.0)] {
        assert!((got - want).abs() < 0.01, "{b:?}");
    }
}

#[test]
fn rotated_pages_are_seen_upright() {
    let Some(dir) = corpus() else { return };
    for path in pdfs_in(&dir.join("real")) {
        let Ok(doc) = read(&path, None) else { continue };
        for page in &doc.pages {
            for g in &page.glyphs {
                assert!(
                    g.bbox.x1 > -5.0
                        && g.bbox.y1 > -5.0
                        && g.bbox.x0 < page.width + 5.0
                        && g.bbox.y0 < page.height + 5.0,
                    "{}: glyph {:?} at {:?} outside the {}x{} page",
                    name(&path),
                    g.text,
                    g.bbox,
                    page.width,
                    page.height
                );
            }
        }
    }
}
