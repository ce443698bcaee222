//! Plain mode as a screen-reader user meets it: the real binary in a
//! pseudo-terminal, through every question of all seven steps. The whole
//! transcript is then checked: no escape sequence or other control
//! character, no line of instructions or commands read out twice, the
//! commands once at each step's start, counts in words, numbered options,
//! and invalid input asked again with the reason.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use safestep::content::{Framework, Kind};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Pty {
    out: Arc<Mutex<Vec<u8>>>,
    seen: usize,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    /// Every line typed, to tell the terminal's echo from what safestep says.
    typed: BTreeSet<String>,
}

fn new_session(data: &Path) -> PathBuf {
    let file = data.join("seven.ron");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_safestep"))
        .env("SAFESTEP_CONFIG_DIR", data.join("config"))
        .env("SAFESTEP_STATE_DIR", data.join("state"))
        .env_remove("SAFESTEP_PLAIN")
        .arg("--data-dir")
        .arg(data)
        .args([
            "--as",
            "alice",
            "new",
            "--title",
            "Seven steps",
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
    file
}

fn spawn(data: &Path, file: &Path) -> Pty {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap_or_else(|e| panic!("openpty: {e}"));
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_safestep"));
    cmd.arg("--data-dir");
    cmd.arg(data);
    cmd.args(["--as", "alice", "open"]);
    cmd.arg(file);
    cmd.arg("--plain");
    cmd.env("TERM", "xterm-256color");
    cmd.env("SAFESTEP_CONFIG_DIR", data.join("config"));
    cmd.env("SAFESTEP_STATE_DIR", data.join("state"));
    cmd.env_remove("SAFESTEP_PLAIN");
    cmd.env_remove("NO_COLOR");
    let child = pair
        .slave
        .spawn_command(cmd)
        .unwrap_or_else(|e| panic!("spawn: {e}"));
    drop(pair.slave);
    let out = Arc::new(Mutex::new(Vec::new()));
    let mut reader = pair
        .master
        .try_clone_reader()
        .unwrap_or_else(|e| panic!("{e}"));
    let o = Arc::clone(&out);
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            o.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .extend_from_slice(&buf[..n]);
        }
    });
    let writer = pair.master.take_writer().unwrap_or_else(|e| panic!("{e}"));
    // The master must outlive the child; leaking it keeps the terminal open
    // until the test process ends.
    std::mem::forget(pair.master);
    Pty {
        out,
        seen: 0,
        writer,
        child,
        typed: BTreeSet::new(),
    }
}

impl Pty {
    fn text(&self) -> String {
        let bytes = self
            .out
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// Wait for `what` after everything matched so far; returns what came
    /// before it.
    fn expect(&mut self, what: &str) -> String {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(30) {
            let text = self.text();
            if let Some(i) = text.get(self.seen..).and_then(|t| t.find(what)) {
                let before = text[self.seen..self.seen + i].to_owned();
                self.seen += i + what.len();
                return before;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!(
            "timed out waiting for {what:?}; output so far:\n{}",
            self.text()
        );
    }

    fn line(&mut self, text: &str) {
        self.typed.insert(text.to_owned());
        self.writer
            .write_all(format!("{text}\r").as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
        self.writer.flush().unwrap_or_else(|e| panic!("{e}"));
    }

    /// Wait for the next prompt, then type a line; returns what was said
    /// before the prompt.
    fn answer(&mut self, text: &str) -> String {
        let said = self.expect("\n> ");
        self.line(text);
        said
    }
}

/// Lines that may be said more than once: read-outs of an answer's state
/// and confirmations, an item's field questions, and the commands (said at
/// each step's start; counted separately).
fn may_repeat(line: &str) -> bool {
    const STATES: [&str; 9] = [
        "Current answer: none yet.",
        "No items yet.",
        "Nothing ticked.",
        "Agreed level: not yet agreed.",
        "Members' levels: nobody has rated yet.",
        "Saved.",
        "Every required role is covered.",
        "Current answer:",
        "End of current answer.",
    ];
    line.is_empty()
        || STATES.contains(&line)
        || line.starts_with("Added item ")
        || line.starts_with("Saved")
        || line.starts_with("Item ")
        || line.starts_with("1 item")
        || line.starts_with("Members' levels: ")
        || line.starts_with("Agreed level: ")
        || line.starts_with("Commands: ")
}

#[test]
fn all_seven_steps_read_out_without_repeats_or_escape_sequences() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = new_session(dir.path());
    let fw = Framework::embedded().unwrap_or_else(|e| panic!("{e}"));
    let mut t = spawn(dir.path(), &file);
    let mut bad_date = true;
    let mut bad_choice = true;
    let mut bad_level = true;
    let mut n = 0;
    for (si, step) in fw.steps.iter().enumerate() {
        t.expect(&format!("Step {} of 7: ", si + 1));
        for (pi, prompt) in step.prompts.iter().enumerate() {
            n += 1;
            t.expect(&format!(
                "Question {} of {} in step {}: ",
                pi + 1,
                step.prompts.len(),
                si + 1
            ));
            match &prompt.kind {
                Kind::ShortText => {
                    t.answer(&format!("Short answer {n}"));
                }
                Kind::LongText => {
                    t.answer(&format!("First line of answer {n}"));
                    t.line(&format!("Second line of answer {n}"));
                    t.line(".");
                    t.expect("Saved 2 lines.");
                }
                Kind::Date => {
                    if bad_date {
                        t.answer("31/02/2027");
                        t.expect("31 February 2027 does not exist");
                        bad_date = false;
                    }
                    t.answer("31/01/2027");
                    t.expect("Saved ");
                }
                Kind::Choice { options } => {
                    if bad_choice {
                        t.expect("Options: 1. ");
                        t.answer("99");
                        t.expect("is not one of the options. Type a number from 1 to");
                        bad_choice = false;
                    }
                    t.answer("1");
                    t.expect(&format!("Saved: {}.", options[0]));
                }
                Kind::Checklist { .. } => {
                    t.answer("1");
                    t.expect("ticked");
                    t.answer("");
                }
                Kind::Rating { .. } => {
                    if bad_level {
                        t.expect("Levels: 1. ");
                        t.answer("9");
                        t.expect("is not a level. Type a number from 1 to");
                        bad_level = false;
                    }
                    t.answer("2");
                    t.expect("Saved your own level: 2");
                    t.answer("3");
                    t.expect("Saved the agreed level: 3");
                }
                kind => {
                    let fields = kind.fields();
                    t.answer(&format!("First field of item {n}"));
                    for _ in 1..fields.len() {
                        t.answer("");
                    }
                    t.expect("Added item 1.");
                    t.answer("");
                }
            }
        }
    }
    t.expect("That was the last question of the last step.");
    t.answer("help");
    t.expect("Plain mode help.");
    t.answer("quit");
    t.expect("Goodbye.");
    let start = Instant::now();
    let mut exited = false;
    while start.elapsed() < Duration::from_secs(20) {
        if let Ok(Some(status)) = t.child.try_wait() {
            assert!(status.success(), "exit status {status:?}");
            exited = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(exited, "plain mode did not exit");

    let raw = t.text();
    // No escape sequence and no other control character: only line ends.
    let controls: Vec<char> = raw
        .chars()
        .filter(|c| c.is_control() && *c != '\n' && *c != '\r')
        .collect();
    assert!(
        controls.is_empty(),
        "control characters {controls:?} in:\n{raw}"
    );
    assert!(!raw.contains("(s)"), "counts are said in words:\n{raw}");
    assert!(raw.contains("This step has 4 questions"), "{raw}");
    assert!(raw.contains("(options as before, 1 to 4)"), "{raw}");

    // What safestep said, without the terminal's echo of what was typed.
    let said: Vec<&str> = raw
        .split('\n')
        .map(|l| l.trim_end_matches('\r'))
        .map(|l| l.strip_prefix("> ").unwrap_or(l))
        .filter(|l| !t.typed.contains(*l))
        .collect();
    let mut counts = BTreeMap::<&str, usize>::new();
    for l in &said {
        *counts.entry(l).or_default() += 1;
    }
    let repeated: Vec<(&str, usize)> = counts
        .iter()
        .filter(|(l, c)| **c > 1 && !may_repeat(l))
        .map(|(l, c)| (*l, *c))
        .collect();
    assert!(repeated.is_empty(), "said more than once: {repeated:#?}");
    let commands = said.iter().filter(|l| l.starts_with("Commands: ")).count();
    assert_eq!(commands, 7, "the commands once at each step's start");
    let prompts = raw.matches("\n> ").count();
    assert!(prompts > 100, "a prompt for every answer: {prompts}");

    // Everything typed was kept.
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}"));
    let session = safestep::doc::parse(&text)
        .unwrap_or_else(|e| panic!("{e}"))
        .session;
    for step in &fw.steps {
        for p in &step.prompts {
            let answered =
                session.answers.contains_key(&p.id) || !session.items_of(&p.id).is_empty();
            assert!(answered, "{} has an answer", p.id);
        }
    }
}
