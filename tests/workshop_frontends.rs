//! The same input through every front end: the command line (`answer` and
//! `show`), plain mode and the TUI's update function. The stored value and
//! the text shown for it are the same everywhere, the report included.

mod common;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use safestep::content::Framework;
use safestep::doc::{Session, Stamp};
use safestep::plain::{PlainOptions, run_with};
use safestep::store::{self, Identity, Sharing};
use safestep::tui::action::Action;
use safestep::tui::app::App;
use safestep::tui::sample;
use std::io::Cursor;
use std::path::{Path, PathBuf};

/// One row of the table: a roster member and an action, as a member types them.
struct Case {
    roles: &'static str,
    due: &'static str,
    status: &'static str,
    /// What every front end stores.
    stored: (&'static str, &'static str, &'static str),
    /// What every front end (and the report) shows for roles and due date.
    shown_roles: &'static str,
    shown_due: &'static str,
}

const CASES: &[Case] = &[
    Case {
        roles: "leadership, technical",
        due: "31/01/2027",
        status: "in prog",
        stored: ("leadership,technical", "2027-01-31", "in progress"),
        shown_roles: "Senior leadership, Technical",
        shown_due: "Sun 31 Jan 2027",
    },
    Case {
        roles: "Senior leadership,tech",
        due: "31 Jan 2027",
        status: "stuck",
        stored: ("leadership,technical", "2027-01-31", "stuck"),
        shown_roles: "Senior leadership, Technical",
        shown_due: "Sun 31 Jan 2027",
    },
    Case {
        roles: "governor",
        due: "2027-02-28",
        status: "DONE",
        stored: ("governor", "2027-02-28", "done"),
        shown_roles: "Governor",
        shown_due: "Sun 28 Feb 2027",
    },
];

fn mini() -> Framework {
    Framework::load(&common::mini()).unwrap_or_else(|e| panic!("{e}"))
}

fn identity(dir: &Path) -> Identity {
    let mut id = sample::identity(dir);
    id.member = "alice".into();
    id
}

fn new_file(dir: &Path, fw: &Framework, name: &str) -> PathBuf {
    let path = dir.join(format!("{name}.ron"));
    let stamp = Stamp {
        actor: "setup@x".into(),
        member: "setup".into(),
        at: sample::time(),
    };
    let s = Session::new(format!("{name}-id"), "Front ends", fw.reference(), &stamp);
    store::create(&path, &s, Sharing::Private).unwrap_or_else(|e| panic!("{e}"));
    path
}

fn load(path: &Path) -> Session {
    store::load(path).unwrap_or_else(|e| panic!("{e}")).session
}

/// The stored (roles, due, status) of the first roster entry and action.
fn stored(s: &Session) -> (String, String, String) {
    let member = s.items_of("two.roster");
    let action = s.items_of("two.actions");
    let (Some((_, m)), Some((_, a))) = (member.first(), action.first()) else {
        panic!("no roster entry or no action");
    };
    (
        m.field("roles").to_owned(),
        a.field("due").to_owned(),
        a.field("status").to_owned(),
    )
}

fn via_cli(dir: &Path, c: &Case) -> (Session, String) {
    let f = common::new_session(dir, "cli");
    for (prompt, value) in [
        ("two.roster", format!("name=Ann; roles={}", c.roles)),
        (
            "two.actions",
            format!("what=Write it; due={}; status={}", c.due, c.status),
        ),
    ] {
        let out = common::run(
            common::safestep(dir, "alice")
                .arg("answer")
                .arg(&f)
                .args([prompt, &value]),
        );
        assert!(out.status.success(), "{}", common::stderr(&out));
    }
    let shown = common::stdout(&common::run(
        common::safestep(dir, "alice").arg("show").arg(&f),
    ));
    (load(&f), shown)
}

fn via_plain(dir: &Path, fw: &Framework, c: &Case) -> (Session, String) {
    let path = new_file(dir, fw, "plain");
    // Step 2 opens at the roster; then the actions list.
    let script = format!(
        "step 2\nAnn\n{}\n\n\nWrite it\nSam\n{}\n{}\n\nshow\nquit\n",
        c.roles, c.due, c.status
    );
    let mut out: Vec<u8> = Vec::new();
    let opts = PlainOptions {
        identity: identity(dir),
        framework: fw.clone(),
        path: path.clone(),
        read_only: false,
    };
    run_with(opts, Cursor::new(script.into_bytes()), &mut out)
        .unwrap_or_else(|e| panic!("plain mode: {e:#}"));
    (load(&path), String::from_utf8_lossy(&out).into_owned())
}

fn typ(app: &mut App, text: &str) {
    for ch in text.chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(ch), KeyModifiers::NONE));
    }
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn focus(app: &mut App, prompt: &str) {
    for _ in 0..100 {
        if app.focused_prompt().is_some_and(|p| p.id == prompt) {
            return;
        }
        key(app, KeyCode::Esc);
        app.update(Action::NextField);
    }
    panic!("no prompt {prompt}");
}

/// Type into the focused cell (after clearing what it holds) and record it.
/// A cell the focus has just moved to is typed into after Enter.
fn cell(app: &mut App, text: &str) {
    if app.step_state().is_some_and(|s| s.editor.is_none()) {
        key(app, KeyCode::Enter);
    }
    let held = app
        .step_state()
        .and_then(|s| s.editor.as_ref())
        .map_or(0, |e| e.text().chars().count());
    for _ in 0..held {
        key(app, KeyCode::Backspace);
    }
    typ(app, text);
    key(app, KeyCode::Enter);
}

fn via_tui(dir: &Path, fw: &Framework, c: &Case) -> (Session, String) {
    let path = new_file(dir, fw, "tui");
    let mut app = sample::app(fw.clone(), dir);
    app.open(&path, false);
    focus(&mut app, "two.roster");
    app.update(Action::AddItem);
    for text in ["Ann", c.roles, ""] {
        cell(&mut app, text);
    }
    let mut screen = sample::text(&app, 200, 60);
    focus(&mut app, "two.actions");
    app.update(Action::AddItem);
    for text in ["Write it", "Sam", c.due, c.status] {
        cell(&mut app, text);
    }
    screen.push_str(&sample::text(&app, 200, 60));
    let doc = app
        .step_state()
        .map(|s| s.doc.clone())
        .unwrap_or_else(|| panic!("not on a step"));
    (doc, screen)
}

fn report_text(fw: &Framework, s: &Session) -> String {
    let opts = safestep::report::Options {
        today: jiff::civil::date(2026, 12, 1),
        include_sensitive: true,
    };
    let summary = safestep::report::build(fw, s, &opts);
    safestep::report::render(
        safestep::report::Format::Txt,
        safestep::report::Table::Actions,
        &summary,
        None,
    )
}

#[test]
fn the_same_input_stores_and_shows_the_same_everywhere() {
    let fw = mini();
    for c in CASES {
        let want = (
            c.stored.0.to_owned(),
            c.stored.1.to_owned(),
            c.stored.2.to_owned(),
        );
        let runs = [
            ("cli", via_cli(tempdir().path(), c)),
            ("plain", via_plain(tempdir().path(), &fw, c)),
            ("tui", via_tui(tempdir().path(), &fw, c)),
        ];
        for (name, (session, shown)) in &runs {
            assert_eq!(stored(session), want, "{name} stored {:?}", c.roles);
            for needle in [c.shown_roles, c.shown_due] {
                assert!(
                    shown.contains(needle),
                    "{name} does not show {needle:?}:\n{shown}"
                );
            }
            let report = report_text(&fw, session);
            for needle in [c.shown_roles, c.shown_due, c.stored.2] {
                assert!(
                    report.contains(needle),
                    "the report of {name} does not show {needle:?}:\n{report}"
                );
            }
        }
    }
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_new_action_is_open_in_every_front_end() {
    let fw = mini();
    let dir = tempdir();
    let f = common::new_session(dir.path(), "cli");
    let out = common::run(
        common::safestep(dir.path(), "alice")
            .arg("answer")
            .arg(&f)
            .args(["two.actions", "what=Write it"]),
    );
    assert!(out.status.success());
    let cli = load(&f);

    let plain_dir = tempdir();
    let path = new_file(plain_dir.path(), &fw, "plain");
    let mut sink: Vec<u8> = Vec::new();
    let opts = PlainOptions {
        identity: identity(plain_dir.path()),
        framework: fw.clone(),
        path: path.clone(),
        read_only: false,
    };
    run_with(
        opts,
        Cursor::new(b"step 2\n\nWrite it\n\n\n\n\nquit\n".to_vec()),
        &mut sink,
    )
    .unwrap_or_else(|e| panic!("{e:#}"));
    let plain = load(&path);

    let tui_dir = tempdir();
    let path = new_file(tui_dir.path(), &fw, "tui");
    let mut app = sample::app(fw.clone(), tui_dir.path());
    app.open(&path, false);
    focus(&mut app, "two.actions");
    app.update(Action::AddItem);
    let tui = app
        .step_state()
        .map(|s| s.doc.clone())
        .unwrap_or_else(|| panic!("not on a step"));

    for (name, s) in [("cli", cli), ("plain", plain), ("tui", tui)] {
        let actions = s.items_of("two.actions");
        let (_, a) = actions
            .first()
            .unwrap_or_else(|| panic!("{name}: no action"));
        assert_eq!(a.field("status"), "open", "{name}");
    }
}
