//! The real binary in a pseudo-terminal, for the tests that drive it by
//! keystroke (`tui_pty`, `tui_unsaved`, `tui_keys_pty`).

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The real binary in a pseudo-terminal, its screen parsed by vt100.
pub struct Session {
    pub parser: Arc<Mutex<vt100::Parser>>,
    /// Tells the reader thread to close its handle on the terminal after its next read.
    pub stop: Arc<std::sync::atomic::AtomicBool>,
    pub writer: Option<Box<dyn Write + Send>>,
    pub master: Option<Box<dyn portable_pty::MasterPty + Send>>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
}

/// Start `safestep --data-dir DATA --as alice ARGS` in a 24-row pty `cols` wide,
/// with `env` added.
pub fn spawn_sized(data: &Path, args: &[&str], env: &[(&str, &str)], cols: u16) -> Session {
    let pty = native_pty_system();
    let pair = pty
        .openpty(PtySize {
            rows: 24,
            cols,
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
    cmd.env("SAFESTEP_STATE_DIR", data.join("state"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    let child = pair
        .slave
        .spawn_command(cmd)
        .unwrap_or_else(|e| panic!("spawn: {e}"));
    drop(pair.slave);
    let parser = Arc::new(Mutex::new(vt100::Parser::new(24, cols, 0)));
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
    pub fn screen(&self) -> String {
        self.parser
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .screen()
            .contents()
    }

    pub fn cursor(&self) -> (u16, u16) {
        self.parser
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .screen()
            .cursor_position()
    }

    pub fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(15) {
            if self.screen().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("timed out waiting for {text:?}; screen:\n{}", self.screen());
    }

    pub fn send(&mut self, bytes: &[u8]) {
        if let Some(w) = self.writer.as_mut() {
            w.write_all(bytes).unwrap_or_else(|e| panic!("{e}"));
            w.flush().unwrap_or_else(|e| panic!("{e}"));
        }
    }

    pub fn wait_exit(&mut self) -> bool {
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

/// The session file (`*.ron`) in `dir`.
pub fn session_file(dir: &Path) -> PathBuf {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "ron"))
        .unwrap_or_else(|| panic!("no session file in {}", dir.display()))
}
