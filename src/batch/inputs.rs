//! Which files a batch reads: the PDFs named, and every PDF below the
//! folders named, in a stable order.

use std::path::{Path, PathBuf};

/// One input and the name its output takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The file to read.
    pub path: PathBuf,
    /// The path as the user will recognise it (relative to the folder given).
    pub display: String,
    /// Output file stem, unique within the batch.
    pub stem: String,
}

fn is_pdf(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

/// Expands files and folders (recursively, sorted) into inputs. A file named
/// directly is taken whatever its extension, so that a mislabelled file gets
/// a `not_pdf` error rather than vanishing; inside folders only `*.pdf`
/// counts. Missing paths are returned as errors for the caller to report.
pub fn collect(paths: &[PathBuf]) -> (Vec<Input>, Vec<String>) {
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    let mut missing = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(p)
                .follow_links(true)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file() && is_pdf(e.path()))
                .map(|e| e.into_path())
                .collect();
            found.sort();
            for f in found {
                let shown = f.strip_prefix(p).unwrap_or(&f).display().to_string();
                let shown = format!(
                    "{}/{}",
                    p.display().to_string().trim_end_matches('/'),
                    shown
                );
                files.push((f, shown));
            }
        } else if p.is_file() {
            files.push((p.clone(), p.display().to_string()));
        } else {
            missing.push(format!("{}: no such file or folder", p.display()));
        }
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|(p, _)| seen.insert(p.canonicalize().unwrap_or_else(|_| p.clone())));
    (assign_stems(files), missing)
}

/// Gives each input a unique output stem: its file stem, or for a later file
/// with the same stem, the stem plus a short hash of its path, so that two
/// `r4.pdf` in different folders never overwrite each other.
fn assign_stems(files: Vec<(PathBuf, String)>) -> Vec<Input> {
    let mut used = std::collections::HashSet::new();
    files
        .into_iter()
        .map(|(path, display)| {
            let base = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "input".into());
            let mut stem = base.clone();
            if !used.insert(stem.to_lowercase()) {
                stem = format!(
                    "{base}-{}",
                    &crate::batch::sha256_hex(display.as_bytes())[..8]
                );
                used.insert(stem.to_lowercase());
            }
            Input {
                path,
                display,
                stem,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_stems_in_different_folders_get_distinct_outputs() {
        let inputs = assign_stems(vec![
            (PathBuf::from("a/r4.pdf"), "a/r4.pdf".into()),
            (PathBuf::from("b/r4.pdf"), "b/r4.pdf".into()),
        ]);
        assert_eq!(inputs[0].stem, "r4");
        assert!(inputs[1].stem.starts_with("r4-") && inputs[1].stem.len() == 11);
    }
}
