//! The `shinchoku` command line; all work lives in the library.

// The allocator is the program's choice, so it is set here and not in the
// library. jemalloc took 9 % less CPU time than glibc's malloc on the
// samples and corpus and 17–30 % less on long documents, where mimalloc took
// more (README, Benchmark).
#[cfg(feature = "alloc-jemalloc")]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

// jemalloc's options, read once before the first allocation (a C string
// behind the pointer jemalloc looks up by this name). Freed pages are kept
// for reuse rather than handed back to the kernel and faulted in again:
// scans allocate page-sized bitmaps of several MiB each, one after the
// other, and a worker runs file after file. Over the samples and corpus
// (161 files, `--jobs 1`, pinned) system time went 0.67 → 0.44 s, the
// batch's peak RSS 228 → 250 MiB; long documents kept their peak (README,
// Benchmark). `_RJEM_MALLOC_CONF` in the environment still overrides it.
#[cfg(feature = "alloc-jemalloc")]
#[unsafe(export_name = "_rjem_malloc_conf")]
static MALLOC_CONF: &[u8] = b"dirty_decay_ms:-1,muzzy_decay_ms:-1\0";

fn main() {
    std::process::exit(shinchoku::run_cli());
}
