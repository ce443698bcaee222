//! Working with other members in the TUI: the conflict screen, importing a
//! member's copy, who else edited recently, the summary from the home screen
//! and the comparison with the previous review.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use safestep::content::Framework;
use safestep::doc::{Session, Stamp};
use safestep::store;
use safestep::tui::action::Action;
use safestep::tui::app::{App, Editor, Overlay, Screen};
use safestep::tui::sample;
use std::path::{Path, PathBuf};

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

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

/// A base session, and two copies edited apart: alice's (in the data
/// directory) and bob's.
fn copies(fw: &Framework) -> (Session, Session) {
    let a = stamp("alice", -60);
    let mut base = Session::new("shared-1".into(), "Spring review", fw.reference(), &a);
    base.set_text("vision.statement", "Safe online", &a);
    base.add_item(
        "assess.risks",
        &[
            ("description", "Phones in lessons"),
            ("likelihood", "3"),
            ("impact", "2"),
        ],
        &a,
    );
    let mut alice = base.clone();
    let mut bob = base;
    alice.set_text(
        "vision.statement",
        "Every learner safe and confident online",
        &stamp("alice", -5),
    );
    bob.set_text(
        "vision.statement",
        "A school where everyone is safe online, staff included",
        &stamp("bob", -3),
    );
    bob.set_text("group.chair", "Dana Reid", &stamp("bob", -2));
    (alice, bob)
}

fn save(path: &Path, doc: &Session) {
    store::create(path, doc, store::Sharing::Private).unwrap_or_else(|e| panic!("{e}"));
}

fn text(app: &App, w: u16, h: u16) -> String {
    sample::text(app, w, h)
}

fn opened(dir: &Path, doc: &Session) -> (App, PathBuf) {
    let path = dir.join("spring.ron");
    save(&path, doc);
    let mut app = sample::app(framework(), dir);
    app.open(&path, false);
    (app, path)
}

fn doc(app: &App) -> &Session {
    &app.step_state()
        .unwrap_or_else(|| panic!("not on a step screen"))
        .doc
}

fn typ(app: &mut App, text: &str) {
    for c in text.chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

#[test]
fn the_conflict_screen_shows_every_value_and_keeps_the_one_picked() {
    let fw = framework();
    let (mut alice, bob) = copies(&fw);
    alice.merge_from(&bob).unwrap_or_else(|e| panic!("{e}"));
    let dir = tempdir();
    let (mut app, path) = opened(dir.path(), &alice);
    assert_eq!(doc(&app).conflicts().len(), 1);

    app.update(Action::Conflicts);
    assert!(matches!(app.overlay, Some(Overlay::Conflicts { .. })));
    let screen = text(&app, 100, 30);
    for needle in [
        "Step 1 · Our e-safety vision",
        "Every learner safe and confident online",
        "A school where everyone is safe online",
        "alice",
        "bob",
        "e writes a combined text",
    ] {
        assert!(screen.contains(needle), "missing {needle:?} in\n{screen}");
    }
    insta::assert_snapshot!("conflict_screen_100x30", screen);

    // The second value (bob's, the later one) is kept: one value, by alice now.
    app.update(Action::Right);
    app.update(Action::Activate);
    assert!(
        app.overlay.is_none(),
        "the screen closes when nothing is left"
    );
    let reg = doc(&app)
        .text("vision.statement")
        .cloned()
        .unwrap_or_default();
    assert_eq!(reg.entries().len(), 1);
    assert_eq!(
        reg.settled().map(String::as_str),
        Some("A school where everyone is safe online, staff included")
    );
    assert_eq!(reg.entries()[0].by, "alice", "the settling edit is alice's");
    app.save(true);
    let on_disk = store::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert!(on_disk.session.conflicts().is_empty());
}

#[test]
fn a_combined_text_supersedes_every_value_and_markers_are_not_recorded() {
    let fw = framework();
    let (mut alice, bob) = copies(&fw);
    alice.merge_from(&bob).unwrap_or_else(|e| panic!("{e}"));
    let dir = tempdir();
    let (mut app, _) = opened(dir.path(), &alice);
    app.update(Action::Conflicts);
    app.update(Action::EditCombined);
    assert!(app.overlay.is_none());
    let Some(Editor::Long { area, .. }) = &app.step_state().and_then(|s| s.editor.as_ref()) else {
        panic!("the vision's editor is open");
    };
    let pre = area.lines().join("\n");
    assert!(pre.contains("[1 of 2: alice,"), "{pre}");
    assert!(pre.contains("[2 of 2: bob,"), "{pre}");
    assert!(pre.contains("Every learner safe and confident online"));
    assert!(pre.contains("A school where everyone is safe online, staff included"));

    // Leaving with the markers still in: not recorded, the conflict stays.
    app.update(Action::NextField);
    assert_eq!(doc(&app).conflicts().len(), 1);
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.warn && m.text.contains("marker")),
        "{:?}",
        app.message
    );

    // Replace the text with the combined answer: one value, no conflict.
    if let Screen::Step(s) = &mut app.screen
        && let Some(Editor::Long { area, .. }) = &mut s.editor
    {
        area.select_all();
        area.cut();
    }
    typ(
        &mut app,
        "Every learner and adult safe and confident online",
    );
    app.update(Action::NextField);
    assert!(doc(&app).conflicts().is_empty());
    assert_eq!(
        doc(&app).text_value("vision.statement"),
        "Every learner and adult safe and confident online"
    );
}

#[test]
fn leaving_a_conflicted_field_untouched_does_not_settle_it() {
    let fw = framework();
    let (mut alice, bob) = copies(&fw);
    alice.merge_from(&bob).unwrap_or_else(|e| panic!("{e}"));
    let dir = tempdir();
    let (mut app, _) = opened(dir.path(), &alice);
    // Type a character and take it back: the text is what the editor opened with.
    typ(&mut app, "x");
    app.handle_key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
    app.update(Action::NextField);
    assert_eq!(
        doc(&app).conflicts().len(),
        1,
        "still for the group to settle"
    );
}

#[test]
fn a_delete_that_raced_an_edit_is_restored_or_confirmed() {
    let fw = framework();
    let (alice0, _) = copies(&fw);
    let id = alice0
        .items_of("assess.risks")
        .first()
        .map(|(k, _)| (*k).to_owned())
        .unwrap_or_default();
    for (choice, deleted) in [(0usize, false), (1, true)] {
        let mut alice = alice0.clone();
        let mut bob = alice0.clone();
        alice.delete_item(&id, &stamp("alice", -4));
        bob.set_item_field(&id, "impact", "5", &stamp("bob", -3));
        alice.merge_from(&bob).unwrap_or_else(|e| panic!("{e}"));
        let dir = tempdir();
        let (mut app, _) = opened(dir.path(), &alice);
        app.update(Action::Conflicts);
        let screen = text(&app, 100, 30);
        assert!(screen.contains("deleted while being edited"), "{screen}");
        assert!(
            screen.contains("Restore it, keeping the edit: 5"),
            "{screen}"
        );
        assert!(screen.contains("Confirm the delete"), "{screen}");
        for _ in 0..choice {
            app.update(Action::Right);
        }
        app.update(Action::Activate);
        assert!(doc(&app).conflicts().is_empty(), "choice {choice}");
        let item = doc(&app).items.get(&id).cloned();
        assert_eq!(
            item.as_ref().is_some_and(Session::is_deleted),
            deleted,
            "choice {choice}"
        );
        if !deleted {
            assert_eq!(
                item.map(|i| i.field("impact").to_owned()).as_deref(),
                Some("5")
            );
        }
    }
}

#[test]
fn sensitive_values_stay_masked_on_the_conflict_screen() {
    let fw = framework();
    let (mut alice, mut bob) = copies(&fw);
    let secret_a = "Learner AB in Year 9 was contacted by a stranger";
    let secret_b = "Learner CD in Year 8 shared an image";
    alice.set_text("involve.tech-use", secret_a, &stamp("alice", -2));
    bob.set_text("involve.tech-use", secret_b, &stamp("bob", -1));
    alice.merge_from(&bob).unwrap_or_else(|e| panic!("{e}"));
    let dir = tempdir();
    let (mut app, _) = opened(dir.path(), &alice);
    app.hide_sensitive = true;
    app.update(Action::Conflicts);
    let mut masked = false;
    for _ in 0..3 {
        let screen = text(&app, 120, 40);
        assert!(!screen.contains("Learner AB"), "{screen}");
        assert!(!screen.contains("Learner CD"), "{screen}");
        masked |= screen.contains("hidden");
        app.update(Action::Down);
    }
    assert!(masked, "the sensitive values show as hidden");
}

#[test]
fn importing_a_copy_merges_it_and_says_what_came_in() {
    let fw = framework();
    let (alice, bob) = copies(&fw);
    let dir = tempdir();
    let (mut app, path) = opened(dir.path(), &alice);
    let bob_path = dir.path().join("bob-copy.ron");
    save(&bob_path, &bob);
    let bob_bytes = std::fs::read(&bob_path).unwrap_or_default();

    app.update(Action::Import);
    assert_eq!(app.overlay, Some(Overlay::Import));
    // The copy beside the session is offered.
    assert_eq!(
        app.import.candidates.len(),
        1,
        "{:?}",
        app.import.candidates
    );
    insta::assert_snapshot!(
        "import_window_100x20",
        text(&app, 100, 20).replace(&dir.path().display().to_string(), "DIR")
    );
    app.update(Action::Down);
    app.update(Action::Activate);

    assert!(matches!(app.overlay, Some(Overlay::Report { .. })));
    let screen = text(&app, 100, 30);
    assert!(screen.contains("1 new answer"), "{screen}");
    assert!(screen.contains("1 new conflict"), "{screen}");
    assert_eq!(doc(&app).text_value("group.chair"), "Dana Reid");
    assert_eq!(doc(&app).conflicts().len(), 1);
    // Saved at once; the imported copy is untouched.
    let on_disk = store::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(on_disk.session.text_value("group.chair"), "Dana Reid");
    assert_eq!(std::fs::read(&bob_path).unwrap_or_default(), bob_bytes);
    // Bob edited within the last half hour: the header says so.
    app.update(Action::Back);
    let screen = text(&app, 120, 14);
    assert!(
        screen
            .lines()
            .next()
            .is_some_and(|l| l.contains("also: bob")),
        "{screen}"
    );
}

#[test]
fn importing_another_session_or_a_broken_file_changes_nothing() {
    let fw = framework();
    let (alice, _) = copies(&fw);
    let dir = tempdir();
    let (mut app, path) = opened(dir.path(), &alice);
    let before = std::fs::read(&path).unwrap_or_default();

    let other = Session::new("other-9".into(), "Other", fw.reference(), &stamp("bob", 0));
    let other_path = dir.path().join("other.ron");
    save(&other_path, &other);
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "(format: 2, id: \"shared-1\", oops").unwrap_or_else(|e| panic!("{e}"));

    for (file, expect) in [(&other_path, "different"), (&broken, "broken.ron:")] {
        app.update(Action::Import);
        typ(&mut app, &file.display().to_string());
        app.update(Action::Activate);
        assert_eq!(app.overlay, Some(Overlay::Import), "the window stays open");
        let err = app.import.error.clone().unwrap_or_default();
        assert!(err.to_lowercase().contains(expect), "{err}");
        assert!(text(&app, 120, 30).contains(&err[..err.len().min(30)]));
        app.update(Action::Back);
    }
    assert_eq!(doc(&app), &alice);
    assert_eq!(std::fs::read(&path).unwrap_or_default(), before);
}

#[test]
fn the_summary_opens_from_the_home_screen() {
    let fw = framework();
    let dir = tempdir();
    save(&dir.path().join("sample.ron"), &sample::session(&fw));
    let mut app = sample::app(fw, dir.path());
    app.update(Action::Summary);
    assert!(matches!(app.overlay, Some(Overlay::Summary { .. })));
    let screen = text(&app, 100, 30);
    assert!(screen.contains("Autumn online safety review"), "{screen}");
    assert!(screen.contains("Summary"), "{screen}");
    app.update(Action::Back);
    assert!(app.overlay.is_none());
}

#[test]
fn the_review_step_compares_with_the_previous_session() {
    let fw = framework();
    let dir = tempdir();
    let a = stamp("alice", -600);
    let mut old = Session::new("old-1".into(), "Spring review", fw.reference(), &a);
    old.set_agreed_rating("assess.filtering.level", 2, &a);
    old.add_item(
        "review.actions",
        &[
            ("what", "Update the filtering policy"),
            ("owner", "Bob"),
            ("status", "open"),
        ],
        &a,
    );
    old.add_item(
        "review.actions",
        &[
            ("what", "Run a parents' evening"),
            ("owner", "Alice"),
            ("status", "open"),
        ],
        &a,
    );
    save(&dir.path().join("spring.ron"), &old);
    let b = stamp("alice", 0);
    let mut new = Session::new("new-1".into(), "Autumn review", fw.reference(), &b);
    safestep::report::carry_forward(&old, &mut new, &fw, &b);
    new.set_agreed_rating("assess.filtering.level", 4, &b);
    let done = new
        .items_of("review.actions")
        .into_iter()
        .find(|(_, i)| i.field("what").contains("filtering"))
        .map(|(k, _)| k.to_owned())
        .unwrap_or_default();
    new.set_item_field(&done, "status", "done", &b);
    let path = dir.path().join("autumn.ron");
    save(&path, &new);

    let mut app = sample::app(fw.clone(), dir.path());
    app.open(&path, false);
    // It opens with the review of last time's actions; leave that for later.
    assert!(matches!(app.overlay, Some(Overlay::Review { .. })));
    app.update(Action::Back);
    app.update(Action::JumpList);
    app.update(Action::Level(7));
    let line = app.since_line().unwrap_or_default();
    assert!(line.contains("Since “Spring review”"), "{line}");
    assert!(line.contains("1 rating moved"), "{line}");
    assert!(line.contains("1 of 2 actions done"), "{line}");
    let screen = text(&app, 100, 30);
    assert!(screen.contains("shows the comparison"), "{screen}");

    app.update(Action::Back);
    app.update(Action::Compare);
    assert!(matches!(app.overlay, Some(Overlay::Report { .. })));
    let screen = text(&app, 100, 30);
    for needle in [
        "Since “Spring review”",
        "▲",
        "2 Informal and patchy → 4 Established",
        "Done (1)",
        "Update the filtering policy",
        // Carried and not touched in this review: not "still open".
        "Not looked at yet (1)",
        "Run a parents' evening",
    ] {
        assert!(screen.contains(needle), "missing {needle:?} in\n{screen}");
    }
    insta::assert_snapshot!("compare_window_100x30", screen);

    // The F5 summary carries the same comparison.
    app.update(Action::Back);
    app.update(Action::Summary);
    let mut all = String::new();
    for _ in 0..20 {
        all.push_str(&text(&app, 100, 30));
        app.update(Action::NextStep);
    }
    assert!(
        all.contains("Since Spring review"),
        "the summary ends with the comparison"
    );
}

#[test]
fn a_session_without_a_previous_one_says_how_to_get_one() {
    let fw = framework();
    let (alice, _) = copies(&fw);
    let dir = tempdir();
    let (mut app, _) = opened(dir.path(), &alice);
    app.update(Action::Back);
    app.update(Action::Compare);
    assert!(app.overlay.is_none());
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text.contains("--from")),
        "{:?}",
        app.message
    );
}

#[test]
fn the_combined_editor_opens_on_the_conflicted_item_past_deleted_ones() {
    let fw = framework();
    let (mut alice, _) = copies(&fw);
    let a = stamp("alice", -50);
    // A deleted risk that sorts before the one in conflict.
    let gone = alice.add_item("assess.risks", &[("description", "Old risk")], &a);
    alice.move_item(&gone, -1, &a);
    alice.delete_item(&gone, &a);
    let id = alice
        .items_of("assess.risks")
        .into_iter()
        .find(|(_, i)| i.field("description") == "Phones in lessons")
        .map(|(k, _)| k.to_owned())
        .unwrap_or_default();
    let mut bob = alice.clone();
    alice.set_item_field(&id, "mitigation", "Phones in bags", &stamp("alice", -4));
    bob.set_item_field(&id, "mitigation", "Phones at reception", &stamp("bob", -3));
    alice.merge_from(&bob).unwrap_or_else(|e| panic!("{e}"));
    let items_before = alice.items.len();
    let dir = tempdir();
    let (mut app, _) = opened(dir.path(), &alice);
    app.update(Action::Conflicts);
    app.update(Action::EditCombined);
    let Some(Editor::Line { target, input, .. }) = app.step_state().and_then(|s| s.editor.as_ref())
    else {
        panic!("a cell editor is open");
    };
    let (target, value) = (target.clone(), input.value().to_owned());
    assert_eq!(
        target,
        safestep::tui::app::Target::Item {
            id: id.clone(),
            field: "mitigation".into()
        }
    );
    assert!(value.contains("Phones in bags"), "{}", value);
    assert_eq!(doc(&app).items.len(), items_before, "no item was added");
}

#[test]
fn a_copy_from_a_newer_safestep_is_not_imported() {
    let fw = framework();
    let (alice, bob) = copies(&fw);
    let dir = tempdir();
    let (mut app, path) = opened(dir.path(), &alice);
    let before = std::fs::read(&path).unwrap_or_default();
    let newer = dir.path().join("newer.ron");
    let text = safestep::doc::to_text(&bob)
        .unwrap_or_else(|e| panic!("{e}"))
        .replacen("format: 2", "format: 99", 1);
    std::fs::write(&newer, text).unwrap_or_else(|e| panic!("{e}"));
    app.update(Action::Import);
    assert!(
        app.import.candidates.iter().all(|(p, _)| p != &newer),
        "not offered"
    );
    typ(&mut app, &newer.display().to_string());
    app.update(Action::Activate);
    let err = app.import.error.clone().unwrap_or_default();
    assert!(err.contains("newer safestep"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap_or_default(), before);
    // Not a regular file: refused without reading it.
    app.import.input = tui_input::Input::new("/dev/zero".into());
    app.update(Action::Activate);
    let err = app.import.error.clone().unwrap_or_default();
    assert!(err.contains("not a session file"), "{err}");
}

#[test]
fn enter_on_the_conflict_screen_after_an_outside_save_asks_to_look_again() {
    let fw = framework();
    let (mut alice, bob) = copies(&fw);
    alice.merge_from(&bob).unwrap_or_else(|e| panic!("{e}"));
    let dir = tempdir();
    let (mut app, path) = opened(dir.path(), &alice);
    app.update(Action::Conflicts);
    // Someone else saves a new conflict meanwhile.
    let mut other = store::load(&path).unwrap_or_else(|e| panic!("{e}")).session;
    let mut third = other.clone();
    other.set_text("group.chair", "Dana", &stamp("chris", 1));
    third.set_text("group.chair", "Eli", &stamp("dee", 1));
    other.merge_from(&third).unwrap_or_else(|e| panic!("{e}"));
    store::save(&path, &mut other, store::Sharing::Private).unwrap_or_else(|e| panic!("{e}"));
    app.merge_outside_edits();
    assert_eq!(doc(&app).conflicts().len(), 2);
    app.update(Action::Activate);
    assert_eq!(doc(&app).conflicts().len(), 2, "nothing settled unseen");
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text.contains("look") || m.text.contains("check"))
    );
    app.update(Action::Activate);
    assert_eq!(
        doc(&app).conflicts().len(),
        1,
        "the second Enter settles what is shown"
    );
}

#[test]
fn the_combined_editor_does_not_open_on_a_hidden_answer() {
    let fw = framework();
    let (mut alice, mut bob) = copies(&fw);
    alice.set_text("involve.tech-use", "Learner AB said", &stamp("alice", -2));
    bob.set_text("involve.tech-use", "Learner CD said", &stamp("bob", -1));
    alice.merge_from(&bob).unwrap_or_else(|e| panic!("{e}"));
    let dir = tempdir();
    let (mut app, _) = opened(dir.path(), &alice);
    app.hide_sensitive = true;
    app.update(Action::Conflicts);
    // The sensitive conflict sorts first.
    app.update(Action::EditCombined);
    // A hidden answer cannot be edited: the message says to show it first.
    assert!(matches!(app.overlay, Some(Overlay::Conflicts { .. })));
    assert!(app.step_state().is_some_and(|s| s.editor.is_none()));
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text.contains("F3 shows it first"))
    );
    let screen = text(&app, 120, 40);
    assert!(!screen.contains("Learner AB"), "{screen}");
    assert!(!screen.contains("Learner CD"), "{screen}");
}
