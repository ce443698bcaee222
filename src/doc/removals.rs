//! What a merge would remove without putting anything in its place.
//!
//! Merging drops a value when the other copy has seen its edit and holds no
//! value with that dot: normally because a member wrote a newer value over it,
//! which then stands in its place. A copy whose `seen` covers edits it no
//! longer holds (damaged, or forged with every counter at 999999 and no
//! answers) would empty fields that way. Such a removal leaves the field with
//! no value at all; this module lists them so that the user can be asked.

use super::clock::Dot;
use super::register::Register;
use super::session::{Answer, Session};
use std::collections::{BTreeMap, BTreeSet};

/// One value a merge removes, leaving its field empty.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Removal {
    /// The member who wrote the value.
    pub by: String,
    /// Where the value sits, for example `answer "vision.statement"`.
    pub place: String,
    /// The value, as text.
    pub value: String,
    /// The edit that wrote it.
    pub dot: Dot,
}

impl std::fmt::Display for Removal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {} = {:?}", self.by, self.place, self.value)
    }
}

/// Every register of a session by place: its values as (dot, by, text).
type Flat = BTreeMap<String, Vec<(Dot, String, String)>>;

fn put<T>(out: &mut Flat, place: String, r: &Register<T>, show: impl Fn(&T) -> String) {
    if r.0.is_empty() {
        return;
    }
    out.insert(
        place,
        r.0.iter()
            .map(|e| (e.dot.clone(), e.by.clone(), show(&e.value)))
            .collect(),
    );
}

fn flatten(s: &Session) -> Flat {
    let mut out = Flat::new();
    let text = |v: &String| v.clone();
    put(&mut out, "title".into(), &s.title, text);
    put(&mut out, "organisation".into(), &s.organisation, text);
    put(&mut out, "facilitator".into(), &s.facilitator, text);
    for (p, a) in &s.answers {
        match a {
            Answer::Text(r) => put(&mut out, format!("answer {p:?}"), r, text),
            Answer::Checks(m) => {
                for (o, r) in m {
                    put(&mut out, format!("answer {p:?} option {o:?}"), r, |b| {
                        if *b { "ticked" } else { "not ticked" }.into()
                    });
                }
            }
            Answer::Rating { members, agreed } => {
                for (m, r) in members {
                    put(&mut out, format!("answer {p:?} rating of {m:?}"), r, |l| {
                        l.to_string()
                    });
                }
                put(
                    &mut out,
                    format!("answer {p:?} agreed rating"),
                    agreed,
                    |l| l.to_string(),
                );
            }
        }
    }
    for (id, item) in &s.items {
        for (f, r) in &item.fields {
            let place = format!("item {id:?} of {:?}, field {f:?}", item.prompt);
            put(&mut out, place, r, text);
        }
        put(&mut out, format!("item {id:?} order"), &item.order, |o| {
            o.to_string()
        });
        put(
            &mut out,
            format!("item {id:?} deleted"),
            &item.deleted,
            |t| if t.deleted { "deleted" } else { "restored" }.into(),
        );
    }
    let m = &s.meeting;
    for (step, r) in &m.planned {
        put(&mut out, format!("minutes planned for {step:?}"), r, |n| {
            n.to_string()
        });
    }
    for (step, slots) in &m.spent {
        for (who, r) in slots {
            let place = format!("time spent on {step:?} by {who:?}");
            put(&mut out, place, r, |n| n.to_string());
        }
    }
    for (name, r) in &m.attendance {
        put(&mut out, format!("attendance of {name:?}"), r, |b| {
            if *b { "present" } else { "absent" }.into()
        });
    }
    put(&mut out, "vote budget".into(), &m.vote_budget, |n| {
        n.to_string()
    });
    for (item, slots) in &m.votes {
        for (who, r) in slots {
            let place = format!("votes for {item:?} by {who:?}");
            put(&mut out, place, r, |n| n.to_string());
        }
    }
    out
}

/// Whether a register `before` holds values in is empty or missing `after`.
fn gone<T>(before: &Register<T>, after: Option<&Register<T>>) -> bool {
    !before.0.is_empty() && after.is_none_or(|r| r.0.is_empty())
}

fn gone_in<T>(
    before: &BTreeMap<String, Register<T>>,
    after: &BTreeMap<String, Register<T>>,
) -> bool {
    before.iter().any(|(k, r)| gone(r, after.get(k)))
}

fn gone_nested<T>(
    before: &BTreeMap<String, BTreeMap<String, Register<T>>>,
    after: &BTreeMap<String, BTreeMap<String, Register<T>>>,
) -> bool {
    before.iter().any(|(k, m)| match after.get(k) {
        Some(a) => gone_in(m, a),
        None => m.values().any(|r| !r.0.is_empty()),
    })
}

/// A quick structural look, without building any text: whether some field
/// `before` holds values in is empty `after`. `true` also when the shapes
/// differ (answers of different kinds), so that the full comparison decides.
fn may_have_removed(before: &Session, after: &Session) -> bool {
    if gone(&before.title, Some(&after.title))
        || gone(&before.organisation, Some(&after.organisation))
        || gone(&before.facilitator, Some(&after.facilitator))
    {
        return true;
    }
    let answers = before
        .answers
        .iter()
        .any(|(k, a)| match (a, after.answers.get(k)) {
            (Answer::Text(r), Some(Answer::Text(x))) => gone(r, Some(x)),
            (Answer::Checks(m), Some(Answer::Checks(x))) => gone_in(m, x),
            (
                Answer::Rating { members, agreed },
                Some(Answer::Rating {
                    members: xm,
                    agreed: xa,
                }),
            ) => gone_in(members, xm) || gone(agreed, Some(xa)),
            _ => true,
        });
    if answers {
        return true;
    }
    let items = before.items.iter().any(|(k, i)| match after.items.get(k) {
        Some(x) => {
            gone_in(&i.fields, &x.fields)
                || gone(&i.order, Some(&x.order))
                || gone(&i.deleted, Some(&x.deleted))
        }
        None => true,
    });
    let (m, x) = (&before.meeting, &after.meeting);
    items
        || gone_in(&m.planned, &x.planned)
        || gone_nested(&m.spent, &x.spent)
        || gone_in(&m.attendance, &x.attendance)
        || gone(&m.vote_budget, Some(&x.vote_budget))
        || gone_nested(&m.votes, &x.votes)
}

/// The values of `before` whose field `after` holds no value at all.
#[must_use]
pub fn removed_between(before: &Session, after: &Session) -> Vec<Removal> {
    if !may_have_removed(before, after) {
        return Vec::new();
    }
    let kept: BTreeSet<String> = flatten(after).into_keys().collect();
    let mut out: Vec<Removal> = flatten(before)
        .into_iter()
        .filter(|(place, _)| !kept.contains(place))
        .flat_map(|(place, values)| {
            values.into_iter().map(move |(dot, by, value)| Removal {
                by,
                place: place.clone(),
                value,
                dot,
            })
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// What merging `incoming` into `base` removes without a replacement: the
/// values of either copy whose field the merged session leaves empty, sorted
/// by member. Empty for every merge of copies safestep wrote, since an edit
/// always leaves a value (clearing a field writes an empty one).
#[must_use]
pub fn removals(base: &Session, incoming: &Session) -> Vec<Removal> {
    let merged = base.merge_forced(incoming);
    let mut out = removed_between(base, &merged);
    out.extend(removed_between(incoming, &merged));
    out.sort();
    out.dedup();
    out
}

/// Removals grouped by the member who wrote them.
#[must_use]
pub fn by_member(removals: &[Removal]) -> BTreeMap<&str, Vec<&Removal>> {
    let mut out: BTreeMap<&str, Vec<&Removal>> = BTreeMap::new();
    for r in removals {
        out.entry(r.by.as_str()).or_default().push(r);
    }
    out
}
