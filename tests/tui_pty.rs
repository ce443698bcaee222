//! The real binary in a real pseudo-terminal: create, type, quit, reopen; and
//! a hang-up that must not lose a half-typed field.

use std::path::Path;
use std::time::Duration;

mod common;

use common::pty::{Session, session_file};

fn spawn(data: &Path, args: &[&str]) -> Session {
    common::pty::spawn_sized(data, args, &[], 80)
}

#[test]
fn create_type_quit_reopen_returns_to_the_text_and_the_field() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut s = spawn(dir.path(), &["new", "--title", "Pty test"]);
    s.wait_for("Our e-safety vision");
    s.send(b"\r"); // Enter: start typing
    s.send("Learners stay safe, ünïcödé 日本".as_bytes());
    s.wait_for("Learners stay safe, ünïcödé 日本");
    s.send(b"\x11"); // Ctrl-Q
    assert!(s.wait_exit(), "Ctrl-Q quits");
    let file = session_file(dir.path());
    let text = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(text.contains("Learners stay safe, ünïcödé 日本"), "{text}");

    let file_arg = file.display().to_string();
    let mut again = spawn(dir.path(), &["open", &file_arg]);
    again.wait_for("Learners stay safe");
    let screen = again.screen();
    assert!(
        screen.contains("▶ Our e-safety vision"),
        "focus is back on the vision:\n{screen}"
    );
    again.send(b"\r"); // Enter: typing shows the cursor
    again.wait_for("Typing: Our e-safety vision");
    let screen = again.screen();
    let (row, _) = again.cursor();
    let line: Vec<&str> = screen.lines().collect();
    let at = line.get(usize::from(row)).copied().unwrap_or("");
    assert!(
        at.contains("Learners stay safe"),
        "the cursor is in the vision field, on {at:?}:\n{screen}"
    );
    again.send(b"\x11");
    assert!(again.wait_exit());
}

#[test]
fn a_hang_up_keeps_the_half_typed_field() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut s = spawn(dir.path(), &["new", "--title", "Hang up"]);
    s.wait_for("Our e-safety vision");
    s.send(b"\r");
    s.send(b"Typed then the line dropped");
    s.wait_for("Typed then the line dropped");
    // Close the terminal without quitting: once every handle on the master is
    // closed the kernel sends SIGHUP. Dropping the writer sends an end-of-file
    // the app draws, which wakes the reader so that it closes its handle too.
    s.stop.store(true, std::sync::atomic::Ordering::SeqCst);
    drop(s.master.take());
    drop(s.writer.take());
    assert!(s.wait_exit(), "the process exits after a hang-up");
    let text = std::fs::read_to_string(session_file(dir.path())).unwrap_or_default();
    assert!(text.contains("Typed then the line dropped"), "{text}");
}

#[test]
fn sigterm_keeps_the_half_typed_field() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut s = spawn(dir.path(), &["new", "--title", "Term"]);
    s.wait_for("Our e-safety vision");
    s.send(b"\r");
    s.send(b"Stopped by the admin");
    s.wait_for("Stopped by the admin");
    let pid = s.child.process_id().unwrap_or_else(|| panic!("no pid"));
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(status.success());
    assert!(s.wait_exit(), "the process exits on SIGTERM");
    let text = std::fs::read_to_string(session_file(dir.path())).unwrap_or_default();
    assert!(text.contains("Stopped by the admin"), "{text}");
}

fn cli(data: &Path, member: &str, args: &[&str]) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_safestep"))
        .env("SAFESTEP_CONFIG_DIR", data.join("config"))
        .env_remove("RUST_BACKTRACE")
        .arg("--data-dir")
        .arg(data)
        .arg("--as")
        .arg(member)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn import_a_members_copy_then_settle_the_conflict_it_brings() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let data = dir.path();
    let file = data.join("spring.ron");
    let f = file.display().to_string();
    cli(
        data,
        "alice",
        &["new", "--title", "Spring", "--no-open", "--file", &f],
    );
    cli(
        data,
        "alice",
        &["answer", &f, "vision.statement", "Safe online"],
    );
    // Bob's copy goes away on a laptop; both change the vision.
    let copy = dir.path().join("bob-laptop.ron");
    std::fs::copy(&file, &copy).unwrap_or_else(|e| panic!("{e}"));
    let c = copy.display().to_string();
    cli(
        data,
        "bob",
        &["answer", &c, "vision.statement", "Safe and kind online"],
    );
    cli(data, "bob", &["answer", &c, "group.chair", "Dana Reid"]);
    cli(
        data,
        "alice",
        &["answer", &f, "vision.statement", "Safe, always"],
    );

    let mut s = spawn(data, &["open", &f]);
    s.wait_for("Safe, always");
    s.send(b"\x1b[19~"); // F8: import
    s.wait_for("Import a member's copy");
    s.wait_for("bob-laptop.ron");
    s.send(b"\x1b[B"); // Down: pick the copy found beside the session
    s.send(b"\r");
    s.wait_for("1 new conflict");
    s.wait_for("1 new answer");
    s.send(b"\x1b"); // close the window: nothing is being typed
    std::thread::sleep(Duration::from_millis(400));
    s.wait_for("⚠ 1 conflict");
    s.send(b"\x1b[18~"); // F7: conflicts
    s.wait_for("Conflicts: 1 waiting");
    s.wait_for("Safe and kind online");
    // Pick bob's value by what the screen marks as chosen ("▶ N. bob ·"),
    // whichever column it is in.
    s.send(b"\x1b[D"); // Left: the first value
    std::thread::sleep(Duration::from_millis(300));
    if !s.screen().contains("▶ 1. bob") {
        s.send(b"\x1b[C"); // Right: the second value
        s.wait_for("▶ 2. bob");
    }
    s.send(b"\r");
    s.wait_for("no conflicts left");
    s.send(b"\x11");
    assert!(s.wait_exit(), "Ctrl-Q quits");

    let text = std::fs::read_to_string(&file).unwrap_or_default();
    let parsed = safestep::doc::parse(&text).unwrap_or_else(|e| panic!("{e:?}"));
    let doc = parsed.session;
    assert!(doc.conflicts().is_empty(), "{text}");
    assert_eq!(doc.text_value("vision.statement"), "Safe and kind online");
    assert_eq!(doc.text_value("group.chair"), "Dana Reid");
    // The copy itself is untouched.
    let copy_text = std::fs::read_to_string(&copy).unwrap_or_default();
    assert!(!copy_text.contains("Safe, always"));
}
