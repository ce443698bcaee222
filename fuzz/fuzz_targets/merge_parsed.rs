//! Two or three copies parsed from the input (split at 0xFF bytes, which no
//! UTF-8 text holds): the merge laws hold byte for byte.
#![no_main]
use libfuzzer_sys::fuzz_target;
use safestep::doc::{self, Session};

fn text(s: &Session) -> String {
    doc::to_text(s).expect("text")
}

fuzz_target!(|data: &[u8]| {
    let copies: Vec<Session> = data
        .split(|&b| b == 0xff)
        .take(3)
        .filter_map(|part| std::str::from_utf8(part).ok())
        .filter_map(|t| doc::parse(t).ok())
        .map(|p| p.session)
        .collect();
    let (a, b) = match copies.as_slice() {
        [a, b, ..] => (a, b),
        _ => return,
    };
    let ab = a.merge_forced(b);
    assert_eq!(text(&ab), text(&b.merge_forced(a)), "not commutative");
    assert_eq!(text(&a.merge_forced(a)), text(a), "not idempotent");
    if let Some(c) = copies.get(2) {
        assert_eq!(
            text(&ab.merge_forced(c)),
            text(&a.merge_forced(&b.merge_forced(c))),
            "not associative"
        );
    }
    let _ = doc::removals(a, b);
});
