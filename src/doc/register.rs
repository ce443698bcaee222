//! The multi-value register: a field that keeps concurrent values as a conflict.

use super::clock::{Clock, Dot};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

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

    /// Merge with another copy's register given both copies' causal contexts.
    ///
    /// A value on both sides stays. A value on one side only stays unless the
    /// other side has seen its dot (it was overwritten there).
    #[must_use]
    pub fn merge(&self, mine: &Clock, other: &Self, theirs: &Clock) -> Self {
        let mut out: Vec<Entry<T>> = Vec::with_capacity(self.0.len().max(other.0.len()));
        for e in &self.0 {
            let on_both = other.0.iter().any(|o| o.dot == e.dot);
            if on_both || !theirs.has_seen(&e.dot) {
                out.push(e.clone());
            }
        }
        for e in &other.0 {
            let on_mine = self.0.iter().any(|o| o.dot == e.dot);
            if !on_mine && !mine.has_seen(&e.dot) {
                out.push(e.clone());
            }
        }
        out.sort_by(|a, b| a.dot.cmp(&b.dot));
        Register(out)
    }

    /// Merge another copy's register into this one in place; the result
    /// equals [`Register::merge`], without copying when nothing changes.
    pub fn merge_into(&mut self, mine: &Clock, other: &Self, theirs: &Clock) {
        // Both copies hold the same values (the usual case): nothing to do,
        // and no need to look anything up in the clocks. Registers are kept
        // in dot order, and a dot names one value.
        if self.0.len() == other.0.len()
            && self
                .0
                .iter()
                .zip(&other.0)
                .all(|(a, b)| a.dot.1 == b.dot.1 && a.dot.0 == b.dot.0)
        {
            return;
        }
        let keeps_mine = self
            .0
            .iter()
            .all(|e| !theirs.has_seen(&e.dot) || other.0.iter().any(|o| o.dot == e.dot));
        let adds_nothing = other
            .0
            .iter()
            .all(|e| mine.has_seen(&e.dot) || self.0.iter().any(|o| o.dot == e.dot));
        if !(keeps_mine && adds_nothing) {
            *self = self.merge(mine, other, theirs);
        }
    }

    /// Merge in place with a copy that has no such register: drop the values
    /// the other copy has seen (it overwrote or deleted them).
    pub fn merge_alone_into(&mut self, theirs: &Clock) {
        self.0.retain(|e| !theirs.has_seen(&e.dot));
    }
}
