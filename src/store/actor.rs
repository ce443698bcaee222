//! Actors reused across runs, without ever reusing a dot.
//!
//! An actor names the edits of one running safestep: its dots are
//! `actor/1`, `actor/2`, ... and the session's `seen` keeps one entry per
//! actor. A fresh actor for every run made `seen` grow by one entry per run.
//! Instead, each name (the member, or the login when it enters for someone
//! else) has a few numbered slots in the user's private state directory:
//!
//! - `actors/NAME-N.lock`: a run holds an exclusive `flock` on it for as
//!   long as it runs; the kernel drops it when the process ends, however it
//!   ends. Two live processes therefore never hold one slot.
//! - `actors/NAME-N.ron`: the slot's actor id (made once, at random) and,
//!   for each session id, the highest counter of that actor that any file
//!   written by a holder of the slot contains.
//!
//! A run takes the first slot it can lock without waiting (a second
//! concurrent run of the same member takes the next slot, so a different
//! actor). Its next counter comes from the session's own `seen`, as always
//! ([`crate::doc::Clock::tick`]). That is only safe when the copy being
//! edited has seen every edit the actor ever made in that session: an older
//! copy (a backup, a rescue copy not yet merged, an e-mailed copy) would
//! otherwise have the same counters handed out again for different values.
//! So [`actor_for`] compares the session's `seen` with the slot's record and,
//! for a copy that is behind, uses a fresh actor for that session for the
//! rest of the run. The record is written, and synced, before any file that
//! holds the actor's edits is written ([`note_writing`]); a crash in between
//! leaves the record ahead of the file, which only makes the next run more
//! careful.
//!
//! Whenever the slot cannot be used (no state directory, every slot busy,
//! a record that cannot be read or written) the run uses a fresh actor, as
//! earlier builds did: correct, only larger.

use super::rescue::{private_dir, state_dir};
use super::{fresh_suffix, io_err};
use crate::doc::Session;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// How many concurrent runs of one member on one machine get a reused actor;
/// further ones get a fresh actor.
pub const ACTOR_SLOTS: usize = 8;

/// The largest slot record read (a record holds one line per session).
const MAX_RECORD_BYTES: u64 = 1024 * 1024;

/// A slot's record, as kept in `actors/NAME-N.ron`.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Record {
    /// The slot's actor id.
    actor: String,
    /// Session id -> the highest counter of `actor` in any file written.
    #[serde(default)]
    sessions: BTreeMap<String, u64>,
}

/// A slot held by this process.
#[derive(Debug)]
struct Lease {
    /// Held for the life of the process: dropping it would free the slot.
    _lock: File,
    record_path: PathBuf,
    record: Record,
    /// The name before the `@` of the actor.
    name: String,
    /// Session id -> the fresh actor used for a copy that was behind.
    fallback: BTreeMap<String, String>,
}

static LEASES: Mutex<Vec<Lease>> = Mutex::new(Vec::new());

fn fresh(name: &str) -> String {
    format!("{name}@{}", fresh_suffix())
}

/// The actor for this run's edits by `name` (a sanitised member id or login):
/// a slot's actor reused across runs when one is free, else a fresh one.
#[must_use]
pub fn lease(name: &str) -> String {
    let mut leases = LEASES.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(l) = leases.iter().find(|l| l.name == name) {
        return l.record.actor.clone();
    }
    let Some(dir) = state_dir().map(|d| d.join("actors")) else {
        return fresh(name);
    };
    if private_dir(&dir).is_err() {
        return fresh(name);
    }
    for n in 0..ACTOR_SLOTS {
        match take_slot(&dir, name, n) {
            Ok(Some(lease)) => {
                let actor = lease.record.actor.clone();
                leases.push(lease);
                return actor;
            }
            Ok(None) => {}
            Err(_) => return fresh(name),
        }
    }
    fresh(name)
}

/// Try to take slot `n`: `None` when another process holds it.
fn take_slot(dir: &Path, name: &str, n: usize) -> std::io::Result<Option<Lease>> {
    let lock_path = dir.join(format!("{name}-{n}.lock"));
    let lock = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC | libc::O_NONBLOCK)
        .open(&lock_path)?;
    if !lock.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    match lock.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => return Ok(None),
        Err(std::fs::TryLockError::Error(e)) => return Err(e),
    }
    let record_path = dir.join(format!("{name}-{n}.ron"));
    let record = match read_record(&record_path) {
        Ok(Some(r)) if r.actor.split_once('@').is_some_and(|(a, _)| a == name) => r,
        Ok(_) => Record {
            actor: fresh(name),
            sessions: BTreeMap::new(),
        },
        // A record that exists but cannot be read: never guess its counters.
        Err(e) => return Err(e),
    };
    // Written now, so a slot whose record cannot be written is never used.
    write_record(&record_path, &record)?;
    Ok(Some(Lease {
        _lock: lock,
        record_path,
        record,
        name: name.to_owned(),
        fallback: BTreeMap::new(),
    }))
}

fn read_record(path: &Path) -> std::io::Result<Option<Record>> {
    let f = match OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC | libc::O_NONBLOCK)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    if !f.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let mut text = String::new();
    f.take(MAX_RECORD_BYTES).read_to_string(&mut text)?;
    ron::from_str(&text)
        .map(Some)
        .map_err(|e| std::io::Error::other(e.to_string()))
}

fn write_record(path: &Path, record: &Record) -> std::io::Result<()> {
    let text = ron::ser::to_string_pretty(record, ron::ser::PrettyConfig::default())
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let tmp = path.with_extension(format!("{}.tmp", std::process::id()));
    let _ = fs::remove_file(&tmp);
    let result = (|| {
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
            .open(&tmp)?;
        f.set_permissions(fs::Permissions::from_mode(0o600))?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        if let Some(dir) = path.parent() {
            File::open(dir)?.sync_all()?;
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// The actor to stamp edits of `session` with, for a run whose actor is
/// `actor`. The run's actor itself, unless it is a reused one and this copy
/// of the session has not seen every edit it made there: then a fresh actor,
/// the same one for that session for the rest of the run.
#[must_use]
pub fn actor_for(actor: &str, session: &Session) -> String {
    let mut leases = LEASES.lock().unwrap_or_else(PoisonError::into_inner);
    let Some(l) = leases.iter_mut().find(|l| l.record.actor == actor) else {
        return actor.to_owned();
    };
    if let Some(f) = l.fallback.get(&session.id) {
        return f.clone();
    }
    let seen = session.seen.0.get(actor).copied().unwrap_or(0);
    let written = l.record.sessions.get(&session.id).copied().unwrap_or(0);
    if seen >= written {
        return actor.to_owned();
    }
    let f = fresh(&l.name);
    l.fallback.insert(session.id.clone(), f.clone());
    f
}

/// Record, before `session` is written anywhere, the highest counter of each
/// reused actor it holds.
///
/// # Errors
/// When a record must grow and cannot be written; the caller must then not
/// write the session (the next run could hand out the same counters again).
pub(super) fn note_writing(session: &Session) -> Result<(), super::StoreError> {
    let mut leases = LEASES.lock().unwrap_or_else(PoisonError::into_inner);
    for l in leases.iter_mut() {
        let Some(&c) = session.seen.0.get(&l.record.actor) else {
            continue;
        };
        if l.record.sessions.get(&session.id).is_some_and(|&w| w >= c) {
            continue;
        }
        l.record.sessions.insert(session.id.clone(), c);
        write_record(&l.record_path, &l.record)
            .map_err(io_err(&l.record_path, "record the edit counter"))?;
    }
    Ok(())
}
