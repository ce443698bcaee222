//! Comparing a review with the previous one: what became of each risk,
//! each open action and each rating. One set of rules for every report and
//! screen; the reports only lay the result out.
//!
//! The comparison never claims more than the group decided:
//! - a risk is closed only when someone closed it (its status); a risk
//!   missing from the new register without being closed is "no longer in
//!   the register", and a carried risk nobody has confirmed or changed is
//!   "not looked at in this review";
//! - an area rated before and not rated yet now is "not rated yet", never a
//!   move;
//! - straight after `new --from`, nothing is closed or moved: every carried
//!   value is the old one.

use super::carry::{Origin, origin};
use super::value::{is_open_status, parse_score, risk_status_of, status_of};
use crate::content::{Framework, Kind};
use crate::doc::{CARRIED_FROM, Item, Session};

/// The new session's item of `kind` that continues the old item `old_id`:
/// the same id (a carried item, or a later copy of one session), else an
/// item recording it in [`CARRIED_FROM`] (carried by an older safestep).
/// Deleted items count, so that a caller can tell "deleted" from "missing".
#[must_use]
pub fn continuation<'a>(
    new: &'a Session,
    fw: &Framework,
    kind: &Kind,
    old_id: &str,
) -> Option<(&'a str, &'a Item)> {
    let is_kind = |item: &Item| {
        fw.prompt(&item.prompt)
            .is_some_and(|(_, p)| &p.kind == kind)
    };
    if let Some((k, item)) = new.items.get_key_value(old_id)
        && is_kind(item)
    {
        return Some((k.as_str(), item));
    }
    // A live continuation before a deleted one.
    let all: Vec<(&String, &Item)> = new
        .items
        .iter()
        .filter(|(_, i)| is_kind(i) && i.field(CARRIED_FROM) == old_id)
        .collect();
    all.iter()
        .find(|(_, i)| !Session::is_deleted(i))
        .or_else(|| all.first())
        .map(|(k, i)| (k.as_str(), *i))
}

/// What became of a risk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RiskOutcome {
    /// Someone closed it in this review.
    Closed,
    /// Still open, and looked at in this review (its score may have moved).
    StillOpen,
    /// The group accepted it.
    Accepted,
    /// Someone else holds it now.
    Transferred,
    /// Carried forward and not yet confirmed or changed in this review.
    NotLookedAt,
    /// Not in the new register, and nobody closed it (deleted, or never
    /// carried forward).
    Removed,
    /// New in this review.
    New,
}

impl RiskOutcome {
    /// The outcome in words.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            RiskOutcome::Closed => "closed",
            RiskOutcome::StillOpen => "still open",
            RiskOutcome::Accepted => "accepted",
            RiskOutcome::Transferred => "transferred",
            RiskOutcome::NotLookedAt => "not looked at in this review",
            RiskOutcome::Removed => "no longer in the register (not closed)",
            RiskOutcome::New => "new",
        }
    }

    /// Every outcome, in report order.
    pub const ALL: [RiskOutcome; 7] = [
        RiskOutcome::New,
        RiskOutcome::Closed,
        RiskOutcome::StillOpen,
        RiskOutcome::Accepted,
        RiskOutcome::Transferred,
        RiskOutcome::NotLookedAt,
        RiskOutcome::Removed,
    ];
}

/// One risk of either review and what became of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RiskChange {
    /// The risk's id in the old session (none for a new risk).
    pub old_id: Option<String>,
    /// The risk's id in the new session (none when it is missing there).
    pub new_id: Option<String>,
    /// What became of it.
    pub outcome: RiskOutcome,
    /// Likelihood times impact then, when both were given.
    pub old_score: Option<u8>,
    /// Likelihood times impact now, when both are given.
    pub new_score: Option<u8>,
}

impl RiskChange {
    /// The risk is in both reviews and its score is not the same.
    #[must_use]
    pub fn score_moved(&self) -> bool {
        self.old_id.is_some() && self.new_id.is_some() && self.old_score != self.new_score
    }
}

/// A risk's score: likelihood times impact, when both are valid.
#[must_use]
pub fn risk_score(item: &Item) -> Option<u8> {
    Some(parse_score(item.field("likelihood"))? * parse_score(item.field("impact"))?)
}

fn norm(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn risk_items<'a>(fw: &Framework, s: &'a Session) -> Vec<(&'a str, &'a Item)> {
    fw.prompts()
        .filter(|(_, p)| p.kind == Kind::Risks)
        .flat_map(|(_, p)| s.items_of(&p.id))
        .collect()
}

/// What became of each risk of `old` (every one not closed there), then
/// the risks new in `new`. Risks are followed by id (see [`continuation`]);
/// one neither carried nor a copy is matched by the same description.
#[must_use]
pub fn risks(fw: &Framework, old: &Session, new: &Session) -> Vec<RiskChange> {
    let old_risks: Vec<(&str, &Item)> = risk_items(fw, old)
        .into_iter()
        .filter(|(_, i)| risk_status_of(i.field("status")) != "closed")
        .collect();
    let mut matched: Vec<Option<(&str, &Item)>> = old_risks
        .iter()
        .map(|(id, _)| continuation(new, fw, &Kind::Risks, id))
        .collect();
    let mut taken: Vec<&str> = matched.iter().flatten().map(|(k, _)| *k).collect();
    let new_risks = risk_items(fw, new);
    for (slot, (_, old_item)) in matched.iter_mut().zip(&old_risks) {
        if slot.is_some() {
            continue;
        }
        let desc = norm(old_item.field("description"));
        if desc.is_empty() {
            continue;
        }
        if let Some(&(k, i)) = new_risks.iter().find(|(k, i)| {
            !taken.contains(k)
                && i.field(CARRIED_FROM).is_empty()
                && norm(i.field("description")) == desc
        }) {
            taken.push(k);
            *slot = Some((k, i));
        }
    }
    let mut out: Vec<RiskChange> = old_risks
        .iter()
        .zip(matched)
        .map(|((old_id, old_item), found)| {
            let outcome = match found {
                None => RiskOutcome::Removed,
                Some((_, i)) if Session::is_deleted(i) => RiskOutcome::Removed,
                Some((_, i)) if origin(i, &Kind::Risks) == Origin::Carried => {
                    RiskOutcome::NotLookedAt
                }
                Some((_, i)) => match risk_status_of(i.field("status")) {
                    "closed" => RiskOutcome::Closed,
                    "accepted" => RiskOutcome::Accepted,
                    "transferred" => RiskOutcome::Transferred,
                    _ => RiskOutcome::StillOpen,
                },
            };
            let live = found.filter(|(_, i)| !Session::is_deleted(i));
            RiskChange {
                old_id: Some((*old_id).to_owned()),
                new_id: live.map(|(k, _)| k.to_owned()),
                outcome,
                old_score: risk_score(old_item),
                new_score: live.and_then(|(_, i)| risk_score(i)),
            }
        })
        .collect();
    out.extend(
        new_risks
            .iter()
            .filter(|(k, _)| !taken.contains(k))
            .map(|(k, i)| RiskChange {
                old_id: None,
                new_id: Some((*k).to_owned()),
                outcome: RiskOutcome::New,
                old_score: None,
                new_score: risk_score(i),
            }),
    );
    out
}

/// What became of an action that was still open in the old session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Done now.
    Done,
    /// Still open or in progress, and looked at in this review.
    StillOpen,
    /// Carried forward and not yet confirmed or changed in this review.
    NotLookedAt,
    /// Stuck.
    Stuck,
    /// Dropped on purpose.
    Dropped,
    /// Not in the new session at all (never carried forward, or deleted).
    NotCarried,
}

impl Outcome {
    /// The outcome in words.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Done => "done",
            Outcome::StillOpen => "still open",
            Outcome::NotLookedAt => "not looked at yet",
            Outcome::Stuck => "stuck",
            Outcome::Dropped => "dropped",
            Outcome::NotCarried => "not carried forward",
        }
    }

    /// Every outcome, in report order.
    pub const ALL: [Outcome; 6] = [
        Outcome::Done,
        Outcome::StillOpen,
        Outcome::NotLookedAt,
        Outcome::Stuck,
        Outcome::Dropped,
        Outcome::NotCarried,
    ];
}

/// One open action of the old session and what became of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionChange {
    /// The action's id in the old session.
    pub old_id: String,
    /// The live action that continues it in the new session.
    pub new_id: Option<String>,
    /// What became of it.
    pub outcome: Outcome,
}

/// What became of each action still open in `old`, in the framework's order.
#[must_use]
pub fn actions(fw: &Framework, old: &Session, new: &Session) -> Vec<ActionChange> {
    fw.prompts()
        .filter(|(_, p)| p.kind == Kind::Actions)
        .flat_map(|(_, p)| old.items_of(&p.id))
        .filter(|(_, i)| is_open_status(i.field("status")))
        .map(|(old_id, _)| {
            let found = continuation(new, fw, &Kind::Actions, old_id)
                .filter(|(_, i)| !Session::is_deleted(i));
            let outcome = match found {
                None => Outcome::NotCarried,
                Some((_, i)) if origin(i, &Kind::Actions) == Origin::Carried => {
                    Outcome::NotLookedAt
                }
                Some((_, i)) => match status_of(i.field("status")).as_str() {
                    "done" => Outcome::Done,
                    "stuck" => Outcome::Stuck,
                    "dropped" => Outcome::Dropped,
                    _ => Outcome::StillOpen,
                },
            };
            ActionChange {
                old_id: old_id.to_owned(),
                new_id: found.map(|(k, _)| k.to_owned()),
                outcome,
            }
        })
        .collect()
}

/// How an area's agreed rating compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RatingChange {
    /// Agreed higher than before.
    Up,
    /// Agreed lower than before.
    Down,
    /// The same level.
    Same,
    /// Agreed now, not rated then.
    First,
    /// Rated then, not rated yet in this review.
    NotRatedYet,
}

impl RatingChange {
    /// The change in words: "up", "down", "same", "new", "not rated yet".
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            RatingChange::Up => "up",
            RatingChange::Down => "down",
            RatingChange::Same => "same",
            RatingChange::First => "new",
            RatingChange::NotRatedYet => "not rated yet",
        }
    }

    /// A real move: up or down.
    #[must_use]
    pub fn moved(self) -> bool {
        matches!(self, RatingChange::Up | RatingChange::Down)
    }

    /// The change between two agreed levels; `None` when neither was rated.
    #[must_use]
    pub fn between(old: Option<u8>, new: Option<u8>) -> Option<RatingChange> {
        Some(match (old, new) {
            (Some(o), Some(n)) if n > o => RatingChange::Up,
            (Some(o), Some(n)) if n < o => RatingChange::Down,
            (Some(_), Some(_)) => RatingChange::Same,
            (None, Some(_)) => RatingChange::First,
            (Some(_), None) => RatingChange::NotRatedYet,
            (None, None) => return None,
        })
    }
}

/// One rated area in either review.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RatingCompare {
    /// The rating prompt.
    pub prompt: String,
    /// The agreed level then.
    pub old: Option<u8>,
    /// The agreed level now.
    pub new: Option<u8>,
    /// How they compare.
    pub change: RatingChange,
}

/// Every area with an agreed rating in either review, in the framework's order.
#[must_use]
pub fn ratings(fw: &Framework, old: &Session, new: &Session) -> Vec<RatingCompare> {
    fw.prompts()
        .filter(|(_, p)| matches!(p.kind, Kind::Rating { .. }))
        .filter_map(|(_, p)| {
            let (o, n) = (old.agreed_rating(&p.id), new.agreed_rating(&p.id));
            RatingChange::between(o, n).map(|change| RatingCompare {
                prompt: p.id.clone(),
                old: o,
                new: n,
                change,
            })
        })
        .collect()
}
