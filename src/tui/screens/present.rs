//! The presenter view, for a projector in a facilitated meeting: the step's
//! number and title in big text, the focused question large and central, its
//! answer below, and one line of keys. Sizes follow the window: full-size big
//! text on a large projector terminal, half or quarter height on a laptop
//! screen, plain bold text when even that does not fit.
//!
//! Sensitive answers are masked here unless the facilitator reveals the
//! focused one ([`crate::tui::app::App::masks`]); the answer is drawn by the
//! same field code as the step screen, so the masking rules are the same.

use crate::content::{Prompt, Step};
use crate::text::clean;
use crate::tui::action::Action;
use crate::tui::app::{App, Editor, StepState, is_text_kind};
use crate::tui::keymap;
use crate::tui::timer;
use crate::tui::widgets::field::{self, Block as FieldBlock, FieldCtx, INDENT};
use crate::tui::widgets::{footer, put, truncate, width, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use tui_big_text::{BigText, PixelSize};

/// The presenter view of an open session.
pub struct PresentScreen<'a> {
    /// The app (theme, framework, member, meeting clock).
    pub app: &'a App,
    /// The open session.
    pub state: &'a StepState,
}

/// How a heading is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    /// Big text made of block characters, of this size.
    Big(PixelSize),
    /// Ordinary bold text.
    Plain,
}

/// The big-text sizes, largest first, with the cells one letter takes
/// (columns, rows). Only sizes whose block characters every terminal font
/// has: sextants and octants are left out.
const SIZES: [(PixelSize, u16, u16); 3] = [
    (PixelSize::Full, 8, 8),
    (PixelSize::HalfHeight, 8, 4),
    (PixelSize::Quadrant, 4, 4),
];

/// A heading fitted into a width and a number of rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fitted {
    /// How it is drawn.
    pub scale: Scale,
    /// Its lines.
    pub lines: Vec<String>,
    /// The rows it takes.
    pub rows: u16,
}

/// Whether the big-text font has a letter for every character (ASCII and Latin-1).
fn drawable(text: &str) -> bool {
    text.chars()
        .all(|c| (' '..='~').contains(&c) || ('\u{a0}'..='\u{ff}').contains(&c))
}

/// Wrap at spaces into lines of at most `per_line` letters; `None` when a word is longer.
fn letter_wrap(text: &str, per_line: usize) -> Option<Vec<String>> {
    if per_line == 0 {
        return None;
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if n > per_line {
            return None;
        }
        let len = line.chars().count();
        if len > 0 && len + 1 + n > per_line {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    (!lines.is_empty()).then_some(lines)
}

/// Fit `text` into `cols` columns and `max_rows` rows: the largest big-text
/// size, from the `from`th of [`SIZES`] down, that takes at most `max_lines`
/// lines; else plain text, wrapped and cut to `max_rows` lines.
#[must_use]
pub fn fit(text: &str, cols: u16, max_rows: u16, from: usize, max_lines: usize) -> Fitted {
    let text = clean(text, false);
    if drawable(&text) {
        for &(size, gw, gh) in SIZES.iter().skip(from) {
            let Some(lines) = letter_wrap(&text, usize::from(cols / gw)) else {
                continue;
            };
            let rows = u16::try_from(lines.len())
                .unwrap_or(u16::MAX)
                .saturating_mul(gh);
            if lines.len() <= max_lines && rows <= max_rows {
                return Fitted {
                    scale: Scale::Big(size),
                    lines,
                    rows,
                };
            }
        }
    }
    let cols = usize::from(cols.max(1));
    let cap = usize::from(max_rows.max(1));
    let mut lines = wrap(&text, cols);
    if lines.len() > cap {
        lines.truncate(cap);
        if let Some(last) = lines.last_mut() {
            *last = format!("{} …", truncate(last, cols.saturating_sub(2)));
        }
    }
    Fitted {
        scale: Scale::Plain,
        rows: u16::try_from(lines.len()).unwrap_or(u16::MAX),
        lines,
    }
}

/// The index in [`SIZES`] a heading under `f` starts from: a smaller size,
/// except that the smallest big size may repeat.
fn smaller_than(f: &Fitted) -> usize {
    match f.scale {
        Scale::Big(p) => SIZES
            .iter()
            .position(|(s, _, _)| *s == p)
            .map_or(SIZES.len(), |i| (i + 1).min(SIZES.len() - 1)),
        Scale::Plain => SIZES.len(),
    }
}

/// Draw a fitted heading centred in `area`.
fn draw_fitted(f: &Fitted, style: Style, area: Rect, buf: &mut Buffer) {
    match f.scale {
        Scale::Big(size) => {
            BigText::builder()
                .pixel_size(size)
                .style(style)
                .lines(
                    f.lines
                        .iter()
                        .map(|l| Line::from(l.clone()))
                        .collect::<Vec<_>>(),
                )
                .centered()
                .build()
                .render(area, buf);
        }
        Scale::Plain => {
            for (i, l) in f.lines.iter().enumerate() {
                let Ok(dy) = u16::try_from(i) else { break };
                put(
                    buf,
                    area,
                    area.y + dy,
                    Line::from(Span::styled(l.clone(), style)).centered(),
                );
            }
        }
    }
}

/// Where everything goes.
struct Layout {
    top: Rect,
    title: (Rect, Fitted),
    section: Option<Rect>,
    question: (Rect, Fitted),
    notes: Vec<(Rect, String, Style)>,
    answer: Rect,
    body: Answer,
    scroll: u16,
    message: Option<Rect>,
    footer: Rect,
}

/// The answer as drawn: the field's own body, or (for text not being edited)
/// the full text wrapped to the column.
enum Answer {
    Field(FieldBlock),
    Text(Vec<Line<'static>>),
}

impl Answer {
    fn len(&self) -> usize {
        match self {
            Answer::Field(b) => b.lines.len(),
            Answer::Text(l) => l.len(),
        }
    }
}

fn row(area: Rect, y: u16) -> Rect {
    Rect::new(area.x, y, area.width, 1)
}

/// The width of the answer column: all of a small window, a readable line on a big one.
fn column_width(w: u16) -> u16 {
    if w <= 100 {
        w.saturating_sub(4).max(1)
    } else {
        (w / 3 * 2).min(120)
    }
}

impl PresentScreen<'_> {
    fn step(&self) -> Option<&Step> {
        self.app.framework.steps.get(self.state.step)
    }

    fn prompt(&self) -> Option<&Prompt> {
        self.step()?.prompts.get(self.state.focus)
    }

    fn field_ctx<'b>(
        &'b self,
        conflicts: &'b std::collections::BTreeSet<String>,
        width: u16,
        edit_height: u16,
    ) -> FieldCtx<'b> {
        let app = self.app;
        FieldCtx {
            framework: &app.framework,
            state: self.state,
            theme: &app.theme,
            member: &app.identity.member,
            hide_sensitive: app.hiding(),
            revealed: app.revealed_prompt(),
            width,
            edit_height,
            tz: &app.tz,
            conflicts,
        }
    }

    /// The answer, laid out for a column `w` wide with `rows` rows for it.
    fn answer(&self, prompt: &Prompt, w: u16, rows: u16) -> Answer {
        let conflicts = field::conflicted_prompts(&self.state.doc);
        let cx = self.field_ctx(&conflicts, w, 1);
        let t = &self.app.theme;
        let plain_text = is_text_kind(&prompt.kind)
            && self.state.editor.is_none()
            && !field::hidden(&cx, prompt)
            && !conflicts.contains(&prompt.id);
        if plain_text {
            let v = self.state.doc.text_value(&prompt.id);
            let lines = if v.trim().is_empty() {
                vec![Line::from(Span::styled(
                    "(not answered yet)",
                    t.placeholder,
                ))]
            } else {
                wrap(v, usize::from(w))
                    .into_iter()
                    .map(|l| Line::from(Span::styled(l, t.text)))
                    .collect()
            };
            return Answer::Text(lines);
        }
        let first = field::body(&cx, prompt, true);
        if first.textarea.is_none() {
            return Answer::Field(first);
        }
        // Give the long-text editor every row the rest of the answer leaves.
        let others = u16::try_from(first.lines.len())
            .unwrap_or(u16::MAX)
            .saturating_sub(1);
        // As many rows as the text needs and two to grow into, within what is left.
        let needed = match &self.state.editor {
            Some(Editor::Long { area, .. }) => area
                .lines()
                .iter()
                .map(|l| wrap(l, usize::from(w.saturating_sub(INDENT))).len())
                .sum::<usize>()
                .saturating_add(2),
            _ => 0,
        };
        let needed = u16::try_from(needed).unwrap_or(u16::MAX).max(5);
        let height = rows.saturating_sub(others).min(needed).max(3);
        let cx = self.field_ctx(&conflicts, w, height);
        Answer::Field(field::body(&cx, prompt, true))
    }

    fn notes(&self, prompt: &Prompt, w: u16, room: u16) -> Vec<(String, Style)> {
        let t = &self.app.theme;
        let mut out = Vec::new();
        if prompt.sensitive {
            let text = if self.app.masks(prompt) {
                "Sensitive: the answer is hidden on this screen. F3 shows it until you move on."
            } else {
                "Sensitive: shown until you move on (F3 hides it now)."
            };
            out.push((truncate(text, usize::from(w)), t.warn));
        }
        if !prompt.help.is_empty() {
            let max = usize::from(room).saturating_sub(out.len());
            let lines = wrap(&prompt.help, usize::from(w));
            let cut = lines.len() > max;
            for (i, l) in lines.into_iter().take(max).enumerate() {
                let l = if cut && i + 1 == max {
                    format!("{} …", truncate(&l, usize::from(w).saturating_sub(2)))
                } else {
                    l
                };
                out.push((l, t.dim));
            }
        }
        out
    }

    fn layout(&self, area: Rect) -> Layout {
        let top = row(area, area.y);
        let footer_r = row(area, area.bottom().saturating_sub(1));
        let message = self.app.message.as_ref().map(|m| {
            let h = super::step::message_height(&m.text, area).min(footer_r.y - area.y);
            Rect::new(area.x, footer_r.y.saturating_sub(h), area.width, h)
        });
        let bottom = message.map_or(footer_r.y, |m| m.y);
        let mut y = area.y + 1;
        let avail = bottom.saturating_sub(y);
        let col_w = column_width(area.width);
        let col_x = area.x + (area.width.saturating_sub(col_w)) / 2;
        let inner_w = area.width.saturating_sub(2).max(1);
        let answer_min = (avail * 2 / 5).max(4);
        let Some((step, prompt)) = self.step().zip(self.prompt()) else {
            return Layout {
                top,
                title: (Rect::default(), fit("", 1, 1, SIZES.len(), 1)),
                section: None,
                question: (Rect::default(), fit("", 1, 1, SIZES.len(), 1)),
                notes: Vec::new(),
                answer: Rect::new(col_x, y, col_w, bottom.saturating_sub(y)),
                body: Answer::Text(Vec::new()),
                scroll: 0,
                message,
                footer: footer_r,
            };
        };
        // Blank rows above the title when there is room for them.
        y += match avail {
            0..16 => 0,
            16..40 => 1,
            _ => 2,
        };
        let title_text = format!("{}. {}", self.state.step + 1, step.title);
        let title_max = (avail * 2 / 5).min(avail.saturating_sub(answer_min + 4));
        let title = fit(&title_text, inner_w, title_max, 0, 2);
        let title_r = Rect::new(area.x + 1, y, inner_w, title.rows.min(bottom - y));
        y = (y + title.rows + 1).min(bottom);
        let section = (!prompt.section.is_empty() && y < bottom).then(|| {
            y += 1;
            row(area, y - 1)
        });
        let note_room = if avail >= 30 { 3 } else { 2 };
        let notes = self.notes(prompt, col_w, note_room);
        let notes_h = u16::try_from(notes.len()).unwrap_or(0);
        let q_max = avail
            .saturating_sub(title.rows + 4 + notes_h + answer_min)
            .saturating_sub(u16::from(section.is_some()))
            .max(1);
        let question = fit(&prompt.label, inner_w, q_max, smaller_than(&title), 3);
        let question_r = Rect::new(
            area.x + 1,
            y,
            inner_w,
            question.rows.min(bottom.saturating_sub(y)),
        );
        y = (y + question.rows).min(bottom);
        if avail >= 20 {
            y = (y + 1).min(bottom);
        }
        let mut note_rects = Vec::new();
        for (text, style) in notes {
            if y >= bottom {
                break;
            }
            note_rects.push((Rect::new(col_x, y, col_w, 1), text, style));
            y += 1;
        }
        y = (y + 1).min(bottom);
        let answer = Rect::new(col_x, y, col_w, bottom.saturating_sub(y));
        let body = self.answer(prompt, col_w, answer.height);
        let scroll = self.scroll(&body, answer.height);
        Layout {
            top,
            title: (title_r, title),
            section,
            question: (question_r, question),
            notes: note_rects,
            answer,
            body,
            scroll,
            message,
            footer: footer_r,
        }
    }

    /// Rows scrolled so that what is being edited or chosen is in view.
    fn scroll(&self, body: &Answer, v: u16) -> u16 {
        let Answer::Field(b) = body else {
            return 0;
        };
        let (from, to) = match (b.textarea, b.cursor) {
            (Some((r0, h)), _) => (r0, r0 + h),
            (None, Some((r, _))) => (r, r + 1),
            (None, None) => (b.focus_row, b.focus_row + 1),
        };
        to.saturating_sub(v).min(from)
    }

    /// The long-text editor's rectangle on screen, clipped to the answer area.
    fn textarea_rect(l: &Layout) -> Option<Rect> {
        let Answer::Field(b) = &l.body else {
            return None;
        };
        let (r0, h) = b.textarea?;
        let a = l.answer;
        let top = r0.max(l.scroll);
        let bottom = (r0 + h).min(l.scroll + a.height);
        (bottom > top).then(|| {
            Rect::new(
                a.x + INDENT,
                a.y + top - l.scroll,
                a.width.saturating_sub(INDENT),
                bottom - top,
            )
        })
    }

    fn render_top(&self, area: Rect, buf: &mut Buffer) {
        let t = &self.app.theme;
        let s = self.state;
        let n_prompts = self.step().map_or(0, |st| st.prompts.len());
        let mut right: Vec<Span> = Vec::new();
        if let Some(c) = self.app.countdown() {
            right.push(Span::styled(
                format!(" {} ", c.text),
                if c.over { t.warn } else { t.heading },
            ));
        }
        let state = if s.read_only {
            " read-only "
        } else if s.save_error.is_some() {
            " ✗ not saved "
        } else if s.dirty {
            " ● unsaved "
        } else {
            " ✓ saved "
        };
        right.push(Span::styled(state, t.dim));
        let right_w: usize = right.iter().map(|sp| width(&sp.content)).sum();
        let left = format!(
            " Step {} of {} · question {} of {n_prompts} · {}",
            s.step + 1,
            self.app.framework.steps.len(),
            s.focus + 1,
            clean(s.doc.title(), false)
        );
        let left_w = usize::from(area.width).saturating_sub(right_w);
        let left = truncate(&left, left_w);
        let gap = left_w.saturating_sub(width(&left));
        let mut spans = vec![Span::styled(left, t.dim), Span::raw(" ".repeat(gap))];
        spans.extend(right);
        put(buf, area, area.y, Line::from(spans));
    }

    /// One line of the keys that matter in a meeting, from the key table.
    fn render_footer(&self, area: Rect, buf: &mut Buffer) {
        let t = &self.app.theme;
        let ctx = self.app.ctx();
        if self.app.overlay.is_some() {
            footer(buf, area, ctx, t);
            return;
        }
        if let Some(field) = self.app.typing_label() {
            crate::tui::widgets::footer_typing(buf, area, ctx, t, Some(&field));
            return;
        }
        let text = ctx & keymap::TEXT != 0;
        let sensitive = self.prompt().is_some_and(|p| p.sensitive);
        let hidden = self.prompt().is_some_and(|p| self.app.masks(p));
        let running = self.app.meeting_clock.running();
        let wanted: [(Action, &str, bool); 9] = [
            (Action::Help, "help", true),
            (Action::NextField, "next question", true),
            (Action::NextStep, "next step", true),
            (
                Action::Reveal,
                if hidden { "reveal" } else { "hide" },
                sensitive,
            ),
            (Action::TogglePresenter, "usual view", true),
            (Action::Activate, "type", text && !hidden),
            (Action::Agenda, "agenda", true),
            (
                Action::ToggleTimer,
                if running {
                    "pause clock"
                } else {
                    "start clock"
                },
                true,
            ),
            (Action::Quit, "quit", true),
        ];
        let key_of = |a: Action| {
            keymap::active(ctx)
                .find(|b| b.action == a)
                .and_then(|b| b.keys.first())
                .map(keymap::key_name)
        };
        let items: Vec<(String, &str)> = wanted
            .iter()
            .filter(|(_, _, show)| *show)
            .filter_map(|(a, label, _)| key_of(*a).map(|k| (k, *label)))
            .collect();
        let cost = |(k, l): &(String, &str)| width(k) + 1 + width(l) + 2;
        let max = usize::from(area.width);
        let quit_cost = items.last().map_or(0, cost);
        let mut used = quit_cost;
        let mut spans = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let last = i + 1 == items.len();
            if !last {
                if used + cost(item) > max {
                    continue;
                }
                used += cost(item);
            } else if quit_cost > max {
                continue;
            }
            spans.push(Span::styled(item.0.clone(), t.key));
            spans.push(Span::styled(format!(" {}  ", item.1), t.dim));
        }
        buf.set_style(area, t.text);
        put(buf, area, area.y, Line::from(spans));
    }
}

impl Widget for PresentScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = &self.app.theme;
        let l = self.layout(area);
        self.render_top(l.top, buf);
        let (title_r, title) = &l.title;
        draw_fitted(title, t.heading, *title_r, buf);
        if let (Some(r), Some(p)) = (l.section, self.prompt()) {
            put(
                buf,
                r,
                r.y,
                Line::from(Span::styled(
                    truncate(&clean(&p.section, false), usize::from(r.width)),
                    t.dim,
                ))
                .centered(),
            );
        }
        let (question_r, question) = &l.question;
        draw_fitted(
            question,
            t.focus.remove_modifier(Modifier::UNDERLINED),
            *question_r,
            buf,
        );
        for (r, text, style) in &l.notes {
            put(
                buf,
                *r,
                r.y,
                Line::from(Span::styled(text.clone(), *style)).centered(),
            );
        }
        let a = l.answer;
        let lines: Vec<&Line> = match &l.body {
            Answer::Field(b) => b.lines.iter().collect(),
            Answer::Text(lines) => lines.iter().collect(),
        };
        for (i, line) in lines
            .into_iter()
            .skip(usize::from(l.scroll))
            .take(usize::from(a.height))
            .enumerate()
        {
            let Ok(dy) = u16::try_from(i) else { break };
            put(buf, a, a.y + dy, line.clone());
        }
        if let (Some(rect), Some(Editor::Long { area: ta, .. })) =
            (Self::textarea_rect(&l), &self.state.editor)
        {
            crate::tui::widgets::field::render_textarea(ta, rect, buf);
        }
        let total = u16::try_from(l.body.len()).unwrap_or(u16::MAX);
        if total > l.scroll.saturating_add(a.height) && a.height > 0 {
            put(
                buf,
                a,
                a.bottom() - 1,
                Line::from(Span::styled("↓ more", t.dim)).right_aligned(),
            );
        }
        if let (Some(m), Some(msg)) = (l.message, &self.app.message) {
            super::step::render_message(&msg.text, msg.warn, t, m, buf);
        }
        self.render_footer(l.footer, buf);
    }
}

impl PresentScreen<'_> {
    /// Where the terminal cursor goes, if a field is being edited.
    #[must_use]
    pub fn cursor(&self, area: Rect) -> Option<Position> {
        let editor = self.state.editor.as_ref()?;
        let l = self.layout(area);
        let a = l.answer;
        match editor {
            Editor::Long { area: ta, .. } => {
                let rect = Self::textarea_rect(&l)?;
                let sc = ta.screen_cursor();
                let (srow, scol) = ta.scroll_offset();
                let r = u16::try_from(sc.row).ok()?.checked_sub(srow)?;
                let c = u16::try_from(sc.col).ok()?.checked_sub(scol)?;
                (r < rect.height && c < rect.width.saturating_add(1)).then(|| {
                    Position::new(rect.x + c.min(rect.width.saturating_sub(1)), rect.y + r)
                })
            }
            Editor::Line { .. } => {
                let Answer::Field(b) = &l.body else {
                    return None;
                };
                let (r, c) = b.cursor?;
                let y = r.checked_sub(l.scroll)?;
                (y < a.height)
                    .then(|| Position::new(a.x + c.min(a.width.saturating_sub(1)), a.y + y))
            }
        }
    }
}

/// The agenda: each step's planned minutes against the time spent, the
/// current step marked, and the totals. The facilitator changes a plan here.
pub struct AgendaOverlay<'a> {
    /// The app.
    pub app: &'a App,
    /// The highlighted step.
    pub selected: usize,
}

impl Widget for AgendaOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = &self.app.theme;
        let rows = self.app.agenda();
        let h = u16::try_from(rows.len()).unwrap_or(20) + 7;
        let inner = super::help::frame_sized(
            self.app,
            area,
            "Agenda (↑↓ choose, +/- 5 min, Enter goes there, Esc closes)",
            buf,
            78,
            h,
        );
        let iw = usize::from(inner.width);
        // Mark and number, two columns of nine and their gaps.
        let title_w = iw.saturating_sub(28);
        let head = format!("   {:<title_w$}  {:>9}  {:>9}", "Step", "planned", "spent");
        put(
            buf,
            inner,
            inner.y,
            Line::from(Span::styled(
                truncate(&head, iw),
                t.dim.add_modifier(Modifier::UNDERLINED),
            )),
        );
        let current = self.app.step_state().map_or(0, |s| s.step);
        let (mut planned_total, mut spent_total) = (0u64, 0u64);
        let mut y = inner.y + 1;
        for (i, row) in rows.iter().enumerate() {
            planned_total += u64::from(row.planned);
            spent_total += row.spent;
            if y >= inner.bottom() {
                break;
            }
            let mark = if i == current { "▶" } else { " " };
            let planned = format!(
                "{}{}",
                row.planned,
                if row.planned == row.suggested {
                    " min"
                } else {
                    " min*"
                }
            );
            let spent = if row.spent == 0 {
                "–".to_owned()
            } else {
                timer::clock_text(row.spent)
            };
            let title = truncate(&format!("{} {}", i + 1, clean(&row.title, false)), title_w);
            let text = format!(" {mark} {title:<title_w$}  {planned:>9}  {spent:>9}");
            let over = row.planned > 0 && row.spent > u64::from(row.planned) * 60;
            let style = if i == self.selected {
                t.selected
            } else if over {
                t.warn
            } else {
                t.text
            };
            let padded = format!(
                "{}{}",
                truncate(&text, iw),
                " ".repeat(iw.saturating_sub(width(&text)))
            );
            put(buf, inner, y, Line::from(Span::styled(padded, style)));
            y += 1;
        }
        if y < inner.bottom() {
            let total = format!(
                "   {:<title_w$}  {:>9}  {:>9}",
                "Total",
                timer::minutes_text(planned_total * 60),
                timer::clock_text(spent_total)
            );
            put(
                buf,
                inner,
                y,
                Line::from(Span::styled(truncate(&total, iw), t.heading)),
            );
            y += 2;
        }
        let clock = if self.app.meeting_clock.running() {
            "The meeting clock is running (F9 pauses it)."
        } else {
            "The meeting clock is stopped (F9 starts it)."
        };
        let note = if rows.iter().any(|r| r.planned != r.suggested) {
            format!("* planned for this meeting. {clock}")
        } else {
            clock.to_owned()
        };
        for l in wrap(&note, iw) {
            if y >= inner.bottom() {
                break;
            }
            put(buf, inner, y, Line::from(Span::styled(l, t.dim)));
            y += 1;
        }
    }
}
