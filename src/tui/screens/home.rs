//! The home screen: the sessions in the data directory, and the ways in.

use crate::text::clean;
use crate::tui::app::{App, Home};
use crate::tui::widgets::{footer, put, span, truncate, width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// The home screen.
pub struct HomeScreen<'a> {
    /// The app.
    pub app: &'a App,
    /// The listing.
    pub home: &'a Home,
}

/// A column: the text cut to leave one space before the next column.
fn pad(text: &str, w: usize) -> String {
    let t = truncate(text, w.saturating_sub(1));
    let tw = width(&t);
    format!("{t}{}", " ".repeat(w.saturating_sub(tw)))
}

impl Widget for HomeScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = &self.app.theme;
        let header = Rect::new(area.x, area.y, area.width, 1);
        buf.set_style(header, t.header);
        let title = format!(" safestep · {} ", clean(&self.app.framework.title, false));
        let who = format!(" {} ", clean(&self.app.identity.member, false));
        let gap = usize::from(area.width).saturating_sub(width(&title) + width(&who));
        put(
            buf,
            header,
            header.y,
            Line::from(vec![
                Span::styled(
                    truncate(&title, usize::from(area.width)),
                    t.header.add_modifier(ratatui::style::Modifier::BOLD),
                ),
                Span::styled(" ".repeat(gap), t.header),
                Span::styled(who, t.header),
            ]),
        );
        let dir = clean(&self.home.dir.display().to_string(), false).into_owned();
        let w = usize::from(area.width);
        put(
            buf,
            area,
            area.y + 2,
            Line::from(vec![
                Span::styled(" Sessions in ", t.heading),
                Span::styled(truncate(&dir, w.saturating_sub(14)), t.dim),
            ]),
        );
        let footer_r = Rect::new(area.x, area.bottom() - 1, area.width, 1);
        let mut bottom = footer_r.y;
        if let Some(msg) = &self.app.message {
            let h = super::step::message_height(&msg.text, area).min(bottom - area.y);
            bottom -= h;
            super::step::render_message(
                &msg.text,
                msg.warn,
                t,
                Rect::new(area.x, bottom, area.width, h),
                buf,
            );
        }
        let top = area.y + 4;
        if self.home.rows.is_empty() {
            let lines = [
                ("No sessions here yet.", t.heading),
                ("", t.text),
                (
                    "  n   start a new session: title, organisation, facilitator",
                    t.text,
                ),
                (
                    "  d   explore the demo: a fictional school with every step filled in",
                    t.text,
                ),
                ("  F1  all the keys", t.text),
            ];
            for (i, (l, st)) in lines.iter().enumerate() {
                let y = top + u16::try_from(i).unwrap_or(0);
                if y < bottom {
                    put(
                        buf,
                        area,
                        y,
                        Line::from(span(&format!(" {}", truncate(l, w.saturating_sub(1))), *st)),
                    );
                }
            }
        } else {
            // Title | Organisation | Last change | Progress | Conflicts | Next review
            let wide = w >= 100;
            let fixed = 17 + 10 + 11 + if wide { 16 } else { 0 };
            let flex = w.saturating_sub(fixed + 4);
            let title_w = if wide { flex * 3 / 5 } else { flex };
            let org_w = if wide { flex - title_w } else { 0 };
            let mut head = format!("   {}", pad("Title", title_w));
            if wide {
                head.push_str(&pad("Organisation", org_w));
            }
            head.push_str(&format!(
                "{}{}{}",
                pad("Last change", 17),
                pad("Progress", 10),
                pad("Conflicts", 11)
            ));
            if wide {
                head.push_str(&pad("Next review", 16));
            }
            put(
                buf,
                area,
                top,
                Line::from(Span::styled(
                    truncate(&head, w),
                    t.dim.add_modifier(ratatui::style::Modifier::UNDERLINED),
                )),
            );
            let rows_room = usize::from(bottom.saturating_sub(top + 1));
            let first = self
                .home
                .selected
                .saturating_sub(rows_room.saturating_sub(1));
            for (i, r) in self
                .home
                .rows
                .iter()
                .enumerate()
                .skip(first)
                .take(rows_room)
            {
                let y = top + 1 + u16::try_from(i - first).unwrap_or(0);
                let sel = i == self.home.selected;
                let mut line = format!(" {} ", if sel { "▸" } else { " " });
                let mut title = clean(&r.title, false).into_owned();
                if !wide && !r.organisation.is_empty() {
                    title.push_str(&format!(" — {}", clean(&r.organisation, false)));
                }
                line.push_str(&pad(&title, title_w));
                if wide {
                    line.push_str(&pad(&clean(&r.organisation, false), org_w));
                }
                if let Some(err) = &r.error {
                    line.push_str(&truncate(
                        &format!("cannot open: {}", clean(err, false)),
                        w.saturating_sub(width(&line)),
                    ));
                } else {
                    let when = r
                        .last_change
                        .map(|at| {
                            at.to_zoned(self.app.tz().clone())
                                .strftime("%Y-%m-%d %H:%M")
                                .to_string()
                        })
                        .unwrap_or_default();
                    line.push_str(&pad(&when, 17));
                    line.push_str(&pad(&format!("{}/{} steps", r.progress, r.steps), 10));
                    line.push_str(&pad(
                        &if r.conflicts > 0 {
                            format!("⚠ {}", r.conflicts)
                        } else {
                            "–".into()
                        },
                        11,
                    ));
                    if wide {
                        line.push_str(&pad(r.next_review.as_deref().unwrap_or("–"), 16));
                    }
                }
                let style = if sel {
                    t.selected
                } else if r.error.is_some() {
                    t.warn
                } else {
                    t.text
                };
                put(buf, area, y, Line::from(Span::styled(pad(&line, w), style)));
            }
        }
        footer(buf, footer_r, self.app.ctx(), t);
    }
}
