//! The `shinchoku` command line; all work lives in the library.

// The allocator is the program's choice, so it is set here and not in the
// library. jemalloc took 9 % less CPU time than glibc's malloc on the
// samples and corpus and 17–30 % less on long documents, where mimalloc took
// more (README, Benchmark).
#[cfg(feature = "alloc-jemalloc")]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    std::process::exit(shinchoku::run_cli());
}
