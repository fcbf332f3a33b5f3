//! Every file of `../shared/corpus/hostile/pdf` (bombs, absurd widths,
//! huge rulings, deep forms), one test each, run as a user runs it:
//! `extract FILE --out DIR` with the default limits (`--timeout 60`,
//! `--max-memory 2G`). Each must finish, end in a report or a typed error
//! code (never `internal`), and, when it fails, be named in `_errors.json`.
//! The limits contain what the pipeline's own bounds do not.

mod common;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn hostile_dir() -> Option<PathBuf> {
    common::corpus().map(|c| c.join("hostile/pdf"))
}

/// The typed outcomes a hostile file may end in.
const TYPED: &[&str] = &[
    "not_pdf",
    "encrypted",
    "damaged",
    "no_text_layer",
    "no_table",
    "too_large",
    "timeout",
];

fn check(name: &str) {
    let Some(dir) = hostile_dir() else { return };
    let file = dir.join(name);
    let out = std::env::temp_dir().join(format!(
        "shinchoku-hostile-{}-{}",
        std::process::id(),
        name.trim_end_matches(".pdf")
    ));
    let _ = std::fs::remove_dir_all(&out);
    let started = std::time::Instant::now();
    let run = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(["extract", "--quiet"])
        .arg(&file)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("shinchoku runs");
    eprintln!("{name}: {:.1} s", started.elapsed().as_secs_f64());
    let code = run.status.code();
    assert!(matches!(code, Some(0 | 1)), "{name}: {run:?}");
    let stem = name.trim_end_matches(".pdf");
    let doc: Value = serde_json::from_slice(
        &std::fs::read(out.join(format!("{stem}.json"))).expect("an output for the file"),
    )
    .expect("the output is JSON");
    let errors: Value =
        serde_json::from_slice(&std::fs::read(out.join("_errors.json")).expect("_errors.json"))
            .expect("_errors.json is JSON");
    let listed: Vec<&Value> = errors
        .as_array()
        .expect("a list")
        .iter()
        .filter(|e| Path::new(e["file"].as_str().unwrap_or("")).ends_with(name))
        .collect();
    match doc.get("error") {
        Some(err) => {
            let c = err["code"].as_str().unwrap_or("");
            assert!(TYPED.contains(&c), "{name}: untyped outcome {err}");
            assert_eq!(code, Some(1), "{name}: a failure exits 1");
            assert_eq!(listed.len(), 1, "{name} not named in _errors.json");
            assert_eq!(listed[0]["code"], c);
        }
        None => {
            assert!(
                doc["records"].is_array(),
                "{name}: neither report nor error"
            );
            assert_eq!(code, Some(0), "{name}: {run:?}");
            assert!(listed.is_empty(), "{name} converted but listed as failed");
        }
    }
    let _ = std::fs::remove_dir_all(&out);
}

macro_rules! hostile {
    ($($test:ident => $file:literal),* $(,)?) => {
        $( #[test] fn $test() { check($file) } )*

        /// A file added to the folder without a test here fails this one.
        #[test]
        fn every_hostile_pdf_has_its_test() {
            let Some(dir) = hostile_dir() else { return };
            let mut have: Vec<String> = common::pdfs_in(&dir).iter().map(|p| common::name(p)).collect();
            have.sort();
            let mut tested: Vec<String> = vec![$($file.to_string()),*];
            tested.sort();
            assert_eq!(have, tested);
        }
    };
}

hostile! {
    base => "base.pdf",
    bomb_content_4g => "bomb_content_4g.pdf",
    bomb_content_8g => "bomb_content_8g.pdf",
    bomb_fontfile_2g => "bomb_fontfile_2g.pdf",
    bomb_tounicode_2g => "bomb_tounicode_2g.pdf",
    circles_50k_plus_50k => "circles_50k_plus_50k.pdf",
    counts_quadratic_40k => "counts_quadratic_40k.pdf",
    edges_noncrossing_100k => "edges_noncrossing_100k.pdf",
    form_mutual_fanout => "form_mutual_fanout.pdf",
    fuzz_m02369_w_range => "fuzz_m02369_w_range.pdf",
    glyphs_1e6_one_run => "glyphs_1e6_one_run.pdf",
    grid_3000x3000 => "grid_3000x3000.pdf",
    grid_6000x6000 => "grid_6000x6000.pdf",
    mediabox_huge => "mediabox_huge.pdf",
    nested_forms_50 => "nested_forms_50.pdf",
    nested_forms_64 => "nested_forms_64.pdf",
    noperiod => "noperiod.pdf",
    participants_overflow => "participants_overflow.pdf",
    table_140x140_cells => "table_140x140_cells.pdf",
    w_range_1e8 => "w_range_1e8.pdf",
    w_range_u32max => "w_range_u32max.pdf",
}
