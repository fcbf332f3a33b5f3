//! Writing a file so that a killed run never leaves half of it under the
//! real name: every output (per-file JSON, streams, workbook, review pages)
//! goes to a temporary file beside its target and is renamed into place.
//!
//! Temporary files are named `.NAME.PID-N.shinchoku-tmp`, so that the next
//! run can remove those whose process is gone. Files are created with mode
//! 0666 minus the umask, like any other program's output.
//!
//! A target that is not a regular file (`/dev/null`, `/dev/stdout`, a FIFO)
//! is written in place: renaming over it would replace the device node with
//! a plain file, which is how `--jsonl /dev/null` run as root once turned
//! the machine's `/dev/null` into a file that later commands read back.
//! A symbolic link is followed, so the link stays and its file is replaced.

use std::fs::File;
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The suffix of every temporary file this tool writes.
const TMP_SUFFIX: &str = ".shinchoku-tmp";

/// A file being written: a temporary beside its target (so the rename
/// stays on one file system), renamed into place on commit.
pub struct AtomicFile {
    target: PathBuf,
    /// `None` when the target is written in place (not a regular file).
    tmp: Option<PathBuf>,
    file: Option<BufWriter<File>>,
}

/// Where a target's bytes go: the final path of a regular file (through a
/// symbolic link), or `None` for a device, FIFO or socket.
fn regular_target(target: &Path) -> Option<PathBuf> {
    match std::fs::metadata(target) {
        Ok(m) if !m.is_file() && !m.is_dir() => None,
        Ok(_) => Some(std::fs::canonicalize(target).unwrap_or_else(|_| target.to_path_buf())),
        Err(_) => Some(target.to_path_buf()),
    }
}

fn tmp_path(target: &Path) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.{}-{n}{TMP_SUFFIX}", std::process::id()))
}

impl AtomicFile {
    /// Creates the temporary file; an error names the target.
    pub fn create(target: &Path) -> io::Result<AtomicFile> {
        let Some(real) = regular_target(target) else {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(target)
                .map_err(|e| named(target, e))?;
            return Ok(AtomicFile {
                target: target.to_path_buf(),
                tmp: None,
                file: Some(BufWriter::new(file)),
            });
        };
        let tmp = tmp_path(&real);
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(|e| named(target, e))?;
        Ok(AtomicFile {
            target: real,
            tmp: Some(tmp),
            file: Some(BufWriter::new(file)),
        })
    }

    /// Renames the finished file into place.
    pub fn commit(mut self) -> io::Result<()> {
        if let Some(f) = self.file.take() {
            // No fsync: a killed process loses nothing the kernel holds,
            // and a sync per file would halve a batch's speed.
            f.into_inner()
                .map_err(|e| named(&self.target, e.into_error()))?;
        }
        match &self.tmp {
            Some(tmp) => std::fs::rename(tmp, &self.target).map_err(|e| named(&self.target, e)),
            None => Ok(()),
        }
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.file {
            Some(f) => f.write(buf),
            None => Err(io::Error::other("already committed")),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match &mut self.file {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

/// The workbook writer seeks back to patch its zip directory.
impl Seek for AtomicFile {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        match &mut self.file {
            Some(f) => f.seek(pos),
            None => Err(io::Error::other("already committed")),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        // Not committed: the target keeps its previous content.
        if let (Some(_), Some(tmp)) = (self.file.take(), &self.tmp) {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// An I/O error that names its path.
pub fn named(path: &Path, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

/// Writes `bytes` to `path` through a temporary file and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes).map_err(|e| named(path, e))?;
    f.commit()
}

/// Removes the temporary files a killed run left in `dir`: those whose
/// process is gone (a live one may be another run's).
pub fn sweep_temps(dir: &Path) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in rd.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_suffix(TMP_SUFFIX) else {
            continue;
        };
        let pid = rest
            .rsplit_once('.')
            .and_then(|(_, tail)| tail.split_once('-'))
            .and_then(|(pid, _)| pid.parse::<u32>().ok());
        if pid.is_some_and(|p| p != std::process::id() && !alive(p)) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(unix)]
fn alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only checks that the process exists.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

#[cfg(not(unix))]
fn alive(_pid: u32) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_uncommitted_file_leaves_the_old_one_whole() {
        let dir = std::env::temp_dir().join(format!("shinchoku-atomic-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("dir");
        let target = dir.join("all.csv");
        std::fs::write(&target, "old\n").expect("write");
        {
            let mut f = AtomicFile::create(&target).expect("create");
            f.write_all(b"half a ro").expect("write");
        }
        assert_eq!(std::fs::read(&target).expect("read"), b"old\n");
        let left: Vec<_> = std::fs::read_dir(&dir).expect("ls").collect();
        assert_eq!(left.len(), 1, "the temporary file was not removed");
        write_atomic(&target, b"new\n").expect("write");
        assert_eq!(std::fs::read(&target).expect("read"), b"new\n");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_written_in_place_and_a_link_is_followed() {
        use std::os::unix::fs::{FileTypeExt, symlink};
        let dir = std::env::temp_dir().join(format!("shinchoku-special-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("dir");
        // A FIFO stands in for /dev/null: a test must never risk the real one.
        let fifo = dir.join("pipe");
        let c = std::ffi::CString::new(fifo.to_string_lossy().as_bytes()).expect("path");
        // SAFETY: a valid NUL-terminated path; mkfifo only creates a node.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(&fifo).expect("read fifo"))
        };
        write_atomic(&fifo, b"through\n").expect("write to fifo");
        assert_eq!(reader.join().expect("reader"), b"through\n");
        let kind = std::fs::symlink_metadata(&fifo).expect("stat").file_type();
        assert!(kind.is_fifo(), "the FIFO was replaced by a {kind:?}");
        let leftovers = std::fs::read_dir(&dir).expect("ls").count();
        assert_eq!(leftovers, 1, "a temporary file was left beside the FIFO");

        let real = dir.join("real.json");
        let link = dir.join("link.json");
        std::fs::write(&real, "old").expect("write");
        symlink(&real, &link).expect("symlink");
        write_atomic(&link, b"new").expect("write through link");
        assert!(
            std::fs::symlink_metadata(&link)
                .expect("stat")
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&real).expect("read"), b"new");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn temps_of_dead_processes_are_swept_and_live_ones_kept() {
        let dir = std::env::temp_dir().join(format!("shinchoku-sweep-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("dir");
        // pid_max on Linux is at most 2^22: this pid cannot be running.
        let dead = dir.join(format!(".all.csv.99999999-0{TMP_SUFFIX}"));
        let live = dir.join(format!(".all.csv.1-0{TMP_SUFFIX}"));
        std::fs::write(&dead, "x").expect("w");
        std::fs::write(&live, "x").expect("w");
        sweep_temps(&dir);
        assert!(!dead.exists());
        assert!(
            live.exists(),
            "pid 1 is alive; its file is not ours to remove"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
