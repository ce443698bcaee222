//! The application core, tested directly: no terminal, no disk.

use jiff::civil::date;
use safestep::content::{FieldType, Framework, Kind};
use safestep::doc::{ConflictAt, Session, Stamp};
use safestep::workshop::discovery::{self, Found, Sessions};
use safestep::workshop::progress::{self, StepProgress};
use safestep::workshop::{conflicts, coverage, date as dates, review, value};
use std::path::{Path, PathBuf};

fn mini() -> Framework {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini.ron");
    Framework::load(&path).unwrap_or_else(|e| panic!("{e}"))
}

fn stamp(member: &str, second: i64) -> Stamp {
    Stamp {
        actor: format!("{member}@test"),
        member: member.into(),
        at: jiff::Timestamp::from_second(1_790_000_000 + second).unwrap_or_else(|e| panic!("{e}")),
    }
}

fn session(fw: &Framework, id: &str) -> Session {
    Session::new(id.into(), "Test", fw.reference(), &stamp("setup", 0))
}

#[test]
fn dates_are_read_as_schools_write_them() {
    let want = date(2026, 12, 31);
    for typed in [
        "2026-12-31",
        "31/12/2026",
        "31/12/26",
        "31 Dec 2026",
        "31 December 2026",
        "Thu 31 Dec 2026",
        " 31.12.2026 ",
        "31st Dec 2026",
    ] {
        assert_eq!(dates::parse(typed), Ok(want), "{typed}");
    }
    assert_eq!(dates::iso(want), "2026-12-31");
    assert_eq!(dates::long(want), "Thu 31 Dec 2026");
    assert_eq!(dates::show("2026-12-31"), "Thu 31 Dec 2026");
    assert_eq!(
        dates::show("soon"),
        "soon",
        "text typed by hand is shown as it is"
    );
}

#[test]
fn an_impossible_date_says_it_does_not_exist() {
    for typed in ["2026-02-30", "30/02/2026", "30 Feb 2026"] {
        let e = dates::parse(typed).expect_err(typed);
        assert_eq!(e.to_string(), "30 February 2026 does not exist", "{typed}");
    }
    let e = dates::parse("31/04/27").expect_err("April has 30 days");
    assert_eq!(e.to_string(), "31 April 2027 does not exist");
    for typed in [
        "tomorrow",
        "2026-13-01",
        "12/2026",
        "",
        "31 Foo 2026",
        "1/1/123",
    ] {
        let e = dates::parse(typed).expect_err(typed);
        assert!(e.to_string().contains("is not a date"), "{typed}: {e}");
    }
}

#[test]
fn statuses_match_by_prefix_the_same_everywhere() {
    assert_eq!(value::parse_status("in prog"), Ok("in progress"));
    assert_eq!(value::parse_status("IN PROGRESS"), Ok("in progress"));
    assert_eq!(value::parse_status("st"), Ok("stuck"));
    assert_eq!(value::parse_status("done"), Ok("done"));
    let ambiguous = value::parse_status("d").expect_err("done or dropped");
    assert!(ambiguous.contains("one of: open"), "{ambiguous}");
    assert!(value::parse_status("finished").is_err());
    assert!(
        value::is_open_status(""),
        "an action without a status is open"
    );
    assert!(!value::is_open_status("Done"));
}

#[test]
fn roles_have_one_stored_form_and_show_as_names() {
    let fw = mini();
    let spaced = value::parse_roles(&fw, "leadership, technical");
    let tight = value::parse_roles(&fw, "leadership,technical");
    assert_eq!(spaced, Ok("leadership,technical".to_owned()));
    assert_eq!(spaced, tight);
    assert_eq!(
        value::parse_roles(&fw, "Senior leadership, tech, leadership"),
        Ok("leadership,technical".to_owned()),
        "labels and unique prefixes, each role once"
    );
    let e = value::parse_roles(&fw, "janitor").expect_err("unknown");
    assert!(e.contains("unknown role \"janitor\""), "{e}");
    // Stored forms written by older versions show the same.
    for stored in [
        "leadership,technical",
        "leadership, technical",
        "Senior leadership,technical",
    ] {
        assert_eq!(
            value::show_field(&fw, FieldType::Roles, stored),
            "Senior leadership, Technical",
            "{stored}"
        );
    }
}

#[test]
fn fields_parse_and_show_through_one_rule() {
    let fw = mini();
    let p = |ty, t| value::parse_field(&fw, ty, t);
    assert_eq!(p(FieldType::Date, "31/01/2027"), Ok("2027-01-31".into()));
    assert_eq!(p(FieldType::Date, ""), Ok(String::new()));
    assert_eq!(p(FieldType::Score, "4"), Ok("4".into()));
    assert!(p(FieldType::Score, "6").is_err());
    assert_eq!(p(FieldType::Status, "in p"), Ok("in progress".into()));
    assert_eq!(p(FieldType::Text, " as typed "), Ok(" as typed ".into()));
    assert_eq!(
        value::show_field(&fw, FieldType::Date, "2027-01-31"),
        "Sun 31 Jan 2027"
    );
    assert_eq!(
        value::show_answer(&Kind::Date, "2027-01-31"),
        "Sun 31 Jan 2027"
    );
    assert_eq!(
        value::show_answer(&Kind::ShortText, "2027-01-31"),
        "2027-01-31"
    );
    assert_eq!(
        value::field_error("due", FieldType::Date, "x"),
        "due: x",
        "a date's message is not bent into 'must be'"
    );
}

#[test]
fn a_new_action_starts_open() {
    assert_eq!(
        value::creation_defaults(&Kind::Actions),
        &[("status", "open")]
    );
    assert!(value::creation_defaults(&Kind::Roster).is_empty());
    let mut fields = vec![("what".to_owned(), "x".to_owned())];
    value::with_defaults(&Kind::Actions, &mut fields);
    assert!(fields.contains(&("status".into(), "open".into())));
    let mut given = vec![("status".to_owned(), "stuck".to_owned())];
    value::with_defaults(&Kind::Actions, &mut given);
    assert_eq!(given, [("status".to_owned(), "stuck".to_owned())]);
}

#[test]
fn coverage_counts_roles_by_id_or_label() {
    let fw = mini();
    let mut s = session(&fw, "c");
    s.add_item(
        "two.roster",
        &[("name", "Ann"), ("roles", "leadership")],
        &stamp("a", 1),
    );
    s.add_item(
        "two.roster",
        &[("name", "Bo"), ("roles", "Technical")],
        &stamp("a", 2),
    );
    let missing = coverage::uncovered(&fw, &s, true);
    assert!(missing.is_empty(), "a label counts: {missing:?}");
    let cov = coverage::coverage(&fw, &s);
    let tech = cov.iter().find(|c| c.role.id == "technical").expect("role");
    assert_eq!(tech.members, ["Bo"]);
    let rec: Vec<&str> = coverage::uncovered(&fw, &s, false)
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(rec, ["governor"]);
}

#[test]
fn a_step_is_done_only_when_every_prompt_is_answered() {
    let fw = mini();
    let mut s = session(&fw, "p");
    let step = &fw.steps[0];
    assert_eq!(progress::step_progress(step, &s), StepProgress::Empty);
    s.set_text("one.short", "x", &stamp("a", 1));
    assert_eq!(progress::step_progress(step, &s), StepProgress::Started);
    assert_eq!(progress::steps_answered(&fw, &s), 1);
    assert_eq!(progress::steps_done(&fw, &s), 0);
}

#[test]
fn the_next_review_has_one_rule() {
    let fw = Framework::embedded().unwrap_or_else(|e| panic!("{e}"));
    let p = review::review_date_prompt(&fw).expect("a review prompt");
    let mut s = session(&fw, "r");
    assert_eq!(review::next_review_shown(&fw, &s), None);
    s.set_text(&p.id, "2027-07-08", &stamp("a", 1));
    assert_eq!(
        review::next_review_shown(&fw, &s).as_deref(),
        Some("Thu 8 Jul 2027")
    );
    // Another date prompt of the last step does not take its place.
    let other = fw.steps.last().and_then(|st| {
        st.prompts
            .iter()
            .find(|q| q.kind == Kind::Date && q.id != p.id)
    });
    if let Some(other) = other {
        s.set_text(&other.id, "2030-01-01", &stamp("a", 2));
        assert_eq!(
            review::next_review(&fw, &s).and_then(|(_, d)| d),
            Some(date(2027, 7, 8))
        );
    }
}

#[test]
fn value_n_of_a_conflict_is_the_nth_oldest() {
    let fw = mini();
    let base = session(&fw, "k");
    let mut a = base.clone();
    let mut b = base;
    // Bob writes first in time, Alice later: register order may differ.
    b.set_text("one.short", "bob's", &stamp("bob", 5));
    a.set_text("one.short", "alice's", &stamp("alice", 9));
    a.merge_from(&b).unwrap_or_else(|e| panic!("{e}"));
    let reg = a.text("one.short").expect("answer");
    let order: Vec<&str> = conflicts::in_order(reg)
        .iter()
        .map(|e| e.value.as_str())
        .collect();
    assert_eq!(order, ["bob's", "alice's"]);
    let c = conflicts::at(&fw, &a, "alice", &ConflictAt::Answer("one.short".into()))
        .expect("a conflict");
    assert_eq!(c.choices[0].text, "bob's");
    assert!(conflicts::pick(&mut a, &c, 1, &stamp("alice", 20)));
    assert_eq!(a.text_value("one.short"), "alice's");
    assert!(a.conflicts().is_empty());
}

/// Sessions held in memory: the store's part, faked.
struct Fake(Vec<Found>);

impl Sessions for Fake {
    fn near(&self, _path: &Path) -> Vec<Found> {
        self.0.clone()
    }
    fn same_file(&self, a: &Path, b: &Path) -> bool {
        a == b
    }
}

#[test]
fn copies_and_the_previous_review_are_found_through_the_interface() {
    let fw = mini();
    let mut old1 = session(&fw, "autumn");
    old1.set_text("one.short", "early", &stamp("a", 1));
    let mut old2 = session(&fw, "autumn");
    old2.set_text("one.short", "later", &stamp("b", 50));
    let mut now = session(&fw, "spring");
    now.previous = Some("autumn".into());
    let mut copy = now.clone();
    copy.set_text("one.short", "bob's copy", &stamp("bob", 60));
    let found = |p: &str, s: &Session, read_only| Found {
        path: PathBuf::from(p),
        session: s.clone(),
        read_only,
    };
    let fake = Fake(vec![
        found("a1.ron", &old1, false),
        found("a2.ron", &old2, false),
        found("spring.ron", &now, false),
        found("bob.ron", &copy, false),
        found("newer.ron", &copy, true),
    ]);
    let copies = discovery::copies(&fake, &now, Path::new("spring.ron"));
    let paths: Vec<&Path> = copies.iter().map(|c| c.path.as_path()).collect();
    assert_eq!(paths, [Path::new("bob.ron")], "not itself, not read-only");
    assert!(copies[0].members.contains(&"bob".to_owned()));
    let prev = discovery::previous(&fake, &now, Path::new("spring.ron")).expect("found");
    assert_eq!(prev.text_value("one.short"), "later", "the latest copy");
}

#[test]
fn carrying_forward_keeps_the_roster_and_open_actions() {
    let fw = mini();
    let mut old = session(&fw, "old");
    old.add_item("two.roster", &[("name", "Ann")], &stamp("a", 1));
    old.add_item("two.actions", &[("what", "Open one")], &stamp("a", 2));
    old.add_item(
        "two.actions",
        &[("what", "Finished"), ("status", "done")],
        &stamp("a", 3),
    );
    let mut new = session(&fw, "new");
    let carried = safestep::workshop::carry_forward(&old, &mut new, &fw, &stamp("a", 4));
    assert_eq!((carried.members, carried.actions), (1, 1));
    assert_eq!(new.previous.as_deref(), Some("old"));
}

#[test]
fn date_like_table_columns_are_date_fields() {
    let kind = Kind::Table {
        columns: vec![
            "Measure".into(),
            "By when".into(),
            "When".into(),
            "Review date".into(),
        ],
    };
    let types: Vec<FieldType> = kind.fields().iter().map(|f| f.ty).collect();
    assert_eq!(
        types,
        [
            FieldType::Text,
            FieldType::Date,
            FieldType::Text,
            FieldType::Date
        ]
    );
    let fw = mini();
    let e = value::parse_field(&fw, FieldType::Date, "whenever").expect_err("not a date");
    assert!(e.contains("is not a date"), "{e}");
}
