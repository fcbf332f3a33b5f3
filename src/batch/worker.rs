//! Worker processes: each file is converted in a child process (the same
//! binary, started with a hidden subcommand) under an address-space limit
//! and a wall-clock limit, so that a file that eats memory or time is
//! killed alone and the batch goes on.
//!
//! The protocol is a pipe each way. A job is one JSON line (the [`Job`] and
//! the byte count) followed by the PDF bytes. An extract job's answer is a
//! report in parts, one JSON line each, so that neither process holds a
//! long report whole: `{"head":…}` (the fields before `records`), one
//! `{"record":…}` per record, `{"tail":…}` (the fields after `records`),
//! then `{"end":true,"vm_bytes":…}`. Any other job's answer is one line
//! `{"ok":…,"vm_bytes":…}`; a failure, even after some parts, is one line
//! `{"error":…,"vm_bytes":…}` and the parts before it are dropped. The
//! parent spools the records to a temporary file until the answer is
//! complete, so a worker that dies mid-report leaves no half report in any
//! output. A worker serves jobs until its stdin closes, so start-up is
//! paid once per worker, not once per file.

use super::doc::{Doc, RecordsBuilder};
use crate::error::{Error, ErrorCode};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The hidden subcommand that turns the binary into a worker.
pub const WORKER_SUBCOMMAND: &str = "internal-worker";

/// Default address-space limit of a worker: 2 GiB.
pub const DEFAULT_MAX_MEMORY: u64 = 2 << 30;

/// What a worker is asked to do with the bytes that follow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Job {
    /// [`crate::extract::extract_json`]: the answer is the report JSON.
    Extract {
        /// `Options::fiscal_year`.
        fiscal_year: Option<i32>,
        /// `Options::password`.
        password: Option<String>,
        /// `Options::raster.models`: where the OCR models are.
        #[serde(default)]
        models: Option<std::path::PathBuf>,
        /// `Options::sha256`: the digest the batch computed already.
        #[serde(default)]
        sha256: Option<String>,
    },
    /// [`crate::pdf::read_pages`] for `dump`: the answer is
    /// `{"document": <page model>, "text": <reading-order text or null>}`.
    Dump {
        /// User password.
        password: Option<String>,
        /// Only this page (1-based).
        page: Option<usize>,
        /// Also render the reading-order text (`dump --format text`).
        text: bool,
    },
}

impl Job {
    /// The extract job for library options.
    pub fn extract(opts: &crate::extract::Options) -> Job {
        Job::Extract {
            fiscal_year: opts.fiscal_year,
            password: opts.password.clone(),
            models: opts.raster.models.clone(),
            sha256: opts.sha256.clone(),
        }
    }

    /// The library options of an extract job.
    fn extract_options(&self) -> Option<crate::extract::Options> {
        match self {
            Job::Extract {
                fiscal_year,
                password,
                models,
                sha256,
            } => Some(crate::extract::Options {
                fiscal_year: *fiscal_year,
                password: password.clone(),
                raster: crate::raster::RasterOptions {
                    models: models.clone(),
                },
                sha256: sha256.clone(),
                ..Default::default()
            }),
            Job::Dump { .. } => None,
        }
    }

    /// Runs the job in this process, turning a panic into `internal`.
    pub fn run(&self, bytes: &[u8]) -> Result<Value, Error> {
        super::guarded(|| match self {
            Job::Extract { .. } => {
                let opts = self.extract_options().unwrap_or_default();
                crate::extract::extract_json(bytes, &opts)
            }
            Job::Dump {
                password,
                page,
                text,
            } => {
                let opts = crate::pdf::ReadOptions {
                    password: password.clone(),
                    page: *page,
                };
                let doc = crate::pdf::read_pages(bytes, &opts)?;
                let rendered = text.then(|| {
                    let mut s = String::new();
                    for page in &doc.pages {
                        s.push_str(&format!("--- page {} ---\n", page.number));
                        for l in crate::pdf::lines::text_lines(page) {
                            s.push_str(&l.text);
                            s.push('\n');
                        }
                    }
                    s
                });
                let document = serde_json::to_value(&doc)
                    .map_err(|e| Error::new(ErrorCode::Internal, format!("page model: {e}")))?;
                Ok(serde_json::json!({ "document": document, "text": rendered }))
            }
        })
    }
}

/// The header line of a job on the worker's stdin.
#[derive(Debug, Serialize, Deserialize)]
struct Request {
    job: Job,
    len: usize,
}

/// One line of a worker's answer that is not a record.
#[derive(Debug, Serialize, Deserialize)]
struct Answer {
    /// A report's fields before `records` (first line of a report).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    head: Option<Value>,
    /// A report's fields after `records`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tail: Option<Value>,
    /// The last line of a report.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    end: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ok: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    error: Option<Error>,
    /// The worker's address-space size after the job, in bytes (0 when
    /// unknown): the parent retires a worker grown past half its limit.
    #[serde(default)]
    vm_bytes: u64,
}

/// How a record line starts; the record is what follows, up to the
/// line's last `}`.
const RECORD_PREFIX: &[u8] = b"{\"record\":";

/// Writes one part of a report as its line of the answer.
fn write_part(w: &mut impl Write, part: crate::extract::Part<'_>) -> Result<(), Error> {
    use crate::extract::Part;
    let lost = |e: std::io::Error| Error::new(ErrorCode::Internal, format!("answer: {e}"));
    let json = |e: serde_json::Error| Error::new(ErrorCode::Internal, format!("answer: {e}"));
    match part {
        Part::Head(r) => {
            w.write_all(b"{\"head\":").map_err(lost)?;
            serde_json::to_writer(&mut *w, &r.head()).map_err(json)?;
        }
        Part::Record(rec) => {
            w.write_all(RECORD_PREFIX).map_err(lost)?;
            serde_json::to_writer(&mut *w, &rec).map_err(json)?;
        }
        Part::Tail(r) => {
            w.write_all(b"{\"tail\":").map_err(lost)?;
            serde_json::to_writer(&mut *w, &r.tail()).map_err(json)?;
        }
    }
    w.write_all(b"}\n").map_err(lost)
}

/// The worker side: serves jobs from stdin until it closes. Returns the
/// process exit status.
pub fn serve() -> i32 {
    let stdin = std::io::stdin();
    let mut input = BufReader::new(stdin.lock());
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut line = String::new();
    loop {
        line.clear();
        match input.read_line(&mut line) {
            Ok(0) => return 0,
            Ok(_) => {}
            Err(_) => return 1,
        }
        let Ok(req) = serde_json::from_str::<Request>(&line) else {
            return 1;
        };
        let mut bytes = vec![0u8; req.len];
        if input.read_exact(&mut bytes).is_err() {
            return 1;
        }
        // The answer is written as the report is made: its text, and (for
        // an extract job) its records, are never held whole.
        let mut w = std::io::BufWriter::with_capacity(1 << 16, &mut out);
        let result = match req.job.extract_options() {
            Some(opts) => super::guarded(|| {
                crate::extract::extract_streamed(&bytes, &opts, &mut |part| {
                    write_part(&mut w, part)
                })
            })
            .map(|()| None),
            None => req.job.run(&bytes).map(Some),
        };
        drop(bytes);
        release_memory();
        let vm_bytes = vm_bytes();
        let answer = match result {
            Ok(None) => Answer::last(None, None, vm_bytes),
            Ok(Some(v)) => Answer::last(Some(v), None, vm_bytes),
            Err(e) => Answer::last(None, Some(e), vm_bytes),
        };
        let written = serde_json::to_writer(&mut w, &answer)
            .map_err(std::io::Error::from)
            .and_then(|_| writeln!(w))
            .and_then(|_| w.flush());
        drop(w);
        if written.and_then(|_| out.flush()).is_err() {
            return 1;
        }
    }
}

impl Answer {
    /// The last line of an answer: a report's end (neither `ok` nor
    /// `error`), a whole answer, or a failure.
    fn last(ok: Option<Value>, error: Option<Error>, vm_bytes: u64) -> Answer {
        Answer {
            head: None,
            tail: None,
            end: ok.is_none() && error.is_none(),
            ok,
            error,
            vm_bytes,
        }
    }
}

/// Gives freed heap back to the system between jobs, so that a reused
/// worker starts the next file as small as it can.
fn release_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks glibc's own heap; no Rust invariant is involved.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// This process's virtual size (what RLIMIT_AS counts), from /proc.
fn vm_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split_whitespace()
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    pages.saturating_mul(page_size())
}

fn page_size() -> u64 {
    #[cfg(unix)]
    // SAFETY: sysconf has no preconditions.
    let n = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    #[cfg(not(unix))]
    let n = 4096;
    u64::try_from(n).unwrap_or(4096)
}

/// The limits a conversion runs under.
#[derive(Debug, Clone)]
pub struct Limits {
    /// The binary to start as a worker (with [`WORKER_SUBCOMMAND`]); `None`
    /// converts in this process (a thread that is abandoned, not stopped,
    /// when it overruns: the library's plain path).
    pub worker_exe: Option<PathBuf>,
    /// Address-space limit of a worker, bytes.
    pub max_memory: u64,
    /// Wall-clock limit per file.
    pub timeout: Duration,
    /// Threads of one OCR model run in a worker
    /// ([`crate::raster::OCR_THREADS_ENV`], unless the environment sets
    /// it); `None`: the runtime's own choice, one a core.
    pub model_threads: Option<usize>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            worker_exe: None,
            max_memory: DEFAULT_MAX_MEMORY,
            timeout: Duration::from_secs(60),
            model_threads: None,
        }
    }
}

/// How one job in a worker ended.
enum Ended {
    /// The worker answered.
    Answered(Result<Doc, Error>),
    /// The worker was killed or died; the error says why.
    Lost(Error),
    /// The batch was cancelled while waiting.
    Cancelled,
}

/// One line of a worker's answer, as the reading thread passes it on.
enum Line {
    /// A report's fields before `records`.
    Head(Value),
    /// One record's JSON text, unparsed.
    Record(Vec<u8>),
    /// A report's fields after `records`.
    Tail(Value),
    /// The answer's last line.
    Last(Answer),
}

/// Reads a worker's answers line by line: records are passed on as text
/// (the batch spools them), the other lines parsed.
fn read_answers(stdout: std::process::ChildStdout, tx: &mpsc::SyncSender<Result<Line, String>>) {
    let mut r = BufReader::with_capacity(1 << 16, stdout);
    let mut line = Vec::new();
    loop {
        line.clear();
        match r.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        // Cut off mid-line: the worker died, and its exit status (not the
        // half line) says why.
        if line.pop() != Some(b'\n') {
            return;
        }
        let record = line
            .strip_prefix(RECORD_PREFIX)
            .and_then(|rest| rest.strip_suffix(b"}"));
        let parsed = match record {
            Some(text) => Ok(Line::Record(text.to_vec())),
            None => match serde_json::from_slice::<Answer>(&line) {
                Ok(Answer {
                    head: Some(head), ..
                }) => Ok(Line::Head(head)),
                Ok(Answer {
                    tail: Some(tail), ..
                }) => Ok(Line::Tail(tail)),
                Ok(a) => Ok(Line::Last(a)),
                Err(e) => Err(e.to_string()),
            },
        };
        let failed = parsed.is_err();
        if tx.send(parsed).is_err() || failed {
            return;
        }
    }
}

/// One running worker process.
pub struct Worker {
    child: Child,
    /// Jobs go to a writer thread, so that a worker that stops reading can
    /// never block the wait for its answer (the timeout still fires).
    jobs_tx: Option<mpsc::Sender<Vec<u8>>>,
    answers: Receiver<Result<Line, String>>,
    stderr_tail: Arc<Mutex<Vec<u8>>>,
    stderr_thread: Option<std::thread::JoinHandle<()>>,
    /// Jobs answered so far.
    pub jobs: usize,
    /// Virtual size reported after the last job.
    pub vm_bytes: u64,
}

impl Worker {
    /// Starts a worker under `limits` (its exe must be set).
    pub fn start(limits: &Limits) -> std::io::Result<Worker> {
        let exe = limits
            .worker_exe
            .clone()
            .ok_or_else(|| std::io::Error::other("no worker executable"))?;
        let mut cmd = Command::new(&exe);
        cmd.arg(WORKER_SUBCOMMAND)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        super::limits::apply(&mut cmd, limits.max_memory);
        let env = crate::raster::OCR_THREADS_ENV;
        if let Some(n) = limits.model_threads
            && std::env::var_os(env).is_none()
        {
            cmd.env(env, n.to_string());
        }
        let mut child = cmd.spawn().map_err(|e| {
            std::io::Error::new(e.kind(), format!("cannot start {}: {e}", exe.display()))
        })?;
        let stdin = child.stdin.take();
        let jobs_tx = stdin.map(spawn_writer).transpose()?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| std::io::Error::other("worker has no stdout"))?;
        let stderr = child.stderr.take();
        // Bounded: a worker faster than the spool waits on its pipe.
        let (tx, answers) = mpsc::sync_channel(256);
        std::thread::Builder::new()
            .name("shinchoku-worker-out".into())
            .spawn(move || read_answers(stdout, &tx))?;
        let stderr_tail = Arc::new(Mutex::new(Vec::new()));
        let tail = Arc::clone(&stderr_tail);
        let stderr_thread = match stderr {
            Some(mut err) => Some(
                std::thread::Builder::new()
                    .name("shinchoku-worker-err".into())
                    .spawn(move || {
                        let mut buf = [0u8; 4096];
                        while let Ok(n) = err.read(&mut buf) {
                            if n == 0 {
                                break;
                            }
                            if let (Ok(mut t), Some(chunk)) = (tail.lock(), buf.get(..n)) {
                                t.extend_from_slice(chunk);
                                let excess = t.len().saturating_sub(8192);
                                t.drain(..excess);
                            }
                        }
                    })?,
            ),
            None => None,
        };
        Ok(Worker {
            child,
            jobs_tx,
            answers,
            stderr_tail,
            stderr_thread,
            jobs: 0,
            vm_bytes: 0,
        })
    }

    /// Sends one job and waits for its answer, killing the worker at the
    /// timeout or when `cancel` is set.
    fn run(&mut self, job: &Job, bytes: &[u8], limits: &Limits, cancel: &AtomicBool) -> Ended {
        let started = Instant::now();
        let header = Request {
            job: job.clone(),
            len: bytes.len(),
        };
        let sent = match (&self.jobs_tx, serde_json::to_string(&header)) {
            (Some(tx), Ok(h)) => {
                let mut frame = Vec::with_capacity(h.len() + 1 + bytes.len());
                frame.extend_from_slice(h.as_bytes());
                frame.push(b'\n');
                frame.extend_from_slice(bytes);
                tx.send(frame).is_ok()
            }
            _ => false,
        };
        if !sent {
            // It died before or while reading: its exit status says why.
            return Ended::Lost(self.wait_lost(limits));
        }
        let mut head = None;
        let mut tail = None;
        let mut records = RecordsBuilder::default();
        loop {
            if cancel.load(Ordering::Relaxed) {
                self.kill();
                return Ended::Cancelled;
            }
            let left = limits.timeout.saturating_sub(started.elapsed());
            if left.is_zero() {
                self.kill();
                return Ended::Lost(Error::new(
                    ErrorCode::Timeout,
                    format!(
                        "the conversion took longer than {} s (--timeout) and was stopped",
                        limits.timeout.as_secs_f64()
                    ),
                ));
            }
            let line = match self
                .answers
                .recv_timeout(left.min(Duration::from_millis(100)))
            {
                Ok(line) => line,
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => {
                    return Ended::Lost(self.wait_lost(limits));
                }
            };
            match line {
                Ok(Line::Head(v)) => head = Some(v),
                Ok(Line::Tail(v)) => tail = Some(v),
                Ok(Line::Record(text)) => {
                    if let Err(e) = records.push(&text) {
                        self.kill();
                        return Ended::Lost(Error::new(
                            ErrorCode::Internal,
                            format!("cannot keep the records in a temporary file: {e}"),
                        ));
                    }
                }
                Ok(Line::Last(a)) => {
                    self.jobs += 1;
                    self.vm_bytes = a.vm_bytes;
                    return Ended::Answered(match (a.ok, a.error) {
                        (_, Some(e)) => Err(e),
                        (Some(v), None) => Ok(Doc::Whole(v)),
                        (None, None) if a.end => finish_report(head, records, tail),
                        (None, None) => Ok(Doc::Whole(Value::Null)),
                    });
                }
                Err(e) => {
                    self.kill();
                    return Ended::Lost(Error::new(
                        ErrorCode::Internal,
                        format!("the worker answered something unreadable: {e}"),
                    ));
                }
            }
        }
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.jobs_tx = None;
    }

    /// Waits for a worker that stopped answering and says why it stopped.
    fn wait_lost(&mut self, limits: &Limits) -> Error {
        self.jobs_tx = None;
        let status = self.child.wait();
        if let Some(t) = self.stderr_thread.take() {
            let _ = t.join();
        }
        let tail = self
            .stderr_tail
            .lock()
            .map(|t| String::from_utf8_lossy(&t).into_owned())
            .unwrap_or_default();
        classify_death(status.ok(), &tail, limits.max_memory)
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Closing stdin ends a healthy worker; one still busy is killed.
        self.jobs_tx = None;
        match self.child.try_wait() {
            Ok(Some(_)) => {}
            _ => {
                let deadline = Instant::now() + Duration::from_millis(200);
                loop {
                    if let Ok(Some(_)) = self.child.try_wait() {
                        break;
                    }
                    if Instant::now() > deadline {
                        let _ = self.child.kill();
                        let _ = self.child.wait();
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
            }
        }
    }
}

/// A streamed report from its parts; a report without its head or tail
/// is a broken answer.
fn finish_report(
    head: Option<Value>,
    records: RecordsBuilder,
    tail: Option<Value>,
) -> Result<Doc, Error> {
    let (Some(head), Some(tail)) = (head, tail) else {
        return Err(Error::new(
            ErrorCode::Internal,
            "the worker ended a report it had not sent whole",
        ));
    };
    let records = records.finish().map_err(|e| {
        Error::new(
            ErrorCode::Internal,
            format!("cannot keep the records in a temporary file: {e}"),
        )
    })?;
    Doc::streamed(head, records, tail)
}

/// The thread that feeds a worker's stdin; it ends (closing the pipe, which
/// ends the worker) when the sender is dropped or a write fails.
fn spawn_writer(mut stdin: ChildStdin) -> std::io::Result<mpsc::Sender<Vec<u8>>> {
    let (tx, rx) = mpsc::channel::<Vec<u8>>();
    std::thread::Builder::new()
        .name("shinchoku-worker-in".into())
        .spawn(move || {
            for frame in rx {
                if stdin.write_all(&frame).and_then(|_| stdin.flush()).is_err() {
                    break;
                }
            }
        })?;
    Ok(tx)
}

/// Names why a worker died, from its exit status and the end of its stderr.
fn classify_death(
    status: Option<std::process::ExitStatus>,
    stderr_tail: &str,
    max_memory: u64,
) -> Error {
    let gib = max_memory as f64 / f64::from(1u32 << 30);
    if stderr_tail.contains("memory allocation of") || stderr_tail.contains("out of memory") {
        return Error::new(
            ErrorCode::TooLarge,
            format!(
                "the conversion needed more than {gib:.1} GiB of memory (--max-memory) and was stopped"
            ),
        );
    }
    if stderr_tail.contains("overflowed its stack") {
        return Error::new(
            ErrorCode::TooLarge,
            "the conversion overflowed its stack (content nested too deeply) and was stopped",
        );
    }
    let signal = status.and_then(|s| {
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            s.signal()
        }
        #[cfg(not(unix))]
        {
            let _ = s;
            None
        }
    });
    match signal {
        // The kernel's OOM killer, or an abort or fault while the address
        // space was exhausted: the limit is the likely cause.
        Some(9) => Error::new(
            ErrorCode::TooLarge,
            format!("the worker was killed (SIGKILL), most likely for memory; limit {gib:.1} GiB"),
        ),
        Some(sig) => Error::new(
            ErrorCode::Internal,
            format!(
                "the worker process stopped on signal {sig}; please report this file{}",
                last_line(stderr_tail)
            ),
        ),
        None => Error::new(
            ErrorCode::Internal,
            format!(
                "the worker process stopped ({}); please report this file{}",
                status
                    .map(|s| s.to_string())
                    .unwrap_or_else(|| "unknown status".into()),
                last_line(stderr_tail)
            ),
        ),
    }
}

fn last_line(tail: &str) -> String {
    match tail.lines().rev().find(|l| !l.trim().is_empty()) {
        Some(l) => format!(": {}", l.trim()),
        None => String::new(),
    }
}

/// A worker slot of a batch: keeps one worker alive across files, replaces
/// it after a limit was hit, and retires it when it has grown large.
pub struct Slot {
    limits: Limits,
    worker: Option<Worker>,
}

impl Slot {
    /// A slot that starts its worker on first use.
    pub fn new(limits: Limits) -> Slot {
        Slot {
            limits,
            worker: None,
        }
    }

    /// Converts one file: in a worker when the limits name one, else in
    /// this process. `cancel` stops the wait (the worker is killed).
    pub fn run(&mut self, job: &Job, bytes: &[u8], cancel: &AtomicBool) -> Result<Doc, Error> {
        if self.limits.worker_exe.is_none() {
            return in_process(job, bytes.to_vec(), self.limits.timeout).map(Doc::Whole);
        }
        let mut fresh_retry = false;
        loop {
            let worker = match self.worker.take() {
                Some(w) => w,
                None => match Worker::start(&self.limits) {
                    Ok(w) => w,
                    Err(e) => {
                        return Err(Error::new(
                            ErrorCode::Internal,
                            format!("cannot start a worker process: {e}"),
                        ));
                    }
                },
            };
            let mut worker = worker;
            // What earlier files left in this worker's address space.
            let carried = if worker.jobs > 0 { worker.vm_bytes } else { 0 };
            match worker.run(job, bytes, &self.limits, cancel) {
                Ended::Answered(r) => {
                    // Keep it unless it has grown past a quarter of its
                    // limit: its heap would leave the next file less room
                    // than a fresh worker has.
                    if worker.vm_bytes <= self.limits.max_memory / 4 {
                        self.worker = Some(worker);
                    }
                    return r;
                }
                Ended::Cancelled => {
                    return Err(Error::new(ErrorCode::Internal, "the batch was cancelled"));
                }
                Ended::Lost(e) => {
                    drop(worker);
                    // A reused worker may have hit the memory limit because
                    // of what earlier files left behind: when that was a real
                    // share of the limit, a fresh one decides, so that the
                    // outcome does not depend on scheduling. (Below 1/16 the
                    // retry would only double the cost of every bomb.)
                    if e.code == ErrorCode::TooLarge
                        && carried > self.limits.max_memory / 16
                        && !fresh_retry
                    {
                        fresh_retry = true;
                        continue;
                    }
                    return Err(e);
                }
            }
        }
    }
}

/// The library's plain path: the job on its own thread, within `timeout`.
/// A thread that overruns is abandoned (Rust cannot stop it) and reported
/// as `timeout`; a panic is `internal`.
pub fn in_process(job: &Job, bytes: Vec<u8>, timeout: Duration) -> Result<Value, Error> {
    let (tx, rx) = mpsc::channel();
    let job = job.clone();
    let spawned = std::thread::Builder::new()
        .name("shinchoku-file".into())
        .spawn(move || {
            let _ = tx.send(job.run(&bytes));
        });
    if let Err(e) = spawned {
        return Err(Error::new(
            ErrorCode::Internal,
            format!("cannot start a worker thread: {e}"),
        ));
    }
    match rx.recv_timeout(timeout) {
        Ok(r) => r,
        Err(RecvTimeoutError::Timeout) => Err(Error::new(
            ErrorCode::Timeout,
            format!(
                "the conversion took longer than {} s (--timeout) and was abandoned",
                timeout.as_secs_f64()
            ),
        )),
        Err(RecvTimeoutError::Disconnected) => Err(Error::new(
            ErrorCode::Internal,
            "the conversion thread stopped without a result",
        )),
    }
}

/// Runs one job under `limits`, in a fresh worker when the limits name an
/// executable: what single-file `extract`, `dump` and `compare` use so that
/// they get the same memory and time limits as a batch.
pub fn run_isolated(job: &Job, bytes: &[u8], limits: &Limits) -> Result<Value, Error> {
    Slot::new(limits.clone())
        .run(job, bytes, &AtomicBool::new(false))?
        .into_value()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_allocation_failure_is_too_large() {
        let e = classify_death(
            None,
            "memory allocation of 4294967296 bytes failed\n",
            2 << 30,
        );
        assert_eq!(e.code, ErrorCode::TooLarge);
        assert!(e.message.contains("2.0 GiB"), "{}", e.message);
    }

    #[test]
    fn an_unexplained_death_is_internal_and_quotes_stderr() {
        let e = classify_death(None, "thread 'main' did something\n", 2 << 30);
        assert_eq!(e.code, ErrorCode::Internal);
        assert!(e.message.contains("did something"), "{}", e.message);
    }

    #[test]
    fn the_plain_path_converts_in_this_process() {
        let job = Job::Extract {
            fiscal_year: None,
            password: None,
            models: None,
            sha256: None,
        };
        // Not a PDF: answers at once, well within the limit.
        let r = in_process(&job, b"not a pdf".to_vec(), Duration::from_secs(30));
        assert_eq!(r.map_err(|e| e.code).err(), Some(ErrorCode::NotPdf));
    }

    /// A stand-in worker: a shell script run in place of the binary, to
    /// drive the parent's kill and classify paths with real processes.
    #[cfg(unix)]
    fn script_worker(name: &str, body: &str) -> Limits {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("shinchoku-worker-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("script");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        Limits {
            worker_exe: Some(path),
            max_memory: DEFAULT_MAX_MEMORY,
            timeout: Duration::from_secs(1),
            model_threads: None,
        }
    }

    #[cfg(unix)]
    fn job() -> Job {
        Job::Extract {
            fiscal_year: None,
            password: None,
            models: None,
            sha256: None,
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_worker_that_never_answers_is_killed_at_the_timeout() {
        let limits = script_worker("sleeper", "exec sleep 30");
        let started = Instant::now();
        // More than a pipe holds: the write must not block the timeout.
        let e = run_isolated(&job(), &vec![b'x'; 1 << 20], &limits).expect_err("no answer");
        assert_eq!(e.code, ErrorCode::Timeout, "{}", e.message);
        assert!(started.elapsed() < Duration::from_secs(20));
    }

    #[cfg(unix)]
    #[test]
    fn a_worker_that_dies_of_memory_is_too_large_and_others_are_internal() {
        let limits = script_worker(
            "oom",
            "echo 'memory allocation of 4294967296 bytes failed' >&2; kill -ABRT $$",
        );
        let e = run_isolated(&job(), b"%PDF", &limits).expect_err("died");
        assert_eq!(e.code, ErrorCode::TooLarge, "{}", e.message);
        let limits = script_worker("crash", "echo 'something odd' >&2; exit 3");
        let e = run_isolated(&job(), b"%PDF", &limits).expect_err("died");
        assert_eq!(e.code, ErrorCode::Internal, "{}", e.message);
        assert!(e.message.contains("something odd"), "{}", e.message);
    }

    #[cfg(unix)]
    #[test]
    fn a_worker_is_told_its_share_of_the_cores() {
        let mut limits = script_worker(
            "threads",
            "echo \"threads=$SHINCHOKU_OCR_THREADS\" >&2; exit 3",
        );
        limits.model_threads = Some(3);
        let e = run_isolated(&job(), b"%PDF", &limits).expect_err("died");
        // a value the caller's environment sets is kept
        let want = std::env::var(crate::raster::OCR_THREADS_ENV).unwrap_or_else(|_| "3".into());
        assert!(
            e.message.contains(&format!("threads={want}")),
            "{}",
            e.message
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_worker_answers_through_the_protocol() {
        let limits = script_worker(
            "echoer",
            "read line; echo '{\"ok\":{\"x\":0.30000000000000004},\"vm_bytes\":1}'; cat >/dev/null",
        );
        let v = run_isolated(&job(), b"%PDF", &limits).expect("answer");
        assert_eq!(v["x"].as_f64(), Some(0.30000000000000004));
    }

    #[cfg(unix)]
    #[test]
    fn a_streamed_report_comes_back_whole_and_a_death_mid_report_drops_it() {
        let parts = r#"echo '{"head":{"schema_version":"1","columns":[]}}'; echo '{"record":{"id":"p1-r1","x":0.1}}'; echo '{"record":{"id":"p1-r2"}}'; echo '{"tail":{"warnings":[]}}'"#;
        let limits = script_worker(
            "streamer",
            &format!(r#"read line; {parts}; echo '{{"end":true,"vm_bytes":1}}'; cat >/dev/null"#),
        );
        let v = run_isolated(&job(), b"%PDF", &limits).expect("answer");
        assert_eq!(
            serde_json::to_string(&v).expect("json"),
            r#"{"schema_version":"1","columns":[],"records":[{"id":"p1-r1","x":0.1},{"id":"p1-r2"}],"warnings":[]}"#
        );
        let limits = script_worker(
            "dies-mid-report",
            &format!("read line; {parts}; echo 'something odd' >&2; exit 3"),
        );
        let e = run_isolated(&job(), b"%PDF", &limits).expect_err("died");
        assert_eq!(e.code, ErrorCode::Internal, "{}", e.message);
        assert!(e.message.contains("something odd"), "{}", e.message);
    }

    #[test]
    fn jobs_round_trip_through_the_protocol() {
        let req = Request {
            job: Job::Dump {
                password: Some("pw".into()),
                page: Some(2),
                text: true,
            },
            len: 7,
        };
        let line = serde_json::to_string(&req).expect("serializes");
        assert!(!line.contains('\n'));
        let back: Request = serde_json::from_str(&line).expect("parses");
        assert_eq!(back.job, req.job);
        assert_eq!(back.len, 7);
    }
}
