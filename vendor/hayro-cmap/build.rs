//! Decompresses the embedded CMap bundle at build time (shinchoku's patch,
//! see PATCHES.md): the library then maps it from the binary instead of
//! decompressing 250 KB of brotli in every process that meets a
//! predefined CMap.

use std::path::PathBuf;

fn main() {
    println!("cargo::rerun-if-changed=assets/cmaps.brotli");
    println!("cargo::rerun-if-changed=build.rs");
    if std::env::var_os("CARGO_FEATURE_EMBED_CMAPS").is_none() {
        return;
    }
    decompress();
}

#[cfg(feature = "embed-cmaps")]
fn decompress() {
    let compressed = std::fs::read("assets/cmaps.brotli").expect("assets/cmaps.brotli");
    let mut data = Vec::new();
    brotli::BrotliDecompress(&mut compressed.as_slice(), &mut data)
        .expect("assets/cmaps.brotli is a valid brotli stream");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR")).join("cmaps.bin");
    std::fs::write(out, data).expect("write OUT_DIR/cmaps.bin");
}

#[cfg(not(feature = "embed-cmaps"))]
fn decompress() {}
