//! Comparing a session with an earlier one (`--since OLD`), and starting the
//! next review from an earlier one (`safestep new --from OLD`).

use super::model::{self, Action, Options, RatingArea, Risk, clean};
use crate::content::{Framework, Kind};
use crate::doc::{Item, Session};
use jiff::Timestamp;
use std::collections::BTreeMap;

pub use crate::doc::CARRIED_FROM;
pub use crate::workshop::carry::{Carried, carry_forward};

/// A rating whose agreed level changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RatingMove {
    /// The area.
    pub area: String,
    /// The level labels of the new session's scale.
    pub levels: Vec<String>,
    /// The agreed level then.
    pub old: Option<u8>,
    /// The agreed level now.
    pub new: Option<u8>,
}

impl RatingMove {
    /// "up", "down", "new" or "cleared".
    #[must_use]
    pub fn direction(&self) -> &'static str {
        match (self.old, self.new) {
            (Some(o), Some(n)) if n > o => "up",
            (Some(_), Some(_)) => "down",
            (None, _) => "new",
            (Some(_), None) => "cleared",
        }
    }
}

/// What became of an action that was still open in the old session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Done now.
    Done,
    /// Stuck.
    Stuck,
    /// Dropped on purpose.
    Dropped,
    /// Still open or in progress.
    StillOpen,
    /// Not in the new session at all (never carried forward, or deleted).
    NotCarried,
}

impl Outcome {
    /// The outcome in words.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Done => "done",
            Outcome::Stuck => "stuck",
            Outcome::Dropped => "dropped",
            Outcome::StillOpen => "still open",
            Outcome::NotCarried => "not carried forward",
        }
    }

    /// Every outcome, in report order.
    pub const ALL: [Outcome; 5] = [
        Outcome::Done,
        Outcome::StillOpen,
        Outcome::Stuck,
        Outcome::Dropped,
        Outcome::NotCarried,
    ];
}

/// An action of the old session and what became of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FollowUp {
    /// The action as it was in the old session.
    pub old: Action,
    /// The matching action in the new session.
    pub new: Option<Action>,
    /// What became of it.
    pub outcome: Outcome,
}

/// What changed between an old session and a new one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    /// The old session's title.
    pub old_title: String,
    /// The old session's id.
    pub old_id: String,
    /// When the old session was created.
    pub old_created: Timestamp,
    /// The old session's last edit.
    pub old_last_change: Timestamp,
    /// The new session names the old one as its previous session.
    pub linked: bool,
    /// Ratings whose agreed level moved.
    pub ratings: Vec<RatingMove>,
    /// Areas rated in both with the same agreed level.
    pub ratings_unchanged: usize,
    /// The old session's open actions and what became of them.
    pub actions: Vec<FollowUp>,
    /// Risks in the new session that the old one did not have.
    pub new_risks: Vec<Risk>,
    /// Risks of the old session that the new one no longer has.
    pub closed_risks: Vec<Risk>,
    /// Risks in both whose score changed: (old, new).
    pub rescored_risks: Vec<(Risk, Risk)>,
}

impl Comparison {
    /// The follow-ups with one outcome.
    pub fn with_outcome(&self, outcome: Outcome) -> impl Iterator<Item = &FollowUp> {
        self.actions.iter().filter(move |f| f.outcome == outcome)
    }
}

fn norm(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The new session's item of `prompt_kind` that continues `old_id`: the same
/// id (a later copy of one session) or an item carried forward from it.
fn continuation<'a>(
    new: &'a Session,
    fw: &Framework,
    kind: &Kind,
    old_id: &str,
) -> Option<&'a str> {
    let is_kind = |item: &Item| {
        fw.prompt(&item.prompt)
            .is_some_and(|(_, p)| &p.kind == kind)
    };
    if let Some(item) = new.items.get(old_id)
        && is_kind(item)
        && !Session::is_deleted(item)
    {
        return new.items.get_key_value(old_id).map(|(k, _)| k.as_str());
    }
    new.items
        .iter()
        .filter(|(_, i)| is_kind(i) && !Session::is_deleted(i))
        .find(|(_, i)| i.field(CARRIED_FROM) == old_id)
        .map(|(k, _)| k.as_str())
}

/// Compare `new` with an earlier session `old`.
#[must_use]
pub fn compare(fw: &Framework, old: &Session, new: &Session, opts: &Options) -> Comparison {
    let old_sum = model::build(fw, old, opts);
    let new_sum = model::build(fw, new, opts);

    let old_ratings: BTreeMap<&str, &RatingArea> = old_sum
        .ratings
        .iter()
        .map(|r| (r.place.prompt.as_str(), r))
        .collect();
    let mut ratings = Vec::new();
    let mut ratings_unchanged = 0;
    for r in &new_sum.ratings {
        let before = old_ratings
            .get(r.place.prompt.as_str())
            .and_then(|o| o.agreed);
        if before == r.agreed {
            if before.is_some() {
                ratings_unchanged += 1;
            }
            continue;
        }
        ratings.push(RatingMove {
            area: r.area.clone(),
            levels: r.levels.clone(),
            old: before,
            new: r.agreed,
        });
    }

    let new_actions: BTreeMap<&str, &Action> =
        new_sum.all_actions().map(|a| (a.id.as_str(), a)).collect();
    let mut actions: Vec<FollowUp> = old_sum
        .all_actions()
        .filter(|a| a.is_open())
        .map(|a| {
            let found = continuation(new, fw, &Kind::Actions, &a.id)
                .and_then(|id| new_actions.get(id).copied());
            let outcome = match found.map(|n| n.status.as_str()) {
                None => Outcome::NotCarried,
                Some("done") => Outcome::Done,
                Some("stuck") => Outcome::Stuck,
                Some("dropped") => Outcome::Dropped,
                Some(_) => Outcome::StillOpen,
            };
            FollowUp {
                old: a.clone(),
                new: found.cloned(),
                outcome,
            }
        })
        .collect();
    actions.sort_by_key(|f| f.outcome);

    // Risks: by continuation, else by the same description.
    let raw_description = |s: &Session, id: &str| {
        s.items
            .get(id)
            .map(|i| norm(i.field("description")))
            .unwrap_or_default()
    };
    let mut matched_new: Vec<&str> = Vec::new();
    let mut closed_risks = Vec::new();
    let mut rescored_risks = Vec::new();
    for r in &old_sum.risks {
        let by_id = continuation(new, fw, &Kind::Risks, &r.id);
        let desc = raw_description(old, &r.id);
        let found = by_id.or_else(|| {
            (!desc.is_empty())
                .then(|| {
                    new_sum
                        .risks
                        .iter()
                        .find(|n| {
                            !matched_new.contains(&n.id.as_str())
                                && raw_description(new, &n.id) == desc
                        })
                        .map(|n| n.id.as_str())
                })
                .flatten()
        });
        match found.and_then(|id| new_sum.risks.iter().find(|n| n.id == id)) {
            Some(n) => {
                matched_new.push(n.id.as_str());
                if n.score() != r.score() {
                    rescored_risks.push((r.clone(), n.clone()));
                }
            }
            None => closed_risks.push(r.clone()),
        }
    }
    let new_risks = new_sum
        .risks
        .iter()
        .filter(|n| !matched_new.contains(&n.id.as_str()))
        .cloned()
        .collect();

    Comparison {
        old_title: clean(old.title()),
        old_id: clean(&old.id),
        old_created: old.created,
        old_last_change: old.last_change(),
        linked: new.previous.as_deref() == Some(old.id.as_str()),
        ratings,
        ratings_unchanged,
        actions,
        new_risks,
        closed_risks,
        rescored_risks,
    }
}
