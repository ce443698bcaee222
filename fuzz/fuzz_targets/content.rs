//! Loading content never panics, and every error names a line and column
//! inside the input.
#![no_main]
use libfuzzer_sys::fuzz_target;
use safestep::content::Framework;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = Framework::parse(text) {
        let lines: Vec<&str> = text.split('\n').collect();
        assert!(e.line >= 1 && e.line <= lines.len(), "line {} outside", e.line);
        let len = lines[e.line - 1].chars().count();
        assert!(e.col >= 1 && e.col <= len + 1, "col {} outside line of {len}", e.col);
    }
});
