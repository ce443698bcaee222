//! The summary as plain text for a terminal or an e-mail: 78 columns,
//! headings underlined, no markup. User text was cleaned of control
//! characters when the model was built, so nothing here can move a cursor or
//! change a terminal's colours.

use super::compare::{Comparison, Outcome};
use super::fmt;
use super::model::{AnswerRef, MASKED, MeetingSummary, Summary};
use unicode_width::UnicodeWidthStr;

const WIDTH: usize = 78;

/// Wrap text to `width` columns; every output line starts with `indent`
/// (the first with `first` instead). Existing line breaks are kept.
#[must_use]
pub fn wrap(text: &str, first: &str, indent: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut prefix = first;
    for para in text.split('\n') {
        let mut line = prefix.to_owned();
        let mut empty = true;
        for word in para.split_whitespace() {
            let w = word.width();
            if !empty && line.width() + 1 + w > width {
                out.push(line);
                line = indent.to_owned();
                empty = true;
            }
            if !empty {
                line.push(' ');
            }
            // A word wider than the line is split by characters.
            if indent.width() + w > width {
                for c in word.chars() {
                    if line.width() + c.to_string().width() > width && line.width() > indent.width()
                    {
                        out.push(line);
                        line = indent.to_owned();
                    }
                    line.push(c);
                }
            } else {
                line.push_str(word);
            }
            empty = false;
        }
        out.push(line.trim_end().to_owned());
        prefix = indent;
    }
    out
}

struct Txt {
    out: String,
}

impl Txt {
    fn line(&mut self, s: &str) {
        self.out.push_str(s.trim_end());
        self.out.push('\n');
    }

    fn blank(&mut self) {
        if !self.out.ends_with("\n\n") && !self.out.is_empty() {
            self.out.push('\n');
        }
    }

    fn para(&mut self, text: &str, first: &str, indent: &str) {
        for l in wrap(text, first, indent, WIDTH) {
            self.line(&l);
        }
    }

    fn heading(&mut self, text: &str, under: char) {
        self.blank();
        self.blank();
        self.line(text);
        self.line(&under.to_string().repeat(text.width().min(WIDTH)));
        self.blank();
    }

    fn answer(&mut self, a: &AnswerRef, indent: &str) {
        if a.masked {
            self.line(&format!("{indent}{MASKED}"));
            return;
        }
        let bullet = format!("{indent}- ");
        let cont = format!("{indent}  ");
        for l in &a.lines {
            self.para(l, &bullet, &cont);
        }
    }

    /// A table with columns padded to their widest cell; the last column wraps.
    fn table(&mut self, headers: &[&str], rows: &[Vec<String>]) {
        let n = headers.len();
        let mut widths: Vec<usize> = headers.iter().map(|h| h.width()).collect();
        for r in rows {
            for (i, c) in r.iter().enumerate().take(n.saturating_sub(1)) {
                widths[i] = widths[i].max(c.width()).min(30);
            }
        }
        let fixed: usize = widths.iter().take(n.saturating_sub(1)).map(|w| w + 2).sum();
        let pad = |s: &str, w: usize| {
            let cut = fmt::excerpt(s, w);
            format!("{cut}{}", " ".repeat(w.saturating_sub(cut.width())))
        };
        let row_lines = |cells: Vec<String>| -> Vec<String> {
            let mut head = String::new();
            for (i, c) in cells.iter().enumerate().take(n.saturating_sub(1)) {
                head.push_str(&pad(c, widths[i]));
                head.push_str("  ");
            }
            let last = cells.get(n - 1).cloned().unwrap_or_default();
            let indent = " ".repeat(fixed);
            if fixed + 10 > WIDTH {
                let mut v = vec![head];
                v.extend(wrap(&last, "    ", "    ", WIDTH));
                v
            } else {
                wrap(&last, &head, &indent, WIDTH)
            }
        };
        for l in row_lines(headers.iter().map(|h| (*h).to_owned()).collect()) {
            self.line(&l);
        }
        for r in rows {
            for l in row_lines(r.clone()) {
                self.line(&l);
            }
        }
    }
}

/// Render the summary as plain text.
#[must_use]
pub fn render(s: &Summary, since: Option<&Comparison>) -> String {
    let mut t = Txt { out: String::new() };
    let title = if s.title.is_empty() {
        "E-safety review"
    } else {
        &s.title
    };
    t.para(&title.replace('\n', " "), "", "");
    t.line(&"=".repeat(title.width().min(WIDTH)));
    t.blank();
    if !s.organisation.is_empty() {
        t.para(&s.organisation, "Organisation: ", "  ");
    }
    if !s.facilitator.is_empty() {
        t.para(&s.facilitator, "Facilitator:  ", "  ");
    }
    t.line(&format!(
        "Session started {}, last change {}, report date {}.",
        fmt::day(s.created),
        fmt::day(s.last_change),
        fmt::date(s.today)
    ));
    if let Some(note) = s.sensitive_note() {
        t.blank();
        t.para(&note, "! ", "  ");
    }
    if let Some(m) = &s.framework_mismatch {
        t.blank();
        t.para(&format!("Note: {m}."), "! ", "  ");
    }

    t.heading("At a glance", '-');
    for (k, v) in fmt::glance(s) {
        t.para(&v, &format!("{k:<27}"), &" ".repeat(27));
    }

    if let Some(c) = since {
        render_comparison(&mut t, c);
    }
    if let Some(m) = &s.meeting {
        render_meeting(&mut t, m);
    }

    t.heading("Ratings by area", '-');
    if s.ratings.is_empty() {
        t.line("No areas are rated in this framework.");
    } else {
        for r in &s.ratings {
            t.para(
                &fmt::agreed(r),
                &format!("{:<36}agreed ", fmt::excerpt(&r.area, 34)),
                &" ".repeat(43),
            );
            t.para(
                &format!(
                    "members {}; spread {}",
                    fmt::member_ratings(r),
                    fmt::spread(r)
                ),
                "    ",
                "      ",
            );
        }
        if let Some(r) = s.ratings.first().filter(|r| !r.levels.is_empty()) {
            let scale: Vec<String> = r
                .levels
                .iter()
                .enumerate()
                .map(|(i, l)| format!("{} {l}", i + 1))
                .collect();
            t.blank();
            t.para(&format!("{}.", scale.join(", ")), "Scale: ", "       ");
        }
    }

    t.heading("Risk register", '-');
    if s.risks.is_empty() {
        t.line("No risks recorded yet.");
    } else {
        let rows: Vec<Vec<String>> = s
            .risks
            .iter()
            .map(|r| {
                let score = match (r.likelihood, r.impact) {
                    (Some(l), Some(i)) => format!("{:>2} {} ({l}x{i})", l * i, r.band()),
                    _ => "unscored".into(),
                };
                let mut text = r.description.clone();
                if !r.proposed_by.is_empty() {
                    text.push_str(&format!(" (proposed by {})", r.proposed_by));
                }
                if !r.owner.is_empty() {
                    text.push_str(&format!(" [owner: {}]", r.owner));
                }
                if !r.mitigation.is_empty() {
                    text.push_str(&format!(" Mitigation: {}", r.mitigation));
                }
                vec![score, text]
            })
            .collect();
        t.table(&["Score", "Risk"], &rows);
        t.blank();
        t.line("Risks by likelihood (across) and impact (down):");
        t.blank();
        t.line("            L1  L2  L3  L4  L5");
        for impact in (1..=5usize).rev() {
            let cells: Vec<String> = (1..=5usize)
                .map(|l| match s.risk_grid[impact - 1][l - 1] {
                    0 => "   .".to_owned(),
                    n => format!("{n:>4}"),
                })
                .collect();
            t.line(&format!("  Impact {impact}{}", cells.concat()));
        }
    }

    t.heading("Action plan", '-');
    if s.actions.is_empty() {
        t.line("No actions recorded yet.");
    } else {
        t.line(&format!(
            "{}. Overdue actions are marked with !.",
            fmt::actions_as_of(s)
        ));
        for g in &s.actions {
            t.blank();
            t.line(&format!("{}:", fmt::owner(&g.owner)));
            for a in &g.actions {
                let mark = if a.overdue { "!" } else { " " };
                let due = fmt::due_or_none(a);
                let proposer = if a.proposed_by.is_empty() {
                    String::new()
                } else {
                    format!(" (proposed by {})", a.proposed_by)
                };
                t.para(
                    &format!("{}{proposer} [{}, step {}]", a.what, a.status, a.place.step),
                    &format!(" {mark} {due:<16} "),
                    &" ".repeat(20),
                );
            }
        }
    }

    t.heading("Decisions", '-');
    if s.decisions.is_empty() {
        t.line("No decisions recorded yet.");
    }
    for (i, d) in s.decisions.iter().enumerate() {
        t.para(&d.what, &format!("{:>2}. ", i + 1), "    ");
        if !d.why.is_empty() {
            t.para(&d.why, "    Why: ", "         ");
        }
        let mut who = Vec::new();
        if !d.proposed_by.is_empty() {
            who.push(format!("proposed by {},", d.proposed_by));
        }
        if !d.agreed_by.is_empty() {
            who.push(format!("agreed by {}", d.agreed_by));
        }
        if !d.date.is_empty() {
            who.push(format!("on {}", d.date));
        }
        who.push(format!("(step {})", d.place.step));
        t.para(&who.join(" "), "    ", "    ");
    }

    if !s.policies.is_empty() {
        t.heading("Policies", '-');
        let rows: Vec<Vec<String>> = s
            .policies
            .iter()
            .map(|p| {
                let mut rest = if p.status.is_empty() {
                    "not answered".to_owned()
                } else {
                    p.status.clone()
                };
                if !p.owner.is_empty() {
                    rest.push_str(&format!("; owner {}", p.owner));
                }
                if !p.review.is_empty() {
                    rest.push_str(&format!("; next review {}", p.review));
                }
                vec![p.policy.clone(), rest]
            })
            .collect();
        t.table(&["Policy", "Status"], &rows);
    }

    t.heading("Next review", '-');
    t.line(&format!("Next review: {}", fmt::next_review(s)));
    if s.review.triggers.is_empty() {
        t.line("No triggers for an earlier review recorded yet.");
    } else {
        t.line("An earlier review if:");
        for tr in &s.review.triggers {
            t.para(tr, "  - ", "    ");
        }
    }

    t.heading("Unresolved conflicts", '-');
    if s.conflicts.is_empty() {
        t.line("None: every answer is settled.");
    }
    for c in &s.conflicts {
        t.para(&format!("{} ({})", c.place, c.what), "* ", "  ");
        for v in &c.values {
            t.para(
                &format!("\"{}\" ({}, {})", v.value, v.by, fmt::minute(v.at)),
                "    - ",
                "      ",
            );
        }
    }

    t.heading("The group and its roles", '-');
    if s.roles.masked {
        t.line(&format!("The roster: {MASKED}"));
    } else if s.roles.members.is_empty() {
        t.line("No members recorded yet.");
    } else {
        let rows: Vec<Vec<String>> = s
            .roles
            .members
            .iter()
            .map(|m| {
                let note = if m.note.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", m.note)
                };
                vec![m.name.clone(), format!("{}{note}", m.roles.join(", "))]
            })
            .collect();
        t.table(&["Member", "Roles"], &rows);
    }
    t.blank();
    for r in &s.roles.roles {
        let kind = if r.required {
            "required"
        } else {
            "recommended"
        };
        let who = if r.members.is_empty() {
            if r.required {
                "NOBODY - a finding".to_owned()
            } else {
                "nobody".to_owned()
            }
        } else {
            r.members.join(", ")
        };
        t.para(&who, &format!("- {} ({kind}): ", r.label), "    ");
    }

    t.heading("Progress by step", '-');
    t.line(&fmt::steps_line(s));
    for st in s.steps.iter().filter(|st| !st.complete()) {
        let count = format!("{} of {}", st.answered, st.total);
        t.para(
            &format!("{}. {}", st.number, st.title),
            &format!("  {count:<10}"),
            &" ".repeat(12),
        );
        if !st.complete() {
            t.para(
                &st.missing.join("; "),
                &format!("{}still to answer: ", " ".repeat(12)),
                &" ".repeat(14),
            );
        }
    }

    if !s.questions.is_empty() {
        t.heading("The policy questions", '-');
        t.para(
            "Where the review answers each question; the appendix has the answers in full.",
            "",
            "",
        );
        for (i, q) in s.questions.iter().enumerate() {
            t.blank();
            t.para(&q.text, &format!("{}. ", i + 1), "   ");
            t.para(&fmt::question_places(q), "   Answered in: ", "     ");
            if !q.unanswered.is_empty() {
                let open: Vec<String> = q.unanswered.iter().map(|p| p.describe()).collect();
                t.para(&open.join("; "), "   Not answered yet: ", "     ");
            }
        }
    }

    if !s.evidence.is_empty() {
        t.heading("Evidence map", '-');
        t.para(
            "Each part of the standards below is addressed, partly addressed or has nothing yet. Only a ticked strand, or an answer, decision or finished action about that part alone, addresses a part.",
            "",
            "",
        );
        for std in &s.evidence {
            t.blank();
            t.para(&std.title, "", "");
            for part in &std.parts {
                t.para(
                    &format!("{}: {}", part.title, part.coverage.label().to_uppercase()),
                    "  * ",
                    "    ",
                );
                let by = fmt::evidence_by(part);
                if !by.is_empty() {
                    t.para(&by.join("; "), "      By: ", "        ");
                }
                if !part.missing.is_empty() {
                    t.para(&part.missing.join("; "), "      Missing: ", "        ");
                }
            }
        }
    }

    t.heading("Appendix: every answer, step by step", '-');
    t.para(
        "Each answer once, in full. Answers the report already shows are not repeated.",
        "",
        "",
    );
    for step in &s.answers {
        t.blank();
        t.line(&format!("Step {}. {}", step.number, step.title));
        let shown = fmt::shown_elsewhere(step);
        if !shown.is_empty() {
            t.para(&format!("Shown above: {}.", shown.join(", ")), "  ", "  ");
        }
        for a in step.answers.iter().filter(|a| a.elsewhere.is_none()) {
            let label = if a.place.section.is_empty() {
                a.place.label.clone()
            } else {
                format!("{}: {}", a.place.section, a.place.label)
            };
            t.para(&label, "  ", "  ");
            if a.lines.is_empty() && !a.masked {
                t.line("    (not answered)");
            } else {
                t.answer(a, "    ");
            }
        }
    }

    t.heading("Sign-off", '-');
    t.para(fmt::SIGN_OFF_INTRO, "", "");
    t.blank();
    for (k, v) in fmt::sign_off(s) {
        t.para(&v, &format!("{k:<8}"), &" ".repeat(8));
    }
    t.blank();
    t.line(&"-".repeat(WIDTH));
    t.para(&fmt::colophon(s), "", "");
    t.out
}

fn render_meeting(t: &mut Txt, m: &MeetingSummary) {
    t.heading("The meeting", '-');
    if !m.attendance.is_empty() {
        let names = |present: bool| -> String {
            let v: Vec<String> = m
                .attendance
                .iter()
                .filter(|a| a.present == present)
                .map(|a| {
                    if a.in_roster {
                        a.name.clone()
                    } else {
                        format!("{} (not on the roster)", a.name)
                    }
                })
                .collect();
            if v.is_empty() {
                "nobody".into()
            } else {
                format!("{} ({})", v.join(", "), v.len())
            }
        };
        t.para(&names(true), "Present:                   ", &" ".repeat(27));
        t.para(
            &names(false),
            "Not recorded as present:   ",
            &" ".repeat(27),
        );
    }
    if !m.agenda.is_empty() {
        t.blank();
        t.line("Time by step (planned, taken):");
        t.blank();
        let mut rows: Vec<Vec<String>> = m
            .agenda
            .iter()
            .map(|a| {
                let mark = if a.planned_here { "" } else { " (suggested)" };
                vec![
                    format!("{}. {}", a.number, a.title),
                    format!("{} min{mark}", a.planned_minutes),
                    fmt::spent(a.spent_seconds),
                    fmt::over_under(a.planned_minutes, a.spent_seconds),
                ]
            })
            .collect();
        rows.push(vec![
            "Total".into(),
            format!("{} min", m.planned_total()),
            fmt::spent(m.spent_total()),
            fmt::over_under(m.timed_planned_total(), m.spent_total()),
        ]);
        t.table(&["Step", "Planned", "Taken", "Difference"], &rows);
        t.blank();
        t.para(fmt::TIMED_NOTE, "", "");
    }
    if !m.votes.is_empty() {
        t.blank();
        t.line(&format!(
            "Votes (each member present had {}):",
            fmt::votes(m.vote_budget)
        ));
        for v in &m.votes {
            t.blank();
            t.para(&v.place.describe(), "  ", "  ");
            for item in &v.items {
                t.para(
                    &format!("{} ({})", item.text, fmt::voters(&item.voters)),
                    &format!("  {:>9}  ", fmt::votes(item.votes)),
                    &" ".repeat(13),
                );
            }
        }
    }
    if !m.parking.is_empty() {
        t.blank();
        t.line("Parking lot:");
        for p in &m.parking {
            let mut text = p.text.clone();
            if !p.raised_by.is_empty() {
                text.push_str(&format!(" (raised by {})", p.raised_by));
            }
            match &p.moved_to {
                None => {}
                Some(action) if *action == p.text => text.push_str(": now an action"),
                Some(action) => text.push_str(&format!(": became the action \"{action}\"")),
            }
            t.para(&text, "  - ", "    ");
        }
    }
    if !m.review.is_empty() {
        t.blank();
        t.line("Opening review of carried actions:");
        for r in &m.review {
            t.para(
                &format!("{} [{}]", r.what, fmt::owner(&r.owner)),
                &format!("  {:<17} ", fmt::outcome(&r.outcome)),
                &" ".repeat(20),
            );
        }
    }
}

fn render_comparison(t: &mut Txt, c: &Comparison) {
    t.heading(
        &format!(
            "Since the previous review: {}",
            fmt::excerpt(&c.old_title, 40)
        ),
        '-',
    );
    let mut intro = format!(
        "Compared with the review started on {} (last change {}).",
        fmt::day(c.old_created),
        fmt::day(c.old_last_change)
    );
    if !c.linked {
        intro.push_str(" This review was not started from that one.");
    }
    t.para(&intro, "", "");
    t.blank();
    t.line("Ratings that moved:");
    if c.ratings.is_empty() {
        t.line(&format!("  none ({} unchanged)", c.ratings_unchanged));
    }
    for r in &c.ratings {
        t.para(&fmt::rating_move(r), "  - ", "    ");
    }
    t.blank();
    t.line("Actions that were open:");
    if c.actions.is_empty() {
        t.line("  none");
    }
    for outcome in Outcome::ALL {
        let list: Vec<_> = c.with_outcome(outcome).collect();
        if list.is_empty() {
            continue;
        }
        t.line(&format!("  {} ({}):", outcome.label(), list.len()));
        for f in list {
            t.para(
                &format!(
                    "{} ({}, was due {})",
                    f.old.what,
                    fmt::owner(&f.old.owner),
                    if f.old.due.is_empty() {
                        "-"
                    } else {
                        &f.old.due
                    }
                ),
                "    - ",
                "      ",
            );
        }
    }
    t.blank();
    for (label, list) in [("New risks", &c.new_risks)] {
        t.line(&format!("{label}:"));
        if list.is_empty() {
            t.line("  none");
        }
        for r in list {
            let score = r.score().map_or_else(|| "-".into(), |v| v.to_string());
            t.para(
                &format!("{} (score {score})", r.description),
                "  - ",
                "    ",
            );
        }
    }
    if c.closed_risks.is_empty() {
        t.line("Closed risks:");
        t.line("  none");
    }
    for (label, lines) in fmt::risk_follow_ups(c) {
        t.line(&format!("{label}:"));
        for l in lines {
            t.para(&l, "  - ", "    ");
        }
    }
    if !c.rescored_risks.is_empty() {
        t.line("Rescored risks:");
        for (o, n) in &c.rescored_risks {
            let sc =
                |r: &super::model::Risk| r.score().map_or_else(|| "-".into(), |v| v.to_string());
            t.para(
                &format!("{}: {} to {}", n.description, sc(o), sc(n)),
                "  - ",
                "    ",
            );
        }
    }
}
