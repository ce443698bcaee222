//! The new-session form: title, organisation and facilitator.

use crate::tui::app::{App, SETUP_LABELS, Setup};
use crate::tui::widgets::{footer, put, span, truncate, width};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// The new-session form.
pub struct SetupScreen<'a> {
    /// The app.
    pub app: &'a App,
    /// The form.
    pub setup: &'a Setup,
}

const LABEL_W: u16 = 15;

impl SetupScreen<'_> {
    fn field_w(area: Rect) -> usize {
        usize::from(area.width.saturating_sub(LABEL_W + 3)).max(4)
    }

    /// Where the cursor goes: the end of what is typed in the focused input.
    #[must_use]
    pub fn cursor(&self, area: Rect) -> Option<Position> {
        let input = self.setup.inputs.get(self.setup.focus)?;
        let w = Self::field_w(area);
        let scroll = input.visual_scroll(w - 1);
        let x = input.visual_cursor().saturating_sub(scroll);
        let y = area.y + 4 + u16::try_from(self.setup.focus).ok()? * 2;
        Some(Position::new(
            area.x + 1 + LABEL_W + u16::try_from(x).ok()?,
            y,
        ))
    }
}

impl Widget for SetupScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = &self.app.theme;
        let header = Rect::new(area.x, area.y, area.width, 1);
        buf.set_style(header, t.header);
        put(
            buf,
            header,
            header.y,
            Line::from(Span::styled(
                " safestep · New session",
                t.header.add_modifier(ratatui::style::Modifier::BOLD),
            )),
        );
        put(
            buf,
            area,
            area.y + 2,
            Line::from(span(
                " Who is meeting? The title is required; the rest can be filled in later.",
                t.text,
            )),
        );
        let w = Self::field_w(area);
        for (i, (label, input)) in SETUP_LABELS.iter().zip(&self.setup.inputs).enumerate() {
            let y = area.y + 4 + u16::try_from(i).unwrap_or(0) * 2;
            let focused = i == self.setup.focus;
            let scroll = input.visual_scroll(w - 1);
            let value = crate::text::clean(input.value(), false);
            let mut shown = String::new();
            let mut col = 0;
            for c in value.chars() {
                let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                if col >= scroll && col + cw <= scroll + w {
                    shown.push(c);
                }
                col += cw;
            }
            let padded = format!("{shown}{}", " ".repeat(w.saturating_sub(width(&shown))));
            put(
                buf,
                area,
                y,
                Line::from(vec![
                    Span::styled(
                        format!(
                            " {}{label:<w$}",
                            if focused { "▶" } else { " " },
                            w = usize::from(LABEL_W) - 1
                        ),
                        if focused { t.focus } else { t.heading },
                    ),
                    Span::styled(padded, t.input),
                ]),
            );
        }
        let mut y = area.y + 11;
        if let Some(err) = &self.setup.error {
            put(
                buf,
                area,
                y,
                Line::from(span(
                    &format!(
                        " {}",
                        truncate(err, usize::from(area.width).saturating_sub(1))
                    ),
                    t.warn,
                )),
            );
            y += 1;
        }
        if y < area.bottom().saturating_sub(1) {
            let dir = self.app.identity.data_dir.display().to_string();
            put(
                buf,
                area,
                y,
                Line::from(span(
                    &truncate(
                        &format!(" It will be saved in {dir}"),
                        usize::from(area.width),
                    ),
                    t.dim,
                )),
            );
        }
        footer(
            buf,
            Rect::new(area.x, area.bottom() - 1, area.width, 1),
            self.app.ctx(),
            t,
        );
    }
}
