//! `shinchoku compare`: reads the inputs, runs [`crate::compare::compare`],
//! prints JSON, Markdown or CSV on stdout and warnings on stderr.

use std::io::{IsTerminal, Write};
use std::path::Path;

use super::args::{CompareArgs, CompareFormat};
use crate::compare::{self, CompareError, Options, Report};

/// Runs the command; returns the exit status (0 ok, 1 input error, 2 usage).
pub fn run(args: &CompareArgs) -> i32 {
    if args.format == CompareFormat::Xlsx && std::io::stdout().is_terminal() {
        eprintln!(
            "shinchoku compare: --format xlsx writes a binary file; redirect stdout (> result.xlsx)"
        );
        return 2;
    }
    match compare_files(args) {
        Ok(bytes) => {
            let mut out = std::io::stdout().lock();
            // a closed pipe (`| head`) is not an error of the comparison
            let _ = out.write_all(&bytes).and_then(|_| out.flush());
            0
        }
        Err(e) => {
            eprintln!("shinchoku compare: {e}");
            e.exit_code()
        }
    }
}

/// Does the whole job and returns what goes to stdout.
fn compare_files(args: &CompareArgs) -> Result<Vec<u8>, CompareError> {
    let opts = Options {
        threshold: args.threshold,
        force: args.force,
    };
    let result = match (&args.sqlite, &args.body) {
        (Some(db), Some(body)) => crate::output::sqlite::compare_body(db, body, &opts)
            .map_err(|e| CompareError::Archive(e.to_string()))?,
        _ => {
            let reports = args
                .files
                .iter()
                .map(|p| load(p))
                .collect::<Result<Vec<_>, _>>()?;
            compare::compare(reports, &opts)?
        }
    };
    for w in &result.warnings {
        eprintln!("shinchoku compare: warning: {}", w.message);
    }
    let bytes = match args.format {
        CompareFormat::Json => {
            let mut s = serde_json::to_string_pretty(&result)
                .map_err(|e| CompareError::Output(format!("JSON: {e}")))?;
            s.push('\n');
            s.into_bytes()
        }
        CompareFormat::Md => compare::render_md::render(&result).into_bytes(),
        CompareFormat::Csv => compare::render_csv::render(&result)
            .map_err(|e| CompareError::Output(format!("CSV: {e}")))?,
        CompareFormat::Xlsx => compare::render_xlsx::render(&result)
            .map_err(|e| CompareError::Output(format!("xlsx: {e}")))?,
    };
    Ok(bytes)
}

/// Reads one input: a report JSON, or a PDF which is extracted first.
pub fn load(path: &Path) -> Result<Report, CompareError> {
    let bytes = std::fs::read(path).map_err(|source| CompareError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let value = if is_pdf(path, &bytes) {
        extract_pdf(path, &bytes)?
    } else {
        // tolerate a BOM: reports saved by hand through Windows editors carry one
        let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        serde_json::from_slice(text).map_err(|source| CompareError::NotJson {
            path: path.to_path_buf(),
            source,
        })?
    };
    compare::report_from_value(&value, path)
}

/// By content first: a PDF renamed to .json is still a PDF.
fn is_pdf(path: &Path, bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF-")
        || path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

/// Extracts a PDF into report JSON. The extraction stage is not part of this
/// build yet, so this says so instead of guessing.
fn extract_pdf(path: &Path, bytes: &[u8]) -> Result<serde_json::Value, CompareError> {
    let opts = crate::extract::Options::default();
    let mut json = super::guarded(|| crate::extract::extract_json(bytes, &opts)).map_err(|e| {
        CompareError::Extract {
            path: path.to_path_buf(),
            message: e.to_string(),
        }
    })?;
    if let Some(src) = json
        .get_mut("source")
        .and_then(serde_json::Value::as_object_mut)
    {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        src.insert("file".into(), name.unwrap_or_default().into());
    }
    Ok(json)
}
