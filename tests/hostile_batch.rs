//! Batches under attack: names that collide, a run killed mid-way, folder
//! entries that cannot be read, a reader that closes the pipe, re-runs with
//! other options, bombs among good files under a memory limit, the umask.

mod common;

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_shinchoku"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample(name: &str) -> PathBuf {
    root().join("samples").join(name)
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("shinchoku runs")
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("shinchoku-hb-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch dir");
    d
}

fn put(dir: &Path, rel: &str, from: &str) {
    let to = dir.join(rel);
    std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
    std::fs::copy(sample(from), to).expect("copy sample");
}

/// A scratch input folder holding samples under the given names, and an
/// empty output folder beside it.
fn folder_with(name: &str, files: &[(&str, &str)]) -> (PathBuf, PathBuf) {
    let input = scratch(&format!("{name}-in"));
    for (rel, from) in files {
        put(&input, rel, from);
    }
    (input, scratch(&format!("{name}-out")))
}

/// `extract INPUT --out OUT`.
fn extract_to(input: &Path, out: &Path) -> Output {
    run(bin().arg("extract").arg(input).arg("--out").arg(out))
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap_or_else(|e| panic!("{path:?}: {e}")))
        .unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

/// Every `*.json` under `dir` but `_errors.json`, by relative path.
fn outputs(dir: &Path) -> Vec<(String, Value)> {
    let mut v = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("ls").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "json") {
                let rel = p
                    .strip_prefix(dir)
                    .expect("under")
                    .to_string_lossy()
                    .into_owned();
                if rel != "_errors.json" {
                    v.push((rel, json(&p)));
                }
            }
        }
    }
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

fn temps_in(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.to_string_lossy().ends_with(".shinchoku-tmp") {
                found.push(p);
            }
        }
    }
    found
}

#[test]
fn an_input_named_errors_never_overwrites_the_error_list() {
    let (input, out) = folder_with(
        "errors",
        &[
            ("_errors.pdf", "kodomo_r4.calc.pdf"),
            ("x.pdf", "sodan_r5.writer.pdf"),
        ],
    );
    let r = extract_to(&input, &out);
    assert_eq!(r.status.code(), Some(0), "{r:?}");
    assert!(String::from_utf8_lossy(&r.stderr).contains("2 files: all converted"));
    assert_eq!(json(&out.join("_errors.json")), Value::Array(vec![]));
    let outs = outputs(&out);
    assert_eq!(
        outs.len(),
        2,
        "{:?}",
        outs.iter().map(|o| &o.0).collect::<Vec<_>>()
    );
    let errors_report = outs
        .iter()
        .find(|(_, v)| v["source"]["path"] == "_errors.pdf")
        .expect("the report of _errors.pdf is written");
    assert_eq!(errors_report.1["body"], "こども連絡会");
}

#[test]
fn the_hashed_name_of_one_file_never_takes_another_files_name() {
    // b/r4.pdf's hashed name is r4-811fb139: a file already has it.
    let (input, out) = folder_with(
        "triple",
        &[
            ("a/r4.pdf", "kodomo_r4.calc.pdf"),
            ("a/r4-811fb139.pdf", "sodan_r5.writer.pdf"),
            ("b/r4.pdf", "long_r5.reportlab.pdf"),
        ],
    );
    let r = run(bin()
        .current_dir(&input)
        .args([
            "extract",
            "a/r4.pdf",
            "a/r4-811fb139.pdf",
            "b/r4.pdf",
            "--out",
        ])
        .arg(&out));
    assert_eq!(r.status.code(), Some(0), "{r:?}");
    let outs = outputs(&out);
    assert_eq!(
        outs.len(),
        3,
        "{:?}",
        outs.iter().map(|o| &o.0).collect::<Vec<_>>()
    );
    let mut shas: Vec<String> = outs
        .iter()
        .map(|(_, v)| v["source"]["sha256"].as_str().unwrap_or("").to_string())
        .collect();
    shas.sort();
    shas.dedup();
    assert_eq!(shas.len(), 3, "one report overwrote another");
}

#[test]
fn outputs_mirror_the_input_folders_and_name_the_path() {
    let (input, out) = folder_with(
        "mirror",
        &[
            ("2022/report.pdf", "kodomo_r4.calc.pdf"),
            ("2023/report.pdf", "kodomo_r5.calc.pdf"),
        ],
    );
    let r = extract_to(&input, &out);
    assert_eq!(r.status.code(), Some(0), "{r:?}");
    for year in ["2022", "2023"] {
        let v = json(&out.join(year).join("report.json"));
        assert_eq!(v["source"]["file"], "report.pdf");
        assert_eq!(v["source"]["path"], format!("{year}/report.pdf"));
    }
}

#[test]
fn a_killed_run_leaves_whole_files_and_a_rerun_equals_a_fresh_run() {
    let input = scratch("kill-in");
    let mut names: Vec<String> = common::pdfs_in(&root().join("samples"))
        .iter()
        .map(|p| common::name(p))
        .collect();
    names.sort();
    for n in &names {
        put(&input, n, n);
    }
    let batch = |dir: &Path| {
        let mut c = bin();
        c.args(["extract", "--quiet", "--jobs", "1"])
            .arg(&input)
            .arg("--out")
            .arg(dir.join("out"))
            .arg("--csv")
            .arg(dir.join("all.csv"))
            .arg("--jsonl")
            .arg(dir.join("all.jsonl"));
        c
    };
    let fresh = scratch("kill-fresh");
    let r = run(&mut batch(&fresh));
    assert_eq!(r.status.code(), Some(1), "the scans fail: {r:?}");
    let good_csv = std::fs::read(fresh.join("all.csv")).expect("csv");
    let good_jsonl = std::fs::read(fresh.join("all.jsonl")).expect("jsonl");

    // A previous good run's files are in place when the next run is killed.
    let resumed = scratch("kill-resumed");
    std::fs::write(resumed.join("all.csv"), &good_csv).expect("w");
    std::fs::write(resumed.join("all.jsonl"), &good_jsonl).expect("w");
    let mut child = batch(&resumed)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let deadline = Instant::now() + Duration::from_secs(120);
    let out_dir = resumed.join("out");
    loop {
        let done = std::fs::read_dir(&out_dir)
            .map(|rd| {
                rd.flatten()
                    .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
                    .count()
            })
            .unwrap_or(0);
        if done >= 3 || Instant::now() > deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    let done = outputs(&out_dir).len();
    eprintln!("killed after {done} of {} files", names.len());
    assert!(done < names.len(), "the run finished before it was killed");
    assert_eq!(
        std::fs::read(resumed.join("all.csv")).expect("csv"),
        good_csv
    );
    assert_eq!(
        std::fs::read(resumed.join("all.jsonl")).expect("jsonl"),
        good_jsonl
    );

    let r = run(&mut batch(&resumed));
    assert_eq!(r.status.code(), Some(1), "{r:?}");
    assert_eq!(
        std::fs::read(resumed.join("all.csv")).expect("csv"),
        good_csv,
        "CSV differs"
    );
    assert_eq!(
        std::fs::read(resumed.join("all.jsonl")).expect("jsonl"),
        good_jsonl,
        "JSON lines differ"
    );
    assert_eq!(outputs(&resumed.join("out")), outputs(&fresh.join("out")));
    // Wait for the killed run's workers (they die with it) before sweeping.
    assert!(temps_in(&resumed).is_empty(), "{:?}", temps_in(&resumed));
}

#[cfg(unix)]
#[test]
fn folder_entries_that_cannot_be_read_are_listed_as_skipped() {
    use std::os::unix::fs::symlink;
    let (input, out) = folder_with("skip", &[("good.pdf", "kodomo_r4.calc.pdf")]);
    symlink(input.join("nowhere.pdf"), input.join("dangling.pdf")).expect("symlink");
    symlink(input.join("self.pdf"), input.join("self.pdf")).expect("symlink");
    symlink(&input, input.join("loop")).expect("symlink");
    let fifo =
        std::ffi::CString::new(input.join("pipe.pdf").to_string_lossy().as_bytes()).expect("path");
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0, "mkfifo");
    let r = extract_to(&input, &out);
    assert_eq!(r.status.code(), Some(1), "{r:?}");
    let stderr = String::from_utf8_lossy(&r.stderr);
    let errors = json(&out.join("_errors.json"));
    let skipped: Vec<String> = errors
        .as_array()
        .expect("list")
        .iter()
        .filter(|e| e["code"] == "skipped")
        .map(|e| {
            let f = e["file"].as_str().unwrap_or("");
            f.rsplit('/').next().unwrap_or(f).to_string()
        })
        .collect();
    for name in ["dangling.pdf", "self.pdf", "loop", "pipe.pdf"] {
        assert!(skipped.iter().any(|s| s == name), "{name} not in {errors}");
        assert!(stderr.contains(name), "{name} not on stderr: {stderr}");
    }
    assert_eq!(json(&out.join("good.json"))["body"], "こども連絡会");
}

#[cfg(target_os = "linux")]
#[test]
fn an_unreadable_file_is_unreadable_not_not_pdf() {
    let input = scratch("unreadable");
    // Reading /proc/self/mem from offset 0 fails with EIO, even as root.
    std::os::unix::fs::symlink("/proc/self/mem", input.join("io.pdf")).expect("symlink");
    let r = run(bin().arg("extract").arg(input.join("io.pdf")));
    assert_eq!(r.status.code(), Some(1), "{r:?}");
    let v: Value = serde_json::from_slice(&r.stdout).expect("error JSON");
    assert_eq!(v["error"]["code"], "unreadable");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("io.pdf"),
        "{v}"
    );
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        use std::os::unix::fs::PermissionsExt;
        let locked = input.join("locked.pdf");
        std::fs::copy(sample("kodomo_r4.calc.pdf"), &locked).expect("copy");
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
        let r = run(bin().arg("extract").arg(&locked));
        let v: Value = serde_json::from_slice(&r.stdout).expect("error JSON");
        assert_eq!(v["error"]["code"], "unreadable");
    } else {
        eprintln!("running as root: mode 000 is readable, checked /proc/self/mem only");
    }
}

#[test]
fn a_closed_stdout_ends_the_run_quietly_with_exit_1() {
    let mut child = bin()
        .args(["extract", "--jsonl", "-", "--jobs", "1"])
        .arg(root().join("samples"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let mut first = String::new();
    BufReader::new(stdout)
        .read_line(&mut first)
        .expect("one line");
    assert!(first.starts_with('{'));
    // The reader is gone (`| head -1`).
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.to_lowercase().contains("broken pipe"), "{stderr}");
    assert!(stderr.lines().count() <= 3, "{stderr}");
}

#[test]
fn reruns_redo_files_whose_options_changed_and_never_keep_an_error() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let input = scratch("rerun-in");
    let out = scratch("rerun-out");
    std::fs::copy(
        corpus.join("synthetic/enc_aes256_userpw_lo_writer.pdf"),
        input.join("locked.pdf"),
    )
    .expect("copy");
    let locked = input.join("locked.pdf");
    let go = |extra: &[&str]| {
        run(bin()
            .arg("extract")
            .arg(&locked)
            .arg("--out")
            .arg(&out)
            .args(extra))
    };
    let first = go(&[]);
    assert_eq!(json(&out.join("locked.json"))["error"]["code"], "encrypted");
    assert!(String::from_utf8_lossy(&first.stderr).contains("1 file: failed"));
    let again = go(&["--password", "user"]);
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("1 file: "),
        "{again:?}"
    );
    let v = json(&out.join("locked.json"));
    assert_ne!(v["error"]["code"], "encrypted", "{v}");
    assert_eq!(v["source"]["produced_with"]["password"], true);

    let one = sample("noperiod_r4.calc.pdf");
    let plain = if one.exists() {
        one
    } else {
        sample("kodomo_r4.calc.pdf")
    };
    let dir = scratch("rerun-fy");
    let r = run(bin().arg("extract").arg(&plain).arg("--out").arg(&dir));
    assert!(
        String::from_utf8_lossy(&r.stderr).contains("1 file: converted"),
        "{r:?}"
    );
    let r = run(bin().arg("extract").arg(&plain).arg("--out").arg(&dir));
    assert!(
        String::from_utf8_lossy(&r.stderr).contains("1 file: up to date"),
        "{r:?}"
    );
    let r = run(bin()
        .arg("extract")
        .arg(&plain)
        .arg("--out")
        .arg(&dir)
        .args(["--fiscal-year", "2019"]));
    assert!(
        String::from_utf8_lossy(&r.stderr).contains("1 file: converted"),
        "{r:?}"
    );
    let stem = plain
        .file_stem()
        .expect("stem")
        .to_string_lossy()
        .into_owned();
    assert_eq!(
        json(&dir.join(format!("{stem}.json")))["source"]["produced_with"]["fiscal_year"],
        2019
    );
}

#[cfg(unix)]
#[test]
fn bombs_among_samples_under_a_memory_limit_cost_only_themselves() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let samples = common::pdfs_in(&root().join("samples"));
    let bombs: Vec<PathBuf> = [
        "bomb_content_8g.pdf",
        "bomb_tounicode_2g.pdf",
        "w_range_u32max.pdf",
        "grid_6000x6000.pdf",
    ]
    .iter()
    .map(|b| corpus.join("hostile/pdf").join(b))
    .collect();
    let reference = scratch("bombs-ref");
    let r = run(bin()
        .args(["extract", "--quiet", "--out"])
        .arg(&reference)
        .args(&samples));
    assert!(matches!(r.status.code(), Some(0 | 1)), "{r:?}");
    let limited = scratch("bombs-limited");
    // The whole batch under `ulimit -v` (3 GiB), each worker under 1 GiB.
    let r = run(Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 3145728 && exec \"$@\"")
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_shinchoku"))
        .args([
            "extract",
            "--quiet",
            "--jobs",
            "2",
            "--timeout",
            "30",
            "--max-memory",
            "1G",
            "--out",
        ])
        .arg(&limited)
        .args(&samples)
        .args(&bombs));
    assert_eq!(r.status.code(), Some(1), "{r:?}");
    for s in &samples {
        let stem = s.file_stem().expect("stem").to_string_lossy().into_owned();
        let a = json(&reference.join(format!("{stem}.json")));
        let b = json(&limited.join(format!("{stem}.json")));
        assert_eq!(a, b, "{stem} differs under the limit");
    }
    let errors = json(&limited.join("_errors.json"));
    for b in &bombs {
        let stem = b.file_stem().expect("stem").to_string_lossy().into_owned();
        let v = json(&limited.join(format!("{stem}.json")));
        let code = v
            .pointer("/error/code")
            .and_then(Value::as_str)
            .unwrap_or("");
        eprintln!(
            "{stem}: {}",
            if code.is_empty() { "converted" } else { code }
        );
        assert_ne!(code, "internal", "{v}");
        if !code.is_empty() {
            assert!(
                errors.to_string().contains(&format!("{stem}.pdf")),
                "{errors}"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn outputs_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("umask");
    let input = scratch("umask-in");
    put(&input, "sub/a.pdf", "kodomo_r4.calc.pdf");
    let r = run(Command::new("sh")
        .arg("-c")
        .arg("umask 027 && exec \"$@\"")
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_shinchoku"))
        .args(["extract", "--quiet"])
        .arg(&input)
        .arg("--out")
        .arg(dir.join("out"))
        .arg("--csv")
        .arg(dir.join("all.csv"))
        .arg("--jsonl")
        .arg(dir.join("all.jsonl")));
    assert_eq!(r.status.code(), Some(0), "{r:?}");
    let mode = |p: PathBuf| std::fs::metadata(&p).expect("exists").permissions().mode() & 0o777;
    assert_eq!(mode(dir.join("out/sub/a.json")), 0o640);
    assert_eq!(mode(dir.join("out/_errors.json")), 0o640);
    assert_eq!(mode(dir.join("all.csv")), 0o640);
    assert_eq!(mode(dir.join("all.jsonl")), 0o640);
    assert_eq!(mode(dir.join("out/sub")), 0o750);
}

#[test]
fn dash_reads_stdin_and_csv_dash_writes_stdout() {
    let file = std::fs::File::open(sample("kodomo_r4.calc.pdf")).expect("open");
    let r = run(bin().args(["extract", "-"]).stdin(file));
    assert_eq!(r.status.code(), Some(0), "{r:?}");
    let v: Value = serde_json::from_slice(&r.stdout).expect("JSON");
    assert_eq!(v["source"]["file"], "-");
    assert_eq!(v["body"], "こども連絡会");

    let r = run(bin()
        .args(["extract", "--quiet", "--csv", "-"])
        .arg(sample("kodomo_r4.calc.pdf")));
    assert_eq!(r.status.code(), Some(0), "{r:?}");
    assert!(r.stdout.starts_with("\u{FEFF}file,".as_bytes()));
    assert!(!Path::new("-").exists(), "a file named '-' was written");
}

#[test]
fn io_errors_name_their_path_and_absurd_jobs_are_capped() {
    let r = run(bin()
        .args(["extract", "--jsonl", "/nonexistent-dir/x.jsonl"])
        .arg(sample("kodomo_r4.calc.pdf")));
    assert_eq!(r.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&r.stderr).contains("/nonexistent-dir/x.jsonl"),
        "{r:?}"
    );
    let dir = scratch("io");
    let file = dir.join("plain-file");
    std::fs::write(&file, "x").expect("w");
    let r = run(bin()
        .args(["extract", "--out"])
        .arg(&file)
        .arg(sample("kodomo_r4.calc.pdf")));
    assert_eq!(r.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&r.stderr).contains("plain-file"),
        "{r:?}"
    );

    let r = run(bin()
        .args(["extract", "--quiet", "--jobs", "100000", "--out"])
        .arg(dir.join("out"))
        .arg(sample("kodomo_r4.calc.pdf")));
    assert_eq!(r.status.code(), Some(0), "{r:?}");
    assert!(
        String::from_utf8_lossy(&r.stderr).contains("--jobs 100000"),
        "{r:?}"
    );
}
