//! The canonical form every parsed session is brought to before any rule sees
//! it: registers in dot order, exact duplicates removed, values a hand edit
//! gave one dot kept side by side as a conflict. Text is prepared the same way
//! for both readers: one byte order mark is accepted, and CRLF line ends
//! become LF.

use super::register::{Normalised, Register};
use super::session::{Answer, Session};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// One register that [`normalise`] changed, or that holds one dot twice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// Where the register sits, for example `title` or `answers."p1".Text`.
    pub at: String,
    /// What was done to it.
    pub what: Normalised,
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts = Vec::new();
        if self.what.reordered {
            parts.push("values put in dot order".to_owned());
        }
        if self.what.duplicates > 0 {
            parts.push(format!(
                "{} repeated value(s) removed",
                self.what.duplicates
            ));
        }
        if self.what.same_dot > 0 {
            parts.push(format!(
                "{} edit(s) hold different values: kept as a conflict",
                self.what.same_dot
            ));
        }
        write!(f, "{}: {}", self.at, parts.join("; "))
    }
}

/// The text both readers see: without one leading byte order mark, and with
/// CRLF line ends made LF when the file's own line ends are CRLF (its first
/// line ends so; safestep writes LF, so such a copy went through an editor or
/// a mail program that changed every line end, those inside answers too). A
/// second mark is left in place, so both readers refuse it.
#[must_use]
pub fn prepare(text: &str) -> Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if crlf_file(text) {
        Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Whether the text's first line ends with CRLF.
#[must_use]
pub fn crlf_file(text: &str) -> bool {
    text.find('\n')
        .is_some_and(|i| i > 0 && text.as_bytes()[i - 1] == b'\r')
}

fn reg<T: Clone + Ord>(out: &mut Vec<Note>, at: impl FnOnce() -> String, r: &mut Register<T>) {
    let what = r.normalise();
    if what.any() {
        out.push(Note { at: at(), what });
    }
}

fn regs<T: Clone + Ord>(out: &mut Vec<Note>, at: &str, m: &mut BTreeMap<String, Register<T>>) {
    for (k, r) in m {
        reg(out, || format!("{at}.{k:?}"), r);
    }
}

/// Bring a session to canonical form; what changed, by place.
pub fn normalise(s: &mut Session) -> Vec<Note> {
    let mut out = Vec::new();
    reg(&mut out, || "title".into(), &mut s.title);
    reg(&mut out, || "organisation".into(), &mut s.organisation);
    reg(&mut out, || "facilitator".into(), &mut s.facilitator);
    for (p, a) in &mut s.answers {
        match a {
            Answer::Text(r) => reg(&mut out, || format!("answers.{p:?}"), r),
            Answer::Checks(m) => regs(&mut out, &format!("answers.{p:?}"), m),
            Answer::Rating { members, agreed } => {
                regs(&mut out, &format!("answers.{p:?}.members"), members);
                reg(&mut out, || format!("answers.{p:?}.agreed"), agreed);
            }
        }
    }
    for (id, item) in &mut s.items {
        regs(&mut out, &format!("items.{id:?}.fields"), &mut item.fields);
        reg(&mut out, || format!("items.{id:?}.order"), &mut item.order);
        reg(
            &mut out,
            || format!("items.{id:?}.deleted"),
            &mut item.deleted,
        );
    }
    let m = &mut s.meeting;
    regs(&mut out, "meeting.planned", &mut m.planned);
    for (step, slots) in &mut m.spent {
        regs(&mut out, &format!("meeting.spent.{step:?}"), slots);
    }
    regs(&mut out, "meeting.attendance", &mut m.attendance);
    reg(
        &mut out,
        || "meeting.vote_budget".into(),
        &mut m.vote_budget,
    );
    for (item, slots) in &mut m.votes {
        regs(&mut out, &format!("meeting.votes.{item:?}"), slots);
    }
    out
}
