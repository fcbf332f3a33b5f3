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
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print the man page (roff) on stdout: `shinchoku man > shinchoku.1`.
    Man,
    /// Serve conversion jobs on stdin (started by the tool itself, one per
    /// parallel job, under the memory limit).
    #[command(name = "internal-worker", hide = true)]
    Worker,
    /// Draw what was read over each page, list the rows to check, and
    /// write corrections for `extract --corrections`.
    Review(ReviewArgs),
}

/// `shinchoku completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `shinchoku review`.
#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// PDF files or folders (read recursively).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Write DIR/<stem>.html (page images in DIR/<stem>_pages/) and DIR/index.html.
    #[arg(long)]
    pub out: PathBuf,
    /// Fiscal year to use when no period is printed: 2022, R4, 令和4年度, H30 …
    #[arg(long, value_parser = parse_fiscal_year)]
    pub fiscal_year: Option<i32>,
    /// User password for encrypted files.
    #[arg(long)]
    pub password: Option<String>,
    /// Show the report with these corrections applied (file or folder).
    #[arg(long)]
    pub corrections: Option<PathBuf>,
    /// Decisions below this confidence are listed for a look.
    #[arg(long, default_value_t = crate::output::review::DEFAULT_LOW_CONFIDENCE, value_parser = parse_threshold)]
    pub low_confidence: f64,
    /// Resolution of the page images.
    #[arg(long, default_value_t = crate::output::review::DEFAULT_DPI)]
    pub dpi: f64,
    /// No summary line.
    #[arg(long)]
    pub quiet: bool,
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
    /// The PDF to read ('-' = standard input).
    pub file: PathBuf,
    /// Only this page (1-based).
    #[arg(long, value_parser = parse_page)]
    pub page: Option<usize>,
    /// json or text.
    #[arg(long, value_enum, default_value = "json")]
    pub format: DumpFormat,
    /// User password for an encrypted file.
    #[arg(long)]
    pub password: Option<String>,
    /// Time limit in seconds; a file over it fails with `timeout`.
    #[arg(long, default_value_t = 60)]
    pub timeout: u64,
    /// Memory (address space) limit: bytes, or with K, M, G; over it, `too_large`.
    #[arg(long, default_value = "2G", value_parser = parse_size)]
    pub max_memory: u64,
}

/// `shinchoku extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// PDF files or folders (read recursively); '-' reads standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Write one JSON per PDF under DIR, mirroring the input folders
    /// (reports/2022/r.pdf → DIR/2022/r.json), and DIR/_errors.json.
    #[arg(long, visible_alias = "output")]
    pub out: Option<PathBuf>,
    /// Write one report per line ('-' = stdout).
    #[arg(long)]
    pub jsonl: Option<PathBuf>,
    /// Fiscal year to use when no period is printed: 2022, R4, 令和4年度, H30 …
    #[arg(long, value_parser = parse_fiscal_year)]
    pub fiscal_year: Option<i32>,
    /// User password for encrypted files.
    #[arg(long)]
    pub password: Option<String>,
    /// OCR models directory for image-only scans (`--features ocr` builds);
    /// default $SHINCHOKU_MODELS, else ~/.local/share/shinchoku/models.
    #[arg(long)]
    pub models: Option<PathBuf>,
    /// Also write one CSV row per record and per failed file (UTF-8 with BOM, for Excel; '-' = stdout).
    #[arg(long)]
    pub csv: Option<PathBuf>,
    /// Language of the CSV headers and decision words (en for machines, ja for people).
    #[arg(long, value_enum, default_value = "en")]
    pub csv_lang: CsvLang,
    /// Also write an Excel workbook (記録, 実施, 表, 書式, エラー).
    #[arg(long)]
    pub xlsx: Option<PathBuf>,
    /// Also add every report to an SQLite archive (created if missing).
    #[arg(long)]
    pub sqlite: Option<PathBuf>,
    /// Parallel jobs (default: all cores; at most 4 per core).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Per-file time limit in seconds; a file over it fails with `timeout`.
    #[arg(long, default_value_t = 60)]
    pub timeout: u64,
    /// Per-file memory (address space) limit: bytes, or with K, M, G
    /// (powers of 1024); a file over it fails with `too_large`.
    #[arg(long, default_value = "2G", value_parser = parse_size)]
    pub max_memory: u64,
    /// Redo files whose output is already up to date.
    #[arg(long)]
    pub force: bool,
    /// No progress bar and no summary line.
    #[arg(long)]
    pub quiet: bool,
    /// Also write the review pages and index into DIR (see `review`).
    #[arg(long)]
    pub review: Option<PathBuf>,
    /// Apply a person's corrections: a <stem>.corrections.json file, or a folder of them.
    #[arg(long)]
    pub corrections: Option<PathBuf>,
    /// With --review: decisions below this confidence are listed for a look.
    #[arg(long, default_value_t = crate::output::review::DEFAULT_LOW_CONFIDENCE, value_parser = parse_threshold)]
    pub low_confidence: f64,
}

/// Language of the CSV.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum CsvLang {
    /// English headers and contract codes.
    En,
    /// Japanese headers and decision words.
    Ja,
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
    /// An Excel workbook (binary: redirect stdout to a file).
    Xlsx,
}

/// `shinchoku compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Report JSON files (or PDFs), two or more, one of them may be '-' (stdin); none with --sqlite.
    #[arg(required_unless_present = "sqlite", num_args = 2..)]
    pub files: Vec<PathBuf>,
    /// Compare every year of one body from this archive (with --body).
    #[arg(long, requires = "body", conflicts_with = "files")]
    pub sqlite: Option<PathBuf>,
    /// The body whose years are compared (as printed, e.g. こども連絡会).
    #[arg(long, requires = "sqlite")]
    pub body: Option<String>,
    /// json, md, csv or xlsx.
    #[arg(long, value_enum, default_value = "json")]
    pub format: CompareFormat,
    /// Compare reports even when they name different bodies.
    #[arg(long)]
    pub force: bool,
    /// Time limit in seconds for each PDF input (extracted first).
    #[arg(long, default_value_t = 60)]
    pub timeout: u64,
    /// Memory limit for each PDF input: bytes, or with K, M, G.
    #[arg(long, default_value = "2G", value_parser = parse_size)]
    pub max_memory: u64,
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

/// `--page`: 1 or more; 0 is a usage error (exit 2), not a damaged file.
fn parse_page(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!("`{s}` is not a page number (1, 2, …)")),
    }
}

/// `--fiscal-year`: the library's reading, as a clap value parser (a bad
/// value is a usage error, exit 2).
fn parse_fiscal_year(s: &str) -> Result<i32, String> {
    crate::normalize::parse_fiscal_year(s)
}

/// A size such as `2G`, `512M`, `1048576` or `1.5GiB`.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    let digits = lower.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let unit = &lower[digits.len()..];
    let scale: u64 = match unit {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        "t" | "tb" | "tib" => 1 << 40,
        _ => return Err(format!("`{s}`: unknown unit (use K, M or G)")),
    };
    let x: f64 = digits
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a size such as 2G or 512M"))?;
    let bytes = x * scale as f64;
    if !(bytes.is_finite() && bytes >= f64::from(64u32 << 20) && bytes < 1.8e19) {
        return Err(format!("`{s}`: the limit must be at least 64M"));
    }
    Ok(bytes as u64)
}

/// `shinchoku normalize`.
#[derive(Debug, Args)]
pub struct NormalizeArgs {
    /// The text to read.
    pub text: String,
    /// The report's fiscal year: 2022, R4, 令和4年度, H30 …
    #[arg(long, value_parser = parse_fiscal_year)]
    pub fiscal_year: Option<i32>,
    /// The report's period as printed (e.g. "R4年10月～R5年2月").
    #[arg(long)]
    pub period: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes_take_units_and_refuse_nonsense() {
        assert_eq!(parse_size("2G"), Ok(2 << 30));
        assert_eq!(parse_size("512M"), Ok(512 << 20));
        assert_eq!(parse_size("1.5GiB"), Ok(3 << 29));
        assert_eq!(parse_size("1073741824"), Ok(1 << 30));
        assert!(parse_size("1K").is_err(), "below 64M");
        assert!(parse_size("2X").is_err());
        assert!(parse_size("lots").is_err());
        assert!(parse_size("-1G").is_err());
    }
}
