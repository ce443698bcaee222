//! The key scheme in the real binary, in a real pseudo-terminal: the
//! sequences that once typed commands into answers, replayed byte by byte.

use std::path::Path;

mod common;

use common::pty::{Session, session_file};

fn spawn(data: &Path, args: &[&str]) -> Session {
    common::pty::spawn_sized(data, args, &[], 80)
}

/// The vision's text in the saved session file.
fn saved_vision(dir: &Path) -> String {
    let file = session_file(dir);
    let loaded = safestep::store::load(&file).unwrap_or_else(|e| panic!("{e}"));
    loaded.session.text_value("vision.statement").to_owned()
}

#[test]
fn tab_away_and_back_then_g3_types_nothing_and_ctrl_g_3_goes_to_step_3() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut s = spawn(dir.path(), &["new", "--title", "Keys"]);
    s.wait_for("Our e-safety vision");
    s.wait_for("Enter type");
    s.send(b"\r"); // Enter: start typing
    s.wait_for("Typing: Our e-safety vision");
    s.send(b"Learners stay safe");
    s.wait_for("Learners stay safe");
    // The cursor is in the field, after the text.
    let (row, col) = s.cursor();
    let screen = s.screen();
    let line = screen.lines().nth(usize::from(row)).unwrap_or("");
    assert!(line.contains("Learners stay safe"), "cursor on {line:?}");
    assert!(col > 20, "cursor at column {col}");
    s.send(b"\t"); // Tab: the next field
    s.wait_for("▶ Problems we are trying to solve");
    s.send(b"\x1b[Z"); // Shift-Tab: back to the vision, not typing
    s.wait_for("▶ Our e-safety vision");
    s.send(b"g3");
    s.wait_for("Press Enter to type in Our e-safety vision");
    s.send(b"\x07"); // Ctrl-G: the list of steps
    s.wait_for("Go to step");
    s.send(b"3");
    s.wait_for("Step 3");
    s.send(b"\x11"); // Ctrl-Q
    assert!(s.wait_exit(), "Ctrl-Q quits");
    assert_eq!(saved_vision(dir.path()), "Learners stay safe");
}

#[test]
fn a_new_session_then_w_types_nothing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut s = spawn(dir.path(), &["new", "--title", "Attendance"]);
    s.wait_for("Our e-safety vision");
    s.send(b"w");
    s.wait_for("Press Enter to type in");
    s.send(b"\x14"); // Ctrl-T: who is here
    s.wait_for("Nobody on the roster");
    s.send(b"\x11");
    assert!(s.wait_exit(), "Ctrl-Q quits");
    assert_eq!(saved_vision(dir.path()), "");
}
