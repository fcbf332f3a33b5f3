//! The runtime the OCR models run on.
//!
//! ONNX Runtime (its C library, loaded when first needed from where
//! `scripts/setup.sh` puts it beside the models) when it is there; else
//! rten, pure Rust and always built in. On one core ONNX Runtime 1.31 ran
//! the recognizer 30 % faster and the detector twice as fast as rten 0.27
//! (48 against 68 ms for a 640-column line, 62 against 154 ms for a 640 ×
//! 320 cell, 2026-12-06): what brings a dense image-only page under 3 s.
//! Both read the same ONNX files, and their outputs agree to rounding.
//!
//! `SHINCHOKU_OCR_ENGINE=rten` or `onnxruntime` chooses one; the second
//! fails, saying why, where the library is not usable.
//! `SHINCHOKU_OCR_THREADS` sets the threads of one model run (default: one
//! a core; a batch sets it for its workers, see `super::OCR_THREADS_ENV`).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// File name of the ONNX Runtime library that `scripts/setup.sh` installs
/// beside the models (from the PyPI wheel `onnxruntime==1.31.1`; the
/// crate `ort` is built for its API version 31).
#[cfg(target_os = "linux")]
pub const ONNXRUNTIME_LIB: &str = "libonnxruntime.so.1.31.1";
/// File name of the ONNX Runtime library beside the models.
#[cfg(target_os = "macos")]
pub const ONNXRUNTIME_LIB: &str = "libonnxruntime.1.31.1.dylib";
/// File name of the ONNX Runtime library beside the models.
#[cfg(windows)]
pub const ONNXRUNTIME_LIB: &str = "onnxruntime.dll";
/// File name of the ONNX Runtime library beside the models.
#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
pub const ONNXRUNTIME_LIB: &str = "libonnxruntime.so";

/// One model, on the runtime it was loaded on.
pub enum Engine {
    /// ONNX Runtime. Its sessions run with `&mut`: one run at a time.
    Ort(Mutex<ort::session::Session>),
    /// rten, and the threads it runs on when `SHINCHOKU_OCR_THREADS` says.
    Rten(Box<rten::Model>, Option<Arc<rten::ThreadPool>>),
}

/// Threads of one model run, from `SHINCHOKU_OCR_THREADS`.
fn threads() -> Option<usize> {
    std::env::var(super::OCR_THREADS_ENV)
        .ok()?
        .trim()
        .parse()
        .ok()
        .filter(|&n| n > 0)
}

/// The runtime library loaded once a process: ort binds its functions
/// process-wide, so a second library could not be loaded anyway.
fn onnxruntime(lib: &Path) -> Result<&'static ort::environment::Environment, String> {
    static ENV: OnceLock<Result<ort::environment::Environment, String>> = OnceLock::new();
    ENV.get_or_init(|| {
        if !lib.is_file() {
            return Err(format!("{}: no such file", lib.display()));
        }
        ort::init_from(lib)
            .map_err(|e| format!("{}: {e}", lib.display()))?
            .build()
            .map_err(|e| format!("{}: {e}", lib.display()))
    })
    .as_ref()
    .map_err(Clone::clone)
}

/// Where the ONNX Runtime library is looked for: `SHINCHOKU_ONNXRUNTIME`,
/// else beside the models.
pub fn onnxruntime_path(models: &Path) -> PathBuf {
    std::env::var_os("SHINCHOKU_ONNXRUNTIME")
        .map(PathBuf::from)
        .unwrap_or_else(|| models.join(ONNXRUNTIME_LIB))
}

/// The runtime asked for by `SHINCHOKU_OCR_ENGINE` (`""` when it is not
/// set): what [`Engine::load`] goes by, and what models loaded once are kept
/// for.
pub fn choice() -> String {
    std::env::var("SHINCHOKU_OCR_ENGINE").unwrap_or_default()
}

impl Engine {
    /// Loads `dir/file` on ONNX Runtime when its library is usable (or
    /// when `SHINCHOKU_OCR_ENGINE` says which), else on rten.
    pub fn load(dir: &Path, file: &str) -> Result<Engine, String> {
        let path = dir.join(file);
        let choice = choice();
        if choice != "rten" {
            match onnxruntime(&onnxruntime_path(dir)) {
                Ok(env) => return Self::load_ort(env, &path),
                Err(e) if choice == "onnxruntime" => {
                    return Err(format!("ONNX Runtime not usable: {e}"));
                }
                Err(_) => {}
            }
        }
        let model =
            rten::Model::load_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let pool = threads().map(|n| Arc::new(rten::ThreadPool::with_num_threads(n)));
        Ok(Engine::Rten(Box::new(model), pool))
    }

    fn load_ort(env: &ort::environment::Environment, path: &Path) -> Result<Engine, String> {
        let fail = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
        let mut b = ort::session::Session::builder(env)
            .map_err(|e| fail(&e))?
            .with_optimization_level(ort::session::builder::GraphOptimizationLevel::Level3)
            .map_err(|e| fail(&e))?
            .with_inter_threads(1)
            .map_err(|e| fail(&e))?
            // idle threads wait asleep: a batch runs a model per job already
            .with_intra_op_spinning(false)
            .map_err(|e| fail(&e))?;
        // No memory plan kept per input shape: every cell and line is a new
        // shape, and the plans with the arena took a 20-page scan past the
        // worker's 2 GiB address space (too_large); without them it reads,
        // and the samples are as fast (2.58 against 2.65 s/page).
        b = b.with_memory_pattern(false).map_err(|e| fail(&e))?;
        if let Some(n) = threads() {
            b = b.with_intra_threads(n).map_err(|e| fail(&e))?;
        }
        let session = b.commit_from_file(path).map_err(|e| fail(&e))?;
        Ok(Engine::Ort(Mutex::new(session)))
    }

    /// The runtime's name, for the record of how a page was read.
    pub fn name(&self) -> &'static str {
        match self {
            Engine::Ort(_) => "onnxruntime",
            Engine::Rten(..) => "rten",
        }
    }

    /// A value of the model's metadata (`key` of `metadata_props`).
    pub fn metadata(&self, key: &str) -> Option<String> {
        match self {
            Engine::Ort(s) => s.lock().ok()?.metadata().ok()?.custom(key),
            Engine::Rten(m, _) => m
                .metadata()
                .fields()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.to_string()),
        }
    }

    /// Runs the model on one `shape` tensor and hands its first output
    /// (shape, values in row-major order) to `f`. `None` when the run
    /// fails.
    pub fn run<R>(
        &self,
        shape: [usize; 4],
        data: Vec<f32>,
        f: impl FnOnce(&[usize], &[f32]) -> R,
    ) -> Option<R> {
        match self {
            Engine::Ort(s) => {
                let input = ort::value::Tensor::from_array((shape, data)).ok()?;
                let mut session = s.lock().ok()?;
                let out = session.run(ort::inputs![input]).ok()?;
                let first = out.values().next()?;
                let (dims, values) = first.try_extract_tensor::<f32>().ok()?;
                let dims: Vec<usize> = dims
                    .iter()
                    .map(|&d| usize::try_from(d).ok())
                    .collect::<Option<_>>()?;
                Some(f(&dims, values))
            }
            Engine::Rten(m, pool) => {
                use rten_tensor::prelude::*;
                let input = rten_tensor::NdTensor::from_data(shape, data);
                let opts = pool
                    .as_ref()
                    .map(|p| rten::RunOptions::default().with_thread_pool(Some(p.clone())));
                let id = *m.input_ids().first()?;
                let out_id = *m.output_ids().first()?;
                let mut outs = m
                    .run(vec![(id, input.view().into())], &[out_id], opts)
                    .ok()?;
                let out: rten_tensor::Tensor<f32> = outs.pop()?.try_into().ok()?;
                let out = out.to_contiguous();
                Some(f(out.shape(), out.data()))
            }
        }
    }
}
