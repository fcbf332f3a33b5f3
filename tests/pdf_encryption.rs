//! Passwords as other readers take them: for RC4 and AES-128 files
//! (security handler revisions 2 to 4) the owner password opens the file as
//! well as the user password does (PDF 32000-1 Algorithm 7; the vendored
//! hayro-syntax patch), and a wrong one is refused with `encrypted`.

mod common;

use shinchoku::ErrorCode;
use shinchoku::pdf::{self, ReadOptions};

fn text_with(bytes: &[u8], password: Option<&str>) -> Result<String, shinchoku::Error> {
    let doc = pdf::read(
        bytes,
        &ReadOptions {
            password: password.map(str::to_string),
            page: None,
        },
    )?;
    Ok(doc
        .pages
        .iter()
        .flat_map(|p| p.glyphs.iter().map(|g| g.text.as_str()))
        .collect())
}

#[test]
fn rc4_40_opens_with_user_or_owner_password() {
    let Some(dir) = common::corpus() else { return };
    let f = dir.join("real/enc_pdfminer_rc4_40_userpw_baz_ownerpw_foo.pdf");
    let bytes = std::fs::read(&f).expect("corpus file");
    assert_eq!(
        text_with(&bytes, Some("baz")).expect("user password"),
        "Secret!"
    );
    assert_eq!(
        text_with(&bytes, Some("foo")).expect("owner password"),
        "Secret!"
    );
    let e = text_with(&bytes, Some("wrong")).expect_err("a wrong password");
    assert_eq!(e.code, ErrorCode::Encrypted);
    let e = text_with(&bytes, None).expect_err("no password");
    assert_eq!(e.code, ErrorCode::Encrypted);
}

/// Revisions 2, 3 and 4 (40-bit RC4, 128-bit RC4, AES-128) made by qpdf
/// from a sample, each opened by its owner password.
#[test]
fn qpdf_owner_passwords_open_every_revision() {
    if std::process::Command::new("qpdf")
        .arg("--version")
        .output()
        .is_err()
    {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "qpdf is missing (scripts/setup.sh installs it)"
        );
        println!("skipped: qpdf not installed");
        return;
    }
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/kodomo_r4.calc.pdf");
    let plain = text_with(&std::fs::read(sample).expect("sample"), None).expect("plain");
    let dir = tempfile::tempdir().expect("temp dir");
    for (bits, extra) in [
        ("40", vec![]),
        ("128", vec!["--use-aes=n"]),
        ("128", vec!["--use-aes=y"]),
    ] {
        let out = dir.path().join(format!("enc-{bits}-{}.pdf", extra.len()));
        let mut args = vec!["--allow-weak-crypto", "--encrypt", "uu", "oo", bits];
        args.extend(extra.iter().copied());
        args.extend(["--", sample]);
        let st = std::process::Command::new("qpdf")
            .args(&args)
            .arg(&out)
            .status()
            .expect("qpdf runs");
        assert!(st.success(), "qpdf {args:?}");
        let bytes = std::fs::read(&out).expect("encrypted copy");
        for pw in ["uu", "oo"] {
            assert_eq!(
                text_with(&bytes, Some(pw))
                    .unwrap_or_else(|e| panic!("{bits} {extra:?} {pw}: {e}")),
                plain,
                "{bits} {extra:?} with {pw}"
            );
        }
        let e = text_with(&bytes, Some("xx")).expect_err("wrong password");
        assert_eq!(e.code, ErrorCode::Encrypted);
    }
}
