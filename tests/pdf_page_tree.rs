//! The page tree as the patched hayro-syntax reads it (vendor/hayro-syntax,
//! PATCHES.md): a page reached through a reference reads its dictionary and
//! resources again when it is used, a page written directly in /Kids keeps
//! its own, and resources inherited from a /Pages node still reach the page.

use shinchoku::pdf::{ReadOptions, read};

/// A PDF from numbered object bodies, with a correct xref table.
fn pdf(objects: &[&str]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn stream(content: &str) -> String {
    format!(
        "<< /Length {} >>\nstream\n{content}\nendstream",
        content.len()
    )
}

#[test]
fn pages_by_reference_directly_and_inherited_read_their_text() {
    let font = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";
    let shown = |s: &str| stream(&format!("BT /F1 12 Tf 72 700 Td ({s}) Tj ET"));
    let bytes = pdf(&[
        // 1: catalog
        "<< /Type /Catalog /Pages 2 0 R >>",
        // 2: root node: a page by reference, a page written in place, and a
        // node whose page inherits its resources.
        "<< /Type /Pages /Count 3 /MediaBox [0 0 595 842] /Kids [3 0 R \
         << /Type /Page /Parent 2 0 R /Resources << /Font << /F1 6 0 R >> >> /Contents 5 0 R >> \
         7 0 R] >>",
        // 3: page one
        "<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 6 0 R >> >> /Contents 4 0 R >>",
        &shown("One"),
        &shown("Two"),
        font,
        // 7: a node carrying the resources of the page below it
        "<< /Type /Pages /Parent 2 0 R /Count 1 /Resources << /Font << /F1 6 0 R >> >> /Kids [8 0 R] >>",
        "<< /Type /Page /Parent 7 0 R /Contents 9 0 R >>",
        &shown("Three"),
    ]);
    let doc = read(&bytes, &ReadOptions::default()).expect("the file reads");
    let texts: Vec<String> = doc
        .pages
        .iter()
        .map(|p| p.glyphs.iter().map(|g| g.text.as_str()).collect())
        .collect();
    assert_eq!(texts, ["One", "Two", "Three"]);
    // The same again one page at a time: each page is read afresh.
    for (n, want) in [(2, "Two"), (3, "Three"), (1, "One")] {
        let opts = ReadOptions {
            page: Some(n),
            ..ReadOptions::default()
        };
        let doc = read(&bytes, &opts).expect("the page reads");
        let got: String = doc
            .pages
            .iter()
            .flat_map(|p| p.glyphs.iter().map(|g| g.text.as_str()))
            .collect();
        assert_eq!(got, want, "page {n}");
    }
}
