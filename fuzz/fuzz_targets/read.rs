//! Any bytes in: the reader must return a document or an error, never panic,
//! overflow its stack or hang.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = redline::akn::read_bytes(data, "fuzz");
});
