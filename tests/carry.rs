//! `new --from OLD` in the core: what the next review carries, the carried
//! marker (it survives merges and goes once someone confirms or changes a
//! value), identities kept across reviews, and risk statuses.
#![allow(clippy::unwrap_used)]

mod report_support;

use report_support::{autumn, framework, stamp};
use safestep::content::{FieldType, Framework};
use safestep::doc::{CARRIED_FROM, Session};
use safestep::workshop::carry::{
    Origin, answer_is_carried, carried_in_step, carry_forward, confirm_answer, confirm_item,
    field_is_carried, origin,
};
use safestep::workshop::compare::{self, Outcome, RatingChange, RiskOutcome};
use safestep::workshop::value::{parse_field, parse_risk_status, risk_status_of};

/// The autumn review with policy statuses and owners, and a closed risk.
fn old(fw: &Framework) -> Session {
    let mut s = autumn(fw);
    let a = stamp("alice", "2026-09-14T17:00:00Z");
    s.set_text("integrate.safeguarding.status", "Needs review", &a);
    s.set_text("integrate.safeguarding.owner", "Alice Khan", &a);
    s.set_text("integrate.safeguarding.review", "2027-01-31", &a);
    s.set_text("integrate.behaviour.status", "In place", &a);
    let closed = s.add_item(
        "assess.risks",
        &[
            ("description", "Old projector shows staff e-mail"),
            ("likelihood", "2"),
            ("impact", "2"),
            ("status", "closed"),
            ("closed_on", "2026-09-14"),
            ("reason", "Projector replaced"),
        ],
        &a,
    );
    assert!(!closed.is_empty());
    s
}

fn spring(fw: &Framework, old: &Session) -> Session {
    let a = stamp("carol", "2027-03-10T16:00:00Z");
    let mut new = Session::new("spring-2027".into(), "Spring", fw.reference(), &a);
    carry_forward(old, &mut new, fw, &a);
    new
}

fn live_ids(s: &Session, prompt: &str) -> Vec<String> {
    s.items_of(prompt)
        .into_iter()
        .map(|(k, _)| k.to_owned())
        .collect()
}

#[test]
fn the_next_review_carries_what_the_group_built() {
    let fw = framework();
    let old = old(&fw);
    let a = stamp("carol", "2027-03-10T16:00:00Z");
    let mut new = Session::new("spring-2027".into(), "Spring", fw.reference(), &a);
    let c = carry_forward(&old, &mut new, &fw, &a);
    assert_eq!(new.previous.as_deref(), Some("autumn-2026"));
    assert_eq!((c.members, c.actions, c.risks), (2, 3, 2));
    // The vision, two policy statuses, one owner and the triggers.
    assert_eq!(c.answers, 5, "{c:?}");

    // The roster, the open actions and the risks not closed, with their ids.
    assert_eq!(
        live_ids(&new, "group.roster"),
        live_ids(&old, "group.roster")
    );
    let open_actions: Vec<String> = ["integrate.actions", "train.actions"]
        .iter()
        .flat_map(|p| old.items_of(p))
        .filter(|(_, i)| !["done", "dropped"].contains(&i.field("status")))
        .map(|(k, _)| k.to_owned())
        .collect();
    let carried_actions: Vec<String> = ["integrate.actions", "train.actions"]
        .iter()
        .flat_map(|p| live_ids(&new, p))
        .collect();
    assert_eq!(carried_actions, open_actions);
    let risks: Vec<&str> = new
        .items_of("assess.risks")
        .into_iter()
        .map(|(_, i)| i.field("description"))
        .collect();
    assert_eq!(
        risks,
        ["Filtering misses new proxy sites", "Staff share passwords"],
        "the closed risk stays behind"
    );
    for (id, item) in &new.items {
        let before = &old.items[id];
        assert_eq!(item.field(CARRIED_FROM), id.as_str());
        for (name, r) in &before.fields {
            if name != "proposed_by" {
                assert_eq!(
                    item.field(name),
                    r.latest().unwrap().as_str(),
                    "{id} {name}"
                );
            }
        }
    }

    // The answers: the vision as starting text, policy status and owner,
    // the ticked triggers. Not the policy's old review date.
    assert_eq!(
        new.text_value("vision.statement"),
        old.text_value("vision.statement")
    );
    assert_eq!(
        new.text_value("integrate.safeguarding.status"),
        "Needs review"
    );
    assert_eq!(new.text_value("integrate.safeguarding.owner"), "Alice Khan");
    assert_eq!(new.text_value("integrate.behaviour.status"), "In place");
    assert!(new.text("integrate.safeguarding.review").is_none());
    assert!(new.is_checked("review.triggers", "A serious incident"));
    assert!(new.is_checked("review.triggers", "New law or statutory guidance"));
    assert!(!new.is_checked("review.triggers", "New technology or a new platform"));

    // Everything else starts empty: ratings, decisions, evidence, the next date.
    for p in [
        "assess.filtering.level",
        "assess.incidents.evidence",
        "review.next",
        "group.chair",
    ] {
        assert!(!new.answers.contains_key(p), "{p} is not carried");
    }
    assert!(new.items_of("vision.decisions").is_empty());
    assert!(new.items_of("vision.problems").is_empty());
}

#[test]
fn carried_values_are_marked_until_confirmed_or_changed() {
    let fw = framework();
    let old = old(&fw);
    let mut new = spring(&fw, &old);
    assert!(answer_is_carried(&new, "vision.statement"));
    assert!(answer_is_carried(&new, "review.triggers"));
    assert!(!answer_is_carried(&new, "review.next"), "nothing there");
    let risk = live_ids(&new, "assess.risks")[0].clone();
    let action = live_ids(&new, "integrate.actions")[0].clone();
    assert_eq!(origin(&new.items[&risk], &risks_kind(&fw)), Origin::Carried);
    // The assess step holds the two carried risks; the vision step the vision.
    assert_eq!(carried_in_step(&fw, &new, 2), 2);
    assert_eq!(carried_in_step(&fw, &new, 0), 1);

    // Confirming the vision keeps its text and drops the marker.
    let d = stamp("dan", "2027-03-10T16:30:00Z");
    let vision = new.text_value("vision.statement").to_owned();
    assert!(confirm_answer(&mut new, "vision.statement", &d));
    assert!(!answer_is_carried(&new, "vision.statement"));
    assert_eq!(new.text_value("vision.statement"), vision);
    assert!(!confirm_answer(&mut new, "vision.statement", &d), "once");

    // Changing one field of a risk: that field is new, the rest carried.
    new.set_item_field(&risk, "likelihood", "1", &d);
    assert!(!field_is_carried(&new.items[&risk], "likelihood"));
    assert!(field_is_carried(&new.items[&risk], "description"));
    assert_eq!(
        origin(&new.items[&risk], &risks_kind(&fw)),
        Origin::Reviewed
    );
    // Confirming an action rewrites each carried field once.
    let n = confirm_item(&mut new, &action, &d);
    assert_eq!(n, 4, "what, owner, due and status");
    assert_eq!(
        origin(&new.items[&action], &safestep::content::Kind::Actions),
        Origin::Reviewed
    );
    assert_eq!(confirm_item(&mut new, &action, &d), 0);
    // Going through an action in the meeting's opening review looks at it,
    // even when it stays as it was.
    let other = live_ids(&new, "integrate.actions")[1].clone();
    assert_eq!(
        origin(&new.items[&other], &safestep::content::Kind::Actions),
        Origin::Carried
    );
    assert!(new.set_review(&other, "carried", &d));
    assert_eq!(
        origin(&new.items[&other], &safestep::content::Kind::Actions),
        Origin::Reviewed
    );
    // A new item is new.
    let fresh = new.add_item("assess.risks", &[("description", "New one")], &d);
    assert_eq!(origin(&new.items[&fresh], &risks_kind(&fw)), Origin::New);
}

fn risks_kind(fw: &Framework) -> safestep::content::Kind {
    fw.prompt("assess.risks").unwrap().1.kind.clone()
}

#[test]
fn the_marker_survives_merges_and_a_confirmation_wins() {
    let fw = framework();
    let old = old(&fw);
    let base = spring(&fw, &old);
    let mut confirmed = base.clone();
    let mut untouched = base.clone();
    // Another member edits something else on the untouched copy.
    untouched.set_text(
        "group.chair",
        "Carol",
        &stamp("erin", "2027-03-10T17:00:00Z"),
    );
    assert!(confirm_answer(
        &mut confirmed,
        "integrate.safeguarding.owner",
        &stamp("dan", "2027-03-10T17:00:00Z")
    ));
    let ab = confirmed.merge(&untouched).unwrap();
    let ba = untouched.merge(&confirmed).unwrap();
    assert_eq!(ab, ba);
    assert!(!answer_is_carried(&ab, "integrate.safeguarding.owner"));
    assert!(answer_is_carried(&ab, "integrate.safeguarding.status"));
    assert!(
        !ab.conflicts()
            .iter()
            .any(|c| format!("{c:?}").contains("owner"))
    );
    // Saved and read back, the marker is still there.
    let text = safestep::doc::to_text(&ab).unwrap();
    let back = safestep::doc::parse(&text).unwrap().session;
    assert!(answer_is_carried(&back, "integrate.safeguarding.status"));
    assert!(!answer_is_carried(&back, "integrate.safeguarding.owner"));
}

#[test]
fn kept_ids_never_collide_with_later_items() {
    let fw = framework();
    let old = old(&fw);
    // The same editing run (actor) that wrote the old items goes on in the new session.
    let a = stamp("alice", "2027-03-10T16:00:00Z");
    let mut new = Session::new("spring-2027".into(), "Spring", fw.reference(), &a);
    carry_forward(&old, &mut new, &fw, &a);
    let before = new.items.len();
    for n in 0..40 {
        new.add_item("assess.risks", &[("description", &format!("r{n}"))], &a);
    }
    assert_eq!(new.items.len(), before + 40, "no carried item was replaced");
    // Carrying again copies nothing.
    let again = carry_forward(&old, &mut new, &fw, &a);
    assert_eq!(
        (again.members, again.actions, again.risks, again.answers),
        (0, 0, 0, 0)
    );
}

#[test]
fn a_carried_conflict_stays_a_conflict() {
    let fw = framework();
    let mut old = old(&fw);
    let mut other = old.clone();
    other.set_text(
        "vision.statement",
        "Safe, kind and curious online.",
        &stamp("bob", "2026-09-14T18:00:00Z"),
    );
    old.set_text(
        "vision.statement",
        "Everyone knows where to get help.",
        &stamp("alice", "2026-09-14T18:00:00Z"),
    );
    let old = old.merge(&other).unwrap();
    let new = spring(&fw, &old);
    let values: Vec<&str> = new
        .text("vision.statement")
        .unwrap()
        .entries()
        .iter()
        .map(|e| e.value.as_str())
        .collect();
    assert_eq!(values.len(), 2, "{values:?}");
    assert!(new.text("vision.statement").unwrap().is_conflict());
    let mut new = new;
    assert!(
        !confirm_answer(
            &mut new,
            "vision.statement",
            &stamp("dan", "2027-03-10T17:00:00Z")
        ),
        "a conflict is settled by the group, not confirmed"
    );
}

#[test]
fn straight_after_carrying_nothing_is_closed_or_moved() {
    let fw = framework();
    let old = old(&fw);
    let new = spring(&fw, &old);
    let risks = compare::risks(&fw, &old, &new);
    assert_eq!(risks.len(), 2, "the closed one was closed before");
    assert!(
        risks
            .iter()
            .all(|r| r.outcome == RiskOutcome::NotLookedAt && !r.score_moved())
    );
    let actions = compare::actions(&fw, &old, &new);
    assert_eq!(actions.len(), 3);
    assert!(actions.iter().all(|a| a.outcome == Outcome::NotLookedAt));
    let ratings = compare::ratings(&fw, &old, &new);
    assert!(!ratings.is_empty());
    assert!(
        ratings
            .iter()
            .all(|r| r.change == RatingChange::NotRatedYet && !r.change.moved())
    );
}

#[test]
fn the_comparison_tells_closed_open_moved_new_and_not_looked_at_apart() {
    let fw = framework();
    let old = old(&fw);
    let mut new = spring(&fw, &old);
    let d = stamp("dan", "2027-03-10T17:00:00Z");
    let proxy = risk_id(&new, "Filtering misses");
    let passwords = risk_id(&new, "Staff share");
    new.set_item_field(&proxy, "impact", "2", &d);
    new.set_item_field(&passwords, "status", "closed", &d);
    new.set_item_field(&passwords, "closed_on", "2027-03-10", &d);
    new.set_item_field(&passwords, "reason", "Own logins for all", &d);
    let fresh = new.add_item(
        "assess.risks",
        &[
            ("description", "Deepfakes"),
            ("likelihood", "3"),
            ("impact", "4"),
        ],
        &d,
    );
    new.set_agreed_rating("assess.filtering.level", 4, &d);
    let c = compare::risks(&fw, &old, &new);
    let outcome_of = |id: &str| {
        c.iter()
            .find(|r| r.new_id.as_deref() == Some(id))
            .map(|r| (r.outcome, r.score_moved()))
    };
    assert_eq!(outcome_of(&proxy), Some((RiskOutcome::StillOpen, true)));
    assert_eq!(outcome_of(&passwords), Some((RiskOutcome::Closed, false)));
    assert_eq!(outcome_of(&fresh), Some((RiskOutcome::New, false)));

    // Accepted, then deleted without closing: removed, never "closed".
    new.set_item_field(&proxy, "status", "accepted", &d);
    assert_eq!(
        outcome_of_now(&fw, &old, &new, &proxy),
        Some(RiskOutcome::Accepted)
    );
    new.delete_item(&proxy, &d);
    let c = compare::risks(&fw, &old, &new);
    assert!(
        c.iter()
            .any(|r| r.old_id.as_deref() == Some(proxy.as_str())
                && r.outcome == RiskOutcome::Removed)
    );
    let filtering = compare::ratings(&fw, &old, &new)
        .into_iter()
        .find(|r| r.prompt == "assess.filtering.level")
        .unwrap();
    assert_eq!(filtering.change, RatingChange::Up);
}

/// The id of the risk whose description starts with `text`.
fn risk_id(s: &Session, text: &str) -> String {
    s.items_of("assess.risks")
        .into_iter()
        .find(|(_, i)| i.field("description").starts_with(text))
        .map(|(k, _)| k.to_owned())
        .unwrap()
}

fn outcome_of_now(fw: &Framework, old: &Session, new: &Session, id: &str) -> Option<RiskOutcome> {
    compare::risks(fw, old, new)
        .into_iter()
        .find(|r| r.new_id.as_deref() == Some(id))
        .map(|r| r.outcome)
}

#[test]
fn a_risk_without_a_status_is_open_and_statuses_read_one_way() {
    let fw = framework();
    assert_eq!(risk_status_of(""), "open");
    assert_eq!(risk_status_of("Closed"), "closed");
    assert_eq!(risk_status_of("\u{1b}[31mclosed"), "open", "not a status");
    assert_eq!(parse_risk_status("acc"), Ok("accepted"));
    assert_eq!(parse_risk_status("TRANS"), Ok("transferred"));
    assert!(parse_risk_status("c").is_ok(), "closed is the only c");
    assert!(parse_risk_status("shut").is_err());
    assert_eq!(
        parse_field(&fw, FieldType::RiskStatus, "clo"),
        Ok("closed".to_owned())
    );
    assert_eq!(
        parse_field(&fw, FieldType::RiskStatus, " "),
        Ok(String::new())
    );
    let kind = risks_kind(&fw);
    let fields: Vec<(String, FieldType)> =
        kind.fields().into_iter().map(|f| (f.id, f.ty)).collect();
    for (id, ty) in [
        ("status", FieldType::RiskStatus),
        ("closed_on", FieldType::Date),
        ("reason", FieldType::Text),
    ] {
        assert!(fields.contains(&(id.to_owned(), ty)), "{id}");
    }
}

/// Sessions on a fake disk, for the discovery rules.
struct Fake(Vec<safestep::workshop::discovery::Found>);

impl safestep::workshop::discovery::Sessions for Fake {
    fn near(&self, _: &std::path::Path) -> Vec<safestep::workshop::discovery::Found> {
        self.0.clone()
    }
    fn same_file(&self, a: &std::path::Path, b: &std::path::Path) -> bool {
        a == b
    }
}

#[test]
fn the_old_review_named_by_id_is_its_latest_copy() {
    use safestep::workshop::discovery::{Found, latest, previous};
    let fw = framework();
    let old = old(&fw);
    let mut later = old.clone();
    later.set_text("group.chair", "Dan", &stamp("dan", "2026-10-01T09:00:00Z"));
    let found = |p: &str, s: &Session| Found {
        path: p.into(),
        session: s.clone(),
        read_only: false,
    };
    let disk = Fake(vec![
        found("a.ron", &old),
        found("b.ron", &later),
        found("c.ron", &spring(&fw, &old)),
    ]);
    let here = std::path::Path::new("c.ron");
    let f = latest(&disk, "autumn-2026", here).unwrap();
    assert_eq!(f.path, std::path::Path::new("b.ron"));
    assert!(latest(&disk, "no-such", here).is_none());
    let new = spring(&fw, &old);
    assert_eq!(previous(&disk, &new, here).unwrap(), later);
}

#[test]
fn the_report_lists_each_risk_by_what_became_of_it_with_date_and_reason() {
    use safestep::report::{self, Format, Table};
    let fw = framework();
    let mut old = old(&fw);
    // A third risk that nobody looks at in the next review.
    old.add_item(
        "assess.risks",
        &[
            ("description", "Visitors join the pupil Wi-Fi"),
            ("likelihood", "2"),
            ("impact", "3"),
        ],
        &stamp("alice", "2026-09-14T17:05:00Z"),
    );
    let mut new = spring(&fw, &old);
    let d = stamp("dan", "2027-03-10T17:00:00Z");
    let proxy = risk_id(&new, "Filtering misses");
    let passwords = risk_id(&new, "Staff share");
    new.set_item_field(&passwords, "status", "closed", &d);
    new.set_item_field(&passwords, "closed_on", "2027-03-10", &d);
    new.set_item_field(&passwords, "reason", "Own logins for all", &d);
    new.set_item_field(&proxy, "status", "accepted", &d);
    new.set_item_field(&proxy, "reason", "Residual risk signed off", &d);
    let o = report::Options {
        today: "2027-03-11".parse().unwrap(),
        include_sensitive: false,
    };
    let c = report::compare(&fw, &old, &new, &o);
    let left = c.risks_with(RiskOutcome::NotLookedAt).count();
    assert_eq!(left, 1, "the Wi-Fi risk was not looked at");
    let s = report::build(&fw, &new, &o);
    for format in [Format::Md, Format::Txt, Format::Html] {
        let text = report::render(format, Table::Actions, &s, Some(&c));
        // Wrapped lines and indents read as single spaces.
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(text.contains("Closed (1)"), "{format:?}: {text}");
        assert!(
            text.contains("closed on Wed 10 Mar 2027: Own logins for all"),
            "{format:?}: the date and reason of the closing"
        );
        assert!(text.contains("Accepted (1)"), "{format:?}");
        assert!(text.contains("Residual risk signed off"), "{format:?}");
        assert!(
            text.contains(&format!("ot looked at in this review ({left})")),
            "{format:?}: the risks nobody looked at are named, not dropped"
        );
    }
}
