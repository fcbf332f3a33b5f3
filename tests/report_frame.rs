//! The spooled form of a raw record (`report::frame`) gives back the record
//! it was made from, on every row of every sample: a long report's rows go
//! through it before they become records.

use shinchoku::layout::{Settings, analyze_document};
use shinchoku::pdf::{ReadOptions, read};
use shinchoku::report::{build_with, frame};

#[test]
fn every_sample_row_comes_back_from_its_frame() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/samples");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("samples/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    files.sort();
    let settings = Settings::default();
    let mut rows = 0;
    for f in &files {
        let bytes = std::fs::read(f).expect("read sample");
        let Ok(doc) = read(&bytes, &ReadOptions::default()) else {
            continue;
        };
        let Ok(raw) = build_with(&analyze_document(&doc, &settings), &settings) else {
            continue;
        };
        for r in &raw.records {
            let mut bytes = Vec::new();
            frame::encode(r, &mut bytes).expect("encode");
            let back = frame::decode(&bytes).expect("decode");
            assert_eq!(&back, r, "{}", f.display());
            // and it is what JSON, the earlier form, gave back
            let json: shinchoku::report::RawRecord =
                serde_json::from_slice(&serde_json::to_vec(r).expect("to JSON"))
                    .expect("from JSON");
            assert_eq!(back, json, "{}", f.display());
            rows += 1;
        }
    }
    assert!(
        rows > 100,
        "only {rows} rows read from {} samples",
        files.len()
    );
}
