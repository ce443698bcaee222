//! Dots and the causal context (a version vector) of a session document.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The identity of one edit: the actor that made it and that actor's counter.
///
/// Dots are unique across every copy of a session because two live processes
/// never share an actor.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Dot(pub String, pub u64);

impl Dot {
    /// The actor that made the edit.
    #[must_use]
    pub fn actor(&self) -> &str {
        &self.0
    }

    /// The actor's counter for the edit.
    #[must_use]
    pub fn counter(&self) -> u64 {
        self.1
    }
}

impl std::fmt::Display for Dot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.0, self.1)
    }
}

/// Everything a copy of the document has seen: actor -> highest counter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Clock(pub BTreeMap<String, u64>);

impl Clock {
    /// Whether the edit named by `dot` is already part of this context.
    #[must_use]
    pub fn has_seen(&self, dot: &Dot) -> bool {
        self.0.get(&dot.0).is_some_and(|&c| c >= dot.1)
    }

    /// Take the next dot for `actor` and record it as seen.
    pub fn tick(&mut self, actor: &str) -> Dot {
        let counter = self.0.entry(actor.to_owned()).or_insert(0);
        *counter = counter.saturating_add(1);
        Dot(actor.to_owned(), *counter)
    }

    /// The pointwise maximum of two contexts.
    #[must_use]
    pub fn join(&self, other: &Clock) -> Clock {
        let mut out = self.0.clone();
        for (actor, &c) in &other.0 {
            let e = out.entry(actor.clone()).or_insert(0);
            *e = (*e).max(c);
        }
        Clock(out)
    }

    /// Whether this context has seen everything `other` has.
    #[must_use]
    pub fn dominates(&self, other: &Clock) -> bool {
        other
            .0
            .iter()
            .all(|(a, &c)| self.0.get(a).is_some_and(|&mine| mine >= c))
    }

    /// The total number of edits seen.
    #[must_use]
    pub fn total(&self) -> u64 {
        self.0.values().sum()
    }
}
