//! The real binary in a real pseudo-terminal: create, type, quit, reopen; and
//! a hang-up that must not lose a half-typed field.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Session {
    parser: Arc<Mutex<vt100::Parser>>,
    /// Tells the reader thread to close its handle on the terminal after its next read.
    stop: Arc<std::sync::atomic::AtomicBool>,
    writer: Option<Box<dyn Write + Send>>,
    master: Option<Box<dyn portable_pty::MasterPty + Send>>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

fn spawn(data: &Path, args: &[&str]) -> Session {
    let pty = native_pty_system();
    let pair = pty
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap_or_else(|e| panic!("openpty: {e}"));
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_safestep"));
    cmd.arg("--data-dir");
    cmd.arg(data);
    cmd.arg("--as");
    cmd.arg("alice");
    for a in args {
        cmd.arg(a);
    }
    cmd.env("TERM", "xterm-256color");
    cmd.env("SAFESTEP_CONFIG_DIR", data.join("config"));
    cmd.env_remove("NO_COLOR");
    let child = pair
        .slave
        .spawn_command(cmd)
        .unwrap_or_else(|e| panic!("spawn: {e}"));
    drop(pair.slave);
    let parser = Arc::new(Mutex::new(vt100::Parser::new(24, 80, 0)));
    let mut reader = pair
        .master
        .try_clone_reader()
        .unwrap_or_else(|e| panic!("{e}"));
    let p = Arc::clone(&parser);
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stop_reader = Arc::clone(&stop);
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            p.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .process(&buf[..n]);
            if stop_reader.load(std::sync::atomic::Ordering::SeqCst) {
                break;
            }
        }
        // The reader (a duplicate of the master) is dropped here.
    });
    let writer = pair.master.take_writer().unwrap_or_else(|e| panic!("{e}"));
    Session {
        parser,
        stop,
        writer: Some(writer),
        master: Some(pair.master),
        child,
    }
}

impl Session {
    fn screen(&self) -> String {
        self.parser
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .screen()
            .contents()
    }

    fn cursor(&self) -> (u16, u16) {
        self.parser
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .screen()
            .cursor_position()
    }

    fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(15) {
            if self.screen().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("timed out waiting for {text:?}; screen:\n{}", self.screen());
    }

    fn send(&mut self, bytes: &[u8]) {
        if let Some(w) = self.writer.as_mut() {
            w.write_all(bytes).unwrap_or_else(|e| panic!("{e}"));
            w.flush().unwrap_or_else(|e| panic!("{e}"));
        }
    }

    fn wait_exit(&mut self) -> bool {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(15) {
            if let Ok(Some(status)) = self.child.try_wait() {
                println!("exit status: {status:?}");
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        false
    }
}

fn session_file(dir: &Path) -> PathBuf {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "ron"))
        .unwrap_or_else(|| panic!("no session file in {}", dir.display()))
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
    s.send(b"\x1b[C"); // Right: bob's value
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
