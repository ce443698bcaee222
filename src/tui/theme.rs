//! Every style the TUI uses, in one place.
//!
//! The default theme uses the 16 ANSI colours only (true colour often does not
//! survive SSH). `NO_COLOR` turns colour off and leaves bold, reverse and
//! underline to carry meaning. The high-contrast theme is for projectors: plain
//! white on black, with bold and reverse for emphasis.

use ratatui::style::{Color, Modifier, Style};

/// Which palette is in use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Palette {
    /// The 16 ANSI colours.
    Ansi,
    /// White on black with bold and reverse; for projectors.
    HighContrast,
    /// No colour at all (`NO_COLOR`).
    Mono,
}

/// The styles of the TUI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    /// The palette these styles come from.
    pub palette: Palette,
    /// The title bar.
    pub header: Style,
    /// Plain text.
    pub text: Style,
    /// Secondary text: hints, help lines, times.
    pub dim: Style,
    /// Headings and field labels.
    pub heading: Style,
    /// The label of the focused field.
    pub focus: Style,
    /// The selected row or option inside the focused field.
    pub selected: Style,
    /// Text being edited.
    pub input: Style,
    /// The frame of the field being typed into, and "Typing: …" in the footer.
    pub typing: Style,
    /// Placeholder in an empty field.
    pub placeholder: Style,
    /// Good news: saved, answered, covered.
    pub ok: Style,
    /// Something to look at: unsaved, missing role, invalid date.
    pub warn: Style,
    /// A conflict or an error.
    pub error: Style,
    /// A key name in the footer and help.
    pub key: Style,
    /// The current step on the rail.
    pub rail_current: Style,
    /// A step with answers on the rail.
    pub rail_done: Style,
    /// A step without answers on the rail.
    pub rail_todo: Style,
    /// Borders of overlays.
    pub border: Style,
    /// The read-only banner.
    pub banner: Style,
}

impl Theme {
    /// The theme for this environment: mono when `NO_COLOR` is set and not
    /// empty, ANSI colours otherwise.
    #[must_use]
    pub fn from_env() -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::new(Palette::Mono),
            _ => Theme::new(Palette::Ansi),
        }
    }

    /// The theme of a palette.
    #[must_use]
    pub fn new(palette: Palette) -> Theme {
        let plain = Style::new();
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let rev = Style::new().add_modifier(Modifier::REVERSED);
        match palette {
            Palette::Ansi => Theme {
                palette,
                header: Style::new().fg(Color::Black).bg(Color::Cyan),
                text: plain,
                dim: Style::new().fg(Color::DarkGray),
                heading: bold,
                focus: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
                selected: rev,
                input: Style::new().add_modifier(Modifier::UNDERLINED),
                typing: Style::new()
                    .fg(Color::Black)
                    .bg(Color::Yellow)
                    .add_modifier(Modifier::BOLD),
                placeholder: Style::new().fg(Color::DarkGray),
                ok: Style::new().fg(Color::Green),
                warn: Style::new().fg(Color::Yellow),
                error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
                key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
                rail_current: Style::new()
                    .fg(Color::Black)
                    .bg(Color::Cyan)
                    .add_modifier(Modifier::BOLD),
                rail_done: Style::new().fg(Color::Green),
                rail_todo: Style::new().fg(Color::DarkGray),
                border: Style::new().fg(Color::Cyan),
                banner: Style::new()
                    .fg(Color::Black)
                    .bg(Color::Yellow)
                    .add_modifier(Modifier::BOLD),
            },
            Palette::HighContrast => Theme {
                palette,
                header: Style::new()
                    .fg(Color::Black)
                    .bg(Color::White)
                    .add_modifier(Modifier::BOLD),
                text: Style::new().fg(Color::White),
                dim: Style::new().fg(Color::White),
                heading: Style::new().fg(Color::White).add_modifier(Modifier::BOLD),
                focus: Style::new()
                    .fg(Color::LightYellow)
                    .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
                selected: Style::new()
                    .fg(Color::Black)
                    .bg(Color::LightYellow)
                    .add_modifier(Modifier::BOLD),
                input: Style::new()
                    .fg(Color::White)
                    .add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
                typing: Style::new()
                    .fg(Color::Black)
                    .bg(Color::LightYellow)
                    .add_modifier(Modifier::BOLD),
                placeholder: Style::new().fg(Color::White).add_modifier(Modifier::ITALIC),
                ok: Style::new()
                    .fg(Color::LightGreen)
                    .add_modifier(Modifier::BOLD),
                warn: Style::new()
                    .fg(Color::LightYellow)
                    .add_modifier(Modifier::BOLD),
                error: Style::new()
                    .fg(Color::LightRed)
                    .add_modifier(Modifier::BOLD),
                key: Style::new()
                    .fg(Color::LightYellow)
                    .add_modifier(Modifier::BOLD),
                rail_current: Style::new()
                    .fg(Color::Black)
                    .bg(Color::White)
                    .add_modifier(Modifier::BOLD),
                rail_done: Style::new()
                    .fg(Color::LightGreen)
                    .add_modifier(Modifier::BOLD),
                rail_todo: Style::new().fg(Color::White),
                border: Style::new().fg(Color::White).add_modifier(Modifier::BOLD),
                banner: Style::new()
                    .fg(Color::Black)
                    .bg(Color::LightYellow)
                    .add_modifier(Modifier::BOLD),
            },
            Palette::Mono => Theme {
                palette,
                header: rev,
                text: plain,
                dim: plain,
                heading: bold,
                focus: bold.add_modifier(Modifier::UNDERLINED),
                selected: rev,
                input: Style::new().add_modifier(Modifier::UNDERLINED),
                typing: rev.add_modifier(Modifier::BOLD),
                placeholder: Style::new().add_modifier(Modifier::ITALIC),
                ok: plain,
                warn: bold,
                error: bold,
                key: bold,
                rail_current: rev,
                rail_done: bold,
                rail_todo: plain,
                border: plain,
                banner: rev.add_modifier(Modifier::BOLD),
            },
        }
    }

    /// The high-contrast theme, or back to the usual one. Under `NO_COLOR`
    /// there is no colour to add, so the theme stays mono.
    #[must_use]
    pub fn toggled(self, no_color: bool) -> Theme {
        match self.palette {
            _ if no_color => Theme::new(Palette::Mono),
            Palette::HighContrast => Theme::new(Palette::Ansi),
            Palette::Ansi | Palette::Mono => Theme::new(Palette::HighContrast),
        }
    }
}
