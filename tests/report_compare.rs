//! `--since OLD` and `new --from OLD`: comparing sessions and carrying forward.
#![allow(clippy::unwrap_used)]

mod report_support;

use report_support::{autumn, framework, opts, spring, stamp};
use safestep::demo::{DEMO_TODAY, build_demo};
use safestep::doc::Session;
use safestep::report::compare::{Outcome, RiskOutcome};
use safestep::report::{self, Format, Table};

#[test]
fn since_reports_moved_ratings_followed_up_actions_and_risks() {
    let fw = framework();
    let old = autumn(&fw);
    let new = spring(&fw, &old);
    let c = report::compare(&fw, &old, &new, &opts(false));
    assert!(c.linked);
    let moved: Vec<(&str, Option<u8>, Option<u8>, &str)> = c
        .ratings
        .iter()
        .map(|r| (r.area.as_str(), r.old, r.new, r.direction()))
        .collect();
    assert_eq!(
        moved,
        [
            ("Filtering and monitoring", Some(3), Some(4), "up"),
            ("Devices, network and data security", None, Some(2), "new"),
        ]
    );
    assert_eq!(c.ratings_unchanged, 1);
    let outcome = |what: &str| {
        c.actions
            .iter()
            .find(|f| f.old.what == what)
            .unwrap()
            .outcome
    };
    assert_eq!(
        outcome("Update the staff acceptable use agreement"),
        Outcome::Done
    );
    assert_eq!(
        outcome("Check filtering logs each week"),
        Outcome::NotLookedAt,
        "carried and not touched in the new review"
    );
    assert_eq!(outcome("Governor training on filtering"), Outcome::Dropped);
    assert!(
        c.actions.iter().all(|f| f.old.what != "Parent evening"),
        "done then, not followed up"
    );
    let new_risks: Vec<&str> = c.new_risks.iter().map(|r| r.description.as_str()).collect();
    let closed: Vec<&str> = c
        .closed_risks
        .iter()
        .map(|r| r.description.as_str())
        .collect();
    assert_eq!(new_risks, ["AI image tools used to make fake pictures"]);
    assert_eq!(closed, ["Staff share passwords"]);
    assert_eq!(
        c.rescored_risks.len(),
        1,
        "the proxy risk went from 16 to 8"
    );
}

#[test]
fn actions_missing_from_the_new_session_are_not_carried() {
    let fw = framework();
    let old = autumn(&fw);
    let a = stamp("alice", "2027-03-10T16:00:00Z");
    let new = Session::new("unrelated".into(), "Unrelated", fw.reference(), &a);
    let c = report::compare(&fw, &old, &new, &opts(false));
    assert!(!c.linked);
    assert_eq!(c.actions.len(), 3);
    assert!(c.actions.iter().all(|f| f.outcome == Outcome::NotCarried));
    // Missing is not closed: nobody closed them.
    assert!(c.closed_risks.is_empty());
    assert_eq!(c.risks_with(RiskOutcome::Removed).count(), 2);
}

#[test]
fn a_later_copy_of_the_same_session_matches_by_item_id() {
    let fw = framework();
    let old = autumn(&fw);
    let mut new = old.clone();
    let id = new.items_of("train.actions")[0].0.to_owned();
    new.set_item_field(&id, "status", "done", &stamp("bob", "2026-12-01T09:00:00Z"));
    let c = report::compare(&fw, &old, &new, &opts(false));
    let f = c.actions.iter().find(|f| f.old.id == id).unwrap();
    assert_eq!(f.outcome, Outcome::Done);
}

/// The demo session and its successor, as the CLI's `--since` renders them.
#[test]
fn since_between_two_demo_sessions() {
    let fw = framework();
    let old = build_demo(&fw);
    let a = stamp("grace", "2027-03-15T16:00:00Z");
    let mut new = Session::new(
        "demo-riverside-2027-spring".into(),
        "Spring review",
        fw.reference(),
        &a,
    );
    let carried = report::carry_forward(&old, &mut new, &fw, &a);
    assert!(carried.actions > 0 && carried.members > 0);
    // Settle some carried actions.
    let ids: Vec<String> = new.items.keys().cloned().collect();
    let mut done = 0;
    for id in ids {
        let item = &new.items[&id];
        if fw
            .prompt(&item.prompt)
            .is_some_and(|(_, p)| p.kind == safestep::content::Kind::Actions)
        {
            let status = if done % 2 == 0 { "done" } else { "stuck" };
            new.set_item_field(&id, "status", status, &a);
            done += 1;
        }
    }
    for (_, p) in fw.prompts() {
        if let safestep::content::Kind::Rating { .. } = p.kind
            && let Some(level) = old.agreed_rating(&p.id)
        {
            new.set_agreed_rating(&p.id, (level % 5) + 1, &a);
        }
    }
    let o = safestep::report::Options {
        today: DEMO_TODAY.parse().unwrap(),
        include_sensitive: false,
    };
    let c = report::compare(&fw, &old, &new, &o);
    assert!(c.linked);
    assert_eq!(
        c.with_outcome(Outcome::Done).count() + c.with_outcome(Outcome::Stuck).count(),
        done
    );
    assert!(
        c.with_outcome(Outcome::NotCarried).count() == 0,
        "every open action was carried"
    );
    assert!(!c.ratings.is_empty());
    assert!(c.new_risks.is_empty());
    let old_risks = report::build(&fw, &old, &o).risks.len();
    assert!(c.closed_risks.is_empty(), "nobody closed a risk");
    assert_eq!(
        c.risks_with(RiskOutcome::NotLookedAt).count(),
        old_risks,
        "every risk is carried forward and not looked at yet"
    );
    let s = report::build(&fw, &new, &o);
    let md = report::render(Format::Md, Table::Actions, &s, Some(&c));
    let section =
        &md[md.find("## Since the previous review").unwrap()..md.find("## Appendix").unwrap()];
    insta::assert_snapshot!(section);
}
