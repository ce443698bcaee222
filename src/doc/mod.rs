//! The session document: state, edits and merge. Pure: no I/O, no terminal and
//! no clock reads; time arrives in a [`Stamp`].

mod clock;
mod meeting;
mod migrate;
mod read;
mod register;
mod restore;
mod session;
mod visit;
mod write;

pub use clock::{Clock, Dot};
pub use meeting::{
    CARRIED_FROM, DEFAULT_STEP_MINUTES, DEFAULT_VOTE_BUDGET, MOVED_TO, Meeting, PARKING,
    PARKING_TEXT, PROPOSED_BY, RAISED_BY, REVIEW, REVIEW_OUTCOMES,
};
pub use migrate::{
    ParseError, Parsed, SessionV1, migrate_v1, parse, parse_ron, to_text, to_text_legacy,
    written_format,
};
pub use register::{Entry, Register};
pub use session::{
    Answer, ConflictAt, FORMAT, FrameworkRef, Item, MergeError, Position, Session, Stamp, Tombstone,
};
