//! The floor under shinchoku's CPU time per page: what hayro alone costs on
//! a file, stage by stage, so that the figures of `extract` can be read
//! against it (README, "Lean and streaming", Floor).
//!
//!     cargo run --release --example hayro_floor -- STAGE FILE.pdf [ROUNDS]
//!
//! STAGE is one of
//! - `open`: hayro-syntax opens the file and lists its pages;
//! - `ops`: and decodes and tokenizes every page's content stream;
//! - `interpret`: hayro-interpret runs every page into a device that
//!   does nothing (hayro's `DummyDevice`);
//! - `read`: shinchoku's PDF layer (limits, fonts, Unicode, the glyph and
//!   path collector), pages dropped as they come;
//!
//! and prints the process's CPU time (user + system) per page of the
//! best of ROUNDS rounds (default 1). Pin it to one core with `taskset -c 0`
//! to compare with `pdftotext -layout`.

use hayro_interpret::kurbo;
use hayro_interpret::{
    Context, DummyDevice, InterpreterCache, InterpreterSettings, TransformExt, interpret_page,
};
use hayro_syntax::Pdf;
use std::process::ExitCode;

/// User + system CPU seconds of this process so far.
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let ru = unsafe {
        let mut ru: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut ru);
        ru
    };
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    tv(ru.ru_utime) + tv(ru.ru_stime)
}

/// Runs `stage` over `bytes` once; returns the number of pages and a count
/// that keeps the work from being optimized away.
fn run(stage: &str, bytes: &[u8]) -> Result<(usize, usize), String> {
    if stage == "read" {
        let mut n = 0usize;
        let mut glyphs = 0usize;
        shinchoku::pdf::read_with(bytes, &Default::default(), &mut |p| {
            n += 1;
            glyphs += p.glyphs.len();
            Ok(())
        })
        .map_err(|e| e.to_string())?;
        return Ok((n, glyphs));
    }
    let pdf = Pdf::new(bytes.to_vec()).map_err(|e| format!("{e:?}"))?;
    let pages = pdf.pages();
    let mut count = 0usize;
    match stage {
        "open" => count = pages.len(),
        "ops" => {
            for page in pages.iter() {
                let mut ops = page.operations();
                while ops.next().is_some() {
                    count += 1;
                }
            }
        }
        "interpret" => {
            let cache = InterpreterCache::new();
            let settings = InterpreterSettings::default();
            for page in pages.iter() {
                let (w, h) = page.render_dimensions();
                let mut ctx = Context::new(
                    page.initial_transform(true).to_kurbo(),
                    kurbo::Rect::new(0.0, 0.0, f64::from(w), f64::from(h)),
                    &cache,
                    pdf.xref(),
                    settings.clone(),
                );
                interpret_page(page, &mut ctx, &mut DummyDevice);
                count += 1;
            }
        }
        other => {
            return Err(format!(
                "unknown stage {other}: open, ops, interpret or read"
            ));
        }
    }
    Ok((pages.len(), count))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(stage), Some(path)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: hayro_floor open|ops|interpret|read FILE.pdf [ROUNDS]");
        return ExitCode::from(2);
    };
    let rounds: usize = args.get(3).and_then(|r| r.parse().ok()).unwrap_or(1);
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    let mut best = f64::INFINITY;
    let mut pages = 0;
    for _ in 0..rounds.max(1) {
        let start = cpu_seconds();
        match run(stage, &bytes) {
            Ok((n, _)) => pages = n,
            Err(e) => {
                eprintln!("{path}: {e}");
                return ExitCode::FAILURE;
            }
        }
        best = best.min(cpu_seconds() - start);
    }
    println!(
        "{stage}: {pages} pages, {:.3} s CPU, {:.3} ms/page",
        best,
        best * 1000.0 / pages.max(1) as f64
    );
    ExitCode::SUCCESS
}
