//! A ratatui widget that draws a [`Summary`] into a [`Buffer`], for the TUI's
//! summary screen. It renders from borrowed state and keeps no terminal
//! state of its own: the screen owns the scroll offset.
//!
//! Masking for a shared screen is decided when the model is built: build it
//! with `include_sensitive: false` and sensitive answers arrive as
//! [`MASKED`](crate::report::model::MASKED).
//!
//! ```
//! # use safestep::report::model;
//! # use safestep::tui::report_view::SummaryView;
//! # use ratatui::{buffer::Buffer, layout::Rect, widgets::Widget};
//! # fn show(summary: &model::Summary) {
//! let view = SummaryView::new(summary).scroll(0);
//! let area = Rect::new(0, 0, 80, 24);
//! let mut buf = Buffer::empty(area);
//! (&view).render(area, &mut buf);
//! # }
//! ```

use crate::report::compare::{Comparison, Outcome};
use crate::report::fmt;
use crate::report::model::{Coverage, MeetingSummary, Summary, score_band};
use crate::report::text::wrap;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// The styles the view uses; the TUI passes its theme's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Styles {
    /// Section headings.
    pub heading: Style,
    /// Overdue actions, missing required roles, evidence gaps.
    pub alert: Style,
    /// Secondary text.
    pub muted: Style,
    /// High risks.
    pub high: Style,
    /// Medium risks.
    pub medium: Style,
    /// Low risks.
    pub low: Style,
}

impl Default for Styles {
    fn default() -> Self {
        Styles {
            heading: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            alert: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            muted: Style::new().add_modifier(Modifier::DIM),
            high: Style::new().fg(Color::Red),
            medium: Style::new().fg(Color::Yellow),
            low: Style::new().fg(Color::Green),
        }
    }
}

/// The summary as a scrollable view.
#[derive(Clone, Debug)]
pub struct SummaryView<'a> {
    summary: &'a Summary,
    since: Option<&'a Comparison>,
    scroll: usize,
    styles: Styles,
}

struct Lines {
    width: usize,
    out: Vec<Line<'static>>,
}

impl Lines {
    fn styled(&mut self, text: &str, first: &str, indent: &str, style: Style) {
        for l in wrap(text, first, indent, self.width) {
            self.out.push(Line::styled(l, style));
        }
    }

    fn plain(&mut self, text: &str, first: &str, indent: &str) {
        self.styled(text, first, indent, Style::new());
    }

    fn heading(&mut self, text: &str, style: Style) {
        if !self.out.is_empty() {
            self.out.push(Line::default());
        }
        self.styled(text, "", "", style);
    }

    fn spans(&mut self, spans: Vec<Span<'static>>) {
        self.out.push(Line::from(spans));
    }
}

impl<'a> SummaryView<'a> {
    /// A view of a summary, scrolled to the top.
    #[must_use]
    pub fn new(summary: &'a Summary) -> Self {
        SummaryView {
            summary,
            since: None,
            scroll: 0,
            styles: Styles::default(),
        }
    }

    /// Also show what changed since an earlier session.
    #[must_use]
    pub fn since(mut self, comparison: Option<&'a Comparison>) -> Self {
        self.since = comparison;
        self
    }

    /// Skip this many lines from the top.
    #[must_use]
    pub fn scroll(mut self, lines: usize) -> Self {
        self.scroll = lines;
        self
    }

    /// Use these styles.
    #[must_use]
    pub fn styles(mut self, styles: Styles) -> Self {
        self.styles = styles;
        self
    }

    /// How many lines the view has at this width (for scroll limits).
    #[must_use]
    pub fn line_count(&self, width: u16) -> usize {
        self.lines(width).len()
    }

    /// Every line of the view, wrapped to `width` columns.
    #[must_use]
    pub fn lines(&self, width: u16) -> Vec<Line<'static>> {
        let s = self.summary;
        let st = self.styles;
        let mut l = Lines {
            width: usize::from(width.max(20)),
            out: Vec::new(),
        };
        let title = if s.title.is_empty() {
            "E-safety review"
        } else {
            &s.title
        };
        l.styled(&title.replace('\n', " "), "", "", st.heading);
        let mut meta = Vec::new();
        if !s.organisation.is_empty() {
            meta.push(s.organisation.clone());
        }
        meta.push(format!("report date {}", fmt::date(s.today)));
        l.styled(&meta.join(" · "), "", "", st.muted);
        if let Some(note) = s.sensitive_note() {
            l.styled(&note, "! ", "  ", st.alert);
        }

        l.heading("At a glance", st.heading);
        for (k, v) in fmt::glance(s) {
            l.plain(&v, &format!("{k:<27}"), &" ".repeat(27));
        }

        if let Some(m) = &s.meeting {
            self.meeting(&mut l, m);
        }

        l.heading("Progress by step", st.heading);
        for step in &s.steps {
            let filled = (step.answered * 10).checked_div(step.total).unwrap_or(0);
            let bar = format!("{}{}", "█".repeat(filled), "░".repeat(10 - filled));
            let style = if step.complete() {
                Style::new()
            } else {
                st.muted
            };
            l.spans(vec![
                Span::raw(format!("{} {:>2}/{:<2} ", bar, step.answered, step.total)),
                Span::styled(format!("{}. {}", step.number, step.title), style),
            ]);
        }

        l.heading("Roles", st.heading);
        for r in &s.roles.roles {
            if r.members.is_empty() {
                let style = if r.required { st.alert } else { st.muted };
                let what = if r.required {
                    "nobody (a required role)"
                } else {
                    "nobody"
                };
                l.styled(what, &format!("  {}: ", r.label), "    ", style);
            } else {
                l.plain(&r.members.join(", "), &format!("  {}: ", r.label), "    ");
            }
        }

        l.heading("Ratings (members' spread, agreed level)", st.heading);
        if s.ratings.is_empty() {
            l.styled("No rated areas.", "  ", "  ", st.muted);
        }
        for r in &s.ratings {
            let levels = r.levels.len().max(5);
            let mut scale = String::new();
            for level in 1..=levels {
                let n = r
                    .members
                    .iter()
                    .filter(|m| usize::from(m.1) == level)
                    .count();
                let mark = if n == 0 {
                    "·".to_owned()
                } else {
                    n.to_string()
                };
                if r.agreed.is_some_and(|a| usize::from(a) == level) {
                    scale.push_str(&format!("[{mark}]"));
                } else {
                    scale.push_str(&format!(" {mark} "));
                }
            }
            let agreed_style = if r.agreed.is_none() || r.conflict {
                st.alert
            } else {
                Style::new()
            };
            l.spans(vec![
                Span::raw(format!("  {:<26} ", fmt::excerpt(&r.area, 26))),
                Span::raw(scale),
                Span::styled(format!("  {}", fmt::agreed(r)), agreed_style),
            ]);
        }

        l.heading("Risks (likelihood across, impact down)", st.heading);
        if s.risks.is_empty() {
            l.styled("No risks recorded.", "  ", "  ", st.muted);
        } else {
            for impact in (1..=5usize).rev() {
                let mut spans = vec![Span::raw(format!("  {impact} "))];
                for likelihood in 1..=5usize {
                    let n = s.risk_grid[impact - 1][likelihood - 1];
                    let score = u8::try_from(impact * likelihood).ok();
                    let style = self.band_style(score_band(score));
                    let text = if n == 0 {
                        " · ".to_owned()
                    } else {
                        format!("{n:^3}")
                    };
                    spans.push(Span::styled(text, style));
                }
                l.spans(spans);
            }
            l.out.push(Line::styled("     1  2  3  4  5", st.muted));
            for r in &s.risks {
                let score = r.score().map_or_else(|| " -".into(), |v| format!("{v:>2}"));
                let style = self.band_style(r.band());
                let proposer = if r.proposed_by.is_empty() {
                    String::new()
                } else {
                    format!(", proposed by {}", r.proposed_by)
                };
                let rest = wrap(
                    &format!("{} [{}{proposer}]", r.description, fmt::owner(&r.owner)),
                    "",
                    "      ",
                    l.width.saturating_sub(6),
                );
                for (i, text) in rest.into_iter().enumerate() {
                    if i == 0 {
                        l.spans(vec![
                            Span::styled(format!("  {score}  "), style),
                            Span::raw(text),
                        ]);
                    } else {
                        l.spans(vec![Span::raw(text)]);
                    }
                }
            }
        }

        l.heading(
            &format!(
                "Actions ({} open, {} overdue)",
                s.open_actions(),
                s.overdue_actions()
            ),
            st.heading,
        );
        for g in &s.actions {
            l.plain(fmt::owner(&g.owner), "  ", "  ");
            for a in &g.actions {
                let due = fmt::due_or_none(a);
                let mark = if a.overdue { "! " } else { "  " };
                let style = if a.overdue {
                    st.alert
                } else if a.is_open() {
                    Style::new()
                } else {
                    st.muted
                };
                let proposer = if a.proposed_by.is_empty() {
                    String::new()
                } else {
                    format!(", proposed by {}", a.proposed_by)
                };
                l.styled(
                    &format!("{} ({}{proposer})", a.what, a.status),
                    &format!("  {mark}{due:<16} "),
                    &" ".repeat(21),
                    style,
                );
            }
        }

        l.heading("Decisions", st.heading);
        if s.decisions.is_empty() {
            l.styled("No decisions recorded.", "  ", "  ", st.muted);
        }
        for d in &s.decisions {
            l.plain(&d.what, "  - ", "    ");
            if !d.proposed_by.is_empty() {
                l.styled(&d.proposed_by, "    proposed by ", "      ", st.muted);
            }
            if !d.why.is_empty() {
                l.styled(&d.why, "    why: ", "         ", st.muted);
            }
        }

        l.heading("Next review", st.heading);
        l.plain(&fmt::next_review(s), "  ", "  ");
        for t in &s.review.triggers {
            l.styled(t, "  earlier if: ", "              ", st.muted);
        }

        l.heading(
            &format!("Unresolved conflicts ({})", s.conflicts.len()),
            st.heading,
        );
        for c in &s.conflicts {
            l.styled(&format!("{} ({})", c.place, c.what), "  ", "  ", st.alert);
            for v in &c.values {
                l.plain(
                    &format!(
                        "\"{}\" ({}, {})",
                        fmt::excerpt(&v.value, 200),
                        v.by,
                        fmt::minute(v.at)
                    ),
                    "    - ",
                    "      ",
                );
            }
        }

        if !s.policies.is_empty() {
            l.heading("Policies", st.heading);
            for p in &s.policies {
                let mut text = if p.status.is_empty() {
                    "not answered".to_owned()
                } else {
                    p.status.clone()
                };
                if !p.owner.is_empty() {
                    text.push_str(&format!("; owner {}", p.owner));
                }
                if !p.review.is_empty() {
                    text.push_str(&format!("; next review {}", p.review));
                }
                l.plain(&text, &format!("  {}: ", p.policy), "    ");
            }
        }

        if !s.questions.is_empty() {
            l.heading("Policy questions", st.heading);
            for (i, q) in s.questions.iter().enumerate() {
                l.plain(&q.text, &format!("  {}. ", i + 1), "     ");
                if q.answers.is_empty() {
                    l.styled("nothing answers this yet", "     ", "     ", st.alert);
                } else {
                    l.styled(
                        &fmt::question_places(q),
                        "     answered in: ",
                        "       ",
                        st.muted,
                    );
                }
            }
        }

        if !s.evidence.is_empty() {
            l.heading("Evidence map", st.heading);
            if let Some(line) = fmt::evidence_headline(s) {
                l.plain(&line, "  ", "    ");
            }
            for e in &s.evidence {
                l.plain(&e.title, "  ", "    ");
                for part in &e.parts {
                    let style = match part.coverage {
                        Coverage::Addressed => Style::new(),
                        Coverage::Partly => st.medium,
                        Coverage::Nothing => st.alert,
                    };
                    l.styled(
                        &part.title,
                        &format!("    {:<17}", part.coverage.label()),
                        &" ".repeat(21),
                        style,
                    );
                    if !part.missing.is_empty() {
                        l.styled(
                            &part.missing.join("; "),
                            &format!("{}missing: ", " ".repeat(21)),
                            &" ".repeat(23),
                            st.muted,
                        );
                    }
                }
            }
        }

        if let Some(c) = self.since {
            l.heading(&format!("Since {}", c.old_title), st.heading);
            for r in &c.ratings {
                l.plain(&fmt::rating_move(r), "  ", "    ");
            }
            for o in Outcome::ALL {
                let n = c.with_outcome(o).count();
                if n > 0 {
                    l.plain(
                        &format!("{n} of the open actions {}", o.label()),
                        "  ",
                        "    ",
                    );
                }
            }
            l.plain(
                &format!(
                    "{} new risks, {} closed",
                    c.new_risks.len(),
                    c.closed_risks.len()
                ),
                "  ",
                "    ",
            );
        }
        l.out
    }

    fn meeting(&self, l: &mut Lines, m: &MeetingSummary) {
        let st = self.styles;
        l.heading("The meeting", st.heading);
        if !m.attendance.is_empty() {
            let (here, away) = (m.present(), m.not_present());
            let list = |v: &[&str]| {
                if v.is_empty() {
                    "nobody".to_owned()
                } else {
                    v.join(", ")
                }
            };
            l.plain(
                &list(&here),
                &format!("  Present ({}): ", here.len()),
                "    ",
            );
            l.styled(
                &list(&away),
                &format!("  Not recorded as present ({}): ", away.len()),
                "    ",
                st.muted,
            );
        }
        if !m.agenda.is_empty() {
            let diff = fmt::over_under(m.timed_planned_total(), m.spent_total());
            l.plain(
                &format!(
                    "{} min planned, {} taken{}",
                    m.planned_total(),
                    fmt::spent(m.spent_total()),
                    if diff.is_empty() {
                        String::new()
                    } else {
                        format!(" ({diff} on the timed steps)")
                    }
                ),
                "  Time: ",
                "    ",
            );
            for a in &m.agenda {
                let diff = fmt::over_under(a.planned_minutes, a.spent_seconds);
                let over = diff.starts_with('+');
                let text = format!(
                    "{:>3} min planned  {:>11} taken  {diff}",
                    a.planned_minutes,
                    fmt::spent(a.spent_seconds)
                );
                l.spans(vec![
                    Span::raw(format!(
                        "    {}. {:<24} ",
                        a.number,
                        fmt::excerpt(&a.title, 24)
                    )),
                    Span::styled(text, if over { st.alert } else { Style::new() }),
                ]);
            }
        }
        for v in &m.votes {
            l.plain(
                &v.place.describe(),
                &format!("  Votes ({} each): ", m.vote_budget),
                "    ",
            );
            for item in &v.items {
                l.plain(
                    &format!("{} ({})", item.text, fmt::voters(&item.voters)),
                    &format!("    {:>3}  ", item.votes),
                    "         ",
                );
            }
        }
        if !m.parking.is_empty() {
            l.plain("", "  Parking lot:", "    ");
            for p in &m.parking {
                match &p.moved_to {
                    None => l.plain(&p.text, "    - ", "      "),
                    Some(a) if *a == p.text => {
                        l.styled(
                            &format!("{} (now an action)", p.text),
                            "    - ",
                            "      ",
                            st.muted,
                        );
                    }
                    Some(a) => l.styled(
                        &format!("{} (became the action \"{a}\")", p.text),
                        "    - ",
                        "      ",
                        st.muted,
                    ),
                }
            }
        }
        if !m.review.is_empty() {
            l.plain("", "  Opening review:", "    ");
            for r in &m.review {
                let style = if r.outcome.is_empty() {
                    st.alert
                } else {
                    Style::new()
                };
                l.styled(
                    &r.what,
                    &format!("    {:<17} ", fmt::outcome(&r.outcome)),
                    &" ".repeat(22),
                    style,
                );
            }
        }
    }

    fn band_style(&self, band: &str) -> Style {
        match band {
            "high" => self.styles.high,
            "medium" => self.styles.medium,
            "low" => self.styles.low,
            _ => self.styles.muted,
        }
    }
}

impl Widget for &SummaryView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let lines = self.lines(area.width);
        for (row, line) in lines
            .iter()
            .skip(self.scroll)
            .take(usize::from(area.height))
            .enumerate()
        {
            let y = area.y + u16::try_from(row).unwrap_or(u16::MAX);
            buf.set_line(area.x, y, line, area.width);
        }
    }
}
