//! People: the members on the roster, who a member is there, and the names
//! the meeting and the reports use.

use crate::content::{Framework, Kind};
use crate::doc::Session;

/// The names on every roster prompt, in order, each once.
#[must_use]
pub fn roster_names(framework: &Framework, session: &Session) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (_, p) in framework.prompts().filter(|(_, p)| p.kind == Kind::Roster) {
        for (_, item) in session.items_of(&p.id) {
            let name = item.field("name").trim();
            if !name.is_empty() && !out.iter().any(|o| o == name) {
                out.push(name.to_owned());
            }
        }
    }
    out
}

/// Everyone who could be in the room: roster names in order, then anyone
/// marked present who is not on the roster.
#[must_use]
pub fn people(framework: &Framework, session: &Session) -> Vec<String> {
    let mut out = roster_names(framework, session);
    for name in session.present() {
        if !out.iter().any(|o| o == name) {
            out.push(name.to_owned());
        }
    }
    out
}

/// The people marked present, in the order of [`people`].
#[must_use]
pub fn present_people(framework: &Framework, session: &Session) -> Vec<String> {
    people(framework, session)
        .into_iter()
        .filter(|p| session.is_present(p))
        .collect()
}

/// Who a member (by their member id) is on the roster: the roster name that
/// matches the id in any case, when there is one.
#[must_use]
pub fn on_roster(framework: &Framework, session: &Session, member: &str) -> Option<String> {
    let m = member.trim();
    roster_names(framework, session)
        .into_iter()
        .find(|n| n.eq_ignore_ascii_case(m))
}

/// The name the reports use for a member: their roster name when they are on
/// it, otherwise their member id.
#[must_use]
pub fn display_name(framework: &Framework, session: &Session, member: &str) -> String {
    on_roster(framework, session, member).unwrap_or_else(|| member.trim().to_owned())
}

/// Who wrote a value, by member id as `show`, plain mode and the conflict
/// lists name them: the member it belongs to and, when someone else entered
/// it (a login using `--as`, a facilitator entering for a member), "entered
/// by" that person. Not yet cleaned for a terminal.
#[must_use]
pub fn author<T>(entry: &crate::doc::Entry<T>) -> String {
    match entry.entered_by() {
        Some(who) => format!("{} (entered by {who})", entry.by),
        None => entry.by.clone(),
    }
}
