//! A temporary file of lines, for what a long report would otherwise hold
//! in memory: the raw records a worker reads before it knows the fields
//! that come before `records` in the JSON (the footnote may be on the last
//! page), and a report's records in the batch until its turn to be written.
//!
//! The file is unlinked as soon as it is created (on Unix), so that a
//! killed process leaves nothing behind; elsewhere it is removed on drop.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Lines being written to a temporary file.
pub struct Spool {
    file: BufWriter<File>,
    lines: usize,
    path: Remove,
}

/// The file's path while it still has one (not on Unix), removed on drop.
struct Remove(Option<PathBuf>);

impl Drop for Remove {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// A finished spool, read back from its start as often as needed.
pub struct Spooled {
    file: File,
    lines: usize,
    _path: Remove,
}

impl Spool {
    /// A new, empty spool in the system's temporary folder.
    pub fn new() -> io::Result<Spool> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("shinchoku-spool-{}-{n}.tmp", std::process::id()));
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)?;
        // Unlinked at once: the open handle keeps the data, and nothing
        // outlives the process however it ends.
        #[cfg(unix)]
        let path = std::fs::remove_file(&path).err().map(|_| path);
        #[cfg(not(unix))]
        let path = Some(path);
        Ok(Spool {
            file: BufWriter::with_capacity(1 << 16, file),
            lines: 0,
            path: Remove(path),
        })
    }

    /// Appends one line; `line` must hold no newline.
    pub fn push(&mut self, line: &[u8]) -> io::Result<()> {
        self.file.write_all(line)?;
        self.file.write_all(b"\n")?;
        self.lines += 1;
        Ok(())
    }

    /// Appends one frame: any bytes, newlines too, behind their length.
    /// A spool holds lines or frames, not both.
    pub fn push_frame(&mut self, frame: &[u8]) -> io::Result<()> {
        let len = u32::try_from(frame.len())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "a frame over 4 GiB"))?;
        self.file.write_all(&len.to_le_bytes())?;
        self.file.write_all(frame)?;
        self.lines += 1;
        Ok(())
    }

    /// Lines written so far.
    pub fn len(&self) -> usize {
        self.lines
    }

    /// True when no line was written.
    pub fn is_empty(&self) -> bool {
        self.lines == 0
    }

    /// Ends writing.
    pub fn finish(self) -> io::Result<Spooled> {
        let Spool { file, lines, path } = self;
        let file = file.into_inner().map_err(|e| e.into_error())?;
        Ok(Spooled {
            file,
            lines,
            _path: path,
        })
    }
}

impl Spooled {
    /// A buffered reader at the start of the file.
    fn rewound(&self) -> io::Result<BufReader<&File>> {
        let mut file = &self.file;
        file.seek(SeekFrom::Start(0))?;
        Ok(BufReader::with_capacity(1 << 16, file))
    }

    /// Calls `f` with each frame of [`Spool::push_frame`], from the first.
    pub fn each_frame<E>(
        &self,
        f: &mut dyn FnMut(&[u8]) -> Result<(), E>,
        io_err: impl Fn(io::Error) -> E,
    ) -> Result<(), E> {
        let mut r = self.rewound().map_err(&io_err)?;
        let mut frame = Vec::new();
        for _ in 0..self.lines {
            let mut len = [0u8; 4];
            r.read_exact(&mut len).map_err(&io_err)?;
            frame.clear();
            frame.resize(u32::from_le_bytes(len) as usize, 0);
            r.read_exact(&mut frame).map_err(&io_err)?;
            f(&frame)?;
        }
        Ok(())
    }

    /// Lines held.
    pub fn len(&self) -> usize {
        self.lines
    }

    /// True when no line is held.
    pub fn is_empty(&self) -> bool {
        self.lines == 0
    }

    /// Calls `f` with each line (without its newline), from the first; a
    /// read error becomes `E` through `io_err`.
    pub fn each<E>(
        &self,
        f: &mut dyn FnMut(&[u8]) -> Result<(), E>,
        io_err: impl Fn(io::Error) -> E,
    ) -> Result<(), E> {
        let mut r = self.rewound().map_err(&io_err)?;
        let mut line = Vec::new();
        loop {
            line.clear();
            if r.read_until(b'\n', &mut line).map_err(&io_err)? == 0 {
                return Ok(());
            }
            if line.last() == Some(&b'\n') {
                line.pop();
            }
            f(&line)?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Everything `done` holds, read as frames or as lines.
    fn read_back(done: &Spooled, frames: bool) -> Vec<Vec<u8>> {
        let mut got: Vec<Vec<u8>> = Vec::new();
        let mut keep = |l: &[u8]| {
            got.push(l.to_vec());
            Ok::<(), io::Error>(())
        };
        let read = if frames {
            done.each_frame(&mut keep, |e| e)
        } else {
            done.each(&mut keep, |e| e)
        };
        read.expect("read");
        got
    }

    #[test]
    fn frames_come_back_whole_newlines_and_all() {
        let mut s = Spool::new().expect("spool");
        let frames: [&[u8]; 3] = [b"a\nb", b"", &[0, 10, 255, 10]];
        for f in frames {
            s.push_frame(f).expect("push");
        }
        let done = s.finish().expect("finish");
        for _ in 0..2 {
            assert_eq!(read_back(&done, true), frames.map(<[u8]>::to_vec));
        }
    }

    #[test]
    fn lines_come_back_in_order_as_often_as_asked() {
        let mut s = Spool::new().expect("spool");
        s.push(br#"{"a":1}"#).expect("push");
        s.push(br#"{"b":"x"}"#).expect("push");
        let done = s.finish().expect("finish");
        assert_eq!(done.len(), 2);
        for _ in 0..2 {
            assert_eq!(
                read_back(&done, false),
                vec![br#"{"a":1}"#.to_vec(), br#"{"b":"x"}"#.to_vec()]
            );
        }
    }
}
