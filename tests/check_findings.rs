//! `safestep check` finds what a person breaks in a session file, each at its
//! own line and column, through the real binary.

mod common;

use common::{new_session, run, safestep, stderr, stdout};
use std::path::{Path, PathBuf};

/// A session with a rating and an action, and its text.
fn session(d: &Path) -> (PathBuf, String) {
    let f = new_session(d, "Check");
    for (prompt, value) in [
        ("two.actions", "what=Do it; owner=Sam; due=2027-01-02"),
        ("one.rating", "2"),
    ] {
        let o = run(safestep(d, "alice")
            .arg("answer")
            .arg(&f)
            .args([prompt, value]));
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let t = std::fs::read_to_string(&f).expect("read");
    (f, t)
}

/// The 1-based line of the first line holding `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("{needle} not in\n{text}"))
}

/// `check` on `text`: exit code, stderr.
fn check(d: &Path, text: &str) -> (Option<i32>, String, String) {
    let f = d.join("edited.ron");
    std::fs::write(&f, text).expect("write");
    let o = run(safestep(d, "alice").arg("check").arg(&f));
    let err = stderr(&o).replace(&format!("{}:", f.display()), "F:");
    (o.status.code(), err, stdout(&o))
}

#[test]
fn a_missing_comma_is_reported_on_its_own_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, t) = session(dir.path());
    let line = line_of(&t, "    id: ");
    let broken = t.replacen("\",\n    created", "\"\n    created", 1);
    let (code, err, _) = check(dir.path(), &broken);
    assert_eq!(code, Some(1));
    assert!(err.starts_with(&format!("F:{line}:")), "{err}");
    assert!(err.contains("missing comma"), "{err}");
}

#[test]
fn an_unknown_field_is_reported_where_it_is_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, t) = session(dir.path());
    let line = line_of(&t, "prompt: \"two.actions\"");
    let (code, err, _) = check(dir.path(), &t.replacen("prompt: ", "promt: ", 1));
    assert_eq!(code, Some(1));
    assert!(
        err.starts_with(&format!("F:{line}:13: unknown field `promt`")),
        "{err}"
    );
}

#[test]
fn a_duplicate_key_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, t) = session(dir.path());
    let line = line_of(&t, "\"one.rating\": Rating(");
    let dup = t.replacen(
        "    answers: {\n",
        "    answers: {\n        \"one.rating\": Text([]),\n",
        1,
    );
    let (code, err, out) = check(dir.path(), &dup);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        err.contains(&format!(
            "F:{}:9: the key \"one.rating\" is given twice",
            line + 1
        )),
        "{err}"
    );
}

#[test]
fn values_out_of_range_are_errors_at_their_place() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, t) = session(dir.path());
    let bad = t
        .replacen("2027-01-02", "2027-13-45", 1)
        .replacen("value: \"open\"", "value: \"opne\"", 1)
        .replacen("(value: 2,", "(value: 99,", 1);
    let (code, err, _) = check(dir.path(), &bad);
    assert_eq!(code, Some(1));
    for (needle, what) in [
        ("2027-13-45", "is not a date"),
        ("\"opne\"", "is not one of"),
        ("value: 99", "rating level 99 is out of range"),
    ] {
        let line = line_of(&bad, needle);
        assert!(
            err.lines()
                .any(|l| l.starts_with(&format!("F:{line}:")) && l.contains(what)),
            "{needle}: {err}"
        );
    }
}

#[test]
fn comments_byte_order_marks_crlf_and_normalised_registers_are_warnings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, t) = session(dir.path());
    let line = line_of(&t, "    previous: None");
    let commented = t.replacen("    previous: None", "    // a note\n    previous: None", 1);
    let (code, err, out) = check(dir.path(), &commented);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("valid session"), "{out}");
    assert!(
        err.contains(&format!(
            "F:{line}:5: warning: a comment: saving the session removes it"
        )),
        "{err}"
    );

    let crlf = format!("\u{feff}{}", t.replace('\n', "\r\n"));
    let (code, err, _) = check(dir.path(), &crlf);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("F:1:1: warning: a byte order mark"), "{err}");
    assert!(err.contains("F:1:1: warning: CRLF"), "{err}");

    let (code, err, _) = check(dir.path(), &format!("\u{feff}\u{feff}{t}"));
    assert_eq!(code, Some(1), "{err}");

    // The title listed twice, and a second title value with the same edit.
    let title_line = line_of(&t, "    title: [");
    let start = t.find("    title: [").expect("title") + "    title: [".len();
    let end = start + t[start..].find("],\n").expect("end");
    let entry = &t[start..end];
    let twice = format!("{}{entry}, {entry}{}", &t[..start], &t[end..]);
    let (code, err, _) = check(dir.path(), &twice);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains(&format!("F:{title_line}:")) && err.contains("listed twice"),
        "{err}"
    );
    let other = entry.replacen("value: \"Check\"", "value: \"Changed\"", 1);
    let differ = format!("{}{entry}, {other}{}", &t[..start], &t[end..]);
    let (code, err, _) = check(dir.path(), &differ);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("both are kept as a conflict"), "{err}");
}
