//! Carrying a session forward (`safestep new --from`): the next review
//! starts where the last one ended.
//!
//! What comes along ([`rule`]):
//! - the roster;
//! - the actions still open (open, in progress, stuck);
//! - the risk register: every risk not closed, keeping its identity;
//! - the vision (a text prompt whose id ends in `.statement`), as the
//!   starting text;
//! - each policy's status and owner (a choice prompt whose id ends in
//!   `.status`, a one-line prompt whose id ends in `.owner`);
//! - the next review's triggers (a checklist whose id names a trigger):
//!   the ticked options.
//!
//! Ratings, evidence, decisions and everything else start empty: the group
//! rates and decides again.
//!
//! A carried item keeps its id (its lineage id), so that the same action or
//! risk is the same thing in every review, in the comparison and in the
//! calendar. Every carried value is written by the carrying member under the
//! actor `<member>@carried` ([`CARRIED_SUFFIX`]): that is the marker. A value
//! is carried while every value its field holds has such a dot; once someone
//! confirms it ([`confirm_answer`], [`confirm_item`]) or changes it, the new
//! value has an ordinary dot and the marker is gone. Because the marker is
//! the value's own dot, it merges like any value: a copy that confirmed wins
//! over a copy that still holds the carried value.

use super::value::{is_open_status, risk_status_of};
use crate::content::{Framework, Kind, Prompt};
use crate::doc::{Answer, CARRIED_FROM, Dot, Entry, Item, REVIEW, Register, Session, Stamp};
use std::collections::BTreeMap;

/// The actor suffix of carried values: `alice@carried`. A real actor's
/// suffix is a run's random hex, and member ids never hold `@`.
pub const CARRIED_SUFFIX: &str = "carried";

/// The actor that writes the values `member` carries forward.
#[must_use]
pub fn carry_actor(member: &str) -> String {
    format!("{member}@{CARRIED_SUFFIX}")
}

/// Whether a value with this dot was written by carrying a session forward.
#[must_use]
pub fn is_carried_dot(dot: &Dot) -> bool {
    dot.actor()
        .rsplit_once('@')
        .is_some_and(|(_, suffix)| suffix == CARRIED_SUFFIX)
}

/// Whether a register holds only carried values (and holds some).
#[must_use]
pub fn is_carried<T>(register: &Register<T>) -> bool {
    !register.0.is_empty() && register.0.iter().all(|e| is_carried_dot(&e.dot))
}

/// What a prompt carries into the next review.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// Every member of the roster.
    Roster,
    /// The actions still open.
    OpenActions,
    /// Every risk not closed.
    Risks,
    /// The answer, as the starting text (the vision, a policy's status or
    /// owner, the review triggers).
    Answer,
}

/// What `prompt` carries forward, if anything.
#[must_use]
pub fn rule(prompt: &Prompt) -> Option<Rule> {
    let id = prompt.id.to_lowercase();
    match &prompt.kind {
        Kind::Roster => Some(Rule::Roster),
        Kind::Actions => Some(Rule::OpenActions),
        Kind::Risks => Some(Rule::Risks),
        Kind::LongText | Kind::ShortText if id.ends_with(".statement") => Some(Rule::Answer),
        Kind::Choice { .. } if id.ends_with(".status") => Some(Rule::Answer),
        Kind::ShortText if id.ends_with(".owner") => Some(Rule::Answer),
        Kind::Checklist { .. } if id.contains("trigger") => Some(Rule::Answer),
        _ => None,
    }
}

/// What [`carry_forward`] copied.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Carried {
    /// Roster members copied.
    pub members: usize,
    /// Open, in-progress and stuck actions copied.
    pub actions: usize,
    /// Risks copied (every one not closed).
    pub risks: usize,
    /// Answers copied: the vision, policy statuses and owners, triggers.
    pub answers: usize,
}

/// Copies values into the new session under the carry actor.
struct Writer<'a> {
    new: &'a mut Session,
    actor: String,
    stamp: &'a Stamp,
}

impl Writer<'_> {
    fn entry<T>(&mut self, value: T) -> Entry<T> {
        Entry {
            value,
            dot: self.new.seen.tick(&self.actor),
            by: self.stamp.member.clone(),
            at: self.stamp.at,
        }
    }

    /// The values of `old` (a conflict stays a conflict), each with a new dot.
    fn copy(&mut self, old: &Register<String>) -> Register<String> {
        let mut entries: Vec<Entry<String>> = Vec::new();
        for e in &old.0 {
            if e.value.trim().is_empty() || entries.iter().any(|x| x.value == e.value) {
                continue;
            }
            let copy = self.entry(e.value.clone());
            entries.push(copy);
        }
        Register(entries)
    }

    fn answer(&mut self, old: &Session, prompt: &Prompt) -> bool {
        if self.new.answers.contains_key(&prompt.id) {
            return false;
        }
        let answer = match old.answers.get(&prompt.id) {
            Some(Answer::Text(r)) => {
                let r = self.copy(r);
                (!r.is_empty()).then_some(Answer::Text(r))
            }
            Some(Answer::Checks(map)) => {
                let ticked: Vec<&String> = map
                    .keys()
                    .filter(|o| old.is_checked(&prompt.id, o))
                    .collect();
                let mut out = BTreeMap::new();
                for o in ticked {
                    let e = self.entry(true);
                    out.insert(o.clone(), Register::single(e));
                }
                (!out.is_empty()).then_some(Answer::Checks(out))
            }
            _ => None,
        };
        match answer {
            Some(a) => {
                self.new.answers.insert(prompt.id.clone(), a);
                true
            }
            None => false,
        }
    }

    fn item(&mut self, id: &str, item: &Item, kind: &Kind) -> bool {
        if self.new.items.contains_key(id) {
            return false;
        }
        // The item keeps its id; later items of this session must never
        // take it, so the session's clock moves past the id's dot.
        if let Some((actor, counter)) = id.rsplit_once('/')
            && let Ok(n) = counter.parse::<u64>()
        {
            let c = self.new.seen.0.entry(actor.to_owned()).or_insert(0);
            *c = (*c).max(n);
        }
        let mut fields = BTreeMap::new();
        for spec in kind.fields() {
            if let Some(r) = item.fields.get(&spec.id) {
                let r = self.copy(r);
                if !r.is_empty() {
                    fields.insert(spec.id, r);
                }
            }
        }
        let from = self.entry(id.to_owned());
        fields.insert(CARRIED_FROM.to_owned(), Register::single(from));
        let order = self.entry(item.order_key());
        self.new.items.insert(
            id.to_owned(),
            Item {
                prompt: item.prompt.clone(),
                fields,
                order: Register::single(order),
                deleted: Register::default(),
            },
        );
        true
    }
}

/// Start the next review from an earlier session: copy into `new` what
/// [`rule`] names, each value marked as carried, and set `new.previous`.
///
/// Items keep their ids and record the old id in [`CARRIED_FROM`] too (the
/// meeting's opening review looks for it). Collections and answers are
/// matched by prompt id, so both sessions should follow the same framework;
/// prompts `fw` does not know are skipped. Deleted items, done and dropped
/// actions and closed risks stay behind. Nothing `new` already holds is
/// overwritten, so carrying twice copies nothing the second time.
pub fn carry_forward(old: &Session, new: &mut Session, fw: &Framework, stamp: &Stamp) -> Carried {
    let mut carried = Carried::default();
    let mut w = Writer {
        actor: carry_actor(&stamp.member),
        new: &mut *new,
        stamp,
    };
    for (_, prompt) in fw.prompts() {
        let Some(rule) = rule(prompt) else {
            continue;
        };
        if rule == Rule::Answer {
            if w.answer(old, prompt) {
                carried.answers += 1;
            }
            continue;
        }
        for (old_id, item) in old.items_of(&prompt.id) {
            let keep = match rule {
                Rule::OpenActions => is_open_status(item.field("status")),
                Rule::Risks => risk_status_of(item.field("status")) != "closed",
                _ => true,
            };
            if keep && w.item(old_id, item, &prompt.kind) {
                match rule {
                    Rule::Roster => carried.members += 1,
                    Rule::OpenActions => carried.actions += 1,
                    _ => carried.risks += 1,
                }
            }
        }
    }
    new.previous = Some(old.id.clone());
    carried
}

/// Where an item of this review comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Added in this review.
    New,
    /// Carried from the last review and not looked at since: every value
    /// is still the carried one.
    Carried,
    /// Carried from the last review, then confirmed or changed.
    Reviewed,
}

/// Whether one field of an item still holds only the carried value.
#[must_use]
pub fn field_is_carried(item: &Item, field: &str) -> bool {
    item.fields.get(field).is_some_and(is_carried)
}

/// Where an item comes from: new in this review, carried and untouched, or
/// carried and since confirmed or changed. Only the fields of the item's
/// kind count, and the meeting's opening review (its `review` field) counts
/// as looking at it. An item carried by a safestep from
/// before the marker (it has [`CARRIED_FROM`] but ordinary dots) counts as
/// reviewed: nothing tells whether anyone looked at it.
#[must_use]
pub fn origin(item: &Item, kind: &Kind) -> Origin {
    if item.field(CARRIED_FROM).is_empty() {
        return Origin::New;
    }
    // Deleted or restored, or gone through in the meeting's opening review.
    if !item.deleted.is_empty() || !item.field(REVIEW).trim().is_empty() {
        return Origin::Reviewed;
    }
    let mut own = kind
        .fields()
        .into_iter()
        .filter_map(|f| item.fields.get(&f.id))
        .filter(|r| !r.is_empty())
        .peekable();
    if own.peek().is_some() && own.all(is_carried) {
        Origin::Carried
    } else {
        Origin::Reviewed
    }
}

/// Whether the answer to a prompt is still the value carried from the last
/// review (the vision, a policy's status or owner, the triggers).
#[must_use]
pub fn answer_is_carried(session: &Session, prompt: &str) -> bool {
    match session.answers.get(prompt) {
        Some(Answer::Text(r)) => is_carried(r),
        Some(Answer::Checks(map)) => {
            map.values().any(|r| !r.is_empty())
                && map.values().all(|r| r.is_empty() || is_carried(r))
        }
        _ => false,
    }
}

/// The carried values a prompt still holds: its answer (0 or 1), or the
/// items of a collection that nobody has confirmed or changed.
#[must_use]
pub fn carried_in_prompt(session: &Session, prompt: &Prompt) -> usize {
    if prompt.kind.is_collection() {
        session
            .items_of(&prompt.id)
            .into_iter()
            .filter(|(_, i)| origin(i, &prompt.kind) == Origin::Carried)
            .count()
    } else {
        usize::from(answer_is_carried(session, &prompt.id))
    }
}

/// The carried values a step still holds (see [`carried_in_prompt`]).
#[must_use]
pub fn carried_in_step(fw: &Framework, session: &Session, step: usize) -> usize {
    fw.steps.get(step).map_or(0, |s| {
        s.prompts
            .iter()
            .map(|p| carried_in_prompt(session, p))
            .sum()
    })
}

/// Confirm a carried answer as it stands: the member writes the same value
/// again, so it is no longer marked as carried. A carried conflict is not
/// confirmed (the group settles it first). Returns whether anything changed.
pub fn confirm_answer(session: &mut Session, prompt: &str, stamp: &Stamp) -> bool {
    if !answer_is_carried(session, prompt) {
        return false;
    }
    match session.answers.get(prompt) {
        Some(Answer::Text(r)) => {
            let Some(value) = r.settled().cloned() else {
                return false;
            };
            session.set_text(prompt, &value, stamp);
            true
        }
        Some(Answer::Checks(map)) => {
            let values: Vec<(String, bool)> = map
                .iter()
                .filter_map(|(o, r)| r.settled().map(|v| (o.clone(), *v)))
                .collect();
            for (o, v) in &values {
                session.set_check(prompt, o, *v, stamp);
            }
            !values.is_empty()
        }
        _ => false,
    }
}

/// Confirm a carried item as it stands: every field that still holds one
/// carried value is written again by the member. Fields holding a carried
/// conflict are left for the group. Returns how many fields were confirmed.
pub fn confirm_item(session: &mut Session, id: &str, stamp: &Stamp) -> usize {
    let Some(item) = session.items.get(id) else {
        return 0;
    };
    let values: Vec<(String, String)> = item
        .fields
        .iter()
        .filter(|(name, r)| name.as_str() != CARRIED_FROM && is_carried(r))
        .filter_map(|(name, r)| r.settled().map(|v| (name.clone(), v.clone())))
        .collect();
    for (name, value) in &values {
        session.set_item_field(id, name, value, stamp);
    }
    values.len()
}
