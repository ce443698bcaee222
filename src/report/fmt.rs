//! Small formatting helpers shared by the renderers.

use super::model::{Action, AnswerRef, MASKED, RatingArea, Summary};
use jiff::Timestamp;
use jiff::tz::TimeZone;

/// The UTC calendar date of a timestamp, the way reports show dates
/// (`Wed 16 Sep 2026`).
#[must_use]
pub fn day(t: Timestamp) -> String {
    crate::workshop::date::long(t.to_zoned(TimeZone::UTC).date())
}

/// A timestamp to the minute, the UK way: `Wed 16 Sep 2026, 14:05 UTC`.
#[must_use]
pub fn minute(t: Timestamp) -> String {
    let z = t.to_zoned(TimeZone::UTC);
    format!(
        "{}, {} UTC",
        crate::workshop::date::long(z.date()),
        z.strftime("%H:%M")
    )
}

/// The first `max` characters of a text on one line, with an ellipsis when cut.
#[must_use]
pub fn excerpt(text: &str, max: usize) -> String {
    let one: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= max {
        one
    } else {
        let cut: String = one.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

/// An answer's lines joined on one line.
#[must_use]
pub fn answer_one_line(a: &AnswerRef) -> String {
    if a.masked {
        return MASKED.to_owned();
    }
    a.lines
        .iter()
        .map(|l| l.split('\n').collect::<Vec<_>>().join(" / "))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// "alice 2, bob 3".
#[must_use]
pub fn member_ratings(r: &RatingArea) -> String {
    if r.members.is_empty() {
        return "none yet".into();
    }
    r.members
        .iter()
        .map(|(m, v)| format!("{m} {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "2-4", "3" or "none".
#[must_use]
pub fn spread(r: &RatingArea) -> String {
    match r.spread() {
        Some((lo, hi)) if lo == hi => format!("{lo} (all agree)"),
        Some((lo, hi)) => format!("{lo}-{hi} (gap {})", hi - lo),
        None => "none".into(),
    }
}

/// The agreed level with its label, or why there is none.
#[must_use]
pub fn agreed(r: &RatingArea) -> String {
    match (r.agreed, r.conflict) {
        (_, true) => "in conflict".into(),
        (Some(l), false) => r.level_label(l),
        (None, false) => "not agreed yet".into(),
    }
}

/// An action's due date with an overdue flag.
#[must_use]
pub fn due(a: &Action) -> String {
    match (a.due.is_empty(), a.overdue) {
        (true, _) => "no date".into(),
        (false, true) => format!("{} (overdue)", a.due),
        (false, false) if a.due_date.is_none() => format!("{} (not a date)", a.due),
        (false, false) => a.due.clone(),
    }
}

/// The owner, or a placeholder.
#[must_use]
pub fn owner(name: &str) -> &str {
    if name.is_empty() {
        "No owner named"
    } else {
        name
    }
}

/// The facts at the top of every report.
#[must_use]
pub fn glance(s: &Summary) -> Vec<(String, String)> {
    let mut out = vec![
        (
            "Steps complete".to_owned(),
            format!("{} of {}", s.complete_steps(), s.steps.len()),
        ),
        (
            "Actions".to_owned(),
            format!("{} open, {} overdue", s.open_actions(), s.overdue_actions()),
        ),
        (
            "Risks".to_owned(),
            format!(
                "{} ({} high)",
                s.risks.len(),
                s.risks.iter().filter(|r| r.band() == "high").count()
            ),
        ),
        (
            "Unresolved conflicts".to_owned(),
            s.conflicts.len().to_string(),
        ),
        ("Next review".to_owned(), next_review(s)),
    ];
    let missing: Vec<&str> = s
        .roles
        .missing_required()
        .iter()
        .map(|r| r.label.as_str())
        .collect();
    if !missing.is_empty() {
        out.push(("Required roles not covered".to_owned(), missing.join(", ")));
    }
    if let Some(line) = evidence_headline(s) {
        out.push(("Evidence".to_owned(), line));
    }
    out
}

/// "9 of 15 standard parts addressed, 4 partly, 2 nothing yet".
#[must_use]
pub fn evidence_headline(s: &Summary) -> Option<String> {
    use super::model::Coverage;
    let parts: Vec<_> = s.evidence.iter().flat_map(|e| e.parts.iter()).collect();
    if parts.is_empty() {
        return None;
    }
    let count = |c: Coverage| parts.iter().filter(|p| p.coverage == c).count();
    Some(format!(
        "{} of {} standard parts addressed, {} partly, {} nothing yet",
        count(Coverage::Addressed),
        parts.len(),
        count(Coverage::Partly),
        count(Coverage::Nothing)
    ))
}

/// How a rating moved since the earlier session: `Area: 2 to 3 (up)`.
#[must_use]
pub fn rating_move(r: &super::compare::RatingMove) -> String {
    let lv = |v: Option<u8>| v.map_or_else(|| "-".into(), |v| v.to_string());
    format!(
        "{}: {} to {} ({})",
        r.area,
        lv(r.old),
        lv(r.new),
        r.direction()
    )
}

/// The risks of the earlier review that were neither new nor closed, nor
/// rescored, grouped by what became of them, as plain text for a renderer to
/// escape: accepted and transferred (with the reason given), not looked at in
/// this review, and no longer in the register without being closed. Closed
/// risks carry the date and reason someone recorded. Empty groups are left out,
/// so a report never claims more than the group decided.
#[must_use]
pub fn risk_follow_ups(c: &super::compare::Comparison) -> Vec<(String, Vec<String>)> {
    use crate::workshop::compare::RiskOutcome;
    let line = |f: &super::compare::RiskFollowUp| {
        let Some(r) = f.risk() else {
            return String::new();
        };
        let score = r.score().map_or_else(|| "-".into(), |v| v.to_string());
        let mut out = format!("{} (score {score})", r.description);
        if let Some(d) = f.closed_on {
            out.push_str(&format!(", closed on {}", crate::workshop::date::long(d)));
        }
        if !f.reason.trim().is_empty() {
            out.push_str(&format!(": {}", f.reason.trim()));
        }
        out
    };
    [
        RiskOutcome::Closed,
        RiskOutcome::Accepted,
        RiskOutcome::Transferred,
        RiskOutcome::NotLookedAt,
        RiskOutcome::Removed,
    ]
    .into_iter()
    .filter_map(|o| {
        let lines: Vec<String> = c
            .risks_with(o)
            .map(line)
            .filter(|l| !l.is_empty())
            .collect();
        if lines.is_empty() {
            return None;
        }
        let mut label = o.label().to_owned();
        if let Some(first) = label.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        Some((format!("{label} ({})", lines.len()), lines))
    })
    .collect()
}

/// The count line above an action plan: `3 open, 1 overdue as of Sun 29 Nov 2026`.
#[must_use]
pub fn actions_as_of(s: &Summary) -> String {
    format!(
        "{} open, {} overdue as of {}",
        s.open_actions(),
        s.overdue_actions(),
        date(s.today)
    )
}

/// An action's due date for a list: the date, or `no date`.
#[must_use]
pub fn due_or_none(a: &Action) -> String {
    if a.due.is_empty() {
        "no date".to_owned()
    } else {
        a.due.clone()
    }
}

/// One entry of the evidence map in words: "Step 5, Strands we teach: ticked
/// \"Online bullying\"", "Step 7, decision: Hold the next review in July".
/// No answer text: the appendix has the answers in full.
#[must_use]
pub fn evidence_entry(e: &super::model::EvidenceEntry) -> String {
    use super::model::EvidenceEntry;
    match e {
        EvidenceEntry::Answer(a) if a.masked => {
            format!("{} (an answer marked sensitive)", a.place.describe())
        }
        EvidenceEntry::Answer(a) => a.place.describe(),
        EvidenceEntry::Ticked { place, option } => {
            format!("{}: \"{option}\" ticked", place.describe())
        }
        EvidenceEntry::Decision(d) => {
            format!("Step {}, decision: {}", d.place.step, excerpt(&d.what, 80))
        }
        EvidenceEntry::Action(a) => format!(
            "Step {}, action ({}, {}): {}",
            a.place.step,
            owner(&a.owner),
            a.status,
            excerpt(&a.what, 80)
        ),
    }
}

/// A date as reports show it: `Thu 31 Dec 2026`.
#[must_use]
pub fn date(d: jiff::civil::Date) -> String {
    crate::workshop::date::long(d)
}

/// The next review date, or that none is set.
#[must_use]
pub fn next_review(s: &Summary) -> String {
    match (&s.review.next_date, s.review.next.is_empty()) {
        (Some(d), _) => crate::workshop::date::long(*d),
        (None, true) => "not set".into(),
        (None, false) => format!("{} (not a date)", s.review.next),
    }
}

/// The line under every report: when it was produced and the model it
/// follows. No internal ids: a governor cannot use them.
#[must_use]
pub fn colophon(s: &Summary) -> String {
    let mut line = format!("Produced by safestep on {}.", date(s.today));
    if !s.framework_credit.is_empty() {
        line.push_str(&format!(" {}: {}", s.framework_title, s.framework_credit));
    }
    line
}

/// Seconds spent as whole minutes: "-", "under 1 min", "23 min".
#[must_use]
pub fn spent(seconds: u64) -> String {
    match seconds {
        0 => "-".into(),
        1..=59 => "under 1 min".into(),
        s => format!("{} min", s.saturating_add(30) / 60),
    }
}

/// Time taken against time planned: "+3 min", "-5 min", "on time", or ""
/// when nothing was recorded for the step.
#[must_use]
pub fn over_under(planned_minutes: u32, spent_seconds: u64) -> String {
    if spent_seconds == 0 {
        return String::new();
    }
    let taken = i64::try_from(spent_seconds.saturating_add(30) / 60).unwrap_or(i64::MAX);
    match taken.saturating_sub(i64::from(planned_minutes)) {
        0 => "on time".into(),
        d if d > 0 => format!("+{d} min"),
        d => format!("{d} min"),
    }
}

/// "Asha Patel 2, Ben Okafor 1".
#[must_use]
pub fn voters(voters: &[(String, u32)]) -> String {
    voters
        .iter()
        .map(|(v, n)| format!("{v} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "1 vote" or "5 votes".
#[must_use]
pub fn votes(n: u32) -> String {
    if n == 1 {
        "1 vote".into()
    } else {
        format!("{n} votes")
    }
}

/// An opening-review outcome in words.
#[must_use]
pub fn outcome(outcome: &str) -> &str {
    match outcome {
        "" => "not reviewed yet",
        "carried" => "carried on",
        o => o,
    }
}

/// The note under the time-by-step table.
pub const TIMED_NOTE: &str = "Planned times marked \"suggested\" are the framework's; the others were set for this meeting. The total's difference counts only the steps that were timed.";

/// What a part of a standard is addressed by, in words: when it is
/// addressed, the entries that address it fully; otherwise the entries that
/// touch it partly.
#[must_use]
pub fn evidence_by(part: &super::model::PartEvidence) -> Vec<String> {
    const SHOWN: usize = 3;
    let all: Vec<String> = if part.coverage == super::model::Coverage::Addressed {
        part.full().map(evidence_entry).collect()
    } else {
        part.partial().map(evidence_entry).collect()
    };
    if all.len() <= SHOWN + 1 {
        return all;
    }
    let more = all.len() - SHOWN;
    let mut out: Vec<String> = all.into_iter().take(SHOWN).collect();
    out.push(format!("and {more} more"));
    out
}

/// Where a policy question is answered, in short: "5 answers, in steps 1,
/// 3 and 5", or "nothing yet".
#[must_use]
pub fn question_places(q: &super::model::PolicyQuestion) -> String {
    if q.answers.is_empty() {
        return "nothing yet".into();
    }
    let mut steps: Vec<usize> = q.answers.iter().map(|a| a.place.step).collect();
    steps.dedup();
    let list: Vec<String> = steps.iter().map(ToString::to_string).collect();
    let steps = match list.as_slice() {
        [one] => format!("step {one}"),
        [rest @ .., last] => format!("steps {} and {last}", rest.join(", ")),
        [] => String::new(),
    };
    let n = q.answers.len();
    format!(
        "{n} {}, in {steps}",
        if n == 1 { "answer" } else { "answers" }
    )
}

/// "All 7 steps complete." or "5 of 7 steps complete."
#[must_use]
pub fn steps_line(s: &Summary) -> String {
    let done = s.complete_steps();
    if done == s.steps.len() {
        format!("All {} steps complete.", s.steps.len())
    } else {
        format!("{done} of {} steps complete.", s.steps.len())
    }
}

/// The sign-off block that ends a governors' report: label and what to
/// write (the chair's name when the session records it).
#[must_use]
pub fn sign_off(s: &Summary) -> Vec<(&'static str, String)> {
    let line = "_".repeat(30);
    vec![
        (
            "Chair",
            if s.chair.is_empty() {
                line.clone()
            } else {
                s.chair.clone()
            },
        ),
        ("Signed", line.clone()),
        ("Date", line),
    ]
}

/// The sentence before the sign-off block.
pub const SIGN_OFF_INTRO: &str =
    "Agreed as a true record of the group's review, for the governing board.";

/// The report sections that already show some of a step's answers, each
/// once, in order.
#[must_use]
pub fn shown_elsewhere(step: &super::model::StepAnswers) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for a in &step.answers {
        if let Some(place) = a.elsewhere
            && !out.contains(&place)
        {
            out.push(place);
        }
    }
    out
}
