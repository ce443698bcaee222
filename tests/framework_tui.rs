//! The TUI with more than one framework: a session opens under its own
//! framework, a checked statement is shown read-only without a panic, and a
//! session whose framework is not installed opens read-only with a message.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use safestep::content::Framework;
use safestep::doc::{Session, Stamp};
use safestep::store;
use safestep::tui::action::Action;
use safestep::tui::sample;

fn fm() -> Framework {
    Framework::built_in("filtering-monitoring")
        .expect("built in")
        .expect("valid")
}

fn stamp() -> Stamp {
    Stamp {
        actor: "alice@create".into(),
        member: "alice".into(),
        at: sample::time(),
    }
}

fn save(dir: &std::path::Path, doc: &Session) -> std::path::PathBuf {
    let path = dir.join("review.ron");
    store::create(&path, doc, store::Sharing::Private).expect("creates");
    path
}

#[test]
fn a_review_opens_under_its_own_framework_and_shows_checked_statements() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fw = fm();
    let st = stamp();
    let mut doc = Session::new("r-1".into(), "Review", fw.reference(), &st);
    doc.set_own_judgement("roles.leader", 2, &st);
    doc.set_agreed_judgement("roles.leader", 1, &st);
    doc.set_checked_part("roles.leader", "basis", "checked", &st);
    doc.set_checked_part("roles.leader", "checked_on", "2026-10-01", &st);
    doc.set_checked_part("roles.leader", "evidence", "minutes-2026-09.pdf", &st);
    let path = save(dir.path(), &doc);
    // The app starts with the seven steps, as `safestep` does by default.
    let mut app = sample::app(Framework::embedded().expect("embedded"), dir.path());
    app.open(&path, false);
    assert_eq!(app.framework.id, "filtering-monitoring");
    let state = app.step_state().expect("on a step");
    assert!(!state.read_only);
    // Walk to the checked statement and draw it.
    for _ in 0..20 {
        if app.focused_prompt().is_some_and(|p| p.id == "roles.leader") {
            break;
        }
        app.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
        app.update(Action::NextField);
    }
    assert_eq!(
        app.focused_prompt().map(|p| p.id.as_str()),
        Some("roles.leader")
    );
    // Keys that edit other kinds do nothing here, and nothing panics.
    for code in [
        KeyCode::Enter,
        KeyCode::Char(' '),
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::Char('1'),
    ] {
        app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    }
    let text = sample::text(&app, 120, 60);
    assert!(text.contains("agreed: met"), "{text}");
    assert!(
        text.contains("how we know: checked Thu 1 Oct 2026; evidence: minutes-2026-09.pdf"),
        "{text}"
    );
    assert!(text.contains("alice: partly met"), "{text}");
    assert!(text.contains("read-only here"), "{text}");
    let state = app.step_state().expect("on a step");
    assert_eq!(
        state.doc.checked("roles.leader"),
        doc.checked("roles.leader")
    );
}

#[test]
fn a_session_whose_framework_is_missing_opens_read_only_with_a_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let st = stamp();
    let mut doc = Session::new(
        "r-2".into(),
        "Elsewhere",
        safestep::content::FrameworkRef {
            id: "elsewhere".into(),
            version: 3,
        },
        &st,
    );
    doc.set_text("some.prompt", "Kept as written", &st);
    let path = save(dir.path(), &doc);
    let before = std::fs::read(&path).expect("reads");
    let mut app = sample::app(Framework::embedded().expect("embedded"), dir.path());
    app.open(&path, false);
    let state = app.step_state().expect("on a step");
    assert!(state.read_only);
    let msg = app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(msg.contains("not installed"), "{msg}");
    let text = sample::text(&app, 120, 40);
    assert!(text.contains("some.prompt"), "{text}");
    app.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    app.handle_key(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE));
    app.update(Action::NextField);
    drop(app);
    assert_eq!(std::fs::read(&path).expect("reads"), before);
}
