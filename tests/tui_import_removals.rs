//! Importing a copy that has seen edits it no longer holds (damaged, or
//! forged with every `seen` counter at 999999 and no answers) asks before it
//! empties any field, and lists what would go, by member.

use safestep::content::Framework;
use safestep::doc::{Register, Session, Stamp};
use safestep::store;
use safestep::tui::action::Action;
use safestep::tui::app::{App, Overlay};
use safestep::tui::sample;
use std::path::Path;

fn framework() -> Framework {
    Framework::embedded().unwrap_or_else(|e| panic!("embedded framework: {e}"))
}

fn stamp(member: &str, minutes: i64) -> Stamp {
    Stamp {
        actor: format!("{member}@copy"),
        member: member.into(),
        at: sample::time()
            .checked_add(jiff::SignedDuration::from_mins(minutes))
            .unwrap_or_else(|_| sample::time()),
    }
}

fn save(path: &Path, doc: &Session) {
    store::create(path, doc, store::Sharing::Private).unwrap_or_else(|e| panic!("{e}"));
}

fn doc(app: &App) -> &Session {
    &app.step_state()
        .unwrap_or_else(|| panic!("not on a step screen"))
        .doc
}

fn session() -> Session {
    let fw = framework();
    let a = stamp("alice", -60);
    let mut s = Session::new("shared-1".into(), "Spring review", fw.reference(), &a);
    s.set_text("vision.statement", "Safe online", &a);
    s.set_text("group.chair", "Dana Reid", &stamp("bob", -30));
    s
}

fn forged(s: &Session) -> Session {
    let mut f = s.clone();
    for c in f.seen.0.values_mut() {
        *c = 999_999;
    }
    f.title = Register::default();
    f.answers.clear();
    f
}

#[test]
fn a_forged_copy_is_imported_only_after_a_second_enter() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let s = session();
    let path = dir.path().join("spring.ron");
    save(&path, &s);
    let bad = dir.path().join("forged.ron");
    save(&bad, &forged(&s));
    let before = std::fs::read(&path).unwrap_or_default();
    let mut app = sample::app(framework(), dir.path());
    app.open(&path, false);

    app.update(Action::Import);
    app.import.input = tui_input::Input::new(bad.display().to_string());
    app.update(Action::Activate);
    assert_eq!(app.overlay, Some(Overlay::Import), "the window stays open");
    let err = app.import.error.clone().unwrap_or_default();
    assert!(err.contains("would remove 3 value(s)"), "{err}");
    let screen = sample::text(&app, 100, 24).replace(&dir.path().display().to_string(), "DIR");
    insta::assert_snapshot!("import_removals_100x24", screen);
    assert!(screen.contains("by alice:") && screen.contains("by bob:"));
    assert_eq!(doc(&app), &s, "nothing imported yet");
    assert_eq!(std::fs::read(&path).unwrap_or_default(), before);

    // Esc cancels: nothing changed.
    app.update(Action::Back);
    assert_eq!(doc(&app), &s);

    // Enter twice on the same path imports it.
    app.update(Action::Import);
    app.import.input = tui_input::Input::new(bad.display().to_string());
    app.update(Action::Activate);
    assert!(app.import.removals.is_some());
    app.update(Action::Activate);
    assert!(matches!(app.overlay, Some(Overlay::Report { .. })));
    assert_eq!(doc(&app).text_value("group.chair"), "");
}

#[test]
fn an_ordinary_copy_imports_at_once() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let s = session();
    let path = dir.path().join("spring.ron");
    save(&path, &s);
    let mut other = s.clone();
    other.set_text(
        "vision.statement",
        "Safe and kind online",
        &stamp("carol", -1),
    );
    let copy = dir.path().join("carol.ron");
    save(&copy, &other);
    let mut app = sample::app(framework(), dir.path());
    app.open(&path, false);
    app.update(Action::Import);
    app.import.input = tui_input::Input::new(copy.display().to_string());
    app.update(Action::Activate);
    assert!(matches!(app.overlay, Some(Overlay::Report { .. })));
    assert_eq!(
        doc(&app).text_value("vision.statement"),
        "Safe and kind online"
    );
}
