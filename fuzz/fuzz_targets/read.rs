//! Any bytes in: the reader must return a document or an error, never panic,
//! overflow its stack or hang; and reading them owned or borrowed agrees.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let borrowed = redline::akn::read_bytes(data, "fuzz");
    // Owned bytes that are valid UTF-8 are taken as they stand instead of
    // decoded: the same document, or the same error.
    let owned = redline::akn::read_owned(data.to_vec(), "fuzz");
    match (borrowed, owned) {
        (Ok(a), Ok(b)) => assert_eq!(format!("{a:?}"), format!("{b:?}")),
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        (a, b) => panic!("one read failed: {:?} / {:?}", a.err(), b.err()),
    }
});
