//! The update function, action by action, without a terminal.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use safestep::content::{Framework, Kind};
use safestep::doc::Session;
use safestep::store;
use safestep::tui::action::{Action, Internal};
use safestep::tui::app::{App, Editor, Overlay, Screen};
use safestep::tui::sample;
use std::path::PathBuf;

fn framework() -> Framework {
    Framework::embedded().unwrap_or_else(|e| panic!("embedded framework: {e}"))
}

/// A fresh session on disk, opened as `safestep new` opens it.
fn new_session(dir: &std::path::Path) -> (App, PathBuf) {
    let fw = framework();
    let mut app = sample::app(fw.clone(), dir);
    let stamp = safestep::doc::Stamp {
        actor: "alice@create".into(),
        member: "alice".into(),
        at: sample::time(),
    };
    let doc = Session::new("t-1".into(), "Test", fw.reference(), &stamp);
    let path = dir.join("test.ron");
    store::create(&path, &doc, store::Sharing::Private).unwrap_or_else(|e| panic!("{e}"));
    app.open(&path, false);
    (app, path)
}

fn typ(app: &mut App, text: &str) {
    for c in text.chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn state(app: &App) -> &safestep::tui::app::StepState {
    app.step_state()
        .unwrap_or_else(|| panic!("not on a step screen"))
}

fn focused_id(app: &App) -> String {
    app.focused_prompt()
        .map(|p| p.id.clone())
        .unwrap_or_default()
}

/// Move focus to the first prompt of this kind (by name), across steps.
fn focus_kind(app: &mut App, name: &str) -> String {
    for _ in 0..200 {
        if app.focused_prompt().is_some_and(|p| p.kind.name() == name) {
            return focused_id(app);
        }
        key(app, KeyCode::Esc);
        app.update(Action::NextField);
    }
    panic!("no prompt of kind {name}");
}

#[test]
fn a_new_session_opens_at_the_vision_and_enter_starts_typing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, _) = new_session(dir.path());
    assert_eq!(focused_id(&app), "vision.statement");
    assert!(state(&app).editor.is_none(), "nothing is typed until Enter");
    key(&mut app, KeyCode::Enter);
    assert!(matches!(state(&app).editor, Some(Editor::Long { .. })));
    typ(&mut app, "Safe? Yes!");
    assert!(state(&app).dirty, "typing makes the session unsaved");
    assert!(app.autosave_due().is_some(), "an autosave is scheduled");
    assert!(app.overlay.is_none(), "? inside text is typed, not help");
    app.update(Action::NextField);
    assert_eq!(state(&app).doc.text_value("vision.statement"), "Safe? Yes!");
}

#[test]
fn autosave_writes_the_file_and_clears_the_dirty_mark() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, path) = new_session(dir.path());
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "Typed, not yet left");
    app.internal(Internal::AutosaveDue);
    assert!(!state(&app).dirty);
    assert!(
        app.autosave_due().is_none(),
        "no autosave waits: the loop blocks again"
    );
    let loaded = store::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        loaded.session.text_value("vision.statement"),
        "Typed, not yet left"
    );
}

#[test]
fn quit_saves_and_reopening_returns_to_the_same_field() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, path) = new_session(dir.path());
    app.update(Action::NextStep);
    app.update(Action::NextField);
    let field = focused_id(&app);
    app.update(Action::Quit);
    assert!(app.quit);
    let mut again = sample::app(framework(), dir.path());
    again.open(&path, false);
    assert_eq!(state(&again).step, 1);
    assert_eq!(focused_id(&again), field);
}

#[test]
fn steps_move_with_next_previous_and_the_jump_list() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, _) = new_session(dir.path());
    app.update(Action::NextStep);
    assert_eq!(state(&app).step, 1);
    app.update(Action::PrevStep);
    app.update(Action::PrevStep);
    assert_eq!(state(&app).step, 0, "previous stops at the first step");
    app.update(Action::JumpList);
    assert!(matches!(app.overlay, Some(Overlay::Jump { .. })));
    app.update(Action::Level(5));
    assert!(app.overlay.is_none());
    assert_eq!(state(&app).step, 4);
    app.update(Action::JumpList);
    app.update(Action::Down);
    app.update(Action::Activate);
    assert_eq!(state(&app).step, 5);
}

#[test]
fn help_opens_with_f1_anywhere_and_closes_with_esc() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, _) = new_session(dir.path());
    key(&mut app, KeyCode::F(1));
    assert!(matches!(app.overlay, Some(Overlay::Help { .. })));
    key(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none());
    key(&mut app, KeyCode::Esc);
    typ(&mut app, "?");
    assert!(
        matches!(app.overlay, Some(Overlay::Help { .. })),
        "? outside text is help"
    );
}

#[test]
fn choices_checklists_and_ratings() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, _) = new_session(dir.path());
    let choice = focus_kind(&mut app, "Choice");
    app.update(Action::Down);
    app.update(Action::Toggle);
    let Some(Kind::Choice { options }) = app.focused_prompt().map(|p| p.kind.clone()) else {
        panic!("not a choice")
    };
    assert_eq!(state(&app).doc.text_value(&choice), options[1]);

    let rating = focus_kind(&mut app, "Rating");
    app.update(Action::Level(4));
    app.update(Action::Left);
    app.update(Action::Down);
    app.update(Action::Level(2));
    let doc = &state(&app).doc;
    assert_eq!(doc.member_ratings(&rating).get("alice"), Some(&3));
    assert_eq!(doc.agreed_rating(&rating), Some(2));
    app.update(Action::ClearLevel);
    assert_eq!(state(&app).doc.agreed_rating(&rating), None);

    let check = focus_kind(&mut app, "Checklist");
    app.update(Action::Toggle);
    let Some(Kind::Checklist { options }) = app.focused_prompt().map(|p| p.kind.clone()) else {
        panic!("not a checklist")
    };
    assert!(state(&app).doc.is_checked(&check, &options[0]));
    app.update(Action::Toggle);
    assert!(!state(&app).doc.is_checked(&check, &options[0]));
}

#[test]
fn collections_add_edit_delete_undo_and_reorder() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, _) = new_session(dir.path());
    let actions = focus_kind(&mut app, "Actions");
    app.update(Action::AddItem);
    typ(&mut app, "Write the policy");
    key(&mut app, KeyCode::Enter); // owner: focused, not typed into
    assert!(state(&app).editor.is_none());
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "Bob");
    key(&mut app, KeyCode::Enter); // due
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "2027-02-30");
    key(&mut app, KeyCode::Enter);
    assert!(
        app.message.as_ref().is_some_and(|m| m.warn),
        "an impossible date is refused"
    );
    for _ in 0..2 {
        key(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "28");
    key(&mut app, KeyCode::Enter); // status: a new action starts open
    key(&mut app, KeyCode::Enter);
    for _ in 0.."open".len() {
        key(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "in p");
    key(&mut app, KeyCode::Enter);
    let items = state(&app).doc.items_of(&actions);
    assert_eq!(items.len(), 1);
    let (_, item) = items[0];
    assert_eq!(item.field("what"), "Write the policy");
    assert_eq!(item.field("due"), "2027-02-28");
    assert_eq!(item.field("status"), "in progress");
    assert!(
        state(&app).editor.is_none(),
        "after the last column, back to the row"
    );

    app.update(Action::Toggle);
    assert_eq!(
        state(&app).doc.items_of(&actions)[0].1.field("status"),
        "done",
        "Space cycles the status"
    );

    app.update(Action::AddItem);
    typ(&mut app, "Second");
    key(&mut app, KeyCode::Esc);
    app.update(Action::MoveItemUp);
    let order: Vec<String> = state(&app)
        .doc
        .items_of(&actions)
        .iter()
        .map(|(_, i)| i.field("what").to_owned())
        .collect();
    assert_eq!(order, ["Second", "Write the policy"]);
    app.update(Action::DeleteItem);
    assert_eq!(state(&app).doc.items_of(&actions).len(), 1);
    app.update(Action::Undo);
    assert_eq!(state(&app).doc.items_of(&actions).len(), 2);
}

#[test]
fn roster_roles_accept_ids_labels_and_prefixes() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, _) = new_session(dir.path());
    let roster = focus_kind(&mut app, "Roster");
    app.update(Action::AddItem);
    typ(&mut app, "Alice");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "Senior leadership, tech");
    key(&mut app, KeyCode::Enter);
    let items = state(&app).doc.items_of(&roster);
    // One stored form in every front end: ids joined by ',' with no space.
    assert_eq!(items[0].1.field("roles"), "leadership,technical");
}

#[test]
fn a_date_is_validated_and_esc_drops_what_cannot_be_kept() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, _) = new_session(dir.path());
    let date = focus_kind(&mut app, "Date");
    assert!(
        state(&app).editor.is_none(),
        "a date is typed into after Enter"
    );
    key(&mut app, KeyCode::Enter);
    assert!(matches!(state(&app).editor, Some(Editor::Line { .. })));
    typ(&mut app, "next week");
    app.update(Action::NextField);
    assert_eq!(focused_id(&app), date, "an invalid date keeps the focus");
    key(&mut app, KeyCode::Esc);
    assert!(state(&app).editor.is_none());
    assert_eq!(state(&app).doc.text_value(&date), "");
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "2027-01-31");
    key(&mut app, KeyCode::Enter);
    assert_eq!(state(&app).doc.text_value(&date), "2027-01-31");
}

#[test]
fn read_only_sessions_take_no_edits_and_are_never_saved() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, path) = new_session(dir.path());
    app.update(Action::Quit);
    let before = std::fs::read(&path).unwrap_or_else(|e| panic!("{e}"));
    let mut ro = sample::app(framework(), dir.path());
    ro.open(&path, true);
    assert!(state(&ro).read_only);
    assert!(state(&ro).editor.is_none(), "no editor in read-only mode");
    typ(&mut ro, "x");
    focus_kind(&mut ro, "Checklist");
    ro.update(Action::Toggle);
    ro.update(Action::Save);
    ro.update(Action::Quit);
    assert_eq!(std::fs::read(&path).unwrap_or_default(), before);
}

#[test]
fn the_signal_snapshot_holds_the_half_typed_field() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, path) = new_session(dir.path());
    let shared = std::sync::Arc::new(std::sync::Mutex::new(
        safestep::tui::app::Snapshot::default(),
    ));
    app.shared = Some(shared.clone());
    app.sync_snapshot(true);
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "Half typ");
    let snap = shared
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    assert!(
        snap.save_now(sample::time())
            .unwrap_or_else(|e| panic!("{e}"))
    );
    drop(snap);
    let loaded = store::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.session.text_value("vision.statement"), "Half typ");
    assert_eq!(
        loaded
            .session
            .positions
            .get("alice")
            .map(|p| p.field.as_str()),
        Some("vision.statement")
    );
}

#[test]
fn home_lists_sessions_and_setup_creates_one() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut app = sample::app(framework(), dir.path());
    let Screen::Home(home) = &app.screen else {
        panic!("not home")
    };
    assert!(home.rows.is_empty());
    app.update(Action::Open);
    assert!(
        app.message.is_some(),
        "opening with no sessions says what to do"
    );
    app.update(Action::NewSession);
    assert!(matches!(app.screen, Screen::Setup(_)));
    app.update(Action::Activate);
    app.update(Action::Activate);
    app.update(Action::Activate);
    let Screen::Setup(s) = &app.screen else {
        panic!("setup left without a title")
    };
    assert!(s.error.is_some());
    typ(&mut app, "Spring review");
    app.update(Action::NextField);
    typ(&mut app, "Hillside");
    app.update(Action::NextField);
    typ(&mut app, "Alice");
    app.update(Action::Activate);
    assert_eq!(focused_id(&app), "vision.statement");
    assert_eq!(state(&app).doc.organisation(), "Hillside");
    app.update(Action::Quit);
    app.go_home();
    let Screen::Home(home) = &app.screen else {
        panic!("not home")
    };
    assert_eq!(home.rows.len(), 1);
    assert_eq!(home.rows[0].title, "Spring review");
}

#[test]
fn conflicts_show_in_the_header_and_every_version_is_listed() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fw = framework();
    let path = dir.path().join("sample.ron");
    let doc = sample::session(&fw);
    assert!(!doc.conflicts().is_empty());
    store::create(&path, &doc, store::Sharing::Private).unwrap_or_else(|e| panic!("{e}"));
    let mut app = sample::app(fw, dir.path());
    app.open(&path, true);
    let t = sample::render(&app, 100, 40).unwrap_or_else(|e| match e {});
    let text = format!("{}", t.backend());
    assert!(text.contains("1 conflict"), "{text}");
    assert!(text.contains("2 versions to settle"), "{text}");
    assert!(text.contains("Responsible, confident learners"), "{text}");
}

#[test]
fn control_characters_never_reach_the_screen() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, _) = new_session(dir.path());
    key(&mut app, KeyCode::Enter);
    app.internal(Internal::Paste("evil\u{1b}[2J\u{7}text".into()));
    app.update(Action::NextField);
    app.update(Action::PrevField);
    key(&mut app, KeyCode::Esc);
    let t = sample::render(&app, 80, 24).unwrap_or_else(|e| match e {});
    let buf = t.backend().buffer();
    for cell in buf.content() {
        assert!(
            !cell.symbol().chars().any(char::is_control),
            "control char in {:?}",
            cell.symbol()
        );
    }
    assert!(format!("{}", t.backend()).contains("evil␛[2J␇text"));
}

/// Another process saves the open session: the outside edit is merged into the
/// document, an open field nobody typed in shows it, and text being typed is kept.
#[test]
fn outside_saves_are_merged_without_disturbing_typing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, path) = new_session(dir.path());
    assert_eq!(focused_id(&app), "vision.statement");

    let outside = |prompt: &str, value: &str| {
        let mut other = store::load(&path).unwrap_or_else(|e| panic!("{e}")).session;
        let stamp = safestep::doc::Stamp {
            actor: "bob@elsewhere".into(),
            member: "bob".into(),
            at: sample::time(),
        };
        other.set_text(prompt, value, &stamp);
        store::save(&path, &mut other, store::Sharing::Private).unwrap_or_else(|e| panic!("{e}"));
    };

    // Typing started, nothing typed yet: the open field shows the merged value.
    key(&mut app, KeyCode::Enter);
    outside("vision.statement", "Bob's vision");
    app.internal(Internal::FileChanged);
    assert_eq!(
        state(&app).doc.text_value("vision.statement"),
        "Bob's vision"
    );
    let shown = match &state(&app).editor {
        Some(e) => e.text(),
        None => String::new(),
    };
    assert_eq!(shown, "Bob's vision");

    // Typing, then another outside save of a different prompt: the typing stays.
    typ(&mut app, " and mine");
    outside("group.chair", "Dr Okafor");
    app.internal(Internal::FileChanged);
    assert_eq!(state(&app).doc.text_value("group.chair"), "Dr Okafor");
    let shown = state(&app)
        .editor
        .as_ref()
        .map(Editor::text)
        .unwrap_or_default();
    assert_eq!(shown, "Bob's vision and mine");

    // Nothing new on disk: a second notice changes nothing.
    let before = state(&app).doc.clone();
    app.internal(Internal::FileChanged);
    assert_eq!(state(&app).doc, before);
}

/// F5 opens the summary over the step, it scrolls, and Esc closes it.
#[test]
fn the_summary_opens_scrolls_and_closes() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, _) = new_session(dir.path());
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "A vision");
    app.handle_key(KeyEvent::new(KeyCode::F(5), KeyModifiers::NONE));
    assert_eq!(app.overlay, Some(Overlay::Summary { scroll: 0 }));
    // Opening the summary records the text being typed, so the summary shows it.
    assert_eq!(state(&app).doc.text_value("vision.statement"), "A vision");
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::PageDown);
    assert_eq!(app.overlay, Some(Overlay::Summary { scroll: 11 }));
    key(&mut app, KeyCode::PageUp);
    assert_eq!(app.overlay, Some(Overlay::Summary { scroll: 1 }));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.overlay, None);
}
