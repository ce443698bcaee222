//! The key scheme in the real binary, in a real pseudo-terminal: the
//! sequences that once typed commands into answers, replayed byte by byte.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Session {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Option<Box<dyn Write + Send>>,
    /// Kept open for as long as the session runs.
    _master: Box<dyn portable_pty::MasterPty + Send>,
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
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            p.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .process(&buf[..n]);
        }
    });
    let writer = pair.master.take_writer().unwrap_or_else(|e| panic!("{e}"));
    Session {
        parser,
        writer: Some(writer),
        _master: pair.master,
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
