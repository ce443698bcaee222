//! Unsaved changes are never discarded: quitting after a failed save asks
//! first, and a SIGTERM that cannot save (the lock is held) leaves a private
//! rescue copy that the next start points at. The real binary in a pty.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod common;

use common::pty::Session;

fn spawn(data: &Path, args: &[&str], env: &[(&str, &str)]) -> Session {
    common::pty::spawn_sized(data, args, env, 200)
}

/// Create a session with the CLI and hold its lock; returns the file and the lock.
fn held_session(dir: &Path) -> (PathBuf, std::fs::File) {
    let file = dir.join("held.ron");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_safestep"))
        .env("SAFESTEP_CONFIG_DIR", dir.join("config"))
        .env("SAFESTEP_STATE_DIR", dir.join("state"))
        .arg("--data-dir")
        .arg(dir)
        .args([
            "--as",
            "alice",
            "new",
            "--title",
            "Held",
            "--no-open",
            "--file",
        ])
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lock = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(safestep::store::lock_path(&file))
        .unwrap_or_else(|e| panic!("{e}"));
    lock.lock().unwrap_or_else(|e| panic!("{e}"));
    (file, lock)
}

fn rescues(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir.join("state/rescue"))
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "ron"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn quitting_after_a_failed_save_asks_then_retry_saves() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (file, lock) = held_session(dir.path());
    let f = file.display().to_string();
    let mut s = spawn(
        dir.path(),
        &["open", &f],
        &[("SAFESTEP_LOCK_WAIT_MS", "300")],
    );
    s.wait_for("Our e-safety vision");
    s.send(b"\r"); // Enter: start typing
    s.send(b"Typed while locked");
    s.wait_for("Typed while locked");
    s.send(b"\x11"); // Ctrl-Q: the save fails, so it asks instead of leaving
    s.wait_for("Ctrl-S tries again");
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        matches!(s.child.try_wait(), Ok(None)),
        "quit with unsaved changes after a failed save"
    );
    drop(lock);
    s.send(b"\x13"); // Ctrl-S: retry, now the lock is free
    std::thread::sleep(Duration::from_millis(500));
    s.send(b"\x11");
    assert!(s.wait_exit(), "quits once saved");
    let text = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(text.contains("Typed while locked"), "{text}");
    assert!(rescues(dir.path()).is_empty());
}

#[test]
fn quitting_twice_after_a_failed_save_keeps_a_private_copy() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (file, lock) = held_session(dir.path());
    let f = file.display().to_string();
    let mut s = spawn(
        dir.path(),
        &["open", &f],
        &[("SAFESTEP_LOCK_WAIT_MS", "300")],
    );
    s.wait_for("Our e-safety vision");
    s.send(b"\r"); // Enter: start typing
    s.send(b"Kept in a copy");
    s.wait_for("Kept in a copy");
    s.send(b"\x11");
    s.wait_for("Ctrl-S tries again");
    s.send(b"\x11");
    assert!(s.wait_exit(), "the second Ctrl-Q leaves");
    drop(lock);
    let copies = rescues(dir.path());
    assert_eq!(copies.len(), 1, "{copies:?}");
    let text = std::fs::read_to_string(&copies[0]).unwrap_or_default();
    assert!(text.contains("Kept in a copy"), "{text}");
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| {
        std::fs::metadata(p)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or(0)
    };
    assert_eq!(mode(&copies[0]), 0o600);
    assert_eq!(mode(&dir.path().join("state/rescue")), 0o700);
}

#[test]
fn sigterm_with_the_lock_held_leaves_a_rescue_copy_the_next_start_names() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (file, lock) = held_session(dir.path());
    let f = file.display().to_string();
    let mut s = spawn(dir.path(), &["open", &f], &[]);
    s.wait_for("Our e-safety vision");
    s.send(b"\r"); // Enter: start typing
    s.send(b"Rescued text");
    s.wait_for("Rescued text");
    let pid = s.child.process_id().unwrap_or_else(|| panic!("no pid"));
    let start = Instant::now();
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(status.success());
    assert!(s.wait_exit(), "SIGTERM ends it although the lock is held");
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    drop(lock);
    let copies = rescues(dir.path());
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert!(
        std::fs::read_to_string(&copies[0])
            .unwrap_or_default()
            .contains("Rescued text")
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_safestep"))
        .env("SAFESTEP_CONFIG_DIR", dir.path().join("config"))
        .env("SAFESTEP_STATE_DIR", dir.path().join("state"))
        .arg("--data-dir")
        .arg(dir.path())
        .arg("list")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Unsaved changes were kept in"), "{err}");
    assert!(err.contains("safestep merge"), "{err}");
}
