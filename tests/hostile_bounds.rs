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
    damaged(
        "bomb_content_4g.pdf",
        &["page 1 /Contents", "object 6 0", "MiB"],
    );
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
    damaged(
        "bomb_fontfile_2g.pdf",
        &["/FontDescriptor /FontFile2", "MiB"],
    );
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
    damaged(
        "form_mutual_fanout.pdf",
        &["page 1", "form XObjects draw each other"],
    );
}

#[test]
fn text_inside_64_nested_forms_is_not_silently_no_text_layer() {
    damaged("nested_forms_64.pdf", &["nest deeper than 50", "not read"]);
}

#[test]
fn text_inside_50_nested_forms_is_still_read() {
    let Some(result) = run("nested_forms_50.pdf") else {
        return;
    };
    let report = result.expect("nested_forms_50 converts");
    assert!(!report.records.is_empty());
    assert!(
        !report
            .warnings
            .iter()
            .any(|w| w.message.contains("nest deeper")),
        "50 levels are within hayro's depth: no skip warning"
    );
}

#[test]
fn participant_counts_past_u64_are_a_warning_not_a_wrapped_total() {
    let Some(result) = run("participants_overflow.pdf") else {
        return;
    };
    let report = result.expect("participants_overflow converts");
    let rec = report.records.first().expect("one record");
    assert_eq!(
        rec.participants_total, None,
        "18446744073709551615 + 2 is no total"
    );
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.code == "count_overflow" && w.row == Some(rec.row)),
        "{:?}",
        report.warnings
    );
}

#[test]
fn forty_thousand_counts_in_one_cell_are_all_read() {
    let Some(result) = run("counts_quadratic_40k.pdf") else {
        return;
    };
    let report = result.expect("counts_quadratic_40k converts");
    let most = report.records.iter().map(|r| r.counts.len()).max();
    assert!(most >= Some(40_000), "{most:?}");
}

#[test]
fn a_3000_by_3000_grid_is_refused_as_a_table_not_built() {
    let Some(result) = run("grid_3000x3000.pdf") else {
        return;
    };
    let err = result.expect_err("a grid of 9 M crossings is no report table");
    assert_eq!(err.code, ErrorCode::NoTable, "{err}");
}

#[test]
fn a_6000_by_6000_grid_is_refused_as_a_table_not_built() {
    let Some(result) = run("grid_6000x6000.pdf") else {
        return;
    };
    let err = result.expect_err("a grid of 36 M crossings is no report table");
    assert_eq!(err.code, ErrorCode::NoTable, "{err}");
}

#[test]
fn rules_that_never_cross_still_leave_the_report_readable() {
    let Some(result) = run("edges_noncrossing_100k.pdf") else {
        return;
    };
    let report = result.expect("edges_noncrossing_100k converts");
    assert!(!report.records.is_empty());
}

#[test]
fn circles_among_glyphs_leave_the_report_readable() {
    let Some(result) = run("circles_50k_plus_50k.pdf") else {
        return;
    };
    let report = result.expect("circles_50k_plus_50k converts");
    assert!(!report.records.is_empty());
}

#[test]
fn a_table_of_19600_cells_is_read() {
    let Some(result) = run("table_140x140_cells.pdf") else {
        return;
    };
    let report = result.expect("table_140x140_cells converts");
    assert!(report.records.len() >= 90, "{}", report.records.len());
}

#[test]
fn markdown_comparison_escapes_control_characters_and_newlines() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let dir = corpus.join("hostile/json");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(["compare", "--format", "md"])
        .arg(dir.join("ctrl.json"))
        .arg(dir.join("ctrl2.json"))
        .output()
        .expect("the binary runs");
    let md = String::from_utf8(o.stdout).expect("UTF-8");
    assert!(md.starts_with("# x\\|y # heading "), "{md}");
    assert!(
        !md.lines().any(|l| l.starts_with("# heading")),
        "a newline in body starts no heading"
    );
    assert!(
        !md.chars()
            .any(|c| c != '\n' && (c.is_control() || c == '\u{202e}')),
        "no raw control character survives: {md:?}"
    );
    assert!(md.contains("a\\u{0000}b\\u{001B}[31m"), "{md}");
    assert!(md.contains("\\u{202E} evil"), "{md}");
}

#[test]
fn a_count_past_i64_in_a_report_is_dropped_with_a_warning_not_refused() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let f = corpus.join("hostile/json/r4_pt_1e19.json");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(["compare", "--force"])
        .arg(&f)
        .arg(&f)
        .output()
        .expect("the binary runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let overflow: Vec<&serde_json::Value> = v["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .filter(|w| w["code"] == "count_overflow")
        .collect();
    assert_eq!(overflow.len(), 2, "one per input: {overflow:?}");
    let first = &v["steps"][0]["matched"][0]["participants_total"];
    assert!(
        first["old"].is_null() && first["delta"].is_null(),
        "{first}"
    );
}
