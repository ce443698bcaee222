//! Merge laws for checked statements (`Kind::Checked`): on random histories
//! of judgements and parts made by several members on their own copies and
//! merged in random orders, merging is commutative, associative and
//! idempotent, every member's own judgement survives, concurrent agreed
//! judgements are kept as a conflict, and a saved file reads back the same.

use jiff::{SignedDuration, Timestamp};
use proptest::prelude::*;
use safestep::doc::{self, FrameworkRef, Session, Stamp};

const MEMBERS: [&str; 3] = ["alice", "bob", "chen"];
const PROMPTS: [&str; 2] = ["filtering.iwf", "monitoring.dpia"];
const PARTS: [&str; 6] = [
    "basis",
    "checked_on",
    "checked_by",
    "method",
    "evidence",
    "note",
];

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 96,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn stamp(member: usize, k: u64) -> Stamp {
    let base = Timestamp::constant(1_795_971_600, 0);
    Stamp {
        actor: format!("{}-{k}", MEMBERS[member]),
        member: MEMBERS[member].to_owned(),
        at: base
            .checked_add(SignedDuration::from_secs(
                i64::try_from(k % 997).expect("small"),
            ))
            .expect("in range"),
    }
}

#[derive(Clone, Debug)]
enum Edit {
    Own(usize, u8),
    Agreed(usize, u8),
    Part(usize, usize, String),
}

#[derive(Clone, Debug)]
enum Step {
    Edit(usize, Edit),
    Merge(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let text = prop::sample::select(vec![
        "",
        "checked",
        "self-reported",
        "2026-10-01",
        "Sam Jones",
        "online filter test",
        "https://example.org/report.pdf",
        "line one\nline two",
    ])
    .prop_map(str::to_owned);
    prop_oneof![
        (0..PROMPTS.len(), 0u8..=4).prop_map(|(p, n)| Edit::Own(p, n)),
        (0..PROMPTS.len(), 0u8..=4).prop_map(|(p, n)| Edit::Agreed(p, n)),
        (0..PROMPTS.len(), 0..PARTS.len(), text).prop_map(|(p, f, v)| Edit::Part(p, f, v)),
    ]
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(
        prop_oneof![
            3 => (0..MEMBERS.len(), edit()).prop_map(|(m, e)| Step::Edit(m, e)),
            1 => (0..MEMBERS.len(), 0..MEMBERS.len()).prop_map(|(a, b)| Step::Merge(a, b)),
        ],
        1..40,
    )
}

fn base() -> Session {
    let s = stamp(0, 0);
    Session::new(
        "fm-2026-x1".to_owned(),
        "Filtering review",
        FrameworkRef {
            id: "filtering-monitoring".into(),
            version: 1,
        },
        &s,
    )
}

/// Every member's copy after the history.
fn play(steps: &[Step]) -> Vec<Session> {
    let mut copies: Vec<Session> = MEMBERS.iter().map(|_| base()).collect();
    for (k, step) in steps.iter().enumerate() {
        let k = u64::try_from(k).expect("small") + 1;
        match step {
            Step::Edit(m, e) => {
                let st = stamp(*m, k);
                let c = &mut copies[*m];
                match e {
                    Edit::Own(p, n) => c.set_own_judgement(PROMPTS[*p], *n, &st),
                    Edit::Agreed(p, n) => c.set_agreed_judgement(PROMPTS[*p], *n, &st),
                    Edit::Part(p, f, v) => c.set_checked_part(PROMPTS[*p], PARTS[*f], v, &st),
                }
            }
            Step::Merge(a, b) => {
                let other = copies[*b].clone();
                copies[*a].merge_from(&other).expect("same session");
            }
        }
    }
    copies
}

fn views(s: &Session) -> Vec<doc::Checked> {
    PROMPTS.iter().map(|p| s.checked(p)).collect()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn merge_is_commutative_associative_and_idempotent(steps in steps()) {
        let c = play(&steps);
        let (a, b, x) = (&c[0], &c[1], &c[2]);
        let ab = a.merge(b).expect("same");
        let ba = b.merge(a).expect("same");
        prop_assert_eq!(&ab.answers, &ba.answers);
        prop_assert_eq!(views(&ab), views(&ba));
        let left = ab.merge(x).expect("same");
        let right = a.merge(&b.merge(x).expect("same")).expect("same");
        prop_assert_eq!(&left.answers, &right.answers);
        prop_assert_eq!(views(&left), views(&right));
        let again = left.merge(&left).expect("same");
        prop_assert_eq!(&again.answers, &left.answers);
        // Merging in a copy already seen changes nothing.
        let seen = left.merge(a).expect("same");
        prop_assert_eq!(&seen.answers, &left.answers);
    }

    #[test]
    fn each_members_own_judgement_survives_merging(steps in steps()) {
        let c = play(&steps);
        let all = c[0].merge(&c[1]).expect("same").merge(&c[2]).expect("same");
        for (m, copy) in MEMBERS.iter().zip(&c) {
            for p in PROMPTS {
                // A member writes only their own judgement, so what their copy
                // holds for them is the newest: the merge keeps it.
                let mine = copy.checked(p).members.get(*m).copied();
                let merged = all.checked(p).members.get(*m).copied();
                if mine.is_some() {
                    prop_assert_eq!(mine, merged, "{} on {}", m, p);
                }
            }
        }
    }

    #[test]
    fn a_saved_file_reads_back_the_same(steps in steps()) {
        let c = play(&steps);
        let all = c[0].merge(&c[1]).expect("same").merge(&c[2]).expect("same");
        let text = doc::to_text(&all).expect("writes");
        let back = doc::parse(&text).expect("reads").session;
        prop_assert_eq!(views(&back), views(&all));
        prop_assert_eq!(&back.answers, &all.answers);
    }
}

#[test]
fn concurrent_agreed_judgements_are_a_conflict_not_a_silent_winner() {
    let mut a = base();
    let mut b = a.clone();
    a.set_agreed_judgement(PROMPTS[0], 1, &stamp(0, 1));
    b.set_agreed_judgement(PROMPTS[0], 3, &stamp(1, 2));
    let m = a.merge(&b).expect("same");
    assert!(
        m.conflicts()
            .iter()
            .any(|c| matches!(c, doc::ConflictAt::Agreed(p) if p == PROMPTS[0])),
        "{:?}",
        m.conflicts()
    );
    // Both judgements are still there to settle.
    let Some(doc::Answer::Rating { agreed, .. }) = m.answers.get(PROMPTS[0]) else {
        panic!("the judgement is stored as a rating");
    };
    let mut values: Vec<u8> = agreed.entries().iter().map(|e| e.value).collect();
    values.sort_unstable();
    assert_eq!(values, vec![1, 3]);
}

#[test]
fn concurrent_edits_of_one_part_are_kept_as_a_conflict() {
    let mut a = base();
    let mut b = a.clone();
    a.set_checked_part(PROMPTS[1], "evidence", "dpia-2026.pdf", &stamp(0, 1));
    b.set_checked_part(PROMPTS[1], "evidence", "dpia-draft.docx", &stamp(1, 2));
    let m = a.merge(&b).expect("same");
    let key = doc::part_key(PROMPTS[1], "evidence");
    assert!(
        m.conflicts()
            .iter()
            .any(|c| matches!(c, doc::ConflictAt::Answer(k) if *k == key)),
        "{:?}",
        m.conflicts()
    );
}
