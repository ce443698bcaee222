//! The application core: the rules of a session, once, for every front end.
//!
//! The TUI, plain mode, the command line and the reports are adapters over
//! this module: they read input and show output, and ask the core what a
//! typed value means, what a stored value looks like, what a new item starts
//! with, how far the steps have got, who covers which role, when the next
//! review is, how a conflict is listed and settled, and which files hold the
//! session's copies and its previous review.
//!
//! The core is pure: it imports only `content`, `doc` and `text`, never the
//! store, a terminal or a clock. Files are reached through the
//! [`discovery::Sessions`] trait, which the store side implements and tests
//! fake; the time of an edit comes in through [`Now`].

pub mod carry;
pub mod compare;
pub mod conflicts;
pub mod coverage;
pub mod date;
pub mod discovery;
pub mod people;
pub mod progress;
pub mod review;
pub mod value;

pub use carry::{Carried, carry_forward};
pub use value::{parse_field, show_answer, show_field};

use jiff::Timestamp;

/// Where the time of an edit comes from: the system clock, or a fixed time
/// in tests. Front ends hold one and pass its time into the core.
#[derive(Clone, Copy, Debug)]
pub enum Now {
    /// The system clock, to the second.
    System,
    /// Always this time (tests and screenshots).
    Fixed(Timestamp),
}

impl Now {
    /// The current time.
    #[must_use]
    pub fn get(self) -> Timestamp {
        match self {
            Now::System => Timestamp::now(),
            Now::Fixed(t) => t,
        }
    }

    /// The current time to the second: the `at` of edits made by the
    /// command line and plain mode, whose files people read.
    #[must_use]
    pub fn to_second(self) -> Timestamp {
        let t = self.get();
        Timestamp::from_second(t.as_second()).unwrap_or(t)
    }
}
