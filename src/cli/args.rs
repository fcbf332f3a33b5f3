//! Argument definitions, kept apart so each command's file holds only its work.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// shinchoku: Japanese municipal progress reports (進捗状況) from PDF to JSON.
#[derive(Debug, Parser)]
#[command(name = "shinchoku", version, about)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands of CONTRACT.md.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Convert reports to JSON.
    Extract(ExtractArgs),
    /// Compare reports of consecutive years.
    Compare(CompareArgs),
    /// Print the page model (glyphs and paths) the extractor sees.
    Dump(DumpArgs),
    /// Show how a value (date, count, page reference) is read.
    Normalize(NormalizeArgs),
}

/// Output format of `dump`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum DumpFormat {
    /// The page model as JSON.
    Json,
    /// Text in reading order, one line per text line.
    Text,
}

/// `shinchoku dump`.
#[derive(Debug, Args)]
pub struct DumpArgs {
    /// The PDF to read.
    pub file: PathBuf,
    /// Only this page (1-based).
    #[arg(long)]
    pub page: Option<usize>,
    /// json or text.
    #[arg(long, value_enum, default_value = "json")]
    pub format: DumpFormat,
    /// User password for an encrypted file.
    #[arg(long)]
    pub password: Option<String>,
}

/// `shinchoku extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// PDF files or folders (read recursively).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Write one DIR/<stem>.json per PDF.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Write one report per line ('-' = stdout).
    #[arg(long)]
    pub jsonl: Option<PathBuf>,
    /// Fiscal year to use when no period is printed in the document.
    #[arg(long)]
    pub fiscal_year: Option<i32>,
    /// User password for encrypted files.
    #[arg(long)]
    pub password: Option<String>,
    /// OCR models directory for image-only scans (`--features ocr` builds);
    /// default $SHINCHOKU_MODELS, else ~/.local/share/shinchoku/models.
    #[arg(long)]
    pub models: Option<PathBuf>,
    /// Also write one CSV row per record (UTF-8 with BOM, for Excel).
    #[arg(long)]
    pub csv: Option<PathBuf>,
    /// Parallel jobs (default: all cores).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Per-file time limit in seconds.
    #[arg(long, default_value_t = 60)]
    pub timeout: u64,
    /// Redo files whose output is already up to date.
    #[arg(long)]
    pub force: bool,
    /// No progress bar and no summary line.
    #[arg(long)]
    pub quiet: bool,
}

/// Output format of `compare`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum CompareFormat {
    /// Machine-readable.
    Json,
    /// A Markdown table for people.
    Md,
    /// CSV with a BOM for Excel.
    Csv,
}

/// `shinchoku compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Report JSON files (or PDFs), two or more.
    #[arg(required = true, num_args = 2..)]
    pub files: Vec<PathBuf>,
    /// json, md or csv.
    #[arg(long, value_enum, default_value = "json")]
    pub format: CompareFormat,
    /// Compare reports even when they name different bodies.
    #[arg(long)]
    pub force: bool,
    /// Similarity (0..1) below which records count as added/removed.
    #[arg(long, default_value_t = crate::compare::DEFAULT_THRESHOLD, value_parser = parse_threshold)]
    pub threshold: f64,
}

/// A threshold must be a number in 0..=1; anything else is a usage error.
fn parse_threshold(s: &str) -> Result<f64, String> {
    let x: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    if (0.0..=1.0).contains(&x) {
        Ok(x)
    } else {
        Err(format!("{x} is outside 0..1"))
    }
}

/// `shinchoku normalize`.
#[derive(Debug, Args)]
pub struct NormalizeArgs {
    /// The text to read.
    pub text: String,
    /// The report's fiscal year (e.g. 2022 for R4).
    #[arg(long)]
    pub fiscal_year: Option<i32>,
    /// The report's period as printed (e.g. "R4年10月～R5年2月").
    #[arg(long)]
    pub period: Option<String>,
}
