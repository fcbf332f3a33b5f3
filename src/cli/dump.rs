//! `shinchoku dump`: the page model as JSON or as reading-order text.

use super::args::{DumpArgs, DumpFormat};
use super::input::{UNREADABLE_INPUT, read_input};
use super::report_error;
use crate::pdf::{self, ReadOptions, lines::text_lines};
use std::io::Write;

/// Runs `dump`; returns the exit status.
pub fn run(args: &DumpArgs) -> i32 {
    let bytes = match read_input(&args.file) {
        Ok(b) => b,
        Err(message) => {
            eprintln!("shinchoku: {message}");
            return UNREADABLE_INPUT;
        }
    };
    // A page the file does not have is a usage error, not damage.
    if let Some(n) = args.page {
        match pdf::page_count(&bytes, args.password.as_deref()) {
            Ok(count) if n > count => {
                eprintln!(
                    "shinchoku: --page {n}: {} has {count} page{}",
                    args.file.display(),
                    if count == 1 { "" } else { "s" }
                );
                return 2;
            }
            Ok(_) => {}
            Err(e) => return report_error(&args.file, &e),
        }
    }
    let opts = ReadOptions {
        password: args.password.clone(),
        page: args.page,
    };
    let doc = match super::guarded(|| pdf::read_pages(&bytes, &opts)) {
        Ok(d) => d,
        Err(e) => return report_error(&args.file, &e),
    };
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        DumpFormat::Json => serde_json::to_value(&doc)
            .and_then(|mut v| {
                round_points(&mut v);
                serde_json::to_string_pretty(&v)
            })
            .map_err(std::io::Error::other)
            .and_then(|s| writeln!(out, "{s}")),
        DumpFormat::Text => doc.pages.iter().try_for_each(|page| {
            writeln!(out, "--- page {} ---", page.number)?;
            text_lines(page)
                .iter()
                .try_for_each(|l| writeln!(out, "{}", l.text))
        }),
    };
    for w in &doc.warnings {
        eprintln!("shinchoku: warning: {w}");
    }
    match written {
        Ok(()) => 0,
        // A closed pipe (`| head`) is not a failure of the conversion.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("shinchoku: cannot write output: {e}");
            1
        }
    }
}

/// Rounds every coordinate to 3 decimals (a thousandth of a point), the
/// same for x and y: more digits only show float noise.
fn round_points(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Number(n) if n.is_f64() => {
            if let Some(r) = n
                .as_f64()
                .map(|x| (x * 1000.0).round() / 1000.0)
                .and_then(serde_json::Number::from_f64)
            {
                *n = r;
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(round_points),
        serde_json::Value::Object(o) => o.values_mut().for_each(round_points),
        _ => {}
    }
}
