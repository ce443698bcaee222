//! The screens, drawn from borrowed state: `impl Widget for &App` picks the
//! screen and the overlay; nothing here changes the app.

pub mod collab;
pub mod help;
pub mod home;
pub mod meeting;
pub mod present;
pub mod setup;
pub mod step;

use super::app::{App, Overlay, Screen, big_enough};
use super::widgets::{put, span, truncate, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::Widget;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        buf.set_style(area, self.theme.text);
        if !big_enough(area.width, area.height) {
            too_small(self, area, buf);
            return;
        }
        match &self.screen {
            Screen::Home(h) => home::HomeScreen { app: self, home: h }.render(area, buf),
            Screen::Setup(s) => setup::SetupScreen {
                app: self,
                setup: s,
            }
            .render(area, buf),
            Screen::Step(s) if self.presenter => present::PresentScreen {
                app: self,
                state: s,
            }
            .render(area, buf),
            Screen::Step(s) => step::StepScreen {
                app: self,
                state: s,
            }
            .render(area, buf),
        }
        match self.overlay {
            Some(Overlay::Help { scroll, ctx }) => help::HelpOverlay {
                app: self,
                scroll,
                ctx,
            }
            .render(area, buf),
            Some(Overlay::Summary { scroll }) => {
                help::SummaryOverlay { app: self, scroll }.render(area, buf)
            }
            Some(Overlay::Jump { selected }) => help::JumpOverlay {
                app: self,
                selected,
            }
            .render(area, buf),
            Some(Overlay::Conflicts { selected, choice }) => collab::ConflictOverlay {
                app: self,
                selected,
                choice,
            }
            .render(area, buf),
            Some(Overlay::Import) => collab::ImportOverlay { app: self }.render(area, buf),
            Some(Overlay::Report { scroll }) => {
                collab::ReportOverlay { app: self, scroll }.render(area, buf);
            }
            Some(Overlay::Attendance { selected }) => {
                meeting::AttendanceOverlay {
                    app: self,
                    selected,
                }
                .render(area, buf);
            }
            Some(Overlay::Speaker) => meeting::SpeakerOverlay { app: self }.render(area, buf),
            Some(Overlay::Vote { selected }) => {
                meeting::VoteOverlay {
                    app: self,
                    selected,
                }
                .render(area, buf);
            }
            Some(Overlay::Parking { selected }) => {
                meeting::ParkingOverlay {
                    app: self,
                    selected,
                }
                .render(area, buf);
            }
            Some(Overlay::Review { selected }) => {
                meeting::ReviewOverlay {
                    app: self,
                    selected,
                }
                .render(area, buf);
            }
            Some(Overlay::Agenda { selected }) => present::AgendaOverlay {
                app: self,
                selected,
            }
            .render(area, buf),
            None => {}
        }
    }
}

/// Where the terminal's cursor goes after drawing `app` into `area`, if a field is being edited.
/// Call it after rendering: the long-text editor records its scroll while drawing.
#[must_use]
pub fn cursor(app: &App, area: Rect) -> Option<Position> {
    if app.overlay == Some(Overlay::Import) && big_enough(area.width, area.height) {
        return collab::ImportOverlay { app }.cursor(area);
    }
    if let Some(Overlay::Parking { selected }) = app.overlay
        && big_enough(area.width, area.height)
    {
        return meeting::ParkingOverlay { app, selected }.cursor(area);
    }
    if !big_enough(area.width, area.height) || app.overlay.is_some() {
        return None;
    }
    match &app.screen {
        Screen::Home(_) => None,
        Screen::Setup(s) => setup::SetupScreen { app, setup: s }.cursor(area),
        Screen::Step(s) if app.presenter => present::PresentScreen { app, state: s }.cursor(area),
        Screen::Step(s) => step::StepScreen { app, state: s }.cursor(area),
    }
}

fn too_small(app: &App, area: Rect, buf: &mut Buffer) {
    let text = format!(
        "This window is {}×{}. safestep needs at least {}×{}: make it bigger (Ctrl-Q saves and quits).",
        area.width,
        area.height,
        super::MIN_WIDTH,
        super::MIN_HEIGHT
    );
    for (i, l) in wrap(&text, usize::from(area.width.max(1)))
        .into_iter()
        .enumerate()
    {
        let Ok(y) = u16::try_from(i) else { break };
        if y >= area.height {
            break;
        }
        put(
            buf,
            area,
            area.y + y,
            Line::from(span(&truncate(&l, usize::from(area.width)), app.theme.warn)),
        );
    }
}
