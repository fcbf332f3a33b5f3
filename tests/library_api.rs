//! The library as another Rust program uses it: one `Report` type that
//! serializes and reads back, the file name set through `Options`, stable
//! record ids, and a build without the command line's crates.

use shinchoku::extract::{Options, extract};

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/samples/{name}", env!("CARGO_MANIFEST_DIR"))).expect("sample")
}

#[test]
fn report_reads_back_as_the_same_value() {
    for name in [
        "kodomo_r4.calc.pdf",
        "sodan_r5.writer.pdf",
        "long_r5.reportlab.pdf",
    ] {
        let r = extract(&sample(name), &Options::default()).expect("extracts");
        let json = serde_json::to_string(&r).expect("serializes");
        let back: shinchoku::Report = serde_json::from_str(&json).expect("deserializes");
        // the JSON is the contract: what is read back writes the same bytes
        assert!(
            serde_json::to_string(&back).expect("again") == json,
            "{name}: JSON differs after a round trip"
        );
    }
}

#[test]
fn options_set_the_file_name() {
    let opts = Options {
        file_name: Some("r4.pdf".into()),
        ..Options::default()
    };
    let r = extract(&sample("kodomo_r4.calc.pdf"), &opts).expect("extracts");
    assert_eq!(r.source.file, "r4.pdf");
}

#[test]
fn records_have_stable_ids_and_an_overall_index() {
    let bytes = sample("long_r5.calc.pdf");
    let a = extract(&bytes, &Options::default()).expect("extracts");
    let b = extract(&bytes, &Options::default()).expect("extracts");
    for (i, (x, y)) in a.records.iter().zip(&b.records).enumerate() {
        assert_eq!(x.index, i);
        assert_eq!(x.id, format!("p{}-r{}", x.page, x.row));
        assert_eq!(x.id, y.id);
    }
    let mut ids: Vec<&str> = a.records.iter().map(|r| r.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), a.records.len(), "ids are unique");
}

#[test]
fn compare_reads_the_extractors_report() {
    let r4 = extract(&sample("kodomo_r4.calc.pdf"), &Options::default()).expect("r4");
    let r5 = extract(&sample("kodomo_r5.calc.pdf"), &Options::default()).expect("r5");
    let p = std::path::Path::new;
    let c = shinchoku::compare::compare(
        vec![
            shinchoku::compare::ComparedReport::from_report(&r4, p("r4")),
            shinchoku::compare::ComparedReport::from_report(&r5, p("r5")),
        ],
        &shinchoku::compare::Options::default(),
    )
    .expect("compares");
    assert_eq!(c.steps[0].matched.len(), 13);
}

/// The crates `cargo tree` lists for the package's normal dependencies,
/// with the given extra flags.
fn dependency_tree(extra: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "tree",
            "--locked",
            "--offline",
            "--edges",
            "normal",
            "--prefix",
            "none",
        ])
        .args(extra)
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `default-features = false` builds the pipeline alone: clap, indicatif
/// and the other command-line crates are not in its dependency tree (and
/// `.ci/run` compiles the library that way).
#[test]
fn library_builds_without_the_cli_crates() {
    let lib = dependency_tree(&["--no-default-features"]);
    // The allocators too: only the binary sets one (src/main.rs).
    for krate in [
        "clap ",
        "clap_complete ",
        "clap_mangen ",
        "indicatif ",
        "tikv-jemallocator ",
    ] {
        assert!(
            !lib.lines().any(|l| l.starts_with(krate)),
            "{krate}is in the library's tree"
        );
    }
    let full = dependency_tree(&[]);
    assert!(full.lines().any(|l| l.starts_with("clap ")));
    assert!(full.lines().any(|l| l.starts_with("tikv-jemallocator ")));
}
