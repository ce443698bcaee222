//! The roll-up screen: the heat map of one framework as a table that scrolls
//! both ways. The school column stays put while the other columns scroll.
//!
//! Keys (nothing here takes text, so bare letters act): Up/Down or k/j a
//! school, Left/Right or h/l a column, PageUp/PageDown, Home/End, Tab the
//! next framework, `s` or F2 sort by the column under the cursor (again:
//! reverse), Enter open the school's latest session read-only, Esc, `q`,
//! F10 or Ctrl-Q leave.

use super::theme::Theme;
use crate::rollup::render::{median, name, next_review, range};
use crate::rollup::select::{Column, Sort, sort};
use crate::rollup::{Rollup, School};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell as TCell, Paragraph, Row, Table};
use std::path::PathBuf;
use unicode_width::UnicodeWidthStr;

/// Width of the school column.
const SCHOOL_WIDTH: u16 = 22;
/// The narrowest an area column gets.
const AREA_WIDTH: u16 = 11;
/// The widest an area column gets, on a wide terminal.
const AREA_WIDTH_MAX: u16 = 24;
/// The width of the columns after the areas, with their spacing.
const OTHER_WIDTH: u16 = 63;

/// What a key did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing more to do; draw again.
    Stay,
    /// Open this session read-only.
    Open(PathBuf),
    /// Leave the screen.
    Quit,
}

/// One scrolling column after the school's name.
#[derive(Clone, Debug)]
struct Col {
    head: String,
    full: String,
    column: Column,
    width: u16,
}

/// The screen's state.
#[derive(Clone, Debug)]
pub struct RollupView {
    /// The roll-up shown.
    pub rollup: Rollup,
    /// Which framework's map is shown (index into `rollup.frameworks`).
    pub framework: usize,
    /// The selected school among those of the framework.
    pub row: usize,
    /// The first row shown.
    pub top: usize,
    /// The selected scrolling column.
    pub col: usize,
    /// The first scrolling column shown.
    pub left: usize,
    /// The current order.
    pub sort: Sort,
    /// The styles.
    pub theme: Theme,
    /// The width of an area column at the last draw.
    area_width: u16,
}

impl RollupView {
    /// A view of a roll-up, the first framework, the first school.
    #[must_use]
    pub fn new(rollup: Rollup, theme: Theme) -> RollupView {
        RollupView {
            rollup,
            framework: 0,
            row: 0,
            top: 0,
            col: 0,
            left: 0,
            sort: Sort::default(),
            theme,
            area_width: AREA_WIDTH,
        }
    }

    fn framework_id(&self) -> &str {
        self.rollup
            .frameworks
            .get(self.framework)
            .map_or("", |f| f.id.as_str())
    }

    /// The schools of the framework shown, in order.
    fn schools(&self) -> Vec<&School> {
        let id = self.framework_id();
        self.rollup
            .schools
            .iter()
            .filter(|s| s.framework == id)
            .collect()
    }

    fn columns(&self) -> Vec<Col> {
        let mut cols: Vec<Col> = self
            .rollup
            .frameworks
            .get(self.framework)
            .map(|f| {
                f.areas
                    .iter()
                    .map(|a| Col {
                        head: a.name.clone(),
                        full: format!(
                            "{}: trust median {}, range {}",
                            a.name,
                            median(a.median),
                            range(a.range)
                        ),
                        column: Column::Area(crate::rollup::org_key(&a.name)),
                        width: self.area_width,
                    })
                    .collect()
            })
            .unwrap_or_default();
        for (head, full, column, width) in [
            (
                "Next review",
                "The next review date",
                Column::NextReview,
                18,
            ),
            ("Open", "Open actions", Column::Open, 6),
            ("Overdue", "Overdue actions", Column::Overdue, 8),
            ("Stuck", "Stuck actions", Column::Stuck, 6),
            (
                "Done",
                "Actions done since the last review",
                Column::Done,
                6,
            ),
            ("Risk", "The highest risk score", Column::Risk, 6),
            ("Gaps", "Evidence map gaps", Column::Gaps, 6),
        ] {
            cols.push(Col {
                head: head.into(),
                full: full.into(),
                column,
                width,
            });
        }
        cols
    }

    /// The school under the cursor.
    #[must_use]
    pub fn selected(&self) -> Option<&School> {
        self.schools().get(self.row).copied()
    }

    /// Act on a key.
    pub fn key(&mut self, key: KeyEvent, page: usize) -> Outcome {
        if key.kind == KeyEventKind::Release {
            return Outcome::Stay;
        }
        let rows = self.schools().len();
        let cols = self.columns().len();
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('q' | 'c') if ctrl => return Outcome::Quit,
            KeyCode::Esc | KeyCode::F(10) | KeyCode::Char('q') => return Outcome::Quit,
            KeyCode::Up | KeyCode::Char('k') => self.row = self.row.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => {
                self.row = (self.row + 1).min(rows.saturating_sub(1))
            }
            KeyCode::PageUp => self.row = self.row.saturating_sub(page.max(1)),
            KeyCode::PageDown => self.row = (self.row + page.max(1)).min(rows.saturating_sub(1)),
            KeyCode::Home => self.row = 0,
            KeyCode::End => self.row = rows.saturating_sub(1),
            KeyCode::Left | KeyCode::Char('h') => self.col = self.col.saturating_sub(1),
            KeyCode::Right | KeyCode::Char('l') => {
                self.col = (self.col + 1).min(cols.saturating_sub(1))
            }
            KeyCode::Tab => {
                let n = self.rollup.frameworks.len().max(1);
                self.framework = (self.framework + 1) % n;
                self.row = 0;
                self.top = 0;
                self.col = 0;
                self.left = 0;
            }
            KeyCode::F(2) | KeyCode::Char('s') => {
                if let Some(c) = self.columns().get(self.col) {
                    let descending = self.sort.column == c.column && !self.sort.descending;
                    self.sort = Sort {
                        column: c.column.clone(),
                        descending,
                    };
                    sort(&mut self.rollup, &self.sort);
                }
            }
            KeyCode::Enter => {
                if let Some(s) = self.selected() {
                    return Outcome::Open(s.path.clone());
                }
            }
            _ => {}
        }
        Outcome::Stay
    }

    /// Keep the cursor on screen for a table of `rows` rows and `width` columns of cells.
    fn scroll_into_view(&mut self, rows: usize, width: u16) {
        if self.row < self.top {
            self.top = self.row;
        } else if rows > 0 && self.row >= self.top + rows {
            self.top = self.row + 1 - rows;
        }
        let cols = self.columns();
        if self.col < self.left {
            self.left = self.col;
        }
        // Move the left edge until the selected column fits.
        loop {
            let used: u16 = cols
                .iter()
                .skip(self.left)
                .take(self.col + 1 - self.left.min(self.col + 1))
                .map(|c| c.width + 1)
                .sum();
            if used <= width || self.left >= self.col {
                break;
            }
            self.left += 1;
        }
    }

    /// Draw the screen; also scrolls so the cursor is visible.
    pub fn draw(&mut self, frame: &mut Frame<'_>) {
        let area = frame.area();
        let [head, body, status, foot] = Layout::vertical([
            Constraint::Length(3),
            Constraint::Min(3),
            Constraint::Length(2),
            Constraint::Length(1),
        ])
        .areas(area);
        let areas = self
            .rollup
            .frameworks
            .get(self.framework)
            .map_or(1, |f| f.areas.len().max(1));
        let spare = body.width.saturating_sub(SCHOOL_WIDTH + 1 + OTHER_WIDTH);
        self.area_width = (spare / u16::try_from(areas).unwrap_or(1))
            .saturating_sub(1)
            .clamp(AREA_WIDTH, AREA_WIDTH_MAX);
        let table_rows = usize::from(body.height.saturating_sub(1));
        self.scroll_into_view(table_rows, body.width.saturating_sub(SCHOOL_WIDTH + 1));
        self.draw_head(frame, head);
        self.draw_table(frame, body);
        self.draw_status(frame, status);
        let keys = "↑↓ school  ←→ column  Tab framework  s sort  Enter open read-only  Esc quit";
        frame.render_widget(
            Paragraph::new(Line::from(Span::styled(
                fit(keys, foot.width),
                self.theme.dim,
            ))),
            foot,
        );
    }

    fn draw_head(&self, frame: &mut Frame<'_>, area: Rect) {
        let t = &self.theme;
        let fw = self.rollup.frameworks.get(self.framework);
        let title = format!(
            "Trust roll-up, {}: {} ({} of {})",
            crate::workshop::date::long(self.rollup.today),
            fw.map_or("no sessions", |f| f.title.as_str()),
            self.framework + 1,
            self.rollup.frameworks.len().max(1)
        );
        let late = self.schools().iter().filter(|s| s.late()).count();
        let summary = format!(
            "{} schools, {} late; {} files, {} left out. Cell: agreed level, arrow since last review, (members' spread).",
            self.schools().len(),
            late,
            self.rollup.files,
            self.rollup.problems.len()
        );
        let lines = vec![
            Line::from(Span::styled(fit(&title, area.width), t.header)),
            Line::from(Span::styled(fit(&summary, area.width), t.text)),
            Line::from(Span::styled(
                fit(&self.rollup.privacy_note(), area.width),
                t.dim,
            )),
        ];
        frame.render_widget(Paragraph::new(lines), area);
    }

    fn draw_table(&self, frame: &mut Frame<'_>, area: Rect) {
        let t = &self.theme;
        let cols = self.columns();
        let avail = area.width.saturating_sub(SCHOOL_WIDTH + 1);
        let mut shown = Vec::new();
        let mut used = 0u16;
        for (i, c) in cols.iter().enumerate().skip(self.left) {
            if used + c.width > avail {
                break;
            }
            used += c.width + 1;
            shown.push((i, c));
        }
        let more_left = self.left > 0;
        let more_right = shown.last().is_some_and(|(i, _)| i + 1 < cols.len());
        let school_head = format!(
            "{}School{}",
            if more_left { "◀ " } else { "" },
            if more_right { " ▶" } else { "" }
        );
        let mut header = vec![TCell::from(fit(&school_head, SCHOOL_WIDTH))];
        for (i, c) in &shown {
            let style = if *i == self.col {
                t.focus.add_modifier(Modifier::REVERSED)
            } else {
                t.heading
            };
            let mark = if self.sort.column == c.column {
                if self.sort.descending { "▼" } else { "▲" }
            } else {
                ""
            };
            header.push(TCell::from(Span::styled(
                fit(&format!("{mark}{}", c.head), c.width),
                style,
            )));
        }
        let schools = self.schools();
        let visible = usize::from(area.height.saturating_sub(1));
        let rows: Vec<Row> = schools
            .iter()
            .enumerate()
            .skip(self.top)
            .take(visible)
            .map(|(r, s)| {
                let mut label = name(s);
                if s.late() {
                    label = format!("! {label}");
                }
                let mut cells = vec![TCell::from(Span::styled(
                    fit(&label, SCHOOL_WIDTH),
                    if s.late() { t.warn } else { t.text },
                ))];
                for (i, c) in &shown {
                    let (text, style) = self.cell(s, &c.column);
                    let style = if r == self.row && *i == self.col {
                        style.add_modifier(Modifier::REVERSED)
                    } else {
                        style
                    };
                    cells.push(TCell::from(Span::styled(fit(&text, c.width), style)));
                }
                let row = Row::new(cells);
                if r == self.row {
                    row.style(t.selected)
                } else {
                    row
                }
            })
            .collect();
        let mut widths = vec![Constraint::Length(SCHOOL_WIDTH)];
        widths.extend(shown.iter().map(|(_, c)| Constraint::Length(c.width)));
        let table = Table::new(rows, widths)
            .header(Row::new(header).style(t.heading))
            .column_spacing(1);
        frame.render_widget(table, area);
        if schools.is_empty() {
            let msg = Paragraph::new(Span::styled(
                "No school sessions were found under the paths given.",
                t.dim,
            ));
            frame.render_widget(
                msg,
                Rect {
                    y: area.y + 1,
                    height: 1,
                    ..area
                },
            );
        }
    }

    fn cell(&self, s: &School, column: &Column) -> (String, Style) {
        let t = &self.theme;
        match column {
            Column::Area(name) => {
                let i = self
                    .rollup
                    .areas(&s.framework)
                    .iter()
                    .position(|a| crate::rollup::org_key(&a.name) == *name);
                let c = i.and_then(|i| s.cells.get(i)).cloned().unwrap_or_default();
                (c.short(), level_style(t, c.agreed))
            }
            Column::NextReview => (
                next_review(s),
                if s.review_overdue { t.warn } else { t.text },
            ),
            Column::Open => (s.actions.open.to_string(), t.text),
            Column::Overdue => (
                s.actions.overdue.to_string(),
                if s.actions.overdue > 0 {
                    t.warn
                } else {
                    t.text
                },
            ),
            Column::Stuck => (s.actions.stuck.to_string(), t.text),
            Column::Done => (s.actions.done_since.to_string(), t.text),
            Column::Risk => (s.top_score().to_string(), t.text),
            Column::Gaps => (s.gaps.len().to_string(), t.text),
            _ => (String::new(), t.text),
        }
    }

    fn draw_status(&self, frame: &mut Frame<'_>, area: Rect) {
        let t = &self.theme;
        let cols = self.columns();
        let col = cols.get(self.col).map_or("", |c| c.full.as_str());
        let school = self.selected().map_or_else(String::new, |s| {
            let mut flags = crate::rollup::render::flags(s).join(", ");
            if !flags.is_empty() {
                flags = format!(" ({flags})");
            }
            format!(
                "{}: last review {}{flags}",
                name(s),
                crate::workshop::date::long(s.last_review)
            )
        });
        frame.render_widget(
            Paragraph::new(vec![
                Line::from(Span::styled(fit(col, area.width), t.text)),
                Line::from(Span::styled(fit(&school, area.width), t.dim)),
            ]),
            area,
        );
    }
}

/// A level's style: colour by level in colour themes, bold for the top levels without.
fn level_style(t: &Theme, level: Option<u8>) -> Style {
    use super::theme::Palette;
    if t.palette != Palette::Ansi {
        return match level {
            Some(4 | 5) => t.text.add_modifier(Modifier::BOLD),
            _ => t.text,
        };
    }
    match level {
        Some(1) => Style::new().fg(Color::Red),
        Some(2) => Style::new().fg(Color::LightRed),
        Some(3) => Style::new().fg(Color::Yellow),
        Some(4) => Style::new().fg(Color::LightGreen),
        Some(5) => Style::new().fg(Color::Green),
        _ => t.dim,
    }
}

/// Text cut to a display width, with `…` when cut.
fn fit(text: &str, width: u16) -> String {
    let width = usize::from(width);
    if text.width() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in text.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw + 1 > width {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// Run the screen in the terminal until the user leaves or opens a school;
/// returns the session to open.
///
/// # Errors
/// Terminal errors.
pub fn run(view: &mut RollupView) -> color_eyre::Result<Option<PathBuf>> {
    use ratatui::crossterm::event::{self, Event};
    let mut terminal = ratatui::init();
    let result = (|| -> color_eyre::Result<Option<PathBuf>> {
        loop {
            let mut page = 10;
            terminal.draw(|f| {
                page = usize::from(f.area().height.saturating_sub(7));
                view.draw(f);
            })?;
            if let Event::Key(k) = event::read()? {
                match view.key(k, page) {
                    Outcome::Stay => {}
                    Outcome::Open(p) => return Ok(Some(p)),
                    Outcome::Quit => return Ok(None),
                }
            }
        }
    })();
    ratatui::restore();
    result
}
