//! What the reports say about checked statements: each requirement's
//! judgement and how it is known, and the tally that keeps "met and
//! checked" apart from "met, but only said".

use safestep::content::{Framework, Kind};
use safestep::doc::{Session, Stamp};
use safestep::report::checked::{Tally, answer_lines, headline, tally};

fn stamp(member: &str) -> Stamp {
    Stamp {
        actor: format!("{member}@t"),
        member: member.into(),
        at: safestep::doc::sample::time(),
    }
}

fn fm() -> Framework {
    Framework::built_in("filtering-monitoring")
        .expect("built in")
        .expect("valid")
}

fn session(fw: &Framework) -> Session {
    let mut s = Session::new("r".into(), "Review", fw.reference(), &stamp("alice"));
    let a = stamp("alice");
    // Met and checked.
    s.set_agreed_judgement("filtering.iwf", 1, &a);
    s.set_checked_part("filtering.iwf", "basis", "checked", &a);
    s.set_checked_part("filtering.iwf", "checked_on", "2026-10-01", &a);
    // Met, but only said.
    s.set_agreed_judgement("filtering.ctiru", 1, &a);
    s.set_checked_part("filtering.ctiru", "basis", "self-reported", &a);
    // Met, and nobody said how.
    s.set_agreed_judgement("monitoring.told", 1, &a);
    // Partly met, not met, and not known.
    s.set_agreed_judgement("monitoring.dpia", 2, &a);
    s.set_agreed_judgement("filtering.workarounds", 3, &a);
    s.set_agreed_judgement("roles.governor", 4, &a);
    // Judged by members but not agreed.
    s.set_own_judgement("training.staff", 1, &a);
    s.set_own_judgement("training.staff", 3, &stamp("bob"));
    s
}

#[test]
fn the_tally_keeps_checked_apart_from_self_reported() {
    let fw = fm();
    let s = session(&fw);
    let n = fw
        .prompts()
        .filter(|(_, p)| p.kind == Kind::Checked)
        .count();
    let t = tally(&fw, &s);
    assert_eq!(
        t,
        Tally {
            requirements: n,
            met_checked: 1,
            met_self_reported: 2,
            partly_met: 1,
            not_met: 1,
            not_known: n - 5,
        }
    );
    assert!(headline(&t).starts_with(&format!(
        "{n} requirements: 1 met and checked, 2 met but only self-reported"
    )));
}

#[test]
fn each_requirement_reads_with_its_judgement_and_how_it_is_known() {
    let fw = fm();
    let s = session(&fw);
    assert_eq!(
        answer_lines(&s, "filtering.iwf"),
        ["Judgement: met", "How we know: checked Thu 1 Oct 2026",]
    );
    assert_eq!(
        answer_lines(&s, "monitoring.told")[1],
        "How we know: not said"
    );
    assert_eq!(
        answer_lines(&s, "training.staff"),
        [
            "Judgement: not agreed",
            "How we know: not said",
            "Members: alice met, bob not met",
        ]
    );
    assert!(answer_lines(&s, "review.annual").is_empty());
    // The report model carries the lines into every format.
    let summary = safestep::report::build(
        &fw,
        &s,
        &safestep::report::Options {
            today: jiff::civil::date(2026, 12, 1),
            include_sensitive: false,
        },
    );
    let md = safestep::report::render(
        safestep::report::Format::Md,
        safestep::report::Table::Actions,
        &summary,
        None,
    );
    assert!(md.contains("How we know: checked Thu 1 Oct 2026"), "{md}");
}
