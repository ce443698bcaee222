//! The governors' report as Markdown (CommonMark with pipe tables).
//!
//! Every piece of user text goes through [`inline`] or [`cell`], which
//! backslash-escape the characters that Markdown (or HTML inside Markdown)
//! would interpret, so an answer can never become a link, an image, raw HTML
//! or a heading. Control characters were removed when the model was built.

use super::compare::{Comparison, Outcome};
use super::fmt;
use super::model::{AnswerRef, MASKED, MeetingSummary, Summary};
use std::fmt::Write;

/// Escape user text for use inside a Markdown paragraph or list item.
/// Newlines become hard line breaks.
#[must_use]
pub fn inline(text: &str) -> String {
    text.split('\n')
        .map(escape_line)
        .collect::<Vec<_>>()
        .join("\\\n")
}

/// Escape user text for a table cell: one line, pipes escaped.
#[must_use]
pub fn cell(text: &str) -> String {
    let one: Vec<String> = text.split('\n').map(escape_line).collect();
    let joined = one.join(" / ");
    if joined.is_empty() {
        "-".into()
    } else {
        joined
    }
}

fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let chars: Vec<char> = line.trim_start().chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let escape = match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '!' => true,
            // Only where it could start an entity such as `&amp;` or `&#60;`.
            '&' => {
                let run = chars[i + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
                    .count();
                run > 0 && chars.get(i + 1 + run) == Some(&';')
            }
            // A heading, list item or rule when first on the line.
            '#' | '-' | '+' | '=' => i == 0,
            // "1." or "1)" at the start of a line would start a numbered list;
            // "www." would become a link in GitHub's Markdown.
            '.' => (i > 0 && chars[..i].iter().all(char::is_ascii_digit)) || after_www(&chars, i),
            ')' => i > 0 && chars[..i].iter().all(char::is_ascii_digit),
            // "https:", "javascript:" or "mailto:" followed by more: a scheme,
            // which an autolinking renderer would turn into a link.
            ':' => {
                i > 0
                    && chars[i - 1].is_ascii_alphabetic()
                    && chars.get(i + 1).is_some_and(|c| !c.is_whitespace())
            }
            // "name@example.org" would become a mail link.
            '@' => {
                i > 0
                    && chars[i - 1].is_alphanumeric()
                    && chars.get(i + 1).is_some_and(|c| c.is_alphanumeric())
            }
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// "www" just before `chars[i]`, at the start of a word.
fn after_www(chars: &[char], i: usize) -> bool {
    i >= 3
        && chars[i - 3..i].iter().all(|c| c.eq_ignore_ascii_case(&'w'))
        && (i == 3 || !chars[i - 4].is_alphanumeric())
}

struct Md {
    out: String,
}

impl Md {
    fn line(&mut self, s: &str) {
        self.out.push_str(s);
        self.out.push('\n');
    }

    fn blank(&mut self) {
        if !self.out.ends_with("\n\n") && !self.out.is_empty() {
            self.out.push('\n');
        }
    }

    fn heading(&mut self, level: usize, text: &str) {
        self.blank();
        self.line(&format!("{} {text}", "#".repeat(level)));
        self.out.push('\n');
    }

    fn table(&mut self, headers: &[&str], rows: &[Vec<String>]) {
        self.blank();
        self.line(&format!("| {} |", headers.join(" | ")));
        self.line(&format!("|{}", "---|".repeat(headers.len())));
        for r in rows {
            self.line(&format!("| {} |", r.join(" | ")));
        }
        self.out.push('\n');
    }

    fn answer(&mut self, a: &AnswerRef) {
        if a.masked {
            self.line(&format!("- *{}*", inline(MASKED)));
            return;
        }
        for l in &a.lines {
            self.line(&format!("- {}", inline(l).replace("\\\n", "\\\n  ")));
        }
    }
}

/// Render the summary as Markdown.
#[must_use]
pub fn render(s: &Summary, since: Option<&Comparison>) -> String {
    let mut md = Md { out: String::new() };
    let title = if s.title.is_empty() {
        "E-safety review".to_owned()
    } else {
        inline(&s.title)
    };
    md.line(&format!("# {title}"));
    md.blank();
    let mut meta = Vec::new();
    if !s.organisation.is_empty() {
        meta.push(format!("**Organisation:** {}", inline(&s.organisation)));
    }
    if !s.facilitator.is_empty() {
        meta.push(format!("**Facilitator:** {}", inline(&s.facilitator)));
    }
    meta.push(format!(
        "**Session started:** {} · **last change:** {} · **report date:** {}",
        fmt::day(s.created),
        fmt::day(s.last_change),
        fmt::date(s.today)
    ));
    md.line(&meta.join("\\\n"));
    if let Some(note) = s.sensitive_note() {
        md.blank();
        md.line(&format!("> **Sensitive answers.** {}", inline(&note)));
    }
    if let Some(m) = &s.framework_mismatch {
        md.blank();
        md.line(&format!("> **Note:** {}.", inline(m)));
    }

    md.heading(2, "At a glance");
    for (k, v) in fmt::glance(s) {
        md.line(&format!("- **{k}:** {}", inline(&v)));
    }

    if let Some(c) = since {
        render_comparison(&mut md, c);
    }
    if let Some(m) = &s.meeting {
        render_meeting(&mut md, m);
    }
    render_ratings(&mut md, s);
    render_risks(&mut md, s);
    render_actions(&mut md, s);
    render_decisions(&mut md, s);
    render_policies(&mut md, s);
    render_review(&mut md, s);
    render_conflicts(&mut md, s);
    render_roles(&mut md, s);
    render_steps(&mut md, s);
    render_questions(&mut md, s);
    render_evidence(&mut md, s);
    render_answers(&mut md, s);
    render_sign_off(&mut md, s);

    md.blank();
    md.line("---");
    md.blank();
    md.line(&format!("*{}*", inline(&fmt::colophon(s))));
    md.out
}

/// A table cell followed by who proposed it, when recorded.
fn with_proposer(cell_text: String, proposed_by: &str) -> String {
    if proposed_by.is_empty() {
        cell_text
    } else {
        format!("{cell_text} *(proposed by {})*", cell(proposed_by))
    }
}

fn render_meeting(md: &mut Md, m: &MeetingSummary) {
    md.heading(2, "The meeting");
    if !m.attendance.is_empty() {
        md.heading(3, "Attendance");
        let names = |present: bool| -> Vec<String> {
            m.attendance
                .iter()
                .filter(|a| a.present == present)
                .map(|a| {
                    if a.in_roster {
                        inline(&a.name)
                    } else {
                        format!("{} (not on the roster)", inline(&a.name))
                    }
                })
                .collect()
        };
        let (here, away) = (names(true), names(false));
        let list = |v: &[String]| {
            if v.is_empty() {
                "nobody".to_owned()
            } else {
                v.join(", ")
            }
        };
        md.line(&format!(
            "**Present ({}):** {}\\\n**Not recorded as present ({}):** {}",
            here.len(),
            list(&here),
            away.len(),
            list(&away)
        ));
    }
    if !m.agenda.is_empty() {
        md.heading(3, "Time by step");
        let mut rows: Vec<Vec<String>> = m
            .agenda
            .iter()
            .map(|a| {
                let mark = if a.planned_here { "" } else { " (suggested)" };
                vec![
                    format!("{}. {}", a.number, cell(&a.title)),
                    format!("{} min{mark}", a.planned_minutes),
                    fmt::spent(a.spent_seconds),
                    cell(&fmt::over_under(a.planned_minutes, a.spent_seconds)),
                ]
            })
            .collect();
        rows.push(vec![
            "**Total**".into(),
            format!("**{} min**", m.planned_total()),
            format!("**{}**", fmt::spent(m.spent_total())),
            cell(&fmt::over_under(m.timed_planned_total(), m.spent_total())),
        ]);
        md.table(&["Step", "Planned", "Taken", "Difference"], &rows);
        md.line(&inline(fmt::TIMED_NOTE));
    }
    if !m.votes.is_empty() {
        md.heading(3, "Votes");
        md.line(&format!(
            "Each member present had {}.",
            fmt::votes(m.vote_budget)
        ));
        for v in &m.votes {
            md.blank();
            md.line(&format!("**{}**", inline(&v.place.describe())));
            md.blank();
            for (i, item) in v.items.iter().enumerate() {
                md.line(&format!(
                    "{}. {}: {} ({})",
                    i + 1,
                    fmt::votes(item.votes),
                    inline(&item.text),
                    inline(&fmt::voters(&item.voters))
                ));
            }
        }
    }
    if !m.parking.is_empty() {
        md.heading(3, "Parking lot");
        for p in &m.parking {
            let by = if p.raised_by.is_empty() {
                String::new()
            } else {
                format!(" (raised by {})", inline(&p.raised_by))
            };
            let text = inline(&p.text).replace("\\\n", "\\\n  ");
            match &p.moved_to {
                None => md.line(&format!("- {text}{by}")),
                Some(action) if *action == p.text => {
                    md.line(&format!("- {text}{by}: now an action"))
                }
                Some(action) => md.line(&format!(
                    "- {text}{by}: became the action \"{}\"",
                    inline(action)
                )),
            }
        }
    }
    if !m.review.is_empty() {
        md.heading(3, "Opening review of carried actions");
        let rows: Vec<Vec<String>> = m
            .review
            .iter()
            .map(|r| {
                vec![
                    cell(&r.what),
                    cell(fmt::owner(&r.owner)),
                    cell(fmt::outcome(&r.outcome)),
                ]
            })
            .collect();
        md.table(&["Action", "Owner", "Outcome"], &rows);
    }
}

fn render_steps(md: &mut Md, s: &Summary) {
    md.heading(2, "Progress by step");
    md.line(&fmt::steps_line(s));
    let rows: Vec<Vec<String>> = s
        .steps
        .iter()
        .filter(|st| !st.complete())
        .map(|st| {
            vec![
                format!("{}. {}", st.number, cell(&st.title)),
                format!("{} of {}", st.answered, st.total),
                cell(&st.missing.join("; ")),
            ]
        })
        .collect();
    if !rows.is_empty() {
        md.table(&["Step", "Answered", "Still to answer"], &rows);
    }
}

fn render_roles(md: &mut Md, s: &Summary) {
    md.heading(2, "The group and its roles");
    if s.roles.masked {
        md.line(&format!("*The roster: {}*", inline(MASKED)));
    } else if s.roles.members.is_empty() {
        md.line("No members recorded yet.");
    } else {
        let rows: Vec<Vec<String>> = s
            .roles
            .members
            .iter()
            .map(|m| vec![cell(&m.name), cell(&m.roles.join(", ")), cell(&m.note)])
            .collect();
        md.table(&["Member", "Roles", "Note"], &rows);
    }
    md.blank();
    for r in &s.roles.roles {
        let kind = if r.required {
            "required"
        } else {
            "recommended"
        };
        if r.members.is_empty() {
            let finding = if r.required {
                " **Finding: nobody covers this role.**"
            } else {
                ""
            };
            md.line(&format!(
                "- {} ({kind}): nobody.{finding}",
                inline(&r.label)
            ));
        } else {
            md.line(&format!(
                "- {} ({kind}): {}",
                inline(&r.label),
                inline(&r.members.join(", "))
            ));
        }
    }
}

fn render_ratings(md: &mut Md, s: &Summary) {
    md.heading(2, "Ratings by area");
    if s.ratings.is_empty() {
        md.line("No areas are rated in this framework.");
        return;
    }
    let rows: Vec<Vec<String>> = s
        .ratings
        .iter()
        .map(|r| {
            vec![
                cell(&r.area),
                cell(&fmt::member_ratings(r)),
                fmt::spread(r),
                cell(&fmt::agreed(r)),
            ]
        })
        .collect();
    md.table(
        &["Area", "Members' ratings", "Spread", "Agreed level"],
        &rows,
    );
    if let Some(r) = s.ratings.first().filter(|r| !r.levels.is_empty()) {
        let scale: Vec<String> = r
            .levels
            .iter()
            .enumerate()
            .map(|(i, l)| format!("{} {}", i + 1, inline(l)))
            .collect();
        md.line(&format!("Scale: {}.", scale.join(", ")));
    }
}

fn render_risks(md: &mut Md, s: &Summary) {
    md.heading(2, "Risk register");
    if s.risks.is_empty() {
        md.line("No risks recorded yet.");
        return;
    }
    let rows: Vec<Vec<String>> = s
        .risks
        .iter()
        .map(|r| {
            vec![
                r.score()
                    .map_or_else(|| "-".into(), |v| format!("{v} ({})", r.band())),
                with_proposer(cell(&r.description), &r.proposed_by),
                r.likelihood.map_or_else(|| "-".into(), |v| v.to_string()),
                r.impact.map_or_else(|| "-".into(), |v| v.to_string()),
                cell(fmt::owner(&r.owner)),
                cell(&r.mitigation),
            ]
        })
        .collect();
    md.table(
        &[
            "Score",
            "Risk",
            "Likelihood",
            "Impact",
            "Owner",
            "Mitigation",
        ],
        &rows,
    );
    md.line("Number of risks by likelihood and impact:");
    let rows: Vec<Vec<String>> = (1..=5usize)
        .rev()
        .map(|impact| {
            let mut row = vec![format!("**Impact {impact}**")];
            row.extend((1..=5usize).map(|l| {
                let n = s.risk_grid[impact - 1][l - 1];
                if n == 0 {
                    ".".into()
                } else {
                    format!("**{n}**")
                }
            }));
            row
        })
        .collect();
    md.table(&["", "Likelihood 1", "2", "3", "4", "5"], &rows);
}

fn render_actions(md: &mut Md, s: &Summary) {
    md.heading(2, "Action plan");
    if s.actions.is_empty() {
        md.line("No actions recorded yet.");
        return;
    }
    md.line(&format!(
        "{}. Grouped by owner, soonest due first.",
        fmt::actions_as_of(s)
    ));
    for group in &s.actions {
        md.heading(3, &inline(fmt::owner(&group.owner)));
        let rows: Vec<Vec<String>> = group
            .actions
            .iter()
            .map(|a| {
                let due = if a.overdue {
                    format!("**{}**", cell(&fmt::due(a)))
                } else {
                    cell(&fmt::due(a))
                };
                vec![
                    due,
                    with_proposer(cell(&a.what), &a.proposed_by),
                    cell(&a.status),
                    format!("Step {}", a.place.step),
                ]
            })
            .collect();
        md.table(&["Due", "Action", "Status", "From"], &rows);
    }
}

fn render_decisions(md: &mut Md, s: &Summary) {
    md.heading(2, "Decisions");
    if s.decisions.is_empty() {
        md.line("No decisions recorded yet.");
        return;
    }
    for (i, d) in s.decisions.iter().enumerate() {
        // Each part ends in a hard line break, so title, why and who stay
        // on separate lines in every renderer.
        md.line(&format!(
            "{}. **{}**\\",
            i + 1,
            inline(&d.what).replace("\\\n", "\\\n   ")
        ));
        if !d.why.is_empty() {
            md.line(&format!(
                "   Why: {}\\",
                inline(&d.why).replace("\\\n", "\\\n   ")
            ));
        }
        let mut who = Vec::new();
        if !d.proposed_by.is_empty() {
            who.push(format!("proposed by {},", inline(&d.proposed_by)));
        }
        if !d.agreed_by.is_empty() {
            who.push(format!("agreed by {}", inline(&d.agreed_by)));
        }
        if !d.date.is_empty() {
            who.push(format!("on {}", inline(&d.date)));
        }
        who.push(format!("(step {})", d.place.step));
        md.line(&format!("   *{}*", who.join(" ")));
        md.blank();
    }
}

fn render_review(md: &mut Md, s: &Summary) {
    md.heading(2, "Next review");
    md.line(&format!(
        "**Next review:** {}",
        inline(&fmt::next_review(s))
    ));
    md.blank();
    if s.review.triggers.is_empty() {
        md.line("No triggers for an earlier review recorded yet.");
    } else {
        md.line("An earlier review if:");
        md.blank();
        for t in &s.review.triggers {
            md.line(&format!("- {}", inline(t)));
        }
    }
}

fn render_conflicts(md: &mut Md, s: &Summary) {
    md.heading(2, "Unresolved conflicts");
    if s.conflicts.is_empty() {
        md.line("None: every answer is settled.");
        return;
    }
    md.line("Members gave different values at the same time; the group has not yet chosen one.");
    md.blank();
    for c in &s.conflicts {
        md.line(&format!("- **{}** ({})", inline(&c.place), inline(&c.what)));
        for v in &c.values {
            md.line(&format!(
                "  - \"{}\" ({}, {})",
                inline(&v.value).replace("\\\n", "\\\n    "),
                inline(&v.by),
                fmt::minute(v.at)
            ));
        }
    }
}

fn render_questions(md: &mut Md, s: &Summary) {
    if s.questions.is_empty() {
        return;
    }
    md.heading(2, "The policy questions");
    md.line("Where the review answers each question; the appendix has the answers in full.");
    let rows: Vec<Vec<String>> = s
        .questions
        .iter()
        .map(|q| {
            let open: Vec<String> = q.unanswered.iter().map(|p| p.describe()).collect();
            vec![
                cell(&q.text),
                cell(&fmt::question_places(q)),
                cell(&if open.is_empty() {
                    "-".to_owned()
                } else {
                    open.join("; ")
                }),
            ]
        })
        .collect();
    md.table(&["Question", "Answered in", "Not answered yet"], &rows);
}

fn render_evidence(md: &mut Md, s: &Summary) {
    if s.evidence.is_empty() {
        return;
    }
    md.heading(2, "Evidence map");
    md.line(
        "Each part of the standards below is addressed, partly addressed or has nothing yet. Only a ticked strand, or an answer, decision or finished action about that part alone, addresses a part; docs/reports.md gives the rule.",
    );
    for std in &s.evidence {
        md.heading(3, &inline(&std.title));
        for part in &std.parts {
            md.line(&format!(
                "- **{}**: {}",
                inline(&part.title),
                part.coverage.label()
            ));
            let by = fmt::evidence_by(part);
            if !by.is_empty() {
                md.line(&format!("  - By: {}", inline(&by.join("; "))));
            }
            if !part.missing.is_empty() {
                md.line(&format!(
                    "  - Missing: {}",
                    inline(&part.missing.join("; "))
                ));
            }
        }
    }
}

fn render_policies(md: &mut Md, s: &Summary) {
    if s.policies.is_empty() {
        return;
    }
    md.heading(2, "Policies");
    let rows: Vec<Vec<String>> = s
        .policies
        .iter()
        .map(|p| {
            vec![
                cell(&p.policy),
                cell(if p.status.is_empty() {
                    "not answered"
                } else {
                    &p.status
                }),
                cell(&p.owner),
                cell(&p.review),
            ]
        })
        .collect();
    md.table(&["Policy", "Status", "Owner", "Next review"], &rows);
}

fn render_sign_off(md: &mut Md, s: &Summary) {
    md.heading(2, "Sign-off");
    md.line(fmt::SIGN_OFF_INTRO);
    md.blank();
    let lines: Vec<String> = fmt::sign_off(s)
        .into_iter()
        .map(|(k, v)| format!("**{k}:** {}", inline(&v)))
        .collect();
    md.line(&lines.join("\\\n"));
}

fn render_comparison(md: &mut Md, c: &Comparison) {
    md.heading(
        2,
        &format!("Since the previous review: {}", inline(&c.old_title)),
    );
    let mut intro = format!(
        "Compared with the review started on {} (last change {}).",
        fmt::day(c.old_created),
        fmt::day(c.old_last_change)
    );
    if !c.linked {
        intro.push_str(" This review was not started from that one.");
    }
    md.line(&intro);

    md.heading(3, "Ratings that moved");
    if c.ratings.is_empty() {
        md.line(&format!("None ({} unchanged).", c.ratings_unchanged));
    } else {
        let rows: Vec<Vec<String>> = c
            .ratings
            .iter()
            .map(|r| {
                let lv = |v: Option<u8>| v.map_or_else(|| "-".into(), |v| v.to_string());
                vec![cell(&r.area), lv(r.old), lv(r.new), r.direction().into()]
            })
            .collect();
        md.table(&["Area", "Then", "Now", "Moved"], &rows);
        md.line(&format!(
            "{} other rated areas unchanged.",
            c.ratings_unchanged
        ));
    }

    md.heading(3, "Actions that were open");
    if c.actions.is_empty() {
        md.line("The previous session had no open actions.");
    }
    for outcome in Outcome::ALL {
        let list: Vec<_> = c.with_outcome(outcome).collect();
        if list.is_empty() {
            continue;
        }
        md.line(&format!(
            "**{} ({})**",
            capitalise(outcome.label()),
            list.len()
        ));
        md.blank();
        for f in list {
            let now = f
                .new
                .as_ref()
                .filter(|n| n.due != f.old.due)
                .map_or_else(String::new, |n| {
                    format!(", now due {}", inline(&fmt::due(n)))
                });
            md.line(&format!(
                "- {} ({}, was due {}{now})",
                inline(&f.old.what),
                inline(fmt::owner(&f.old.owner)),
                inline(if f.old.due.is_empty() {
                    "-"
                } else {
                    &f.old.due
                })
            ));
        }
        md.blank();
    }

    md.heading(3, "Risks");
    let risk_line = |r: &super::model::Risk| {
        format!(
            "{} (score {})",
            inline(&r.description),
            r.score().map_or_else(|| "-".into(), |v| v.to_string())
        )
    };
    for (label, list) in [("New", &c.new_risks)] {
        if list.is_empty() {
            md.line(&format!("**{label}:** none."));
        } else {
            md.line(&format!("**{label}:**"));
            md.blank();
            for r in list {
                md.line(&format!("- {}", risk_line(r)));
            }
        }
        md.blank();
    }
    if c.closed_risks.is_empty() {
        md.line("**Closed:** none.");
        md.blank();
    }
    for (label, lines) in fmt::risk_follow_ups(c) {
        md.line(&format!("**{}:**", inline(&label)));
        md.blank();
        for l in lines {
            md.line(&format!("- {}", inline(&l)));
        }
        md.blank();
    }
    if !c.rescored_risks.is_empty() {
        md.line("**Rescored:**");
        md.blank();
        for (o, n) in &c.rescored_risks {
            md.line(&format!(
                "- {}: {} to {}",
                inline(&n.description),
                o.score().map_or_else(|| "-".into(), |v| v.to_string()),
                n.score().map_or_else(|| "-".into(), |v| v.to_string())
            ));
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

fn render_answers(md: &mut Md, s: &Summary) {
    md.heading(2, "Appendix: every answer, step by step");
    md.line("Each answer once, in full. Answers the report already shows are not repeated.");
    for step in &s.answers {
        md.heading(3, &format!("Step {}. {}", step.number, inline(&step.title)));
        let shown = fmt::shown_elsewhere(step);
        if !shown.is_empty() {
            md.line(&format!("*Shown above: {}.*", shown.join(", ")));
            md.blank();
        }
        let mut section = "";
        for a in step.answers.iter().filter(|a| a.elsewhere.is_none()) {
            if a.place.section != section && !a.place.section.is_empty() {
                md.heading(4, &inline(&a.place.section));
            }
            section = &a.place.section;
            let _ = write!(md.out, "**{}**", inline(&a.place.label));
            md.out.push('\n');
            md.blank();
            if a.lines.is_empty() && !a.masked {
                md.line("*Not answered.*");
            } else {
                md.answer(a);
            }
            md.blank();
        }
    }
}
