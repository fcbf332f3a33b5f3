//! `shinchoku normalize`: shows how a text's dates, counts and pages are read.

use super::args::NormalizeArgs;
use crate::normalize::{self, Context};

/// Runs `normalize`; prints the JSON on stdout and returns the exit status.
pub fn run(args: &NormalizeArgs) -> i32 {
    let mut ctx = Context::new();
    let mut warnings = Vec::new();
    if let Some(fy) = args.fiscal_year {
        ctx = ctx.with_fiscal_year(fy);
    }
    if let Some(p) = &args.period {
        match normalize::parse_period_in(p, &ctx) {
            Some(period) => {
                // Both given and at odds: say so; the printed period wins, as
                // it does in `extract`.
                if let (Some(fy), Some(pfy)) = (args.fiscal_year, period.fiscal_year)
                    && fy != pfy
                {
                    let message = format!(
                        "--fiscal-year {fy} disagrees with --period {p:?} (fiscal year {pfy}); \
                         dates are placed in the period's fiscal year {pfy}"
                    );
                    eprintln!("shinchoku: warning: {message}");
                    warnings.push(serde_json::json!({
                        "code": "fiscal_year_disagrees",
                        "message": message,
                    }));
                }
                ctx = ctx.with_period(period)
            }
            None => {
                eprintln!("shinchoku: --period {p:?} is not a period this tool can read");
                return 2;
            }
        }
    }
    let out = serde_json::json!({
        "dates": normalize::find_dates(&args.text, &ctx),
        "counts": normalize::find_counts(&args.text),
        "plan_pages": normalize::plan_pages(&args.text),
        "events": normalize::events(&args.text, &ctx),
        "warnings": warnings,
    });
    match serde_json::to_string_pretty(&out) {
        Ok(s) => {
            use std::io::Write;
            // A closed pipe (| head) is not an error worth a panic.
            let _ = writeln!(std::io::stdout().lock(), "{s}");
            0
        }
        Err(e) => {
            eprintln!("shinchoku: internal: {e}");
            1
        }
    }
}
