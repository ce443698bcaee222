//! Nothing from a content file, a file name or an answer reaches the terminal
//! as a control sequence or an invisible character, through the real binary.

mod common;

use common::{mini, new_session, run, safestep, stderr, stdout};
use std::path::Path;
use std::process::Command;

const ESC: char = '\u{1b}';
const INVISIBLE: [char; 9] = [
    '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{061C}', '\u{2028}', '\u{2029}',
    '\u{180E}',
];

fn assert_clean(text: &str) {
    assert!(!text.contains(ESC), "an escape reached the terminal: {text:?}");
    assert!(!text.contains('\u{7}'), "a bell reached the terminal: {text:?}");
    for c in INVISIBLE {
        assert!(!text.contains(c), "U+{:04X} reached the terminal: {text:?}", u32::from(c));
    }
}

/// `mini.ron` with an escape sequence in a step title and a section name.
fn hostile_content(dir: &Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(mini()).expect("read mini");
    let text = text
        .replacen(
            "title: \"First step\"",
            "title: \"First\u{1b}]0;owned\u{7}\u{1b}[2J step\u{200B}\"",
            1,
        )
        .replacen(
            "label: \"Short\", kind: ShortText",
            "label: \"Short\", section: \"Area\u{1b}[31m red\u{2028}\", kind: ShortText",
            1,
        );
    assert!(text.contains('\u{1b}'), "the fixture changed shape");
    let path = dir.join("hostile.ron");
    std::fs::write(&path, text).expect("write");
    path
}

#[test]
fn show_content_cleans_step_titles_and_sections() {
    let dir = tempfile::tempdir().expect("tempdir");
    let content = hostile_content(dir.path());
    let mut new = Command::new(env!("CARGO_BIN_EXE_safestep"));
    let file = dir.path().join("s.ron");
    new.env("SAFESTEP_CONFIG_DIR", dir.path().join("config"))
        .env("SAFESTEP_DATA_DIR", dir.path().join("data"))
        .args(["--as", "alice", "--content"])
        .arg(&content)
        .args(["new", "--title", "T", "--no-open", "--file"])
        .arg(&file);
    let out = run(&mut new);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut show = Command::new(env!("CARGO_BIN_EXE_safestep"));
    show.env("SAFESTEP_CONFIG_DIR", dir.path().join("config"))
        .env("SAFESTEP_DATA_DIR", dir.path().join("data"))
        .args(["--as", "alice", "--content"])
        .arg(&content)
        .arg("show")
        .arg(&file);
    let out = run(&mut show);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("First\u{241b}]0;owned\u{2407}\u{241b}[2J step"), "{text}");
    assert!(text.contains("Area\u{241b}[31m red\u{240a}"), "{text}");
    assert_clean(&text);
    assert_clean(&stderr(&out));
}

#[test]
fn file_names_are_cleaned_in_check_and_not_found_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = new_session(dir.path(), "Named");
    let hostile = dir.path().join("x\u{1b}]0;owned\u{7}\u{200B}.ron");
    std::fs::copy(&file, &hostile).expect("copy");
    let out = run(safestep(dir.path(), "alice").arg("check").arg(&hostile));
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("x\u{241b}]0;owned\u{2407}.ron"), "{text}");
    assert_clean(&text);
    assert_clean(&stderr(&out));

    let missing = dir.path().join("gone\u{1b}[2J\u{FEFF}.ron");
    for sub in ["check", "show"] {
        let out = run(safestep(dir.path(), "alice").arg(sub).arg(&missing));
        assert_eq!(out.status.code(), Some(1), "{sub}");
        let err = stderr(&out);
        assert!(err.contains("gone\u{241b}[2J.ron"), "{sub}: {err}");
        assert_clean(&err);
        assert_clean(&stdout(&out));
    }
}

#[test]
fn zero_width_characters_in_an_answer_are_not_shown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = new_session(dir.path(), "Zero width");
    let value = "AB\u{200B}\u{200D}\u{FEFF}\u{2060}\u{180E}CD\u{061C}EF";
    let out = run(safestep(dir.path(), "alice")
        .arg("answer")
        .arg(&file)
        .args(["one.short", value]));
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(safestep(dir.path(), "alice").arg("show").arg(&file));
    let text = stdout(&out);
    assert!(text.contains("ABCD\u{FFFD}EF"), "{text}");
    assert_clean(&text);
    // The file keeps exactly what was typed.
    let raw = std::fs::read_to_string(&file).expect("read");
    assert!(raw.contains('\u{200B}'), "{raw}");
}
