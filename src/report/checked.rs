//! What the reports say about checked statements (`Kind::Checked`): for each
//! requirement the judgement and how the group knows it, and the headline
//! counts that keep "met and checked" apart from "met, but only said".

use crate::content::{Framework, Kind};
use crate::doc::Session;
use crate::text::clean_export as clean;
use crate::workshop::value::show_known;

/// A checked statement's answer as report lines: the agreed judgement, how
/// it is known, each member's own judgement and the note. Unmasked and
/// cleaned; empty when nothing is recorded.
#[must_use]
pub fn answer_lines(session: &Session, prompt: &str) -> Vec<String> {
    if !session.has_checked(prompt) {
        return Vec::new();
    }
    let c = session.checked(prompt);
    let mut out = vec![
        format!("Judgement: {}", c.agreed_name().unwrap_or("not agreed")),
        format!("How we know: {}", clean(&show_known(&c))),
    ];
    if !c.members.is_empty() {
        let list: Vec<String> = c
            .members
            .iter()
            .map(|(m, n)| {
                format!(
                    "{} {}",
                    clean(m),
                    crate::doc::judgement_name(*n).unwrap_or("?")
                )
            })
            .collect();
        out.push(format!("Members: {}", list.join(", ")));
    }
    let note = c.part("note");
    if !note.is_empty() {
        out.push(format!("Note: {}", clean(note)));
    }
    out
}

/// How the requirements of a session stand, for a headline.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Every checked statement in the framework.
    pub requirements: usize,
    /// Agreed as met, and checked.
    pub met_checked: usize,
    /// Agreed as met, but only self-reported (or how is not said).
    pub met_self_reported: usize,
    /// Agreed as partly met.
    pub partly_met: usize,
    /// Agreed as not met.
    pub not_met: usize,
    /// Agreed as not known, or with no agreed judgement yet.
    pub not_known: usize,
}

/// Count a session's requirements by agreed judgement, keeping those met
/// and checked apart from those met and only said.
#[must_use]
pub fn tally(framework: &Framework, session: &Session) -> Tally {
    let mut t = Tally::default();
    for (_, p) in framework.prompts() {
        if !matches!(p.kind, Kind::Checked) {
            continue;
        }
        t.requirements += 1;
        let c = session.checked(&p.id);
        match c.agreed {
            Some(1) if c.is_checked() => t.met_checked += 1,
            Some(1) => t.met_self_reported += 1,
            Some(2) => t.partly_met += 1,
            Some(3) => t.not_met += 1,
            _ => t.not_known += 1,
        }
    }
    t
}

/// The headline line: `12 requirements: 5 met and checked, 3 met but only
/// self-reported, 2 partly met, 1 not met, 1 not known or not agreed`.
#[must_use]
pub fn headline(t: &Tally) -> String {
    format!(
        "{} requirements: {} met and checked, {} met but only self-reported, {} partly met, {} not met, {} not known or not agreed",
        t.requirements, t.met_checked, t.met_self_reported, t.partly_met, t.not_met, t.not_known
    )
}
