//! Fitting a framework to a session: the framework a front end shows a
//! session with, so that nothing the file holds is hidden.
//!
//! - A session made with an older version of its framework keeps answers to
//!   prompts the framework has since retired: they are shown in a last step,
//!   "Retired prompts", labelled as the framework's `retired` list describes
//!   them, or by their id with a kind read from the answer.
//! - A session whose framework is not installed is shown read-only with a
//!   stand-in framework made from what the file holds.
//! - A session made with a newer version than the one installed opens
//!   read-only, so that this build cannot drop what it does not know.

use crate::content::{
    Framework, FrameworkRef, Kind, Prompt, RESERVED_PROMPT_PREFIX, Step, catalog,
};
use crate::doc::{Answer, Session, split_part_key};
use std::collections::{BTreeMap, BTreeSet};

/// The id of the step that holds retired prompts. It holds the character
/// kept for checked statements' parts, so no framework's step can have it.
pub const RETIRED_STEP: &str = "#retired";

/// The id of the one step of a stand-in framework (see [`stand_in`]).
pub const STAND_IN_STEP: &str = "#answers";

/// A framework fitted to one session.
#[derive(Clone, Debug)]
pub struct Fitted {
    /// The framework to show the session with.
    pub framework: Framework,
    /// Why the session must open read-only, as said to a person; `None` when
    /// it can be edited.
    pub read_only: Option<String>,
}

/// Fit `found` (the installed framework with the session's id, if any) to
/// `session`.
#[must_use]
pub fn fit(found: Option<&Framework>, session: &Session) -> Fitted {
    let read_only = catalog::mismatch(found, &session.framework);
    let framework = match found {
        Some(fw) => with_retired(fw, session),
        None => stand_in(&session.framework, session),
    };
    Fitted {
        framework,
        read_only,
    }
}

/// The prompt ids a session holds answers or items for, in order, with the
/// checked statements' parts counted as their prompt's, and the meeting's
/// own records left out.
fn held(session: &Session) -> Vec<String> {
    let mut ids: BTreeSet<String> = BTreeSet::new();
    for key in session.answers.keys() {
        let id = split_part_key(key).map_or(key.as_str(), |(p, _)| p);
        ids.insert(id.to_owned());
    }
    for item in session.items.values() {
        ids.insert(item.prompt.clone());
    }
    ids.into_iter()
        .filter(|id| !id.starts_with(RESERVED_PROMPT_PREFIX))
        .collect()
}

/// `framework` with a last step for the session's answers to prompts it no
/// longer has; `framework` itself when there are none.
#[must_use]
pub fn with_retired(framework: &Framework, session: &Session) -> Framework {
    let unknown: Vec<String> = held(session)
        .into_iter()
        .filter(|id| framework.prompt(id).is_none())
        .collect();
    let mut fw = framework.clone();
    if unknown.is_empty() {
        return fw;
    }
    let prompts = unknown
        .iter()
        .map(
            |id| match framework.retired.iter().find(|r| &r.prompt.id == id) {
                Some(r) => Prompt {
                    section: format!("Retired in version {}", r.since),
                    ..r.prompt.clone()
                },
                None => guessed(id, session, "Not in this version of the framework"),
            },
        )
        .collect();
    fw.steps.push(Step {
        id: RETIRED_STEP.to_owned(),
        title: "Retired prompts".to_owned(),
        purpose: "Answers to prompts this version of the framework no longer asks, kept as they were."
            .to_owned(),
        guidance: "These prompts were asked by an earlier version of the framework. Their answers are kept so that nothing recorded is lost; carry anything still needed into the current prompts.".to_owned(),
        minutes: None,
        prompts,
    });
    fw
}

/// A framework made from what a session holds, for a session whose own
/// framework is not installed: one step with a prompt for every answer and
/// collection, each kind read from the stored values.
#[must_use]
pub fn stand_in(wanted: &FrameworkRef, session: &Session) -> Framework {
    let prompts: Vec<Prompt> = held(session)
        .iter()
        .map(|id| guessed(id, session, ""))
        .collect();
    let roles: Vec<crate::content::Role> = session
        .items
        .values()
        .flat_map(|i| {
            i.fields
                .get("roles")
                .and_then(crate::doc::Register::latest)
                .map(|r| {
                    super::value::stored_roles(r)
                        .map(str::to_owned)
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
        .collect::<BTreeSet<String>>()
        .into_iter()
        .map(|id| crate::content::Role {
            label: id.clone(),
            id,
            required: false,
        })
        .collect();
    Framework {
        id: wanted.id.clone(),
        version: wanted.version,
        title: format!("{} (not installed)", wanted.id),
        credit: String::new(),
        roles,
        standards: Vec::new(),
        questions: Vec::new(),
        steps: vec![Step {
            id: STAND_IN_STEP.to_owned(),
            title: "Answers as recorded".to_owned(),
            purpose: "The framework of this session is not installed; its answers are shown as the file holds them."
                .to_owned(),
            guidance: String::new(),
            minutes: None,
            prompts,
        }],
        retired: Vec::new(),
    }
}

/// A prompt for an id the framework does not describe, its kind read from
/// what the session holds for it.
fn guessed(id: &str, session: &Session, section: &str) -> Prompt {
    let has_parts = session
        .answers
        .keys()
        .any(|k| split_part_key(k).is_some_and(|(p, _)| p == id));
    let kind = match session.answers.get(id) {
        _ if has_parts => Kind::Checked,
        Some(Answer::Text(_)) => Kind::LongText,
        Some(Answer::Checks(map)) => Kind::Checklist {
            options: map.keys().cloned().collect(),
        },
        Some(Answer::Rating { members, agreed }) => {
            let top = members
                .values()
                .chain(std::iter::once(agreed))
                .flat_map(|r| r.0.iter().map(|e| e.value))
                .max()
                .unwrap_or(1)
                .max(1);
            Kind::Rating {
                levels: (1..=top).map(|n| format!("level {n}")).collect(),
            }
        }
        None => collection_kind(id, session),
    };
    Prompt {
        id: id.to_owned(),
        label: id.to_owned(),
        help: String::new(),
        section: section.to_owned(),
        kind,
        // Nothing says the text is safe to show: treat it as sensitive.
        sensitive: true,
        evidence: Vec::new(),
        questions: Vec::new(),
    }
}

/// The collection kind whose fields hold every field the items of `id`
/// have; a table of those fields when none does.
fn collection_kind(id: &str, session: &Session) -> Kind {
    let meta = [
        crate::doc::PROPOSED_BY,
        crate::doc::CARRIED_FROM,
        crate::doc::RAISED_BY,
        crate::doc::MOVED_TO,
        crate::doc::REVIEW,
    ];
    let fields: BTreeSet<&str> = session
        .items
        .values()
        .filter(|i| i.prompt == id)
        .flat_map(|i| i.fields.keys().map(String::as_str))
        .filter(|f| !meta.contains(f))
        .collect();
    for kind in [
        Kind::List,
        Kind::Roster,
        Kind::Actions,
        Kind::Risks,
        Kind::Decisions,
    ] {
        let ids: BTreeMap<String, ()> = kind.fields().into_iter().map(|s| (s.id, ())).collect();
        if !fields.is_empty() && fields.iter().all(|f| ids.contains_key(*f)) {
            return kind;
        }
    }
    Kind::Table {
        columns: if fields.is_empty() {
            vec!["text".to_owned()]
        } else {
            fields.into_iter().map(str::to_owned).collect()
        },
    }
}

/// Whether `framework` is a stand-in made by [`stand_in`].
#[must_use]
pub fn is_stand_in(framework: &Framework) -> bool {
    framework.steps.iter().any(|s| s.id == STAND_IN_STEP)
}

/// The framework to fit a session that follows `wanted` to: `current` (the
/// one in use, such as a `--content` file) when it has the same id, else the
/// built-in or installed one with the id; the higher version when both have
/// it. A stand-in and a retired step are never carried from one session to
/// the next.
#[must_use]
pub fn choose(
    current: &Framework,
    config_dir: &std::path::Path,
    wanted: &FrameworkRef,
) -> Option<Framework> {
    choose_among(current, &catalog::usable(config_dir), wanted)
}

/// [`choose`] among frameworks already read (`catalog::usable`), for a
/// command that fits many sessions.
#[must_use]
pub fn choose_among(
    current: &Framework,
    available: &[Framework],
    wanted: &FrameworkRef,
) -> Option<Framework> {
    let mut current = (current.id == wanted.id && !is_stand_in(current)).then(|| current.clone());
    if let Some(c) = &mut current {
        c.steps.retain(|s| s.id != RETIRED_STEP);
    }
    let found = catalog::best(available, &wanted.id).cloned();
    match (current, found) {
        (Some(c), Some(f)) if f.version > c.version => Some(f),
        (Some(c), _) => Some(c),
        (None, f) => f,
    }
}
