//! The TUI's test support: an app with a fixed clock, drawn into a test
//! terminal. The sample session itself is [`crate::doc::sample`].

use crate::content::Framework;
pub use crate::doc::sample::{session, time};

/// An identity for tests: member `alice`, files under `dir`.
#[must_use]
pub fn identity(dir: &std::path::Path) -> crate::store::Identity {
    crate::store::Identity {
        member: "alice".into(),
        actor: "alice@test".into(),
        data_dir: dir.to_owned(),
        config_dir: dir.join("config"),
        sharing: crate::store::Sharing::Private,
    }
}

/// An app on the home screen with fixed time, ANSI colours and the given data directory.
#[must_use]
pub fn app(framework: Framework, dir: &std::path::Path) -> super::app::App {
    let mut app = super::app::App::new(
        framework,
        identity(dir),
        super::theme::Theme::new(super::theme::Palette::Ansi),
        super::app::Now::Fixed(time()),
    );
    // The meeting clock stands still unless a test moves it.
    app.clock = super::timer::Clock::Manual(super::timer::ManualClock::new());
    app.refresh_home();
    app
}

/// Render the app into a test terminal of the given size.
///
/// # Errors
/// Never in practice: the test backend does not fail.
pub fn render(
    app: &super::app::App,
    width: u16,
    height: u16,
) -> Result<ratatui::Terminal<ratatui::backend::TestBackend>, std::convert::Infallible> {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height))?;
    t.draw(|f| super::draw(f, app))?;
    Ok(t)
}

/// The app drawn into a test terminal of the given size, as rows of text
/// (every cell's symbol joined), for tests that look for words on screen.
#[must_use]
pub fn rows(app: &super::app::App, width: u16, height: u16) -> Vec<String> {
    let Ok(t) = render(app, width, height);
    let buf = t.backend().buffer();
    (0..height)
        .map(|y| (0..width).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .collect()
}

/// [`rows`] joined with a newline after each.
#[must_use]
pub fn text(app: &super::app::App, width: u16, height: u16) -> String {
    rows(app, width, height)
        .into_iter()
        .map(|r| r + "\n")
        .collect()
}
