//! Two live safestep processes, each in its own pseudo-terminal, on one session
//! file: they type into different fields, then into the same one. Every edit
//! reaches the other screen and the file, and the clash on the shared field is
//! kept as a conflict that both screens show. Run once with the platform's
//! change notifications and once with the polling watcher.

mod common;

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use safestep::content::Framework;
use safestep::doc::{Session, Stamp};
use safestep::store::{Identity, Sharing};
use safestep::tui::action::Internal;
use safestep::tui::app::{App, Now, Snapshot};
use safestep::tui::sample;
use safestep::tui::theme::{Palette, Theme};

/// How long any one expected change may take. Autosave waits a second and the
/// poller looks every 750 ms, so this leaves a wide margin for a loaded machine.
const DEADLINE: Duration = Duration::from_secs(15);
const ROWS: u16 = 24;
const COLS: u16 = 80;

const TAB: &[u8] = b"\t";
const ESC: &[u8] = b"\x1b";
const ENTER: &[u8] = b"\r";
const CTRL_Q: &[u8] = b"\x11";
/// What the footer shows only while a field is being typed in.
const EDITING: &str = "Esc stop typing";

/// Which file watcher the processes use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Watch {
    /// The platform's change notifications (inotify on Linux).
    Notify,
    /// `SAFESTEP_WATCH=poll`.
    Poll,
}

/// One safestep process in a pseudo-terminal, with a terminal emulator reading its output.
struct Term {
    who: &'static str,
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    /// Kept open for the life of the process: closing it hangs the terminal up.
    _master: Box<dyn portable_pty::MasterPty + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Term {
    /// Start `safestep --as MEMBER open FILE` with an environment of its own:
    /// nothing from the caller's home, config or data directories leaks in.
    fn open(who: &'static str, root: &Path, file: &Path, watch: Watch) -> Term {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap_or_else(|e| panic!("openpty: {e}"));
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_safestep"));
        cmd.env_clear();
        // Without a working directory portable-pty starts in $HOME.
        cmd.cwd(root);
        cmd.env("PATH", std::env::var_os("PATH").unwrap_or_default());
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        cmd.env("TZ", "UTC");
        cmd.env("HOME", root.join("home"));
        cmd.env("XDG_CONFIG_HOME", root.join("home/.config"));
        cmd.env("XDG_DATA_HOME", root.join("home/.local/share"));
        cmd.env("SAFESTEP_CONFIG_DIR", root.join(format!("config-{who}")));
        cmd.env("SAFESTEP_DATA_DIR", root.join("data"));
        if watch == Watch::Poll {
            cmd.env("SAFESTEP_WATCH", "poll");
        }
        cmd.arg("--as");
        cmd.arg(who);
        cmd.arg("--data-dir");
        cmd.arg(root.join("data"));
        cmd.arg("--content");
        cmd.arg(common::mini());
        cmd.arg("open");
        cmd.arg(file);
        let child = pair
            .slave
            .spawn_command(cmd)
            .unwrap_or_else(|e| panic!("spawn {who}: {e}"));
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(ROWS, COLS, 0)));
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
        Term {
            who,
            parser,
            writer,
            _master: pair.master,
            child,
        }
    }

    fn screen(&self) -> String {
        self.parser
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .screen()
            .contents()
    }

    fn send(&mut self, bytes: &[u8]) {
        self.writer
            .write_all(bytes)
            .and_then(|()| self.writer.flush())
            .unwrap_or_else(|e| panic!("typing into {}'s terminal: {e}", self.who));
    }

    /// Poll the screen until `ok` holds.
    fn wait(&self, what: &str, ok: impl Fn(&str) -> bool) {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "{}'s screen never showed {what} within {DEADLINE:?}; it shows:\n{screen}",
                self.who
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn wait_for(&self, text: &str) {
        self.wait(&format!("{text:?}"), |s| s.contains(text));
    }

    /// Wait for the process to end and return whether it exited with success.
    fn wait_exit(&mut self) -> bool {
        let start = Instant::now();
        while start.elapsed() < DEADLINE {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.success();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("{} did not exit within {DEADLINE:?}", self.who);
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        // A failed assertion must not leave the process running.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Poll the session file until `ok` holds for what it holds.
fn wait_for_file(file: &Path, what: &str, ok: impl Fn(&safestep::doc::Session) -> bool) {
    let start = Instant::now();
    loop {
        // A save renames a complete file into place: a load sees all of one save.
        let loaded = safestep::store::load(file);
        if let Ok(l) = &loaded
            && ok(&l.session)
        {
            return;
        }
        assert!(
            start.elapsed() < DEADLINE,
            "the file never held {what} within {DEADLINE:?}: {:?}",
            loaded.map(|l| l.session.answers)
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The values of a text answer's register with their authors, sorted.
fn versions(doc: &safestep::doc::Session, prompt: &str) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = doc
        .text(prompt)
        .map(|r| {
            r.entries()
                .iter()
                .map(|e| (e.by.clone(), e.value.clone()))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn new_session(root: &Path) -> PathBuf {
    let data = root.join("data");
    for dir in [&data, &root.join("home")] {
        std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{e}"));
    }
    let file = data.join("live.ron");
    let out = common::run(
        common::safestep(root, "asha")
            .env("HOME", root.join("home"))
            .args(["new", "--title", "Live review", "--no-open", "--file"])
            .arg(&file),
    );
    assert!(out.status.success(), "{}", common::stderr(&out));
    file
}

fn two_members_edit_one_file_live(watch: Watch) {
    let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = new_session(root.path());
    let mut timings: Vec<(&str, Duration)> = Vec::new();

    let mut asha = Term::open("asha", root.path(), &file, watch);
    let mut ben = Term::open("ben", root.path(), &file, watch);
    // Both open at step 1 with the vision ready to type.
    asha.wait_for("▶ Vision");
    ben.wait_for("▶ Vision");

    // ----- Phase 1: different fields -----
    // Ben moves on to the short answer; Asha types the vision.
    ben.send(TAB);
    ben.wait_for("▶ Short");
    ben.send(ENTER);
    asha.send(ENTER);
    let vision = "Asha: learners know how to get help";
    let short = "Ben: termly filter checks";
    asha.send(vision.as_bytes());
    ben.send(short.as_bytes());
    let typed = Instant::now();
    // Each screen shows the other's text, merged in from the other's autosave,
    // and still its own, being typed.
    let both_texts = |s: &str| s.contains(vision) && s.contains(short);
    asha.wait("both answers", both_texts);
    timings.push(("both answers on asha's screen", typed.elapsed()));
    ben.wait("both answers", both_texts);
    timings.push(("both answers on ben's screen", typed.elapsed()));
    wait_for_file(&file, "both answers", |d| {
        d.text_value("vision.statement") == vision && d.text_value("one.short") == short
    });
    timings.push(("both answers in the file", typed.elapsed()));
    for (who, screen) in [("asha", asha.screen()), ("ben", ben.screen())] {
        assert!(
            !screen.contains("conflict"),
            "different fields never conflict; {who} sees:\n{screen}"
        );
    }

    // Both leave the field they typed in, which records it as it stands.
    asha.send(ESC);
    ben.send(ESC);
    // Leaving closes the editor: the footer stops offering Esc.
    asha.wait("the field left", |s| !s.contains(EDITING));
    ben.wait("the field left", |s| !s.contains(EDITING));

    // ----- Phase 2: the same field -----
    // Both open the short answer (showing Ben's text) before either adds to it.
    asha.send(TAB);
    asha.send(ENTER);
    asha.wait(&format!("the short answer open with {short:?}"), |s| {
        s.contains("✎ Short") && s.contains(short) && s.contains(EDITING)
    });
    ben.send(ENTER);
    ben.wait(&format!("the short answer open with {short:?}"), |s| {
        s.contains("✎ Short") && s.contains(short) && s.contains(EDITING)
    });
    let from_asha = format!("{short}, and a log");
    let from_ben = format!("{short} by the technician");
    asha.send(b", and a log");
    ben.send(b" by the technician");
    let typed = Instant::now();

    // After both autosaves each side holds both versions: a conflict, shown in
    // the title bar and on the field, with both authors' texts listed.
    let both_versions = |s: &str| {
        s.contains("⚠ 1 conflict")
            && s.lines()
                .any(|l| l.contains("Short") && l.contains("⚠ conflict"))
            && s.contains("⚠ 2 versions to settle")
            && s.contains("asha · ")
            && s.contains("ben · ")
            && s.contains(&from_asha)
            && s.contains(&from_ben)
    };
    asha.wait("the conflict with both versions", both_versions);
    timings.push(("the conflict on asha's screen", typed.elapsed()));
    ben.wait("the conflict with both versions", both_versions);
    timings.push(("the conflict on ben's screen", typed.elapsed()));

    // Leaving the field records it; the conflict stays for the group to settle.
    asha.send(ESC);
    ben.send(ESC);
    asha.wait("the field left", |s| !s.contains(EDITING));
    ben.wait("the field left", |s| !s.contains(EDITING));
    let want = vec![
        ("asha".to_owned(), from_asha.clone()),
        ("ben".to_owned(), from_ben.clone()),
    ];
    wait_for_file(&file, "both versions of the short answer", |d| {
        versions(d, "one.short") == want
    });
    for (who, term) in [("asha", &asha), ("ben", &ben)] {
        let screen = term.screen();
        assert!(
            both_versions(&screen),
            "after leaving the field {who} still sees both versions:\n{screen}"
        );
    }

    // ----- Quit -----
    asha.send(CTRL_Q);
    assert!(asha.wait_exit(), "asha's safestep exits cleanly");
    ben.send(CTRL_Q);
    assert!(ben.wait_exit(), "ben's safestep exits cleanly");

    let doc = safestep::store::load(&file)
        .unwrap_or_else(|e| panic!("{e}"))
        .session;
    assert_eq!(doc.text_value("vision.statement"), vision);
    assert_eq!(versions(&doc, "vision.statement").len(), 1);
    assert_eq!(versions(&doc, "one.short"), want, "nothing was lost");
    assert_eq!(doc.conflicts().len(), 1, "{:?}", doc.conflicts());
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file)
            .unwrap_or_else(|e| panic!("{e}"))
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the session file is private");
    }
    for (what, took) in &timings {
        println!("{watch:?}: {what}: {} ms after typing", took.as_millis());
    }
}

#[test]
fn two_live_processes_with_change_notifications() {
    two_members_edit_one_file_live(Watch::Notify);
}

#[test]
fn two_live_processes_with_the_polling_watcher() {
    two_members_edit_one_file_live(Watch::Poll);
}

// ----- The same steps without terminals, one event at a time -----

fn app_as(member: &str, dir: &Path) -> App {
    let fw = Framework::embedded().unwrap_or_else(|e| panic!("embedded framework: {e}"));
    let identity = Identity {
        member: member.to_owned(),
        actor: format!("{member}@run"),
        data_dir: dir.to_owned(),
        config_dir: dir.join("config"),
        sharing: Sharing::Private,
    };
    App::new(
        fw,
        identity,
        Theme::new(Palette::Ansi),
        Now::Fixed(sample::time()),
    )
}

fn typ(app: &mut App, text: &str) {
    for c in text.chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

fn text_on_disk(path: &Path) -> Vec<(String, String)> {
    let doc = safestep::store::load(path)
        .unwrap_or_else(|e| panic!("{e}"))
        .session;
    versions(&doc, "vision.statement")
}

/// The order of events the change notifications produce: Ben's process merges
/// Asha's save while Ben is still typing the same field. Recording Ben's text
/// must not overwrite Asha's, which Ben was never shown, and leaving the field
/// after an autosave must not record it again over Ben's.
#[test]
fn typing_recorded_after_an_outside_save_of_the_same_field_keeps_both() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("live.ron");
    let stamp = Stamp {
        actor: "asha@create".into(),
        member: "asha".into(),
        at: sample::time(),
    };
    let fw = Framework::embedded().unwrap_or_else(|e| panic!("{e}"));
    let doc = Session::new("live-1".into(), "Live", fw.reference(), &stamp);
    safestep::store::create(&path, &doc, Sharing::Private).unwrap_or_else(|e| panic!("{e}"));

    let mut asha = app_as("asha", dir.path());
    let mut ben = app_as("ben", dir.path());
    asha.open(&path, false);
    ben.open(&path, false);
    // Ben keeps a snapshot for a hang-up, as the real program does.
    let shared = Arc::new(Mutex::new(Snapshot::default()));
    ben.shared = Some(Arc::clone(&shared));
    ben.sync_snapshot(true);

    asha.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    ben.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    typ(&mut asha, "Asha's vision");
    typ(&mut ben, "Ben's vision");
    asha.internal(Internal::AutosaveDue);
    ben.internal(Internal::FileChanged);
    // A hang-up now saves Ben's half-typed text beside Asha's.
    let snap_dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let copy = snap_dir.path().join("copy.ron");
    std::fs::copy(&path, &copy).unwrap_or_else(|e| panic!("{e}"));
    {
        let mut snap = shared
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        snap.path = Some(copy.clone());
        let saved = snap.save_now(sample::time());
        assert!(matches!(saved, Ok(true)), "{saved:?}");
    }
    let both = vec![
        ("asha".to_owned(), "Asha's vision".to_owned()),
        ("ben".to_owned(), "Ben's vision".to_owned()),
    ];
    assert_eq!(text_on_disk(&copy), both, "a hang-up loses nothing");

    ben.internal(Internal::AutosaveDue);
    assert_eq!(
        text_on_disk(&path),
        both,
        "Ben's autosave keeps Asha's text"
    );
    asha.internal(Internal::FileChanged);
    for app in [&asha, &ben] {
        let s = app
            .step_state()
            .unwrap_or_else(|| panic!("not on a step screen"));
        assert_eq!(s.doc.conflicts().len(), 1, "{:?}", s.doc.conflicts());
    }

    // Both leave the field without typing more: nothing is recorded again.
    asha.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    ben.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    asha.save(true);
    ben.save(true);
    asha.internal(Internal::FileChanged);
    assert_eq!(text_on_disk(&path), both, "leaving the field keeps both");

    // Typing a new text settles the conflict for everyone.
    asha.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    typ(&mut asha, " (agreed)");
    asha.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    asha.save(true);
    ben.internal(Internal::FileChanged);
    let settled = text_on_disk(&path);
    assert_eq!(settled.len(), 1, "{settled:?}");
    assert!(settled[0].1.ends_with(" (agreed)"), "{settled:?}");
    let s = ben
        .step_state()
        .unwrap_or_else(|| panic!("not on a step screen"));
    assert!(s.doc.conflicts().is_empty());
}
