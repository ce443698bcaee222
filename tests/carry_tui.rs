//! In the TUI, a carried value is confirmed by editing it and leaving it as
//! it was (typing and undoing it); passing through the field is not enough.
#![allow(clippy::unwrap_used)]

mod report_support;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use report_support::{autumn, framework, stamp};
use safestep::doc::Session;
use safestep::store;
use safestep::tui::action::Action;
use safestep::tui::sample;
use safestep::workshop::carry::{answer_is_carried, carry_forward};

#[test]
fn editing_a_carried_answer_back_to_its_text_confirms_it() {
    let dir = tempfile::tempdir().unwrap();
    let fw = framework();
    let old = autumn(&fw);
    let a = stamp("alice", "2027-03-10T16:00:00Z");
    let mut new = Session::new("spring".into(), "Spring", fw.reference(), &a);
    carry_forward(&old, &mut new, &fw, &a);
    let path = dir.path().join("spring.ron");
    store::create(&path, &new, store::Sharing::Private).unwrap();

    let mut app = sample::app(fw.clone(), dir.path());
    app.open(&path, false);
    // It opens with the review of last time's actions; leave that for later.
    if app.overlay.is_some() {
        app.update(Action::Back);
    }
    let doc = |app: &safestep::tui::app::App| app.step_state().unwrap().doc.clone();
    assert_eq!(
        app.focused_prompt().map(|p| p.id.clone()).as_deref(),
        Some("vision.statement")
    );
    assert!(answer_is_carried(&doc(&app), "vision.statement"));
    app.update(Action::NextField);
    app.update(Action::PrevField);
    assert!(
        answer_is_carried(&doc(&app), "vision.statement"),
        "passing through"
    );
    assert!(app.overlay.is_none());
    if app.step_state().unwrap().editor.is_none() {
        app.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    }
    // Passing through is not confirming: only a field someone typed in counts.
    app.handle_key(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE));
    app.handle_key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
    app.update(Action::NextField);
    let after = doc(&app);
    assert!(!answer_is_carried(&after, "vision.statement"), "confirmed");
    assert_eq!(
        after.text_value("vision.statement"),
        old.text_value("vision.statement")
    );
    assert!(!after.text("vision.statement").unwrap().is_conflict());
}

#[test]
fn the_step_marks_carried_values_and_shows_a_risks_status() {
    let dir = tempfile::tempdir().unwrap();
    let fw = framework();
    let old = autumn(&fw);
    let a = stamp("alice", "2027-03-10T16:00:00Z");
    let mut new = Session::new("spring".into(), "Spring", fw.reference(), &a);
    carry_forward(&old, &mut new, &fw, &a);
    let risk = new.items_of("assess.risks")[0].0.to_owned();
    new.set_item_field(&risk, "status", "closed", &a);
    new.set_item_field(&risk, "closed_on", "2027-03-10", &a);
    let path = dir.path().join("spring.ron");
    store::create(&path, &new, store::Sharing::Private).unwrap();

    let mut app = sample::app(fw.clone(), dir.path());
    app.open(&path, false);
    if app.overlay.is_some() {
        app.update(Action::Back);
    }
    let screen = sample::text(&app, 120, 40);
    assert!(
        screen.contains("(carried: confirm or change)"),
        "the vision is marked\n{screen}"
    );
    for _ in 0..200 {
        if app.focused_prompt().is_some_and(|p| p.id == "assess.risks") {
            break;
        }
        app.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
        app.update(Action::NextField);
    }
    let screen = sample::text(&app, 120, 40);
    assert!(
        screen.contains("Risk register ✓ (1 carried: confirm or change)"),
        "one risk still as carried\n{screen}"
    );
    assert!(screen.contains("Status"), "{screen}");
    assert!(screen.contains("closed"), "{screen}");
    assert!(screen.contains("Wed 10 Mar 2027"), "{screen}");
}
