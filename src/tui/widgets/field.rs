//! One prompt of a step as lines of text: label, help, and a body for its kind.
//!
//! A block is built from borrowed state and never changes it. The step screen
//! stacks blocks, scrolls them, and draws a long-text editor into the rows a
//! block reserves for it.

use super::{truncate, width, wrap};
use crate::content::{FieldSpec, FieldType, Framework, Kind, Prompt};
use crate::doc::{Register, Session};
use crate::text::clean;
use crate::tui::app::{Editor, LineType, StepState, Target, validate};
use crate::tui::theme::Theme;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use tui_input::Input;

/// Columns the body of a field is indented by.
pub const INDENT: u16 = 4;

/// What a block needs to know.
pub struct FieldCtx<'a> {
    /// The framework (role labels).
    pub framework: &'a Framework,
    /// The open session.
    pub state: &'a StepState,
    /// Styles.
    pub theme: &'a Theme,
    /// The member viewing.
    pub member: &'a str,
    /// Mask sensitive answers.
    pub hide_sensitive: bool,
    /// The sensitive prompt shown anyway (revealed in the presenter view).
    pub revealed: Option<&'a str>,
    /// The width of the prompts area.
    pub width: u16,
    /// Rows for a long-text editor.
    pub edit_height: u16,
    /// Time zone for times shown.
    pub tz: &'a std::sync::OnceLock<jiff::tz::TimeZone>,
    /// The prompts with a conflict somewhere in their answer.
    pub conflicts: &'a std::collections::BTreeSet<String>,
}

/// A prompt laid out as lines.
#[derive(Default)]
pub struct Block {
    /// The lines, top to bottom.
    pub lines: Vec<Line<'static>>,
    /// Rows reserved for the long-text editor: first row and height.
    pub textarea: Option<(u16, u16)>,
    /// Where the terminal cursor goes: row and column within the block.
    pub cursor: Option<(u16, u16)>,
    /// The row that must be visible (the label, or the selected row).
    pub focus_row: u16,
}

impl Block {
    fn push(&mut self, line: Line<'static>) {
        self.lines.push(line);
    }

    fn row(&self) -> u16 {
        u16::try_from(self.lines.len()).unwrap_or(u16::MAX)
    }
}

fn s(text: impl Into<String>, style: Style) -> Span<'static> {
    Span::styled(text.into(), style)
}

fn indent() -> Span<'static> {
    Span::raw(" ".repeat(usize::from(INDENT)))
}

/// The left edge of a field being typed into, as wide as the indent.
fn gutter(t: &Theme) -> Span<'static> {
    s("  ▌ ", t.typing)
}

const HIDDEN: &str = "•••••• hidden on the shared screen (F3 shows)";

/// Lay out one prompt. `section` is the heading to print above it, if it starts a new section.
#[must_use]
pub fn block(cx: &FieldCtx<'_>, prompt: &Prompt, focused: bool, section: Option<&str>) -> Block {
    let t = cx.theme;
    let mut b = Block::default();
    let w = usize::from(cx.width);
    let body_w = w.saturating_sub(usize::from(INDENT)).max(1);
    if let Some(sec) = section {
        b.push(Line::from(s(
            truncate(&clean(sec, false), w),
            t.heading.add_modifier(ratatui::style::Modifier::UNDERLINED),
        )));
    }
    let doc = &cx.state.doc;
    let conflict = cx.conflicts.contains(&prompt.id);
    let answered = doc.has_answer(&prompt.id);
    b.focus_row = b.row();
    let typing = focused && cx.state.editor.is_some();
    let mut label = if typing {
        vec![
            s("✎ ", t.typing),
            s(
                truncate(&clean(&prompt.label, false), w.saturating_sub(26)),
                t.focus,
            ),
            s(" typing ", t.typing),
        ]
    } else {
        vec![
            s(if focused { "▶ " } else { "  " }, t.focus),
            s(
                truncate(&clean(&prompt.label, false), w.saturating_sub(14)),
                if focused { t.focus } else { t.heading },
            ),
        ]
    };
    if conflict {
        label.push(s(" ⚠ conflict", t.error));
    } else if answered {
        label.push(s(" ✓", t.ok));
    }
    match crate::workshop::carry::carried_in_prompt(doc, prompt) {
        0 => {}
        1 if !prompt.kind.is_collection() => label.push(s(" (carried: confirm or change)", t.dim)),
        n => label.push(s(format!(" ({n} carried: confirm or change)"), t.dim)),
    }
    if prompt.sensitive {
        label.push(s(" (sensitive)", t.dim));
    }
    b.push(Line::from(label));
    if focused && !prompt.help.is_empty() {
        for l in wrap(&prompt.help, body_w).into_iter().take(2) {
            b.push(Line::from(vec![indent(), s(l, t.dim)]));
        }
    }
    body_into(&mut b, cx, prompt, focused);
    b.push(Line::default());
    b
}

/// Whether a prompt's answer is masked in this context.
#[must_use]
pub fn hidden(cx: &FieldCtx<'_>, prompt: &Prompt) -> bool {
    cx.hide_sensitive && prompt.sensitive && cx.revealed != Some(prompt.id.as_str())
}

/// Only the answer of a prompt, without its label and help: the presenter
/// view shows the question on its own.
#[must_use]
pub fn body(cx: &FieldCtx<'_>, prompt: &Prompt, focused: bool) -> Block {
    let mut b = Block::default();
    body_into(&mut b, cx, prompt, focused);
    b
}

fn body_into(b: &mut Block, cx: &FieldCtx<'_>, prompt: &Prompt, focused: bool) {
    let t = cx.theme;
    let w = usize::from(cx.width);
    let body_w = w.saturating_sub(usize::from(INDENT)).max(1);
    let doc = &cx.state.doc;
    let hidden = hidden(cx, prompt);
    let editor = if focused {
        cx.state.editor.as_ref()
    } else {
        None
    };
    match &prompt.kind {
        Kind::ShortText | Kind::Date => {
            let is_date = prompt.kind == Kind::Date;
            match editor {
                Some(Editor::Line { input, ty, .. }) => {
                    let field_w = if is_date {
                        12
                    } else {
                        body_w.saturating_sub(1)
                    };
                    let (text, cur) = input_view(input, field_w, hidden);
                    let mut spans = vec![gutter(t), s(text, t.input)];
                    if *ty == LineType::Date {
                        spans.push(date_hint(input.value(), t));
                    }
                    b.cursor = Some((b.row(), INDENT + cur));
                    b.push(Line::from(spans));
                }
                _ => {
                    let v = doc.text_value(&prompt.id);
                    let line = if hidden && !v.is_empty() {
                        vec![indent(), s(HIDDEN, t.dim)]
                    } else if v.is_empty() {
                        vec![
                            indent(),
                            s(
                                if is_date {
                                    "(no date yet: such as 31/12/2026)"
                                } else {
                                    "(not answered yet)"
                                },
                                t.placeholder,
                            ),
                        ]
                    } else {
                        let mut l = vec![indent(), s(truncate(&clean(v, false), body_w), t.text)];
                        if is_date {
                            l.push(date_hint(v, t));
                        }
                        l
                    };
                    b.push(Line::from(line));
                }
            }
            conflict_lines(b, cx, doc.text(&prompt.id), body_w, hidden);
        }
        Kind::LongText => {
            if let Some(Editor::Long { .. }) = editor {
                let h = cx.edit_height.max(1);
                b.textarea = Some((b.row(), h));
                for _ in 0..h {
                    b.push(Line::from(gutter(t)));
                }
            } else {
                let v = doc.text_value(&prompt.id);
                if hidden && !v.is_empty() {
                    b.push(Line::from(vec![indent(), s(HIDDEN, t.dim)]));
                } else if v.trim().is_empty() {
                    b.push(Line::from(vec![
                        indent(),
                        s("(not answered yet)", t.placeholder),
                    ]));
                } else {
                    let max = if focused { 8 } else { 3 };
                    let lines = wrap(v, body_w);
                    let more = lines.len() > max;
                    for (i, l) in lines.into_iter().take(max).enumerate() {
                        let text = if more && i + 1 == max {
                            format!("{} …", truncate(&l, body_w.saturating_sub(2)))
                        } else {
                            l
                        };
                        b.push(Line::from(vec![indent(), s(text, t.text)]));
                    }
                }
            }
            conflict_lines(b, cx, doc.text(&prompt.id), body_w, hidden);
        }
        Kind::Choice { options } => {
            let current = doc.text_value(&prompt.id);
            for (i, opt) in options.iter().enumerate() {
                let mark = if current == opt { "(•) " } else { "( ) " };
                option_row(
                    b,
                    cx,
                    focused && cx.state.row == i,
                    current == opt,
                    mark,
                    opt,
                    body_w,
                );
            }
            if !current.is_empty() && !options.iter().any(|o| o == current) {
                b.push(Line::from(vec![
                    indent(),
                    s(
                        format!(
                            "(•) other: {}",
                            truncate(&clean(current, false), body_w.saturating_sub(11))
                        ),
                        t.heading,
                    ),
                ]));
            }
            conflict_lines(b, cx, doc.text(&prompt.id), body_w, false);
        }
        Kind::Checklist { options } => {
            for (i, opt) in options.iter().enumerate() {
                let on = doc.is_checked(&prompt.id, opt);
                let mark = if on { "[x] " } else { "[ ] " };
                option_row(b, cx, focused && cx.state.row == i, on, mark, opt, body_w);
            }
        }
        Kind::Rating { levels } => rating(b, cx, prompt, levels, focused, body_w),
        kind if kind.is_collection() => {
            collection(b, cx, prompt, &kind.fields(), focused, body_w, hidden);
        }
        _ => {}
    }
}

/// The prompts with anything in conflict.
#[must_use]
pub fn conflicted_prompts(doc: &Session) -> std::collections::BTreeSet<String> {
    doc.conflicts()
        .iter()
        .filter_map(|c| c.prompt(doc).map(str::to_owned))
        .collect()
}

fn date_hint(v: &str, t: &Theme) -> Span<'static> {
    let v = v.trim();
    if v.is_empty() {
        return s(" such as 31/12/2026", t.dim);
    }
    match crate::workshop::date::parse(v) {
        Ok(d) => s(format!(" ✓ {}", d.strftime("%A %-d %B %Y")), t.ok),
        Err(crate::workshop::date::DateError::NotADate(_)) => {
            s(" ✗ not a date yet (such as 31/12/2026)", t.warn)
        }
        Err(e) => s(format!(" ✗ {e}"), t.warn),
    }
}

/// The visible part of a one-line input, padded to `w`, and the cursor column in it.
fn input_view(input: &Input, w: usize, hidden: bool) -> (String, u16) {
    let w = w.max(2);
    // Keep one column free for the cursor after the last character.
    let scroll = input.visual_scroll(w - 1);
    let value = if hidden {
        "•".repeat(input.value().chars().count())
    } else {
        clean(input.value(), false).into_owned()
    };
    let mut out = String::new();
    let mut col = 0usize;
    for c in value.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if col >= scroll && col + cw - scroll <= w {
            out.push(c);
        }
        col += cw;
        if col >= scroll + w {
            break;
        }
    }
    let shown = width(&out);
    out.push_str(&" ".repeat(w.saturating_sub(shown)));
    let cur = input.visual_cursor().saturating_sub(scroll).min(w);
    (out, u16::try_from(cur).unwrap_or(0))
}

fn conflict_lines(
    b: &mut Block,
    cx: &FieldCtx<'_>,
    reg: Option<&Register<String>>,
    body_w: usize,
    hidden: bool,
) {
    let Some(reg) = reg.filter(|r| r.is_conflict()) else {
        return;
    };
    let t = cx.theme;
    b.push(Line::from(vec![
        indent(),
        s(
            format!(
                "⚠ {} versions to settle (F7 compares them); editing records one text for all:",
                reg.entries().len()
            ),
            t.error,
        ),
    ]));
    for e in reg.entries() {
        let when =
            e.at.to_zoned(cx.tz.get_or_init(jiff::tz::TimeZone::system).clone())
                .strftime("%-d %b %H:%M")
                .to_string();
        let head = format!("{} · {when}: ", clean(&e.by, false));
        let value = if hidden {
            HIDDEN.to_owned()
        } else {
            clean(&e.value, false).into_owned()
        };
        let text = truncate(&format!("{head}{value}"), body_w.saturating_sub(2));
        b.push(Line::from(vec![
            indent(),
            s("• ", t.error),
            s(text, t.text),
        ]));
    }
}

fn rating(
    b: &mut Block,
    cx: &FieldCtx<'_>,
    prompt: &Prompt,
    levels: &[String],
    focused: bool,
    body_w: usize,
) {
    let t = cx.theme;
    let doc = &cx.state.doc;
    let ratings = doc.member_ratings(&prompt.id);
    let mine = ratings.get(cx.member).copied().unwrap_or(0);
    let agreed = doc.agreed_rating(&prompt.id).unwrap_or(0);
    let row = |b: &mut Block, name: &str, value: u8, sel: bool| {
        let mut spans = vec![
            indent(),
            s(format!("{name:<8}"), if sel { t.focus } else { t.heading }),
        ];
        for i in 1..=levels.len() {
            let n = u8::try_from(i).unwrap_or(u8::MAX);
            let style = if n == value {
                if sel {
                    t.selected
                } else {
                    t.heading.add_modifier(ratatui::style::Modifier::REVERSED)
                }
            } else {
                t.dim
            };
            spans.push(s(format!(" {i} "), style));
        }
        let label = usize::from(value)
            .checked_sub(1)
            .and_then(|i| levels.get(i));
        let text = match label {
            Some(l) => format!("  {}", clean(l, false)),
            None => "  (not set)".to_owned(),
        };
        let used = 8 + levels.len() * 3;
        spans.push(s(
            truncate(&text, body_w.saturating_sub(used)),
            if value > 0 { t.text } else { t.placeholder },
        ));
        b.push(Line::from(spans));
    };
    if focused && cx.state.row == 0 {
        b.focus_row = b.row();
    }
    row(b, "Yours", mine, focused && cx.state.row == 0);
    // The spread: everyone's own rating, and who has given one.
    let group = if ratings.is_empty() {
        "no member has rated yet".to_owned()
    } else {
        let list: Vec<String> = ratings
            .iter()
            .map(|(m, v)| format!("{} {v}", clean(m, false)))
            .collect();
        let lo = ratings.values().min().copied().unwrap_or(0);
        let hi = ratings.values().max().copied().unwrap_or(0);
        let spread = if lo == hi {
            format!("all {lo}")
        } else {
            format!("spread {lo}–{hi}")
        };
        format!("{} · {spread}", list.join(", "))
    };
    b.push(Line::from(vec![
        indent(),
        s(format!("{:<8}", "Group"), t.heading),
        s(truncate(&group, body_w.saturating_sub(8)), t.text),
    ]));
    // Who is expected to rate (members who edited, roster names) but has not.
    let missing: Vec<String> =
        crate::tui::app::expected_raters(cx.framework, doc, &cx.state.members)
            .into_iter()
            .filter(|m| !ratings.contains_key(m.as_str()))
            .map(|m| clean(&m, false).into_owned())
            .collect();
    if !missing.is_empty() {
        b.push(Line::from(vec![
            indent(),
            s(" ".repeat(8), t.dim),
            s(
                truncate(
                    &format!("not rated yet: {}", missing.join(", ")),
                    body_w.saturating_sub(8),
                ),
                t.dim,
            ),
        ]));
    }
    if focused && cx.state.row == 1 {
        b.focus_row = b.row();
    }
    row(b, "Agreed", agreed, focused && cx.state.row == 1);
}

/// One option of a choice or checklist: its mark and text, highlighted when
/// selected, in the heading style when chosen.
fn option_row(
    b: &mut Block,
    cx: &FieldCtx<'_>,
    selected: bool,
    on: bool,
    mark: &str,
    opt: &str,
    body_w: usize,
) {
    let t = cx.theme;
    let style = if selected {
        t.selected
    } else if on {
        t.heading
    } else {
        t.text
    };
    if selected {
        b.focus_row = b.row();
    }
    b.push(Line::from(vec![
        indent(),
        s(
            format!(
                "{mark}{}",
                truncate(&clean(opt, false), body_w.saturating_sub(4))
            ),
            style,
        ),
    ]));
}

/// Column widths for a collection's fields within `w` columns.
fn column_widths(fields: &[FieldSpec], extra_score: bool, w: usize) -> Vec<usize> {
    let fixed = |f: &FieldSpec| match f.ty {
        FieldType::Date => Some(15),
        FieldType::Score => Some(f.label.len().max(2)),
        FieldType::Status | FieldType::RiskStatus => Some(11),
        _ => None,
    };
    let gaps = fields.len() + usize::from(extra_score);
    let fixed_total: usize =
        fields.iter().filter_map(fixed).sum::<usize>() + if extra_score { 5 } else { 0 };
    // The first free column (the item's name) gets 3 shares, the others 2.
    let flex = fields.iter().filter(|f| fixed(f).is_none()).count();
    let shares = (flex * 2 + usize::from(flex > 0)).max(1);
    let rest = w.saturating_sub(fixed_total + gaps + 2);
    let mut first = true;
    fields
        .iter()
        .map(|f| {
            fixed(f).unwrap_or_else(|| {
                let share = if std::mem::take(&mut first) { 3 } else { 2 };
                (rest * share / shares).max(4)
            })
        })
        .collect()
}

/// A cell's text wrapped to its column, at most six rows (the last cut with `…`).
fn cell_lines(text: &str, w: usize) -> Vec<String> {
    let mut lines = crate::tui::widgets::wrap(text, w.max(1));
    if lines.len() > 6 {
        lines.truncate(6);
        if let Some(last) = lines.last_mut() {
            *last = truncate(&format!("{last} …"), w);
        }
    }
    lines
}

fn pad(text: &str, w: usize) -> String {
    let t = truncate(text, w);
    let tw = width(&t);
    format!("{t}{}", " ".repeat(w.saturating_sub(tw)))
}

fn collection(
    b: &mut Block,
    cx: &FieldCtx<'_>,
    prompt: &Prompt,
    fields: &[FieldSpec],
    focused: bool,
    body_w: usize,
    hidden: bool,
) {
    let t = cx.theme;
    let doc = &cx.state.doc;
    let items = doc.items_of(&prompt.id);
    let risks = prompt.kind == Kind::Risks;
    // A risk's status columns show once some risk has a value there.
    let shown: Vec<bool> = fields
        .iter()
        .map(|f| {
            !risks
                || !crate::content::RISK_STATUS_FIELDS.contains(&f.id.as_str())
                || items.iter().any(|(_, i)| !i.field(&f.id).is_empty())
        })
        .collect();
    let visible: Vec<FieldSpec> = fields
        .iter()
        .zip(&shown)
        .filter(|(_, v)| **v)
        .map(|(f, _)| f.clone())
        .collect();
    let mut visible_widths = column_widths(&visible, risks, body_w).into_iter();
    let widths: Vec<usize> = shown
        .iter()
        .map(|v| {
            if *v {
                visible_widths.next().unwrap_or(0)
            } else {
                0
            }
        })
        .collect();
    let mut head = vec![indent(), s("  ", t.dim)];
    for ((f, w), _) in fields.iter().zip(&widths).zip(&shown).filter(|(_, v)| **v) {
        head.push(s(
            format!("{} ", pad(&clean(&f.label, false), *w)),
            t.dim.add_modifier(ratatui::style::Modifier::UNDERLINED),
        ));
    }
    if risks {
        head.push(s(
            "Score",
            t.dim.add_modifier(ratatui::style::Modifier::UNDERLINED),
        ));
    }
    b.push(Line::from(head));
    if items.is_empty() {
        b.push(Line::from(vec![
            indent(),
            s("(none yet: press a to add a row)", t.placeholder),
        ]));
    }
    for (i, (id, item)) in items.iter().enumerate() {
        let sel_row = focused && cx.state.row == i;
        if sel_row {
            b.focus_row = b.row();
        }
        // Each cell wraps within its column (up to six rows), so long
        // names stay readable; the row is as tall as its tallest cell.
        let mut cells: Vec<(Vec<String>, Style, usize)> = Vec::new();
        for (c, (f, w)) in fields.iter().zip(&widths).enumerate() {
            if !shown[c] {
                continue;
            }
            let conflict = item.fields.get(&f.id).is_some_and(Register::is_conflict);
            let raw = item.field(&f.id);
            let value = if hidden && f.ty == FieldType::Text && !raw.is_empty() {
                "••••".to_owned()
            } else {
                clean(&crate::workshop::show_field(cx.framework, f.ty, raw), false).into_owned()
            };
            let value = if conflict {
                format!("⚠{value}")
            } else {
                value
            };
            let style = if sel_row && cx.state.col == c {
                t.selected
            } else if conflict {
                t.error
            } else {
                t.text
            };
            cells.push((cell_lines(&value, *w), style, *w));
        }
        let height = cells.iter().map(|(l, _, _)| l.len()).max().unwrap_or(1);
        for r in 0..height {
            let lead = if sel_row && r == 0 { "▸ " } else { "  " };
            let mut spans = vec![indent(), s(lead, t.focus)];
            for (lines, style, w) in &cells {
                let text = lines.get(r).map_or("", String::as_str);
                spans.push(s(pad(text, *w), *style));
                spans.push(Span::raw(" "));
            }
            if risks && r == 0 {
                let l: u32 = item.field("likelihood").trim().parse().unwrap_or(0);
                let m: u32 = item.field("impact").trim().parse().unwrap_or(0);
                let score = l * m;
                let style = if score >= 15 {
                    t.error
                } else if score >= 8 {
                    t.warn
                } else {
                    t.text
                };
                spans.push(s(
                    if score > 0 {
                        format!("{score:>3}")
                    } else {
                        "  –".into()
                    },
                    style,
                ));
            }
            b.push(Line::from(spans));
        }
        let _ = id;
    }
    if let Some(Editor::Line {
        target: Target::Item { .. },
        input,
        label,
        ty,
        ..
    }) = cx.state.editor.as_ref().filter(|_| focused)
    {
        let head = format!("{label}: ");
        let hw = width(&head);
        let field_w = body_w.saturating_sub(hw + 2).max(4);
        // A text cell of a sensitive list is typed blind while answers are hidden.
        let blind = hidden && *ty == LineType::Text;
        let (text, cur) = input_view(input, field_w, blind);
        let ok = validate(*ty, input.value(), cx.framework);
        let mark = match (&ok, ty) {
            (_, LineType::Text) => s(" ", t.text),
            (Ok(_), _) => s("✓", t.ok),
            (Err(_), _) => s("✗", t.warn),
        };
        b.focus_row = b.row();
        b.cursor = Some((b.row(), INDENT + u16::try_from(hw).unwrap_or(0) + cur));
        b.push(Line::from(vec![
            gutter(t),
            s(head, t.focus),
            s(text, t.input),
            s(" ", t.text),
            mark,
        ]));
        let hint = match (ok, ty) {
            (Err(e), _) => format!("Takes {e}"),
            (Ok(_), LineType::Roles) => format!(
                "Roles: {}",
                cx.framework
                    .roles
                    .iter()
                    .map(|r| r.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            (Ok(_), LineType::Status) => format!("Status: {}", crate::content::STATUSES.join(", ")),
            (Ok(_), LineType::RiskStatus) => {
                format!("Status: {}", crate::content::RISK_STATUSES.join(", "))
            }
            _ => "Enter records it and moves right; Esc stops typing".to_owned(),
        };
        for l in crate::tui::widgets::wrap(&hint, body_w) {
            b.push(Line::from(vec![indent(), s(l, t.dim)]));
        }
    }
    if prompt.kind == Kind::Roster {
        coverage(b, cx, body_w);
    }
}

/// Which roles the roster covers; a missing required role is a finding.
fn coverage(b: &mut Block, cx: &FieldCtx<'_>, body_w: usize) {
    let t = cx.theme;
    let doc = &cx.state.doc;
    let covered: Vec<String> = crate::workshop::coverage::coverage(cx.framework, doc)
        .into_iter()
        .filter(|c| !c.members.is_empty())
        .map(|c| c.role.id.clone())
        .collect();
    let mut spans = vec![indent(), s("Roles: ", t.heading)];
    let mut used = 7;
    let mut missing_required = Vec::new();
    for role in &cx.framework.roles {
        let has = covered.contains(&role.id);
        let (mark, style) = match (has, role.required) {
            (true, _) => ("✓", t.ok),
            (false, true) => ("✗", t.error),
            (false, false) => ("·", t.dim),
        };
        if !has && role.required {
            missing_required.push(role.label.clone());
        }
        let piece = format!("{mark} {}  ", clean(&role.label, false));
        let pw = width(&piece);
        if used + pw > body_w {
            b.push(Line::from(std::mem::take(&mut spans)));
            spans.push(indent());
            used = 0;
        }
        used += pw;
        spans.push(s(piece, style));
    }
    b.push(Line::from(spans));
    if !missing_required.is_empty() {
        let text = format!(
            "⚠ Missing: {}. The group should cover every required role.",
            missing_required.join(", ")
        );
        for l in wrap(&text, body_w) {
            b.push(Line::from(vec![indent(), s(l, t.warn)]));
        }
    }
}

/// Draw the long-text editor with every control, format and invisible
/// character shown as a visible symbol (`␛` for ESC, `␇` for BEL, `␣` for a
/// zero-width space, `␤` for U+2028), as `docs/tui.md` promises, while the
/// text being edited keeps exactly what was typed. Each character maps to
/// one symbol, so the cursor stays on the same character.
pub fn render_textarea(
    ta: &ratatui_textarea::TextArea<'_>,
    rect: ratatui::layout::Rect,
    buf: &mut ratatui::buffer::Buffer,
) {
    use ratatui::widgets::Widget as _;
    let plain = ta
        .lines()
        .iter()
        .all(|l| l.chars().all(|c| crate::text::visible_char(c) == c));
    if plain || ta.mask_char().is_some() {
        ta.render(rect, buf);
        return;
    }
    let mut shown = ratatui_textarea::TextArea::new(
        ta.lines()
            .iter()
            .map(|l| l.chars().map(crate::text::visible_char).collect())
            .collect(),
    );
    shown.set_wrap_mode(ta.wrap_mode());
    shown.set_style(ta.style());
    shown.set_cursor_style(ta.cursor_style());
    shown.set_cursor_line_style(ta.cursor_line_style());
    let (rows, cols) = ta.scroll_offset();
    shown.scroll((
        i16::try_from(rows).unwrap_or(i16::MAX),
        i16::try_from(cols).unwrap_or(i16::MAX),
    ));
    let ratatui_textarea::DataCursor(row, col) = ta.cursor();
    shown.move_cursor(ratatui_textarea::CursorMove::Jump(
        u16::try_from(row).unwrap_or(u16::MAX),
        u16::try_from(col).unwrap_or(u16::MAX),
    ));
    (&shown).render(rect, buf);
}

#[cfg(test)]
mod textarea_tests {
    use super::*;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;

    #[test]
    fn control_and_invisible_characters_show_while_editing() {
        let ta =
            ratatui_textarea::TextArea::new(vec!["a\u{1b}[2Jb\u{7}c\u{200B}d\u{2028}e".to_owned()]);
        let rect = Rect::new(0, 0, 30, 2);
        let mut buf = Buffer::empty(rect);
        render_textarea(&ta, rect, &mut buf);
        let row: String = (0..30)
            .map(|x| buf.cell((x, 0)).map_or(" ", |c| c.symbol()))
            .collect();
        assert!(
            row.starts_with("a\u{241b}[2Jb\u{2407}c\u{2423}d\u{2424}e"),
            "{row:?}"
        );
        // The text being edited is untouched.
        assert_eq!(ta.lines()[0], "a\u{1b}[2Jb\u{7}c\u{200B}d\u{2028}e");
    }
}
