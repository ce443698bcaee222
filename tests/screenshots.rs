//! The SVG screenshots in `screenshots/` are generated from the real screens
//! showing the demo session.
//! This test fails when a committed screenshot is stale; regenerate them with
//! `UPDATE_SCREENSHOTS=1 cargo test --test screenshots`.

use safestep::content::Framework;
use safestep::store;
use safestep::tui::action::Action;
use safestep::tui::app::App;
use safestep::tui::{sample, screenshot};
use std::path::PathBuf;

const W: u16 = 100;
const H: u16 = 32;

fn shots() -> Vec<(String, String)> {
    let fw = Framework::embedded().unwrap_or_else(|e| panic!("{e}"));
    // A fixed directory name so that the home screen does not change between runs.
    let dir = std::env::temp_dir().join("safestep-screenshots");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let path = dir.join("riverside-autumn-2026.ron");
    store::create(
        &path,
        &safestep::demo::build_demo(&fw),
        store::Sharing::Private,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    let mut shot = |name: &str, app: &App, title: &str| {
        let t = sample::render(app, W, H).unwrap_or_else(|e| match e {});
        let svg = screenshot::svg(t.backend().buffer(), title);
        out.push((
            name.to_owned(),
            svg.replace(
                &dir.display().to_string(),
                "~/.local/share/safestep/sessions",
            ),
        ));
    };
    let mut home = sample::app(fw.clone(), &dir);
    home.refresh_home();
    shot("home", &home, "safestep: the home screen");

    let mut app = sample::app(fw.clone(), &dir);
    app.open(&path, false);
    app.message = None;
    let mut seen: Vec<&'static str> = Vec::new();
    for _ in 0..300 {
        let Some(kind) = app.focused_prompt().map(|p| p.kind.name()) else {
            break;
        };
        if !seen.contains(&kind) {
            seen.push(kind);
            // A text field is shown being typed into (Enter starts typing).
            if matches!(kind, "LongText" | "ShortText" | "Date") {
                app.update(Action::Activate);
            }
            app.message = None;
            shot(
                &format!("step-{}", kind.to_lowercase()),
                &app,
                &format!("safestep: a step with a {kind} field"),
            );
        }
        app.update(Action::Back);
        app.update(Action::NextField);
    }
    app.update(Action::Help);
    shot("help", &app, "safestep: the help overlay");
    app.update(Action::Back);
    app.update(Action::Summary);
    shot("summary", &app, "safestep: the summary (F5)");
    app.update(Action::Back);
    app.update(Action::Conflicts);
    shot("conflicts", &app, "safestep: the conflict screen");
    app.update(Action::Back);

    // The meeting: three people present, a vote on the risk register, the parking lot.
    app.update(Action::JumpList);
    app.update(Action::Level(3));
    for _ in 0..300 {
        if app.focused_prompt().is_some_and(|p| p.id == "assess.risks") {
            break;
        }
        app.update(Action::Back);
        app.update(Action::NextField);
    }
    app.update(Action::Back);
    app.update(Action::Attendance);
    for row in 0..3 {
        let present = app.step_state().is_some_and(|s| {
            safestep::tui::app::people(&fw, &s.doc)
                .get(row)
                .is_some_and(|p| s.doc.is_present(p))
        });
        app.overlay = Some(safestep::tui::app::Overlay::Attendance { selected: row });
        if !present {
            app.update(Action::Toggle);
        }
    }
    app.overlay = Some(safestep::tui::app::Overlay::Attendance { selected: 0 });
    app.message = None;
    shot("attendance", &app, "safestep: who is here (w)");
    app.update(Action::Back);
    app.update(Action::Vote);
    app.message = None;
    shot(
        "vote",
        &app,
        "safestep: dot-voting on the risk register (v)",
    );
    app.update(Action::Back);
    app.update(Action::ParkingLot);
    app.message = None;
    shot("parking", &app, "safestep: the parking lot (l)");
    app.update(Action::JumpList);
    app.update(Action::Level(1));
    app.update(Action::TogglePresenter);
    app.message = None;
    shot(
        "present",
        &app,
        "safestep: the presenter view for a projector",
    );
    let _ = std::fs::remove_dir_all(&dir);
    out
}

#[test]
fn screenshots_are_up_to_date() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("screenshots");
    let update = std::env::var_os("UPDATE_SCREENSHOTS").is_some_and(|v| !v.is_empty());
    let mut stale = Vec::new();
    for (name, svg) in shots() {
        let file = root.join(format!("{name}.svg"));
        if update {
            std::fs::create_dir_all(&root).unwrap_or_else(|e| panic!("{e}"));
            std::fs::write(&file, &svg).unwrap_or_else(|e| panic!("{e}"));
        } else if std::fs::read_to_string(&file).ok().as_deref() != Some(svg.as_str()) {
            stale.push(file.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "stale screenshots (run UPDATE_SCREENSHOTS=1 cargo test --test screenshots): {stale:?}"
    );
}
