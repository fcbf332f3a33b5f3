//! libFuzzer target: the whole pipeline on arbitrary bytes.
//!
//! Any `Err` is a fine outcome; a panic, an abort, a leak of memory past
//! libFuzzer's `-rss_limit_mb` or a hang past `-timeout` is a finding.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = shinchoku::extract(data, &shinchoku::extract::Options::default());
});
