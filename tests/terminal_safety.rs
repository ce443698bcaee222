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
    assert!(
        !text.contains(ESC),
        "an escape reached the terminal: {text:?}"
    );
    assert!(
        !text.contains('\u{7}'),
        "a bell reached the terminal: {text:?}"
    );
    for c in INVISIBLE {
        assert!(
            !text.contains(c),
            "U+{:04X} reached the terminal: {text:?}",
            u32::from(c)
        );
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
    assert!(
        text.contains("First\u{241b}]0;owned\u{2407}\u{241b}[2J step"),
        "{text}"
    );
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

/// The real binary in a pseudo-terminal, drawn by a terminal emulator.
struct Pty {
    parser: std::sync::Arc<std::sync::Mutex<vt100::Parser>>,
    writer: Box<dyn std::io::Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Pty {
    fn spawn(dir: &Path, tmp: &Path, args: &[&std::ffi::OsStr]) -> Pty {
        use portable_pty::{CommandBuilder, PtySize, native_pty_system};
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_safestep"));
        cmd.args(["--as", "alice", "--content"]);
        cmd.arg(mini());
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env("TMPDIR", tmp);
        cmd.env("SAFESTEP_CONFIG_DIR", dir.join("config"));
        cmd.env("SAFESTEP_DATA_DIR", dir.join("data"));
        let child = pair.slave.spawn_command(cmd).expect("spawn");
        drop(pair.slave);
        let parser = std::sync::Arc::new(std::sync::Mutex::new(vt100::Parser::new(24, 80, 0)));
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let p = std::sync::Arc::clone(&parser);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = std::io::Read::read(&mut reader, &mut buf) {
                if n == 0 {
                    break;
                }
                p.lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .process(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().expect("writer");
        Pty {
            parser,
            writer,
            child,
            _master: pair.master,
        }
    }

    fn screen(&self) -> vt100::Screen {
        self.parser
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .screen()
            .clone()
    }

    fn wait_for(&self, text: &str) {
        let start = std::time::Instant::now();
        while start.elapsed() < std::time::Duration::from_secs(20) {
            if self.screen().contents().contains(text) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        panic!(
            "timed out waiting for {text:?}:\n{}",
            self.screen().contents()
        );
    }

    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write");
        self.writer.flush().expect("flush");
    }

    fn wait_exit(&mut self) -> bool {
        let start = std::time::Instant::now();
        while start.elapsed() < std::time::Duration::from_secs(20) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let _ = self.child.kill();
        false
    }
}

fn assert_no_invisible_cell(screen: &vt100::Screen) {
    let (rows, cols) = screen.size();
    for r in 0..rows {
        for c in 0..cols {
            if let Some(cell) = screen.cell(r, c) {
                let text = cell.contents();
                for z in INVISIBLE {
                    assert!(
                        !text.contains(z),
                        "U+{:04X} in cell {r},{c}:\n{}",
                        u32::from(z),
                        screen.contents()
                    );
                }
            }
        }
    }
}

fn demo_dirs(tmp: &Path) -> Vec<String> {
    std::fs::read_dir(tmp)
        .expect("read tmp")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("safestep-demo-"))
        .collect()
}

#[test]
fn the_demo_copy_is_removed_on_quit_and_on_sigterm() {
    for how in ["quit", "sigterm"] {
        let dir = tempfile::tempdir().expect("tempdir");
        let tmp = tempfile::tempdir().expect("tempdir");
        let mut s = Pty::spawn(dir.path(), tmp.path(), &[]);
        s.wait_for("explore the demo");
        s.send(b"d");
        s.wait_for("Riverside");
        assert_eq!(demo_dirs(tmp.path()).len(), 1, "{how}: the demo has a copy");
        if how == "quit" {
            s.send(b"\x11"); // Ctrl-Q
        } else {
            let pid = s.child.process_id().expect("pid");
            let status = Command::new("kill")
                .args(["-TERM", &pid.to_string()])
                .status()
                .expect("kill runs");
            assert!(status.success());
        }
        assert!(s.wait_exit(), "{how}: safestep exits");
        assert_eq!(demo_dirs(tmp.path()), Vec::<String>::new(), "{how}");
    }
}

#[test]
fn zero_width_characters_in_an_answer_never_reach_a_cell() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = new_session(dir.path(), "Cells");
    let out = run(safestep(dir.path(), "alice")
        .arg("answer")
        .arg(&file)
        .args([
            "vision.statement",
            "AB\u{200B}\u{200D}\u{FEFF}CD\u{2028}EF\u{2029}GH",
        ]));
    assert!(out.status.success(), "{}", stderr(&out));
    let mut s = Pty::spawn(
        dir.path(),
        tmp.path(),
        &[std::ffi::OsStr::new("open"), file.as_os_str()],
    );
    // While the field is edited, each invisible character shows as a symbol.
    s.wait_for("Enter type");
    s.send(b"\r");
    s.wait_for("AB\u{2423}\u{2423}\u{2423}CD\u{2424}EF\u{2424}GH");
    assert_no_invisible_cell(&s.screen());
    // Shown, not edited: the zero-width characters are gone and each line
    // separator starts a line in the same column.
    s.send(b"\x1b");
    s.wait_for("ABCD");
    let screen = s.screen();
    assert_no_invisible_cell(&screen);
    let contents = screen.contents();
    let col = |needle: &str| {
        contents
            .lines()
            .find_map(|l| l.find(needle).map(|i| l[..i].chars().count()))
            .expect("shown")
    };
    assert_eq!(col("ABCD"), col("EF"), "{contents}");
    assert_eq!(col("EF"), col("GH"), "{contents}");
    s.send(b"\x11");
    assert!(s.wait_exit());
}
