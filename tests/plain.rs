//! Plain mode driven by a script through `plain::run_with`: every prompt of
//! steps 1 and 2 of the real framework, every prompt kind of the test
//! framework, resume, end of input, conflicts, read-only and escape safety.

use safestep::content::Framework;
use safestep::doc::{Session, Stamp};
use safestep::plain::{PlainOptions, run_with};
use safestep::store::{self, Identity, Sharing};
use std::io::Cursor;
use std::path::{Path, PathBuf};

fn identity(dir: &Path, member: &str) -> Identity {
    Identity {
        member: member.to_owned(),
        actor: format!("{member}@{}", store::fresh_suffix()),
        data_dir: dir.to_owned(),
        config_dir: dir.join("config"),
        sharing: Sharing::Private,
    }
}

fn stamp(member: &str) -> Stamp {
    Stamp {
        actor: format!("{member}@setup"),
        member: member.to_owned(),
        at: jiff::Timestamp::from_second(1_780_000_000).unwrap_or_else(|e| panic!("{e}")),
    }
}

fn embedded() -> Framework {
    Framework::embedded().unwrap_or_else(|e| panic!("{e}"))
}

fn mini() -> Framework {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini.ron");
    Framework::load(&path).unwrap_or_else(|e| panic!("{e}"))
}

fn new_file(dir: &Path, fw: &Framework, edit: impl FnOnce(&mut Session)) -> PathBuf {
    let path = dir.join("session.ron");
    let mut s = Session::new(
        "plain-test".into(),
        "Plain test",
        fw.reference(),
        &stamp("setup"),
    );
    edit(&mut s);
    store::create(&path, &s, Sharing::Private).unwrap_or_else(|e| panic!("{e}"));
    path
}

fn drive(dir: &Path, fw: &Framework, path: &Path, read_only: bool, script: &str) -> String {
    let mut out: Vec<u8> = Vec::new();
    let opts = PlainOptions {
        identity: identity(dir, "alice"),
        framework: fw.clone(),
        path: path.to_owned(),
        read_only,
    };
    run_with(opts, Cursor::new(script.as_bytes().to_vec()), &mut out)
        .unwrap_or_else(|e| panic!("plain mode failed: {e:#}"));
    String::from_utf8(out).unwrap_or_else(|e| panic!("output is not UTF-8: {e}"))
}

fn load(path: &Path) -> Session {
    store::load(path).unwrap_or_else(|e| panic!("{e}")).session
}

fn field<'a>(s: &'a Session, prompt: &str, n: usize, name: &str) -> &'a str {
    s.items_of(prompt).get(n).map_or("", |(_, i)| i.field(name))
}

/// The commands are listed once when a step starts (and on `help`), never
/// at every prompt; returns the number of prompts.
fn assert_commands_once_per_step(out: &str) -> usize {
    let lines: Vec<&str> = out.split('\n').collect();
    let prompts = lines
        .iter()
        .filter(|l| l.starts_with("> ") || **l == ">")
        .count();
    assert!(prompts > 0, "no prompts at all:\n{out}");
    let steps = lines
        .iter()
        .filter(|l| l.trim_start_matches("> ").starts_with("Step ") && l.contains(" of "))
        .count();
    let commands = lines
        .iter()
        .filter(|l| l.trim_start_matches("> ").starts_with("Commands:"))
        .count();
    let helps = lines
        .iter()
        .filter(|l| l.trim_start_matches("> ").starts_with("Plain mode help."))
        .count();
    assert_eq!(
        commands, steps,
        "the commands are read once at each step's start ({steps} steps, {helps} helps):\n{out}"
    );
    assert!(commands < prompts, "{out}");
    prompts
}

/// Lines that may come more than once in a transcript: read-outs of an
/// answer's state, confirmations, and an item's field questions (each item
/// is asked for its fields).
fn may_repeat(line: &str) -> bool {
    const STATES: [&str; 10] = [
        "Current answer: none yet.",
        "No items yet.",
        "Nothing ticked.",
        "Agreed level: not yet agreed.",
        "Members' levels: nobody has rated yet.",
        "Saved.",
        "Every required role is covered.",
        "Cleared.",
        "End of current answer.",
        "Current answer:",
    ];
    line.trim().is_empty()
        || STATES.contains(&line)
        || line.starts_with("Added item ")
        || line.starts_with("Saved")
        || line.starts_with("Item ")
        || line.starts_with("1 item")
        || line.ends_with(" items:")
        || line.starts_with("Finding: required roles nobody covers yet")
        || line.starts_with("Members' levels: ")
        || line.starts_with("Agreed level: ")
        // Read once at the start of each step (counted by
        // `assert_commands_once_per_step`).
        || line.starts_with("Commands: ")
}

/// No line of instructions, commands or questions is read out twice.
fn assert_no_repeated_lines(out: &str) {
    let mut seen = std::collections::BTreeMap::<&str, usize>::new();
    for line in out.split('\n') {
        let line = line.trim_start_matches("> ").trim_end_matches('\r');
        *seen.entry(line).or_default() += 1;
    }
    let repeated: Vec<(&str, usize)> = seen
        .into_iter()
        .filter(|(l, n)| *n > 1 && !may_repeat(l))
        .collect();
    assert!(
        repeated.is_empty(),
        "lines read out more than once: {repeated:#?}\n{out}"
    );
}

/// Answers to every prompt of steps 1 and 2 of the seven steps.
const STEPS_1_AND_2: &str = "\
Everyone here uses technology safely and kindly.
We help each other when something goes wrong.
.
Learners share passwords
Staff are unsure how to report a concern

Learners who know how to report
40%
90%
16/07/2027

Adopt the vision statement
It is short enough to read out in assembly
31/02/2027
31/01/2027
Whole group

Alice Smith
leadership, safeguarding
Head teacher
Bob Jones
technical,Curriculum


Alice Smith
2
Meet once a term
Half-termly was too often for governors
2027-02-01
All members

quit
";

fn assert_steps_1_and_2(s: &Session) {
    assert_eq!(
        s.text_value("vision.statement"),
        "Everyone here uses technology safely and kindly.\nWe help each other when something goes wrong."
    );
    assert_eq!(s.items_of("vision.problems").len(), 2);
    assert_eq!(
        field(s, "vision.problems", 0, "text"),
        "Learners share passwords"
    );
    assert_eq!(
        field(s, "vision.problems", 1, "text"),
        "Staff are unsure how to report a concern"
    );
    assert_eq!(s.items_of("vision.measures").len(), 1);
    assert_eq!(
        field(s, "vision.measures", 0, "measure"),
        "Learners who know how to report"
    );
    assert_eq!(field(s, "vision.measures", 0, "baseline_now"), "40%");
    assert_eq!(field(s, "vision.measures", 0, "target"), "90%");
    // "By when" is a date field: typed the UK way, stored ISO.
    assert_eq!(field(s, "vision.measures", 0, "by_when"), "2027-07-16");
    assert_eq!(s.items_of("vision.decisions").len(), 1);
    assert_eq!(
        field(s, "vision.decisions", 0, "what"),
        "Adopt the vision statement"
    );
    assert_eq!(
        field(s, "vision.decisions", 0, "why"),
        "It is short enough to read out in assembly"
    );
    assert_eq!(field(s, "vision.decisions", 0, "date"), "2027-01-31");
    assert_eq!(field(s, "vision.decisions", 0, "agreed_by"), "Whole group");
    assert_eq!(s.items_of("group.roster").len(), 2);
    assert_eq!(field(s, "group.roster", 0, "name"), "Alice Smith");
    assert_eq!(
        field(s, "group.roster", 0, "roles"),
        "leadership,safeguarding"
    );
    assert_eq!(field(s, "group.roster", 0, "note"), "Head teacher");
    assert_eq!(field(s, "group.roster", 1, "name"), "Bob Jones");
    assert_eq!(field(s, "group.roster", 1, "roles"), "technical,curriculum");
    assert_eq!(s.text_value("group.chair"), "Alice Smith");
    assert_eq!(s.text_value("group.frequency"), "Once a term");
    assert_eq!(s.items_of("group.decisions").len(), 1);
    assert_eq!(field(s, "group.decisions", 0, "what"), "Meet once a term");
    assert_eq!(field(s, "group.decisions", 0, "date"), "2027-02-01");
    assert_eq!(field(s, "group.decisions", 0, "agreed_by"), "All members");
    assert!(s.conflicts().is_empty());
}

#[test]
fn steps_one_and_two_answered_line_by_line() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fw = embedded();
    let path = new_file(dir.path(), &fw, |_| {});
    let out = drive(dir.path(), &fw, &path, false, STEPS_1_AND_2);

    assert!(!out.contains('\u{1b}'), "no escape byte in plain output");
    assert!(
        !out.bytes().any(|b| b < 0x20 && b != b'\n'),
        "no control bytes but newlines"
    );
    assert!(out.contains("Step 1 of 7: Set the vision"), "{out}");
    assert!(
        out.contains("Step 2 of 7: Set up an e-safety group"),
        "{out}"
    );
    assert!(
        out.contains("Step 3 of 7"),
        "moving on after step 2 announces step 3"
    );
    for label in [
        "Our e-safety vision",
        "Problems we are trying to solve",
        "How we will measure success",
        "Decisions about the vision",
        "Who is in the group",
        "Who chairs the group",
        "How often the group meets",
        "Decisions about the group",
    ] {
        assert!(
            out.contains(label),
            "the prompt {label:?} is read out:\n{out}"
        );
    }
    assert!(out.contains("Purpose: "), "{out}");
    assert!(
        !out.contains("pick N"),
        "pick is offered only where there is a conflict"
    );
    assert!(
        out.contains("1. Every half term; 2. Once a term"),
        "choice options are numbered"
    );
    assert!(
        out.contains("31 February 2027 does not exist"),
        "an invalid date is refused and asked again:\n{out}"
    );
    assert!(
        out.contains("Finding: required roles nobody covers yet"),
        "{out}"
    );
    assert!(out.contains("Every required role is covered."), "{out}");
    let prompts = assert_commands_once_per_step(&out);
    assert!(prompts >= 20, "one prompt per answer line: {prompts}");
    assert_no_repeated_lines(&out);
    assert!(
        out.ends_with("Saved. Goodbye.\n") || out.ends_with("Goodbye.\n"),
        "{out}"
    );

    let s = load(&path);
    assert_steps_1_and_2(&s);
    let pos = s
        .positions
        .get("alice")
        .unwrap_or_else(|| panic!("a position"));
    assert_eq!((pos.step, pos.field.as_str()), (2, "assess.leadership.now"));
}

#[test]
fn resume_starts_at_the_saved_position() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fw = embedded();
    let path = new_file(dir.path(), &fw, |_| {});
    drive(
        dir.path(),
        &fw,
        &path,
        false,
        "next\nnext\nnext\nnext\nnext\nquit\n",
    );
    let s = load(&path);
    let pos = s
        .positions
        .get("alice")
        .unwrap_or_else(|| panic!("a position"));
    assert_eq!(pos.field, "group.chair");
    let out = drive(dir.path(), &fw, &path, false, "where\nquit\n");
    assert!(
        out.contains("Resuming where you left off: step 2, question 2."),
        "{out}"
    );
    assert!(
        out.contains("Question 2 of 4 in step 2: Who chairs the group"),
        "{out}"
    );
    assert!(
        out.contains("You are at step 2 of 7, question 2 of 4"),
        "{out}"
    );
}

#[test]
fn every_kind_of_prompt_can_be_answered() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fw = mini();
    let path = new_file(dir.path(), &fw, |_| {});
    let script = "\
help
guidance
Line one
\\next is a word here

.
A short answer
2027-02-30
tomorrow
2027-03-01
3
Yearly
1, 2
2
x
delete 1
\x20
High
2
One
Two
Three
delete 2
delete 9

\\quit

Alice
leadership, nobody
leadership
Chair
Bob
Technical
\x20
edit 2
Robert
clear
cancel

Update the AUP
Sam
2027-13-01
2027-01-31

Second
Kim

stuck
delete 1

Phones in class
6
4
2
Head
Policy



add
cancel

Decide
Because
2027-01-05
All

Staff
Autumn
show

quit
";
    let out = drive(dir.path(), &fw, &path, false, script);
    assert!(!out.contains('\u{1b}'));
    assert_commands_once_per_step(&out);
    assert!(
        out.contains("Plain mode help."),
        "help prints the full help"
    );
    assert!(out.contains("Test guidance."), "guidance is read out");
    assert!(out.contains("30 February 2027 does not exist"), "{out}");
    assert!(out.contains("\"tomorrow\" is not a date"), "{out}");
    assert!(out.contains("\"3\" is not one of the options"), "{out}");
    assert!(out.contains("\"x\" is not an option number"), "{out}");
    assert!(
        out.contains("That command works only at questions that hold a list"),
        "{out}"
    );
    assert!(out.contains("There is no item 9"), "{out}");
    assert!(out.contains("unknown role \"nobody\""), "{out}");
    assert!(out.contains("must be a whole number from 1 to 5"), "{out}");
    assert!(out.contains("Answers in step 2"), "show reads out the step");
    assert!(out.contains("Members' levels: alice 3 (High)"), "{out}");

    let s = load(&path);
    assert_eq!(
        s.text_value("vision.statement"),
        "Line one\nnext is a word here"
    );
    assert_eq!(s.text_value("one.short"), "A short answer");
    assert_eq!(s.text_value("one.date"), "2027-03-01");
    assert_eq!(s.text_value("one.choice"), "Yearly");
    assert!(s.is_checked("one.checks", "An incident"));
    assert!(
        !s.is_checked("one.checks", "New law"),
        "2 ticked then unticked"
    );
    assert_eq!(s.member_ratings("one.rating").get("alice"), Some(&3));
    assert_eq!(s.agreed_rating("one.rating"), Some(2));
    let list: Vec<&str> = s
        .items_of("one.list")
        .iter()
        .map(|(_, i)| i.field("text"))
        .collect();
    assert_eq!(list, ["One", "Three"]);
    let list2: Vec<&str> = s
        .items_of("one.list2")
        .iter()
        .map(|(_, i)| i.field("text"))
        .collect();
    assert_eq!(
        list2,
        ["quit"],
        "a backslash makes a command word an answer"
    );
    assert_eq!(s.items_of("two.roster").len(), 2);
    assert_eq!(field(&s, "two.roster", 0, "roles"), "leadership");
    assert_eq!(field(&s, "two.roster", 0, "note"), "Chair");
    assert_eq!(
        field(&s, "two.roster", 1, "name"),
        "Robert",
        "edit 2 renamed Bob"
    );
    assert_eq!(
        field(&s, "two.roster", 1, "roles"),
        "",
        "clear emptied the roles"
    );
    let actions = s.items_of("two.actions");
    assert_eq!(actions.len(), 1, "delete 1 removed the first action");
    assert_eq!(field(&s, "two.actions", 0, "what"), "Second");
    assert_eq!(field(&s, "two.actions", 0, "status"), "stuck");
    assert_eq!(field(&s, "two.actions", 0, "due"), "");
    assert_eq!(field(&s, "two.risks", 0, "description"), "Phones in class");
    assert_eq!(field(&s, "two.risks", 0, "likelihood"), "4");
    assert_eq!(field(&s, "two.risks", 0, "impact"), "2");
    assert_eq!(field(&s, "two.risks", 0, "mitigation"), "Policy");
    assert_eq!(
        s.items_of("two.risks").len(),
        1,
        "add then cancel adds nothing"
    );
    assert_eq!(field(&s, "two.decisions", 0, "date"), "2027-01-05");
    assert_eq!(field(&s, "two.table", 0, "audience"), "Staff");
    assert_eq!(field(&s, "two.table", 0, "when"), "Autumn");
}

#[test]
fn end_of_input_in_the_middle_of_long_text_saves_it() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fw = embedded();
    let path = new_file(dir.path(), &fw, |_| {});
    let out = drive(dir.path(), &fw, &path, false, "First line\nSecond line");
    assert!(out.ends_with("Saved. Goodbye.\n"), "{out}");
    assert_eq!(
        load(&path).text_value("vision.statement"),
        "First line\nSecond line"
    );
}

#[test]
fn end_of_input_while_adding_an_item_keeps_the_fields_typed() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fw = embedded();
    let path = new_file(dir.path(), &fw, |_| {});
    drive(
        dir.path(),
        &fw,
        &path,
        false,
        "next\nnext\nnext\nAgreed a thing\nBecause\n",
    );
    let s = load(&path);
    assert_eq!(field(&s, "vision.decisions", 0, "what"), "Agreed a thing");
    assert_eq!(field(&s, "vision.decisions", 0, "why"), "Because");
}

#[test]
fn a_conflict_is_read_out_with_authors_and_settled_by_pick() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fw = embedded();
    let path = new_file(dir.path(), &fw, |s| {
        let base = s.clone();
        let mut bob = base.clone();
        s.set_text("group.chair", "Alice", &stamp("carol"));
        bob.set_text("group.chair", "Bob", &stamp("bob"));
        *s = s.merge(&bob).unwrap_or_else(|e| panic!("{e}"));
        s.set_position(1, "group.chair", &stamp("alice"));
    });
    assert_eq!(load(&path).conflicts().len(), 1);
    let out = drive(dir.path(), &fw, &path, false, "pick 2\nquit\n");
    assert!(out.contains("holds 1 conflict for the group"), "{out}");
    assert!(out.contains("Conflict: 2 different answers"), "{out}");
    assert!(
        out.contains("Type pick N to keep one of them"),
        "pick is offered while there is a conflict"
    );
    assert!(out.contains("by carol at"), "{out}");
    assert!(out.contains("by bob at"), "{out}");
    let second = out
        .lines()
        .find(|l| l.contains("Value 2, by "))
        .and_then(|l| l.rsplit(": ").next())
        .unwrap_or_else(|| panic!("no value 2:\n{out}"));
    let s = load(&path);
    assert!(s.conflicts().is_empty());
    assert_eq!(s.text_value("group.chair"), second);
}

#[test]
fn read_only_changes_nothing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fw = embedded();
    let path = new_file(dir.path(), &fw, |_| {});
    let before = std::fs::read(&path).unwrap_or_default();
    let out = drive(
        dir.path(),
        &fw,
        &path,
        true,
        "Some text\n.\nA problem\n\nquit\n",
    );
    assert!(out.contains("open for reading only"), "{out}");
    assert_eq!(std::fs::read(&path).unwrap_or_default(), before);
}

#[test]
fn escape_sequences_in_the_file_never_reach_the_output() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fw = embedded();
    let path = new_file(dir.path(), &fw, |s| {
        let st = stamp("mallory\u{1b}[31m");
        s.set_title("Title \u{1b}]0;pwned\u{7}", &st);
        s.set_text("vision.statement", "clear \u{1b}[2J screen\u{9b}1m", &st);
        s.add_item("vision.problems", &[("text", "bell \u{7} \u{1b}[5m")], &st);
    });
    let out = drive(dir.path(), &fw, &path, false, "show\nnext\nrepeat\nquit\n");
    assert!(!out.contains('\u{1b}'), "{out}");
    assert!(!out.contains('\u{9b}'), "{out}");
    assert!(!out.contains('\u{7}'), "{out}");
    assert!(
        out.contains("clear \u{241b}[2J screen"),
        "shown as visible symbols:\n{out}"
    );
}

#[test]
fn sensitive_prompts_say_so() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fw = embedded();
    let path = new_file(dir.path(), &fw, |s| {
        s.set_position(4, "involve.tech-use", &stamp("alice"));
    });
    let out = drive(dir.path(), &fw, &path, false, "quit\n");
    assert!(out.contains("Step 5 of 7"), "{out}");
    assert!(
        out.contains("Sensitive: this answer may name a learner"),
        "{out}"
    );
}

#[test]
fn input_typed_with_control_characters_is_stored_clean() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fw = embedded();
    let path = new_file(dir.path(), &fw, |s| {
        s.set_position(1, "group.chair", &stamp("alice"));
    });
    drive(dir.path(), &fw, &path, false, "Ali\u{1b}[Dce\r\nquit\n");
    assert_eq!(load(&path).text_value("group.chair"), "Ali[Dce");
}

mod pty {
    //! The real binary in a pseudo-terminal: `open FILE --plain`.

    use super::{assert_steps_1_and_2, load};
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::{Read, Write};
    use std::path::{Path, PathBuf};
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    struct Pty {
        out: Arc<Mutex<Vec<u8>>>,
        screen: Arc<Mutex<vt100::Parser>>,
        seen: usize,
        writer: Option<Box<dyn Write + Send>>,
        master: Option<Box<dyn portable_pty::MasterPty + Send>>,
        child: Box<dyn portable_pty::Child + Send + Sync>,
    }

    fn new_session(data: &Path) -> PathBuf {
        let file = data.join("plain.ron");
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_safestep"))
            .env("SAFESTEP_CONFIG_DIR", data.join("config"))
            .env_remove("SAFESTEP_PLAIN")
            .arg("--data-dir")
            .arg(data)
            .args([
                "--as",
                "alice",
                "new",
                "--title",
                "Plain pty",
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
        cmd.env_remove("SAFESTEP_PLAIN");
        let child = pair
            .slave
            .spawn_command(cmd)
            .unwrap_or_else(|e| panic!("spawn: {e}"));
        drop(pair.slave);
        let out = Arc::new(Mutex::new(Vec::new()));
        let screen = Arc::new(Mutex::new(vt100::Parser::new(40, 120, 0)));
        let mut reader = pair
            .master
            .try_clone_reader()
            .unwrap_or_else(|e| panic!("{e}"));
        let (o, s) = (Arc::clone(&out), Arc::clone(&screen));
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                o.lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .extend_from_slice(&buf[..n]);
                s.lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .process(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().unwrap_or_else(|e| panic!("{e}"));
        Pty {
            out,
            screen,
            seen: 0,
            writer: Some(writer),
            master: Some(pair.master),
            child,
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

        /// Wait for `what` to appear after everything matched so far.
        fn expect(&mut self, what: &str) {
            let start = Instant::now();
            while start.elapsed() < Duration::from_secs(20) {
                let text = self.text();
                if let Some(i) = text.get(self.seen..).and_then(|t| t.find(what)) {
                    self.seen += i + what.len();
                    return;
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            panic!(
                "timed out waiting for {what:?}; output so far:\n{}",
                self.text()
            );
        }

        fn send(&mut self, bytes: &[u8]) {
            if let Some(w) = self.writer.as_mut() {
                w.write_all(bytes).unwrap_or_else(|e| panic!("{e}"));
                w.flush().unwrap_or_else(|e| panic!("{e}"));
            }
        }

        /// Type a line and press Enter.
        fn line(&mut self, text: &str) {
            self.send(text.as_bytes());
            self.send(b"\r");
        }

        /// Answer at a prompt: wait for the prompt, then type the line.
        fn answer(&mut self, text: &str) {
            self.expect("\n> ");
            self.line(text);
        }

        fn wait_exit(&mut self) -> Option<portable_pty::ExitStatus> {
            let start = Instant::now();
            while start.elapsed() < Duration::from_secs(20) {
                if let Ok(Some(status)) = self.child.try_wait() {
                    return Some(status);
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = self.child.kill();
            None
        }
    }

    #[test]
    fn plain_mode_in_a_terminal_answers_all_of_steps_one_and_two() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let file = new_session(dir.path());
        let mut t = spawn(dir.path(), &file);

        // Step 1: the vision (long text), problems (list), measures (table), decisions.
        t.expect("Step 1 of 7: Set the vision");
        t.expect("Commands: ");
        t.expect("Question 1 of 4 in step 1: Our e-safety vision");
        t.answer("Everyone here uses technology safely and kindly.");
        t.line("We help each other when something goes wrong.");
        t.line(".");
        t.expect("Saved 2 lines.");
        t.expect("Question 2 of 4 in step 1: Problems we are trying to solve");
        t.answer("Learners share passwords");
        t.expect("Added item 1.");
        t.answer("Staff are unsure how to report a concern");
        t.expect("Added item 2.");
        t.answer("");
        t.expect("Question 3 of 4 in step 1: How we will measure success");
        for v in [
            "Learners who know how to report",
            "40%",
            "90%",
            "16/07/2027",
        ] {
            t.answer(v);
        }
        t.expect("Added item 1.");
        t.answer("");
        t.expect("Question 4 of 4 in step 1: Decisions about the vision");
        t.answer("Adopt the vision statement");
        t.answer("It is short enough to read out in assembly");
        t.answer("31/02/2027");
        t.expect("31 February 2027 does not exist");
        t.expect("Please type it again.");
        t.answer("31/01/2027");
        t.answer("Whole group");
        t.expect("Added item 1.");
        t.answer("");

        // Step 2: roster, chair (short text), frequency (choice), decisions.
        t.expect("Step 2 of 7: Set up an e-safety group");
        t.expect("Question 1 of 4 in step 2: Who is in the group");
        t.answer("help");
        t.expect("Plain mode help.");
        for v in ["Alice Smith", "leadership, safeguarding", "Head teacher"] {
            t.answer(v);
        }
        t.expect("Finding: required roles nobody covers yet");
        for v in ["Bob Jones", "technical,Curriculum", ""] {
            t.answer(v);
        }
        t.expect("Every required role is covered.");
        t.answer("");
        t.expect("Question 2 of 4 in step 2: Who chairs the group");
        t.answer("Alice Smith");
        t.expect("Question 3 of 4 in step 2: How often the group meets");
        t.expect("1. Every half term; 2. Once a term");
        t.answer("2");
        t.expect("Saved: Once a term.");
        t.expect("Question 4 of 4 in step 2: Decisions about the group");
        for v in [
            "Meet once a term",
            "Half-termly was too often for governors",
            "2027-02-01",
            "All members",
        ] {
            t.answer(v);
        }
        t.expect("Added item 1.");
        t.answer("");
        t.expect("Step 3 of 7");
        // Ctrl-D at an empty prompt: saves and exits cleanly.
        t.expect("\n> ");
        t.send(b"\x04");
        t.expect("Saved. Goodbye.");
        let status = t
            .wait_exit()
            .unwrap_or_else(|| panic!("plain mode did not exit"));
        assert!(status.success(), "exit status {status:?}");

        let raw = t.text();
        assert!(
            !raw.contains('\u{1b}'),
            "no escape sequence at all in plain output:\n{raw}"
        );
        let screen = t
            .screen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .screen()
            .contents();
        assert!(screen.contains("Saved. Goodbye."), "{screen}");

        let s = load(&file);
        assert_steps_1_and_2(&s);
        assert_eq!(
            s.positions.get("alice").map(|p| p.field.as_str()),
            Some("assess.leadership.now")
        );
    }

    #[test]
    fn a_hang_up_in_the_middle_of_long_text_keeps_the_lines_typed() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let file = new_session(dir.path());
        let mut t = spawn(dir.path(), &file);
        t.expect("Our e-safety vision");
        t.answer("Typed before the line dropped");
        t.line("and a second line");
        let start = Instant::now();
        while !std::fs::read_to_string(&file)
            .unwrap_or_default()
            .contains("and a second line")
            && start.elapsed() < Duration::from_secs(20)
        {
            std::thread::sleep(Duration::from_millis(20));
        }
        drop(t.writer.take());
        drop(t.master.take());
        assert!(t.wait_exit().is_some(), "the process exits after a hang-up");
        assert_eq!(
            load(&file).text_value("vision.statement"),
            "Typed before the line dropped\nand a second line"
        );
    }
}

/// A reader that went away: every write fails with a broken pipe.
struct Gone;

impl std::io::Write for Gone {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
        Err(std::io::ErrorKind::BrokenPipe.into())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Err(std::io::ErrorKind::BrokenPipe.into())
    }
}

#[test]
fn a_closed_output_ends_quietly_without_an_error() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fw = embedded();
    let path = new_file(dir.path(), &fw, |_| {});
    let opts = PlainOptions {
        identity: identity(dir.path(), "alice"),
        framework: fw,
        path: path.clone(),
        read_only: false,
    };
    let result = run_with(opts, Cursor::new(b"Typed anyway\n".to_vec()), Gone);
    assert!(result.is_ok(), "{result:?}");
}
