//! Carrying a session forward (`safestep new --from`): the roster and the
//! actions still open start the next review.

use super::value::is_open_status;
use crate::content::{Framework, Kind};
use crate::doc::{CARRIED_FROM, Session, Stamp};

/// What [`carry_forward`] copied.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Carried {
    /// Roster members copied.
    pub members: usize,
    /// Open, in-progress and stuck actions copied.
    pub actions: usize,
}

/// Start the next review from an earlier session: copy the roster and every
/// action that is open, in progress or stuck into `new` (as new items, each
/// recording the old item's id in [`CARRIED_FROM`]) and set `new.previous`.
/// Collections are matched by prompt id, so both sessions should follow the
/// same framework; items of prompts `fw` does not know are skipped.
/// Deleted items, done and dropped actions stay behind.
pub fn carry_forward(old: &Session, new: &mut Session, fw: &Framework, stamp: &Stamp) -> Carried {
    let mut carried = Carried::default();
    for (_, prompt) in fw.prompts() {
        let is_roster = prompt.kind == Kind::Roster;
        if !is_roster && prompt.kind != Kind::Actions {
            continue;
        }
        let names: Vec<String> = prompt.kind.fields().into_iter().map(|f| f.id).collect();
        for (old_id, item) in old.items_of(&prompt.id) {
            if !is_roster && !is_open_status(item.field("status")) {
                continue;
            }
            let mut fields: Vec<(&str, &str)> = names
                .iter()
                .map(|n| (n.as_str(), item.field(n)))
                .filter(|(_, v)| !v.is_empty())
                .collect();
            fields.push((CARRIED_FROM, old_id));
            new.add_item(&prompt.id, &fields, stamp);
            if is_roster {
                carried.members += 1;
            } else {
                carried.actions += 1;
            }
        }
    }
    new.previous = Some(old.id.clone());
    carried
}
