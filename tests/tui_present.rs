//! The presenter view: snapshots at laptop and projector sizes, masking of
//! sensitive answers, typing with the cursor in place, and rendering at
//! every size without a panic.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use safestep::content::{Framework, Kind};
use safestep::doc::{Session, Stamp};
use safestep::store;
use safestep::tui::action::Action;
use safestep::tui::app::{App, Overlay};
use safestep::tui::sample;
use safestep::tui::theme::Palette;

/// Something no sample text contains, to look for on screen.
const SECRET: &str = "Zebedee Quartz-771";

fn framework() -> Framework {
    Framework::embedded().unwrap_or_else(|e| panic!("embedded framework: {e}"))
}

fn stamp() -> Stamp {
    Stamp {
        actor: "alice@create".into(),
        member: "alice".into(),
        at: sample::time(),
    }
}

/// Open `doc` (saved under `dir`) with `fw` and switch to the presenter view.
fn present(fw: Framework, dir: &std::path::Path, doc: &Session) -> App {
    let path = dir.join("meeting.ron");
    store::create(&path, doc, store::Sharing::Private).unwrap_or_else(|e| panic!("{e}"));
    let mut app = sample::app(fw, dir);
    app.open(&path, false);
    app.update(Action::TogglePresenter);
    app.message = None;
    app
}

fn typ(app: &mut App, text: &str) {
    for c in text.chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// The screen as rows of text, every cell's symbol joined.
fn rows(app: &App, w: u16, h: u16) -> Vec<String> {
    sample::rows(app, w, h)
}

fn shows(app: &App, w: u16, h: u16, text: &str) -> bool {
    rows(app, w, h).iter().any(|r| r.contains(text))
}

/// Move the focus to a prompt by id, with Tab.
fn focus(app: &mut App, id: &str) {
    for _ in 0..300 {
        if app.focused_prompt().is_some_and(|p| p.id == id) {
            return;
        }
        key(app, KeyCode::Esc);
        app.update(Action::NextField);
    }
    panic!("no prompt {id}");
}

/// A new session with the vision typed in the presenter view.
fn typed_vision(dir: &std::path::Path) -> App {
    let fw = framework();
    let doc = Session::new("m-1".into(), "Spring meeting", fw.reference(), &stamp());
    let mut app = present(fw, dir, &doc);
    key(&mut app, KeyCode::Enter);
    typ(
        &mut app,
        "Everyone here uses technology safely, kindly and with confidence, \
         and knows where to turn when something goes wrong online.",
    );
    app
}

#[test]
fn presenter_view_at_laptop_and_projector_sizes() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let app = typed_vision(dir.path());
    assert!(app.presenter);
    assert_eq!(app.theme.palette, Palette::HighContrast);
    for (w, h) in [(80, 24), (120, 40), (200, 50)] {
        let t = sample::render(&app, w, h).unwrap_or_else(|e| match e {});
        insta::assert_snapshot!(format!("present_{w}x{h}"), t.backend());
        // The big title is drawn with block characters, and the typed answer shows.
        let screen = rows(&app, w, h).join("\n");
        assert!(screen.contains('█') || screen.contains('▀'), "{w}x{h}");
        assert!(screen.contains("kindly"), "{w}x{h}");
    }
}

#[test]
fn the_cursor_follows_the_typing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut app = typed_vision(dir.path());
    typ(&mut app, " Zq");
    for (w, h) in [(80, 24), (200, 50), (41, 12)] {
        let mut t = sample::render(&app, w, h).unwrap_or_else(|e| match e {});
        let p = ratatui::backend::Backend::get_cursor_position(t.backend_mut())
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(p.x >= 1 && p.x < w && p.y < h, "{w}x{h}: {p:?}");
        let cell = &t.backend().buffer()[(p.x - 1, p.y)];
        assert_eq!(
            cell.symbol(),
            "q",
            "{w}x{h}: the cursor sits after the last letter"
        );
    }
    // A one-line field: the date of the next review.
    app.update(Action::JumpList);
    app.update(Action::Level(7));
    for _ in 0..20 {
        if app.focused_prompt().is_some_and(|p| p.kind == Kind::Date) {
            break;
        }
        key(&mut app, KeyCode::Esc);
        app.update(Action::NextField);
    }
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "2027-01-0");
    let mut t = sample::render(&app, 80, 24).unwrap_or_else(|e| match e {});
    let p = ratatui::backend::Backend::get_cursor_position(t.backend_mut())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(t.backend().buffer()[(p.x - 1, p.y)].symbol(), "0");
}

#[test]
fn a_sensitive_answer_is_masked_until_revealed_and_again_after_the_focus_moves() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fw = framework();
    let mut doc = sample::session(&fw);
    let id = "assess.incidents.evidence";
    assert!(fw.prompt(id).is_some_and(|(_, p)| p.sensitive));
    doc.set_text(
        id,
        &format!("Case notes: {SECRET} reported twice"),
        &stamp(),
    );
    let mut app = present(fw, dir.path(), &doc);
    focus(&mut app, id);
    for (w, h) in [(80, 24), (200, 50), (40, 12)] {
        assert!(!shows(&app, w, h, SECRET), "masked at {w}x{h}");
    }
    assert!(shows(&app, 200, 50, "F3 shows it"));
    // A masked field is not typed into: Enter says how to reveal it.
    key(&mut app, KeyCode::Enter);
    assert!(app.step_state().is_some_and(|s| s.editor.is_none()));
    assert!(shows(&app, 120, 40, "F3 reveals it"));
    typ(&mut app, " Zorro");
    assert!(!shows(&app, 120, 40, "Zorro"));

    key(&mut app, KeyCode::F(3));
    assert!(shows(&app, 200, 50, SECRET), "revealed");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::End);
    typ(&mut app, " Zorro");
    assert!(shows(&app, 200, 50, "Zorro"), "revealed, it takes typing");

    app.update(Action::NextField);
    app.update(Action::PrevField);
    assert_eq!(app.focused_prompt().map(|p| p.id.as_str()), Some(id));
    assert!(
        !shows(&app, 200, 50, SECRET),
        "masked again after Tab away and back"
    );

    // Revealed, then a step change and back through the list of steps.
    key(&mut app, KeyCode::F(3));
    assert!(shows(&app, 120, 40, SECRET));
    app.update(Action::NextStep);
    app.update(Action::JumpList);
    app.update(Action::Level(3));
    focus(&mut app, id);
    assert!(
        !shows(&app, 120, 40, SECRET),
        "masked again after a step change"
    );

    // Neither the summary nor the usual view shows it.
    app.update(Action::Summary);
    for scroll in 0..40 {
        assert!(!shows(&app, 120, 40, SECRET), "summary, scrolled {scroll}");
        app.update(Action::Down);
    }
    app.update(Action::Back);
    app.update(Action::TogglePresenter);
    assert!(!app.presenter);
    assert!(!shows(&app, 120, 40, SECRET), "the usual view keeps hiding");
    app.update(Action::ToggleSensitive);
    assert!(
        shows(&app, 120, 40, SECRET),
        "F3 in the usual view shows it"
    );
}

#[test]
fn sensitive_lists_and_conflicts_are_masked_too() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut fw = framework();
    // Mark a list and the vision (which has a conflict in the sample) as sensitive.
    let list = fw
        .prompts()
        .find(|(_, p)| p.kind == Kind::List)
        .map(|(_, p)| p.id.clone())
        .unwrap_or_else(|| panic!("no list prompt"));
    for step in &mut fw.steps {
        for p in &mut step.prompts {
            if p.id == list || p.id == "vision.statement" {
                p.sensitive = true;
            }
        }
    }
    let mut doc = sample::session(&fw);
    doc.add_item(&list, &[("text", SECRET), ("item", SECRET)], &stamp());
    let mut bob = doc.clone();
    let bobs = Stamp {
        actor: "bob@laptop".into(),
        member: "bob".into(),
        at: sample::time(),
    };
    bob.set_text("vision.statement", &format!("{SECRET} by Bob"), &bobs);
    doc.set_text("vision.statement", "Alice's version", &stamp());
    let doc = doc.merge(&bob).unwrap_or_else(|e| panic!("{e}"));
    let mut app = present(fw, dir.path(), &doc);
    focus(&mut app, "vision.statement");
    assert!(
        shows(&app, 200, 50, "versions to settle"),
        "the conflict is listed"
    );
    assert!(!shows(&app, 200, 50, SECRET), "but its versions are masked");
    focus(&mut app, &list);
    assert!(!shows(&app, 200, 50, SECRET), "list items are masked");
    // Editing a cell of the list.
    for _ in 0..5 {
        key(&mut app, KeyCode::Down);
    }
    key(&mut app, KeyCode::Enter);
    assert!(
        !shows(&app, 200, 50, SECRET),
        "a cell being edited is masked"
    );
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::F(3));
    assert!(
        shows(&app, 200, 50, SECRET),
        "revealed: {}",
        rows(&app, 200, 50).join("\n")
    );
}

#[test]
fn the_presenter_toggle_restores_the_usual_view_and_theme() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut app = typed_vision(dir.path());
    // The key is in the key table: help lists it and the footer shows it.
    app.update(Action::Help);
    assert!(shows(&app, 120, 40, "presenter view, or back"));
    app.update(Action::Back);
    assert!(shows(&app, 80, 24, "F4 usual view"));
    key(&mut app, KeyCode::F(4));
    assert!(!app.presenter);
    assert_eq!(app.theme.palette, Palette::Ansi);
    assert!(
        app.hide_sensitive,
        "leaving the presenter view keeps hiding"
    );
    assert!(shows(&app, 80, 24, "Step 1 of 7: Set the vision"));
    key(&mut app, KeyCode::F(4));
    assert!(app.presenter);
    // Changing the view stops typing and keeps the text; Enter types again.
    assert!(app.step_state().is_some_and(|s| s.editor.is_none()));
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::End);
    typ(&mut app, "!");
    app.update(Action::NextField);
    let doc = &app.step_state().unwrap_or_else(|| panic!("no session")).doc;
    assert!(doc.text_value("vision.statement").ends_with("online.!"));
}

#[test]
fn open_present_starts_in_the_presenter_view() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fw = framework();
    let path = dir.path().join("s.ron");
    store::create(&path, &sample::session(&fw), store::Sharing::Private)
        .unwrap_or_else(|e| panic!("{e}"));
    let options = safestep::tui::Options {
        identity: sample::identity(dir.path()),
        framework: fw,
        start: safestep::tui::Start::Open {
            path,
            read_only: false,
        },
        present: true,
    };
    let app = safestep::tui::build_app(options, safestep::tui::app::Now::Fixed(sample::time()))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(app.presenter && app.hiding());
    assert!(
        app.meeting_clock.running(),
        "the meeting clock starts with the meeting"
    );
    assert!(app.overlay.is_none() || matches!(app.overlay, Some(Overlay::Help { .. })));
}

fn apps(dir: &std::path::Path) -> Vec<(&'static str, App)> {
    let fw = framework();
    let mut editing = typed_vision(&dir.join("a"));
    editing.message = Some(safestep::tui::app::Message {
        text: "A message above the footer".into(),
        warn: false,
    });
    let sample_dir = dir.join("b");
    std::fs::create_dir_all(&sample_dir).unwrap_or_else(|e| panic!("{e}"));
    let mut list = present(fw.clone(), &sample_dir, &sample::session(&fw));
    list.update(Action::JumpList);
    list.update(Action::Level(4));
    focus(&mut list, "integrate.actions");
    let mut agenda = typed_vision(&dir.join("c"));
    agenda.update(Action::Agenda);
    vec![("editing", editing), ("list", list), ("agenda", agenda)]
}

/// Every width for the small heights and every height for the narrow widths,
/// and a grid over the rest, up to 250x80.
#[test]
fn sizes_from_1x1_to_250x80_render_without_panic() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for sub in ["a", "b", "c"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap_or_else(|e| panic!("{e}"));
    }
    let apps = apps(dir.path());
    let mut renders = 0u32;
    for (name, app) in &apps {
        for w in 1..=250u16 {
            for h in 1..=80u16 {
                let edges = w <= 42
                    || h <= 14
                    || matches!(w, 79..=81 | 119..=121 | 199..=201 | 250)
                    || matches!(h, 23..=25 | 39..=41 | 49..=51 | 80);
                let grid = w % 7 == 0 && h % 5 == 0;
                if !(edges && (w + h) % 2 == 0 || grid) {
                    continue;
                }
                let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    sample::render(app, w, h)
                }));
                assert!(r.is_ok(), "{name} panicked at {w}x{h}");
                renders += 1;
            }
        }
    }
    assert!(renders > 10_000, "{renders} renders");
}

// ----- the meeting clock, the countdown and the agenda -----

use safestep::tui::action::Internal;
use safestep::tui::timer::{Clock, ManualClock};
use std::time::Duration;

/// A new session in the presenter view, with a clock the test moves.
fn meeting(dir: &std::path::Path) -> (App, ManualClock, std::path::PathBuf) {
    let fw = framework();
    let doc = Session::new("m-2".into(), "Spring meeting", fw.reference(), &stamp());
    let path = dir.join("meeting.ron");
    store::create(&path, &doc, store::Sharing::Private).unwrap_or_else(|e| panic!("{e}"));
    let clock = ManualClock::new();
    let mut app = sample::app(fw, dir);
    app.clock = Clock::Manual(clock.clone());
    app.open(&path, false);
    app.update(Action::TogglePresenter);
    app.message = None;
    (app, clock, path)
}

fn doc(app: &App) -> &Session {
    &app.step_state().unwrap_or_else(|| panic!("no session")).doc
}

fn mins(n: u64) -> Duration {
    Duration::from_secs(n * 60)
}

#[test]
fn the_countdown_follows_the_clock_and_never_moves_the_meeting_on() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, clock, _) = meeting(dir.path());
    assert!(app.meeting_clock.running());
    assert!(shows(&app, 80, 24, "30:00 left of 30 min"));
    clock.advance(mins(5));
    app.internal(Internal::Tick);
    assert!(shows(&app, 80, 24, "25:00 left of 30 min"));
    clock.advance(Duration::from_secs(30));
    assert!(shows(&app, 200, 50, "24:30 left of 30 min"));
    // The usual view shows it too, in the step's heading.
    app.update(Action::TogglePresenter);
    assert!(shows(&app, 120, 40, "24:30 left of 30 min"));
    app.update(Action::TogglePresenter);

    // Past the planned time: the wording and colour change; nothing else does.
    app.bell = true;
    clock.advance(mins(27));
    app.internal(Internal::Tick);
    assert!(shows(&app, 80, 24, "2 min over 30 min"));
    let t = sample::render(&app, 80, 24).unwrap_or_else(|e| match e {});
    let row0: String = (0..80u16)
        .map(|x| t.backend().buffer()[(x, 0)].symbol())
        .collect();
    let col = u16::try_from(row0.find("2 min over").unwrap_or(0)).unwrap_or(0);
    assert_eq!(
        t.backend().buffer()[(col, 0)].fg,
        app.theme.warn.fg.unwrap_or_default(),
        "the over-time countdown is in the warning colour"
    );
    assert_eq!(app.step_state().map(|s| s.step), Some(0), "still on step 1");
    assert!(app.ring, "one bell, as configured");
    app.ring = false;
    clock.advance(mins(1));
    app.internal(Internal::Tick);
    assert!(!app.ring, "only once");
}

#[test]
fn the_loop_ticks_only_while_the_clock_runs() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, clock, _) = meeting(dir.path());
    clock.advance(Duration::from_millis(400));
    assert_eq!(
        app.tick_due(),
        Some(clock.now() + Duration::from_millis(600)),
        "the next whole second"
    );
    key(&mut app, KeyCode::F(9));
    assert!(!app.meeting_clock.running());
    assert_eq!(app.tick_due(), None, "paused: no timer wakes the loop");
    clock.advance(mins(10));
    assert!(shows(&app, 120, 40, "paused · 30:00 left of 30 min"));
    key(&mut app, KeyCode::F(9));
    assert!(app.tick_due().is_some());

    // Outside a meeting there is no clock, and nothing wakes the loop.
    let fw = framework();
    let usual_dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = usual_dir.path().join("s.ron");
    store::create(&path, &sample::session(&fw), store::Sharing::Private)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut usual = sample::app(fw, usual_dir.path());
    usual.open(&path, false);
    assert_eq!(usual.tick_due(), None);
    assert!(usual.countdown().is_none());
    assert!(shows(&usual, 80, 24, "about 30 min"));
    // F7 starts the clock in the usual view too.
    key(&mut usual, KeyCode::F(9));
    assert!(usual.tick_due().is_some());
    assert!(shows(&usual, 80, 24, "30:00 left of 30 min"));
}

#[test]
fn time_spent_is_recorded_on_step_change_save_and_quit() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, clock, path) = meeting(dir.path());
    clock.advance(mins(12) + Duration::from_millis(500));
    app.update(Action::NextStep);
    assert_eq!(doc(&app).spent_seconds("vision"), 720);
    assert_eq!(doc(&app).spent_by("vision", "alice"), 720);
    clock.advance(mins(3));
    // Back to step 1: its time carries on from what was recorded.
    app.update(Action::PrevStep);
    assert_eq!(doc(&app).spent_seconds("group"), 180);
    clock.advance(mins(1));
    assert!(shows(&app, 80, 24, "17:00 left of 30 min"));
    // Ctrl-S records the time so far and saves it with the session.
    app.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let saved = store::load(&path).unwrap_or_else(|e| panic!("{e}")).session;
    assert_eq!(saved.spent_seconds("vision"), 780);
    assert_eq!(saved.spent_seconds("group"), 180);
    clock.advance(mins(2));
    app.update(Action::Quit);
    let saved = store::load(&path).unwrap_or_else(|e| panic!("{e}")).session;
    assert_eq!(saved.spent_seconds("vision"), 900, "quit records the rest");
}

#[test]
fn the_agenda_shows_plans_against_time_and_changes_a_plan() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, clock, path) = meeting(dir.path());
    clock.advance(mins(32));
    app.update(Action::NextStep);
    clock.advance(mins(4) + Duration::from_secs(10));
    key(&mut app, KeyCode::F(6));
    assert!(matches!(app.overlay, Some(Overlay::Agenda { selected: 1 })));
    for (w, h) in [(80, 24), (120, 40)] {
        let t = sample::render(&app, w, h).unwrap_or_else(|e| match e {});
        insta::assert_snapshot!(format!("agenda_{w}x{h}"), t.backend());
    }
    // Step 3 from 90 to 95 minutes, then back down to 85.
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Char('+'));
    assert_eq!(doc(&app).planned_minutes("assess"), Some(95));
    assert!(shows(&app, 80, 24, "95 min*"));
    key(&mut app, KeyCode::Char('-'));
    assert_eq!(
        doc(&app).planned_minutes("assess"),
        None,
        "back at the suggestion, the meeting's plan is cleared"
    );
    key(&mut app, KeyCode::Left);
    assert_eq!(doc(&app).planned_minutes("assess"), Some(85));
    // The current step's plan changes its countdown.
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Right);
    assert_eq!(doc(&app).planned_minutes("group"), Some(25));
    // Enter goes to the highlighted step; Esc closes and typing resumes.
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.step_state().map(|s| s.step), Some(2));
    assert!(app.overlay.is_none());
    key(&mut app, KeyCode::F(6));
    key(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none());
    app.update(Action::Save);
    let saved = store::load(&path).unwrap_or_else(|e| panic!("{e}")).session;
    assert_eq!(saved.planned_minutes("group"), Some(25));
    assert_eq!(saved.planned_minutes("assess"), Some(85));
    assert_eq!(saved.spent_seconds("group"), 250);
}

#[test]
fn the_key_table_knows_the_meeting_keys() {
    use safestep::tui::keymap::{self, AGENDA, EDIT, PRESENT, STEP, lookup};
    let f = |n| KeyEvent::new(KeyCode::F(n), KeyModifiers::NONE);
    assert_eq!(lookup(STEP | PRESENT, &f(3)), Some(Action::Reveal));
    assert_eq!(lookup(EDIT | PRESENT, &f(3)), Some(Action::Reveal));
    assert_eq!(lookup(STEP, &f(3)), Some(Action::ToggleSensitive));
    assert_eq!(lookup(EDIT, &f(4)), Some(Action::TogglePresenter));
    assert_eq!(lookup(EDIT, &f(6)), Some(Action::Agenda));
    assert_eq!(lookup(STEP, &f(9)), Some(Action::ToggleTimer));
    assert_eq!(lookup(STEP, &f(7)), Some(Action::Conflicts));
    // The agenda takes the keys while it is open.
    let tab = KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE);
    assert_eq!(lookup(AGENDA | STEP | PRESENT, &tab), None);
    assert_eq!(
        lookup(AGENDA | STEP | PRESENT, &f(3)),
        Some(Action::ToggleSensitive)
    );
    let plus = KeyEvent::new(KeyCode::Char('+'), KeyModifiers::SHIFT);
    assert_eq!(lookup(AGENDA | STEP, &plus), Some(Action::MoreMinutes));
    // Every meeting key is described for the help screen.
    for a in [
        Action::Reveal,
        Action::TogglePresenter,
        Action::Agenda,
        Action::ToggleTimer,
    ] {
        assert!(keymap::BINDINGS.iter().any(|b| b.action == a));
        assert!(!a.describe().is_empty());
    }
}
