//! The hostile files of `../shared/corpus/hostile/pdf` that the PDF layer's
//! own bounds (src/pdf/limits.rs) stop: each ends, in-process and quickly,
//! in a typed error that names the cause, instead of gigabytes or minutes.

mod common;

use shinchoku::ErrorCode;
use shinchoku::extract::Options;

/// Extracts a hostile file; `None` when the corpus is absent (outside CI).
fn run(name: &str) -> Option<Result<shinchoku::Report, shinchoku::Error>> {
    let dir = common::corpus()?.join("hostile/pdf");
    let bytes = std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    Some(shinchoku::extract(&bytes, &Options::default()))
}

/// Asserts a `damaged` error whose message holds every one of `words`.
fn damaged(name: &str, words: &[&str]) {
    let Some(result) = run(name) else { return };
    let err = result.expect_err(name);
    assert_eq!(err.code, ErrorCode::Damaged, "{name}: {err}");
    for w in words {
        assert!(err.message.contains(w), "{name}: {w:?} not in {err}");
    }
}

#[test]
fn content_bomb_4g_is_refused_naming_the_stream() {
    damaged("bomb_content_4g.pdf", &["page 1 /Contents", "object 6 0", "MiB"]);
}

#[test]
fn content_bomb_8g_is_refused_naming_the_stream() {
    damaged("bomb_content_8g.pdf", &["page 1 /Contents", "MiB"]);
}

#[test]
fn tounicode_bomb_is_refused_naming_the_stream() {
    damaged("bomb_tounicode_2g.pdf", &["/Font /F1 /ToUnicode", "MiB"]);
}

#[test]
fn fontfile_bomb_is_refused_naming_the_stream() {
    damaged("bomb_fontfile_2g.pdf", &["/FontDescriptor /FontFile2", "MiB"]);
}

#[test]
fn w_range_1e8_is_refused_before_hayro_expands_it() {
    damaged("w_range_1e8.pdf", &["/W array", "100000000 CIDs"]);
}

#[test]
fn w_range_u32max_is_refused_before_hayro_expands_it() {
    damaged("w_range_u32max.pdf", &["/W array", "4294967296 CIDs"]);
}

#[test]
fn fuzzed_w_range_is_refused() {
    damaged("fuzz_m02369_w_range.pdf", &["/Font /F2", "/W array"]);
}

#[test]
fn huge_media_box_is_damaged_with_that_reason() {
    damaged("mediabox_huge.pdf", &["/MediaBox [0 0 1e30 1e30]"]);
}

#[test]
fn forms_drawing_each_other_are_bounded_by_total_work() {
    damaged("form_mutual_fanout.pdf", &["page 1", "form XObjects draw each other"]);
}

#[test]
fn text_inside_64_nested_forms_is_not_silently_no_text_layer() {
    damaged("nested_forms_64.pdf", &["nest deeper than 50", "not read"]);
}

#[test]
fn text_inside_50_nested_forms_is_still_read() {
    let Some(result) = run("nested_forms_50.pdf") else { return };
    let report = result.expect("nested_forms_50 converts");
    assert!(!report.records.is_empty());
    assert!(
        !report.warnings.iter().any(|w| w.message.contains("nest deeper")),
        "50 levels are within hayro's depth: no skip warning"
    );
}
