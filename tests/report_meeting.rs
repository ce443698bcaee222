//! The meeting section of the reports: attendance, time by step, votes, the
//! parking lot, the opening review and proposers; left out when a session
//! recorded no meeting; user text escaped in every format.
#![allow(clippy::unwrap_used)]

mod report_support;

use report_support::{autumn, framework, hostile, opts, stamp};
use safestep::content::{Framework, Kind};
use safestep::doc::{self, ConflictAt, PROPOSED_BY, Session};
use safestep::report::{self, Format, Table};
use safestep::tui::report_view::SummaryView;
use scraper::{Html, Selector};

fn prompt_of(fw: &Framework, kind: &Kind) -> String {
    fw.prompts()
        .find(|(_, p)| &p.kind == kind)
        .map(|(_, p)| p.id.clone())
        .unwrap()
}

fn all_formats(s: &report::Summary) -> Vec<(Format, String)> {
    [Format::Md, Format::Html, Format::Txt]
        .into_iter()
        .map(|f| (f, report::render(f, Table::Actions, s, None)))
        .collect()
}

fn widget_text(s: &report::Summary) -> String {
    SummaryView::new(s)
        .lines(100)
        .iter()
        .map(|l| {
            l.spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The autumn review with a meeting recorded: attendance (one person not on
/// the roster), time for two steps, votes on the risks and the problems
/// list, a parking lot with one point moved, and proposers.
fn with_meeting(fw: &Framework) -> (Session, Vec<String>) {
    let mut s = autumn(fw);
    let a = stamp("alice", "2026-09-14T17:00:00Z");
    s.set_present("Alice Khan", true, &a);
    s.set_present("Bob Okafor", false, &a);
    s.set_present("Visiting adviser", true, &a);
    s.set_planned_minutes("vision", 10, &a);
    s.add_spent("vision", 12 * 60 + 10, &a);
    s.add_spent("group", 8 * 60, &stamp("bob", "2026-09-14T17:01:00Z"));
    s.set_vote_budget(4, &a);
    let risks = prompt_of(fw, &Kind::Risks);
    let ids: Vec<String> = s
        .items_of(&risks)
        .iter()
        .map(|(id, _)| (*id).to_owned())
        .collect();
    assert!(ids.len() >= 2, "the autumn review has risks");
    s.set_votes(&ids[0], "Bob Okafor", 1, &a);
    s.set_votes(&ids[1], "Alice Khan", 3, &a);
    s.set_votes(&ids[1], "Bob Okafor", 1, &a);
    let problem = s.items_of("vision.problems")[0].0.to_owned();
    s.set_votes(&problem, "Alice Khan", 1, &a);
    let p1 = s.park("Ask the trust about phones", "Bob Okafor", &a);
    s.park("Staff room poster", "", &a);
    let actions = prompt_of(fw, &Kind::Actions);
    let moved = s.park_to_action(&p1, &actions, &a).unwrap();
    s.set_item_field(&moved, "what", "Write to the trust about phones", &a);
    s.set_item_field(&ids[0], PROPOSED_BY, "Bob Okafor", &a);
    let decision = s.items_of(&prompt_of(fw, &Kind::Decisions))[0].0.to_owned();
    s.set_item_field(&decision, PROPOSED_BY, "Alice Khan", &a);
    (s, ids)
}

#[test]
fn a_session_without_meeting_data_has_no_meeting_section() {
    let fw = framework();
    let s = report::build(&fw, &autumn(&fw), &opts(false));
    assert_eq!(s.meeting, None);
    for (f, out) in all_formats(&s) {
        assert!(!out.contains("The meeting"), "{f:?}");
        assert!(!out.contains("proposed by"), "{f:?}");
    }
    assert!(!widget_text(&s).contains("The meeting"));
}

#[test]
fn the_meeting_section_holds_what_was_recorded() {
    let fw = framework();
    let (session, risk_ids) = with_meeting(&fw);
    let s = report::build(&fw, &session, &opts(false));
    let m = s.meeting.as_ref().expect("a meeting was recorded");

    // Attendance: the roster in order, then others recorded.
    let roster: Vec<String> = session
        .items_of("group.roster")
        .iter()
        .map(|(_, i)| i.field("name").to_owned())
        .collect();
    let names: Vec<&str> = m.attendance.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        &names[..roster.len()],
        roster.iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert_eq!(names.last(), Some(&"Visiting adviser"));
    assert!(!m.attendance.last().unwrap().in_roster);
    assert_eq!(m.present(), vec!["Alice Khan", "Visiting adviser"]);
    assert!(m.not_present().contains(&"Bob Okafor"));

    // Time: every step, plan or suggestion, and totals.
    assert_eq!(m.agenda.len(), fw.steps.len());
    assert_eq!(m.agenda[0].planned_minutes, 10);
    assert!(m.agenda[0].planned_here);
    assert_eq!(m.agenda[0].spent_seconds, 730);
    assert_eq!(m.agenda[1].planned_minutes, fw.steps[1].suggested_minutes());
    assert!(!m.agenda[1].planned_here);
    assert_eq!(m.spent_total(), 730 + 480);
    assert_eq!(
        m.timed_planned_total(),
        10 + fw.steps[1].suggested_minutes()
    );

    // Votes: only collections with votes, most votes first.
    assert_eq!(m.vote_budget, 4);
    let places: Vec<&str> = m.votes.iter().map(|v| v.place.prompt.as_str()).collect();
    assert_eq!(
        places,
        vec!["vision.problems", prompt_of(&fw, &Kind::Risks).as_str()]
    );
    let risks = &m.votes[1];
    assert_eq!(risks.items[0].id, risk_ids[1]);
    assert_eq!(risks.items[0].votes, 4);
    assert_eq!(
        risks.items[0].voters,
        vec![("Alice Khan".to_owned(), 3), ("Bob Okafor".to_owned(), 1)]
    );
    assert_eq!(risks.items[1].votes, 1);

    // The parking lot: one point moved (with the action's current text).
    assert_eq!(m.parking.len(), 2);
    assert_eq!(
        m.parking[0].moved_to.as_deref(),
        Some("Write to the trust about phones")
    );
    assert_eq!(m.parking[0].raised_by, "Bob Okafor");
    assert_eq!(m.open_points().count(), 1);
    assert!(m.review.is_empty(), "nothing was carried forward");

    // Proposers on the entries.
    let moved = s
        .all_actions()
        .find(|a| a.what == "Write to the trust about phones")
        .unwrap();
    assert_eq!(moved.proposed_by, "Bob Okafor");
    assert!(s.risks.iter().any(|r| r.proposed_by == "Bob Okafor"));
    assert!(s.decisions.iter().any(|d| d.proposed_by == "Alice Khan"));

    for (f, out) in all_formats(&s) {
        for needle in [
            "The meeting",
            "Visiting adviser",
            "Ask the trust about phones",
            "Staff room poster",
            "Write to the trust about phones",
            "proposed by Bob Okafor",
            "Alice Khan 3, Bob Okafor 1",
            "12 min",
        ] {
            assert!(out.contains(needle), "{f:?} lacks {needle:?}");
        }
    }
    let w = widget_text(&s);
    for needle in [
        "The meeting",
        "Present (2)",
        "Ask the trust about phones",
        "proposed by Bob Okafor",
    ] {
        assert!(w.contains(needle), "the widget lacks {needle:?}:\n{w}");
    }
}

#[test]
fn a_deleted_action_frees_its_parking_point() {
    let fw = framework();
    let (mut session, _) = with_meeting(&fw);
    let point = session.parking_lot()[0].1.field(doc::MOVED_TO).to_owned();
    session.delete_item(&point, &stamp("alice", "2026-09-14T18:00:00Z"));
    let s = report::build(&fw, &session, &opts(false));
    let m = s.meeting.unwrap();
    assert_eq!(m.parking[0].moved_to, None);
    assert_eq!(m.open_points().count(), 2);
}

#[test]
fn the_opening_review_appears_once_the_review_begins() {
    let fw = framework();
    let old = autumn(&fw);
    let a = stamp("bob", "2027-01-10T16:00:00Z");
    let mut new = Session::new("spring".into(), "Spring review", fw.reference(), &a);
    let carried = report::carry_forward(&old, &mut new, &fw, &a);
    assert!(carried.actions >= 2, "{carried:?}");
    // Carried actions alone are no meeting.
    assert_eq!(report::build(&fw, &new, &opts(false)).meeting, None);

    let pending = new.review_pending(&fw);
    let first = pending[0].0.to_owned();
    new.set_review(&first, "done", &a);
    let s = report::build(&fw, &new, &opts(false));
    let m = s.meeting.as_ref().unwrap();
    assert_eq!(m.review.len(), carried.actions);
    assert_eq!(m.review[0].outcome, "done");
    assert!(m.review[1..].iter().all(|r| r.outcome.is_empty()));
    for (f, out) in all_formats(&s) {
        assert!(out.contains("Opening review of carried actions"), "{f:?}");
        assert!(out.contains("not reviewed yet"), "{f:?}");
    }
    assert!(widget_text(&s).contains("Opening review"));
}

#[test]
fn votes_on_a_sensitive_list_are_masked() {
    let mut fw = framework();
    let risks = prompt_of(&fw, &Kind::Risks);
    for step in &mut fw.steps {
        for p in &mut step.prompts {
            if p.id == risks {
                p.sensitive = true;
            }
        }
    }
    let (session, _) = with_meeting(&fw);
    let secret = session.items_of(&risks)[0]
        .1
        .field("description")
        .to_owned();
    let s = report::build(&fw, &session, &opts(false));
    let m = s.meeting.as_ref().unwrap();
    let voted = m.votes.iter().find(|v| v.place.prompt == risks).unwrap();
    assert!(voted.items.iter().all(|i| i.text == report::model::MASKED));
    for (f, out) in all_formats(&s) {
        assert!(!out.contains(&secret), "{f:?} shows {secret:?}");
    }
    let s = report::build(&fw, &session, &opts(true));
    let voted = s.meeting.unwrap().votes;
    assert!(
        voted
            .iter()
            .flat_map(|v| &v.items)
            .any(|i| i.text == secret)
    );
}

#[test]
fn meeting_conflicts_are_reported_with_their_place() {
    let fw = framework();
    let base = autumn(&fw);
    let (mut a, mut b) = (base.clone(), base);
    a.set_planned_minutes("assess", 60, &stamp("alice", "2026-09-15T09:00:00Z"));
    b.set_planned_minutes("assess", 45, &stamp("bob", "2026-09-15T09:00:00Z"));
    a.set_present("Bob Okafor", true, &stamp("alice", "2026-09-15T09:01:00Z"));
    b.set_present("Bob Okafor", false, &stamp("bob", "2026-09-15T09:01:00Z"));
    let merged = a.merge(&b).unwrap();
    let at = merged.conflicts();
    assert!(at.contains(&ConflictAt::Planned("assess".into())));
    assert!(at.contains(&ConflictAt::Attendance("Bob Okafor".into())));
    let s = report::build(&fw, &merged, &opts(false));
    let places: Vec<&str> = s.conflicts.iter().map(|c| c.place.as_str()).collect();
    assert!(
        places.contains(&"Step 3, Assess current practice: minutes planned for the meeting"),
        "{places:?}"
    );
    assert!(places.contains(&"Attendance of Bob Okafor"), "{places:?}");
    let planned = s
        .conflicts
        .iter()
        .find(|c| c.place.contains("minutes planned"))
        .unwrap();
    let values: Vec<&str> = planned.values.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(values.len(), 2);
    assert!(values.contains(&"60 minutes") && values.contains(&"45 minutes"));
}

const HOSTILE: &str = "<script>alert(1)</script>\u{1b}[2J *x* [l](javascript:y) \" onload=\"z";

/// The hostile session with hostile meeting text everywhere a name or point goes.
fn hostile_meeting(fw: &Framework) -> Session {
    let mut s = hostile(fw, HOSTILE);
    let a = stamp("mallory", "2026-09-14T17:00:00Z");
    s.set_present(HOSTILE, true, &a);
    s.add_spent("vision", 300, &a);
    let ids: Vec<String> = s.items.keys().cloned().collect();
    for id in &ids {
        s.set_votes(id, HOSTILE, 1, &a);
        s.set_item_field(id, PROPOSED_BY, HOSTILE, &a);
    }
    let p = s.park(HOSTILE, HOSTILE, &a);
    s.park(HOSTILE, HOSTILE, &a);
    s.park_to_action(&p, &prompt_of(fw, &Kind::Actions), &a);
    s
}

#[test]
fn hostile_meeting_text_is_escaped_in_every_format() {
    let fw = framework();
    let s = report::build(&fw, &hostile_meeting(&fw), &opts(true));
    assert!(s.meeting.is_some());
    for (f, out) in all_formats(&s) {
        let bad: Vec<char> = out
            .chars()
            .filter(|&c| c.is_control() && c != '\n')
            .collect();
        assert!(bad.is_empty(), "{f:?} carries {bad:?}");
        if f != Format::Txt {
            assert!(!out.contains("<script>"), "{f:?} carries a script tag");
        }
    }
    let md = report::render(Format::Md, Table::Actions, &s, None);
    assert!(md.contains("\\<script\\>alert(1)\\</script\\>"));
    assert!(
        !md.contains("[l](javascript"),
        "a link survived in Markdown"
    );

    let html = report::render(Format::Html, Table::Actions, &s, None);
    let doc = Html::parse_document(&html);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    let section = doc
        .select(&Selector::parse("section#meeting").unwrap())
        .next()
        .expect("the meeting section");
    assert_eq!(
        section
            .select(&Selector::parse("script, a, [onload]").unwrap())
            .count(),
        0
    );
    let text: String = section.text().collect();
    let shown = safestep::report::model::clean(HOSTILE);
    assert!(text.matches(&shown).count() >= 4, "the text stays text");
    assert!(!widget_text(&s).contains('\u{1b}'));
}

#[test]
fn a_multi_line_parking_point_stays_in_its_list_item() {
    let fw = framework();
    let mut session = autumn(&fw);
    session.park(
        "First line\nsecond line",
        "Alice Khan",
        &stamp("alice", "2026-09-14T17:00:00Z"),
    );
    let s = report::build(&fw, &session, &opts(false));
    let md = report::render(Format::Md, Table::Actions, &s, None);
    assert!(
        md.contains("- First line\\\n  second line (raised by Alice Khan)"),
        "{md}"
    );
    let html = report::render(Format::Html, Table::Actions, &s, None);
    assert!(html.contains("First line<br>\nsecond line"), "{html}");
}
