//! What happens in the meeting itself: timeboxes, attendance, dot-voting, the
//! parking lot, who proposed what and the opening review of carried actions.
//!
//! Timeboxes, attendance and votes live in [`Meeting`], a part of the session
//! made of registers that merge like the rest of the document. The parking
//! lot, proposers and review outcomes are ordinary items and item fields,
//! named by the constants below.

use super::clock::Clock;
use super::register::Register;
use super::session::{
    ConflictAt, Item, Session, Stamp, merge_map_into, merge_regs_into, new_entry,
};
use crate::content::{Framework, Kind, Step};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The prompt id of parking-lot items: points raised in the meeting that do
/// not belong to the step at hand. No framework may define it (content
/// validation reserves the `meeting` id and `meeting.` prompt ids).
pub const PARKING: &str = "meeting.parking";

/// The field of a parking-lot item that holds the point itself.
pub const PARKING_TEXT: &str = "text";

/// The field of a parking-lot item naming who raised the point.
pub const RAISED_BY: &str = "raised_by";

/// The field of a parking-lot item holding the id of the action it became.
pub const MOVED_TO: &str = "moved_to";

/// The item field recording who proposed an entry (an action, a risk, a
/// decision) made in the meeting.
pub const PROPOSED_BY: &str = "proposed_by";

/// The item field of a carried-forward action that records what the opening
/// review found: one of [`REVIEW_OUTCOMES`].
pub const REVIEW: &str = "review";

/// The outcomes of the opening review, in the order a facilitator offers them.
pub const REVIEW_OUTCOMES: [&str; 4] = ["done", "stuck", "dropped", "carried"];

/// The item field that records which item of the previous session an item
/// was carried forward from (`safestep new --from`). Not a field the
/// framework defines, so the editor does not show it; it survives saves and
/// merges like any other.
pub const CARRIED_FROM: &str = "carried_from";

/// The votes each present member gets when no budget is set.
pub const DEFAULT_VOTE_BUDGET: u32 = 3;

/// The minutes suggested for a step whose content names none.
pub use crate::content::DEFAULT_STEP_MINUTES;

/// The meeting's own registers. Every map only grows: keys are never
/// removed, so a copy that has seen a value always holds its register.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    /// Step id -> minutes planned for the step in this meeting (0: use the
    /// framework's suggestion). Concurrent different plans are a conflict.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub planned: BTreeMap<String, Register<u32>>,
    /// Step id -> member id -> seconds spent on the step, as that member's
    /// timer recorded it. Members write only their own slot, so two copies
    /// never conflict; the step's time is the largest slot.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub spent: BTreeMap<String, BTreeMap<String, Register<u64>>>,
    /// Person's name (as in the roster) -> present or not. Concurrent
    /// different values are a conflict.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attendance: BTreeMap<String, Register<bool>>,
    /// The votes each present member gets ([`DEFAULT_VOTE_BUDGET`] when unset).
    #[serde(default, skip_serializing_if = "Register::is_empty")]
    pub vote_budget: Register<u32>,
    /// Item id -> voter's name -> votes that voter gave the item. A voter's
    /// slot is written only on their behalf, so copies where different
    /// people voted merge without conflict.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub votes: BTreeMap<String, BTreeMap<String, Register<u32>>>,
}

/// Whether a register holds concurrent values that differ.
fn differs<T: PartialEq>(r: &Register<T>) -> bool {
    r.0.iter().any(|e| e.value != r.0[0].value)
}

/// The largest of a register's values (concurrent values of one slot).
fn max_of<T: Copy + Ord>(r: &Register<T>) -> Option<T> {
    r.0.iter().map(|e| e.value).max()
}

fn merge_nested_into<T: Clone + Ord>(
    a: &mut BTreeMap<String, BTreeMap<String, Register<T>>>,
    ca: &Clock,
    b: &BTreeMap<String, BTreeMap<String, Register<T>>>,
    cb: &Clock,
) {
    merge_map_into(
        a,
        b,
        |x, y| merge_regs_into(x, ca, y, cb),
        |x| x.values_mut().for_each(|r| r.merge_alone_into(cb)),
        |y| {
            let empty = Register::default();
            y.iter()
                .map(|(k, r)| (k.clone(), empty.merge(ca, r, cb)))
                .collect()
        },
    );
}

impl Meeting {
    /// Whether nothing was ever recorded: such a session writes no `meeting` key.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.planned.is_empty()
            && self.spent.is_empty()
            && self.attendance.is_empty()
            && self.vote_budget.is_empty()
            && self.votes.is_empty()
    }

    /// Merge another copy's meeting into this one, given both causal contexts.
    pub(super) fn merge_into(&mut self, ca: &Clock, other: &Meeting, cb: &Clock) {
        merge_regs_into(&mut self.planned, ca, &other.planned, cb);
        merge_nested_into(&mut self.spent, ca, &other.spent, cb);
        merge_regs_into(&mut self.attendance, ca, &other.attendance, cb);
        self.vote_budget.merge_into(ca, &other.vote_budget, cb);
        merge_nested_into(&mut self.votes, ca, &other.votes, cb);
    }

    /// Add the meeting's conflicts: different planned minutes, attendance or
    /// budgets written at the same time. Spent time and votes never conflict:
    /// when one slot holds concurrent values (one member's timer, or one
    /// voter recorded in two places at once), the larger value counts.
    pub(super) fn conflicts(&self, out: &mut Vec<ConflictAt>) {
        for (step, r) in &self.planned {
            if differs(r) {
                out.push(ConflictAt::Planned(step.clone()));
            }
        }
        for (name, r) in &self.attendance {
            if differs(r) {
                out.push(ConflictAt::Attendance(name.clone()));
            }
        }
        if differs(&self.vote_budget) {
            out.push(ConflictAt::VoteBudget);
        }
    }

    /// The time of every value, for the session's last change.
    pub(super) fn times(&self) -> impl Iterator<Item = Timestamp> + '_ {
        let planned = self.planned.values().flat_map(|r| r.0.iter().map(|e| e.at));
        let spent = self
            .spent
            .values()
            .flat_map(BTreeMap::values)
            .flat_map(|r| r.0.iter().map(|e| e.at));
        let attendance = self
            .attendance
            .values()
            .flat_map(|r| r.0.iter().map(|e| e.at));
        let budget = self.vote_budget.0.iter().map(|e| e.at);
        let votes = self
            .votes
            .values()
            .flat_map(BTreeMap::values)
            .flat_map(|r| r.0.iter().map(|e| e.at));
        planned
            .chain(spent)
            .chain(attendance)
            .chain(budget)
            .chain(votes)
    }
}

impl Session {
    // ---- Timeboxes -------------------------------------------------------

    /// The minutes planned for a step in this meeting, when set (and not 0).
    /// While a conflict waits, the most recently written plan.
    #[must_use]
    pub fn planned_minutes(&self, step_id: &str) -> Option<u32> {
        self.meeting
            .planned
            .get(step_id)
            .and_then(Register::latest)
            .copied()
            .filter(|&m| m > 0)
    }

    /// Plan the minutes for a step; 0 clears the plan (the framework's
    /// suggestion applies again). Resolves a conflict over the plan.
    pub fn set_planned_minutes(&mut self, step_id: &str, minutes: u32, stamp: &Stamp) {
        let e = new_entry(minutes, self.tick(stamp), stamp);
        self.meeting
            .planned
            .entry(step_id.to_owned())
            .or_default()
            .write(e);
    }

    /// The minutes for a step: the plan for this meeting, else the
    /// framework's suggestion (see [`Step::suggested_minutes`]).
    #[must_use]
    pub fn minutes_for(&self, step: &Step) -> u32 {
        self.planned_minutes(&step.id)
            .unwrap_or_else(|| step.suggested_minutes())
    }

    /// Add seconds to the time the stamp's member recorded for a step.
    pub fn add_spent(&mut self, step_id: &str, seconds: u64, stamp: &Stamp) {
        let now = self.spent_by(step_id, &stamp.member);
        self.set_spent(step_id, now.saturating_add(seconds), stamp);
    }

    /// Set the time the stamp's member recorded for a step (to correct a
    /// timer left running, for example).
    pub fn set_spent(&mut self, step_id: &str, seconds: u64, stamp: &Stamp) {
        let e = new_entry(seconds, self.tick(stamp), stamp);
        self.meeting
            .spent
            .entry(step_id.to_owned())
            .or_default()
            .entry(stamp.member.clone())
            .or_default()
            .write(e);
    }

    /// The seconds one member recorded for a step (0 when none).
    #[must_use]
    pub fn spent_by(&self, step_id: &str, member: &str) -> u64 {
        self.meeting
            .spent
            .get(step_id)
            .and_then(|m| m.get(member))
            .and_then(max_of)
            .unwrap_or(0)
    }

    /// The seconds spent on a step: the largest time any member recorded
    /// (normally only the facilitator runs the timer).
    #[must_use]
    pub fn spent_seconds(&self, step_id: &str) -> u64 {
        self.meeting
            .spent
            .get(step_id)
            .into_iter()
            .flat_map(BTreeMap::values)
            .filter_map(max_of)
            .max()
            .unwrap_or(0)
    }

    // ---- Attendance ------------------------------------------------------

    /// Record whether a person (named as in the roster) is present.
    /// Resolves a conflict over their attendance.
    pub fn set_present(&mut self, name: &str, present: bool, stamp: &Stamp) {
        let e = new_entry(present, self.tick(stamp), stamp);
        self.meeting
            .attendance
            .entry(name.to_owned())
            .or_default()
            .write(e);
    }

    /// Whether a person is recorded as present. While a conflict waits, a
    /// concurrent "present" counts.
    #[must_use]
    pub fn is_present(&self, name: &str) -> bool {
        self.meeting
            .attendance
            .get(name)
            .is_some_and(|r| r.0.iter().any(|e| e.value))
    }

    /// Everyone recorded as present, by name.
    #[must_use]
    pub fn present(&self) -> Vec<&str> {
        self.meeting
            .attendance
            .iter()
            .filter(|(_, r)| r.0.iter().any(|e| e.value))
            .map(|(n, _)| n.as_str())
            .collect()
    }

    // ---- Dot-voting ------------------------------------------------------

    /// Set the number of votes each present member gets. Resolves a
    /// conflict over the budget.
    pub fn set_vote_budget(&mut self, votes: u32, stamp: &Stamp) {
        let e = new_entry(votes, self.tick(stamp), stamp);
        self.meeting.vote_budget.write(e);
    }

    /// The votes each present member gets: the budget set, else
    /// [`DEFAULT_VOTE_BUDGET`]. While a conflict waits, the larger budget.
    #[must_use]
    pub fn vote_budget(&self) -> u32 {
        max_of(&self.meeting.vote_budget).unwrap_or(DEFAULT_VOTE_BUDGET)
    }

    /// Record the votes `voter` gives an item (0 withdraws them). The
    /// facilitator records votes on each voter's behalf, so the voter is
    /// named here, not taken from the stamp. The budget is not enforced
    /// here: compare [`Session::votes_used`] with [`Session::vote_budget`].
    /// Returns false when there is no such item.
    pub fn set_votes(&mut self, item_id: &str, voter: &str, votes: u32, stamp: &Stamp) -> bool {
        if !self.items.contains_key(item_id) {
            return false;
        }
        let e = new_entry(votes, self.tick(stamp), stamp);
        self.meeting
            .votes
            .entry(item_id.to_owned())
            .or_default()
            .entry(voter.to_owned())
            .or_default()
            .write(e);
        true
    }

    /// Voter -> votes for an item (voters who withdrew left out). When one
    /// voter's slot holds concurrent values, the larger counts; that is not
    /// reported as a conflict.
    #[must_use]
    pub fn votes_for(&self, item_id: &str) -> BTreeMap<&str, u32> {
        self.meeting
            .votes
            .get(item_id)
            .into_iter()
            .flatten()
            .filter_map(|(v, r)| max_of(r).filter(|&n| n > 0).map(|n| (v.as_str(), n)))
            .collect()
    }

    /// The total votes an item received.
    #[must_use]
    pub fn vote_total(&self, item_id: &str) -> u32 {
        self.votes_for(item_id)
            .values()
            .fold(0u32, |acc, &n| acc.saturating_add(n))
    }

    /// The votes a voter has given, across every item that is not deleted.
    #[must_use]
    pub fn votes_used(&self, voter: &str) -> u32 {
        self.meeting
            .votes
            .iter()
            .filter(|(id, _)| {
                self.items
                    .get(id.as_str())
                    .is_some_and(|i| !Session::is_deleted(i))
            })
            .filter_map(|(_, slots)| slots.get(voter).and_then(max_of))
            .fold(0u32, |acc, n| acc.saturating_add(n))
    }

    /// Live items of a prompt that received votes, most votes first (the
    /// collection's order breaks ties), with their totals.
    #[must_use]
    pub fn vote_results(&self, prompt: &str) -> Vec<(&str, &Item, u32)> {
        let mut out: Vec<(&str, &Item, u32)> = self
            .items_of(prompt)
            .into_iter()
            .map(|(id, item)| (id, item, self.vote_total(id)))
            .filter(|(_, _, n)| *n > 0)
            .collect();
        out.sort_by_key(|(_, _, n)| std::cmp::Reverse(*n));
        out
    }

    // ---- Parking lot -----------------------------------------------------

    /// The parking lot's live points, in order.
    #[must_use]
    pub fn parking_lot(&self) -> Vec<(&str, &Item)> {
        self.items_of(PARKING)
    }

    /// Put a point in the parking lot; returns its item id. An empty
    /// `raised_by` is not recorded.
    pub fn park(&mut self, text: &str, raised_by: &str, stamp: &Stamp) -> String {
        let mut fields = vec![(PARKING_TEXT, text)];
        if !raised_by.trim().is_empty() {
            fields.push((RAISED_BY, raised_by));
        }
        self.add_item(PARKING, &fields, stamp)
    }

    /// Turn a parking-lot point into an action of `action_prompt`: the point's
    /// text becomes the action's first text field, its status is `open`, its
    /// proposer is the point's proposer (else whoever raised it), and the
    /// point records the action's id in [`MOVED_TO`]. Returns the action's
    /// id; `None` when the point does not exist, is deleted, is not a
    /// parking-lot item, or already became an action that still exists.
    pub fn park_to_action(
        &mut self,
        parking_id: &str,
        action_prompt: &str,
        stamp: &Stamp,
    ) -> Option<String> {
        let point = self.items.get(parking_id)?;
        if point.prompt != PARKING || Session::is_deleted(point) {
            return None;
        }
        let moved = point.field(MOVED_TO);
        if !moved.is_empty()
            && self
                .items
                .get(moved)
                .is_some_and(|a| !Session::is_deleted(a))
        {
            return None;
        }
        let text = point.field(PARKING_TEXT).to_owned();
        let proposer = match point.field(PROPOSED_BY) {
            "" => point.field(RAISED_BY).to_owned(),
            p => p.to_owned(),
        };
        let specs = Kind::Actions.fields();
        let what = specs
            .iter()
            .find(|f| f.ty == crate::content::FieldType::Text)
            .map_or("what", |f| f.id.as_str());
        let mut fields = vec![(what, text.as_str()), ("status", "open")];
        if !proposer.trim().is_empty() {
            fields.push((PROPOSED_BY, proposer.as_str()));
        }
        let id = self.add_item(action_prompt, &fields, stamp);
        self.set_item_field(parking_id, MOVED_TO, &id, stamp);
        Some(id)
    }

    // ---- Opening review --------------------------------------------------

    /// The actions carried forward from the previous session (items with
    /// [`CARRIED_FROM`] under an `Actions` prompt of `fw`; roster members are
    /// carried too but are not reviewed), live ones only, in the
    /// framework's order.
    #[must_use]
    pub fn opening_review(&self, fw: &Framework) -> Vec<(&str, &Item)> {
        fw.prompts()
            .filter(|(_, p)| p.kind == Kind::Actions)
            .flat_map(|(_, p)| self.items_of(&p.id))
            .filter(|(_, i)| !i.field(CARRIED_FROM).is_empty())
            .collect()
    }

    /// The carried actions the opening review has not reached yet.
    #[must_use]
    pub fn review_pending(&self, fw: &Framework) -> Vec<(&str, &Item)> {
        self.opening_review(fw)
            .into_iter()
            .filter(|(_, i)| i.field(REVIEW).trim().is_empty())
            .collect()
    }

    /// Record what the opening review found for a carried action, one of
    /// [`REVIEW_OUTCOMES`]. `done`, `stuck` and `dropped` also set the
    /// action's status; `carried` reopens an action marked done or dropped
    /// and otherwise leaves its status alone. Returns false for an unknown
    /// item or outcome.
    pub fn set_review(&mut self, id: &str, outcome: &str, stamp: &Stamp) -> bool {
        let Some(item) = self.items.get(id) else {
            return false;
        };
        if !REVIEW_OUTCOMES.contains(&outcome) {
            return false;
        }
        let status = item.field("status").trim().to_lowercase();
        let new_status = match outcome {
            "carried" => matches!(status.as_str(), "done" | "dropped").then_some("open"),
            other => (status != other).then_some(other),
        };
        self.set_item_field(id, REVIEW, outcome, stamp);
        if let Some(s) = new_status {
            self.set_item_field(id, "status", s, stamp);
        }
        true
    }
}
