//! The conflict screen's view of the core's conflicts: the same list, with
//! the values of sensitive prompts hidden until F3 shows them.

pub use crate::workshop::conflicts::{
    Choice, Conflict, Settle, combined, combined_raw, has_markers, pick, write_text,
};

use crate::content::Framework;
use crate::doc::Session;

const MASK: &str = "•••• (hidden: F3 shows sensitive answers)";

/// Every conflict in the document, in document order. `hide` masks the
/// values of sensitive prompts.
#[must_use]
pub fn list(fw: &Framework, doc: &Session, member: &str, hide: bool) -> Vec<Conflict> {
    crate::workshop::conflicts::list(fw, doc, member, hide.then_some(MASK))
}
