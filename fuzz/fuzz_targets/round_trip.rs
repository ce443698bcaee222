//! A parsed session written and read back is itself, and writing is
//! idempotent byte for byte.
#![no_main]
use libfuzzer_sys::fuzz_target;
use safestep::doc;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(p) = doc::parse(text) else {
        return;
    };
    let t1 = doc::to_text(&p.session).expect("text");
    let again = doc::parse(&t1).expect("written text parses");
    assert_eq!(again.session, p.session, "round trip changed the session");
    let t2 = doc::to_text(&again.session).expect("text");
    assert_eq!(t1, t2, "to_text is not idempotent");
});
