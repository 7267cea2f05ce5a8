#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let (value, problems) = renda::load::check_stats_text(data);
    common::check(&problems, value.is_some());
});
