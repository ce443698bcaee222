//! The laws of the session document (shared/design/document.md, "Laws the tests
//! must prove"), checked on random valid histories: several actors, each with
//! its own copy of one session, making random edits and merging each other's
//! copies in random orders.
//!
//! Besides the eight laws, every copy at every step is compared with an
//! independent model of a multi-value register: a register holds exactly the
//! writes its copy has seen that no other seen write (of the same register) had
//! seen. The model is built from a log of every write and the causal context of
//! the edit that made it, recorded by the test harness, not by the document.

use jiff::{SignedDuration, Timestamp};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestCaseError;
use safestep::doc::{
    self, Answer, Clock, ConflictAt, Dot, FORMAT, FrameworkRef, MergeError, Register, Session,
    SessionV1, Stamp, Tombstone, migrate_v1,
};
use std::collections::BTreeMap;

const SESSION_ID: &str = "hillside-2026-autumn-7k3f";
const MEMBERS: [&str; 4] = ["alice", "bob", "chen", "dara"];
const TEXT_PROMPTS: [&str; 3] = ["vision.statement", "context.notes", "review.date"];
const CHECK_PROMPTS: [&str; 2] = ["policies.in-place", "training.done"];
const CHECK_OPTIONS: [&str; 3] = ["aup", "filtering", "reporting"];
const RATING_PROMPTS: [&str; 2] = ["assess.filtering.level", "assess.training.level"];
const COLLECTIONS: [&str; 2] = ["actions", "risks"];
const FIELDS: [&str; 3] = ["what", "owner", "due"];
const STEPS: [&str; 3] = ["vision", "group", "assess"];
const PEOPLE: [&str; 4] = ["Asha Patel", "Ben Okafor", "Chen Li", "alice"];
const PLANS: [u32; 4] = [0, 10, 15, 25];

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        // Do not write regression files into the source tree.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn framework() -> FrameworkRef {
    FrameworkRef {
        id: "seven-steps".into(),
        version: 1,
    }
}

/// A deterministic, deliberately non-monotonic sequence of times: merging must
/// never read them, so wall clocks that disagree must not matter.
fn time(k: u64) -> Timestamp {
    let base = Timestamp::constant(1_795_971_600, 0); // 2026-11-29T17:00:00Z
    let secs = i64::try_from((k * 7_919) % 5_000).expect("small");
    let nanos = i32::try_from((k * 104_729) % 1_000_000_000).expect("small");
    base.checked_add(SignedDuration::new(secs, nanos))
        .expect("in range")
}

// ---------------------------------------------------------------------------
// The random history.

#[derive(Clone, Debug)]
enum Edit {
    Text(usize, String),
    Check(usize, usize, bool),
    OwnRating(usize, u8),
    Agreed(usize, u8),
    AddItem(usize, Vec<(usize, String)>),
    SetField(Index, usize, String),
    Delete(Index),
    Restore(Index),
    Move(Index, bool),
    Title(String),
    Position(u32, usize),
    Planned(usize, usize),
    Spent(usize, u64),
    SetSpent(usize, u64),
    Present(usize, bool),
    Budget(u32),
    Votes(Index, usize, u32),
    Park(String, usize),
    ParkToAction(Index),
    Review(Index, usize),
}

#[derive(Clone, Debug)]
enum Step {
    /// Actor `.0` edits its own copy.
    Edit(usize, Edit),
    /// `copy[.0] = copy[.0].merge(&copy[.1])`.
    Merge(usize, usize),
    /// Keep a copy of `copy[.0]` as it is now (a stale copy for later).
    Snapshot(usize),
}

#[derive(Clone, Debug)]
struct Plan {
    n: usize,
    twin: bool,
    steps: Vec<Step>,
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "",
            "yes",
            "Every learner knows how to stay safe online and where to get help.",
            "Line one\nline two\n",
            "Say \"hello\" \\ r#\"raw\"## end",
            "  spaced  ",
            "émoji 🙂 ü, tab\tend",
            "2027-01-31",
        ])
        .prop_map(str::to_owned),
        1 => any::<String>(),
        // Any characters at all, control characters and NUL included: a
        // person may paste anything into an answer.
        1 => vec(any::<char>(), 0..12).prop_map(String::from_iter),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (0..TEXT_PROMPTS.len(), value()).prop_map(|(p, v)| Edit::Text(p, v)),
        2 => (0..CHECK_PROMPTS.len(), 0..CHECK_OPTIONS.len(), any::<bool>())
            .prop_map(|(p, o, t)| Edit::Check(p, o, t)),
        2 => (0..RATING_PROMPTS.len(), 0u8..=4).prop_map(|(p, l)| Edit::OwnRating(p, l)),
        1 => (0..RATING_PROMPTS.len(), 0u8..=4).prop_map(|(p, l)| Edit::Agreed(p, l)),
        2 => (0..COLLECTIONS.len(), vec((0..FIELDS.len(), value()), 0..3))
            .prop_map(|(p, f)| Edit::AddItem(p, f)),
        3 => (any::<Index>(), 0..FIELDS.len(), value())
            .prop_map(|(i, f, v)| Edit::SetField(i, f, v)),
        2 => any::<Index>().prop_map(Edit::Delete),
        1 => any::<Index>().prop_map(Edit::Restore),
        1 => (any::<Index>(), any::<bool>()).prop_map(|(i, up)| Edit::Move(i, up)),
        1 => value().prop_map(Edit::Title),
        1 => (0u32..7, 0..TEXT_PROMPTS.len()).prop_map(|(s, f)| Edit::Position(s, f)),
        1 => (0..STEPS.len(), 0..PLANS.len()).prop_map(|(s, m)| Edit::Planned(s, m)),
        1 => (0..STEPS.len(), 0u64..600).prop_map(|(s, t)| Edit::Spent(s, t)),
        1 => (0..STEPS.len(), 0u64..600).prop_map(|(s, t)| Edit::SetSpent(s, t)),
        2 => (0..PEOPLE.len(), any::<bool>()).prop_map(|(p, b)| Edit::Present(p, b)),
        1 => (0u32..6).prop_map(Edit::Budget),
        3 => (any::<Index>(), 0..PEOPLE.len(), 0u32..4).prop_map(|(i, v, n)| Edit::Votes(i, v, n)),
        1 => (value(), 0..PEOPLE.len()).prop_map(|(t, p)| Edit::Park(t, p)),
        1 => any::<Index>().prop_map(Edit::ParkToAction),
        1 => (any::<Index>(), 0..doc::REVIEW_OUTCOMES.len()).prop_map(|(i, o)| Edit::Review(i, o)),
    ]
}

fn step(n: usize) -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (0..n, edit()).prop_map(|(a, e)| Step::Edit(a, e)),
        3 => (0..n, 0..n).prop_map(|(i, j)| Step::Merge(i, j)),
        1 => (0..n).prop_map(Step::Snapshot),
    ]
}

fn plan() -> impl Strategy<Value = Plan> {
    (2usize..=4, any::<bool>()).prop_flat_map(|(n, twin)| {
        vec(step(n), 0..64).prop_map(move |steps| Plan { n, twin, steps })
    })
}

// ---------------------------------------------------------------------------
// A flat view of every register of a session, for the model and law 4.

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Path {
    Meta(&'static str),
    Text(String),
    Check(String, String),
    Own(String, String),
    Agreed(String),
    Field(String, String),
    Order(String),
    Deleted(String),
    Planned(String),
    Spent(String, String),
    Attend(String),
    Budget,
    Votes(String, String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Val {
    S(String),
    B(bool),
    U(u8),
    I(i64),
    T(Tombstone),
    N(u64),
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Flat {
    value: Val,
    dot: Dot,
    by: String,
    at: Timestamp,
}

type Flattened = BTreeMap<Path, Vec<Flat>>;

fn flat<T>(r: &Register<T>, f: impl Fn(&T) -> Val) -> Vec<Flat> {
    r.0.iter()
        .map(|e| Flat {
            value: f(&e.value),
            dot: e.dot.clone(),
            by: e.by.clone(),
            at: e.at,
        })
        .collect()
}

/// Every register of `s`. Registers that are map values are listed even when
/// empty (a key with no value is a fault the model catches); registers that are
/// struct fields only when they hold something.
fn flatten(s: &Session) -> Flattened {
    let mut out = Flattened::new();
    let str_val = |v: &String| Val::S(v.clone());
    for (name, r) in [
        ("title", &s.title),
        ("organisation", &s.organisation),
        ("facilitator", &s.facilitator),
    ] {
        if !r.is_empty() {
            out.insert(Path::Meta(name), flat(r, str_val));
        }
    }
    for (p, a) in &s.answers {
        match a {
            Answer::Text(r) => {
                out.insert(Path::Text(p.clone()), flat(r, str_val));
            }
            Answer::Checks(map) => {
                for (o, r) in map {
                    out.insert(Path::Check(p.clone(), o.clone()), flat(r, |&b| Val::B(b)));
                }
            }
            Answer::Rating { members, agreed } => {
                for (m, r) in members {
                    out.insert(Path::Own(p.clone(), m.clone()), flat(r, |&u| Val::U(u)));
                }
                if !agreed.is_empty() {
                    out.insert(Path::Agreed(p.clone()), flat(agreed, |&u| Val::U(u)));
                }
            }
        }
    }
    for (id, item) in &s.items {
        for (f, r) in &item.fields {
            out.insert(Path::Field(id.clone(), f.clone()), flat(r, str_val));
        }
        out.insert(Path::Order(id.clone()), flat(&item.order, |&i| Val::I(i)));
        if !item.deleted.is_empty() {
            out.insert(
                Path::Deleted(id.clone()),
                flat(&item.deleted, |t| Val::T(t.clone())),
            );
        }
    }
    let m = &s.meeting;
    for (step, r) in &m.planned {
        out.insert(Path::Planned(step.clone()), flat(r, |&n| Val::N(n.into())));
    }
    for (step, slots) in &m.spent {
        for (member, r) in slots {
            out.insert(
                Path::Spent(step.clone(), member.clone()),
                flat(r, |&n| Val::N(n)),
            );
        }
    }
    for (name, r) in &m.attendance {
        out.insert(Path::Attend(name.clone()), flat(r, |&b| Val::B(b)));
    }
    if !m.vote_budget.is_empty() {
        out.insert(Path::Budget, flat(&m.vote_budget, |&n| Val::N(n.into())));
    }
    for (item, slots) in &m.votes {
        for (voter, r) in slots {
            out.insert(
                Path::Votes(item.clone(), voter.clone()),
                flat(r, |&n| Val::N(n.into())),
            );
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Running a history.

struct World {
    actors: Vec<(String, String)>,
    copies: Vec<Session>,
    /// Stale copies kept along the way.
    pool: Vec<Session>,
    /// Every register write ever made, with its register.
    writes: Vec<(Path, Flat)>,
    /// The causal context of the edit that made each dot.
    ctx: BTreeMap<Dot, Clock>,
    now: u64,
}

impl World {
    fn new(n: usize, twin: bool) -> World {
        let actors: Vec<(String, String)> = (0..n)
            .map(|i| {
                let member = if twin && i + 1 == n {
                    MEMBERS[0]
                } else {
                    MEMBERS[i]
                };
                (format!("{member}@r{}", i + 1), member.to_owned())
            })
            .collect();
        let mut w = World {
            actors,
            copies: Vec::new(),
            pool: Vec::new(),
            writes: Vec::new(),
            ctx: BTreeMap::new(),
            now: 0,
        };
        let stamp = w.stamp(0);
        let first = Session::new(
            SESSION_ID.into(),
            "Autumn online safety review",
            framework(),
            &stamp,
        );
        w.copies = vec![first; n];
        w.record(0, &Clock::default());
        w
    }

    fn run(plan: &Plan, check_model: bool) -> Result<World, TestCaseError> {
        let mut w = World::new(plan.n, plan.twin);
        for s in &plan.steps {
            w.step(s);
            if check_model {
                let touched = match s {
                    Step::Edit(i, _) | Step::Merge(i, _) | Step::Snapshot(i) => *i,
                };
                w.check_model(&w.copies[touched])?;
            }
        }
        Ok(w)
    }

    fn stamp(&mut self, i: usize) -> Stamp {
        self.now += 1;
        Stamp {
            actor: self.actors[i].0.clone(),
            member: self.actors[i].1.clone(),
            at: time(self.now),
        }
    }

    fn step(&mut self, s: &Step) {
        match s {
            Step::Edit(i, e) => self.apply(*i, e),
            Step::Merge(i, j) => {
                let merged = self.copies[*i]
                    .merge(&self.copies[*j])
                    .expect("same session");
                self.copies[*i] = merged;
            }
            Step::Snapshot(i) => self.pool.push(self.copies[*i].clone()),
        }
    }

    fn apply(&mut self, i: usize, e: &Edit) {
        let stamp = self.stamp(i);
        let copy = &mut self.copies[i];
        let before = copy.seen.clone();
        let ids: Vec<String> = copy.items.keys().cloned().collect();
        let pick = |ix: &Index| (!ids.is_empty()).then(|| ix.get(&ids).clone());
        match e {
            Edit::Text(p, v) => copy.set_text(TEXT_PROMPTS[*p], v, &stamp),
            Edit::Check(p, o, t) => {
                copy.set_check(CHECK_PROMPTS[*p], CHECK_OPTIONS[*o], *t, &stamp)
            }
            Edit::OwnRating(p, l) => copy.set_own_rating(RATING_PROMPTS[*p], *l, &stamp),
            Edit::Agreed(p, l) => copy.set_agreed_rating(RATING_PROMPTS[*p], *l, &stamp),
            Edit::AddItem(p, fields) => {
                let fields: Vec<(&str, &str)> = fields
                    .iter()
                    .map(|(f, v)| (FIELDS[*f], v.as_str()))
                    .collect();
                let id = copy.add_item(COLLECTIONS[*p], &fields, &stamp);
                assert!(copy.items.contains_key(&id), "add_item returned {id}");
            }
            Edit::SetField(ix, f, v) => {
                if let Some(id) = pick(ix) {
                    assert!(copy.set_item_field(&id, FIELDS[*f], v, &stamp));
                }
            }
            Edit::Delete(ix) => {
                if let Some(id) = pick(ix) {
                    assert!(copy.delete_item(&id, &stamp));
                    assert!(Session::is_deleted(&copy.items[&id]));
                }
            }
            Edit::Restore(ix) => {
                if let Some(id) = pick(ix) {
                    assert!(copy.restore_item(&id, &stamp));
                    assert!(!Session::is_deleted(&copy.items[&id]));
                }
            }
            Edit::Move(ix, up) => {
                if let Some(id) = pick(ix) {
                    copy.move_item(&id, if *up { -1 } else { 1 }, &stamp);
                }
            }
            Edit::Title(v) => copy.set_title(v, &stamp),
            Edit::Position(s, f) => copy.set_position(*s, TEXT_PROMPTS[*f], &stamp),
            Edit::Planned(st, m) => {
                copy.set_planned_minutes(STEPS[*st], PLANS[*m], &stamp);
                let want = Some(PLANS[*m]).filter(|&m| m > 0);
                assert_eq!(copy.planned_minutes(STEPS[*st]), want);
            }
            Edit::Spent(st, t) => {
                let before = copy.spent_by(STEPS[*st], &stamp.member);
                copy.add_spent(STEPS[*st], *t, &stamp);
                assert_eq!(copy.spent_by(STEPS[*st], &stamp.member), before + t);
                assert!(copy.spent_seconds(STEPS[*st]) >= before + t);
            }
            Edit::SetSpent(st, t) => copy.set_spent(STEPS[*st], *t, &stamp),
            Edit::Present(p, b) => {
                copy.set_present(PEOPLE[*p], *b, &stamp);
                assert_eq!(copy.is_present(PEOPLE[*p]), *b);
            }
            Edit::Budget(n) => {
                copy.set_vote_budget(*n, &stamp);
                assert_eq!(copy.vote_budget(), *n);
            }
            Edit::Votes(ix, v, n) => {
                if let Some(id) = pick(ix) {
                    assert!(copy.set_votes(&id, PEOPLE[*v], *n, &stamp));
                    assert_eq!(
                        copy.votes_for(&id).get(PEOPLE[*v]).copied().unwrap_or(0),
                        *n
                    );
                }
            }
            Edit::Park(t, p) => {
                let id = copy.park(t, PEOPLE[*p], &stamp);
                assert!(copy.parking_lot().iter().any(|(k, _)| *k == id));
            }
            Edit::ParkToAction(ix) => {
                if let Some(id) = pick(ix)
                    && let Some(action) = copy.park_to_action(&id, COLLECTIONS[0], &stamp)
                {
                    assert_eq!(copy.items[&id].field(doc::MOVED_TO), action);
                    assert_eq!(copy.items[&action].field("status"), "open");
                }
            }
            Edit::Review(ix, o) => {
                if let Some(id) = pick(ix) {
                    assert!(copy.set_review(&id, doc::REVIEW_OUTCOMES[*o], &stamp));
                }
            }
        }
        self.record(i, &before);
    }

    /// Log the writes copy `i` made since it had seen `before`.
    fn record(&mut self, i: usize, before: &Clock) {
        let actor = self.actors[i].0.clone();
        for (path, entries) in flatten(&self.copies[i]) {
            for e in entries {
                if before.has_seen(&e.dot) {
                    continue;
                }
                assert_eq!(e.dot.actor(), actor, "a new value carries its writer's dot");
                assert_eq!(e.by, self.actors[i].1, "a new value names its member");
                let mut ctx = before.clone();
                ctx.0.insert(actor.clone(), e.dot.counter());
                assert!(
                    self.ctx.insert(e.dot.clone(), ctx).is_none(),
                    "dot {} written twice",
                    e.dot
                );
                self.writes.push((path.clone(), e));
            }
        }
    }

    fn edit_ctx(&self, dot: &Dot) -> &Clock {
        self.ctx.get(dot).expect("every dot was logged")
    }

    /// What a copy that has seen `seen` must hold: per register, the seen
    /// writes that no other seen write of that register had seen.
    fn expected(&self, seen: &Clock) -> Flattened {
        let mut by_path: BTreeMap<&Path, Vec<&Flat>> = BTreeMap::new();
        for (p, f) in &self.writes {
            if seen.has_seen(&f.dot) {
                by_path.entry(p).or_default().push(f);
            }
        }
        by_path
            .into_iter()
            .map(|(p, ws)| {
                let mut keep: Vec<Flat> = ws
                    .iter()
                    .filter(|w| {
                        !ws.iter()
                            .any(|o| o.dot != w.dot && self.edit_ctx(&o.dot).has_seen(&w.dot))
                    })
                    .map(|w| (*w).clone())
                    .collect();
                keep.sort_by(|a, b| a.dot.cmp(&b.dot));
                (p.clone(), keep)
            })
            .collect()
    }

    fn check_model(&self, s: &Session) -> Result<(), TestCaseError> {
        let got = flatten(s);
        let want = self.expected(&s.seen);
        for (p, w) in &want {
            prop_assert_eq!(got.get(p), Some(w), "register {:?}", p);
        }
        for p in got.keys() {
            prop_assert!(want.contains_key(p), "register {:?} holds no seen write", p);
        }
        Ok(())
    }

    /// Every state the history produced: stale snapshots and the final copies.
    fn states(&self) -> Vec<Session> {
        self.pool.iter().chain(&self.copies).cloned().collect()
    }
}

fn merged(a: &Session, b: &Session) -> Session {
    a.merge(b).expect("copies of one session")
}

fn text(s: &Session) -> String {
    doc::to_text(s).expect("a session always serialises")
}

/// Nothing lost (law 4) for `r = merge(a, b)`.
fn check_nothing_lost(
    w: &World,
    a: &Session,
    b: &Session,
    r: &Session,
) -> Result<(), TestCaseError> {
    let (fa, fb, fr) = (flatten(a), flatten(b), flatten(r));
    for (input, other) in [(&fa, b), (&fb, a)] {
        for (path, entries) in input {
            let out = fr.get(path);
            prop_assert!(out.is_some(), "register {:?} vanished", path);
            let out = out.expect("checked");
            for e in entries {
                if out.contains(e) {
                    continue;
                }
                prop_assert!(
                    other.seen.has_seen(&e.dot),
                    "{:?} value {} dropped though the other copy never saw it",
                    path,
                    e.dot
                );
                prop_assert!(
                    out.iter().any(|f| w.edit_ctx(&f.dot).has_seen(&e.dot)),
                    "{:?} value {} dropped but no kept value's edit had seen it",
                    path,
                    e.dot
                );
            }
        }
    }
    for (path, entries) in &fr {
        for e in entries {
            let from_a = fa.get(path).is_some_and(|v| v.contains(e));
            let from_b = fb.get(path).is_some_and(|v| v.contains(e));
            prop_assert!(
                from_a || from_b,
                "{:?} value {} came from nowhere",
                path,
                e.dot
            );
        }
    }
    prop_assert_eq!(&r.seen, &a.seen.join(&b.seen));
    for input in [a, b] {
        for (m, p) in &input.positions {
            let got = r.positions.get(m);
            prop_assert!(got.is_some_and(|g| g >= p), "position of {} went back", m);
        }
    }
    for (m, p) in &r.positions {
        prop_assert!(
            a.positions.get(m) == Some(p) || b.positions.get(m) == Some(p),
            "position of {} came from nowhere",
            m
        );
    }
    Ok(())
}

fn pick3(states: &[Session], ix: &(Index, Index, Index)) -> (Session, Session, Session) {
    (
        ix.0.get(states).clone(),
        ix.1.get(states).clone(),
        ix.2.get(states).clone(),
    )
}

fn to_v1(s: &Session) -> SessionV1 {
    SessionV1 {
        format: 1,
        id: s.id.clone(),
        created: s.created,
        framework: s.framework.clone(),
        seen: s.seen.clone(),
        title: s.title.clone(),
        organisation: s.organisation.clone(),
        facilitator: s.facilitator.clone(),
        previous: s.previous.clone(),
        answers: s.answers.clone(),
        items: s
            .items
            .iter()
            .map(|(id, i)| {
                let deleted = Register(
                    i.deleted
                        .0
                        .iter()
                        .map(|e| doc::Entry {
                            value: e.value.deleted,
                            dot: e.dot.clone(),
                            by: e.by.clone(),
                            at: e.at,
                        })
                        .collect(),
                );
                (
                    id.clone(),
                    doc::Item {
                        prompt: i.prompt.clone(),
                        fields: i.fields.clone(),
                        order: i.order.clone(),
                        deleted,
                    },
                )
            })
            .collect(),
        positions: s.positions.clone(),
        meeting: s.meeting.clone(),
    }
}

// ---------------------------------------------------------------------------
// The laws.

proptest! {
    #![proptest_config(config(256))]

    /// The harness itself: every copy at every step holds exactly what the
    /// multi-value register model says, edits and merges alike.
    #[test]
    fn every_copy_matches_the_register_model(p in plan()) {
        let w = World::run(&p, true)?;
        for s in w.states() {
            w.check_model(&s)?;
        }
    }

    /// Law 1: merge(a, b) == merge(b, a).
    #[test]
    fn law1_merge_is_commutative(p in plan(), picks in vec(any::<(Index, Index)>(), 6)) {
        let w = World::run(&p, false)?;
        let states = w.states();
        let n = w.copies.len();
        let finals = &states[states.len() - n..];
        for a in finals {
            for b in finals {
                prop_assert_eq!(merged(a, b), merged(b, a));
            }
        }
        for (i, j) in &picks {
            let (a, b) = (i.get(&states), j.get(&states));
            prop_assert_eq!(merged(a, b), merged(b, a));
        }
    }

    /// Law 2: merge(a, merge(b, c)) == merge(merge(a, b), c).
    #[test]
    fn law2_merge_is_associative(p in plan(), picks in vec(any::<(Index, Index, Index)>(), 6)) {
        let w = World::run(&p, false)?;
        let states = w.states();
        for ix in &picks {
            let (a, b, c) = pick3(&states, ix);
            prop_assert_eq!(merged(&a, &merged(&b, &c)), merged(&merged(&a, &b), &c));
        }
    }

    /// Law 3: merge(a, a) == a.
    #[test]
    fn law3_merge_is_idempotent(p in plan()) {
        let w = World::run(&p, false)?;
        for a in w.states() {
            prop_assert_eq!(merged(&a, &a), a.clone());
            // And merging in an older state of what a copy holds changes none
            // of its registers. (Positions are not edits with dots, so a copy
            // whose context covers another's may still lack its positions.)
            for b in &w.pool {
                if a.seen.dominates(&b.seen) {
                    let mut m = merged(&a, b);
                    for (member, p) in &a.positions {
                        prop_assert!(m.positions.get(member).is_some_and(|q| q >= p));
                    }
                    m.positions.clone_from(&a.positions);
                    prop_assert_eq!(m, a.clone());
                }
            }
        }
    }

    /// Law 4: every value of an input is in the result, or the other input had
    /// seen it and the result holds a value written by an edit that had seen it.
    #[test]
    fn law4_nothing_is_lost(p in plan(), picks in vec(any::<(Index, Index)>(), 6)) {
        let w = World::run(&p, false)?;
        let states = w.states();
        for (i, j) in &picks {
            let (a, b) = (i.get(&states), j.get(&states));
            check_nothing_lost(&w, a, b, &merged(a, b))?;
        }
    }

    /// Law 5: after random gossip and then an exchange that reaches everyone,
    /// in a random order and with random argument order, every copy is equal,
    /// byte for byte, and holds what the model says.
    #[test]
    fn law5_copies_converge(
        p in plan(),
        gossip in vec(any::<(Index, Index, bool)>(), 0..12),
        order in Just(vec![0usize, 1, 2, 3]).prop_shuffle(),
        flips in vec(any::<bool>(), 8),
    ) {
        let mut w = World::run(&p, false)?;
        let n = w.copies.len();
        let ix: Vec<usize> = (0..n).collect();
        let exchange = |w: &mut World, i: usize, j: usize, flip: bool| {
            let m = if flip {
                merged(&w.copies[j], &w.copies[i])
            } else {
                merged(&w.copies[i], &w.copies[j])
            };
            w.copies[i] = m;
        };
        for (a, b, flip) in &gossip {
            exchange(&mut w, *a.get(&ix), *b.get(&ix), *flip);
        }
        let order: Vec<usize> = order.into_iter().filter(|&i| i < n).collect();
        let mut flip = flips.iter().cycle();
        for k in 1..n {
            exchange(&mut w, order[k], order[k - 1], *flip.next().expect("cycle"));
        }
        for k in (0..n - 1).rev() {
            exchange(&mut w, order[k], order[k + 1], *flip.next().expect("cycle"));
        }
        let first = w.copies[0].clone();
        let first_text = text(&first);
        for c in &w.copies[1..] {
            prop_assert_eq!(c, &first);
            prop_assert_eq!(text(c), first_text.clone());
        }
        let all = w.copies.iter().fold(Clock::default(), |acc, c| acc.join(&c.seen));
        prop_assert_eq!(&first.seen, &all);
        w.check_model(&first)?;
    }

    /// Law 6: parse(to_text(d)) == d, and to_text is byte-deterministic, also
    /// for equal documents reached by different merge orders.
    #[test]
    fn law6_round_trip_and_deterministic_text(
        p in plan(),
        picks in vec(any::<(Index, Index, Index)>(), 3),
    ) {
        let w = World::run(&p, false)?;
        let states = w.states();
        for d in &states {
            let t = text(d);
            let parsed = doc::parse(&t);
            prop_assert!(parsed.is_ok(), "{:?}\n{}", parsed, t);
            let parsed = parsed.expect("checked");
            prop_assert_eq!(&parsed.session, d);
            // Format 3 only when the session holds meeting data.
            let format = if d.meeting.is_empty() { 2 } else { 3 };
            prop_assert_eq!(parsed.written_format, format);
            prop_assert_eq!(doc::written_format(d), format);
            prop_assert!(!parsed.read_only);
            prop_assert_eq!(text(&parsed.session), t.clone());
            prop_assert_eq!(text(&d.clone()), t.clone());
            let first = format!("(\n    format: {format},\n");
            prop_assert!(t.starts_with(&first), "format comes first:\n{}", t);
            // The `ron` crate (the reference reader, and what every safestep
            // since format 2 reads with) reads the same session.
            prop_assert_eq!(doc::parse_ron(&t), Ok(parsed.clone()));
            // The layout written before, and RON with no layout at all (every
            // string escaped), still read as the same session.
            let mut as_written = d.clone();
            as_written.format = format;
            let legacy = doc::to_text_legacy(&as_written).expect("serialises");
            prop_assert_eq!(doc::parse(&legacy), Ok(parsed.clone()));
            let bare = ron::to_string(&as_written).expect("serialises");
            prop_assert_eq!(doc::parse(&bare), Ok(parsed.clone()));
            prop_assert_eq!(doc::parse_ron(&bare), Ok(parsed.clone()));
            prop_assert!(t.ends_with(")\n"), "the text ends with one newline");
        }
        for ix in &picks {
            let (a, b, c) = pick3(&states, ix);
            let one = text(&merged(&merged(&a, &b), &c));
            let two = text(&merged(&c, &merged(&b, &a)));
            prop_assert_eq!(one, two);
        }
    }

    /// Law 8: for format 1, migrate(merge(a, b)) == merge(migrate(a), migrate(b)),
    /// and parsing a format 1 text gives the migrated session.
    #[test]
    fn law8_migrate_then_merge_equals_merge_then_migrate(
        p in plan(),
        picks in vec(any::<(Index, Index)>(), 4),
    ) {
        let w = World::run(&p, false)?;
        let states = w.states();
        let old: Vec<SessionV1> = states.iter().map(to_v1).collect();
        // Migration keeps everything but what format 1 never had.
        for (s, v1) in states.iter().zip(&old) {
            let mut want = s.clone();
            for item in want.items.values_mut() {
                for e in &mut item.deleted.0 {
                    e.value.covers = None;
                }
            }
            prop_assert_eq!(migrate_v1(v1.clone()), want);
        }
        for (i, j) in &picks {
            let (a, b) = (i.get(&old), j.get(&old));
            let m = a.merge(b).expect("same session");
            prop_assert_eq!(m.format, 1);
            let left = migrate_v1(m);
            let right = migrate_v1(a.clone())
                .merge(&migrate_v1(b.clone()))
                .expect("same session");
            prop_assert_eq!(&left, &right);
            prop_assert_eq!(left.format, FORMAT);
        }
        for v1 in &old {
            let t = doc::to_text_legacy(v1).expect("serialises");
            prop_assert!(t.starts_with("(\n    format: 1,\n"));
            let parsed = doc::parse(&t);
            prop_assert!(parsed.is_ok(), "{:?}\n{}", parsed, t);
            let parsed = parsed.expect("checked");
            let migrated = migrate_v1(v1.clone());
            prop_assert_eq!(parsed.written_format, 1);
            prop_assert!(!parsed.read_only);
            prop_assert_eq!(&parsed.session, &migrated);
            for (id, item) in &migrated.items {
                let was = &v1.items[id];
                prop_assert_eq!(item.deleted.0.len(), was.deleted.0.len());
                for (new, old) in item.deleted.0.iter().zip(&was.deleted.0) {
                    prop_assert_eq!(new.value.deleted, old.value);
                    prop_assert_eq!(&new.value.covers, &None);
                    prop_assert_eq!(&new.dot, &old.dot);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Law 7: a resolution beats a stale copy that still holds the old conflict.

#[derive(Clone, Copy, Debug)]
enum Site {
    Text,
    Title,
    Agreed,
    ItemField,
    Planned,
    Attendance,
}

const LAW7_PROMPT: &str = "law7.answer";
const LAW7_RATING: &str = "law7.rating";
const LAW7_STEP: &str = "law7-step";
const LAW7_NAME: &str = "Law Seven";

/// How `site_read` shows the value `site_write` wrote for `v`.
fn site_value(site: Site, v: u8) -> String {
    match site {
        Site::Attendance => if v % 2 == 1 { "present" } else { "absent" }.to_owned(),
        _ => format!("value {v}"),
    }
}

/// Whether an edit would write the register under test (which would make a
/// new, genuinely concurrent value rather than a stale one).
fn touches(site: Site, e: &Edit) -> bool {
    match site {
        Site::Title => matches!(e, Edit::Title(_)),
        Site::ItemField => matches!(e, Edit::SetField(..)),
        Site::Text | Site::Agreed | Site::Planned | Site::Attendance => false,
    }
}

fn site_write(s: &mut Session, site: Site, item: &str, v: u8, stamp: &Stamp) {
    let value = format!("value {v}");
    match site {
        Site::Text => s.set_text(LAW7_PROMPT, &value, stamp),
        Site::Title => s.set_title(&value, stamp),
        Site::Agreed => s.set_agreed_rating(LAW7_RATING, v, stamp),
        Site::ItemField => {
            assert!(s.set_item_field(item, "what", &value, stamp));
        }
        Site::Planned => s.set_planned_minutes(LAW7_STEP, v.into(), stamp),
        Site::Attendance => s.set_present(LAW7_NAME, v % 2 == 1, stamp),
    }
}

/// The register under test, as (value, member) pairs, and its conflict marker.
fn site_read(s: &Session, site: Site, item: &str) -> (Vec<(String, String)>, ConflictAt) {
    match site {
        Site::Text => (
            s.text(LAW7_PROMPT)
                .map(|r| {
                    r.0.iter()
                        .map(|e| (e.value.clone(), e.by.clone()))
                        .collect()
                })
                .unwrap_or_default(),
            ConflictAt::Answer(LAW7_PROMPT.into()),
        ),
        Site::Title => (
            s.title
                .0
                .iter()
                .map(|e| (e.value.clone(), e.by.clone()))
                .collect(),
            ConflictAt::Meta("title"),
        ),
        Site::Agreed => (
            match s.answers.get(LAW7_RATING) {
                Some(Answer::Rating { agreed, .. }) => agreed
                    .0
                    .iter()
                    .map(|e| (format!("value {}", e.value), e.by.clone()))
                    .collect(),
                _ => Vec::new(),
            },
            ConflictAt::Agreed(LAW7_RATING.into()),
        ),
        Site::ItemField => (
            s.items
                .get(item)
                .and_then(|i| i.fields.get("what"))
                .map(|r| {
                    r.0.iter()
                        .map(|e| (e.value.clone(), e.by.clone()))
                        .collect()
                })
                .unwrap_or_default(),
            ConflictAt::ItemField(item.into(), "what".into()),
        ),
        Site::Planned => (
            s.meeting
                .planned
                .get(LAW7_STEP)
                .map(|r| {
                    r.0.iter()
                        .map(|e| (format!("value {}", e.value), e.by.clone()))
                        .collect()
                })
                .unwrap_or_default(),
            ConflictAt::Planned(LAW7_STEP.into()),
        ),
        Site::Attendance => (
            s.meeting
                .attendance
                .get(LAW7_NAME)
                .map(|r| {
                    r.0.iter()
                        .map(|e| (site_value(site, u8::from(e.value)), e.by.clone()))
                        .collect()
                })
                .unwrap_or_default(),
            ConflictAt::Attendance(LAW7_NAME.into()),
        ),
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn law7_a_resolution_beats_a_stale_copy(
        p in plan(),
        site in prop::sample::select(vec![
            Site::Text,
            Site::Title,
            Site::Agreed,
            Site::ItemField,
            Site::Planned,
            Site::Attendance,
        ]),
        resolver in any::<Index>(),
        extra in vec(edit(), 0..8),
    ) {
        let mut w = World::run(&p, false)?;
        let n = w.copies.len();
        // Everyone starts from a common state that holds one live item.
        let all = w.copies.iter().fold(w.copies[0].clone(), |acc, c| merged(&acc, c));
        w.copies = vec![all; n];
        let before = w.copies[0].seen.clone();
        let stamp = w.stamp(0);
        let item = w.copies[0].add_item("actions", &[("what", "start")], &stamp);
        w.record(0, &before);
        let shared = w.copies[0].clone();
        w.copies = vec![shared; n];

        // Actors 0 and 1 write the register concurrently.
        for (i, v) in [(0usize, 1u8), (1, 2)] {
            let before = w.copies[i].seen.clone();
            let stamp = w.stamp(i);
            site_write(&mut w.copies[i], site, &item, v, &stamp);
            w.record(i, &before);
        }
        let conflicted = merged(&w.copies[0], &w.copies[1]);
        let (values, marker) = site_read(&conflicted, site, &item);
        prop_assert_eq!(values.len(), 2, "two concurrent writes conflict");
        prop_assert!(conflicted.conflicts().contains(&marker));

        // Actor 1 keeps the conflict and carries on editing elsewhere: its copy
        // goes stale. Another actor resolves on a copy that holds the conflict.
        w.copies[0] = conflicted.clone();
        w.copies[1] = conflicted.clone();
        for e in extra.iter().filter(|e| !touches(site, e)) {
            w.apply(1, e);
        }
        let r = *resolver.get(&(0..n).filter(|&i| i != 1).collect::<Vec<_>>());
        w.copies[r] = conflicted.clone();
        let before = w.copies[r].seen.clone();
        let stamp = w.stamp(r);
        site_write(&mut w.copies[r], site, &item, 9, &stamp);
        w.record(r, &before);
        let resolved = w.copies[r].clone();
        let stale = w.copies[1].clone();

        let want = vec![(site_value(site, 9), w.actors[r].1.clone())];
        for m in [merged(&resolved, &stale), merged(&stale, &resolved)] {
            let (values, marker) = site_read(&m, site, &item);
            prop_assert_eq!(&values, &want);
            prop_assert!(!m.conflicts().contains(&marker));
            w.check_model(&m)?;
        }
        // Stale copies of either writer do not bring the conflict back either.
        let everything = w.states().iter().fold(resolved.clone(), |acc, c| merged(&acc, c));
        let (values, _) = site_read(&everything, site, &item);
        prop_assert_eq!(&values, &want);
    }
}

// ---------------------------------------------------------------------------
// Unit tests.

fn stamp(actor: &str, k: u64) -> Stamp {
    Stamp {
        actor: actor.into(),
        member: actor.split('@').next().unwrap_or(actor).into(),
        at: time(k),
    }
}

fn fresh() -> Session {
    Session::new(
        SESSION_ID.into(),
        "Autumn online safety review",
        framework(),
        &stamp("alice@r1", 0),
    )
}

fn delete_edit_race() -> (Session, Session, Session, String) {
    let mut alice = fresh();
    let id = alice.add_item(
        "actions",
        &[("what", "Review the AUP"), ("owner", "bob")],
        &stamp("alice@r1", 1),
    );
    let mut bob = alice.clone();
    assert!(alice.delete_item(&id, &stamp("alice@r1", 2)));
    assert!(bob.set_item_field(&id, "owner", "chen", &stamp("bob@r1", 3)));
    let m = merged(&alice, &bob);
    (alice, bob, m, id)
}

#[test]
fn delete_concurrent_with_edit_is_a_conflict() {
    let (alice, bob, m, id) = delete_edit_race();
    assert!(Session::is_deleted(&m.items[&id]));
    assert_eq!(m.conflicts(), vec![ConflictAt::DeleteEdit(id.clone())]);
    assert_eq!(merged(&bob, &alice).conflicts(), m.conflicts());
    assert_eq!(
        m.items[&id].field("owner"),
        "chen",
        "the edit is kept to show"
    );
    assert_eq!(
        ConflictAt::DeleteEdit(id.clone()).prompt(&m),
        Some("actions")
    );
    // Neither side alone has a conflict.
    assert!(alice.conflicts().is_empty());
    assert!(bob.conflicts().is_empty());
}

#[test]
fn confirming_the_delete_settles_it_everywhere() {
    let (alice, bob, mut m, id) = delete_edit_race();
    assert!(m.delete_item(&id, &stamp("chen@r1", 4)));
    assert!(m.conflicts().is_empty());
    assert!(Session::is_deleted(&m.items[&id]));
    // Stale copies that hold the edit or the first delete do not reopen it.
    for stale in [&alice, &bob] {
        for x in [merged(&m, stale), merged(stale, &m)] {
            assert!(x.conflicts().is_empty(), "{:?}", x.conflicts());
            assert!(Session::is_deleted(&x.items[&id]));
        }
    }
}

#[test]
fn restoring_settles_a_delete_edit_race() {
    let (alice, bob, mut m, id) = delete_edit_race();
    assert!(m.restore_item(&id, &stamp("bob@r1", 4)));
    assert!(m.conflicts().is_empty());
    assert!(!Session::is_deleted(&m.items[&id]));
    assert_eq!(m.items[&id].field("owner"), "chen");
    for stale in [&alice, &bob] {
        let x = merged(stale, &m);
        assert!(x.conflicts().is_empty(), "{:?}", x.conflicts());
        assert!(!Session::is_deleted(&x.items[&id]));
    }
}

#[test]
fn a_delete_that_saw_every_edit_is_no_conflict() {
    let mut alice = fresh();
    let id = alice.add_item("actions", &[("what", "x")], &stamp("alice@r1", 1));
    let mut bob = alice.clone();
    assert!(bob.set_item_field(&id, "what", "y", &stamp("bob@r1", 2)));
    alice = merged(&alice, &bob);
    assert!(alice.delete_item(&id, &stamp("alice@r1", 3)));
    let m = merged(&alice, &bob);
    assert!(Session::is_deleted(&m.items[&id]));
    assert!(m.conflicts().is_empty(), "{:?}", m.conflicts());
}

#[test]
fn a_restore_concurrent_with_a_delete_is_shown() {
    // Alice deletes; Bob, who had seen an earlier delete, restores at the same
    // time. The group must see that they disagree.
    let mut alice = fresh();
    let id = alice.add_item("actions", &[("what", "x")], &stamp("alice@r1", 1));
    assert!(alice.delete_item(&id, &stamp("alice@r1", 2)));
    let mut bob = alice.clone();
    assert!(bob.restore_item(&id, &stamp("bob@r1", 3)));
    assert!(alice.delete_item(&id, &stamp("alice@r1", 4)));
    let m = merged(&alice, &bob);
    assert_eq!(m.items[&id].deleted.0.len(), 2);
    assert_eq!(m.conflicts(), vec![ConflictAt::DeleteEdit(id.clone())]);
    let mut settled = m.clone();
    assert!(settled.restore_item(&id, &stamp("chen@r1", 5)));
    assert!(settled.conflicts().is_empty());
    let mut settled = m;
    assert!(settled.delete_item(&id, &stamp("chen@r1", 5)));
    assert!(settled.conflicts().is_empty());
}

#[test]
fn own_ratings_of_different_members_never_conflict() {
    let base = fresh();
    let (mut alice, mut bob) = (base.clone(), base);
    alice.set_own_rating("assess.filtering.level", 3, &stamp("alice@r1", 1));
    bob.set_own_rating("assess.filtering.level", 2, &stamp("bob@r1", 1));
    let m = merged(&alice, &bob);
    assert!(m.conflicts().is_empty(), "{:?}", m.conflicts());
    let ratings = m.member_ratings("assess.filtering.level");
    assert_eq!(ratings, BTreeMap::from([("alice", 3), ("bob", 2)]));
}

#[test]
fn one_member_rating_in_two_places_at_once_conflicts() {
    let base = fresh();
    let (mut laptop, mut server) = (base.clone(), base);
    laptop.set_own_rating("assess.filtering.level", 3, &stamp("alice@r1", 1));
    server.set_own_rating("assess.filtering.level", 1, &stamp("alice@r2", 1));
    let m = merged(&laptop, &server);
    assert_eq!(
        m.conflicts(),
        vec![ConflictAt::OwnRating(
            "assess.filtering.level".into(),
            "alice".into()
        )]
    );
    let mut settled = m.clone();
    settled.set_own_rating("assess.filtering.level", 2, &stamp("alice@r1", 2));
    assert!(merged(&settled, &server).conflicts().is_empty());
}

#[test]
fn merge_refuses_copies_of_different_sessions() {
    let a = fresh();
    let mut b = Session::new(
        "another-session".into(),
        "Spring review",
        framework(),
        &stamp("bob@r1", 0),
    );
    b.set_text("vision.statement", "x", &stamp("bob@r1", 1));
    assert_eq!(
        a.merge(&b),
        Err(MergeError::DifferentSessions {
            mine: SESSION_ID.into(),
            theirs: "another-session".into(),
        })
    );
    assert!(matches!(
        b.merge(&a),
        Err(MergeError::DifferentSessions { .. })
    ));
    // Forced, the merge still is a function of its inputs.
    assert_eq!(a.merge_forced(&b), b.merge_forced(&a));
    assert_eq!(a.merge_forced(&b).id, "another-session".min(SESSION_ID));
}

#[test]
fn the_model_sees_a_plain_conflict() {
    // A sanity check of the harness: a plain two-actor conflict is what the
    // model predicts, and flatten sees it.
    let plan = Plan {
        n: 2,
        twin: false,
        steps: vec![
            Step::Edit(0, Edit::Text(0, "a".into())),
            Step::Edit(1, Edit::Text(0, "b".into())),
            Step::Merge(0, 1),
        ],
    };
    let w = World::run(&plan, true).expect("model holds");
    let got = flatten(&w.copies[0]);
    let reg = &got[&Path::Text(TEXT_PROMPTS[0].into())];
    assert_eq!(reg.len(), 2);
    assert_eq!(
        w.copies[0].conflicts(),
        vec![ConflictAt::Answer(TEXT_PROMPTS[0].into())]
    );
}

#[test]
fn the_histories_reach_the_interesting_states() {
    // The laws are only worth as much as the states they are checked on: the
    // generator must produce conflicts of every kind, delete/edit races,
    // restores and stale copies.
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for _ in 0..256 {
        let p = plan().new_tree(&mut runner).expect("a plan").current();
        let w = World::run(&p, false).expect("runs");
        for s in w.states() {
            for c in s.conflicts() {
                let kind = match c {
                    ConflictAt::Meta(_) => "meta",
                    ConflictAt::Answer(_) => "answer",
                    ConflictAt::Check(..) => "check",
                    ConflictAt::OwnRating(..) => "own rating",
                    ConflictAt::Agreed(_) => "agreed",
                    ConflictAt::ItemField(..) => "item field",
                    ConflictAt::DeleteEdit(_) => "delete/edit",
                    ConflictAt::Planned(_) => "planned",
                    ConflictAt::Attendance(_) => "attendance",
                    ConflictAt::VoteBudget => "budget",
                };
                *seen.entry(kind).or_default() += 1;
            }
            for item in s.items.values() {
                if item.deleted.0.iter().any(|e| !e.value.deleted) {
                    *seen.entry("restored").or_default() += 1;
                }
            }
        }
        if !w.pool.is_empty() {
            *seen.entry("stale copies").or_default() += 1;
        }
        for s in &w.copies {
            let m = &s.meeting;
            if m.votes.values().any(|v| v.len() > 1) {
                *seen.entry("votes").or_default() += 1;
            }
            if m.spent.values().any(|v| v.len() > 1) {
                *seen.entry("spent").or_default() += 1;
            }
            if !s.parking_lot().is_empty() {
                *seen.entry("parking").or_default() += 1;
            }
            if s.items.values().any(|i| !i.field(doc::MOVED_TO).is_empty()) {
                *seen.entry("moved to action").or_default() += 1;
            }
        }
    }
    for kind in [
        "meta",
        "answer",
        "check",
        "own rating",
        "agreed",
        "item field",
        "delete/edit",
        "restored",
        "stale copies",
        "planned",
        "attendance",
        "budget",
        "votes",
        "spent",
        "parking",
        "moved to action",
    ] {
        assert!(seen.get(kind).is_some_and(|&n| n >= 5), "{kind}: {seen:?}");
    }
}

// ---------------------------------------------------------------------------
// The meeting: votes, timeboxes, attendance, parking lot, opening review.

#[test]
fn votes_from_two_copies_merge_without_conflict() {
    let mut base = fresh();
    let x = base.add_item("risks", &[("description", "X")], &stamp("alice@r1", 1));
    let y = base.add_item("risks", &[("description", "Y")], &stamp("alice@r1", 2));
    let (mut a, mut b) = (base.clone(), base);
    // The facilitator on each copy records votes on each voter's behalf.
    assert!(a.set_votes(&x, "Asha", 2, &stamp("alice@r1", 3)));
    assert!(b.set_votes(&x, "Ben", 3, &stamp("bob@r1", 3)));
    assert!(b.set_votes(&y, "Ben", 1, &stamp("bob@r1", 4)));
    for m in [merged(&a, &b), merged(&b, &a)] {
        assert_eq!(m.vote_total(&x), 5);
        assert_eq!(m.vote_total(&y), 1);
        assert_eq!(m.votes_for(&x), BTreeMap::from([("Asha", 2), ("Ben", 3)]));
        assert_eq!(m.votes_used("Ben"), 4);
        assert_eq!(m.votes_used("Asha"), 2);
        assert!(m.conflicts().is_empty(), "{:?}", m.conflicts());
        let ranked: Vec<(&str, u32)> = m
            .vote_results("risks")
            .into_iter()
            .map(|(id, _, n)| (id, n))
            .collect();
        assert_eq!(ranked, vec![(x.as_str(), 5), (y.as_str(), 1)]);
    }
    assert_eq!(merged(&a, &b), merged(&b, &a));
}

#[test]
fn one_voter_recorded_in_two_places_shows_the_larger_count_without_conflict() {
    let mut base = fresh();
    let x = base.add_item("risks", &[("description", "X")], &stamp("alice@r1", 1));
    let (mut a, mut b) = (base.clone(), base);
    a.set_votes(&x, "Asha", 1, &stamp("alice@r1", 2));
    b.set_votes(&x, "Asha", 3, &stamp("bob@r1", 2));
    let m = merged(&a, &b);
    assert_eq!(m.meeting.votes[&x]["Asha"].0.len(), 2, "both values kept");
    assert_eq!(m.vote_total(&x), 3);
    assert!(m.conflicts().is_empty());
    // Setting the count again settles the slot.
    let mut settled = m.clone();
    settled.set_votes(&x, "Asha", 2, &stamp("chen@r1", 3));
    assert_eq!(merged(&settled, &a).vote_total(&x), 2);
}

#[test]
fn votes_on_deleted_items_are_not_used_up_and_unknown_items_refuse_votes() {
    let mut s = fresh();
    let x = s.add_item("risks", &[("description", "X")], &stamp("alice@r1", 1));
    let y = s.add_item("risks", &[("description", "Y")], &stamp("alice@r1", 2));
    s.set_votes(&x, "Asha", 2, &stamp("alice@r1", 3));
    s.set_votes(&y, "Asha", 1, &stamp("alice@r1", 4));
    assert_eq!(s.votes_used("Asha"), 3);
    assert!(s.delete_item(&y, &stamp("alice@r1", 5)));
    assert_eq!(s.votes_used("Asha"), 2);
    assert!(!s.set_votes("no-such-item", "Asha", 1, &stamp("alice@r1", 6)));
    assert_eq!(s.vote_budget(), doc::DEFAULT_VOTE_BUDGET);
    s.set_vote_budget(5, &stamp("alice@r1", 7));
    assert_eq!(s.vote_budget(), 5);
    s.set_votes(&x, "Asha", 0, &stamp("alice@r1", 8));
    assert!(s.votes_for(&x).is_empty(), "0 withdraws");
}

#[test]
fn time_spent_from_two_members_is_the_larger() {
    let base = fresh();
    let (mut a, mut b) = (base.clone(), base);
    a.add_spent("vision", 300, &stamp("alice@r1", 1));
    a.add_spent("vision", 200, &stamp("alice@r1", 2));
    b.add_spent("vision", 420, &stamp("bob@r1", 1));
    assert_eq!(a.spent_seconds("vision"), 500);
    for m in [merged(&a, &b), merged(&b, &a)] {
        assert_eq!(m.spent_seconds("vision"), 500);
        assert_eq!(m.spent_by("vision", "bob"), 420);
        assert_eq!(m.spent_seconds("group"), 0);
        assert!(m.conflicts().is_empty());
    }
}

#[test]
fn concurrent_different_plans_and_attendance_conflict_and_equal_ones_do_not() {
    let base = fresh();
    let (mut a, mut b) = (base.clone(), base);
    a.set_planned_minutes("vision", 20, &stamp("alice@r1", 1));
    b.set_planned_minutes("vision", 30, &stamp("bob@r1", 1));
    a.set_present("Asha Patel", true, &stamp("alice@r1", 2));
    b.set_present("Asha Patel", true, &stamp("bob@r1", 2));
    a.set_present("Ben Okafor", true, &stamp("alice@r1", 3));
    b.set_present("Ben Okafor", false, &stamp("bob@r1", 3));
    a.set_vote_budget(3, &stamp("alice@r1", 4));
    b.set_vote_budget(4, &stamp("bob@r1", 4));
    let m = merged(&a, &b);
    assert_eq!(
        m.conflicts(),
        vec![
            ConflictAt::Planned("vision".into()),
            ConflictAt::Attendance("Ben Okafor".into()),
            ConflictAt::VoteBudget,
        ]
    );
    assert_eq!(ConflictAt::VoteBudget.prompt(&m), None);
    assert!(m.is_present("Ben Okafor"), "a concurrent present counts");
    assert_eq!(m.present(), vec!["Asha Patel", "Ben Okafor"]);
    assert_eq!(m.vote_budget(), 4);
    let mut settled = m.clone();
    settled.set_planned_minutes("vision", 25, &stamp("chen@r1", 5));
    settled.set_present("Ben Okafor", false, &stamp("chen@r1", 6));
    settled.set_vote_budget(3, &stamp("chen@r1", 7));
    for stale in [&a, &b] {
        let x = merged(stale, &settled);
        assert!(x.conflicts().is_empty(), "{:?}", x.conflicts());
        assert_eq!(x.planned_minutes("vision"), Some(25));
        assert!(!x.is_present("Ben Okafor"));
        assert_eq!(x.present(), vec!["Asha Patel"]);
    }
    settled.set_planned_minutes("vision", 0, &stamp("chen@r1", 8));
    assert_eq!(settled.planned_minutes("vision"), None, "0 clears the plan");
}

#[test]
fn meeting_edits_move_the_last_change() {
    let mut s = fresh();
    let before = s.last_change();
    s.set_present("Asha Patel", true, &stamp("alice@r1", 40));
    assert!(s.last_change() > before);
    assert_eq!(s.last_change(), time(40));
}

#[test]
fn a_parking_lot_point_becomes_an_action() {
    let mut s = fresh();
    let p1 = s.park(
        "Ask the trust about a shared filter",
        "Ben Okafor",
        &stamp("alice@r1", 1),
    );
    let p2 = s.park("Parent evening date", "", &stamp("alice@r1", 2));
    assert_eq!(
        s.parking_lot().iter().map(|(k, _)| *k).collect::<Vec<_>>(),
        vec![p1.as_str(), p2.as_str()]
    );
    assert_eq!(s.items[&p2].field(doc::RAISED_BY), "");
    let action = s
        .park_to_action(&p1, "actions", &stamp("alice@r1", 3))
        .expect("a point becomes an action");
    let item = &s.items[&action];
    assert_eq!(item.prompt, "actions");
    assert_eq!(item.field("what"), "Ask the trust about a shared filter");
    assert_eq!(item.field("status"), "open");
    assert_eq!(item.field(doc::PROPOSED_BY), "Ben Okafor");
    assert_eq!(s.items[&p1].field(doc::MOVED_TO), action);
    assert_eq!(s.parking_lot().len(), 2, "moved points stay, marked");
    // Not twice, not for other items, not for unknown ids.
    assert!(
        s.park_to_action(&p1, "actions", &stamp("alice@r1", 4))
            .is_none()
    );
    assert!(
        s.park_to_action(&action, "actions", &stamp("alice@r1", 5))
            .is_none()
    );
    assert!(
        s.park_to_action("nope", "actions", &stamp("alice@r1", 6))
            .is_none()
    );
    // Once the action is deleted, the point can move again.
    assert!(s.delete_item(&action, &stamp("alice@r1", 7)));
    assert!(
        s.park_to_action(&p1, "actions", &stamp("alice@r1", 8))
            .is_some()
    );
}

#[test]
fn the_opening_review_covers_carried_actions_only() {
    use safestep::content::Framework;
    let fw = Framework::embedded().expect("the shipped framework");
    let old_fw = fw.reference();
    let mut old = Session::new(
        "old".into(),
        "Spring",
        old_fw.clone(),
        &stamp("alice@r1", 0),
    );
    let roster = fw
        .prompts()
        .find(|(_, p)| p.kind == safestep::content::Kind::Roster)
        .map(|(_, p)| p.id.clone())
        .expect("a roster prompt");
    let actions = fw
        .prompts()
        .find(|(_, p)| p.kind == safestep::content::Kind::Actions)
        .map(|(_, p)| p.id.clone())
        .expect("an actions prompt");
    old.add_item(&roster, &[("name", "Asha Patel")], &stamp("alice@r1", 1));
    old.add_item(
        &actions,
        &[("what", "A"), ("status", "open")],
        &stamp("alice@r1", 2),
    );
    old.add_item(
        &actions,
        &[("what", "B"), ("status", "in progress")],
        &stamp("alice@r1", 3),
    );
    old.add_item(
        &actions,
        &[("what", "C"), ("status", "done")],
        &stamp("alice@r1", 4),
    );
    let mut new = Session::new("new".into(), "Autumn", old_fw, &stamp("bob@r1", 0));
    safestep::report::carry_forward(&old, &mut new, &fw, &stamp("bob@r1", 1));
    new.add_item(&actions, &[("what", "Fresh")], &stamp("bob@r1", 2));
    let review = new.opening_review(&fw);
    let whats: Vec<&str> = review.iter().map(|(_, i)| i.field("what")).collect();
    assert_eq!(whats, vec!["A", "B"]);
    let (a, b) = (review[0].0.to_owned(), review[1].0.to_owned());
    assert_eq!(new.review_pending(&fw).len(), 2);

    assert!(new.set_review(&a, "done", &stamp("bob@r1", 3)));
    assert_eq!(new.items[&a].field(doc::REVIEW), "done");
    assert_eq!(new.items[&a].field("status"), "done");
    assert!(new.set_review(&b, "carried", &stamp("bob@r1", 4)));
    assert_eq!(
        new.items[&b].field("status"),
        "in progress",
        "carried leaves it"
    );
    assert!(new.review_pending(&fw).is_empty());
    // Changing one's mind: carried reopens a done action.
    assert!(new.set_review(&a, "carried", &stamp("bob@r1", 5)));
    assert_eq!(new.items[&a].field("status"), "open");
    assert!(new.set_review(&a, "dropped", &stamp("bob@r1", 6)));
    assert_eq!(new.items[&a].field("status"), "dropped");
    assert!(!new.set_review(&a, "finished", &stamp("bob@r1", 7)));
    assert!(!new.set_review("nope", "done", &stamp("bob@r1", 8)));
    assert_eq!(new.items[&a].field(doc::REVIEW), "dropped");
}
