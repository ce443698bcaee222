//! The session document: state, edits and merge. Pure: no I/O, no terminal and
//! no clock reads; time arrives in a [`Stamp`].

pub mod checked;
mod clock;
pub mod lint;
mod meeting;
mod migrate;
mod normal;
mod read;
mod register;
mod removals;
mod restore;
pub mod sample;
mod session;
mod visit;
mod write;

pub use checked::{Checked, judgement_name, part_key, split_part_key};
pub use clock::{Clock, Dot};
pub use meeting::{
    CARRIED_FROM, DEFAULT_STEP_MINUTES, DEFAULT_VOTE_BUDGET, MOVED_TO, Meeting, PARKING,
    PARKING_TEXT, PROPOSED_BY, RAISED_BY, REVIEW, REVIEW_OUTCOMES,
};
pub use migrate::{
    ParseError, Parsed, SessionV1, migrate_v1, parse, parse_ron, to_text, to_text_legacy,
    written_format,
};
pub use normal::{Note, normalise, prepare};
pub use register::{Entry, Normalised, Register, entry_order};
pub use removals::{Removal, by_member, removals, removed_between};
pub use session::{
    Answer, ConflictAt, FORMAT, FrameworkRef, Item, MergeError, Position, Session, Stamp, Tombstone,
};
