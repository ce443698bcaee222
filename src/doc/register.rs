//! The multi-value register: a field that keeps concurrent values as a conflict.

use super::clock::{Clock, Dot};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::cmp::Ordering;

/// One value of a register with the edit that wrote it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry<T> {
    /// The value written.
    pub value: T,
    /// The edit that wrote it.
    pub dot: Dot,
    /// The member who wrote it.
    pub by: String,
    /// When it was written, for display only: merging never reads it.
    pub at: Timestamp,
}

impl<T> Entry<T> {
    /// Who entered the value when that was not the member it belongs to: the
    /// name in the actor of its dot (the login that ran safestep with `--as`,
    /// or a facilitator entering for someone in a meeting), when it differs
    /// from [`Entry::by`]. Older files never differ, so this is `None` there.
    #[must_use]
    pub fn entered_by(&self) -> Option<&str> {
        let (name, _) = self.dot.0.split_once('@')?;
        (!name.is_empty() && name != self.by).then_some(name)
    }
}

/// A single-valued field. One entry: settled. Several: a conflict the group settles.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Register<T>(pub Vec<Entry<T>>);

impl<T> Default for Register<T> {
    fn default() -> Self {
        Register(Vec::new())
    }
}

impl<T: Clone + PartialEq> Register<T> {
    /// A register holding one value.
    #[must_use]
    pub fn single(entry: Entry<T>) -> Self {
        Register(vec![entry])
    }

    /// Replace every value with one written by an edit that has seen them all.
    pub fn write(&mut self, entry: Entry<T>) {
        self.0 = vec![entry];
    }

    /// Replace only the values named in `replaces` with one new value. The
    /// others stay beside it as a conflict: the edit has not been shown them.
    pub fn write_over(&mut self, entry: Entry<T>, replaces: &[Dot]) {
        self.0.retain(|e| !replaces.contains(&e.dot));
        self.0.push(entry);
        self.0.sort_by(|a, b| a.dot.cmp(&b.dot));
    }

    /// The values, in dot order.
    #[must_use]
    pub fn entries(&self) -> &[Entry<T>] {
        &self.0
    }

    /// Whether no value was ever written (or survived).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether concurrent values are waiting for the group.
    #[must_use]
    pub fn is_conflict(&self) -> bool {
        self.0.len() > 1
    }

    /// The value when settled; `None` when empty or in conflict.
    #[must_use]
    pub fn settled(&self) -> Option<&T> {
        match self.0.as_slice() {
            [one] => Some(&one.value),
            _ => None,
        }
    }

    /// The most recently written value (by timestamp, then dot), for places that
    /// need one value to show while a conflict waits, such as an edit box.
    #[must_use]
    pub fn latest(&self) -> Option<&T> {
        self.0
            .iter()
            .max_by(|a, b| a.at.cmp(&b.at).then_with(|| a.dot.cmp(&b.dot)))
            .map(|e| &e.value)
    }
}

/// The order of a canonical register: by dot, then (for values a hand edit
/// gave one dot) by the whole entry, so that every copy lists them alike.
pub fn entry_order<T: Ord>(a: &Entry<T>, b: &Entry<T>) -> Ordering {
    a.dot
        .cmp(&b.dot)
        .then_with(|| a.value.cmp(&b.value))
        .then_with(|| a.by.cmp(&b.by))
        .then_with(|| a.at.cmp(&b.at))
}

impl<T: Clone + Ord> Register<T> {
    /// Whether the entries are in canonical order: sorted by
    /// [`entry_order`], no entry listed twice. Every register safestep
    /// writes is; a hand-edited file may not be until
    /// [`Register::normalise`] has run.
    #[must_use]
    pub fn is_canonical(&self) -> bool {
        self.0
            .windows(2)
            .all(|w| entry_order(&w[0], &w[1]) == Ordering::Less)
    }

    /// Put the entries in canonical order and drop exact duplicates. Two
    /// entries with one dot and different contents both stay: a conflict
    /// the group settles. Returns what was changed.
    pub fn normalise(&mut self) -> Normalised {
        if self.is_canonical() {
            return Normalised {
                same_dot: self.same_dot_pairs(),
                ..Normalised::default()
            };
        }
        let mut n = Normalised {
            reordered: !self
                .0
                .windows(2)
                .all(|w| entry_order(&w[0], &w[1]) != Ordering::Greater),
            ..Normalised::default()
        };
        self.0.sort_by(entry_order);
        let before = self.0.len();
        self.0.dedup_by(|a, b| entry_order(a, b) == Ordering::Equal);
        n.duplicates = before - self.0.len();
        n.same_dot = self.same_dot_pairs();
        n
    }

    fn same_dot_pairs(&self) -> usize {
        self.0.windows(2).filter(|w| w[0].dot == w[1].dot).count()
    }

    /// The entries in canonical order, copied only when they are not.
    fn canonical(&self) -> Cow<'_, [Entry<T>]> {
        if self.is_canonical() {
            Cow::Borrowed(&self.0)
        } else {
            let mut r = self.clone();
            r.normalise();
            Cow::Owned(r.0)
        }
    }

    /// Merge with another copy's register given both copies' causal contexts.
    ///
    /// Per dot: the values both copies hold stay (all of them, when a hand
    /// edit gave one dot different values on each side); a value on one side
    /// only stays unless the other side has seen its dot (it was overwritten
    /// there). One pass over both registers in dot order, so the time is
    /// linear in their length. The result is canonical whatever the inputs.
    #[must_use]
    pub fn merge(&self, mine: &Clock, other: &Self, theirs: &Clock) -> Self {
        let (a, b) = (self.canonical(), other.canonical());
        let (a, b) = (&*a, &*b);
        let mut out: Vec<Entry<T>> = Vec::with_capacity(a.len().max(b.len()));
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            let dot = match (a.get(i), b.get(j)) {
                (Some(x), Some(y)) => (&x.dot).min(&y.dot),
                (Some(x), None) => &x.dot,
                (None, Some(y)) => &y.dot,
                (None, None) => break,
            };
            let ie = i + a[i..].iter().take_while(|e| e.dot == *dot).count();
            let je = j + b[j..].iter().take_while(|e| e.dot == *dot).count();
            let (ga, gb) = (&a[i..ie], &b[j..je]);
            match (ga.is_empty(), gb.is_empty()) {
                (false, false) => union_into(&mut out, ga, gb),
                (false, true) if !theirs.has_seen(dot) => out.extend_from_slice(ga),
                (true, false) if !mine.has_seen(dot) => out.extend_from_slice(gb),
                _ => {}
            }
            (i, j) = (ie, je);
        }
        Register(out)
    }

    /// Merge another copy's register into this one in place; the result
    /// equals [`Register::merge`], without copying when nothing changes.
    pub fn merge_into(&mut self, mine: &Clock, other: &Self, theirs: &Clock) {
        // Both copies hold the same values (the usual case): nothing to do,
        // and no need to look anything up in the clocks.
        if self.0 == other.0 && self.is_canonical() {
            return;
        }
        *self = self.merge(mine, other, theirs);
    }

    /// Merge in place with a copy that has no such register: drop the values
    /// the other copy has seen (it overwrote or deleted them).
    pub fn merge_alone_into(&mut self, theirs: &Clock) {
        self.normalise();
        self.0.retain(|e| !theirs.has_seen(&e.dot));
    }
}

/// Two sorted runs of entries with one dot, as one sorted run without repeats.
fn union_into<T: Clone + Ord>(out: &mut Vec<Entry<T>>, a: &[Entry<T>], b: &[Entry<T>]) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match entry_order(&a[i], &b[j]) {
            Ordering::Less => {
                out.push(a[i].clone());
                i += 1;
            }
            Ordering::Greater => {
                out.push(b[j].clone());
                j += 1;
            }
            Ordering::Equal => {
                out.push(a[i].clone());
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
}

/// What [`Register::normalise`] changed in one register.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Normalised {
    /// The entries were not in dot order.
    pub reordered: bool,
    /// Exact duplicate entries removed.
    pub duplicates: usize,
    /// Pairs of neighbouring entries that share a dot but differ: kept as a conflict.
    pub same_dot: usize,
}

impl Normalised {
    /// Whether anything changed (or a same-dot conflict was found).
    #[must_use]
    pub fn any(&self) -> bool {
        self.reordered || self.duplicates > 0 || self.same_dot > 0
    }
}
