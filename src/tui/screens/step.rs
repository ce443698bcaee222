//! The step screen: the rail of steps, the step's purpose and guidance, and its prompts as fields.

use crate::content::Step;
use crate::text::clean;
use crate::tui::app::{App, Editor, StepState};
use crate::tui::widgets::field::{self, Block, FieldCtx, INDENT};
use crate::tui::widgets::{put, span, truncate, width, wrap};
use crate::workshop::progress::{StepProgress, step_progress};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// The step screen of an open session.
pub struct StepScreen<'a> {
    /// The app (theme, framework, member).
    pub app: &'a App,
    /// The open session.
    pub state: &'a StepState,
}

/// Where everything goes on the step screen.
struct Layout {
    header: Rect,
    rail: Rect,
    heading: Rect,
    banner: Option<Rect>,
    guidance: Rect,
    prompts: Rect,
    message: Option<Rect>,
    footer: Rect,
    blocks: Vec<(u16, Block)>,
    scroll: u16,
}

impl StepScreen<'_> {
    fn step(&self) -> Option<&Step> {
        self.app.framework.steps.get(self.state.step)
    }

    fn guidance_lines(&self, w: usize) -> Vec<String> {
        let Some(step) = self.step() else {
            return Vec::new();
        };
        let mut lines = wrap(&step.purpose, w);
        if let Some(since) = self.app.since_line() {
            lines.extend(wrap(&since, w));
        }
        if self.state.guidance_open {
            lines.extend(wrap(&step.guidance, w));
        }
        lines
    }

    fn layout(&self, area: Rect) -> Layout {
        use ratatui::layout::{Constraint, Layout as Split};
        let text_w = usize::from(area.width.saturating_sub(2));
        let message_h = self
            .app
            .message
            .as_ref()
            .map_or(0, |m| message_height(&m.text, area));
        let banner_h = u16::from(self.state.read_only);
        // Everything but the guidance and the prompts has a fixed height.
        let fixed = 3 + banner_h + 1 + message_h + 1;
        let room = area.height.saturating_sub(fixed);
        let since = self
            .app
            .since_line()
            .map_or(0, |l| u16::try_from(wrap(&l, text_w).len()).unwrap_or(0));
        let max_guidance = if self.state.guidance_open {
            (room / 2).max(2 + since)
        } else {
            2 + since
        };
        let g = u16::try_from(self.guidance_lines(text_w).len())
            .unwrap_or(u16::MAX)
            .min(max_guidance);
        let [
            header,
            rail,
            heading,
            banner,
            guidance,
            _gap,
            prompts,
            message,
            footer_r,
        ] = Split::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(banner_h),
            Constraint::Length(g),
            Constraint::Length(1),
            Constraint::Min(0),
            Constraint::Length(message_h),
            Constraint::Length(1),
        ])
        .areas(area);
        let (blocks, scroll) = self.blocks(prompts);
        Layout {
            header,
            rail,
            heading,
            banner: (banner_h > 0).then_some(banner),
            guidance,
            prompts,
            message: (message_h > 0).then_some(message),
            footer: footer_r,
            blocks,
            scroll,
        }
    }

    fn blocks(&self, area: Rect) -> (Vec<(u16, Block)>, u16) {
        let app = self.app;
        let conflicts = field::conflicted_prompts(&self.state.doc);
        let cx = FieldCtx {
            framework: &app.framework,
            state: self.state,
            theme: &app.theme,
            member: &app.identity.member,
            hide_sensitive: app.hiding(),
            revealed: app.revealed_prompt(),
            width: area.width.saturating_sub(1),
            edit_height: (area.height / 3).clamp(3, 10),
            tz: &app.tz,
            conflicts: &conflicts,
        };
        let mut out = Vec::new();
        let mut top = 0u16;
        let mut last_section = "";
        let Some(step) = self.step() else {
            return (out, 0);
        };
        let mut focus_span = (0u16, 0u16, 0u16);
        for (i, p) in step.prompts.iter().enumerate() {
            let section =
                (!p.section.is_empty() && p.section != last_section).then_some(p.section.as_str());
            last_section = &p.section;
            let focused = i == self.state.focus;
            let b = field::block(&cx, p, focused, section);
            let h = u16::try_from(b.lines.len()).unwrap_or(u16::MAX);
            if focused {
                focus_span = (top, h, b.focus_row);
            }
            out.push((top, b));
            top = top.saturating_add(h);
        }
        let (ftop, fh, frow) = focus_span;
        let v = area.height;
        let mut scroll = (ftop + fh).saturating_sub(v).min(ftop);
        if ftop + frow >= scroll + v {
            scroll = ftop + frow + 1 - v;
        }
        (out, scroll)
    }

    /// Who else edited recently, for the header: "also: ben 2m, chris 14m".
    fn others(&self) -> Option<String> {
        let others = &self.state.others;
        if others.is_empty() {
            return None;
        }
        let now = self.app.now.get();
        let shown: Vec<String> = others
            .iter()
            .take(2)
            .map(|(m, at)| {
                let mins = now.duration_since(*at).as_secs().max(0) / 60;
                if mins == 0 {
                    format!("{} now", clean(m, false))
                } else {
                    format!("{} {mins}m ago", clean(m, false))
                }
            })
            .collect();
        let more = if others.len() > 2 {
            format!(" +{}", others.len() - 2)
        } else {
            String::new()
        };
        Some(format!(" also: {}{more} ", shown.join(", ")))
    }

    fn render_header(&self, area: Rect, buf: &mut Buffer) {
        let t = &self.app.theme;
        let s = self.state;
        buf.set_style(area, t.header);
        let conflicts = s.doc.conflicts().len();
        let mut right: Vec<Span> = Vec::new();
        if conflicts > 0 {
            right.push(Span::styled(
                format!(
                    " ⚠ {conflicts} conflict{} ",
                    if conflicts == 1 { "" } else { "s" }
                ),
                t.error.patch(t.header),
            ));
        }
        // One width for every state, so that a change redraws only these cells.
        let state = if s.read_only {
            " READ-ONLY   ".to_owned()
        } else if s.save_error.is_some() {
            " ✗ NOT SAVED ".to_owned()
        } else if s.dirty {
            " ● unsaved   ".to_owned()
        } else {
            match s.saved_at {
                Some(at) => format!(
                    " ✓ saved {}",
                    at.to_zoned(self.app.tz().clone()).strftime("%H:%M")
                ),
                None => " ✓ saved     ".to_owned(),
            }
        };
        if let Some(sp) = &self.app.meeting.speaker {
            right.push(Span::styled(
                format!(" speaking: {} ", clean(sp, false)),
                t.header.add_modifier(ratatui::style::Modifier::BOLD),
            ));
        }
        if let Some(others) = self.others() {
            right.push(Span::styled(others, t.header));
        }
        right.push(Span::styled(state, t.header));
        right.push(Span::styled(
            format!(" {} ", clean(&self.app.identity.member, false)),
            t.header,
        ));
        let right_w: usize = right.iter().map(|sp| width(&sp.content)).sum();
        let mut title = format!(" safestep · {}", clean(s.doc.title(), false));
        let org = s.doc.organisation();
        if !org.is_empty() {
            title.push_str(&format!(" — {}", clean(org, false)));
        }
        if s.demo {
            title.push_str(" · demo copy");
        }
        let left_w = usize::from(area.width).saturating_sub(right_w);
        let left = truncate(&title, left_w);
        let gap = left_w.saturating_sub(width(&left));
        let mut spans = vec![
            Span::styled(left, t.header.add_modifier(ratatui::style::Modifier::BOLD)),
            Span::styled(" ".repeat(gap), t.header),
        ];
        spans.extend(right);
        put(buf, area, area.y, Line::from(spans));
    }

    fn render_rail(&self, area: Rect, buf: &mut Buffer) {
        let t = &self.app.theme;
        let steps = &self.app.framework.steps;
        // The summary's rule: ✓ only when every prompt of the step is answered.
        let progress: Vec<StepProgress> = steps
            .iter()
            .map(|st| step_progress(st, &self.state.doc))
            .collect();
        let piece = |i: usize, st: &Step, long: bool| {
            let mark = if i == self.state.step {
                "▶"
            } else {
                match progress.get(i) {
                    Some(StepProgress::Done) => "✓",
                    Some(StepProgress::Started) => "◐",
                    _ => "·",
                }
            };
            if long || i == self.state.step {
                format!(" {}{mark} {} ", i + 1, clean(&st.title, false))
            } else {
                format!(" {}{mark} ", i + 1)
            }
        };
        let full: usize = steps
            .iter()
            .enumerate()
            .map(|(i, st)| width(&piece(i, st, true)))
            .sum();
        let long = full <= usize::from(area.width);
        let mut spans = Vec::new();
        for (i, st) in steps.iter().enumerate() {
            let style = if i == self.state.step {
                t.rail_current
            } else if progress.get(i) == Some(&StepProgress::Done) {
                t.rail_done
            } else {
                t.rail_todo
            };
            spans.push(Span::styled(piece(i, st, long), style));
        }
        put(buf, area, area.y, Line::from(spans));
    }

    fn render_heading(&self, area: Rect, buf: &mut Buffer) {
        let t = &self.app.theme;
        let Some(step) = self.step() else { return };
        let guide = if self.state.guidance_open {
            "Alt-I: less guidance "
        } else {
            "Alt-I: more guidance "
        };
        let mut left = format!(
            " Step {} of {}: {}",
            self.state.step + 1,
            self.app.framework.steps.len(),
            clean(&step.title, false),
        );
        // Once the meeting clock has started, the countdown replaces the plan.
        let mut right = Vec::new();
        match self.app.countdown() {
            Some(c) => right.push(Span::styled(
                format!("{} ", c.text),
                if c.over { t.warn } else { t.heading },
            )),
            None => left.push_str(&format!(
                " · about {} min",
                self.app.planned_minutes(self.state.step)
            )),
        }
        let used: usize = right.iter().map(|sp| width(&sp.content)).sum();
        if right.is_empty() || width(&left) + used + width(guide) + 3 <= usize::from(area.width) {
            if !right.is_empty() {
                right.push(Span::styled("· ", t.dim));
            }
            right.push(Span::styled(guide, t.dim));
        }
        let rw: usize = right.iter().map(|sp| width(&sp.content)).sum();
        let lw = usize::from(area.width).saturating_sub(rw);
        let l = truncate(&left, lw);
        let gap = lw.saturating_sub(width(&l));
        let mut spans = vec![Span::styled(l, t.heading), Span::raw(" ".repeat(gap))];
        spans.extend(right);
        put(buf, area, area.y, Line::from(spans));
    }
}

impl Widget for StepScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = &self.app.theme;
        let l = self.layout(area);
        self.render_header(l.header, buf);
        self.render_rail(l.rail, buf);
        self.render_heading(l.heading, buf);
        if let Some(b) = l.banner {
            buf.set_style(b, t.banner);
            put(
                buf,
                b,
                b.y,
                Line::from(span(
                    " READ-ONLY: nothing you change here is saved. Open it without --read-only to edit.",
                    t.banner,
                )),
            );
        }
        let text_w = usize::from(area.width.saturating_sub(2));
        let lines = self.guidance_lines(text_w);
        let g_rows = usize::from(l.guidance.height);
        let cut = lines.len() > g_rows;
        for (i, line) in lines.iter().take(g_rows).enumerate() {
            let Ok(dy) = u16::try_from(i) else { break };
            let text = if cut && i + 1 == g_rows {
                format!("{} …", truncate(line, text_w.saturating_sub(2)))
            } else {
                line.clone()
            };
            let style = if i == 0 { t.text } else { t.dim };
            put(
                buf,
                l.guidance,
                l.guidance.y + dy,
                Line::from(vec![Span::raw(" "), Span::styled(text, style)]),
            );
        }
        // The prompts, scrolled so that the focused one is in view.
        let p = l.prompts;
        for (top, block) in &l.blocks {
            for (i, line) in block.lines.iter().enumerate() {
                let Ok(i) = u16::try_from(i) else { break };
                let y = top.saturating_add(i);
                if y < l.scroll || y - l.scroll >= p.height {
                    continue;
                }
                put(
                    buf,
                    Rect::new(p.x + 1, p.y, p.width.saturating_sub(1), p.height),
                    p.y + y - l.scroll,
                    line.clone(),
                );
            }
            if let (Some((row0, h)), Some(Editor::Long { area: ta, .. })) =
                (block.textarea, &self.state.editor)
                && let Some(rect) = textarea_rect(p, l.scroll, *top + row0, h)
            {
                crate::tui::widgets::field::render_textarea(ta, rect, buf);
            }
        }
        if l.scroll > 0 {
            put(
                buf,
                p,
                p.y,
                Line::from(Span::styled(
                    format!("{:>w$}", "↑ more", w = usize::from(p.width)),
                    t.dim,
                )),
            );
        }
        let total: u16 = l.blocks.last().map_or(0, |(top, b)| {
            top + u16::try_from(b.lines.len()).unwrap_or(0)
        });
        if total > l.scroll + p.height && p.height > 0 {
            put(
                buf,
                p,
                p.bottom() - 1,
                Line::from(Span::styled(
                    format!("{:>w$}", "↓ more", w = usize::from(p.width)),
                    t.dim,
                )),
            );
        }
        if let (Some(m), Some(msg)) = (l.message, &self.app.message) {
            render_message(&msg.text, msg.warn, t, m, buf);
        }
        crate::tui::widgets::footer_typing(
            buf,
            l.footer,
            self.app.ctx(),
            t,
            self.app.typing_label().as_deref(),
        );
    }
}

/// How many rows a status message takes in `area`: all of it wrapped, up to
/// a third of the screen (and at least one row).
pub(super) fn message_height(text: &str, area: Rect) -> u16 {
    let lines = wrap(text, usize::from(area.width.saturating_sub(2)).max(1)).len();
    u16::try_from(lines)
        .unwrap_or(u16::MAX)
        .clamp(1, (area.height / 3).max(1))
}

/// A status message, wrapped over its rows (a space either side).
pub(super) fn render_message(
    text: &str,
    warn: bool,
    t: &crate::tui::theme::Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    use ratatui::widgets::{Paragraph, Wrap};
    let style = if warn { t.warn } else { t.ok };
    let inner = Rect::new(
        area.x.saturating_add(1),
        area.y,
        area.width.saturating_sub(2),
        area.height,
    );
    // Wrapped by the same rule that counted the rows, so nothing is cut.
    let lines: Vec<Line> = wrap(text, usize::from(inner.width).max(1))
        .into_iter()
        .map(Line::from)
        .collect();
    Paragraph::new(lines)
        .style(style)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}

/// The screen rectangle of the long-text editor, clipped to the prompts area.
fn textarea_rect(p: Rect, scroll: u16, first: u16, h: u16) -> Option<Rect> {
    let top = first.max(scroll);
    let bottom = (first + h).min(scroll + p.height);
    if bottom <= top {
        return None;
    }
    let x = p.x + 1 + INDENT;
    Some(Rect::new(
        x,
        p.y + top - scroll,
        p.width.saturating_sub(INDENT + 2),
        bottom - top,
    ))
}

impl StepScreen<'_> {
    /// Where the terminal cursor goes, if a field is being edited.
    #[must_use]
    pub fn cursor(&self, area: Rect) -> Option<Position> {
        let editor = self.state.editor.as_ref()?;
        let l = self.layout(area);
        let p = l.prompts;
        let (top, block) = l.blocks.get(self.state.focus)?;
        match editor {
            Editor::Long { area: ta, .. } => {
                let (row0, h) = block.textarea?;
                let rect = textarea_rect(p, l.scroll, top + row0, h)?;
                let sc = ta.screen_cursor();
                let (srow, scol) = ta.scroll_offset();
                let r = u16::try_from(sc.row).ok()?.checked_sub(srow)?;
                let c = u16::try_from(sc.col).ok()?.checked_sub(scol)?;
                (r < rect.height && c < rect.width.saturating_add(1)).then(|| {
                    Position::new(rect.x + c.min(rect.width.saturating_sub(1)), rect.y + r)
                })
            }
            Editor::Line { .. } => {
                let (r, c) = block.cursor?;
                let y = (top + r).checked_sub(l.scroll)?;
                (y < p.height)
                    .then(|| Position::new(p.x + 1 + c.min(p.width.saturating_sub(2)), p.y + y))
            }
        }
    }
}
