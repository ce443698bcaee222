//! The session document: what an e-safety group decided, as a mergeable value.

use super::clock::{Clock, Dot};
use super::meeting::Meeting;
use super::register::{Entry, Register};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// The newest file format this build reads and writes. A session is written
/// as format 3 only when it holds meeting data, else as format 2 (see
/// [`crate::doc::written_format`]); in memory every session this build can
/// save has this format.
pub const FORMAT: u32 = 3;

/// Who is making an edit, from where and when. Time is passed in: the
/// document never reads a clock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    /// The member id plus a suffix unique to this editing run.
    pub actor: String,
    /// The member id shown as the author.
    pub member: String,
    /// When the edit happens, for display.
    pub at: Timestamp,
}

/// Which framework a session follows (defined beside the frameworks, so
/// `content` never needs `doc`).
pub use crate::content::FrameworkRef;

/// The answer to one prompt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Answer {
    /// Short text, long text, a single choice or a date.
    Text(Register<String>),
    /// A checklist: option -> ticked.
    Checks(BTreeMap<String, Register<bool>>),
    /// A rating: each member's own level, and the level the group agreed.
    /// Level 0 means "no rating" (a member withdrew theirs).
    Rating {
        /// Member id -> that member's own rating. Members write only their own.
        members: BTreeMap<String, Register<u8>>,
        /// The level the group agreed; kept apart from the members' ratings.
        agreed: Register<u8>,
    },
}

/// A tombstone value: whether the item is deleted and which field values the
/// deleting edit had seen, so that an edit made concurrently with the delete
/// can be shown to the group instead of vanishing.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Tombstone {
    /// `true` for a delete, `false` for a restore.
    pub deleted: bool,
    /// The dots of the item's field values the edit had seen; `None` for a
    /// tombstone migrated from format 1, which did not record them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub covers: Option<Vec<Dot>>,
}

/// An item of a collection (an action, a risk, a decision, a roster member, a
/// list entry, a table row). Every field is a register; deletion is a kept
/// tombstone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound(deserialize = "D: Deserialize<'de>"))]
pub struct Item<D = Tombstone> {
    /// The prompt (collection) this item belongs to.
    pub prompt: String,
    /// Field name -> value.
    pub fields: BTreeMap<String, Register<String>>,
    /// Sort key within the collection; concurrent moves keep the highest.
    #[serde(default = "Register::default")]
    pub order: Register<i64>,
    /// The tombstone register. Empty: never deleted.
    #[serde(default = "Register::default")]
    pub deleted: Register<D>,
}

/// Where a member was in the flow.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Position {
    /// When the member was last there; the latest position wins.
    pub at: Timestamp,
    /// The actor that recorded it, to order positions recorded at one instant.
    pub actor: String,
    /// Index of the step (0 = step 1).
    pub step: u32,
    /// The prompt id that had focus.
    pub field: String,
}

/// A session document. `D` is the tombstone type: [`Tombstone`] in the current
/// format, `bool` in format 1.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound(deserialize = "D: Deserialize<'de>"))]
pub struct Session<D = Tombstone> {
    /// The format version: always the first field of the file. In memory it
    /// is [`FORMAT`] for every session this build can save (older formats are
    /// migrated on load); the file records [`crate::doc::written_format`].
    pub format: u32,
    /// A stable id shared by every copy of this session.
    pub id: String,
    /// When the session was created.
    pub created: Timestamp,
    /// The framework the session follows.
    pub framework: FrameworkRef,
    /// The causal context: every edit this copy has seen.
    pub seen: Clock,
    /// The session's title.
    pub title: Register<String>,
    /// The school, college or trust.
    #[serde(default = "Register::default")]
    pub organisation: Register<String>,
    /// Who runs the meeting.
    #[serde(default = "Register::default")]
    pub facilitator: Register<String>,
    /// The session this one follows on from, when created with `--from`.
    #[serde(default)]
    pub previous: Option<String>,
    /// Prompt id -> answer.
    #[serde(default)]
    pub answers: BTreeMap<String, Answer>,
    /// Item id -> item, across every collection prompt.
    #[serde(default)]
    pub items: BTreeMap<String, Item<D>>,
    /// Member id -> where they were in the flow.
    #[serde(default)]
    pub positions: BTreeMap<String, Position>,
    /// What happened in the meeting itself: timeboxes, attendance and votes.
    /// Left out of the file while unused; a session that has it is written as
    /// format 3, so that a safestep from before the meeting, which would drop
    /// it, opens the file read-only.
    #[serde(default, skip_serializing_if = "Meeting::is_empty")]
    pub meeting: Meeting,
}

/// Two copies could not be merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeError {
    /// The copies belong to different sessions.
    DifferentSessions {
        /// This copy's session id.
        mine: String,
        /// The other copy's session id.
        theirs: String,
    },
}

impl std::fmt::Display for MergeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MergeError::DifferentSessions { mine, theirs } => write!(
                f,
                "these are copies of different sessions ({mine} and {theirs})"
            ),
        }
    }
}

impl std::error::Error for MergeError {}

fn merge_map<K: Ord + Clone, V: Clone>(
    a: &BTreeMap<K, V>,
    b: &BTreeMap<K, V>,
    both: impl Fn(&V, &V) -> V,
    only_a: impl Fn(&V) -> V,
    only_b: impl Fn(&V) -> V,
) -> BTreeMap<K, V> {
    let mut out = BTreeMap::new();
    for (k, va) in a {
        let v = match b.get(k) {
            Some(vb) => both(va, vb),
            None => only_a(va),
        };
        out.insert(k.clone(), v);
    }
    for (k, vb) in b {
        if !a.contains_key(k) {
            out.insert(k.clone(), only_b(vb));
        }
    }
    out
}

fn merge_regs<T: Clone + Ord>(
    a: &BTreeMap<String, Register<T>>,
    ca: &Clock,
    b: &BTreeMap<String, Register<T>>,
    cb: &Clock,
) -> BTreeMap<String, Register<T>> {
    let empty = Register::default();
    merge_map(
        a,
        b,
        |x, y| x.merge(ca, y, cb),
        |x| x.merge(ca, &empty, cb),
        |y| empty.merge(ca, y, cb),
    )
}

pub(super) fn merge_map_into<K: Ord + Clone, V>(
    a: &mut BTreeMap<K, V>,
    b: &BTreeMap<K, V>,
    both: impl Fn(&mut V, &V),
    only_a: impl Fn(&mut V),
    only_b: impl Fn(&V) -> V,
) {
    // Both maps are sorted: walk them side by side instead of looking every
    // key of one up in the other.
    let mut theirs = b.iter().peekable();
    let mut added = Vec::new();
    for (k, va) in a.iter_mut() {
        loop {
            match theirs.peek().map(|(kb, vb)| (kb.cmp(&k), *kb, *vb)) {
                Some((Ordering::Less, kb, vb)) => {
                    added.push((kb.clone(), only_b(vb)));
                    theirs.next();
                }
                Some((Ordering::Equal, _, vb)) => {
                    both(va, vb);
                    theirs.next();
                    break;
                }
                Some((Ordering::Greater, ..)) | None => {
                    only_a(va);
                    break;
                }
            }
        }
    }
    for (kb, vb) in theirs {
        added.push((kb.clone(), only_b(vb)));
    }
    a.extend(added);
}

pub(super) fn merge_regs_into<T: Clone + Ord>(
    a: &mut BTreeMap<String, Register<T>>,
    ca: &Clock,
    b: &BTreeMap<String, Register<T>>,
    cb: &Clock,
) {
    let empty = Register::default();
    merge_map_into(
        a,
        b,
        |x, y| x.merge_into(ca, y, cb),
        |x| x.merge_alone_into(cb),
        |y| empty.merge(ca, y, cb),
    );
}

impl Answer {
    fn merge(&self, ca: &Clock, other: &Answer, cb: &Clock) -> Answer {
        match (self, other) {
            (Answer::Text(a), Answer::Text(b)) => Answer::Text(a.merge(ca, b, cb)),
            (Answer::Checks(a), Answer::Checks(b)) => Answer::Checks(merge_regs(a, ca, b, cb)),
            (
                Answer::Rating {
                    members: ma,
                    agreed: aa,
                },
                Answer::Rating {
                    members: mb,
                    agreed: ab,
                },
            ) => Answer::Rating {
                members: merge_regs(ma, ca, mb, cb),
                agreed: aa.merge(ca, ab, cb),
            },
            // Copies that disagree on a prompt's kind come from different
            // frameworks; keep one deterministically so merging stays a function.
            (a, b) => {
                if a.rank() >= b.rank() {
                    a.merge_alone(ca, cb)
                } else {
                    b.merge_alone(cb, ca)
                }
            }
        }
    }

    fn merge_into(&mut self, ca: &Clock, other: &Answer, cb: &Clock) {
        match (&mut *self, other) {
            (Answer::Text(a), Answer::Text(b)) => a.merge_into(ca, b, cb),
            (Answer::Checks(a), Answer::Checks(b)) => merge_regs_into(a, ca, b, cb),
            (
                Answer::Rating {
                    members: ma,
                    agreed: aa,
                },
                Answer::Rating {
                    members: mb,
                    agreed: ab,
                },
            ) => {
                merge_regs_into(ma, ca, mb, cb);
                aa.merge_into(ca, ab, cb);
            }
            _ => *self = self.merge(ca, other, cb),
        }
    }

    /// In place: merge with a copy that has no answer for this prompt.
    fn merge_alone_into(&mut self, theirs: &Clock) {
        match self {
            Answer::Text(r) => r.merge_alone_into(theirs),
            Answer::Checks(m) => m.values_mut().for_each(|r| r.merge_alone_into(theirs)),
            Answer::Rating { members, agreed } => {
                members
                    .values_mut()
                    .for_each(|r| r.merge_alone_into(theirs));
                agreed.merge_alone_into(theirs);
            }
        }
    }

    fn rank(&self) -> u8 {
        match self {
            Answer::Text(_) => 0,
            Answer::Checks(_) => 1,
            Answer::Rating { .. } => 2,
        }
    }

    /// Merge with a copy that has no answer for this prompt.
    fn merge_alone(&self, mine: &Clock, theirs: &Clock) -> Answer {
        let empty = match self {
            Answer::Text(_) => Answer::Text(Register::default()),
            Answer::Checks(_) => Answer::Checks(BTreeMap::new()),
            Answer::Rating { .. } => Answer::Rating {
                members: BTreeMap::new(),
                agreed: Register::default(),
            },
        };
        self.merge(mine, &empty, theirs)
    }
}

impl<D: Clone + Ord> Item<D> {
    fn merge(&self, ca: &Clock, other: &Item<D>, cb: &Clock) -> Item<D> {
        Item {
            prompt: self.prompt.clone().min(other.prompt.clone()),
            fields: merge_regs(&self.fields, ca, &other.fields, cb),
            order: self.order.merge(ca, &other.order, cb),
            deleted: self.deleted.merge(ca, &other.deleted, cb),
        }
    }

    fn merge_into(&mut self, ca: &Clock, other: &Item<D>, cb: &Clock) {
        if other.prompt < self.prompt {
            self.prompt.clone_from(&other.prompt);
        }
        merge_regs_into(&mut self.fields, ca, &other.fields, cb);
        self.order.merge_into(ca, &other.order, cb);
        self.deleted.merge_into(ca, &other.deleted, cb);
    }

    fn merge_alone_into(&mut self, theirs: &Clock) {
        self.fields
            .values_mut()
            .for_each(|r| r.merge_alone_into(theirs));
        self.order.merge_alone_into(theirs);
        self.deleted.merge_alone_into(theirs);
    }

    fn merge_alone(&self, mine: &Clock, theirs: &Clock) -> Item<D> {
        let empty = Item {
            prompt: self.prompt.clone(),
            fields: BTreeMap::new(),
            order: Register::default(),
            deleted: Register::default(),
        };
        self.merge(mine, &empty, theirs)
    }

    /// The item's sort key: the highest concurrent value.
    #[must_use]
    pub fn order_key(&self) -> i64 {
        self.order.0.iter().map(|e| e.value).max().unwrap_or(0)
    }

    /// The settled or latest value of a field, or "" when never written.
    #[must_use]
    pub fn field(&self, name: &str) -> &str {
        self.fields
            .get(name)
            .and_then(Register::latest)
            .map_or("", String::as_str)
    }
}

impl<D: Clone + Ord> Session<D> {
    /// Merge two copies of one session. Copies of different sessions are
    /// refused; [`Session::merge_forced`] merges them anyway.
    ///
    /// # Errors
    /// [`MergeError::DifferentSessions`] when the ids differ.
    pub fn merge(&self, other: &Self) -> Result<Self, MergeError> {
        if self.id != other.id {
            return Err(MergeError::DifferentSessions {
                mine: self.id.clone(),
                theirs: other.id.clone(),
            });
        }
        Ok(self.merge_forced(other))
    }

    /// Merge two copies, even of different sessions. The identity of the
    /// result is the smaller of the two, so the operation stays commutative.
    #[must_use]
    pub fn merge_forced(&self, other: &Self) -> Self {
        let mut out = self.clone();
        out.merge_from_forced(other);
        out
    }

    /// Merge another copy into this one in place, refusing a different session.
    ///
    /// # Errors
    /// [`MergeError::DifferentSessions`] when the ids differ; `self` is unchanged.
    pub fn merge_from(&mut self, other: &Self) -> Result<(), MergeError> {
        if self.id != other.id {
            return Err(MergeError::DifferentSessions {
                mine: self.id.clone(),
                theirs: other.id.clone(),
            });
        }
        self.merge_from_forced(other);
        Ok(())
    }

    /// Merge another copy into this one in place, even of a different
    /// session; equal to [`Session::merge_forced`], but values this copy
    /// already holds are not copied, which keeps merging many copies fast.
    pub fn merge_from_forced(&mut self, other: &Self) {
        let ca = self.seen.clone();
        let cb = &other.seen;
        let ident_a = (&self.id, &self.created, &self.framework, &self.previous);
        let ident_b = (&other.id, &other.created, &other.framework, &other.previous);
        if ident_b < ident_a {
            self.id.clone_from(&other.id);
            self.created = other.created;
            self.framework.clone_from(&other.framework);
            self.previous.clone_from(&other.previous);
        }
        self.format = self.format.max(other.format);
        merge_map_into(
            &mut self.positions,
            &other.positions,
            |x, y| {
                if *y > *x {
                    x.clone_from(y);
                }
            },
            |_| {},
            Clone::clone,
        );
        self.title.merge_into(&ca, &other.title, cb);
        self.organisation.merge_into(&ca, &other.organisation, cb);
        self.facilitator.merge_into(&ca, &other.facilitator, cb);
        merge_map_into(
            &mut self.answers,
            &other.answers,
            |x, y| x.merge_into(&ca, y, cb),
            |x| x.merge_alone_into(cb),
            |y| y.merge_alone(cb, &ca),
        );
        merge_map_into(
            &mut self.items,
            &other.items,
            |x, y| x.merge_into(&ca, y, cb),
            |x| x.merge_alone_into(cb),
            |y| y.merge_alone(cb, &ca),
        );
        self.meeting.merge_into(&ca, &other.meeting, cb);
        self.seen = ca.join(cb);
    }
}

/// Where a conflict sits in the document.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ConflictAt {
    /// The session's title, organisation or facilitator.
    Meta(&'static str),
    /// A text, choice or date answer.
    Answer(String),
    /// One option of a checklist.
    Check(String, String),
    /// A member's own rating (the same member editing in two places at once).
    OwnRating(String, String),
    /// The group's agreed rating.
    Agreed(String),
    /// A field of an item.
    ItemField(String, String),
    /// An item that was deleted while someone else edited it.
    DeleteEdit(String),
    /// Different minutes planned for a step (by step id) at the same time.
    Planned(String),
    /// A person marked present and absent at the same time (by name).
    Attendance(String),
    /// Different vote budgets set at the same time.
    VoteBudget,
}

impl ConflictAt {
    /// The prompt this conflict belongs to, when it belongs to one.
    #[must_use]
    pub fn prompt<'a>(&'a self, session: &'a Session) -> Option<&'a str> {
        match self {
            ConflictAt::Meta(_)
            | ConflictAt::Planned(_)
            | ConflictAt::Attendance(_)
            | ConflictAt::VoteBudget => None,
            ConflictAt::Answer(p)
            | ConflictAt::Check(p, _)
            | ConflictAt::OwnRating(p, _)
            | ConflictAt::Agreed(p) => Some(p),
            ConflictAt::ItemField(id, _) | ConflictAt::DeleteEdit(id) => {
                session.items.get(id).map(|i| i.prompt.as_str())
            }
        }
    }
}

pub(super) fn new_entry<T>(value: T, dot: Dot, stamp: &Stamp) -> Entry<T> {
    Entry {
        value,
        dot,
        by: stamp.member.clone(),
        at: stamp.at,
    }
}

impl Session {
    /// A new, empty session.
    #[must_use]
    pub fn new(id: String, title: &str, framework: FrameworkRef, stamp: &Stamp) -> Session {
        let mut s = Session {
            format: FORMAT,
            id,
            created: stamp.at,
            framework,
            seen: Clock::default(),
            title: Register::default(),
            organisation: Register::default(),
            facilitator: Register::default(),
            previous: None,
            answers: BTreeMap::new(),
            items: BTreeMap::new(),
            positions: BTreeMap::new(),
            meeting: Meeting::default(),
        };
        s.set_title(title, stamp);
        s
    }

    pub(super) fn tick(&mut self, stamp: &Stamp) -> Dot {
        self.seen.tick(&stamp.actor)
    }

    /// Set the session title.
    pub fn set_title(&mut self, value: &str, stamp: &Stamp) {
        let e = new_entry(value.to_owned(), self.tick(stamp), stamp);
        self.title.write(e);
    }

    /// Set the organisation.
    pub fn set_organisation(&mut self, value: &str, stamp: &Stamp) {
        let e = new_entry(value.to_owned(), self.tick(stamp), stamp);
        self.organisation.write(e);
    }

    /// Set the facilitator.
    pub fn set_facilitator(&mut self, value: &str, stamp: &Stamp) {
        let e = new_entry(value.to_owned(), self.tick(stamp), stamp);
        self.facilitator.write(e);
    }

    /// The settled or latest title.
    #[must_use]
    pub fn title(&self) -> &str {
        self.title.latest().map_or("", String::as_str)
    }

    /// The settled or latest organisation.
    #[must_use]
    pub fn organisation(&self) -> &str {
        self.organisation.latest().map_or("", String::as_str)
    }

    /// The settled or latest facilitator.
    #[must_use]
    pub fn facilitator(&self) -> &str {
        self.facilitator.latest().map_or("", String::as_str)
    }

    /// Record a text, choice or date answer; it supersedes every value this
    /// copy holds, which is how a conflict is resolved.
    pub fn set_text(&mut self, prompt: &str, value: &str, stamp: &Stamp) {
        let e = new_entry(value.to_owned(), self.tick(stamp), stamp);
        match self.answers.get_mut(prompt) {
            Some(Answer::Text(r)) => r.write(e),
            _ => {
                self.answers
                    .insert(prompt.to_owned(), Answer::Text(Register::single(e)));
            }
        }
    }

    /// Record a text answer over the values in `replaces` only (the ones an
    /// editor showed), keeping any other value as a conflict. Returns the dot
    /// of the new value.
    pub fn set_text_over(
        &mut self,
        prompt: &str,
        value: &str,
        replaces: &[Dot],
        stamp: &Stamp,
    ) -> Dot {
        let dot = self.tick(stamp);
        let e = new_entry(value.to_owned(), dot.clone(), stamp);
        match self.answers.get_mut(prompt) {
            Some(Answer::Text(r)) => r.write_over(e, replaces),
            _ => {
                self.answers
                    .insert(prompt.to_owned(), Answer::Text(Register::single(e)));
            }
        }
        dot
    }

    /// The register of a text answer, if there is one.
    #[must_use]
    pub fn text(&self, prompt: &str) -> Option<&Register<String>> {
        match self.answers.get(prompt) {
            Some(Answer::Text(r)) => Some(r),
            _ => None,
        }
    }

    /// The settled or latest value of a text answer, or "".
    #[must_use]
    pub fn text_value(&self, prompt: &str) -> &str {
        self.text(prompt)
            .and_then(Register::latest)
            .map_or("", String::as_str)
    }

    /// Tick or untick one option of a checklist.
    pub fn set_check(&mut self, prompt: &str, option: &str, ticked: bool, stamp: &Stamp) {
        let e = new_entry(ticked, self.tick(stamp), stamp);
        let answer = self
            .answers
            .entry(prompt.to_owned())
            .or_insert_with(|| Answer::Checks(BTreeMap::new()));
        if !matches!(answer, Answer::Checks(_)) {
            *answer = Answer::Checks(BTreeMap::new());
        }
        if let Answer::Checks(map) = answer {
            map.entry(option.to_owned()).or_default().write(e);
        }
    }

    /// Whether a checklist option is ticked (any concurrent `true` counts).
    #[must_use]
    pub fn is_checked(&self, prompt: &str, option: &str) -> bool {
        match self.answers.get(prompt) {
            Some(Answer::Checks(map)) => map
                .get(option)
                .is_some_and(|r| r.latest().copied().unwrap_or(false)),
            _ => false,
        }
    }

    fn rating_mut(
        &mut self,
        prompt: &str,
    ) -> (&mut BTreeMap<String, Register<u8>>, &mut Register<u8>) {
        let answer = self
            .answers
            .entry(prompt.to_owned())
            .or_insert_with(|| Answer::Rating {
                members: BTreeMap::new(),
                agreed: Register::default(),
            });
        if !matches!(answer, Answer::Rating { .. }) {
            *answer = Answer::Rating {
                members: BTreeMap::new(),
                agreed: Register::default(),
            };
        }
        match answer {
            Answer::Rating { members, agreed } => (members, agreed),
            _ => unreachable!("the answer was made a rating above"),
        }
    }

    /// Record the stamp's member's own rating (0 withdraws it).
    pub fn set_own_rating(&mut self, prompt: &str, level: u8, stamp: &Stamp) {
        let e = new_entry(level, self.tick(stamp), stamp);
        let (members, _) = self.rating_mut(prompt);
        members.entry(stamp.member.clone()).or_default().write(e);
    }

    /// Record the level the group agreed (0 clears it).
    pub fn set_agreed_rating(&mut self, prompt: &str, level: u8, stamp: &Stamp) {
        let e = new_entry(level, self.tick(stamp), stamp);
        let (_, agreed) = self.rating_mut(prompt);
        agreed.write(e);
    }

    /// Each member's current own rating (withdrawn ratings left out).
    #[must_use]
    pub fn member_ratings(&self, prompt: &str) -> BTreeMap<&str, u8> {
        match self.answers.get(prompt) {
            Some(Answer::Rating { members, .. }) => members
                .iter()
                .filter_map(|(m, r)| r.latest().filter(|&&v| v > 0).map(|&v| (m.as_str(), v)))
                .collect(),
            _ => BTreeMap::new(),
        }
    }

    /// The agreed level, when one is set.
    #[must_use]
    pub fn agreed_rating(&self, prompt: &str) -> Option<u8> {
        match self.answers.get(prompt) {
            Some(Answer::Rating { agreed, .. }) => agreed.latest().copied().filter(|&v| v > 0),
            _ => None,
        }
    }

    /// Add an item to a collection prompt; returns its id.
    pub fn add_item(&mut self, prompt: &str, fields: &[(&str, &str)], stamp: &Stamp) -> String {
        let dot = self.tick(stamp);
        let id = dot.to_string();
        let order = self
            .items_of(prompt)
            .iter()
            .map(|(_, i)| i.order_key())
            .max()
            .map_or(0, |m| m + 1);
        let mut item = Item {
            prompt: prompt.to_owned(),
            fields: BTreeMap::new(),
            order: Register::single(new_entry(order, dot, stamp)),
            deleted: Register::default(),
        };
        for (name, value) in fields {
            let d = self.tick(stamp);
            item.fields.insert(
                (*name).to_owned(),
                Register::single(new_entry((*value).to_owned(), d, stamp)),
            );
        }
        self.items.insert(id.clone(), item);
        id
    }

    /// Set one field of an item. Returns false when there is no such item.
    pub fn set_item_field(&mut self, id: &str, field: &str, value: &str, stamp: &Stamp) -> bool {
        if !self.items.contains_key(id) {
            return false;
        }
        let e = new_entry(value.to_owned(), self.tick(stamp), stamp);
        if let Some(item) = self.items.get_mut(id) {
            item.fields.entry(field.to_owned()).or_default().write(e);
        }
        true
    }

    /// Set one field of an item over the values in `replaces` only (the ones
    /// an editor showed), keeping any other value as a conflict. Returns the
    /// dot of the new value, or `None` when there is no such item.
    pub fn set_item_field_over(
        &mut self,
        id: &str,
        field: &str,
        value: &str,
        replaces: &[Dot],
        stamp: &Stamp,
    ) -> Option<Dot> {
        if !self.items.contains_key(id) {
            return None;
        }
        let dot = self.tick(stamp);
        let e = new_entry(value.to_owned(), dot.clone(), stamp);
        if let Some(item) = self.items.get_mut(id) {
            item.fields
                .entry(field.to_owned())
                .or_default()
                .write_over(e, replaces);
        }
        Some(dot)
    }

    fn set_deleted(&mut self, id: &str, deleted: bool, stamp: &Stamp) -> bool {
        let Some(item) = self.items.get(id) else {
            return false;
        };
        let covers: Vec<Dot> = item
            .fields
            .values()
            .flat_map(|r| r.0.iter().map(|e| e.dot.clone()))
            .collect();
        let e = new_entry(
            Tombstone {
                deleted,
                covers: Some(covers),
            },
            self.tick(stamp),
            stamp,
        );
        if let Some(item) = self.items.get_mut(id) {
            item.deleted.write(e);
        }
        true
    }

    /// Delete an item (a kept tombstone). Also confirms a delete that raced an edit.
    pub fn delete_item(&mut self, id: &str, stamp: &Stamp) -> bool {
        self.set_deleted(id, true, stamp)
    }

    /// Undo a delete.
    pub fn restore_item(&mut self, id: &str, stamp: &Stamp) -> bool {
        self.set_deleted(id, false, stamp)
    }

    /// Move an item up (`-1`) or down (`+1`) among the live items of its collection.
    pub fn move_item(&mut self, id: &str, delta: isize, stamp: &Stamp) -> bool {
        let Some(prompt) = self.items.get(id).map(|i| i.prompt.clone()) else {
            return false;
        };
        let mut ids: Vec<String> = self
            .items_of(&prompt)
            .into_iter()
            .map(|(k, _)| k.to_owned())
            .collect();
        let Some(pos) = ids.iter().position(|k| k == id) else {
            return false;
        };
        let Some(target) = pos.checked_add_signed(delta).filter(|&t| t < ids.len()) else {
            return false;
        };
        ids.swap(pos, target);
        for (i, item_id) in ids.iter().enumerate() {
            let want = i64::try_from(i).unwrap_or(i64::MAX).saturating_mul(10);
            let current = self.items.get(item_id.as_str()).map(Item::order_key);
            if current != Some(want) {
                let e = new_entry(want, self.tick(stamp), stamp);
                if let Some(item) = self.items.get_mut(item_id.as_str()) {
                    item.order.write(e);
                }
            }
        }
        true
    }

    /// Whether an item is deleted (any concurrent delete counts until restored).
    #[must_use]
    pub fn is_deleted(item: &Item) -> bool {
        item.deleted.0.iter().any(|e| e.value.deleted)
    }

    /// The live items of a collection prompt, in display order.
    #[must_use]
    pub fn items_of(&self, prompt: &str) -> Vec<(&str, &Item)> {
        self.items_filtered(prompt, false)
    }

    /// The items of a collection prompt, deleted ones included when asked.
    #[must_use]
    pub fn items_filtered(&self, prompt: &str, include_deleted: bool) -> Vec<(&str, &Item)> {
        let mut v: Vec<(&str, &Item)> = self
            .items
            .iter()
            .filter(|(_, i)| i.prompt == prompt && (include_deleted || !Self::is_deleted(i)))
            .map(|(k, i)| (k.as_str(), i))
            .collect();
        v.sort_by(|a, b| {
            a.1.order_key()
                .cmp(&b.1.order_key())
                .then_with(|| a.0.cmp(b.0))
        });
        v
    }

    /// Record where a member is in the flow.
    pub fn set_position(&mut self, step: u32, field: &str, stamp: &Stamp) {
        self.positions.insert(
            stamp.member.clone(),
            Position {
                at: stamp.at,
                actor: stamp.actor.clone(),
                step,
                field: field.to_owned(),
            },
        );
    }

    /// Every place where concurrent values wait for the group.
    #[must_use]
    pub fn conflicts(&self) -> Vec<ConflictAt> {
        let mut out = Vec::new();
        for (name, reg) in [
            ("title", &self.title),
            ("organisation", &self.organisation),
            ("facilitator", &self.facilitator),
        ] {
            if reg.is_conflict() {
                out.push(ConflictAt::Meta(name));
            }
        }
        for (prompt, answer) in &self.answers {
            match answer {
                Answer::Text(r) => {
                    if r.is_conflict() {
                        out.push(ConflictAt::Answer(prompt.clone()));
                    }
                }
                Answer::Checks(map) => {
                    for (opt, r) in map {
                        if r.is_conflict() {
                            out.push(ConflictAt::Check(prompt.clone(), opt.clone()));
                        }
                    }
                }
                Answer::Rating { members, agreed } => {
                    for (m, r) in members {
                        if r.is_conflict() {
                            out.push(ConflictAt::OwnRating(prompt.clone(), m.clone()));
                        }
                    }
                    if agreed.is_conflict() {
                        out.push(ConflictAt::Agreed(prompt.clone()));
                    }
                }
            }
        }
        for (id, item) in &self.items {
            if Self::is_deleted(item) {
                if self.delete_raced_edit(item) {
                    out.push(ConflictAt::DeleteEdit(id.clone()));
                }
                continue;
            }
            for (field, r) in &item.fields {
                if r.is_conflict() {
                    out.push(ConflictAt::ItemField(id.clone(), field.clone()));
                }
            }
        }
        self.meeting.conflicts(&mut out);
        out
    }

    /// A deleted item holds a field value that no deleting edit had seen, or a
    /// restore made concurrently with a delete.
    fn delete_raced_edit(&self, item: &Item) -> bool {
        // Called for deleted items only: a `deleted: false` value next to a
        // `deleted: true` one is a restore that raced a delete. Showing the
        // item as deleted without a word would pick a winner silently.
        if item.deleted.0.iter().any(|e| !e.value.deleted) {
            return true;
        }
        let covered: BTreeSet<&Dot> = item
            .deleted
            .0
            .iter()
            .filter(|e| e.value.deleted)
            .flat_map(|e| e.value.covers.iter().flatten())
            .collect();
        // A tombstone migrated from format 1 does not know what it saw.
        if item
            .deleted
            .0
            .iter()
            .any(|e| e.value.deleted && e.value.covers.is_none())
        {
            return false;
        }
        item.fields
            .values()
            .flat_map(|r| r.0.iter())
            .any(|e| !covered.contains(&e.dot))
    }

    /// Whether a prompt has a non-empty answer (or a live item, for collections).
    #[must_use]
    pub fn has_answer(&self, prompt: &str) -> bool {
        match self.answers.get(prompt) {
            Some(Answer::Text(r)) => r.0.iter().any(|e| !e.value.trim().is_empty()),
            Some(Answer::Checks(map)) => map.values().any(|r| r.0.iter().any(|e| e.value)),
            Some(Answer::Rating { members, agreed }) => {
                agreed.0.iter().any(|e| e.value > 0)
                    || members.values().any(|r| r.0.iter().any(|e| e.value > 0))
            }
            None => !self.items_of(prompt).is_empty(),
        }
    }

    /// The time of the most recent edit (the creation time when there is none).
    #[must_use]
    pub fn last_change(&self) -> Timestamp {
        let mut latest = self.created;
        let mut see = |t: Timestamp| latest = latest.max(t);
        for r in [&self.title, &self.organisation, &self.facilitator] {
            r.0.iter().for_each(|e| see(e.at));
        }
        for a in self.answers.values() {
            match a {
                Answer::Text(r) => r.0.iter().for_each(|e| see(e.at)),
                Answer::Checks(m) => m.values().flat_map(|r| r.0.iter()).for_each(|e| see(e.at)),
                Answer::Rating { members, agreed } => {
                    members
                        .values()
                        .flat_map(|r| r.0.iter())
                        .for_each(|e| see(e.at));
                    agreed.0.iter().for_each(|e| see(e.at));
                }
            }
        }
        for i in self.items.values() {
            i.fields
                .values()
                .flat_map(|r| r.0.iter())
                .for_each(|e| see(e.at));
            i.deleted.0.iter().for_each(|e| see(e.at));
        }
        self.meeting.times().for_each(see);
        latest
    }
}
