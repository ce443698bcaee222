//! The key scheme: no keystroke meant as a command lands in an answer.
//!
//! Each test drives the app through its keys, as a user would, saves, and
//! reads the file back: the saved session must hold only what was meant.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use safestep::content::{Framework, Kind};
use safestep::doc::Session;
use safestep::store;
use safestep::tui::app::{App, Editor, Overlay};
use safestep::tui::keymap::{self, Ctx};
use safestep::tui::sample;
use safestep::tui::screens::help::{HelpLine, help_lines};
use std::path::{Path, PathBuf};

fn framework() -> Framework {
    Framework::embedded().unwrap_or_else(|e| panic!("embedded framework: {e}"))
}

/// The sample session on disk, opened.
fn sample_app(dir: &Path) -> (App, PathBuf) {
    let fw = framework();
    let path = dir.join("autumn.ron");
    let doc = sample::session(&fw);
    store::create(&path, &doc, store::Sharing::Private).unwrap_or_else(|e| panic!("{e}"));
    let mut app = sample::app(fw, dir);
    app.open(&path, false);
    (app, path)
}

fn press(app: &mut App, code: KeyCode, mods: KeyModifiers) {
    app.handle_key(KeyEvent::new(code, mods));
}

fn key(app: &mut App, code: KeyCode) {
    press(app, code, KeyModifiers::NONE);
}

fn ctrl(app: &mut App, c: char) {
    press(app, KeyCode::Char(c), KeyModifiers::CONTROL);
}

fn typ(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// Save with Ctrl-S and read the file back.
fn saved(app: &mut App, path: &Path) -> Session {
    ctrl(app, 's');
    store::load(path).unwrap_or_else(|e| panic!("{e}")).session
}

fn focused(app: &App) -> String {
    app.focused_prompt()
        .map(|p| p.id.clone())
        .unwrap_or_default()
}

fn typing(app: &App) -> bool {
    app.step_state().is_some_and(|s| s.editor.is_some())
}

/// Tab to a prompt (from anywhere, across steps), never typing on the way.
fn tab_to(app: &mut App, id: &str) {
    for _ in 0..400 {
        if focused(app) == id {
            assert!(!typing(app), "Tab must not start typing");
            return;
        }
        key(app, KeyCode::Tab);
    }
    panic!("no prompt {id}");
}

/// Go to a step with Ctrl-G and its number.
fn go_to_step(app: &mut App, n: char) {
    ctrl(app, 'g');
    assert!(matches!(app.overlay, Some(Overlay::Jump { .. })));
    key(app, KeyCode::Char(n));
}

fn step_no(app: &App) -> usize {
    app.step_state().map_or(usize::MAX, |s| s.step) + 1
}

// ----- The sequences that were seen, replayed.

#[test]
fn step1_tab_away_and_back_then_g3_does_not_type_into_the_vision() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, path) = sample_app(dir.path());
    tab_to(&mut app, "vision.statement");
    let before = app
        .step_state()
        .map(|s| s.doc.text_value("vision.statement").to_owned())
        .unwrap_or_default();
    key(&mut app, KeyCode::Enter);
    assert!(typing(&app), "Enter starts typing");
    key(&mut app, KeyCode::End);
    typ(&mut app, " Reviewed.");
    key(&mut app, KeyCode::Tab);
    assert!(!typing(&app));
    press(&mut app, KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(focused(&app), "vision.statement");
    assert!(!typing(&app), "Shift-Tab back does not start typing");
    typ(&mut app, "g3");
    let msg = app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(msg.contains("Press Enter to type in"), "{msg}");
    let doc = saved(&mut app, &path);
    assert_eq!(
        doc.text_value("vision.statement"),
        format!("{before} Reviewed."),
        "only what was meant is saved"
    );
    // What was meant: go to step 3.
    go_to_step(&mut app, '3');
    assert_eq!(step_no(&app), 3);
}

#[test]
fn step6_enter_in_a_one_line_field_then_g7_does_not_type_into_the_next() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, path) = sample_app(dir.path());
    tab_to(&mut app, "train.filter-changes");
    key(&mut app, KeyCode::Enter);
    assert!(typing(&app));
    // Clear what is there and type a new answer.
    for _ in 0..200 {
        key(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "The head, on the DSL's advice.");
    key(&mut app, KeyCode::Enter);
    assert!(
        !typing(&app),
        "Enter moves on without typing in the next field"
    );
    let next = focused(&app);
    assert_ne!(next, "train.filter-changes");
    let next_before = app
        .step_state()
        .map(|s| s.doc.text_value(&next).to_owned())
        .unwrap_or_default();
    typ(&mut app, "g7");
    let doc = saved(&mut app, &path);
    assert_eq!(
        doc.text_value("train.filter-changes"),
        "The head, on the DSL's advice."
    );
    assert_eq!(
        doc.text_value(&next),
        next_before,
        "nothing typed into {next}"
    );
    go_to_step(&mut app, '7');
    assert_eq!(step_no(&app), 7);
}

#[test]
fn presenter_view_g4_does_not_type_into_what_we_do_now() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, path) = sample_app(dir.path());
    key(&mut app, KeyCode::F(4));
    assert!(app.presenter);
    tab_to(&mut app, "assess.incidents.now");
    let before = app
        .step_state()
        .map(|s| s.doc.text_value("assess.incidents.now").to_owned())
        .unwrap_or_default();
    typ(&mut app, "g4");
    let doc = saved(&mut app, &path);
    assert_eq!(doc.text_value("assess.incidents.now"), before);
    go_to_step(&mut app, '4');
    assert_eq!(step_no(&app), 4);
}

#[test]
fn a_masked_answer_in_the_presenter_view_cannot_be_changed() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, path) = sample_app(dir.path());
    key(&mut app, KeyCode::F(4));
    tab_to(&mut app, "assess.incidents.evidence");
    let before = app
        .step_state()
        .map(|s| s.doc.text_value("assess.incidents.evidence").to_owned())
        .unwrap_or_default();
    typ(&mut app, "g2");
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Enter);
    assert!(!typing(&app), "Enter does not type into a masked answer");
    let msg = app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(msg.contains("F3 reveals it"), "{msg}");
    key(&mut app, KeyCode::Char('e'));
    assert!(!typing(&app), "nor does e");
    typ(&mut app, "x");
    assert_eq!(
        saved(&mut app, &path).text_value("assess.incidents.evidence"),
        before
    );
    // Revealed, it can be typed into.
    key(&mut app, KeyCode::F(3));
    key(&mut app, KeyCode::Enter);
    assert!(typing(&app));
    key(&mut app, KeyCode::Esc);
}

#[test]
fn a_new_session_then_w_does_not_type_into_the_vision() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut app = sample::app(framework(), dir.path());
    key(&mut app, KeyCode::Char('n'));
    typ(&mut app, "Spring review");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    assert_eq!(focused(&app), "vision.statement");
    assert!(!typing(&app), "a session opens with nothing being typed");
    key(&mut app, KeyCode::Char('w'));
    let path = app
        .open_path()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| panic!("no session open"));
    let doc = saved(&mut app, &path);
    assert_eq!(doc.text_value("vision.statement"), "");
    // What was meant: attendance, which needs a roster first.
    ctrl(&mut app, 't');
    let msg = app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(msg.contains("Nobody on the roster"), "{msg}");
}

#[test]
fn closing_an_overlay_never_starts_typing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, path) = sample_app(dir.path());
    tab_to(&mut app, "vision.statement");
    let before = app
        .step_state()
        .map(|s| s.doc.text_value("vision.statement").to_owned())
        .unwrap_or_default();
    for open in [KeyCode::F(1), KeyCode::F(5), KeyCode::F(6), KeyCode::F(12)] {
        key(&mut app, open);
        assert!(app.overlay.is_some(), "{open:?} opens a window");
        key(&mut app, KeyCode::Esc);
        assert!(app.overlay.is_none());
        assert!(!typing(&app), "closing {open:?} does not start typing");
        typ(&mut app, "wslv");
    }
    assert_eq!(
        saved(&mut app, &path).text_value("vision.statement"),
        before
    );
}

// ----- One test per field kind: a bare key that is not a command there
// never reaches an answer.

/// The letters and digits that are not bound in a context.
fn unbound(ctx: Ctx) -> Vec<char> {
    ('a'..='z')
        .chain('A'..='Z')
        .chain('0'..='9')
        .chain("!\"£$%^&*()_+-=[]{};'#:@~,./<>?\\| `".chars())
        .filter(|c| {
            keymap::lookup(ctx, &KeyEvent::new(KeyCode::Char(*c), KeyModifiers::NONE)).is_none()
        })
        .collect()
}

#[test]
fn no_unbound_key_changes_any_field_kind() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, path) = sample_app(dir.path());
    let mut seen: Vec<&'static str> = Vec::new();
    for _ in 0..300 {
        let Some(kind) = app.focused_prompt().map(|p| p.kind.name()) else {
            break;
        };
        if !seen.contains(&kind) {
            seen.push(kind);
            let before = saved(&mut app, &path);
            let keys = unbound(app.ctx());
            assert!(!keys.is_empty());
            for c in keys {
                key(&mut app, KeyCode::Char(c));
                assert!(!typing(&app), "{c} started typing in a {kind}");
            }
            let after = saved(&mut app, &path);
            assert_eq!(before.answers, after.answers, "{kind}: an answer changed");
            assert_eq!(before.items, after.items, "{kind}: a list changed");
        }
        key(&mut app, KeyCode::Tab);
    }
    for kind in [
        "LongText",
        "ShortText",
        "Date",
        "Choice",
        "Checklist",
        "Rating",
        "List",
        "Roster",
        "Actions",
        "Risks",
        "Decisions",
        "Table",
    ] {
        assert!(seen.contains(&kind), "kind {kind} not met; seen {seen:?}");
    }
}

#[test]
fn text_fields_take_every_printable_key_only_once_typing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, path) = sample_app(dir.path());
    for id in ["vision.statement", "group.chair", "review.next"] {
        tab_to(&mut app, id);
        let before = saved(&mut app, &path).text_value(id).to_owned();
        // Not typing: nothing a letter or digit does reaches the answer.
        for c in ('a'..='z').chain('0'..='9').filter(|c| *c != 'e') {
            key(&mut app, KeyCode::Char(c));
        }
        assert!(!typing(&app));
        assert_eq!(saved(&mut app, &path).text_value(id), before, "{id}");
    }
}

// ----- One test per overlay: a bare key there never reaches an answer.

#[test]
fn no_key_in_an_overlay_reaches_the_field_beneath() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, path) = sample_app(dir.path());
    // Someone present, for the speaker and vote windows.
    ctrl(&mut app, 't');
    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Esc);
    tab_to(&mut app, "vision.problems");
    let opens: [(&str, KeyEvent); 12] = [
        ("help", KeyEvent::new(KeyCode::F(1), KeyModifiers::NONE)),
        (
            "steps",
            KeyEvent::new(KeyCode::Char('g'), KeyModifiers::CONTROL),
        ),
        ("summary", KeyEvent::new(KeyCode::F(5), KeyModifiers::NONE)),
        ("agenda", KeyEvent::new(KeyCode::F(6), KeyModifiers::NONE)),
        (
            "attendance",
            KeyEvent::new(KeyCode::Char('t'), KeyModifiers::CONTROL),
        ),
        ("speaker", KeyEvent::new(KeyCode::F(10), KeyModifiers::NONE)),
        ("vote", KeyEvent::new(KeyCode::F(11), KeyModifiers::NONE)),
        (
            "parking lot",
            KeyEvent::new(KeyCode::F(12), KeyModifiers::NONE),
        ),
        ("import", KeyEvent::new(KeyCode::F(8), KeyModifiers::NONE)),
        (
            "compare",
            KeyEvent::new(KeyCode::Char('c'), KeyModifiers::ALT),
        ),
        (
            "conflicts",
            KeyEvent::new(KeyCode::F(7), KeyModifiers::NONE),
        ),
        (
            "opening review",
            KeyEvent::new(KeyCode::Char('o'), KeyModifiers::CONTROL),
        ),
    ];
    for (name, open) in opens {
        let before = saved(&mut app, &path);
        app.handle_key(open);
        if app.overlay.is_none() {
            // The comparison and the opening review need a previous
            // session: they say so instead.
            assert!(
                ["compare", "opening review"].contains(&name),
                "{name} did not open"
            );
            assert!(app.message.is_some(), "{name} says why it did not open");
            continue;
        }
        let ctx = app.ctx();
        for c in unbound(ctx) {
            key(&mut app, KeyCode::Char(c));
        }
        while app.overlay.is_some() {
            key(&mut app, KeyCode::Esc);
        }
        let after = saved(&mut app, &path);
        assert_eq!(before.answers, after.answers, "{name}: an answer changed");
        assert_eq!(before.items, after.items, "{name}: a list changed");
        assert!(!typing(&app), "{name}: closing started typing");
    }
}

// ----- Undo and redo.

fn doc(app: &App) -> &Session {
    &app.step_state()
        .unwrap_or_else(|| panic!("no session open"))
        .doc
}

#[test]
fn ctrl_z_undoes_a_choice_a_tick_and_a_rating() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, path) = sample_app(dir.path());
    // A choice.
    tab_to(&mut app, "group.frequency");
    let before = doc(&app).text_value("group.frequency").to_owned();
    let Some(Kind::Choice { options }) = app.focused_prompt().map(|p| p.kind.clone()) else {
        panic!("not a choice");
    };
    let other = options
        .iter()
        .position(|o| *o != before)
        .unwrap_or_else(|| panic!("one option"));
    for _ in 0..other {
        key(&mut app, KeyCode::Down);
    }
    key(&mut app, KeyCode::Char(' '));
    let chosen = doc(&app).text_value("group.frequency").to_owned();
    assert_ne!(chosen, before);
    // Moving away and back keeps the undo.
    key(&mut app, KeyCode::Tab);
    ctrl(&mut app, 'z');
    assert_eq!(focused(&app), "group.frequency", "undo shows the field");
    assert_eq!(saved(&mut app, &path).text_value("group.frequency"), before);
    ctrl(&mut app, 'y');
    assert_eq!(saved(&mut app, &path).text_value("group.frequency"), chosen);
    // A rating.
    tab_to(&mut app, "assess.incidents.level");
    let mine = |d: &Session| {
        d.member_ratings("assess.incidents.level")
            .get("alice")
            .copied()
    };
    let was = mine(doc(&app));
    let new = if was == Some(5) { '1' } else { '5' };
    key(&mut app, KeyCode::Char(new));
    assert_ne!(mine(doc(&app)), was);
    ctrl(&mut app, 'z');
    assert_eq!(mine(&saved(&mut app, &path)), was);
    // A tick.
    tab_to(&mut app, "review.feedback");
    let option = "Learner survey";
    let was = doc(&app).is_checked("review.feedback", option);
    key(&mut app, KeyCode::Char(' '));
    assert_ne!(doc(&app).is_checked("review.feedback", option), was);
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(
        saved(&mut app, &path).is_checked("review.feedback", option),
        was
    );
}

#[test]
fn ctrl_z_undoes_a_status_a_reorder_a_delete_and_an_added_row() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, path) = sample_app(dir.path());
    // The first list with two rows or more.
    let mut list = String::new();
    for _ in 0..300 {
        if let Some(p) = app.focused_prompt().cloned()
            && p.kind == Kind::Actions
            && doc(&app).items_of(&p.id).len() >= 2
        {
            list = p.id;
            break;
        }
        key(&mut app, KeyCode::Tab);
    }
    assert!(!list.is_empty(), "an action list with two rows");
    let order = |d: &Session| -> Vec<String> {
        d.items_of(&list)
            .into_iter()
            .map(|(k, _)| k.to_owned())
            .collect()
    };
    let first = order(doc(&app));
    // Status: to the status column, Space cycles it.
    let status_col = Kind::Actions
        .fields()
        .iter()
        .position(|f| f.id == "status")
        .unwrap_or_else(|| panic!("actions have a status"));
    for _ in 0..status_col {
        key(&mut app, KeyCode::Right);
    }
    let id = first[0].clone();
    let status = |d: &Session| d.items.get(&id).map(|i| i.field("status").to_owned());
    let was = status(doc(&app));
    key(&mut app, KeyCode::Char(' '));
    assert_ne!(status(doc(&app)), was);
    ctrl(&mut app, 'z');
    assert_eq!(status(&saved(&mut app, &path)), was);
    // Reorder.
    key(&mut app, KeyCode::Char(']'));
    assert_ne!(order(doc(&app)), first);
    ctrl(&mut app, 'z');
    assert_eq!(order(&saved(&mut app, &path)), first);
    // Delete.
    key(&mut app, KeyCode::Char('d'));
    assert_eq!(order(doc(&app)).len(), first.len() - 1);
    ctrl(&mut app, 'z');
    assert_eq!(order(&saved(&mut app, &path)), first);
    ctrl(&mut app, 'y');
    assert_eq!(order(&saved(&mut app, &path)).len(), first.len() - 1);
    ctrl(&mut app, 'z');
    // An added row: `a` adds it and types in its first cell.
    key(&mut app, KeyCode::Char('a'));
    assert!(typing(&app));
    typ(&mut app, "Buy a new filter");
    key(&mut app, KeyCode::Esc);
    assert_eq!(order(doc(&app)).len(), first.len() + 1);
    ctrl(&mut app, 'z'); // the text typed
    ctrl(&mut app, 'z'); // the row
    assert_eq!(order(&saved(&mut app, &path)), first);
}

#[test]
fn ctrl_z_while_typing_undoes_the_typing_and_ctrl_y_redoes_it() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, path) = sample_app(dir.path());
    for id in ["vision.statement", "group.chair"] {
        tab_to(&mut app, id);
        let before = doc(&app).text_value(id).to_owned();
        key(&mut app, KeyCode::Enter);
        key(&mut app, KeyCode::End);
        typ(&mut app, "xyz");
        let text = |app: &App| {
            app.step_state()
                .and_then(|s| s.editor.as_ref())
                .map(Editor::text)
                .unwrap_or_default()
        };
        assert!(text(&app).ends_with("xyz"), "{id}: {}", text(&app));
        for _ in 0..3 {
            ctrl(&mut app, 'z');
        }
        assert_eq!(text(&app), before, "{id}");
        press(
            &mut app,
            KeyCode::Char('Z'),
            KeyModifiers::CONTROL | KeyModifiers::SHIFT,
        );
        assert!(text(&app).ends_with('x'), "{id}: {}", text(&app));
        ctrl(&mut app, 'y');
        ctrl(&mut app, 'y');
        assert!(text(&app).ends_with("xyz"), "{id}");
        key(&mut app, KeyCode::Esc);
        assert_eq!(
            saved(&mut app, &path).text_value(id),
            format!("{before}xyz")
        );
        // Not typing, Ctrl-Z undoes the recorded answer.
        ctrl(&mut app, 'z');
        assert_eq!(saved(&mut app, &path).text_value(id), before, "{id}");
    }
}

// ----- What the screen says.

#[test]
fn typing_is_visible_in_the_frame_the_cursor_and_the_footer() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, _) = sample_app(dir.path());
    tab_to(&mut app, "group.chair");
    let text = sample::text(&app, 100, 30);
    assert!(!text.contains("Typing:"), "{text}");
    assert!(text.contains("Enter type"), "{text}");
    key(&mut app, KeyCode::Enter);
    let text = sample::text(&app, 100, 30);
    assert!(text.contains("Typing: Who chairs the group"), "{text}");
    assert!(text.contains("✎ Who chairs the group typing"), "{text}");
    assert!(text.contains("Esc stop typing"), "{text}");
    let t = sample::render(&app, 100, 30).unwrap_or_else(|e| match e {});
    let cursor = safestep::tui::screens::cursor(&app, ratatui::layout::Rect::new(0, 0, 100, 30));
    assert!(cursor.is_some(), "the cursor shows while typing");
    drop(t);
    key(&mut app, KeyCode::Esc);
    let cursor = safestep::tui::screens::cursor(&app, ratatui::layout::Rect::new(0, 0, 100, 30));
    assert!(cursor.is_none(), "no cursor when not typing");
}

// ----- Help: what each key does where the user is.

fn help_text(ctx: Ctx) -> String {
    help_lines(ctx)
        .into_iter()
        .map(|l| match l {
            HelpLine::Heading(h) => format!("## {h}\n"),
            HelpLine::Text(t) => format!("{t}\n"),
            HelpLine::Keys(k, d) => format!("{k:<24} {d}\n"),
        })
        .collect()
}

/// The part of the help text under "Keys here".
fn keys_here(ctx: Ctx) -> String {
    let text = help_text(ctx);
    let start = text.find("## Keys here").unwrap_or(0);
    let rest = &text[start..];
    let end = rest[3..].find("## ").map_or(rest.len(), |e| e + 3);
    rest[..end].to_owned()
}

#[test]
fn help_in_the_vote_window_says_what_the_keys_do_there() {
    let here = keys_here(keymap::STEP | keymap::COLLECTION | keymap::VOTE);
    assert!(here.contains("Dot-voting"), "{here}");
    assert!(
        here.lines()
            .any(|l| l.starts_with("→ / + / Space") && l.ends_with("+1 vote")),
        "{here}"
    );
    assert!(
        here.lines()
            .any(|l| l.starts_with("Tab ") && l.ends_with("next voter")),
        "{here}"
    );
    let opening = keys_here(keymap::STEP | keymap::OPENING);
    for (n, meaning) in [
        ('1', "done"),
        ('2', "stuck"),
        ('3', "dropped"),
        ('4', "carried into this review"),
    ] {
        assert!(
            opening
                .lines()
                .any(|l| l.starts_with(n) && l.ends_with(meaning)),
            "{n}: {opening}"
        );
    }
}

#[test]
fn help_opened_in_a_window_describes_it_and_closes_back_to_it() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, _) = sample_app(dir.path());
    key(&mut app, KeyCode::F(6));
    assert!(matches!(app.overlay, Some(Overlay::Agenda { .. })));
    key(&mut app, KeyCode::F(1));
    let Some(Overlay::Help { ctx, .. }) = app.overlay else {
        panic!("help did not open");
    };
    assert!(keys_here(ctx).contains("5 more minutes"));
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.overlay, Some(Overlay::Agenda { .. })));
}

/// Every context help can be opened in, named.
const CONTEXTS: &[(&str, Ctx)] = &[
    ("home", keymap::HOME),
    ("setup", keymap::SETUP),
    ("text_not_typing", keymap::STEP | keymap::TEXT),
    ("typing_long_text", keymap::EDIT),
    ("typing_one_line", keymap::EDIT | keymap::EDIT_LINE),
    ("choice", keymap::STEP | keymap::CHOICE),
    ("checklist", keymap::STEP | keymap::CHECKLIST),
    ("rating", keymap::STEP | keymap::RATING),
    ("list", keymap::STEP | keymap::COLLECTION),
    ("presenter", keymap::STEP | keymap::TEXT | keymap::PRESENT),
    ("read_only", keymap::STEP | keymap::READ_ONLY),
    ("steps", keymap::STEP | keymap::JUMP),
    ("summary", keymap::STEP | keymap::SUMMARY),
    ("home_summary", keymap::HOME | keymap::SUMMARY),
    ("conflicts", keymap::STEP | keymap::CONFLICTS),
    ("import", keymap::STEP | keymap::IMPORT),
    ("report", keymap::STEP | keymap::REPORT),
    ("attendance", keymap::STEP | keymap::ATTENDANCE),
    ("speaker", keymap::STEP | keymap::SPEAKER),
    ("vote", keymap::STEP | keymap::COLLECTION | keymap::VOTE),
    ("parking", keymap::STEP | keymap::PARKING),
    ("parking_typing", keymap::STEP | keymap::PARKING_TYPING),
    ("opening_review", keymap::STEP | keymap::OPENING),
    ("agenda", keymap::STEP | keymap::AGENDA),
];

#[test]
fn help_for_every_context() {
    for (name, ctx) in CONTEXTS {
        insta::assert_snapshot!(format!("help_{name}"), keys_here(*ctx));
    }
    // The rest of help (every step, everywhere, other places) once.
    insta::assert_snapshot!(
        "help_full_text_field",
        help_text(keymap::STEP | keymap::TEXT)
    );
}

#[test]
fn help_fills_a_large_terminal_and_wraps_rather_than_cuts() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, _) = sample_app(dir.path());
    key(&mut app, KeyCode::F(1));
    let rows = sample::rows(&app, 250, 60);
    let top = rows
        .iter()
        .find(|r| r.contains("Help: keys"))
        .unwrap_or_else(|| panic!("no help box"));
    let width = top.trim().chars().count();
    assert!(width >= 240, "help box is {width} wide at 250 columns");
    // At 80x24 nothing is cut: no line inside the box ends in an ellipsis.
    for (w, h) in [(80, 24), (250, 60)] {
        for r in sample::rows(&app, w, h) {
            let inside: Vec<&str> = r.split('│').collect();
            if inside.len() >= 3 {
                let text = inside[1..inside.len() - 1].join("│");
                assert!(!text.trim_end().ends_with('…'), "cut at {w}x{h}: {r}");
            }
        }
    }
}
