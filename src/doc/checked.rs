//! The answer to a checked statement (`Kind::Checked`): a requirement of a
//! standard, the group's judgement of it and how the group knows.
//!
//! It is made of values the document already merges, so that it merges the
//! way they do and an older safestep keeps every part of it:
//!
//! - the judgements are a rating under the prompt's id: each member's own
//!   level and the agreed one, 1 to 4 for [`JUDGEMENTS`] (0 withdraws);
//! - each other part (how the group knows, when it was checked, by whom,
//!   how, the evidence, a note: [`checked_parts`]) is a text answer under
//!   `PROMPT#PART`.
//!
//! Concurrent edits of one part are kept as a conflict for the group, like
//! any text answer; members' own judgements never overwrite each other.

use super::session::{Answer, Session, Stamp};
use crate::content::{JUDGEMENTS, PART_SEPARATOR, checked_parts};
use std::collections::BTreeMap;

/// The key of one part of a checked statement in a session's answers.
#[must_use]
pub fn part_key(prompt: &str, part: &str) -> String {
    format!("{prompt}{PART_SEPARATOR}{part}")
}

/// The prompt and part a key of a session's answers names, when it is the
/// part of a checked statement.
#[must_use]
pub fn split_part_key(key: &str) -> Option<(&str, &str)> {
    key.split_once(PART_SEPARATOR)
        .filter(|(p, part)| !p.is_empty() && !part.is_empty())
}

/// A checked statement as it stands: what each member judged, what the group
/// agreed, and the settled or latest value of each part.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Checked {
    /// Member id -> that member's own judgement (1 to 4), withdrawn ones left out.
    pub members: BTreeMap<String, u8>,
    /// The agreed judgement (1 to 4), when there is one.
    pub agreed: Option<u8>,
    /// Part id -> its value, for the parts that have one.
    pub parts: BTreeMap<String, String>,
}

impl Checked {
    /// The value of one part, or "".
    #[must_use]
    pub fn part(&self, id: &str) -> &str {
        self.parts.get(id).map_or("", String::as_str)
    }

    /// Whether the group says it checked (rather than only said so).
    #[must_use]
    pub fn is_checked(&self) -> bool {
        self.part("basis") == crate::content::BASES[1]
    }

    /// The agreed judgement's name (`met`, `partly met`, ...), when agreed.
    #[must_use]
    pub fn agreed_name(&self) -> Option<&'static str> {
        self.agreed.and_then(judgement_name)
    }
}

/// The name of a judgement level (1 to 4).
#[must_use]
pub fn judgement_name(level: u8) -> Option<&'static str> {
    JUDGEMENTS.get(usize::from(level).checked_sub(1)?).copied()
}

impl Session {
    /// Record the stamp's member's own judgement of a checked statement
    /// (1 to 4; 0 withdraws it).
    pub fn set_own_judgement(&mut self, prompt: &str, level: u8, stamp: &Stamp) {
        self.set_own_rating(prompt, level, stamp);
    }

    /// Record the judgement the group agreed (1 to 4; 0 clears it).
    pub fn set_agreed_judgement(&mut self, prompt: &str, level: u8, stamp: &Stamp) {
        self.set_agreed_rating(prompt, level, stamp);
    }

    /// Set one part of a checked statement (see [`checked_parts`]).
    pub fn set_checked_part(&mut self, prompt: &str, part: &str, value: &str, stamp: &Stamp) {
        self.set_text(&part_key(prompt, part), value, stamp);
    }

    /// A checked statement as it stands.
    #[must_use]
    pub fn checked(&self, prompt: &str) -> Checked {
        let members = self
            .member_ratings(prompt)
            .into_iter()
            .map(|(m, v)| (m.to_owned(), v))
            .collect();
        let parts = checked_parts()
            .into_iter()
            .filter_map(|spec| {
                let v = self.text_value(&part_key(prompt, &spec.id));
                (!v.is_empty()).then(|| (spec.id, v.to_owned()))
            })
            .collect();
        Checked {
            members,
            agreed: self.agreed_rating(prompt),
            parts,
        }
    }

    /// Whether any part of a checked statement has a value or a judgement.
    #[must_use]
    pub fn has_checked(&self, prompt: &str) -> bool {
        self.has_answer(prompt)
            || checked_parts()
                .iter()
                .any(|s| self.has_answer(&part_key(prompt, &s.id)))
    }

    /// The keys of a session's answers that are parts of a checked statement
    /// of `prompt`, with their registers.
    #[must_use]
    pub fn checked_answers(&self, prompt: &str) -> Vec<(&str, &Answer)> {
        self.answers
            .iter()
            .filter(|(k, _)| split_part_key(k).is_some_and(|(p, _)| p == prompt))
            .map(|(k, a)| (k.as_str(), a))
            .collect()
    }
}
