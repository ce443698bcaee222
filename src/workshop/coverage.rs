//! Role coverage: which of the framework's roles someone on the roster holds.
//! A roster entry may name a role by id or by label; both count.

use super::value::{role_of, stored_roles};
use crate::content::{Framework, Kind, Role};
use crate::doc::Session;

/// One role and the roster names that cover it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cover<'a> {
    /// The role.
    pub role: &'a Role,
    /// The names (as written on the roster) of the members holding it.
    pub members: Vec<String>,
}

/// Every role of the framework, in its order, with who covers it across
/// every roster prompt of the session.
#[must_use]
pub fn coverage<'a>(framework: &'a Framework, session: &Session) -> Vec<Cover<'a>> {
    let mut out: Vec<Cover<'a>> = framework
        .roles
        .iter()
        .map(|role| Cover {
            role,
            members: Vec::new(),
        })
        .collect();
    for (_, prompt) in framework.prompts().filter(|(_, p)| p.kind == Kind::Roster) {
        for (_, item) in session.items_of(&prompt.id) {
            let name = item.field("name").trim().to_owned();
            for r in stored_roles(item.field("roles")) {
                if let Some(role) = role_of(framework, r)
                    && let Some(c) = out.iter_mut().find(|c| c.role.id == role.id)
                {
                    c.members.push(name.clone());
                }
            }
        }
    }
    out
}

/// The roles nobody covers, required ones (`required`) or recommended ones.
#[must_use]
pub fn uncovered<'a>(framework: &'a Framework, session: &Session, required: bool) -> Vec<&'a Role> {
    coverage(framework, session)
        .into_iter()
        .filter(|c| c.role.required == required && c.members.is_empty())
        .map(|c| c.role)
        .collect()
}
