//! The real terminal shows what the program drew.
//!
//! The backend writes only what changed (1 byte per typed character), so it
//! must know exactly what the terminal shows. This test runs the real binary
//! in a pseudo-terminal with `SAFESTEP_DUMP_FRAMES` set (debug builds append
//! every drawn frame to that file), feeds everything the program writes to a
//! vt100 emulator, and after each step of a long scripted session compares
//! the emulator's screen with the last frame drawn, cell by cell: symbol,
//! colours, attributes and the cursor.
//!
//! Keys used: arrows, Tab, Esc, Enter, function keys, Ctrl-G and Ctrl-Q, which
//! keep their meaning whichever field has the focus.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One frame as the program drew it (see `src/tui/frame_dump.rs`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Frame {
    width: u16,
    height: u16,
    cursor: Option<(u16, u16)>,
    /// Each row's text, for reading.
    text: Vec<String>,
    /// Each row's cells: `X:CODEPOINTS:FG/BG/FLAGS`.
    cells: Vec<Vec<String>>,
}

fn parse_frames(dump: &str) -> Vec<Frame> {
    let mut frames = Vec::new();
    let mut cur: Option<Frame> = None;
    for line in dump.lines() {
        if let Some(rest) = line.strip_prefix("frame ") {
            let mut it = rest.split(' ').map(|n| n.parse::<u16>().unwrap_or(0));
            cur = Some(Frame {
                width: it.next().unwrap_or(0),
                height: it.next().unwrap_or(0),
                cursor: None,
                text: Vec::new(),
                cells: Vec::new(),
            });
        } else if let Some(rest) = line.strip_prefix("cursor ") {
            if let Some(f) = cur.as_mut()
                && rest != "none"
            {
                let mut it = rest.split(' ').map(|n| n.parse::<u16>().unwrap_or(0));
                f.cursor = Some((it.next().unwrap_or(0), it.next().unwrap_or(0)));
            }
        } else if let Some(rest) = line.strip_prefix("text ") {
            if let Some(f) = cur.as_mut() {
                f.text.push(rest.to_owned());
            }
        } else if let Some(rest) = line.strip_prefix("cells ") {
            if let Some(f) = cur.as_mut() {
                f.cells.push(rest.split(' ').map(str::to_owned).collect());
            }
        } else if line == "end"
            && let Some(f) = cur.take()
        {
            frames.push(f);
        }
    }
    frames
}

fn color(c: vt100::Color) -> String {
    match c {
        vt100::Color::Default => "d".into(),
        vt100::Color::Idx(i) => format!("i{i}"),
        vt100::Color::Rgb(r, g, b) => format!("r{r}.{g}.{b}"),
    }
}

/// A lone regional indicator symbol (half of a flag).
fn is_regional(s: &str) -> bool {
    let mut it = s.chars();
    matches!((it.next(), it.next()), (Some(c), None) if ('\u{1F1E6}'..='\u{1F1FF}').contains(&c))
}

/// The emulator's screen in the same form as a dumped frame.
fn shown(screen: &vt100::Screen) -> Frame {
    let (rows, cols) = screen.size();
    let mut text = Vec::new();
    let mut cells = Vec::new();
    for y in 0..rows {
        let mut t = String::new();
        let mut s = Vec::new();
        let mut skip_next = false;
        for x in 0..cols {
            let Some(cell) = screen.cell(y, x) else {
                continue;
            };
            if cell.is_wide_continuation() || std::mem::take(&mut skip_next) {
                continue;
            }
            let mut c = cell.contents().to_owned();
            // vt100 gives each regional indicator of a flag its own cell; the
            // drawn buffer holds the pair as one grapheme two columns wide.
            // Both cover the same two columns: compare them as one cell.
            if is_regional(&c)
                && let Some(next) = screen.cell(y, x + 1)
                && is_regional(next.contents())
            {
                c.push_str(next.contents());
                skip_next = true;
            }
            let c = c.as_str();
            t.push_str(if c.is_empty() { " " } else { c });
            let mut flags = String::new();
            for (on, f) in [
                (cell.bold(), 'b'),
                (cell.dim(), 'd'),
                (cell.italic(), 'i'),
                (cell.underline(), 'u'),
                (cell.inverse(), 'r'),
            ] {
                if on {
                    flags.push(f);
                }
            }
            if flags.is_empty() {
                flags.push('-');
            }
            let cps = if c.is_empty() {
                "20".to_owned()
            } else {
                c.chars()
                    .map(|ch| format!("{:x}", u32::from(ch)))
                    .collect::<Vec<_>>()
                    .join("+")
            };
            s.push(format!(
                "{x}:{cps}:{}/{}/{flags}",
                color(cell.fgcolor()),
                color(cell.bgcolor())
            ));
        }
        text.push(t);
        cells.push(s);
    }
    let (cy, cx) = screen.cursor_position();
    Frame {
        width: cols,
        height: rows,
        cursor: (!screen.hide_cursor()).then_some((cx, cy)),
        text,
        cells,
    }
}

/// The first difference between two frames, for the failure message.
fn difference(drawn: &Frame, seen: &Frame) -> Option<String> {
    if (drawn.width, drawn.height) != (seen.width, seen.height) {
        return Some(format!(
            "size: drawn {}x{}, terminal {}x{}",
            drawn.width, drawn.height, seen.width, seen.height
        ));
    }
    for (y, (a, b)) in drawn.cells.iter().zip(&seen.cells).enumerate() {
        if a != b {
            let i = a
                .iter()
                .zip(b)
                .position(|(p, q)| p != q)
                .unwrap_or(a.len().min(b.len()));
            return Some(format!(
                "row {y}, cell {i}: drawn {:?}, terminal {:?}\n  drawn    {:?}\n  terminal {:?}",
                a.get(i),
                b.get(i),
                drawn.text.get(y),
                seen.text.get(y)
            ));
        }
    }
    if drawn.cursor != seen.cursor {
        return Some(format!(
            "cursor: drawn {:?}, terminal {:?}",
            drawn.cursor, seen.cursor
        ));
    }
    None
}

struct Session {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    master: Box<dyn portable_pty::MasterPty + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    dump: PathBuf,
    /// Frames drawn before the current step.
    seen_frames: usize,
    steps: usize,
}

fn spawn(data: &Path, args: &[&str], cols: u16, rows: u16) -> Session {
    let pty = native_pty_system();
    let pair = pty
        .openpty(PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap_or_else(|e| panic!("openpty: {e}"));
    let dump = data.join("frames.txt");
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
    cmd.env("SAFESTEP_STATE_DIR", data.join("state"));
    cmd.env("SAFESTEP_DUMP_FRAMES", &dump);
    cmd.env_remove("NO_COLOR");
    cmd.env_remove("SAFESTEP_THEME");
    let child = pair
        .slave
        .spawn_command(cmd)
        .unwrap_or_else(|e| panic!("spawn: {e}"));
    drop(pair.slave);
    let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
    let mut reader = pair
        .master
        .try_clone_reader()
        .unwrap_or_else(|e| panic!("{e}"));
    let p = Arc::clone(&parser);
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
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
        writer,
        master: pair.master,
        child,
        dump,
        seen_frames: 0,
        steps: 0,
    }
}

impl Session {
    fn frames(&self) -> Vec<Frame> {
        parse_frames(&std::fs::read_to_string(&self.dump).unwrap_or_default())
    }

    fn terminal(&self) -> Frame {
        shown(
            self.parser
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .screen(),
        )
    }

    fn send(&mut self, bytes: &[u8]) {
        self.writer
            .write_all(bytes)
            .unwrap_or_else(|e| panic!("{e}"));
        self.writer.flush().unwrap_or_else(|e| panic!("{e}"));
    }

    /// Resize the terminal, the emulator first so that no output meant for
    /// the new size is parsed at the old one.
    fn resize(&mut self, cols: u16, rows: u16) {
        let mut p = self
            .parser
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        p.screen_mut().set_size(rows, cols);
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap_or_else(|e| panic!("resize: {e}"));
    }

    /// Wait until a new frame has been drawn and the terminal shows exactly
    /// it, and stays so; fail with the first difference otherwise.
    fn check(&mut self, what: &str) -> Frame {
        self.steps += 1;
        let start = Instant::now();
        let mut last_diff = String::from("no frame drawn");
        while start.elapsed() < Duration::from_secs(15) {
            let frames = self.frames();
            if frames.len() > self.seen_frames
                && let Some(drawn) = frames.last()
            {
                match difference(drawn, &self.terminal()) {
                    None => {
                        // Stable: nothing more drawn and still equal a moment later.
                        std::thread::sleep(Duration::from_millis(120));
                        let again = self.frames();
                        if again.len() == frames.len()
                            && difference(drawn, &self.terminal()).is_none()
                        {
                            self.seen_frames = again.len();
                            return drawn.clone();
                        }
                    }
                    Some(d) => last_diff = d,
                }
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let screen = self.terminal().text.join("\n");
        panic!(
            "step {} ({what}): {last_diff}\nterminal:\n{screen}",
            self.steps
        );
    }

    fn step(&mut self, bytes: &[u8], what: &str) -> Frame {
        self.send(bytes);
        self.check(what)
    }

    fn wait_exit(&mut self) -> bool {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(15) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        false
    }
}

const DOWN: &[u8] = b"\x1b[B";
const UP: &[u8] = b"\x1b[A";
const TAB: &[u8] = b"\t";
const BACKTAB: &[u8] = b"\x1b[Z";
const F1: &[u8] = b"\x1bOP";
const F5: &[u8] = b"\x1b[15~";
const F6: &[u8] = b"\x1b[17~";
const F8: &[u8] = b"\x1b[19~";
const PGDN: &[u8] = b"\x1b[6~";
const PGUP: &[u8] = b"\x1b[5~";
const CTRL_G: &[u8] = b"\x07";
const ESC: &[u8] = b"\x1b";

/// Esc, then a pause so that the next byte is not read as Alt and a key.
fn esc(s: &mut Session, what: &str) -> Frame {
    let f = s.step(ESC, what);
    std::thread::sleep(Duration::from_millis(60));
    f
}

fn any_row_contains(f: &Frame, needle: &str) -> bool {
    f.text.iter().any(|r| r.contains(needle))
}

#[test]
fn the_terminal_shows_every_frame_drawn_through_a_long_session() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut s = spawn(dir.path(), &["new", "--title", "Differential"], 80, 24);
    let first = s.check("first screen");
    assert!(any_row_contains(&first, "vision"), "{:#?}", first.text);

    // Typing: Enter starts typing (or adds a line to the long vision answer),
    // then one character at a time, each compared.
    s.step(b"\r", "Enter in the vision");
    for c in "Safe online".chars() {
        let mut b = [0u8; 4];
        s.step(c.encode_utf8(&mut b).as_bytes(), "typing a letter");
    }
    // Wide characters: CJK and emoji, one at a time, then a run that wraps.
    for c in [
        "日",
        "本",
        "語",
        " ",
        "🙂",
        "👍",
        " ",
        "é",
        "e\u{301}",
        " ",
        "❤\u{fe0f}",
        "⚠\u{fe0f}",
        " ",
        "👩\u{200d}💻",
        " ",
        "🇬🇧",
        "👍\u{1f3fd}",
        " ",
        "🇫🇷",
    ] {
        s.step(c.as_bytes(), "typing a wide character");
    }
    let long = "Every learner and every adult knows how to report a worry \
        and trusts that it will be taken seriously 学校の安全 🙂 by the whole school community.";
    let f = s.step(long.as_bytes(), "a long paste of text that wraps");
    assert!(any_row_contains(&f, "Every learner"), "{:#?}", f.text);
    for _ in 0..6 {
        s.step(b"\x7f", "backspace over wide characters");
    }
    s.step(b"\x1b[D\x1b[D\x1b[D", "left arrows");
    s.step("中".as_bytes(), "a wide character inserted mid-line");
    esc(&mut s, "Esc leaves the field");

    // Moving between fields and steps.
    s.step(TAB, "Tab");
    s.step(TAB, "Tab");
    s.step(BACKTAB, "Shift-Tab");
    s.step(DOWN, "Down");
    s.step(UP, "Up");
    s.step(PGDN, "next step");
    s.step(PGDN, "next step");
    s.step(PGUP, "previous step");

    // Overlays opening and closing over a full screen.
    let help = s.step(F1, "help opens");
    assert!(any_row_contains(&help, "help") || any_row_contains(&help, "Help"));
    s.step(DOWN, "help scrolls");
    esc(&mut s, "help closes");
    s.step(CTRL_G, "the list of steps opens");
    s.step(DOWN, "the list of steps moves");
    esc(&mut s, "the list of steps closes");
    s.step(F5, "the summary opens");
    esc(&mut s, "the summary closes");
    s.step(F6, "the agenda opens");
    esc(&mut s, "the agenda closes");
    s.step(F8, "import opens");
    esc(&mut s, "import closes");

    // Resizes, with and without an overlay open.
    s.resize(100, 30);
    s.check("resize to 100x30");
    s.step(F1, "help at 100x30");
    s.resize(60, 20);
    s.check("resize to 60x20 with help open");
    esc(&mut s, "help closes at 60x20");
    s.resize(200, 50);
    s.check("resize to 200x50");
    s.step(PGUP, "back to step 2");
    s.step(PGUP, "back to step 1");
    s.resize(41, 14);
    s.check("resize to 41x14: the vision's wide characters wrap at a narrow width");
    s.resize(30, 8);
    s.check("resize below the smallest size");
    s.resize(80, 24);
    let end = s.check("back to 80x24");
    assert!(any_row_contains(&end, "中"), "{:#?}", end.text);

    s.send(b"\x11"); // Ctrl-Q
    assert!(s.wait_exit(), "Ctrl-Q quits");
    assert!(s.steps > 60, "a long session: {} steps", s.steps);
}

#[test]
fn the_demo_session_and_its_overlays_show_as_drawn() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut s = spawn(dir.path(), &[], 80, 24);
    s.check("home screen");
    s.step(b"d", "the demo opens");
    for what in ["step 2", "step 3", "step 4"] {
        s.step(PGDN, what);
    }
    for _ in 0..12 {
        s.step(TAB, "Tab through the demo's answers");
    }
    s.step(CTRL_G, "the list of steps over the demo");
    esc(&mut s, "closes");
    s.step(F6, "agenda over the demo");
    s.resize(120, 40);
    s.check("resize with the agenda open");
    esc(&mut s, "the agenda closes");
    s.step(F1, "help over the demo");
    for _ in 0..5 {
        s.step(PGDN, "help pages down");
    }
    esc(&mut s, "help closes");
    s.resize(80, 24);
    s.check("back to 80x24");
    s.send(b"\x11");
    assert!(s.wait_exit(), "Ctrl-Q quits");
}

#[test]
fn a_frame_dump_is_read_back_as_written() {
    let dump = "frame 3 2\ncursor 1 0\ntext a日\ntext   x\n\
        cells 0:61:d/d/- 1:65e5:i1/d/b\ncells 0:20:d/d/- 1:20:d/d/- 2:78:d/d/-\nend\n";
    let frames = parse_frames(dump);
    assert_eq!(frames.len(), 1);
    assert_eq!(frames[0].cursor, Some((1, 0)));
    assert_eq!(frames[0].text, vec!["a日".to_owned(), "  x".to_owned()]);
    let mut p = vt100::Parser::new(2, 3, 0);
    p.process("a\x1b[1;31m日\x1b[0m\r\n  x\x1b[1;2H".as_bytes());
    assert_eq!(difference(&frames[0], &shown(p.screen())), None);
    let mut q = vt100::Parser::new(2, 3, 0);
    q.process("a日\r\n  x\x1b[1;2H".as_bytes());
    assert!(difference(&frames[0], &shown(q.screen())).is_some());
}
