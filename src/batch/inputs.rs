//! Which files a batch reads: the PDFs named, and every PDF below the
//! folders named, in a stable order; and the output name each one takes.
//!
//! Outputs mirror the input folders: `extract reports/ --out out` writes
//! `reports/2022/report.pdf` to `out/2022/report.json`. A file named directly
//! goes to the top of `out/`. Every name handed out is checked against every
//! other (case-insensitively, hashed ones included) and against the reserved
//! `_errors.json`, so no output ever overwrites another.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// One input and the name its output takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The file to read (`-` reads standard input).
    pub path: PathBuf,
    /// The path as the user will recognise it (the folder given, then the
    /// path inside it).
    pub display: String,
    /// The path relative to the argument that named it, `/`-separated: the
    /// file name for a file named directly (`source.path`).
    pub rel: String,
    /// Output path under `--out`, `/`-separated, without `.json`; unique
    /// within the batch.
    pub stem: String,
}

impl Input {
    /// True for `-`, standard input.
    pub fn is_stdin(&self) -> bool {
        self.path.as_os_str() == "-"
    }

    /// The file name alone (`source.file`).
    pub fn file_name(&self) -> String {
        if self.is_stdin() {
            return "-".into();
        }
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// A folder entry that looked like an input but was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The entry as the user will recognise it.
    pub display: String,
    /// Why it was not read.
    pub reason: String,
}

/// What [`collect`] found.
#[derive(Debug, Clone, Default)]
pub struct Collected {
    /// The files to convert, in order.
    pub inputs: Vec<Input>,
    /// Folder entries not read (dangling symlinks, loops, FIFOs …).
    pub skipped: Vec<Skipped>,
    /// Arguments that name nothing (`PATH: no such file or folder`).
    pub missing: Vec<String>,
}

/// Output names no input may take: they hold the batch's own files.
pub const RESERVED: &[&str] = &["_errors.json"];

fn is_pdf(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

/// Expands files and folders (recursively, sorted) into inputs. A file named
/// directly is taken whatever its kind or extension, so that a mislabelled
/// file gets a `not_pdf` error rather than vanishing; inside folders only
/// regular `*.pdf` files count, and any other entry named `*.pdf` (and every
/// symlink loop) is listed in `skipped`.
pub fn collect(paths: &[PathBuf]) -> Collected {
    let mut found: Vec<Found> = Vec::new();
    let mut out = Collected::default();
    for p in paths {
        if p.as_os_str() == "-" {
            found.push(Found {
                path: p.clone(),
                display: "-".into(),
                rel: "-".into(),
                out: "stdin".into(),
            });
            continue;
        }
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => {
                let shown = p.display().to_string();
                let shown = shown.trim_end_matches('/');
                let mut walk = Walk {
                    root_shown: if shown.is_empty() { "/" } else { shown },
                    ancestors: Vec::new(),
                    found: &mut found,
                    skipped: &mut out.skipped,
                };
                walk.dir(p, "");
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                out.missing
                    .push(format!("{}: no such file or folder", p.display()));
            }
            // A file, or a path named directly but unreachable (a loop, no
            // permission): the batch reports the latter as `unreadable`.
            _ => {
                let file = p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "input".into());
                found.push(Found {
                    path: p.clone(),
                    display: p.display().to_string(),
                    out: strip_ext(&file),
                    rel: file,
                });
            }
        }
    }
    let mut seen = HashSet::new();
    found.retain(|f| {
        f.path.as_os_str() == "-" || seen.insert(f.path.canonicalize().unwrap_or(f.path.clone()))
    });
    out.inputs = assign_stems(found);
    out
}

/// A file found, before its output name is settled.
#[derive(Clone)]
struct Found {
    path: PathBuf,
    display: String,
    rel: String,
    /// Wanted output name (relative, `/`-separated, no `.json`).
    out: String,
}

fn strip_ext(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => name.to_string(),
    }
}

/// A recursive folder walk that sees what `walkdir` filters away: entries it
/// cannot follow are reported, not dropped, and symlink loops are detected
/// by device and inode.
struct Walk<'a> {
    root_shown: &'a str,
    ancestors: Vec<(u64, u64)>,
    found: &'a mut Vec<Found>,
    skipped: &'a mut Vec<Skipped>,
}

impl Walk<'_> {
    fn shown(&self, rel: &str) -> String {
        if rel.is_empty() {
            self.root_shown.to_string()
        } else if self.root_shown.ends_with('/') {
            format!("{}{rel}", self.root_shown)
        } else {
            format!("{}/{rel}", self.root_shown)
        }
    }

    fn skip(&mut self, rel: &str, reason: impl Into<String>) {
        let display = self.shown(rel);
        self.skipped.push(Skipped {
            display,
            reason: reason.into(),
        });
    }

    fn dir(&mut self, dir: &Path, rel: &str) {
        let id = file_id(dir);
        if let Some(id) = id {
            if self.ancestors.contains(&id) {
                self.skip(rel, "symlink loop: the folder contains itself");
                return;
            }
            self.ancestors.push(id);
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(rd) => rd,
            Err(e) => {
                self.skip(rel, format!("cannot read the folder: {e}"));
                if id.is_some() {
                    self.ancestors.pop();
                }
                return;
            }
        };
        let mut names: Vec<std::ffi::OsString> = Vec::new();
        for entry in entries {
            match entry {
                Ok(e) => names.push(e.file_name()),
                Err(e) => self.skip(rel, format!("cannot list the folder: {e}")),
            }
        }
        names.sort();
        for name in names {
            let path = dir.join(&name);
            let name_s = name.to_string_lossy();
            let child_rel = if rel.is_empty() {
                name_s.to_string()
            } else {
                format!("{rel}/{name_s}")
            };
            match std::fs::metadata(&path) {
                Ok(m) if m.is_dir() => self.dir(&path, &child_rel),
                Ok(m) if m.is_file() => {
                    if is_pdf(&path) {
                        let display = self.shown(&child_rel);
                        self.found.push(Found {
                            path,
                            display,
                            out: strip_ext(&child_rel),
                            rel: child_rel,
                        });
                    }
                }
                Ok(m) => {
                    if is_pdf(&path) {
                        self.skip(
                            &child_rel,
                            format!("not a regular file ({})", kind_of(&m.file_type())),
                        );
                    }
                }
                Err(e) => {
                    if is_pdf(&path) {
                        let why = match std::fs::symlink_metadata(&path) {
                            Ok(l) if l.file_type().is_symlink() => {
                                if e.raw_os_error() == Some(libc_eloop()) {
                                    "symlink loop".to_string()
                                } else {
                                    format!("dangling symlink ({e})")
                                }
                            }
                            _ => format!("cannot read: {e}"),
                        };
                        self.skip(&child_rel, why);
                    }
                }
            }
        }
        if id.is_some() {
            self.ancestors.pop();
        }
    }
}

#[cfg(unix)]
fn libc_eloop() -> i32 {
    libc::ELOOP
}

#[cfg(not(unix))]
fn libc_eloop() -> i32 {
    -1
}

#[cfg(unix)]
fn file_id(p: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(p).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn file_id(_: &Path) -> Option<(u64, u64)> {
    None
}

#[cfg(unix)]
fn kind_of(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "a FIFO"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else {
        "not a file"
    }
}

#[cfg(not(unix))]
fn kind_of(_: &std::fs::FileType) -> &'static str {
    "not a file"
}

/// The names already handed out, lower-cased: output files (with `.json`)
/// and the folders they need, so that a file never takes a folder's name
/// or the reverse.
#[derive(Default)]
struct Claims {
    files: HashSet<String>,
    dirs: HashSet<String>,
}

impl Claims {
    fn free(&self, stem: &str) -> bool {
        let file = format!("{stem}.json").to_lowercase();
        !self.files.contains(&file) && !self.dirs.contains(&file) && self.folders_free(stem)
    }

    /// No folder on the way may be someone's file.
    fn folders_free(&self, stem: &str) -> bool {
        let parts: Vec<&str> = stem.split('/').collect();
        (1..parts.len()).all(|i| !self.files.contains(&parts[..i].join("/").to_lowercase()))
    }

    fn claim(&mut self, stem: &str) {
        self.files.insert(format!("{stem}.json").to_lowercase());
        let parts: Vec<&str> = stem.split('/').collect();
        for i in 1..parts.len() {
            self.dirs.insert(parts[..i].join("/").to_lowercase());
        }
    }
}

/// Keeps only components that stay inside the output folder.
fn safe_stem(out: &str) -> String {
    let parts: Vec<&str> = out
        .split('/')
        .filter(|p| !p.is_empty() && *p != "." && *p != "..")
        .collect();
    if parts.is_empty() {
        "input".into()
    } else {
        parts.join("/")
    }
}

/// Gives each input a unique output name: the wanted one, or for a later
/// file whose name is taken (by another input or a reserved name), the name
/// plus a short hash of its path, re-hashed until it is free.
fn assign_stems(files: Vec<Found>) -> Vec<Input> {
    let mut claims = Claims::default();
    for r in RESERVED {
        claims.files.insert(r.to_lowercase());
    }
    files
        .into_iter()
        .map(|f| {
            let mut base = safe_stem(&f.out);
            if !claims.folders_free(&base) {
                // Hashing the last part cannot fix a folder that is taken:
                // flatten the name into the top folder instead.
                base = base.replace('/', "-");
            }
            let mut stem = base.clone();
            let mut salt = 0u32;
            while !claims.free(&stem) {
                let key = if salt == 0 {
                    f.display.clone()
                } else {
                    format!("{}#{salt}", f.display)
                };
                stem = format!("{base}-{}", &crate::batch::sha256_hex(key.as_bytes())[..8]);
                salt += 1;
            }
            claims.claim(&stem);
            Input {
                path: f.path,
                display: f.display,
                rel: f.rel,
                stem,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(display: &str) -> Found {
        Found {
            path: PathBuf::from(display),
            display: display.into(),
            rel: display.into(),
            out: strip_ext(display.rsplit('/').next().unwrap_or(display)),
        }
    }

    #[test]
    fn same_stems_in_different_folders_get_distinct_outputs() {
        let inputs = assign_stems(vec![found("a/r4.pdf"), found("b/r4.pdf")]);
        assert_eq!(inputs[0].stem, "r4");
        assert!(inputs[1].stem.starts_with("r4-") && inputs[1].stem.len() == 11);
    }

    #[test]
    fn a_hashed_name_never_takes_a_later_or_earlier_name() {
        // b/r4.pdf hashes to r4-811fb139 (the issue's case): it must not
        // take the name of a/r4-811fb139.pdf.
        let hashed = format!("r4-{}", &crate::batch::sha256_hex(b"b/r4.pdf")[..8]);
        let inputs = assign_stems(vec![
            found("a/r4.pdf"),
            found(&format!("a/{hashed}.pdf")),
            found("b/r4.pdf"),
        ]);
        let stems: HashSet<String> = inputs.iter().map(|i| i.stem.to_lowercase()).collect();
        assert_eq!(stems.len(), 3, "{inputs:?}");
    }

    #[test]
    fn reserved_names_are_never_handed_out() {
        let inputs = assign_stems(vec![found("_errors.pdf"), found("_ERRORS.pdf")]);
        for i in &inputs {
            assert_ne!(i.stem.to_lowercase(), "_errors", "{inputs:?}");
        }
        assert_ne!(inputs[0].stem.to_lowercase(), inputs[1].stem.to_lowercase());
    }

    #[test]
    fn a_file_never_takes_a_folders_name() {
        let a = found("x.pdf");
        let mut b = found("x.json/r.pdf");
        b.out = "x.json/r".into();
        let inputs = assign_stems(vec![b.clone(), a.clone()]);
        assert_eq!(inputs[0].stem, "x.json/r");
        assert_ne!(inputs[1].stem, "x");
        let inputs = assign_stems(vec![a, b]);
        assert_eq!(inputs[0].stem, "x");
        assert!(!inputs[1].stem.starts_with("x.json/"), "{inputs:?}");
    }

    #[test]
    fn stems_never_leave_the_output_folder() {
        assert_eq!(safe_stem("../../etc/x"), "etc/x");
        assert_eq!(safe_stem(""), "input");
    }
}
