//! Every input the fuzz target once failed on (tests/fixtures/fuzz) now ends
//! in a report or a typed error: no panic, no abort.

use std::path::Path;

#[test]
fn fuzz_findings_end_in_a_report_or_a_typed_error() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/fuzz exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_none_or(|e| e != "md"))
        .collect();
    files.sort();
    for f in &files {
        let bytes = std::fs::read(f).expect("readable");
        let result = std::panic::catch_unwind(|| {
            shinchoku::extract(&bytes, &shinchoku::extract::Options::default())
        });
        assert!(result.is_ok(), "{} panics", f.display());
    }
}
