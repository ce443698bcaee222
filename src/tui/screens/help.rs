//! Overlays: the help screen (generated from the key table) and the list of steps.

use crate::text::clean;
use crate::tui::app::App;
use crate::tui::keymap::{self, Ctx};
use crate::tui::widgets::{put, truncate, width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};

/// The help overlay.
pub struct HelpOverlay<'a> {
    /// The app.
    pub app: &'a App,
    /// Lines scrolled.
    pub scroll: u16,
    /// The context the help describes (the screen under it).
    pub ctx: Ctx,
}

/// The groups of the full key list.
const GROUPS: &[(&str, Ctx)] = &[
    ("Home screen", keymap::HOME),
    ("New session", keymap::SETUP),
    ("Step screens", keymap::STEP),
    ("Typing in a field", keymap::EDIT | keymap::EDIT_LINE),
    ("Choices and checklists", keymap::CHOICE),
    ("Ratings", keymap::RATING),
    (
        "Lists: actions, risks, decisions, roster, tables",
        keymap::COLLECTION,
    ),
    ("Conflict screen (c)", keymap::CONFLICTS),
    ("Presenter view", keymap::PRESENT),
    ("Agenda (F6)", keymap::AGENDA),
    ("Who is here (w)", keymap::ATTENDANCE),
    ("Dot-voting (v)", keymap::VOTE),
    ("Parking lot (l)", keymap::PARKING),
    ("Opening review (o)", keymap::OPENING),
];

/// A box centred in `area`: `w` wide, or three quarters of a wider terminal,
/// at most `h` high.
pub(super) fn boxed(area: Rect, w: u16, h: u16) -> Rect {
    let w = crate::tui::widgets::overlay_width(area, w);
    let h = h.min(area.height.saturating_sub(2)).max(3.min(area.height));
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Clear a centred box of at most `w` x `h`, draw its border and title (the
/// keys that work in it, as a rule), and return its inside.
pub(super) fn frame_sized(
    app: &App,
    area: Rect,
    title: &str,
    buf: &mut Buffer,
    w: u16,
    h: u16,
) -> Rect {
    let t = &app.theme;
    let r = boxed(area, w, h);
    crate::tui::widgets::backdrop(area, r, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border)
        .title(Span::styled(format!(" {title} "), t.heading));
    let inner = block.inner(r);
    block.render(r, buf);
    buf.set_style(inner, t.text);
    inner
}

/// [`frame_sized`] as tall as the screen allows.
pub(super) fn frame(app: &App, area: Rect, title: &str, buf: &mut Buffer, w: u16) -> Rect {
    frame_sized(app, area, title, buf, w, area.height.saturating_sub(2))
}

impl HelpOverlay<'_> {
    /// The help text as lines (key column, description).
    #[must_use]
    pub fn lines(&self) -> Vec<(String, String, bool)> {
        let mut out = vec![
            ("Tab moves between fields; PgDn/PgUp between steps. Typing goes into the field with the cursor; Esc leaves it.".to_owned(), String::new(), false),
            ("Everything is saved a second after you stop typing, and when you quit.".to_owned(), String::new(), false),
            (String::new(), String::new(), false),
            ("Keys here".to_owned(), String::new(), true),
        ];
        let mut seen: Vec<(String, &str)> = Vec::new();
        let mut push = |out: &mut Vec<(String, String, bool)>, b: &keymap::Binding| {
            let keys = keymap::keys_label(b);
            let d = b.action.describe();
            if seen.iter().any(|(k, dd)| *k == keys && *dd == d) {
                return;
            }
            seen.push((keys.clone(), d));
            out.push((keys, d.to_owned(), false));
        };
        for b in keymap::active(self.ctx) {
            push(&mut out, b);
        }
        for (name, ctx) in GROUPS {
            if ctx & self.ctx != 0 {
                continue;
            }
            out.push((String::new(), String::new(), false));
            out.push(((*name).to_owned(), String::new(), true));
            for b in keymap::BINDINGS.iter().filter(|b| {
                b.ctx & ctx != 0 && b.ctx != keymap::GLOBAL && b.ctx & keymap::HELP == 0
            }) {
                push(&mut out, b);
            }
        }
        out
    }
}

impl Widget for HelpOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = &self.app.theme;
        let inner = frame_sized(
            self.app,
            area,
            "Help: keys (Esc closes, ↑↓ scroll)",
            buf,
            86,
            area.height.saturating_sub(2),
        );
        let key_w = 22usize;
        let w = usize::from(inner.width);
        let mut rows: Vec<Line> = Vec::new();
        for (k, d, heading) in self.lines() {
            if heading {
                rows.push(Line::from(Span::styled(
                    truncate(&k, w),
                    t.heading.add_modifier(ratatui::style::Modifier::UNDERLINED),
                )));
            } else if d.is_empty() {
                for l in crate::tui::widgets::wrap(&k, w) {
                    rows.push(Line::from(Span::styled(l, t.text)));
                }
            } else {
                let kk = truncate(&k, key_w - 1);
                let gap = key_w.saturating_sub(width(&kk) + 1);
                rows.push(Line::from(vec![
                    Span::raw(" "),
                    Span::styled(kk, t.key),
                    Span::raw(" ".repeat(gap)),
                    Span::styled(truncate(&d, w.saturating_sub(key_w)), t.text),
                ]));
            }
        }
        let max_scroll = rows.len().saturating_sub(usize::from(inner.height));
        let scroll = usize::from(self.scroll).min(max_scroll);
        for (i, line) in rows
            .into_iter()
            .skip(scroll)
            .take(usize::from(inner.height))
            .enumerate()
        {
            put(buf, inner, inner.y + u16::try_from(i).unwrap_or(0), line);
        }
    }
}

/// The list of steps to jump to.
pub struct JumpOverlay<'a> {
    /// The app.
    pub app: &'a App,
    /// The highlighted step.
    pub selected: usize,
}

impl Widget for JumpOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = &self.app.theme;
        let steps = &self.app.framework.steps;
        let h = u16::try_from(steps.len()).unwrap_or(20) + 4;
        let inner = frame_sized(
            self.app,
            area,
            "Go to step (1-9, Enter; Esc closes)",
            buf,
            64,
            h,
        );
        let doc = self.app.step_state().map(|s| &s.doc);
        let current = self.app.step_state().map_or(0, |s| s.step);
        for (i, st) in steps.iter().enumerate() {
            let Ok(dy) = u16::try_from(i + 1) else { break };
            if dy >= inner.height {
                break;
            }
            let answered = st
                .prompts
                .iter()
                .filter(|p| doc.is_some_and(|d| d.has_answer(&p.id)))
                .count();
            let mark = if i == current {
                "▶"
            } else if answered > 0 {
                "✓"
            } else {
                "·"
            };
            let text = format!(
                " {mark} {}  {}  ({answered}/{} answered)",
                i + 1,
                clean(&st.title, false),
                st.prompts.len()
            );
            let style: Style = if i == self.selected {
                t.selected
            } else {
                t.text
            };
            let w = usize::from(inner.width);
            let padded = format!(
                "{}{}",
                truncate(&text, w),
                " ".repeat(w.saturating_sub(width(&text)))
            );
            put(
                buf,
                inner,
                inner.y + dy,
                Line::from(Span::styled(padded, style)),
            );
        }
    }
}

/// The session's summary over the step screen: the same model as the reports,
/// with sensitive answers masked while they are hidden on screen.
pub struct SummaryOverlay<'a> {
    /// The app.
    pub app: &'a App,
    /// Lines scrolled.
    pub scroll: u16,
}

impl Widget for SummaryOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = &self.app.theme;
        let inner = frame_sized(
            self.app,
            area,
            "Summary (↑↓ PgUp PgDn scroll; Esc closes)",
            buf,
            110,
            area.height.saturating_sub(2),
        );
        let Some((doc, _)) = self.app.summary_source() else {
            return;
        };
        let summary = crate::report::build(&self.app.framework, doc, &self.app.report_options());
        let comparison = self.app.comparison();
        let styles = crate::tui::report_view::Styles {
            heading: t.heading,
            alert: t.error,
            muted: t.dim,
            high: t.error,
            medium: t.warn,
            low: t.ok,
        };
        crate::tui::report_view::SummaryView::new(&summary)
            .since(comparison.as_ref())
            .scroll(usize::from(self.scroll))
            .styles(styles)
            .render(inner, buf);
    }
}
