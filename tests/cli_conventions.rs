//! The command line's conventions, each a finding of the dependable-use
//! issue that failed before its fix: strict option values, usage errors
//! with exit 2 and a message naming the path, `-` for stdin, suggestions,
//! completions and a man page, Japanese warnings in Japanese output.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_shinchoku"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("the binary runs")
}

fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const SAMPLE: &str = "samples/kodomo_r4.calc.pdf";

#[test]
fn fiscal_year_takes_the_forms_staff_type() {
    for fy in ["2022", "R4", "令和4", "令和4年度", "Ｒ４"] {
        let o = run(&["normalize", "--fiscal-year", fy, "9月28日"]);
        assert_eq!(o.status.code(), Some(0), "{fy}: {}", err(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
        assert_eq!(v["dates"][0]["iso"], "2022-09-28", "{fy}");
    }
    let o = run(&["normalize", "--fiscal-year", "H30", "2/14"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["dates"][0]["iso"], "2019-02-14");
}

#[test]
fn fiscal_year_nonsense_is_a_usage_error() {
    for fy in ["5", "20222", "1800", "X4"] {
        for cmd in [
            vec!["normalize", "--fiscal-year", fy, "2/14"],
            vec!["extract", SAMPLE, "--fiscal-year", fy],
        ] {
            let o = run(&cmd);
            assert_eq!(o.status.code(), Some(2), "{cmd:?}: {}", err(&o));
            assert!(err(&o).contains("令和4年度"), "{cmd:?}: {}", err(&o));
            assert!(o.stdout.is_empty());
        }
    }
}

#[test]
fn normalize_says_when_fiscal_year_and_period_disagree() {
    let o = run(&[
        "normalize",
        "--fiscal-year",
        "2019",
        "--period",
        "R4年10月～R5年2月",
        "2/14",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["warnings"][0]["code"], "fiscal_year_disagrees");
    assert!(err(&o).contains("disagrees"), "{}", err(&o));
}

#[test]
fn dump_page_out_of_range_is_a_usage_error() {
    for page in ["0", "9"] {
        let o = run(&["dump", SAMPLE, "--page", page]);
        assert_eq!(o.status.code(), Some(2), "--page {page}: {}", err(&o));
        assert!(!err(&o).contains("damaged"), "{}", err(&o));
    }
}

#[test]
fn unreadable_inputs_name_their_path_and_exit_2_everywhere() {
    let o = run(&["dump", "samples"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("samples is a folder"), "{}", err(&o));
    for cmd in [
        vec!["dump", "no/such.pdf"],
        vec!["compare", "golden/kodomo_r4.calc.json", "no/such.pdf"],
        vec!["extract", "no/such.pdf"],
    ] {
        let o = run(&cmd);
        assert_eq!(o.status.code(), Some(2), "{cmd:?}: {}", err(&o));
        assert!(err(&o).contains("no/such.pdf"), "{cmd:?}: {}", err(&o));
    }
}

#[test]
fn dump_rounds_x_and_y_alike() {
    let o = run(&["dump", SAMPLE, "--page", "1"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let bbox = &v["pages"][0]["glyphs"][0]["bbox"];
    for k in ["x0", "y0", "x1", "y1"] {
        let x = bbox[k].as_f64().expect("number");
        assert!(
            ((x * 1000.0).round() - x * 1000.0).abs() < 1e-6,
            "{k} = {x}"
        );
    }
}

#[test]
fn dash_reads_stdin() {
    let pdf = std::fs::read(SAMPLE).expect("sample");
    let o = run_stdin(&["dump", "-", "--page", "1", "--format", "text"], &pdf);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("こども連絡会"));
    let json = std::fs::read("golden/kodomo_r5.calc.json").expect("golden");
    let o = run_stdin(
        &[
            "compare",
            "golden/kodomo_r4.calc.json",
            "-",
            "--format",
            "md",
        ],
        &json,
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
}

#[test]
fn misspelt_flags_get_a_suggestion() {
    let o = run(&["extract", SAMPLE, "--ouput", "x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("similar argument exists"), "{}", err(&o));
}

#[test]
fn completions_and_man_page() {
    let o = run(&["completions", "bash"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("shinchoku"));
    let o = run(&["man"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains(".TH shinchoku"));
}

#[test]
fn compare_markdown_warnings_are_japanese_with_their_code() {
    let o = run(&[
        "compare",
        "golden/kodomo_r4.calc.json",
        "golden/kodomo_r5.calc.json",
        "--format",
        "md",
    ]);
    let md = String::from_utf8_lossy(&o.stdout);
    let notes: Vec<&str> = md
        .lines()
        .filter(|l| l.contains("ended_item_reappears"))
        .collect();
    assert!(!notes.is_empty(), "{md}");
    for n in notes {
        assert!(n.contains("「終了」とされた項目"), "{n}");
        assert!(!n.contains("marked"), "{n}");
    }
    let o = run(&[
        "compare",
        "golden/kodomo_r4.calc.json",
        "golden/kodomo_r5.calc.json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let w = &v["warnings"][0];
    assert_eq!(w["code"], "ended_item_reappears");
    assert!(
        w["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("marked"))
    );
}
