//! The fast reader and the `ron` reader accept the same texts with the same
//! meaning; `check`'s positional reader never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;
use safestep::doc;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let fast = doc::parse(text);
    let reference = doc::parse_ron(text);
    assert_eq!(fast, reference, "the readers differ");
    for f in doc::lint::lint(text) {
        assert!(f.line >= 1 && f.line <= text.lines().count() + 1);
    }
});
