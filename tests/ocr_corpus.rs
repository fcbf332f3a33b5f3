//! The corpus's real image-only scans read by OCR (`--features ocr`, models
//! installed by scripts/setup.sh) within the default memory limit: ONNX
//! Runtime's memory plans, one per input shape, once took the 20-page
//! scan past the worker's 2 GiB address space (`too_large`). Slow (about
//! 2 min on one core), so only in builds with the `ocr` feature, which CI
//! does not build.
#![cfg(feature = "ocr")]

mod common;

use common::corpus;
use std::process::Command;

#[test]
fn real_image_only_scans_are_read_within_the_default_limits() {
    let Some(dir) = corpus() else { return };
    for file in [
        "jp_kodaira_flat_report_r4w_scan.pdf",
        "jp_seijishikin_houkokusho_scan_R5.pdf",
    ] {
        let path = dir.join("real").join(file);
        // the default --max-memory; a timeout far past the reading time,
        // which a busy machine may stretch
        let out = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
            .args(["extract", "--timeout", "1200"])
            .arg(&path)
            .output()
            .expect("shinchoku runs");
        let v: serde_json::Value =
            serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{file}: {e}"));
        let code = v["error"]["code"].as_str();
        // a form or a newsletter may hold no report table: that is an answer
        assert!(
            matches!(code, None | Some("no_table")),
            "{file}: {}",
            v["error"]
        );
        if code.is_none() {
            assert!(
                matches!(v["source"]["ocr"].as_str(), Some("onnxruntime" | "rten")),
                "{file}: source {}",
                v["source"]
            );
        }
    }
}
