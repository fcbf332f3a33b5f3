//! The table outputs an `extract` batch was asked for (`--xlsx`,
//! `--sqlite`; the CSV is a stream of the batch's own, like `--jsonl`),
//! opened before the batch starts so that a bad path fails at once rather
//! than after every file was converted.

use super::args::ExtractArgs;
use crate::output::sqlite::Archive;
use crate::output::xlsx::XlsxSink;
use crate::output::{FileSink, OutputError};

/// Opens every table output named on the command line.
pub fn sinks(args: &ExtractArgs) -> Result<Vec<Box<dyn FileSink>>, OutputError> {
    let mut out: Vec<Box<dyn FileSink>> = Vec::new();
    if let Some(p) = &args.xlsx {
        out.push(Box::new(XlsxSink::create(p.clone())?));
    }
    if let Some(p) = &args.sqlite {
        // what shaped the reports, recorded with each (never the password)
        let options = serde_json::json!({
            "fiscal_year": args.fiscal_year,
            "password": args.password.is_some(),
        });
        out.push(Box::new(Archive::open(p, &options, args.force)?));
    }
    Ok(out)
}
