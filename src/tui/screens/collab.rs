//! Overlays for working with other members: the conflict screen, the import
//! window, and the report window (what an import brought; the comparison with
//! the previous review).

use super::help::{boxed, frame};
use crate::tui::app::{App, Tone};
use crate::tui::conflicts::{Conflict, Settle};
use crate::tui::widgets::{put, span, truncate, width, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// The conflict screen: the list of conflicts, and the highlighted one's
/// values side by side with their authors and times.
pub struct ConflictOverlay<'a> {
    /// The app.
    pub app: &'a App,
    /// The highlighted conflict.
    pub selected: usize,
    /// The highlighted value.
    pub choice: usize,
}

impl Widget for ConflictOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let t = &app.theme;
        let list = app.conflict_list();
        let title = format!("Conflicts: {} waiting for the group", list.len());
        let inner = frame(app, area, &title, buf, 140);
        if inner.height == 0 || list.is_empty() {
            return;
        }
        let selected = self.selected.min(list.len() - 1);
        let w = usize::from(inner.width);
        let mut y = inner.y;
        // The list: a window of up to five rows around the highlighted one.
        let rows = list.len().min(5).min(usize::from(inner.height / 3).max(1));
        let first = selected.saturating_sub(rows - 1).min(list.len() - rows);
        for (i, c) in list.iter().enumerate().skip(first).take(rows) {
            let mark = if i == selected { "▶" } else { " " };
            let text = format!(" {mark} {}  ({} values)", c.place, c.choices.len());
            let style = if i == selected { t.selected } else { t.text };
            let padded = format!(
                "{}{}",
                truncate(&text, w),
                " ".repeat(w.saturating_sub(width(&text)))
            );
            put(buf, inner, y, Line::from(span(&padded, style)));
            y += 1;
        }
        y += 1;
        let c = &list[selected];
        let hint = match c.settle {
            Settle::Text => "←/→ choose a value · Enter keeps it · e writes a combined text",
            Settle::Pick => "←/→ choose a value · Enter keeps it",
            Settle::RestoreOrDelete => {
                "The item was deleted while someone edited it: restore it, or confirm the delete"
            }
            Settle::OwnerOnly => "Only that member can settle their own rating",
        };
        for l in wrap(&c.place, w) {
            put(buf, inner, y, Line::from(span(&l, t.heading)));
            y += 1;
        }
        for l in wrap(hint, w) {
            put(buf, inner, y, Line::from(span(&l, t.dim)));
            y += 1;
        }
        y += 1;
        if y >= inner.bottom() {
            return;
        }
        let body = Rect::new(inner.x, y, inner.width, inner.bottom() - y);
        values(app, c, self.choice, body, buf);
    }
}

/// The values side by side, or one under another when the window is narrow.
fn values(app: &App, c: &Conflict, choice: usize, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let n = c.choices.len().max(1);
    let choice = choice.min(n - 1);
    let gap = 2usize;
    let total = usize::from(area.width);
    let col_w = (total.saturating_sub(gap * (n - 1))) / n;
    let side_by_side = col_w >= 22;
    let tz = app.tz().clone();
    let head = |i: usize| {
        let ch = &c.choices[i];
        let who = if ch.by.is_empty() {
            String::new()
        } else {
            format!(
                "{} · {}",
                ch.by,
                ch.at.to_zoned(tz.clone()).strftime("%-d %b %H:%M")
            )
        };
        let mark = if i == choice { "▶" } else { " " };
        format!("{mark} {}. {who}", i + 1)
    };
    let style = |i: usize| {
        if i == choice { t.selected } else { t.heading }
    };
    if side_by_side {
        for i in 0..c.choices.len() {
            let x = area.x + u16::try_from(i * (col_w + gap)).unwrap_or(u16::MAX);
            let col = Rect::new(x, area.y, u16::try_from(col_w).unwrap_or(0), area.height)
                .intersection(area);
            let h = head(i);
            let padded = format!(
                "{}{}",
                truncate(&h, col_w),
                " ".repeat(col_w.saturating_sub(width(&h)))
            );
            put(buf, col, col.y, Line::from(span(&padded, style(i))));
            for (k, l) in wrap(&c.choices[i].text, col_w.saturating_sub(2))
                .iter()
                .enumerate()
            {
                let y = col.y + 1 + u16::try_from(k).unwrap_or(u16::MAX);
                put(buf, col, y, Line::from(span(&format!("  {l}"), t.text)));
            }
        }
    } else {
        let mut y = area.y;
        for i in 0..c.choices.len() {
            put(
                buf,
                area,
                y,
                Line::from(span(&truncate(&head(i), total), style(i))),
            );
            y = y.saturating_add(1);
            for l in wrap(&c.choices[i].text, total.saturating_sub(3)) {
                put(buf, area, y, Line::from(span(&format!("   {l}"), t.text)));
                y = y.saturating_add(1);
            }
        }
    }
}

/// The import window: the path being typed and copies found nearby.
pub struct ImportOverlay<'a> {
    /// The app.
    pub app: &'a App,
}

impl ImportOverlay<'_> {
    /// Where the cursor goes: the end of the typed path.
    #[must_use]
    pub fn cursor(&self, area: Rect) -> Option<ratatui::layout::Position> {
        let r = boxed(area, 100, area.height.saturating_sub(2));
        let inner = Rect::new(
            r.x + 1,
            r.y + 1,
            r.width.saturating_sub(2),
            r.height.saturating_sub(2),
        );
        if inner.height < 3 {
            return None;
        }
        let w = usize::from(inner.width).saturating_sub(3).max(1);
        let scroll = self.app.import.input.visual_scroll(w);
        let col = self.app.import.input.visual_cursor().saturating_sub(scroll);
        Some(ratatui::layout::Position::new(
            inner.x + 2 + u16::try_from(col).unwrap_or(0),
            inner.y + 2,
        ))
    }
}

impl Widget for ImportOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let t = &app.theme;
        let st = &app.import;
        let inner = frame(app, area, "Import a member's copy", buf, 100);
        if inner.height == 0 {
            return;
        }
        let w = usize::from(inner.width);
        let mut y = inner.y;
        put(
            buf,
            inner,
            y,
            Line::from(span(
                &truncate(
                    "Path of the copy to merge in (Enter imports, Esc cancels):",
                    w,
                ),
                t.heading,
            )),
        );
        y += 2;
        let field_w = w.saturating_sub(3).max(1);
        let scroll = st.input.visual_scroll(field_w);
        let shown: String = st
            .input
            .value()
            .chars()
            .skip(scroll)
            .take(field_w)
            .collect();
        let padded = format!(
            "{shown}{}",
            " ".repeat(field_w.saturating_sub(width(&shown)))
        );
        put(
            buf,
            inner,
            y,
            Line::from(vec![
                Span::styled("› ", t.heading),
                span(&padded, t.input.add_modifier(Modifier::UNDERLINED)),
            ]),
        );
        y += 2;
        if let Some(e) = &st.error {
            for l in wrap(e, w) {
                put(buf, inner, y, Line::from(span(&l, t.error)));
                y += 1;
            }
            y += 1;
        }
        if let Some((_, lines)) = &st.removals {
            for l in lines {
                put(buf, inner, y, Line::from(span(&truncate(l, w), t.dim)));
                y += 1;
            }
            return;
        }
        if st.candidates.is_empty() {
            for l in wrap(
                "No other copy of this session was found beside it or in the data directory. Type the path of a copy (a file a member sent, on a USB stick, …).",
                w,
            ) {
                put(buf, inner, y, Line::from(span(&l, t.dim)));
                y += 1;
            }
            return;
        }
        put(
            buf,
            inner,
            y,
            Line::from(span(
                &truncate("Copies of this session found nearby (↑/↓ picks one):", w),
                t.heading,
            )),
        );
        y += 1;
        for (i, (_, desc)) in st.candidates.iter().enumerate() {
            let selected = st.selected == Some(i);
            let text = format!(" {} {desc}", if selected { "▶" } else { " " });
            let style = if selected { t.selected } else { t.text };
            put(buf, inner, y, Line::from(span(&truncate(&text, w), style)));
            y += 1;
        }
    }
}

/// A read-only window of text, scrolled.
pub struct ReportOverlay<'a> {
    /// The app.
    pub app: &'a App,
    /// Lines scrolled.
    pub scroll: u16,
}

impl Widget for ReportOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let t = &app.theme;
        let Some(report) = &app.report else {
            return;
        };
        let inner = frame(
            app,
            area,
            &format!("{} (↑↓ scroll; Esc closes)", report.title),
            buf,
            110,
        );
        let w = usize::from(inner.width);
        let mut lines: Vec<Line> = Vec::new();
        for (text, tone) in &report.lines {
            let style: Style = match tone {
                Tone::Heading => t.heading.add_modifier(Modifier::BOLD),
                Tone::Plain => t.text,
                Tone::Muted => t.dim,
                Tone::Alert => t.error,
                Tone::Good => t.ok,
            };
            let indent: String = text.chars().take_while(|c| *c == ' ').collect();
            let body = text.trim_start();
            for (i, l) in wrap(body, w.saturating_sub(indent.len() + 2).max(1))
                .into_iter()
                .enumerate()
            {
                let prefix = if i == 0 {
                    indent.clone()
                } else {
                    format!("{indent}  ")
                };
                lines.push(Line::from(span(&format!("{prefix}{l}"), style)));
            }
        }
        for (i, l) in lines
            .into_iter()
            .skip(usize::from(self.scroll))
            .take(usize::from(inner.height))
            .enumerate()
        {
            let y = inner.y + u16::try_from(i).unwrap_or(u16::MAX);
            put(buf, inner, y, l);
        }
    }
}
