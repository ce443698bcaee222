//! Reading session file text that is not a good session: corrupt, truncated,
//! empty, binary, or written by a newer safestep. `doc::parse` must answer with
//! a clear `ParseError` (1-based line and column inside the text, a message
//! saying what was expected) and never panic.

use jiff::Timestamp;
use proptest::prelude::*;
use proptest::sample::Index;
use safestep::doc::{self, FORMAT, FrameworkRef, ParseError, Session, Stamp};

fn stamp(actor: &str, secs: i64) -> Stamp {
    Stamp {
        actor: actor.into(),
        member: actor.split('@').next().unwrap_or(actor).into(),
        at: Timestamp::constant(1_795_971_600 + secs, 250_000_000),
    }
}

/// A session like the demo: every kind of answer, items (one deleted, one
/// raced), a conflict, multi-line text with quotes, positions.
fn demo() -> Session {
    let alice = stamp("alice@k3f9", 0);
    let mut s = Session::new(
        "hillside-2026-autumn-7k3f".into(),
        "Autumn online safety review",
        FrameworkRef {
            id: "seven-steps".into(),
            version: 1,
        },
        &alice,
    );
    s.set_organisation("Hillside Academy", &stamp("alice@k3f9", 1));
    s.set_facilitator("alice", &stamp("alice@k3f9", 2));
    s.set_text("vision.statement", "A first draft", &stamp("alice@k3f9", 3));
    s.set_check("policies.in-place", "aup", true, &stamp("alice@k3f9", 4));
    s.set_check(
        "policies.in-place",
        "filtering",
        false,
        &stamp("alice@k3f9", 5),
    );
    s.set_own_rating("assess.filtering.level", 3, &stamp("alice@k3f9", 6));
    s.set_agreed_rating("assess.filtering.level", 3, &stamp("alice@k3f9", 7));
    let a1 = s.add_item(
        "actions",
        &[
            ("what", "Review the staff \"acceptable use\" agreement"),
            ("owner", "bob"),
            ("due", "2027-01-31"),
        ],
        &stamp("alice@k3f9", 8),
    );
    let a2 = s.add_item("actions", &[("what", "Old idea")], &stamp("alice@k3f9", 9));
    s.delete_item(&a2, &stamp("alice@k3f9", 10));
    s.set_position(3, "assess.filtering.level", &stamp("alice@k3f9", 11));

    let mut bob = s.clone();
    let b = stamp("bob@77ab", 12);
    bob.set_text(
        "vision.statement",
        "Responsible, confident learners and staff. r#\"raw\"# \\ ok",
        &b,
    );
    bob.set_own_rating("assess.filtering.level", 2, &b);
    bob.set_item_field(&a1, "owner", "chen", &b);
    bob.set_position(5, "actions", &b);
    s.set_item_field(&a1, "owner", "dara", &stamp("alice@k3f9", 13));
    s.set_text(
        "vision.statement",
        "Every learner knows how to stay safe online\nand where to get help.\n",
        &stamp("alice@k3f9", 14),
    );
    s.merge(&bob).expect("one session")
}

fn demo_text() -> String {
    doc::to_text(&demo()).expect("serialises")
}

/// The error is well formed and points inside `text`.
fn assert_clear(text: &str, e: &ParseError) {
    assert!(e.line >= 1 && e.col >= 1, "{e} for {text:?}");
    let lines: Vec<&str> = text.split('\n').collect();
    assert!(
        e.line <= lines.len() + 1,
        "line {} past the end: {e}",
        e.line
    );
    if let Some(l) = lines.get(e.line - 1) {
        assert!(
            e.col <= l.chars().count() + 2,
            "column {} past the end of line {}: {e}",
            e.col,
            e.line
        );
    }
    assert!(
        !e.message.trim().is_empty(),
        "an empty message for {text:?}"
    );
    assert!(
        e.to_string()
            .starts_with(&format!("{}:{}: ", e.line, e.col))
    );
}

fn parse_err(text: &str) -> ParseError {
    match doc::parse(text) {
        Ok(p) => panic!("{text:?} parsed as {:?}", p.session.id),
        Err(e) => {
            assert_clear(text, &e);
            e
        }
    }
}

#[test]
fn the_demo_round_trips() {
    let d = demo();
    assert_eq!(d.conflicts().len(), 2, "{:?}", d.conflicts());
    let t = demo_text();
    let p = doc::parse(&t).expect("parses");
    assert_eq!(p.session, d);
    assert_eq!(p.written_format, FORMAT);
    assert!(!p.read_only);
}

#[test]
fn the_text_is_readable() {
    let t = demo_text();
    assert!(t.starts_with("(\n    format: 2,\n"), "format comes first");
    assert!(!t.contains('\r'), "\\n line endings only");
    assert!(
        t.contains("online\nand where to get help.\n"),
        "multi-line text is written literally"
    );
    assert!(
        t.contains(r##"r#"Review the staff "acceptable use" agreement"#"##),
        "quotes are written literally, in a raw string"
    );
}

#[test]
fn a_file_an_editor_touched_still_parses() {
    let t = demo_text();
    // A byte order mark (Windows Notepad) is invisible in the editor.
    let p = doc::parse(&format!("\u{feff}{t}")).expect("a BOM is skipped");
    assert_eq!(p.session, demo());
    // CRLF line endings between the fields.
    let crlf = t.replace(",\n", ",\r\n");
    let p = doc::parse(&crlf).expect("CRLF between fields parses");
    assert_eq!(p.session.id, demo().id);
}

#[test]
fn deep_nesting_is_a_clear_error_not_a_stack_overflow() {
    for t in [
        "(".repeat(100_000),
        format!("(format: 2, id: {}", "[".repeat(100_000)),
        format!("(format: 99, answers: {}", "{\"a\": [".repeat(50_000)),
    ] {
        parse_err(&t);
    }
}

#[test]
fn empty_text_is_a_clear_error() {
    for t in ["", " ", "\n", "\n\n  \t\n", "\r\n", "\u{feff}"] {
        let e = parse_err(t);
        assert_eq!((e.line, e.col), (1, 1));
        assert!(e.message.contains("empty"), "{e}");
    }
}

#[test]
fn binary_text_is_a_clear_error() {
    let png = "\u{89}PNG\r\n\u{1a}\n\0\0\0\rIHDR\0\0\0\u{10}";
    for t in ["\0", "\0\0\0\0", png, "(\0format: 2)"] {
        let e = parse_err(t);
        assert!(e.message.contains("binary"), "{e}");
    }
    let demo = demo_text();
    let e = parse_err(&format!("\0{demo}"));
    assert!(e.message.contains("binary"), "{e}");
}

#[test]
fn wrong_shapes_are_clear_errors() {
    let demo = demo_text();
    let cases = [
        "not a session at all".to_owned(),
        "{\"format\": 2, \"id\": \"x\"}".to_owned(),
        "(format: \"two\")".to_owned(),
        "(format: -1)".to_owned(),
        "(format: 99999999999)".to_owned(),
        "(id: \"x\")".to_owned(),
        "(format: 2)".to_owned(),
        "(format: 2,".to_owned(),
        ")".to_owned(),
        "((((((((((((((((((((".to_owned(),
        demo.replacen("format: 2", "format: 0", 1),
        demo.replacen("Text(", "Essay(", 1),
        demo.replacen("id: ", "idd: ", 1),
        demo.replacen("seen: {", "seen: [", 1),
        format!("{demo}trailing words\n"),
        format!("{demo}{demo}"),
    ];
    for t in &cases {
        let e = parse_err(t);
        assert!(!e.message.is_empty());
    }
    // A wrong type says what was expected.
    let e = parse_err("(format: \"two\")");
    assert!(e.message.contains("expected"), "{e}");
    let e = parse_err(&demo.replacen("Text(", "Essay(", 1));
    assert!(e.message.contains("Essay"), "{e}");
    assert!(e.line > 1, "points at the bad variant, not the start: {e}");
}

#[test]
fn every_prefix_of_a_session_is_a_clear_error() {
    let t = demo_text();
    let whole = t.trim_end().len();
    let mut boundaries: Vec<usize> = t.char_indices().map(|(i, _)| i).collect();
    boundaries.push(t.len());
    let d = demo();
    for &end in &boundaries {
        let prefix = &t[..end];
        match doc::parse(prefix) {
            Ok(p) => {
                assert!(
                    end >= whole,
                    "a truncated file parsed: {end} of {}",
                    t.len()
                );
                assert_eq!(p.session, d);
            }
            Err(e) => {
                assert!(end < whole, "the whole file failed: {e}");
                assert_clear(prefix, &e);
            }
        }
    }
}

#[test]
fn a_newer_format_opens_read_only() {
    let t = demo_text().replacen("format: 2,", "format: 99,", 1);
    let p = doc::parse(&t).expect("a newer file with known fields parses");
    assert!(p.read_only);
    assert_eq!(p.written_format, 99);
    assert_eq!(p.session.id, demo().id);

    // A field this build does not know is tolerated read-only.
    let t2 = t.replacen("    id: ", "    mood: \"sunny\",\n    id: ", 1);
    let p = doc::parse(&t2).expect("an unknown field in a newer file is skipped");
    assert!(p.read_only);

    // A shape this build cannot read is a clear error that names the format.
    let t3 = t.replacen("Text(", "Essay(", 1);
    let e = parse_err(&t3);
    assert!(e.message.contains("newer"), "{e}");
    assert!(e.message.contains("99"), "{e}");
}

/// One small corruption of a text.
#[derive(Clone, Debug)]
enum Damage {
    Delete(Index),
    Insert(Index, char),
    Replace(Index, char),
    Cut(Index, Index),
    Duplicate(Index, Index),
}

fn damage() -> impl Strategy<Value = Damage> {
    let ch = prop_oneof![
        4 => prop::sample::select(vec![
            '(', ')', '[', ']', '{', '}', ',', ':', '"', '#', 'r', '\\', '\n', '0', '9', '-', ' ',
        ]),
        1 => any::<char>(),
    ];
    prop_oneof![
        any::<Index>().prop_map(Damage::Delete),
        (any::<Index>(), ch.clone()).prop_map(|(i, c)| Damage::Insert(i, c)),
        (any::<Index>(), ch).prop_map(|(i, c)| Damage::Replace(i, c)),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Damage::Cut(a, b)),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Damage::Duplicate(a, b)),
    ]
}

fn apply(text: &str, d: &Damage) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    match d {
        Damage::Delete(i) => {
            chars.remove(i.index(n));
        }
        Damage::Insert(i, c) => chars.insert(i.index(n + 1), *c),
        Damage::Replace(i, c) => chars[i.index(n)] = *c,
        Damage::Cut(a, b) => {
            let (x, y) = (a.index(n), b.index(n));
            chars.drain(x.min(y)..x.max(y));
        }
        Damage::Duplicate(a, b) => {
            let (x, y) = (a.index(n), b.index(n));
            let span: Vec<char> = chars[x.min(y)..x.max(y)].to_vec();
            let at = x.max(y);
            chars.splice(at..at, span);
        }
    }
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Damaged text never panics: either a clear error, or (when the damage
    /// happened to leave a valid session) a session that round-trips.
    #[test]
    fn damaged_text_is_a_clear_error_or_a_valid_session(
        damages in proptest::collection::vec(damage(), 1..4),
    ) {
        let mut t = demo_text();
        for d in &damages {
            t = apply(&t, d);
        }
        match doc::parse(&t) {
            Err(e) => assert_clear(&t, &e),
            Ok(p) => {
                let again = doc::to_text(&p.session).expect("serialises");
                let back = doc::parse(&again).expect("a parsed session re-parses");
                prop_assert_eq!(back.session, p.session);
            }
        }
    }
}

/// A small session as format 2 wrote it before the meeting fields existed.
const WITHOUT_MEETING: &str = r#"(
    format: 2,
    id: "small",
    created: "2026-11-29T17:00:00.25Z",
    framework: (
        id: "seven-steps",
        version: 1,
    ),
    seen: {
        "alice@k3f9": 2,
    },
    title: [
        (
            value: "Small",
            dot: ("alice@k3f9", 1),
            by: "alice",
            at: "2026-11-29T17:00:00.25Z",
        ),
    ],
    organisation: [],
    facilitator: [],
    previous: None,
    answers: {
        "vision.statement": Text([
            (
                value: "Safe",
                dot: ("alice@k3f9", 2),
                by: "alice",
                at: "2026-11-29T17:00:01.25Z",
            ),
        ]),
    },
    items: {},
    positions: {},
)
"#;

#[test]
fn a_session_without_meeting_data_is_written_exactly_as_before() {
    let mut s = Session::new(
        "small".into(),
        "Small",
        FrameworkRef {
            id: "seven-steps".into(),
            version: 1,
        },
        &stamp("alice@k3f9", 0),
    );
    s.set_text("vision.statement", "Safe", &stamp("alice@k3f9", 1));
    assert!(s.meeting.is_empty());
    assert_eq!(doc::to_text(&s).expect("serialises"), WITHOUT_MEETING);
    let p = doc::parse(WITHOUT_MEETING).expect("parses");
    assert_eq!(p.session, s);
    assert!(!demo_text().contains("meeting"), "no meeting key");
}

#[test]
fn meeting_data_round_trips() {
    let mut s = demo();
    let a = stamp("alice@k3f9", 20);
    let risk = s.add_item("risks", &[("description", "Open Wi-Fi")], &a);
    s.set_planned_minutes("vision", 20, &a);
    s.add_spent("vision", 754, &a);
    s.set_present("Asha Patel", true, &a);
    s.set_present("Ben \"B\" Okafor", false, &a);
    s.set_vote_budget(4, &a);
    s.set_votes(&risk, "Asha Patel", 2, &a);
    s.park("Line one\nline two", "Asha Patel", &a);
    let t = doc::to_text(&s).expect("serialises");
    assert!(t.contains("    meeting: (\n"), "{t}");
    let p = doc::parse(&t).expect("parses");
    assert_eq!(p.session, s);
    assert_eq!(doc::to_text(&p.session).expect("serialises"), t);
    // Only the maps in use are written.
    let mut only_budget = demo();
    only_budget.set_vote_budget(2, &a);
    let t = doc::to_text(&only_budget).expect("serialises");
    assert!(
        t.contains("vote_budget") && !t.contains("attendance"),
        "{t}"
    );
    assert_eq!(doc::parse(&t).expect("parses").session, only_budget);
}
