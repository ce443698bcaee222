//! Comparing a session with an earlier one (`--since OLD`), as the reports
//! show it. The rules (what counts as closed, moved, not looked at) are the
//! core's ([`crate::workshop::compare`]); this module pairs each result with
//! the report's cleaned and masked view of the risk, action or area.

use super::model::{self, Action, Options, Risk, clean};
use crate::content::Framework;
use crate::doc::Session;
use crate::workshop::{self, date};
use jiff::Timestamp;
use jiff::civil::Date;

pub use crate::doc::CARRIED_FROM;
pub use crate::workshop::carry::{Carried, carry_forward};
pub use crate::workshop::compare::{Outcome, RatingChange, RiskOutcome};

/// An area rated in either review whose agreed level is not the same now.
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
    /// How the levels compare.
    #[must_use]
    pub fn change(&self) -> RatingChange {
        RatingChange::between(self.old, self.new).unwrap_or(RatingChange::Same)
    }

    /// "up", "down", "new" (rated for the first time) or "not rated yet".
    #[must_use]
    pub fn direction(&self) -> &'static str {
        self.change().label()
    }
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

/// A risk of either review and what became of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RiskFollowUp {
    /// The risk as it was in the old session (none for a new risk).
    pub old: Option<Risk>,
    /// The risk as it is now (none when it is no longer in the register).
    pub new: Option<Risk>,
    /// What became of it.
    pub outcome: RiskOutcome,
    /// Its score moved between the reviews.
    pub score_moved: bool,
    /// When it was closed (closed risks), as recorded.
    pub closed_on: Option<Date>,
    /// Why it was closed, accepted or transferred ("" when not recorded or
    /// when the register is sensitive and left out).
    pub reason: String,
}

impl RiskFollowUp {
    /// The risk as shown: as it is now, else as it was.
    #[must_use]
    pub fn risk(&self) -> Option<&Risk> {
        self.new.as_ref().or(self.old.as_ref())
    }
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
    /// Areas whose agreed level moved up or down, or that are rated for the
    /// first time. Never an area that is simply not rated yet.
    pub ratings: Vec<RatingMove>,
    /// Areas rated before and not rated yet in this review.
    pub ratings_not_rated_yet: Vec<RatingMove>,
    /// Areas rated in both with the same agreed level.
    pub ratings_unchanged: usize,
    /// The old session's open actions and what became of them.
    pub actions: Vec<FollowUp>,
    /// Every risk of either review and what became of it.
    pub risks: Vec<RiskFollowUp>,
    /// Risks new in this review (the `New` entries of `risks`).
    pub new_risks: Vec<Risk>,
    /// Risks someone closed in this review (the `Closed` entries of `risks`).
    pub closed_risks: Vec<Risk>,
    /// Risks looked at in both reviews whose score changed: (old, new).
    pub rescored_risks: Vec<(Risk, Risk)>,
}

impl Comparison {
    /// The follow-ups with one outcome.
    pub fn with_outcome(&self, outcome: Outcome) -> impl Iterator<Item = &FollowUp> {
        self.actions.iter().filter(move |f| f.outcome == outcome)
    }

    /// The risks with one outcome.
    pub fn risks_with(&self, outcome: RiskOutcome) -> impl Iterator<Item = &RiskFollowUp> {
        self.risks.iter().filter(move |r| r.outcome == outcome)
    }
}

/// Compare `new` with an earlier session `old`.
#[must_use]
pub fn compare(fw: &Framework, old: &Session, new: &Session, opts: &Options) -> Comparison {
    let old_sum = model::build(fw, old, opts);
    let new_sum = model::build(fw, new, opts);

    let mut ratings = Vec::new();
    let mut ratings_not_rated_yet = Vec::new();
    let mut ratings_unchanged = 0;
    for r in workshop::compare::ratings(fw, old, new) {
        let Some(area) = new_sum
            .ratings
            .iter()
            .chain(&old_sum.ratings)
            .find(|a| a.place.prompt == r.prompt)
        else {
            continue;
        };
        let m = RatingMove {
            area: area.area.clone(),
            levels: area.levels.clone(),
            old: r.old,
            new: r.new,
        };
        match r.change {
            RatingChange::Same => ratings_unchanged += 1,
            RatingChange::NotRatedYet => ratings_not_rated_yet.push(m),
            _ => ratings.push(m),
        }
    }

    let old_action = |id: &str| old_sum.all_actions().find(|a| a.id == id).cloned();
    let new_action = |id: &str| new_sum.all_actions().find(|a| a.id == id).cloned();
    let mut actions: Vec<FollowUp> = workshop::compare::actions(fw, old, new)
        .into_iter()
        .filter_map(|c| {
            Some(FollowUp {
                old: old_action(&c.old_id)?,
                new: c.new_id.as_deref().and_then(new_action),
                outcome: c.outcome,
            })
        })
        .collect();
    actions.sort_by_key(|f| f.outcome);

    let old_risk = |id: &Option<String>| {
        id.as_deref()
            .and_then(|id| old_sum.risks.iter().find(|r| r.id == id).cloned())
    };
    let new_risk = |id: &Option<String>| {
        id.as_deref()
            .and_then(|id| new_sum.risks.iter().find(|r| r.id == id).cloned())
    };
    let mut risks: Vec<RiskFollowUp> = workshop::compare::risks(fw, old, new)
        .into_iter()
        .map(|c| {
            let now = new_risk(&c.new_id);
            let item = c.new_id.as_deref().and_then(|id| new.items.get(id));
            let shown = |field: &str| {
                item.filter(|_| !now.as_ref().is_some_and(|r| r.masked))
                    .map(|i| clean(i.field(field)))
                    .unwrap_or_default()
            };
            let closed_on = item
                .filter(|_| c.outcome == RiskOutcome::Closed)
                .and_then(|i| date::read(i.field("closed_on")));
            let reason = match c.outcome {
                RiskOutcome::Closed | RiskOutcome::Accepted | RiskOutcome::Transferred => {
                    shown("reason")
                }
                _ => String::new(),
            };
            RiskFollowUp {
                old: old_risk(&c.old_id),
                score_moved: c.score_moved(),
                new: now,
                outcome: c.outcome,
                closed_on,
                reason,
            }
        })
        .filter(|r| r.risk().is_some())
        .collect();
    risks.sort_by_key(|r| r.outcome);

    let pick = |o: RiskOutcome| -> Vec<Risk> {
        risks
            .iter()
            .filter(|r| r.outcome == o)
            .filter_map(|r| r.risk().cloned())
            .collect()
    };
    let new_risks = pick(RiskOutcome::New);
    let closed_risks = pick(RiskOutcome::Closed);
    let rescored_risks = risks
        .iter()
        .filter(|r| {
            r.score_moved
                && matches!(
                    r.outcome,
                    RiskOutcome::StillOpen | RiskOutcome::Accepted | RiskOutcome::Transferred
                )
        })
        .filter_map(|r| Some((r.old.clone()?, r.new.clone()?)))
        .collect();

    Comparison {
        old_title: clean(old.title()),
        old_id: clean(&old.id),
        old_created: old.created,
        old_last_change: old.last_change(),
        linked: new.previous.as_deref() == Some(old.id.as_str()),
        ratings,
        ratings_not_rated_yet,
        ratings_unchanged,
        actions,
        risks,
        new_risks,
        closed_risks,
        rescored_risks,
    }
}
