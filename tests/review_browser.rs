//! A real browser on a real review page: headless Chromium opens the page
//! with no network, the page images load, the overlays are there, a
//! screenshot is not blank; one correction is clicked through the editor
//! and saved, and `extract --corrections` applies the saved file.
//!
//! Needs chromium and python3; without them the test prints that it
//! skipped, and under CI=true it fails.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn have(cmd: &str) -> bool {
    Command::new(cmd)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("shinchoku-browser-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("tmp dir");
    d
}

#[test]
fn a_correction_clicked_in_chromium_is_applied_by_extract() {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".into());
    if !have(&chromium) || !have("python3") {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "chromium and python3 are required under CI=true"
        );
        eprintln!("skipped: chromium or python3 not found");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin = env!("CARGO_BIN_EXE_shinchoku");
    let pdf = root.join("samples/kodomo_r4.reportlab.pdf");
    let out = tmp("review");
    let st = Command::new(bin)
        .args(["review", "--quiet", "--out"])
        .arg(&out)
        .arg(&pdf)
        .status()
        .expect("run review");
    assert!(st.success());
    let index = std::fs::read_to_string(out.join("index.html")).expect("index");
    assert!(index.contains("kodomo_r4.reportlab.html"));

    // p3-r3 is the sample's unmarked row (samples/spec); a person marks it 終了.
    let downloads = tmp("downloads");
    let shot = out.join("shot.png");
    let o = Command::new("python3")
        .arg(root.join("tests/browser/review_click.py"))
        .arg(out.join("kodomo_r4.reportlab.html"))
        .arg(&downloads)
        .arg(&shot)
        .args(["p3-r3", "end", "終了（確認）"])
        .env("CHROMIUM", &chromium)
        .output()
        .expect("run the browser script");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r: Value = serde_json::from_slice(&o.stdout).expect("script prints JSON");
    let images = r["images"].as_array().expect("images");
    assert_eq!(images.len(), 5, "{r}");
    for i in images {
        assert_eq!(i[0], true, "image loaded: {r}");
        assert!(i[1].as_u64().is_some_and(|w| w > 0), "natural width: {r}");
    }
    assert_eq!(r["overlays"], 14, "one overlay per record: {r}");
    assert!(r["marks"].as_u64().is_some_and(|m| m > 0), "{r}");
    assert_eq!(r["network"], serde_json::json!([]), "no network: {r}");
    // Not blank: many colours, and neither all white nor all dark.
    let s = &r["screenshot"];
    assert!(s["colours"].as_u64().is_some_and(|c| c > 50), "{r}");
    let nonwhite = s["nonwhite"].as_f64().expect("nonwhite");
    assert!(nonwhite > 0.05 && nonwhite < 0.95, "{r}");
    assert_eq!(r["selected"], true, "{r}");
    assert!(r["zoom"].as_f64().is_some_and(|z| z > 1.0), "zoomed: {r}");
    assert_eq!(r["download"]["state"], "completed", "{r}");

    let saved = downloads.join("kodomo_r4.reportlab.corrections.json");
    let o = Command::new(bin)
        .args(["extract", "--corrections"])
        .arg(&saved)
        .arg(&pdf)
        .output()
        .expect("run extract");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let report: Value = serde_json::from_slice(&o.stdout).expect("report JSON");
    let rec = report["records"]
        .as_array()
        .expect("records")
        .iter()
        .find(|r| r["id"] == "p3-r3")
        .expect("p3-r3");
    let d = &rec["decision"];
    assert_eq!(d["value"], "end");
    assert_eq!(d["label"], "終了（確認）");
    assert_eq!(d["resolved_by"], "review");
    assert_eq!(d["machine"]["value"], "unmarked");
    let stale = report["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .filter(|w| w["code"] == "stale_correction")
        .count();
    assert_eq!(stale, 0);
}
