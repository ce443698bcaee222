//! Conflicts: every value of every field in conflict, with its author and
//! time, and the edits that settle one.
//!
//! Pure: takes the framework and the document, returns what to show; the
//! settling functions are ordinary edits that supersede every value shown.
//! The values of a conflict are listed oldest first (ties by dot), so
//! "value N" names the same value in the TUI, plain mode and the report.

use crate::content::{Framework, Kind};
use crate::doc::{Answer, ConflictAt, Entry, Register, Session, Stamp};
use jiff::Timestamp;

/// One of the values in conflict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// The value as text (masked when the prompt is sensitive and hidden).
    pub text: String,
    /// Who wrote it.
    pub by: String,
    /// When.
    pub at: Timestamp,
}

/// How a conflict can be settled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Settle {
    /// Pick one value, or write a combined text.
    Text,
    /// Pick one value.
    Pick,
    /// Restore the item (first choice) or confirm the delete (second).
    RestoreOrDelete,
    /// Only the member named can settle their own rating.
    OwnerOnly,
}

/// One conflict, ready to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// Where it is.
    pub at: ConflictAt,
    /// The step (index) it belongs to, when it belongs to one.
    pub step: Option<usize>,
    /// Where it is, in words: "Step 1 · Vision statement".
    pub place: String,
    /// The values, oldest first.
    pub choices: Vec<Choice>,
    /// How it can be settled.
    pub settle: Settle,
}

/// The values of a register in the order every front end numbers them:
/// oldest first, ties broken by dot. "Value N" is the N-th of these.
#[must_use]
pub fn in_order<T: Clone + PartialEq>(reg: &Register<T>) -> Vec<&Entry<T>> {
    let mut out: Vec<&Entry<T>> = reg.entries().iter().collect();
    out.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.dot.cmp(&b.dot)));
    out
}

fn choices<T: Clone + PartialEq>(reg: &Register<T>, show: impl Fn(&T) -> String) -> Vec<Choice> {
    in_order(reg)
        .into_iter()
        .map(|e| Choice {
            text: show(&e.value),
            by: e.by.clone(),
            at: e.at,
        })
        .collect()
}

/// Every conflict in the document, in document order. With `mask`, the
/// values of sensitive prompts are shown as that text.
#[must_use]
pub fn list(fw: &Framework, doc: &Session, member: &str, mask: Option<&str>) -> Vec<Conflict> {
    doc.conflicts()
        .into_iter()
        .map(|c| describe(fw, doc, c, member, mask))
        .collect()
}

/// The conflict at one place, when there is one there.
#[must_use]
pub fn at(fw: &Framework, doc: &Session, member: &str, place: &ConflictAt) -> Option<Conflict> {
    doc.conflicts()
        .into_iter()
        .find(|c| c == place)
        .map(|c| describe(fw, doc, c, member, None))
}

fn prompt_place(fw: &Framework, prompt: &str) -> (Option<usize>, String, bool) {
    match fw.prompt(prompt) {
        Some((i, p)) => (
            Some(i),
            format!("Step {} · {}", i + 1, p.label.replace('\n', " ")),
            p.sensitive,
        ),
        None => (None, prompt.to_owned(), false),
    }
}

fn describe(
    fw: &Framework,
    doc: &Session,
    at: ConflictAt,
    member: &str,
    hide: Option<&str>,
) -> Conflict {
    let level = |v: &u8| {
        if *v == 0 {
            "no rating".to_owned()
        } else {
            format!("level {v}")
        }
    };
    let (step, place, choices, settle) = match &at {
        ConflictAt::Meta(which) => {
            let reg = match *which {
                "title" => &doc.title,
                "organisation" => &doc.organisation,
                _ => &doc.facilitator,
            };
            (
                None,
                format!("Session {which}"),
                choices(reg, Clone::clone),
                Settle::Text,
            )
        }
        ConflictAt::Answer(p) => {
            let (step, place, sensitive) = prompt_place(fw, p);
            let mask = hide.filter(|_| sensitive);
            let reg = doc.text(p).cloned().unwrap_or_default();
            let text_kind = fw
                .prompt(p)
                .is_some_and(|(_, pr)| matches!(pr.kind, Kind::ShortText | Kind::LongText));
            (
                step,
                place,
                choices(&reg, |v| mask.map_or_else(|| v.clone(), str::to_owned)),
                if text_kind {
                    Settle::Text
                } else {
                    Settle::Pick
                },
            )
        }
        ConflictAt::Check(p, o) => {
            let (step, place, _) = prompt_place(fw, p);
            let reg = match doc.answers.get(p) {
                Some(Answer::Checks(m)) => m.get(o).cloned().unwrap_or_default(),
                _ => Register::default(),
            };
            (
                step,
                format!("{place} · {o}"),
                choices(&reg, |v| if *v { "ticked" } else { "not ticked" }.into()),
                Settle::Pick,
            )
        }
        ConflictAt::OwnRating(p, m) => {
            let (step, place, _) = prompt_place(fw, p);
            let reg = match doc.answers.get(p) {
                Some(Answer::Rating { members, .. }) => members.get(m).cloned().unwrap_or_default(),
                _ => Register::default(),
            };
            (
                step,
                format!("{place} · {m}'s own rating"),
                choices(&reg, level),
                if m == member {
                    Settle::Pick
                } else {
                    Settle::OwnerOnly
                },
            )
        }
        ConflictAt::Agreed(p) => {
            let (step, place, _) = prompt_place(fw, p);
            let reg = match doc.answers.get(p) {
                Some(Answer::Rating { agreed, .. }) => agreed.clone(),
                _ => Register::default(),
            };
            (
                step,
                format!("{place} · agreed level"),
                choices(&reg, level),
                Settle::Pick,
            )
        }
        ConflictAt::ItemField(id, f) => {
            let item = doc.items.get(id);
            let prompt = item.map_or("", |i| i.prompt.as_str());
            let (step, place, sensitive) = prompt_place(fw, prompt);
            let mask = hide.filter(|_| sensitive);
            let col = fw
                .prompt(prompt)
                .and_then(|(_, pr)| pr.kind.fields().into_iter().find(|s| s.id == *f))
                .map_or_else(|| f.clone(), |s| s.label.clone());
            let reg = item
                .and_then(|i| i.fields.get(f))
                .cloned()
                .unwrap_or_default();
            (
                step,
                format!(
                    "{place} · {} · {col}",
                    item_name(fw, doc, id, mask.is_some())
                ),
                choices(&reg, |v| mask.map_or_else(|| v.clone(), str::to_owned)),
                Settle::Text,
            )
        }
        ConflictAt::Planned(step_id) => {
            let reg = doc
                .meeting
                .planned
                .get(step_id)
                .cloned()
                .unwrap_or_default();
            let (i, title) = fw
                .steps
                .iter()
                .enumerate()
                .find(|(_, s)| s.id == *step_id)
                .map_or((None, step_id.clone()), |(i, s)| (Some(i), s.title.clone()));
            (
                i,
                format!("Agenda · minutes planned for {title}"),
                choices(&reg, |v| format!("{v} min")),
                Settle::Pick,
            )
        }
        ConflictAt::Attendance(name) => {
            let reg = doc
                .meeting
                .attendance
                .get(name)
                .cloned()
                .unwrap_or_default();
            (
                None,
                format!("Attendance · {name}"),
                choices(&reg, |v| if *v { "present" } else { "not present" }.into()),
                Settle::Pick,
            )
        }
        ConflictAt::VoteBudget => (
            None,
            "Votes each member gets".into(),
            choices(&doc.meeting.vote_budget, |v| format!("{v} votes")),
            Settle::Pick,
        ),
        ConflictAt::DeleteEdit(id) => {
            let item = doc.items.get(id);
            let prompt = item.map_or("", |i| i.prompt.as_str());
            let (step, place, sensitive) = prompt_place(fw, prompt);
            let mask = hide.filter(|_| sensitive);
            let mut out = Vec::new();
            if let Some(item) = item {
                // The latest field edit that the delete had not seen, and the delete.
                let covered: Vec<_> = item
                    .deleted
                    .entries()
                    .iter()
                    .filter(|e| e.value.deleted)
                    .flat_map(|e| e.value.covers.clone().unwrap_or_default())
                    .collect();
                let edit = item
                    .fields
                    .values()
                    .flat_map(|r| r.entries().iter())
                    .filter(|e| !covered.contains(&e.dot))
                    .max_by(|a, b| a.at.cmp(&b.at));
                let del = item
                    .deleted
                    .entries()
                    .iter()
                    .filter(|e| e.value.deleted)
                    .max_by(|a, b| a.at.cmp(&b.at));
                // Always two choices: restore (0) and confirm the delete (1).
                out.push(match edit {
                    Some(e) => Choice {
                        text: format!(
                            "Restore it, keeping the edit: {}",
                            mask.unwrap_or(e.value.as_str())
                        ),
                        by: e.by.clone(),
                        at: e.at,
                    },
                    None => Choice {
                        text: "Restore it".into(),
                        by: String::new(),
                        at: Timestamp::UNIX_EPOCH,
                    },
                });
                out.push(match del {
                    Some(d) => Choice {
                        text: "Confirm the delete".into(),
                        by: d.by.clone(),
                        at: d.at,
                    },
                    None => Choice {
                        text: "Confirm the delete".into(),
                        by: String::new(),
                        at: Timestamp::UNIX_EPOCH,
                    },
                });
            }
            (
                step,
                format!(
                    "{place} · {} · deleted while being edited",
                    item_name(fw, doc, id, mask.is_some())
                ),
                out,
                Settle::RestoreOrDelete,
            )
        }
    };
    Conflict {
        at,
        step,
        place,
        choices,
        settle,
    }
}

/// An item's name: the latest value of its first column.
fn item_name(fw: &Framework, doc: &Session, id: &str, mask: bool) -> String {
    if mask {
        return "an item".into();
    }
    let Some(item) = doc.items.get(id) else {
        return "an item".into();
    };
    let first = fw
        .prompt(&item.prompt)
        .and_then(|(_, p)| p.kind.fields().into_iter().next())
        .map(|s| s.id);
    let name = first
        .and_then(|f| item.fields.get(&f))
        .and_then(Register::latest)
        .map_or("", String::as_str);
    if name.is_empty() {
        "an item".into()
    } else {
        format!("“{}”", crate::text::clean_line(name))
    }
}

/// The text an editor opens with to combine the values: each value under a
/// marker line naming its author and time.
#[must_use]
pub fn combined(c: &Conflict, tz: &jiff::tz::TimeZone) -> String {
    let mut out = String::new();
    for (i, ch) in c.choices.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!(
            "[{} of {}: {}, {}]\n{}",
            i + 1,
            c.choices.len(),
            ch.by,
            ch.at.to_zoned(tz.clone()).strftime("%-d %b %H:%M"),
            ch.text
        ));
    }
    out
}

/// Whether a text still holds the marker lines of [`combined`].
#[must_use]
pub fn has_markers(text: &str) -> bool {
    text.split(['\n', '|']).any(|l| {
        let l = l.trim();
        l.starts_with('[')
            && l.ends_with(']')
            && l[1..].split_once(" of ").is_some_and(|(n, rest)| {
                n.chars().all(|c| c.is_ascii_digit()) && rest.contains(": ")
            })
    })
}

/// Settle a conflict by keeping one of its values (by index into
/// [`Conflict::choices`]). Returns false when it cannot be settled that way.
pub fn pick(doc: &mut Session, c: &Conflict, index: usize, stamp: &Stamp) -> bool {
    if index >= c.choices.len() {
        return false;
    }
    // Read the value from the document, not from the (possibly masked) text.
    match &c.at {
        ConflictAt::Meta(_) | ConflictAt::Answer(_) | ConflictAt::ItemField(..) => {
            let Some(value) = raw_text(doc, &c.at, index) else {
                return false;
            };
            write_text(doc, &c.at, &value, stamp)
        }
        ConflictAt::Check(p, o) => {
            let Some(v) = (match doc.answers.get(p) {
                Some(Answer::Checks(m)) => m.get(o).and_then(|r| sorted(r).get(index).copied()),
                _ => None,
            }) else {
                return false;
            };
            doc.set_check(p, o, v, stamp);
            true
        }
        ConflictAt::OwnRating(p, m) => {
            if *m != stamp.member {
                return false;
            }
            let Some(v) = (match doc.answers.get(p) {
                Some(Answer::Rating { members, .. }) => {
                    members.get(m).and_then(|r| sorted(r).get(index).copied())
                }
                _ => None,
            }) else {
                return false;
            };
            doc.set_own_rating(p, v, stamp);
            true
        }
        ConflictAt::Agreed(p) => {
            let Some(v) = (match doc.answers.get(p) {
                Some(Answer::Rating { agreed, .. }) => sorted(agreed).get(index).copied(),
                _ => None,
            }) else {
                return false;
            };
            doc.set_agreed_rating(p, v, stamp);
            true
        }
        ConflictAt::Planned(step_id) => {
            let Some(v) = doc
                .meeting
                .planned
                .get(step_id)
                .and_then(|r| sorted(r).get(index).copied())
            else {
                return false;
            };
            doc.set_planned_minutes(step_id, v, stamp);
            true
        }
        ConflictAt::Attendance(name) => {
            let Some(v) = doc
                .meeting
                .attendance
                .get(name)
                .and_then(|r| sorted(r).get(index).copied())
            else {
                return false;
            };
            doc.set_present(name, v, stamp);
            true
        }
        ConflictAt::VoteBudget => {
            let Some(v) = sorted(&doc.meeting.vote_budget).get(index).copied() else {
                return false;
            };
            doc.set_vote_budget(v, stamp);
            true
        }
        ConflictAt::DeleteEdit(id) => {
            if index == 0 {
                doc.restore_item(id, stamp)
            } else {
                doc.delete_item(id, stamp)
            }
        }
    }
}

fn sorted<T: Clone + PartialEq>(r: &Register<T>) -> Vec<T> {
    in_order(r).into_iter().map(|e| e.value.clone()).collect()
}

fn raw_text(doc: &Session, at: &ConflictAt, index: usize) -> Option<String> {
    let reg = match at {
        ConflictAt::Meta("title") => Some(&doc.title),
        ConflictAt::Meta("organisation") => Some(&doc.organisation),
        ConflictAt::Meta(_) => Some(&doc.facilitator),
        ConflictAt::Answer(p) => doc.text(p),
        ConflictAt::ItemField(id, f) => doc.items.get(id).and_then(|i| i.fields.get(f)),
        _ => None,
    }?;
    sorted(reg).get(index).cloned()
}

/// The text of the combined editor for a text conflict, unmasked: the editor
/// is opened on the field itself.
#[must_use]
pub fn combined_raw(doc: &Session, c: &Conflict, tz: &jiff::tz::TimeZone) -> Option<String> {
    if c.settle != Settle::Text {
        return None;
    }
    let mut raw = c.clone();
    for (i, ch) in raw.choices.iter_mut().enumerate() {
        ch.text = raw_text(doc, &c.at, i)?;
    }
    Some(combined(&raw, tz))
}

/// Settle a text conflict with a new text that supersedes every value.
pub fn write_text(doc: &mut Session, at: &ConflictAt, text: &str, stamp: &Stamp) -> bool {
    match at {
        ConflictAt::Meta("title") => doc.set_title(text, stamp),
        ConflictAt::Meta("organisation") => doc.set_organisation(text, stamp),
        ConflictAt::Meta(_) => doc.set_facilitator(text, stamp),
        ConflictAt::Answer(p) => doc.set_text(p, text, stamp),
        ConflictAt::ItemField(id, f) => return doc.set_item_field(id, f, text, stamp),
        _ => return false,
    }
    true
}

/// Each checklist option in conflict, with its values described as
/// "ticked by alice at TIME"; `when` formats the time. Text is cleaned.
#[must_use]
pub fn checklist_conflicts(
    session: &Session,
    prompt: &str,
    when: impl Fn(jiff::Timestamp) -> String,
) -> Vec<(String, String)> {
    let Some(Answer::Checks(map)) = session.answers.get(prompt) else {
        return Vec::new();
    };
    map.iter()
        .filter(|(_, r)| r.is_conflict())
        .map(|(o, r)| {
            let who: Vec<String> = in_order(r)
                .into_iter()
                .map(|e| {
                    format!(
                        "{} by {} at {}",
                        if e.value { "ticked" } else { "unticked" },
                        crate::text::clean_line(&e.by),
                        when(e.at)
                    )
                })
                .collect();
            (crate::text::clean_line(o).into_owned(), who.join("; "))
        })
        .collect()
}
