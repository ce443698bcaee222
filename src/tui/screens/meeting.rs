//! Overlays for the facilitated meeting: attendance, the speaker, dot-voting,
//! the parking lot and the opening review.

use super::help::frame;
use crate::doc::{MOVED_TO, RAISED_BY, REVIEW};
use crate::tui::app::{App, people, point_text, present_people};
use crate::tui::widgets::{put, span, truncate, width, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{
    Cell, Paragraph, Row, Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget, Table,
    TableState, Widget, Wrap,
};

fn row(buf: &mut Buffer, area: Rect, y: u16, text: &str, style: Style) {
    let w = usize::from(area.width);
    let t = truncate(text, w);
    let padded = format!("{t}{}", " ".repeat(w.saturating_sub(width(&t))));
    put(buf, area, y, Line::from(span(&padded, style)));
}

fn lines(buf: &mut Buffer, area: Rect, y: &mut u16, text: &str, style: Style) {
    for l in wrap(text, usize::from(area.width)) {
        put(buf, area, *y, Line::from(span(&l, style)));
        *y = y.saturating_add(1);
    }
}

/// Keep the highlighted row in view: the first row to show.
fn first_row(selected: usize, len: usize, room: usize) -> usize {
    if room == 0 || len <= room {
        0
    } else {
        selected.saturating_sub(room - 1).min(len - room)
    }
}

/// Who is present, from the roster.
pub struct AttendanceOverlay<'a> {
    /// The app.
    pub app: &'a App,
    /// The highlighted person.
    pub selected: usize,
}

impl Widget for AttendanceOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let t = &app.theme;
        let Some(s) = app.step_state() else {
            return;
        };
        let list = people(&app.framework, &s.doc);
        let here = list.iter().filter(|p| s.doc.is_present(p)).count();
        let inner = frame(
            app,
            area,
            &format!("Who is here: {here} of {}", list.len()),
            buf,
            70,
        );
        let mut y = inner.y;
        lines(
            buf,
            inner,
            &mut y,
            "Space marks a person present or not. Votes and the speaker come from the people present.",
            t.dim,
        );
        y += 1;
        let room = usize::from(inner.bottom().saturating_sub(y));
        let first = first_row(self.selected, list.len(), room);
        for (i, name) in list.iter().enumerate().skip(first).take(room) {
            let mark = if s.doc.is_present(name) { "[x]" } else { "[ ]" };
            let style = if i == self.selected {
                t.selected
            } else {
                t.text
            };
            row(buf, inner, y, &format!(" {mark} {name}"), style);
            y += 1;
        }
    }
}

/// Pick the speaker: the people present, numbered.
pub struct SpeakerOverlay<'a> {
    /// The app.
    pub app: &'a App,
}

impl Widget for SpeakerOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let t = &app.theme;
        let Some(s) = app.step_state() else {
            return;
        };
        let list = present_people(&app.framework, &s.doc);
        let inner = frame(app, area, "Who is speaking?", buf, 60);
        let mut y = inner.y;
        lines(
            buf,
            inner,
            &mut y,
            "Entries added now record the speaker as their proposer.",
            t.dim,
        );
        y += 1;
        let current = app.meeting.speaker.as_deref();
        let fac = s.doc.facilitator();
        let fac = if fac.is_empty() {
            "the facilitator"
        } else {
            fac
        };
        let style = if current.is_none() {
            t.selected
        } else {
            t.text
        };
        row(buf, inner, y, &format!(" 0  {fac} (facilitator)"), style);
        y += 1;
        for (i, name) in list.iter().enumerate().take(9) {
            let style = if current == Some(name.as_str()) {
                t.selected
            } else {
                t.text
            };
            row(buf, inner, y, &format!(" {}  {name}", i + 1), style);
            y += 1;
        }
        if list.len() > 9 {
            row(
                buf,
                inner,
                y,
                &format!(
                    " ({} more present: pick them from a shorter list)",
                    list.len() - 9
                ),
                t.dim,
            );
        }
    }
}

/// Dot-voting on the focused list.
pub struct VoteOverlay<'a> {
    /// The app.
    pub app: &'a App,
    /// The highlighted item.
    pub selected: usize,
}

impl Widget for VoteOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let t = &app.theme;
        let (Some(s), Some(prompt)) = (app.step_state(), app.focused_prompt()) else {
            return;
        };
        let doc = &s.doc;
        let voters = present_people(&app.framework, doc);
        if voters.is_empty() {
            return;
        }
        let voter = &voters[app.meeting.voter.min(voters.len() - 1)];
        let budget = doc.vote_budget();
        let used = crate::tui::app::votes_on_list(doc, &prompt.id, voter);
        let inner = frame(
            app,
            area,
            &format!("Vote: {}", prompt.label.replace('\n', " ")),
            buf,
            100,
        );
        // The header wraps: at 80 columns it takes two or three rows.
        let header = Line::from(vec![
            span("Voting now: ", t.dim),
            span(voter, t.heading),
            span(
                &format!(
                    "  {} of {budget} votes left on this list  (Tab: next voter, {} present; < > votes each)",
                    budget.saturating_sub(used),
                    voters.len()
                ),
                t.dim,
            ),
        ]);
        let header_h = wrapped_height(&header, inner.width);
        let [header_r, _, list_r] = ratatui::layout::Layout::vertical([
            Constraint::Length(header_h),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .areas(inner);
        Paragraph::new(header)
            .wrap(Wrap { trim: true })
            .render(header_r, buf);

        let first_field = prompt.kind.fields().into_iter().next().map(|f| f.id);
        let hide = app.hiding() && prompt.sensitive;
        let items = doc.items_of(&prompt.id);
        let counts: Vec<(u32, u32)> = items
            .iter()
            .map(|(id, _)| {
                let mine = doc.votes_for(id).get(voter.as_str()).copied().unwrap_or(0);
                (doc.vote_total(id), mine)
            })
            .collect();
        let right_w = counts
            .iter()
            .map(|(total, mine)| width(&vote_cell(*total, *mine)))
            .max()
            .unwrap_or(0);
        let scrollbar = u16::from(items.len() > usize::from(list_r.height));
        let name_w = list_r
            .width
            .saturating_sub(u16::try_from(right_w).unwrap_or(u16::MAX))
            .saturating_sub(2 + scrollbar);
        let rows: Vec<Row> = items
            .iter()
            .zip(&counts)
            .map(|((_, item), (total, mine))| {
                let name = if hide {
                    "•••• (hidden)".to_owned()
                } else {
                    first_field
                        .as_deref()
                        .map_or("", |f| item.field(f))
                        .replace('\n', " ")
                };
                // Long names wrap onto a second and third row of the item.
                let mut lines = wrap(&name, usize::from(name_w).max(1));
                if lines.len() > 3 {
                    lines.truncate(3);
                    if let Some(last) = lines.last_mut() {
                        *last = truncate(&format!("{last} …"), usize::from(name_w));
                    }
                }
                let h = u16::try_from(lines.len()).unwrap_or(1).max(1);
                let right_style = if *total > 0 { t.heading } else { t.dim };
                Row::new(vec![
                    Cell::from(Text::from(
                        lines.into_iter().map(Line::from).collect::<Vec<_>>(),
                    )),
                    Cell::from(Line::from(vote_cell(*total, *mine)).right_aligned())
                        .style(right_style),
                ])
                .height(h)
            })
            .collect();
        let table = Table::new(
            rows,
            [
                Constraint::Length(name_w),
                Constraint::Length(u16::try_from(right_w).unwrap_or(0)),
            ],
        )
        .column_spacing(2)
        .style(t.text)
        .row_highlight_style(t.selected);
        let mut state = TableState::default().with_selected(Some(self.selected));
        let table_r = Rect {
            width: list_r.width.saturating_sub(scrollbar),
            ..list_r
        };
        StatefulWidget::render(table, table_r, buf, &mut state);
        if scrollbar > 0 {
            let mut sb = ScrollbarState::new(items.len())
                .position(self.selected)
                .viewport_content_length(usize::from(list_r.height));
            StatefulWidget::render(
                Scrollbar::new(ScrollbarOrientation::VerticalRight),
                list_r,
                buf,
                &mut sb,
            );
        }
    }
}

/// The right-hand cell of an item being voted on: its dots, total and the voter's share.
fn vote_cell(total: u32, mine: u32) -> String {
    let dots = "●".repeat(usize::try_from(total.min(20)).unwrap_or(0));
    format!("{dots} {total}  (theirs: {mine})")
}

/// Rows a line takes when wrapped at `w` columns.
fn wrapped_height(line: &Line<'_>, w: u16) -> u16 {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    u16::try_from(wrap(&text, usize::from(w).max(1)).len())
        .unwrap_or(1)
        .max(1)
}

/// The parking lot.
pub struct ParkingOverlay<'a> {
    /// The app.
    pub app: &'a App,
    /// The highlighted point.
    pub selected: usize,
}

impl ParkingOverlay<'_> {
    /// Where the cursor goes while a point is typed.
    #[must_use]
    pub fn cursor(&self, area: Rect) -> Option<ratatui::layout::Position> {
        let input = self.app.meeting.parking.as_ref()?;
        let r = super::help::boxed(area, 90, area.height.saturating_sub(2));
        let inner = Rect::new(
            r.x + 1,
            r.y + 1,
            r.width.saturating_sub(2),
            r.height.saturating_sub(2),
        );
        let w = usize::from(inner.width).saturating_sub(3).max(1);
        let col = input.visual_cursor().saturating_sub(input.visual_scroll(w));
        (inner.height > 2).then(|| {
            ratatui::layout::Position::new(
                inner.x + 2 + u16::try_from(col).unwrap_or(0),
                inner.bottom() - 1,
            )
        })
    }
}

impl Widget for ParkingOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let t = &app.theme;
        let Some(s) = app.step_state() else {
            return;
        };
        let doc = &s.doc;
        let points = doc.parking_lot();
        let inner = frame(
            app,
            area,
            &format!("Parking lot: {} point(s) to come back to", points.len()),
            buf,
            90,
        );
        let mut y = inner.y;
        if points.is_empty() {
            lines(
                buf,
                inner,
                &mut y,
                "Nothing parked yet. a adds a point that is off-topic for now; it stays in the report until it is dealt with.",
                t.dim,
            );
        }
        let typing = app.meeting.parking.as_ref();
        let room = usize::from(
            inner
                .bottom()
                .saturating_sub(y)
                .saturating_sub(if typing.is_some() { 2 } else { 0 }),
        );
        let first = first_row(self.selected, points.len(), room);
        for (i, (_, item)) in points.iter().enumerate().skip(first).take(room) {
            let by = item.field(RAISED_BY);
            let moved = if item.field(MOVED_TO).is_empty() {
                ""
            } else {
                "  → now an action"
            };
            let by = if by.is_empty() {
                String::new()
            } else {
                format!("  ({by})")
            };
            let text = format!(" • {}{by}{moved}", point_text(item).replace('\n', " "));
            let style = if i == self.selected && typing.is_none() {
                t.selected
            } else {
                t.text
            };
            row(buf, inner, y, &text, style);
            y += 1;
        }
        if let Some(input) = typing {
            let w = usize::from(inner.width).saturating_sub(3).max(1);
            let scroll = input.visual_scroll(w);
            let shown: String = input.value().chars().skip(scroll).take(w).collect();
            let yy = inner.bottom().saturating_sub(1);
            row(
                buf,
                inner,
                yy.saturating_sub(1),
                "New point (Enter parks it):",
                t.heading,
            );
            put(
                buf,
                inner,
                yy,
                Line::from(vec![Span::styled("› ", t.heading), span(&shown, t.input)]),
            );
        }
    }
}

/// The opening review: last time's open actions, each to be marked.
pub struct ReviewOverlay<'a> {
    /// The app.
    pub app: &'a App,
    /// The highlighted action.
    pub selected: usize,
}

impl Widget for ReviewOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let t = &app.theme;
        let Some(s) = app.step_state() else {
            return;
        };
        let doc = &s.doc;
        let list = doc.opening_review(&app.framework);
        let pending = list
            .iter()
            .filter(|(_, i)| i.field(REVIEW).trim().is_empty())
            .count();
        let inner = frame(
            app,
            area,
            &format!(
                "Opening review: last time's open actions ({pending} of {} to go)",
                list.len()
            ),
            buf,
            110,
        );
        let mut y = inner.y;
        lines(
            buf,
            inner,
            &mut y,
            "For each action: 1 done · 2 stuck · 3 dropped · 4 carried forward. Esc leaves the rest for later (Ctrl-O reopens this).",
            t.dim,
        );
        y += 1;
        let room = usize::from(inner.bottom().saturating_sub(y));
        let first = first_row(self.selected, list.len(), room);
        let w = usize::from(inner.width);
        for (i, (_, item)) in list.iter().enumerate().skip(first).take(room) {
            let outcome = match item.field(REVIEW).trim() {
                "" => "  ?     ".to_owned(),
                o => format!("{o:<8}"),
            };
            let owner = item.field("owner");
            let owner = if owner.is_empty() {
                String::new()
            } else {
                format!(" ({owner})")
            };
            let text = format!(
                " {outcome}  {}{owner}",
                item.field("what").replace('\n', " ")
            );
            let style = if i == self.selected {
                t.selected
            } else if item.field(REVIEW).trim().is_empty() {
                t.text
            } else {
                t.dim
            };
            row(buf, inner, y, &truncate(&text, w), style);
            y += 1;
        }
    }
}
