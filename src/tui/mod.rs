//! The terminal user interface: a guided flow through the framework's steps.
//!
//! Events become [`action::Action`]s through the [`keymap`]; [`app::App::update`]
//! applies them; the screens render from borrowed state. The loop blocks on
//! `event::read()` and only polls with a timeout while an autosave waits or the
//! meeting clock runs (once a second, for the countdown), so an idle session
//! costs no CPU and writes nothing. A dedicated signal thread saves
//! on SIGHUP and SIGTERM (a dropped SSH connection), because after a hang-up
//! crossterm's event reader spins instead of returning (crossterm issue #793).

pub mod action;
pub mod app;
pub mod backend;
pub mod conflicts;
pub mod keymap;
pub mod report_view;
pub mod rollup_view;
pub mod sample;
pub mod screens;
pub mod screenshot;
pub mod theme;
pub mod timer;
pub mod widgets;

use crate::content::Framework;
use crate::store::Identity;
use action::Internal;
use app::{App, Now, Snapshot};
use backend::TrackingBackend;
use ratatui::Terminal;
use ratatui::crossterm::event::{self, Event};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// The smallest width the screens are drawn at; below it the app says so.
pub const MIN_WIDTH: u16 = 40;
/// The smallest height the screens are drawn at.
pub const MIN_HEIGHT: u16 = 12;

/// Where the TUI starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Start {
    /// The home screen: the sessions in the data directory.
    Home,
    /// A session file.
    Open {
        /// The session file.
        path: PathBuf,
        /// Open for reading only: no edits, no saves.
        read_only: bool,
    },
    /// A copy of the demo session.
    Demo,
}

/// Everything the TUI needs to start.
#[derive(Clone, Debug)]
pub struct Options {
    /// Who is editing and where files live.
    pub identity: Identity,
    /// The framework sessions follow.
    pub framework: Framework,
    /// Where to start.
    pub start: Start,
    /// Start in the presenter view.
    pub present: bool,
}

/// Build the app for these options without a terminal (also used by tests).
///
/// # Errors
/// A session file that cannot be loaded, or a demo that cannot be copied.
pub fn build_app(options: Options, now: Now) -> color_eyre::Result<App> {
    let mut theme = theme::Theme::from_env();
    if options.present && theme.palette != theme::Palette::Mono {
        theme = theme::Theme::new(theme::Palette::HighContrast);
    }
    let mut app = App::new(options.framework, options.identity, theme, now);
    app.hide_sensitive = options.present;
    app.presenter = options.present;
    match options.start {
        Start::Home => app.refresh_home(),
        Start::Open { path, read_only } => {
            // Fail before the terminal is touched, with file:line:col.
            let loaded = crate::store::load(&path).map_err(|e| color_eyre::eyre::eyre!("{e}"))?;
            let warnings = loaded.warnings.join("; ");
            let read_only = read_only || loaded.read_only;
            app.open_session(loaded.session, path, read_only);
            if !warnings.is_empty() {
                app.message = Some(app::Message {
                    text: crate::text::clean_line(&warnings).into_owned(),
                    warn: true,
                });
            }
        }
        Start::Demo => {
            let path = demo_copy(&app.identity).map_err(|e| color_eyre::eyre::eyre!("{e}"))?;
            app.open(&path, false);
            if let app::Screen::Step(s) = &mut app.screen {
                s.demo = true;
            }
        }
    }
    Ok(app)
}

/// Copy the shipped demo session to a private temporary file, so the shipped
/// file is never modified; returns the copy's path.
///
/// # Errors
/// When the copy cannot be written.
pub fn demo_copy(identity: &Identity) -> Result<PathBuf, String> {
    let _ = identity;
    let text = demo_text().ok_or_else(|| "this build has no demo session".to_owned())?;
    let dir = crate::demo::new_copy_dir()?;
    let path = dir.join("demo.ron");
    crate::store::write_atomic(&path, text.as_bytes(), crate::store::Sharing::Private)
        .map_err(|e| e.to_string())?;
    Ok(path)
}

/// The demo session shipped in `content/`, embedded in the binary.
fn demo_text() -> Option<String> {
    Some(include_str!("../../content/demo-session.ron").to_owned())
}

/// Run the TUI until the user quits.
///
/// # Errors
/// Terminal errors, and session files that cannot be loaded or saved.
pub fn run(options: Options) -> color_eyre::Result<()> {
    let bell = crate::store::Config::load(&options.identity.config_dir).is_ok_and(|c| c.timer_bell);
    let mut app = build_app(options, Now::System)?;
    app.bell = bell;
    let shared = Arc::new(Mutex::new(Snapshot::default()));
    app.shared = Some(Arc::clone(&shared));
    app.sync_snapshot(true);
    spawn_signal_thread(shared)?;

    let _ = ratatui::init();
    let result = run_in_terminal(&mut app);
    restore();
    crate::demo::remove_copies();
    result
}

fn restore() {
    let mut out = std::io::stdout();
    let _ = out.write_all(b"\x1b[?2004l");
    let _ = out.flush();
    ratatui::restore();
}

fn run_in_terminal(app: &mut App) -> color_eyre::Result<()> {
    use std::os::fd::AsFd;
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let mut out = std::io::stdout();
        let _ = out.write_all(b"\x1b[?2004l");
        let _ = out.flush();
        hook(info);
    }));
    // Bracketed paste: a pasted paragraph arrives as one piece, not as keys.
    let mut out = std::io::stdout();
    out.write_all(b"\x1b[?2004h")?;
    out.flush()?;
    // Our own handle on the terminal: one write(2) per frame, no line buffering.
    let tty = std::fs::File::from(std::io::stdout().as_fd().try_clone_to_owned()?);
    let mut terminal = Terminal::new(TrackingBackend::new(tty))?;
    event_loop(&mut terminal, app)
}

/// Draw the app into a frame, placing the terminal's cursor in the field being edited.
pub fn draw(frame: &mut ratatui::Frame<'_>, app: &App) {
    let area = frame.area();
    frame.render_widget(app, area);
    if let Some(p) = screens::cursor(app, area) {
        frame.set_cursor_position(p);
    }
}

#[cfg(debug_assertions)]
pub mod frame_dump;

/// What wakes the event loop.
enum Wake {
    /// A terminal event, or the terminal going away.
    Term(std::io::Result<Event>),
    /// The open session's file changed on disk.
    FileChanged,
}

fn event_loop<W: Write>(
    terminal: &mut Terminal<TrackingBackend<W>>,
    app: &mut App,
) -> color_eyre::Result<()> {
    // Terminal events and file-change notices arrive on one channel, so the
    // loop blocks until either happens: no timer while idle.
    let (tx, rx) = std::sync::mpsc::channel::<Wake>();
    {
        let tx = tx.clone();
        std::thread::Builder::new()
            .name("safestep-input".into())
            .spawn(move || {
                loop {
                    let ev = event::read();
                    let gone = ev.is_err();
                    if tx.send(Wake::Term(ev)).is_err() || gone {
                        return;
                    }
                }
            })?;
    }
    let mut watched: Option<(PathBuf, crate::store::FileWatcher)> = None;
    loop {
        let want = app.open_path().map(Path::to_path_buf);
        if want.as_ref() != watched.as_ref().map(|(p, _)| p) {
            watched = want.and_then(|path| {
                let tx = tx.clone();
                let w = crate::store::FileWatcher::new(&path, move || {
                    let _ = tx.send(Wake::FileChanged);
                })
                .ok()?;
                Some((path, w))
            });
        }
        let drawn = terminal.draw(|f| draw(f, app))?;
        #[cfg(debug_assertions)]
        {
            let cursor = screens::cursor(app, drawn.area);
            frame_dump::record(drawn.buffer, cursor);
        }
        #[cfg(not(debug_assertions))]
        let _ = drawn;
        if std::mem::take(&mut app.ring) {
            let mut out = std::io::stdout();
            let _ = out.write_all(b"\x07");
            let _ = out.flush();
        }
        // Wake for an autosave, or for the countdown while the meeting clock
        // runs; otherwise block until something happens.
        let autosave = app.autosave_due();
        let tick = app.tick_due();
        let next = match autosave.into_iter().chain(tick).min() {
            Some(due) => {
                let wait = due.saturating_duration_since(Instant::now());
                match rx.recv_timeout(wait) {
                    Ok(w) => Some(w),
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout) => None,
                    Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                        Some(Wake::Term(Err(std::io::Error::other("input closed"))))
                    }
                }
            }
            None => Some(
                rx.recv()
                    .unwrap_or_else(|_| Wake::Term(Err(std::io::Error::other("input closed")))),
            ),
        };
        match next {
            Some(Wake::Term(Ok(ev))) => app.handle_event(&ev),
            // Several notices may arrive for one save; after the first merge
            // the rest find nothing new and cost one read of the file.
            Some(Wake::FileChanged) => app.internal(Internal::FileChanged),
            None => {
                if autosave.is_some_and(|due| due <= Instant::now()) {
                    app.internal(Internal::AutosaveDue);
                }
                if tick.is_some() {
                    app.internal(Internal::Tick);
                }
            }
            Some(Wake::Term(Err(_))) => {
                // The terminal went away: keep what was typed and stop.
                app.save(true);
                let _ = app.rescue_unsaved();
                return Ok(());
            }
        }
        if app.quit {
            return Ok(());
        }
    }
}

/// Save the latest state on SIGHUP or SIGTERM and exit, without touching the terminal.
fn spawn_signal_thread(shared: Arc<Mutex<Snapshot>>) -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM])?;
    std::thread::Builder::new()
        .name("safestep-signals".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                // Hold the lock to the end: the main thread cannot record a
                // newer edit with the same dot while this one is being saved.
                let snap = shared
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                let code = match snap.save_now(jiff::Timestamp::now()) {
                    Ok(_) => 128 + sig,
                    Err(_) => 1,
                };
                crate::demo::remove_copies();
                std::process::exit(code);
            }
        })?;
    Ok(())
}
