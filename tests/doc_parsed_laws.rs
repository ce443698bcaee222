//! The merge laws for every text that parses, not only for documents built
//! through the edit API: registers out of order, one dot listed twice, one
//! dot with two values, `seen` counters that are inflated or that miss dots
//! the copy holds, byte order marks and CRLF line ends.

use jiff::Timestamp;
use proptest::collection::vec;
use proptest::prelude::*;
use safestep::doc::{
    self, Answer, Clock, Dot, Entry, FrameworkRef, Item, Meeting, Register, Session, Tombstone,
};
use std::collections::BTreeMap;

const ACTORS: [&str; 3] = ["x", "y", "z"];

/// The shared minimal session of the reproducers, with `title` filled in.
fn minimal(title: &str) -> String {
    format!(
        "(format:2,id:\"s\",created:\"2026-01-01T00:00:00Z\",framework:(id:\"f\",version:1),seen:{{\"x\":1}},title:[{title}])"
    )
}

fn entry(value: &str, n: u64) -> String {
    format!("(value:\"{value}\",dot:(\"x\",{n}),by:\"x\",at:\"2026-01-01T00:00:00Z\")")
}

fn parse(t: &str) -> Session {
    doc::parse(t).unwrap_or_else(|e| panic!("{e}\n{t}")).session
}

fn text(s: &Session) -> String {
    doc::to_text(s).unwrap_or_else(|e| panic!("{e}"))
}

fn merged(a: &Session, b: &Session) -> Session {
    a.merge(b).unwrap_or_else(|e| panic!("{e}"))
}

fn titles(s: &Session) -> Vec<&str> {
    s.title.0.iter().map(|e| e.value.as_str()).collect()
}

/// Reproducer 1: one dot, two values. Both orders keep both, as a conflict.
#[test]
fn one_dot_with_two_values_is_a_conflict_both_ways() {
    let a = parse(&minimal(&entry("A", 1)));
    let b = parse(&minimal(&entry("B", 1)));
    let ab = merged(&a, &b);
    let ba = merged(&b, &a);
    assert_eq!(text(&ab), text(&ba));
    assert_eq!(titles(&ab), ["A", "B"]);
    assert!(ab.title.is_conflict());
    assert_eq!(ab.conflicts().len(), 1);
}

/// Reproducer 2: a register listed out of dot order.
#[test]
fn a_register_out_of_dot_order_merges_the_same_both_ways() {
    let unsorted = format!("{},{}", entry("two", 2), entry("one", 1));
    let sorted = format!("{},{}", entry("one", 1), entry("two", 2));
    let a = parse(&minimal(&unsorted).replace("\"x\":1}", "\"x\":2}"));
    let b = parse(&minimal(&sorted).replace("\"x\":1}", "\"x\":2}"));
    assert_eq!(a, b, "reading puts the register in dot order");
    let ab = merged(&a, &b);
    let ba = merged(&b, &a);
    assert_eq!(text(&ab), text(&ba));
    assert_eq!(titles(&ab), ["one", "two"]);
    // merge_into (in place) equals merge, whatever order the register was in.
    let raw = Register(vec![a.title.0[1].clone(), a.title.0[0].clone()]);
    let mut in_place = raw.clone();
    in_place.merge_into(&a.seen, &raw, &a.seen);
    assert_eq!(in_place, raw.merge(&a.seen, &raw, &a.seen));
    assert_eq!(in_place, a.title);
}

/// Reproducer 3: one dot listed twice.
#[test]
fn one_dot_listed_twice_is_read_once() {
    let twice = format!("{},{}", entry("A", 1), entry("A", 1));
    let a = parse(&minimal(&twice));
    let b = parse(&minimal(&entry("A", 1)));
    assert_eq!(a, b);
    let ab = merged(&a, &b);
    let ba = merged(&b, &a);
    assert_eq!(text(&ab), text(&ba));
    assert_eq!(titles(&ab), ["A"]);
}

/// Reproducer 4: two byte order marks. Both readers refuse; one is accepted.
#[test]
fn one_byte_order_mark_is_accepted_and_two_are_not() {
    let t = minimal(&entry("A", 1));
    let one = format!("\u{feff}{t}");
    let two = format!("\u{feff}\u{feff}{t}");
    assert_eq!(doc::parse(&one), doc::parse(&t));
    assert_eq!(doc::parse_ron(&one), doc::parse(&t));
    let fast = doc::parse(&two);
    let reference = doc::parse_ron(&two);
    assert!(fast.is_err(), "two marks are refused");
    assert_eq!(fast, reference);
}

#[test]
fn crlf_line_ends_add_no_carriage_return_to_answers() {
    let lf = minimal(&entry("first line\nsecond line", 1)).replace(",title", ",\ntitle");
    let crlf = lf.replace('\n', "\r\n");
    assert!(crlf.contains("line\r\nsecond"));
    let a = parse(&crlf);
    assert_eq!(titles(&a), ["first line\nsecond line"]);
    assert_eq!(a, parse(&lf));
    assert_eq!(doc::parse_ron(&crlf).map(|p| p.session), Ok(a));
}

#[test]
fn normalising_reports_what_it_changed() {
    let t = format!("{},{},{}", entry("B", 2), entry("B", 2), entry("A", 1));
    let mut s = doc::parse_ron(&minimal(&t).replace("\"x\":1}", "\"x\":2}"))
        .map(|p| p.session)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(s.title.is_canonical(), "parsing normalises");
    // Undo it by hand to see what normalising reports.
    s.title.0.reverse();
    s.title.0.push(s.title.0[0].clone());
    let notes = doc::normalise(&mut s);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0].at, "title");
    assert!(notes[0].what.reordered);
    assert_eq!(notes[0].what.duplicates, 1);
    assert_eq!(titles(&s), ["A", "B"]);
}

// ---- Arbitrary parsed documents ----------------------------------------------

fn time(k: u8) -> Timestamp {
    Timestamp::constant(1_767_225_600 + i64::from(k) * 60, 0)
}

/// An entry with a dot from a small space, so that copies share dots, list
/// them twice or give one dot different values.
fn raw_entry<T: std::fmt::Debug + Clone + 'static>(
    value: impl Strategy<Value = T> + 'static,
) -> impl Strategy<Value = Entry<T>> {
    (value, 0..ACTORS.len(), 1u64..4, 0..ACTORS.len(), 0u8..2).prop_map(|(v, a, n, by, at)| Entry {
        value: v,
        dot: Dot(ACTORS[a].into(), n),
        by: ACTORS[by].into(),
        at: time(at),
    })
}

fn raw_register<T: std::fmt::Debug + Clone + 'static>(
    value: impl Strategy<Value = T> + Clone + 'static,
) -> impl Strategy<Value = Register<T>> {
    vec(raw_entry(value), 0..4).prop_map(Register)
}

fn word() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        Just("A".to_owned()),
        Just("B".to_owned()),
        Just("a\nb".to_owned())
    ]
}

/// Counters from 0 (absent) to 5: covering fewer dots than the copy holds
/// (inconsistent) or more than any copy made (inflated).
fn seen() -> impl Strategy<Value = Clock> {
    vec(0u64..6, ACTORS.len()).prop_map(|c| {
        Clock(
            ACTORS
                .iter()
                .zip(c)
                .filter(|(_, n)| *n > 0)
                .map(|(a, n)| ((*a).to_owned(), n))
                .collect(),
        )
    })
}

fn tombstone() -> impl Strategy<Value = Tombstone> + Clone {
    (any::<bool>(), any::<bool>()).prop_map(|(deleted, covers)| Tombstone {
        deleted,
        covers: covers.then(|| vec![Dot("x".into(), 1)]),
    })
}

prop_compose! {
    fn copy()(
        seen in seen(),
        title in raw_register(word()),
        text in raw_register(word()),
        checks in raw_register(any::<bool>()),
        rating in raw_register(0u8..5),
        agreed in raw_register(0u8..5),
        fields in raw_register(word()),
        order in raw_register(-2i64..3),
        deleted in raw_register(tombstone()),
        attendance in raw_register(any::<bool>()),
        which in 0u8..8,
    ) -> Session {
        let mut s = Session::new(
            "s".into(),
            "",
            FrameworkRef { id: "f".into(), version: 1 },
            &doc::Stamp { actor: "x".into(), member: "x".into(), at: time(0) },
        );
        s.seen = seen;
        s.title = title;
        if which & 1 != 0 {
            s.answers.insert("p".into(), Answer::Text(text));
            s.answers.insert(
                "c".into(),
                Answer::Checks(BTreeMap::from([("o".into(), checks)])),
            );
        }
        if which & 2 != 0 {
            s.answers.insert(
                "r".into(),
                Answer::Rating { members: BTreeMap::from([("x".into(), rating)]), agreed },
            );
            s.items.insert(
                "i".into(),
                Item {
                    prompt: "actions".into(),
                    fields: BTreeMap::from([("what".into(), fields)]),
                    order,
                    deleted,
                },
            );
        }
        if which & 4 != 0 {
            s.meeting = Meeting {
                attendance: BTreeMap::from([("Ann".into(), attendance)]),
                ..Meeting::default()
            };
        }
        s
    }
}

/// The text of a hand-made copy, written as it is (registers in any order),
/// sometimes with a byte order mark or CRLF line ends, then read.
fn read(s: &Session, bom: bool, crlf: bool) -> Result<Session, TestCaseError> {
    let mut t = doc::to_text(s).map_err(|e| TestCaseError::fail(e.to_string()))?;
    if crlf {
        t = t.replace('\n', "\r\n");
    }
    if bom {
        t.insert(0, '\u{feff}');
    }
    let fast = doc::parse(&t);
    prop_assert_eq!(&fast, &doc::parse_ron(&t), "the readers differ on\n{}", t);
    let p = fast.map_err(|e| TestCaseError::fail(format!("{e}\n{t}")))?;
    Ok(p.session)
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn merge_laws_hold_byte_for_byte_for_parsed_copies(
        a in copy(), b in copy(), c in copy(), bom in any::<bool>(), crlf in any::<bool>(),
    ) {
        let (a, b, c) = (read(&a, bom, crlf)?, read(&b, false, false)?, read(&c, crlf, bom)?);
        let ab = merged(&a, &b);
        prop_assert_eq!(text(&ab), text(&merged(&b, &a)), "commutative");
        prop_assert_eq!(
            text(&merged(&ab, &c)),
            text(&merged(&a, &merged(&b, &c))),
            "associative"
        );
        prop_assert_eq!(text(&merged(&a, &a)), text(&a), "idempotent");
        prop_assert_eq!(text(&merged(&ab, &b)), text(&ab), "absorbs a merged copy");
        // The merged text reads back as itself.
        prop_assert_eq!(read(&ab, false, false)?, ab);
    }

    /// Same-dot differences are never lost: where both copies hold a dot,
    /// every value either gave it is in the result.
    #[test]
    fn values_of_a_dot_both_copies_hold_are_all_kept(a in copy(), b in copy()) {
        let (a, b) = (read(&a, false, false)?, read(&b, false, false)?);
        let ab = merged(&a, &b);
        for e in &a.title.0 {
            if b.title.0.iter().any(|o| o.dot == e.dot) {
                prop_assert!(ab.title.0.contains(e), "{:?} lost", e);
            }
        }
        prop_assert!(ab.title.is_canonical());
    }

    /// In place and by value give the same register, whatever the order of
    /// the entries and whatever the clocks say.
    #[test]
    fn merge_into_equals_merge_for_any_registers(
        a in raw_register(word()), b in raw_register(word()), ca in seen(), cb in seen(),
    ) {
        let by_value = a.merge(&ca, &b, &cb);
        let mut in_place = a.clone();
        in_place.merge_into(&ca, &b, &cb);
        prop_assert_eq!(&in_place, &by_value);
        prop_assert!(by_value.is_canonical());
        let mut alone = a.clone();
        alone.merge_alone_into(&cb);
        prop_assert_eq!(alone, a.merge(&ca, &Register::default(), &cb));
    }
}
