//! The facilitated meeting in the TUI: attendance, the speaker as proposer,
//! dot-voting, the parking lot and the opening review.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use safestep::content::Framework;
use safestep::doc::{MOVED_TO, PROPOSED_BY, REVIEW, Session, Stamp};
use safestep::store;
use safestep::tui::action::Action;
use safestep::tui::app::{App, Overlay};
use safestep::tui::sample;
use std::path::{Path, PathBuf};

fn framework() -> Framework {
    Framework::embedded().unwrap_or_else(|e| panic!("embedded framework: {e}"))
}

fn stamp(member: &str) -> Stamp {
    Stamp {
        actor: format!("{member}@setup"),
        member: member.into(),
        at: sample::time(),
    }
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

fn text(app: &App, w: u16, h: u16) -> String {
    sample::text(app, w, h)
}

/// A session with a roster of three and two risks, opened by alice.
fn meeting(dir: &Path) -> (App, PathBuf) {
    let fw = framework();
    let a = stamp("alice");
    let mut doc = Session::new("m-1".into(), "Meeting", fw.reference(), &a);
    doc.set_facilitator("Alice Khan", &a);
    for name in ["Alice Khan", "Bob Okafor", "Chloé Zhang"] {
        doc.add_item("group.roster", &[("name", name)], &a);
    }
    doc.add_item("assess.risks", &[("description", "Phones in lessons")], &a);
    doc.add_item("assess.risks", &[("description", "Shared logins")], &a);
    let path = dir.join("meeting.ron");
    store::create(&path, &doc, store::Sharing::Private).unwrap_or_else(|e| panic!("{e}"));
    let mut app = sample::app(fw, dir);
    app.open(&path, false);
    app.update(Action::Back);
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

fn focus(app: &mut App, prompt: &str) {
    for _ in 0..200 {
        if app.focused_prompt().is_some_and(|p| p.id == prompt) {
            app.update(Action::Back);
            return;
        }
        app.update(Action::Back);
        app.update(Action::NextField);
    }
    panic!("no prompt {prompt}");
}

fn mark_present(app: &mut App, rows: &[usize]) {
    app.update(Action::Attendance);
    assert!(matches!(app.overlay, Some(Overlay::Attendance { .. })));
    for &r in rows {
        app.overlay = Some(Overlay::Attendance { selected: r });
        app.update(Action::Toggle);
    }
    app.update(Action::Back);
}

#[test]
fn attendance_comes_from_the_roster_and_is_saved() {
    let dir = tempdir();
    let (mut app, path) = meeting(dir.path());
    mark_present(&mut app, &[0, 2]);
    assert!(doc(&app).is_present("Alice Khan"));
    assert!(!doc(&app).is_present("Bob Okafor"));
    assert!(doc(&app).is_present("Chloé Zhang"));
    app.update(Action::Attendance);
    let screen = text(&app, 100, 30);
    assert!(screen.contains("Who is here: 2 of 3"), "{screen}");
    assert!(screen.contains("[x] Alice Khan"), "{screen}");
    assert!(screen.contains("[ ] Bob Okafor"), "{screen}");
    insta::assert_snapshot!("attendance_100x30", screen);
    app.update(Action::Back);
    app.save(true);
    let saved = store::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(saved.session.present(), vec!["Alice Khan", "Chloé Zhang"]);
}

#[test]
fn entries_record_the_speaker_or_the_facilitator_as_proposer() {
    let dir = tempdir();
    let (mut app, _) = meeting(dir.path());
    focus(&mut app, "assess.risks");
    // Outside a meeting (nobody present, no speaker): no proposer recorded.
    app.update(Action::AddItem);
    typ(&mut app, "Solo entry");
    app.update(Action::Back);
    let solo = doc(&app)
        .items_of("assess.risks")
        .into_iter()
        .find(|(_, i)| i.field("description") == "Solo entry")
        .map(|(_, i)| i.field(PROPOSED_BY).to_owned());
    assert_eq!(solo.as_deref(), Some(""));

    // Nobody present: the speaker cannot be picked.
    app.update(Action::Speaker);
    assert!(app.overlay.is_none());

    mark_present(&mut app, &[0, 1]);
    // In the meeting with no speaker picked: the facilitator.
    app.update(Action::AddItem);
    typ(&mut app, "Facilitator's entry");
    app.update(Action::Back);
    // Bob speaks: two keys.
    app.update(Action::Speaker);
    assert_eq!(app.overlay, Some(Overlay::Speaker));
    app.update(Action::Level(2));
    assert_eq!(app.meeting.speaker.as_deref(), Some("Bob Okafor"));
    assert!(text(&app, 120, 30).contains("speaking: Bob Okafor"));
    app.update(Action::AddItem);
    typ(&mut app, "Bob's entry");
    app.update(Action::Back);

    let by = |d: &Session, what: &str| {
        d.items_of("assess.risks")
            .into_iter()
            .find(|(_, i)| i.field("description") == what)
            .map(|(_, i)| i.field(PROPOSED_BY).to_owned())
            .unwrap_or_default()
    };
    assert_eq!(by(doc(&app), "Facilitator's entry"), "Alice Khan");
    assert_eq!(by(doc(&app), "Bob's entry"), "Bob Okafor");
    // 0 goes back to the facilitator.
    app.update(Action::Speaker);
    app.update(Action::ClearLevel);
    assert_eq!(app.meeting.speaker, None);
}

#[test]
fn dot_votes_are_counted_per_member_within_the_budget_and_order_the_list() {
    let dir = tempdir();
    let (mut app, path) = meeting(dir.path());
    mark_present(&mut app, &[0, 1]);
    focus(&mut app, "assess.risks");
    app.update(Action::Vote);
    assert!(matches!(app.overlay, Some(Overlay::Vote { .. })));
    // Alice gives all three votes: one to the first risk, two to the second; a fourth is refused.
    app.update(Action::Right);
    app.update(Action::Down);
    app.update(Action::Right);
    app.update(Action::Right);
    app.update(Action::Right);
    assert!(
        app.message.as_ref().is_some_and(|m| m.warn),
        "{:?}",
        app.message
    );
    // Bob, the next voter, gives one to the second.
    app.update(Action::NextField);
    app.update(Action::Right);
    let screen = text(&app, 100, 30);
    assert!(screen.contains("Voting now: Bob Okafor"), "{screen}");
    insta::assert_snapshot!("vote_100x30", screen);

    let ids: Vec<String> = doc(&app)
        .items_of("assess.risks")
        .into_iter()
        .map(|(k, _)| k.to_owned())
        .collect();
    assert_eq!(doc(&app).vote_total(&ids[0]), 1);
    assert_eq!(doc(&app).vote_total(&ids[1]), 3);
    assert_eq!(doc(&app).votes_used("Alice Khan"), 3);
    assert_eq!(doc(&app).votes_used("Bob Okafor"), 1);
    assert!(doc(&app).conflicts().is_empty());
    // One more vote each: Alice's fourth is taken now.
    app.update(Action::PrevField);
    app.update(Action::MoreVotes);
    assert_eq!(doc(&app).vote_budget(), 4);
    app.update(Action::Right);
    assert_eq!(doc(&app).votes_used("Alice Khan"), 4);
    app.update(Action::Left);
    app.update(Action::FewerVotes);
    assert_eq!(doc(&app).vote_budget(), 3);

    // o: the list takes the order of the vote.
    app.update(Action::OrderByVotes);
    let order: Vec<String> = doc(&app)
        .items_of("assess.risks")
        .into_iter()
        .map(|(_, i)| i.field("description").to_owned())
        .collect();
    assert_eq!(order, ["Shared logins", "Phones in lessons"]);
    app.update(Action::Back);
    app.save(true);
    let saved = store::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(saved.session.vote_total(&ids[1]), 3);
}

#[test]
fn the_parking_lot_takes_points_from_any_step_and_turns_them_into_actions() {
    let dir = tempdir();
    let (mut app, _) = meeting(dir.path());
    mark_present(&mut app, &[0, 1]);
    app.update(Action::Speaker);
    app.update(Action::Level(2));
    app.update(Action::ParkingLot);
    assert!(matches!(app.overlay, Some(Overlay::Parking { .. })));
    app.update(Action::AddItem);
    typ(&mut app, "Ask IT about the guest wifi");
    app.update(Action::Activate);
    let points = doc(&app).parking_lot();
    assert_eq!(points.len(), 1);
    let (pid, point) = points[0];
    let pid = pid.to_owned();
    assert_eq!(point.field("text"), "Ask IT about the guest wifi");
    assert_eq!(point.field("raised_by"), "Bob Okafor");
    let screen = text(&app, 100, 30);
    assert!(
        screen.contains("Ask IT about the guest wifi  (Bob Okafor)"),
        "{screen}"
    );
    insta::assert_snapshot!("parking_100x30", screen);

    // Enter: it becomes an action of the nearest action list from here (step 1 has none).
    app.update(Action::Activate);
    let moved = doc(&app)
        .items
        .get(&pid)
        .map(|i| i.field(MOVED_TO).to_owned())
        .unwrap_or_default();
    let action = doc(&app).items.get(&moved).cloned();
    let Some(action) = action else {
        panic!("no action made");
    };
    assert_eq!(action.field("what"), "Ask IT about the guest wifi");
    assert_eq!(action.field("status"), "open");
    assert_eq!(action.field(PROPOSED_BY), "Bob Okafor");
    assert!(
        framework()
            .prompt(&action.prompt)
            .is_some_and(|(_, p)| p.kind == safestep::content::Kind::Actions)
    );
    assert!(text(&app, 100, 30).contains("→ now an action"));
}

#[test]
fn a_follow_on_session_opens_with_the_review_of_last_times_actions() {
    let fw = framework();
    let dir = tempdir();
    let a = stamp("alice");
    let mut old = Session::new("old-1".into(), "Spring", fw.reference(), &a);
    for what in [
        "Update the filtering policy",
        "Parents' evening",
        "Train new staff",
    ] {
        old.add_item(
            "review.actions",
            &[("what", what), ("owner", "Bob"), ("status", "open")],
            &a,
        );
    }
    let mut new = Session::new("new-1".into(), "Autumn", fw.reference(), &a);
    safestep::report::carry_forward(&old, &mut new, &fw, &a);
    let path = dir.path().join("autumn.ron");
    store::create(&path, &new, store::Sharing::Private).unwrap_or_else(|e| panic!("{e}"));

    // Read-only: nothing to mark, so it does not open.
    let mut ro = sample::app(fw.clone(), dir.path());
    ro.open(&path, true);
    assert!(ro.overlay.is_none());

    let mut app = sample::app(fw.clone(), dir.path());
    app.open(&path, false);
    assert!(matches!(app.overlay, Some(Overlay::Review { .. })));
    let screen = text(&app, 100, 30);
    assert!(screen.contains("3 of 3 to go"), "{screen}");
    insta::assert_snapshot!("opening_review_100x30", screen);
    app.update(Action::Level(1)); // done
    app.update(Action::Level(2)); // stuck
    assert!(text(&app, 100, 30).contains("1 of 3 to go"));
    app.update(Action::Back);
    app.save(true);

    let saved = store::load(&path).unwrap_or_else(|e| panic!("{e}"));
    let outcomes: Vec<(String, String)> = saved
        .session
        .opening_review(&fw)
        .into_iter()
        .map(|(_, i)| (i.field(REVIEW).to_owned(), i.field("status").to_owned()))
        .collect();
    assert_eq!(outcomes.iter().filter(|(r, _)| r == "done").count(), 1);
    assert_eq!(outcomes.iter().filter(|(r, _)| r == "stuck").count(), 1);
    assert!(
        outcomes.iter().all(|(r, s)| r.is_empty() || r == s),
        "{outcomes:?}"
    );
    assert_eq!(saved.session.review_pending(&fw).len(), 1);

    // Opened again, it offers the one left; o reopens it after Esc.
    let mut again = sample::app(fw, dir.path());
    again.open(&path, false);
    assert!(matches!(again.overlay, Some(Overlay::Review { .. })));
    again.update(Action::Back);
    again.update(Action::OpeningReview);
    assert!(matches!(again.overlay, Some(Overlay::Review { .. })));
}

#[test]
fn help_over_the_parking_lot_returns_to_it_and_does_not_capture_later_typing() {
    let dir = tempdir();
    let (mut app, _) = meeting(dir.path());
    app.update(Action::ParkingLot);
    app.update(Action::AddItem);
    typ(&mut app, "half a point");
    app.update(Action::Help);
    app.update(Action::Back);
    // Help closes back to the parking lot, with the point as it was typed.
    assert!(matches!(app.overlay, Some(Overlay::Parking { .. })));
    assert_eq!(
        app.meeting.parking.as_ref().map(|i| i.value().to_owned()),
        Some("half a point".to_owned())
    );
    app.update(Action::Back);
    app.update(Action::Back);
    assert!(app.overlay.is_none());
    // Back on step 1: the vision takes typing after Enter.
    app.update(Action::Activate);
    typ(&mut app, "Vision text");
    app.update(Action::NextField);
    assert_eq!(doc(&app).text_value("vision.statement"), "Vision text");
    assert!(doc(&app).parking_lot().is_empty());
}

#[test]
fn attendance_left_from_an_earlier_meeting_does_not_credit_the_facilitator() {
    let dir = tempdir();
    let (mut app, path) = meeting(dir.path());
    mark_present(&mut app, &[0, 1]);
    app.save(true);
    // Another run, days later, alone: attendance is in the file, but no meeting is on.
    let mut later = sample::app(framework(), dir.path());
    later.open(&path, false);
    later.update(Action::Back);
    assert!(!doc(&later).present().is_empty());
    assert_eq!(later.proposer(), None);
}
