//! Every screen at 80x24 and 120x40, as insta snapshots of a `TestBackend`.

use safestep::content::Framework;
use safestep::store;
use safestep::tui::action::Action;
use safestep::tui::app::App;
use safestep::tui::sample;

fn framework() -> Framework {
    Framework::embedded().unwrap_or_else(|e| panic!("embedded framework: {e}"))
}

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// Render and snapshot at both sizes; the temporary directory's name is redacted.
fn snap(name: &str, app: &App, dir: &std::path::Path) {
    let dir_text = dir.display().to_string();
    for (w, h) in SIZES {
        let t = sample::render(app, w, h).unwrap_or_else(|e| match e {});
        let text = format!("{}", t.backend());
        // Keep the width: replace the random part of the directory name with x's.
        let masked: String = dir_text
            .chars()
            .map(|c| if c == '/' { '/' } else { 'x' })
            .collect();
        let text = text.replace(&dir_text, &masked);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), text);
    }
}

fn sample_app(dir: &std::path::Path, read_only: bool) -> App {
    let fw = framework();
    let path = dir.join("autumn.ron");
    if !path.exists() {
        let doc = sample::session(&fw);
        store::create(&path, &doc, store::Sharing::Private).unwrap_or_else(|e| panic!("{e}"));
    }
    let mut app = sample::app(fw, dir);
    app.open(&path, read_only);
    app.message = None;
    app
}

#[test]
fn home_empty() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let app = sample::app(framework(), dir.path());
    snap("home_empty", &app, dir.path());
}

#[test]
fn home_with_sessions() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    drop(sample_app(dir.path(), false));
    std::fs::write(dir.path().join("broken.ron"), "Session(format: 2, id: ")
        .unwrap_or_else(|e| panic!("{e}"));
    let mut app = sample::app(framework(), dir.path());
    app.refresh_home();
    snap("home_sessions", &app, dir.path());
}

#[test]
fn setup() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut app = sample::app(framework(), dir.path());
    app.update(Action::NewSession);
    for c in "Spring review".chars() {
        app.handle_key(ratatui::crossterm::event::KeyEvent::new(
            ratatui::crossterm::event::KeyCode::Char(c),
            ratatui::crossterm::event::KeyModifiers::NONE,
        ));
    }
    snap("setup", &app, dir.path());
}

#[test]
fn every_step_of_the_sample() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut app = sample_app(dir.path(), false);
    for step in 1..=app.framework.steps.len() {
        app.update(Action::JumpList);
        app.update(Action::Level(u8::try_from(step).unwrap_or(1)));
        app.message = None;
        snap(&format!("step{step}"), &app, dir.path());
    }
}

#[test]
fn every_field_kind_focused() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut app = sample_app(dir.path(), false);
    let mut seen: Vec<&'static str> = Vec::new();
    for _ in 0..200 {
        let Some(kind) = app.focused_prompt().map(|p| p.kind.name()) else {
            break;
        };
        if !seen.contains(&kind) {
            seen.push(kind);
            app.message = None;
            snap(&format!("kind_{}", kind.to_lowercase()), &app, dir.path());
        }
        app.update(Action::Back);
        app.update(Action::NextField);
    }
    assert!(seen.len() >= 10, "kinds seen: {seen:?}");
}

#[test]
fn overlays_and_modes() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut app = sample_app(dir.path(), false);
    app.update(Action::Help);
    snap("help", &app, dir.path());
    app.update(Action::Back);
    app.update(Action::Back);
    app.update(Action::JumpList);
    snap("jump", &app, dir.path());
    app.update(Action::Back);
    app.update(Action::ToggleGuidance);
    snap("guidance_open", &app, dir.path());
    let ro = sample_app(dir.path(), true);
    snap("read_only", &ro, dir.path());
    let small = sample::render(&ro, 30, 8).unwrap_or_else(|e| match e {});
    insta::assert_snapshot!("too_small_30x8", small.backend());
}
