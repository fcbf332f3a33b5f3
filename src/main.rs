//! The `shinchoku` command line; all work lives in the library.

fn main() {
    std::process::exit(shinchoku::run_cli());
}
