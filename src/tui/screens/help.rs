//! Overlays: the help screen (generated from the key table) and the list of steps.

use crate::text::clean;
use crate::tui::app::App;
use crate::tui::keymap::{self, Ctx};
use crate::tui::widgets::{put, truncate, width, wrap};
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

/// The contexts help names, overlays first: the first one in the user's
/// context names "Keys here".
const GROUPS: &[(&str, Ctx)] = &[
    ("Help", keymap::HELP),
    ("The list of steps (Ctrl-G)", keymap::JUMP),
    ("The summary (F5)", keymap::SUMMARY),
    ("The conflict screen (F7)", keymap::CONFLICTS),
    ("Importing a member's copy (F8)", keymap::IMPORT),
    ("A report window", keymap::REPORT),
    ("Who is here (Ctrl-T)", keymap::ATTENDANCE),
    ("Who is speaking (F10)", keymap::SPEAKER),
    ("Dot-voting (F11)", keymap::VOTE),
    ("Typing a parking-lot point", keymap::PARKING_TYPING),
    ("The parking lot (F12)", keymap::PARKING),
    ("The opening review (Ctrl-O)", keymap::OPENING),
    ("The agenda (F6)", keymap::AGENDA),
    ("Home screen", keymap::HOME),
    ("New session", keymap::SETUP),
    ("Typing in a field", keymap::EDIT),
    ("A text field, not being typed in", keymap::TEXT),
    ("A choice", keymap::CHOICE),
    ("A checklist", keymap::CHECKLIST),
    ("A rating", keymap::RATING),
    (
        "A list: actions, risks, decisions, roster, tables",
        keymap::COLLECTION,
    ),
    ("The presenter view", keymap::PRESENT),
    ("Any field not being typed in", keymap::STEP),
];

/// A line of help: a heading, a paragraph, or keys with what they do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HelpLine {
    /// A heading.
    Heading(String),
    /// A paragraph of text (empty: a blank line).
    Text(String),
    /// Keys and what they do there.
    Keys(String, String),
}

/// Whether a binding works on every step, typing or not (listed once, apart).
fn on_every_step(b: &keymap::Binding) -> bool {
    b.ctx & keymap::ANY_STEP == keymap::ANY_STEP && !everywhere(b)
}

/// Whether a binding works everywhere (or nearly).
fn everywhere(b: &keymap::Binding) -> bool {
    b.ctx & keymap::HOME != 0 && b.ctx & keymap::ANY_STEP == keymap::ANY_STEP
        || b.ctx & keymap::VOTE != 0 && b.ctx & keymap::STEP != 0
}

/// The help text for a context, as lines: what is typed and how, the keys
/// of the place the user is in, then the keys of every other place. Each
/// key's text is the key table's own, as in the footer.
#[must_use]
pub fn help_lines(ctx: Ctx) -> Vec<HelpLine> {
    let mut out = vec![
        HelpLine::Text(
            "A text field is typed into only after Enter (or e) on it: its frame is marked ✎ typing and the footer names it. Esc, Tab or Shift-Tab stops typing and keeps the text; so does Enter in a one-line field, which also moves on. Commands that work on every field use F-keys and Ctrl keys; single letters act only where nothing is typed.".into(),
        ),
        HelpLine::Text(
            "Everything is saved a second after a change, and when you quit.".into(),
        ),
    ];
    let here = GROUPS
        .iter()
        .find(|(_, c)| c & ctx != 0)
        .map_or("this screen", |(n, _)| n);
    let section = |out: &mut Vec<HelpLine>, title: String, bindings: Vec<&keymap::Binding>| {
        let mut seen: Vec<(String, &str)> = Vec::new();
        let mut rows = Vec::new();
        for b in bindings {
            let keys = keymap::keys_label(b);
            if seen.iter().any(|(k, d)| *k == keys && *d == b.does) {
                continue;
            }
            seen.push((keys.clone(), b.does));
            rows.push(HelpLine::Keys(keys, b.does.to_owned()));
        }
        if rows.is_empty() {
            return;
        }
        out.push(HelpLine::Text(String::new()));
        out.push(HelpLine::Heading(title));
        out.extend(rows);
    };
    let active = keymap::effective(ctx);
    section(
        &mut out,
        format!("Keys here: {here}"),
        active
            .iter()
            .copied()
            .filter(|b| !on_every_step(b) && !everywhere(b))
            .collect(),
    );
    let step_wide: Vec<&keymap::Binding> = keymap::BINDINGS
        .iter()
        .filter(|b| on_every_step(b))
        .collect();
    section(&mut out, "On every step, typing or not".into(), step_wide);
    section(
        &mut out,
        "Everywhere".into(),
        keymap::BINDINGS
            .iter()
            .filter(|b| everywhere(b) && b.ctx & keymap::HELP == 0)
            .collect(),
    );
    for (name, group) in GROUPS {
        if group & ctx != 0 || *group == keymap::HELP {
            continue;
        }
        section(
            &mut out,
            (*name).to_owned(),
            keymap::BINDINGS
                .iter()
                .filter(|b| b.ctx & group != 0 && !on_every_step(b) && !everywhere(b))
                .collect(),
        );
    }
    out
}

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

impl Widget for HelpOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = &self.app.theme;
        // As wide and tall as the screen allows: long texts wrap, never cut.
        let inner = frame_sized(
            self.app,
            area,
            "Help: keys (Esc closes, ↑↓ PgUp PgDn scroll)",
            buf,
            area.width.saturating_sub(4),
            area.height.saturating_sub(2),
        );
        let lines = help_lines(self.ctx);
        let w = usize::from(inner.width).max(1);
        let key_w = lines
            .iter()
            .map(|l| match l {
                HelpLine::Keys(k, _) => width(k) + 2,
                _ => 0,
            })
            .max()
            .unwrap_or(10)
            .clamp(8, (w / 3).max(8));
        let desc_w = w.saturating_sub(key_w).max(1);
        let mut rows: Vec<Line> = Vec::new();
        for line in lines {
            match line {
                HelpLine::Heading(h) => {
                    for l in wrap(&h, w) {
                        rows.push(Line::from(Span::styled(
                            l,
                            t.heading.add_modifier(ratatui::style::Modifier::UNDERLINED),
                        )));
                    }
                }
                HelpLine::Text(text) => {
                    for l in wrap(&text, w) {
                        rows.push(Line::from(Span::styled(l, t.text)));
                    }
                }
                HelpLine::Keys(k, d) => {
                    let ks = wrap(&k, key_w.saturating_sub(2).max(1));
                    let ds = wrap(&d, desc_w);
                    for i in 0..ks.len().max(ds.len()) {
                        let kk = ks.get(i).cloned().unwrap_or_default();
                        let gap = key_w.saturating_sub(width(&kk) + 1);
                        rows.push(Line::from(vec![
                            Span::raw(" "),
                            Span::styled(kk, t.key),
                            Span::raw(" ".repeat(gap)),
                            Span::styled(ds.get(i).cloned().unwrap_or_default(), t.text),
                        ]));
                    }
                }
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
