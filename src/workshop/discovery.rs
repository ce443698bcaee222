//! Finding a session's other copies and its previous review.
//!
//! The rules (same id, not this file, not written by a newer safestep; the
//! most recently changed copy of the previous session) live here; reading
//! directories is the store's part, asked through [`Sessions`] so tests can
//! fake it.

use crate::doc::Session;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A readable session file found near another.
#[derive(Clone, Debug)]
pub struct Found {
    /// The file.
    pub path: PathBuf,
    /// What it holds.
    pub session: Session,
    /// Written by a newer safestep: not to be changed.
    pub read_only: bool,
}

/// The narrow interface through which the core finds sessions on disk.
pub trait Sessions {
    /// Readable sessions beside `path` and in the data directory, each file once.
    fn near(&self, path: &Path) -> Vec<Found>;
    /// Whether two paths name the same file.
    fn same_file(&self, a: &Path, b: &Path) -> bool;
}

/// A copy of a session that could be imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Copy {
    /// The file.
    pub path: PathBuf,
    /// When it last changed.
    pub last_change: jiff::Timestamp,
    /// Who has edited it, by member id, sorted.
    pub members: Vec<String>,
}

/// Other copies of `doc` (the same session id in another file) near `path`.
#[must_use]
pub fn copies(sessions: &dyn Sessions, doc: &Session, path: &Path) -> Vec<Copy> {
    sessions
        .near(path)
        .into_iter()
        .filter(|f| f.session.id == doc.id && !f.read_only && !sessions.same_file(&f.path, path))
        .map(|f| {
            let mut members = BTreeSet::new();
            f.session.for_each_entry(&mut |by: &str, _| {
                members.insert(by.to_owned());
            });
            Copy {
                last_change: f.session.last_change(),
                members: members.into_iter().collect(),
                path: f.path,
            }
        })
        .collect()
}

/// The most recently changed readable copy of the session `id` near `path`.
#[must_use]
pub fn latest(sessions: &dyn Sessions, id: &str, path: &Path) -> Option<Found> {
    sessions
        .near(path)
        .into_iter()
        .filter(|f| f.session.id == id)
        .reduce(|best, f| {
            if f.session.last_change() > best.session.last_change() {
                f
            } else {
                best
            }
        })
}

/// The session `doc` names as its previous review, found near `path`: the
/// most recently changed copy when there are several.
#[must_use]
pub fn previous(sessions: &dyn Sessions, doc: &Session, path: &Path) -> Option<Session> {
    let id = doc.previous.as_deref()?;
    latest(sessions, id, path).map(|f| f.session)
}
