//! Everything that touches the file system: where sessions live, who the
//! member is, and loading and saving session files safely.
//!
//! Saving is a locked read-merge-write: take an exclusive lock on
//! `<file>.lock`, read the file as it is now, merge it into memory, write a
//! temporary file in the same directory, fsync it, rename it over the target
//! and fsync the directory. Several processes saving one file therefore never
//! lose each other's edits, and a crash leaves either the old or the new file.
//!
//! The lock file is never followed when it is a link, waiting for it is
//! bounded, only regular files up to [`MAX_SESSION_BYTES`] are read, and a
//! session path that is a link is saved through (see `docs/shared-server.md`).
//!
//! The file is always read, but parsing and merging it are skipped when it
//! still holds, byte for byte, what this process last wrote there and the
//! session being saved already holds everything that was in it (see
//! [`Written`]).

mod actor;
mod fsio;
mod header;
mod history;
mod identity;
mod lock;
mod rescue;
mod watch;

pub use actor::{ACTOR_SLOTS, actor_for};
pub use fsio::{
    MAX_BYTES_ENV, MAX_SESSION_BYTES, is_group_dir, max_bytes, open_regular, read_capped,
    resolve_session_path, sharing_in,
};
pub use header::{HEADER_PREFIX_BYTES, Header, ListedHeader, list_headers, read_header};
pub use history::{HISTORY_BYTES, HISTORY_KEEP, Version, history, record_history};
pub use identity::{Config, Identity, fresh_suffix, real_login, sanitize_name};
pub use lock::{LOCK_WAIT, LOCK_WAIT_ENV, SessionLock};
pub use rescue::{Rescued, STATE_DIR_ENV, pending_rescues, rescue_notice, state_dir, write_rescue};
pub use watch::{FileWatcher, POLL_INTERVAL, WATCH_ENV, refresh};

use crate::doc::{self, Clock, FrameworkRef, Position, Session};
use jiff::Timestamp;
use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// The environment variable that overrides the data directory.
pub const DATA_DIR_ENV: &str = "SAFESTEP_DATA_DIR";

/// Directory and file modes for private or shared-group storage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Sharing {
    /// Only the owner: directories 0700, files 0600.
    #[default]
    Private,
    /// A setgid group directory on a school server: directories 2770, files 0660.
    Group,
}

impl Sharing {
    /// The mode for new session, lock and temporary files.
    #[must_use]
    pub fn file_mode(self) -> u32 {
        match self {
            Sharing::Private => 0o600,
            Sharing::Group => 0o660,
        }
    }

    /// The mode for directories safestep creates.
    #[must_use]
    pub fn dir_mode(self) -> u32 {
        match self {
            Sharing::Private => 0o700,
            Sharing::Group => 0o2770,
        }
    }
}

/// A failure to load or save, with the file it concerns.
#[derive(Debug)]
pub enum StoreError {
    /// The file is not a session this build can read; it is left untouched.
    Parse {
        /// The file.
        path: PathBuf,
        /// Where and what.
        error: doc::ParseError,
    },
    /// The operating system refused.
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What was being done.
        doing: &'static str,
        /// The error.
        error: std::io::Error,
    },
    /// The file on disk is a different session; nothing was written.
    OtherSession {
        /// The file.
        path: PathBuf,
        /// Why.
        error: doc::MergeError,
    },
    /// The file was written by a newer safestep and is read-only here.
    ReadOnly {
        /// The file.
        path: PathBuf,
        /// The format it was written in.
        format: u32,
    },
    /// Another process held the session's lock for the whole wait.
    Locked {
        /// The session file.
        path: PathBuf,
        /// Who holds it, as the holder wrote it into the lock file.
        holder: Option<String>,
        /// How long this process waited.
        waited: std::time::Duration,
    },
    /// The user has no write permission on the file; it is never replaced.
    NotWritable {
        /// The file.
        path: PathBuf,
    },
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Parse { path, error } => write!(f, "{}:{error}", path.display()),
            StoreError::Io { path, doing, error } => {
                write!(f, "{}: cannot {doing}: {error}", path.display())
            }
            StoreError::OtherSession { path, error } => {
                write!(f, "{}: {error}; the file was not changed", path.display())
            }
            StoreError::ReadOnly { path, format } => write!(
                f,
                "{}: written by a newer safestep (format {format}, this build writes {}); it opens read-only and is never saved over",
                path.display(),
                doc::FORMAT
            ),
            StoreError::Locked {
                path,
                holder,
                waited,
            } => write!(
                f,
                "{}: another safestep is saving this session{} and did not finish within {:.1} s; nothing was written, try again",
                path.display(),
                holder
                    .as_deref()
                    .map(|h| format!(" ({h})"))
                    .unwrap_or_default(),
                waited.as_secs_f64()
            ),
            StoreError::NotWritable { path } => write!(
                f,
                "{}: you have no permission to write this file, so it was not replaced; save a copy elsewhere or ask its owner",
                path.display()
            ),
        }
    }
}

impl std::error::Error for StoreError {}

fn io_err<'a>(
    path: &'a Path,
    doing: &'static str,
) -> impl FnOnce(std::io::Error) -> StoreError + 'a {
    move |error| StoreError::Io {
        path: path.to_owned(),
        doing,
        error,
    }
}

/// A session read from disk.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The session, migrated to the current format.
    pub session: Session,
    /// The format the file was written in (the session itself is migrated
    /// to the current format).
    pub written_format: u32,
    /// Written by a newer safestep: never save over it.
    pub read_only: bool,
    /// Things the user should know, such as a file others can read.
    pub warnings: Vec<String>,
}

/// Read and parse a session's text, turning invalid UTF-8 into a positioned error.
fn parse_bytes(path: &Path, bytes: &[u8]) -> Result<doc::Parsed, StoreError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let col = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
        StoreError::Parse {
            path: path.to_owned(),
            error: doc::ParseError {
                line,
                col,
                message: "the file is not UTF-8 text (binary data?); expected a safestep session"
                    .into(),
            },
        }
    })?;
    doc::parse(text).map_err(|error| StoreError::Parse {
        path: path.to_owned(),
        error,
    })
}

/// A warning when a file can be read by people other than its owner (and group, when shared).
#[must_use]
pub fn permission_warning(path: &Path) -> Option<String> {
    let mode = fs::metadata(path).ok()?.permissions().mode();
    (mode & 0o004 != 0).then(|| {
        format!(
            "{} can be read by every user of this machine (mode {:o}); run: chmod 600 '{}'",
            path.display(),
            mode & 0o777,
            path.display()
        )
    })
}

/// Load a session file.
///
/// # Errors
/// [`StoreError::Parse`] with line and column when the file is not a session;
/// [`StoreError::Io`] when it cannot be read.
pub fn load(path: &Path) -> Result<Loaded, StoreError> {
    let bytes = read_capped(path, true)?;
    let parsed = parse_bytes(path, &bytes)?;
    let mut warnings = Vec::new();
    if let Some(w) = permission_warning(path) {
        warnings.push(w);
    }
    if parsed.read_only {
        warnings.push(format!(
            "{} was written by a newer safestep (format {}); it is open read-only",
            path.display(),
            parsed.written_format
        ));
    }
    Ok(Loaded {
        session: parsed.session,
        written_format: parsed.written_format,
        read_only: parsed.read_only,
        warnings,
    })
}

/// What a save did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// The file on disk held edits this process had not seen; they were merged in.
    pub merged_outside_edits: bool,
    /// The file already held exactly this session, so nothing was written.
    pub unchanged: bool,
}

/// The lock file that guards a session file.
#[must_use]
pub fn lock_path(path: &Path) -> PathBuf {
    let mut name = path
        .file_name()
        .map(std::ffi::OsStr::to_os_string)
        .unwrap_or_default();
    name.push(".lock");
    path.with_file_name(name)
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// Create a directory (and its parents) with the sharing mode; existing
/// directories are left as they are.
///
/// # Errors
/// When the directory cannot be created.
pub fn ensure_dir(dir: &Path, sharing: Sharing) -> Result<(), StoreError> {
    if dir.is_dir() {
        return Ok(());
    }
    fs::DirBuilder::new()
        .recursive(true)
        .mode(sharing.dir_mode() & 0o777)
        .create(dir)
        .map_err(io_err(dir, "create the directory"))?;
    // The mode given at creation is reduced by the umask; set it exactly.
    fs::set_permissions(dir, fs::Permissions::from_mode(sharing.dir_mode()))
        .map_err(io_err(dir, "set the directory's permissions"))?;
    Ok(())
}

/// What this process last wrote to a session file (or found there when a
/// save had nothing to change): the exact bytes, and what merging a session
/// with the document those bytes hold could still change in it.
///
/// Merging a session `s` with such a document `d` leaves `s` as it is when
/// `s` has seen every edit `d` has (its causal context dominates `d`'s: every
/// value of `d` is then either in `s` or was overwritten there, and keys are
/// never removed), names the same session, and holds every member's position
/// at least as recent as `d`'s (positions are kept by time, not by edit).
/// Then saving need not parse and merge the file again. Anything else, or a
/// file that changed by a single byte (another process saved, someone edited
/// it), takes the full read and merge.
struct Written {
    path: PathBuf,
    bytes: Vec<u8>,
    seen: Clock,
    ident: (String, Timestamp, FrameworkRef, Option<String>),
    positions: BTreeMap<String, Position>,
}

/// How many files the process remembers writing (most recent first).
const REMEMBERED: usize = 4;

static WRITTEN: Mutex<Vec<Written>> = Mutex::new(Vec::new());

fn ident(s: &Session) -> (String, Timestamp, FrameworkRef, Option<String>) {
    (
        s.id.clone(),
        s.created,
        s.framework.clone(),
        s.previous.clone(),
    )
}

/// Whether `bytes`, just read from `path`, are what this process last wrote
/// there, and `session` already holds everything in them.
fn holds_what_is_on_disk(path: &Path, bytes: &[u8], session: &Session) -> bool {
    let written = WRITTEN.lock().unwrap_or_else(PoisonError::into_inner);
    written.iter().find(|w| w.path == path).is_some_and(|w| {
        w.bytes == bytes
            && session.seen.dominates(&w.seen)
            && (
                &session.id,
                &session.created,
                &session.framework,
                &session.previous,
            ) == (&w.ident.0, &w.ident.1, &w.ident.2, &w.ident.3)
            && w.positions
                .iter()
                .all(|(m, p)| session.positions.get(m).is_some_and(|q| q >= p))
    })
}

/// Remember that `path` now holds `bytes`, the text of `session`.
fn remember(path: &Path, bytes: Vec<u8>, session: &Session) {
    let mut written = WRITTEN.lock().unwrap_or_else(PoisonError::into_inner);
    written.retain(|w| w.path != path);
    written.insert(
        0,
        Written {
            path: path.to_owned(),
            bytes,
            seen: session.seen.clone(),
            ident: ident(session),
            positions: session.positions.clone(),
        },
    );
    written.truncate(REMEMBERED);
}

/// Save a session: the locked read-merge-write described in the module docs.
/// On success `session` holds the merged document that is now on disk.
///
/// A session path that is a symbolic link is resolved once and the file it
/// names is locked, merged and saved; the link stays. In a setgid group
/// directory files are group read-write whatever `sharing` says; a file
/// that is replaced keeps its owner (where allowed), group and mode.
///
/// # Errors
/// Nothing is written when the file on disk does not parse, belongs to a
/// different session, was written by a newer safestep, is not writable by
/// the user, when another process holds the lock for longer than the lock
/// wait, or on any I/O error.
pub fn save(path: &Path, session: &mut Session, sharing: Sharing) -> Result<Saved, StoreError> {
    save_waiting(path, session, sharing, lock::wait())
}

/// [`save`], waiting at most `max_wait` for another process's lock.
///
/// # Errors
/// As [`save`].
pub fn save_waiting(
    path: &Path,
    session: &mut Session,
    sharing: Sharing,
    max_wait: std::time::Duration,
) -> Result<Saved, StoreError> {
    let target = resolve_session_path(path)?;
    let path = target.as_path();
    let dir = parent_dir(path);
    ensure_dir(&dir, sharing)?;
    let sharing = sharing_in(&dir, sharing);
    let lock = lock::acquire(path, sharing, max_wait)?;
    remove_stale_temps(path);

    let mut on_disk_text = None;
    let mut existing = None;
    let mut merged_outside_edits = false;
    match open_regular(path, false) {
        Ok(f) => {
            existing = Some(
                f.metadata()
                    .map_err(io_err(path, "read the session file"))?,
            );
            let bytes = fsio::read_open(path, f)?;
            if !holds_what_is_on_disk(path, &bytes, session) {
                let parsed = parse_bytes(path, &bytes)?;
                if parsed.read_only {
                    return Err(StoreError::ReadOnly {
                        path: path.to_owned(),
                        format: parsed.written_format,
                    });
                }
                if !session.seen.dominates(&parsed.session.seen) {
                    merged_outside_edits = true;
                }
                session
                    .merge_from(&parsed.session)
                    .map_err(|error| StoreError::OtherSession {
                        path: path.to_owned(),
                        error,
                    })?;
            }
            on_disk_text = Some(bytes);
        }
        Err(StoreError::Io { error, .. }) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }

    let text = doc::to_text(session).map_err(|e| StoreError::Io {
        path: path.to_owned(),
        doing: "write the session as RON",
        error: std::io::Error::other(e.to_string()),
    })?;
    if on_disk_text.as_deref() == Some(text.as_bytes()) {
        remember(path, text.into_bytes(), session);
        return Ok(Saved {
            merged_outside_edits,
            unchanged: true,
        });
    }
    if existing.is_some() {
        fsio::check_writable(path)?;
    }
    actor::note_writing(session)?;
    let owner = fsio::Ownership::for_replacing(existing.as_ref(), sharing);
    write_atomic_as(path, text.as_bytes(), owner)?;
    remember(path, text.into_bytes(), session);
    drop(lock);
    Ok(Saved {
        merged_outside_edits,
        unchanged: false,
    })
}

/// How old a session's temporary file must be before a save removes it as
/// litter from a process that was killed mid-save.
pub const STALE_TEMP_AGE: std::time::Duration = std::time::Duration::from_secs(60);

/// Remove a session's temporary files (`.NAME.*.tmp`) older than
/// [`STALE_TEMP_AGE`]. Called with the session's lock held, so no live save
/// of this session is writing one; links and other non-regular files are
/// left alone.
fn remove_stale_temps(path: &Path) {
    let dir = parent_dir(path);
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let prefix = format!(".{name}.");
    let Ok(entries) = fs::read_dir(&dir) else {
        return;
    };
    let now = std::time::SystemTime::now();
    for e in entries.filter_map(Result::ok) {
        let file_name = e.file_name();
        let n = file_name.to_string_lossy();
        if !(n.starts_with(&prefix) && n.ends_with(".tmp")) {
            continue;
        }
        let Ok(meta) = fs::symlink_metadata(e.path()) else {
            continue;
        };
        let old = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age >= STALE_TEMP_AGE);
        if meta.file_type().is_file() && old {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Write bytes to `path` atomically: a temporary file in the same directory,
/// fsync, rename over the target, fsync the directory. The new file gets the
/// sharing's mode (group read-write in a setgid group directory).
///
/// # Errors
/// Any I/O error; the target is then untouched and the temporary file removed.
pub fn write_atomic(path: &Path, bytes: &[u8], sharing: Sharing) -> Result<(), StoreError> {
    let sharing = sharing_in(&parent_dir(path), sharing);
    write_atomic_as(path, bytes, fsio::Ownership::for_replacing(None, sharing))
}

fn write_atomic_as(path: &Path, bytes: &[u8], owner: fsio::Ownership) -> Result<(), StoreError> {
    let dir = parent_dir(path);
    let name = path
        .file_name()
        .map_or_else(|| "session".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(
        ".{name}.{}-{}.tmp",
        std::process::id(),
        fresh_suffix()
    ));
    let result = (|| -> std::io::Result<()> {
        let mut f = OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .mode(owner.mode & 0o600)
            .open(&tmp)?;
        owner.apply(&f)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        File::open(&dir)?.sync_all()?;
        Ok(())
    })();
    if let Err(error) = result {
        let _ = fs::remove_file(&tmp);
        return Err(StoreError::Io {
            path: path.to_owned(),
            doing: "save the session",
            error,
        });
    }
    Ok(())
}

/// Create a new session file; refuses to replace an existing file.
///
/// # Errors
/// When the file exists or cannot be written.
pub fn create(path: &Path, session: &Session, sharing: Sharing) -> Result<(), StoreError> {
    if path.exists() {
        return Err(StoreError::Io {
            path: path.to_owned(),
            doing: "create the session",
            error: std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "the file already exists",
            ),
        });
    }
    let mut s = session.clone();
    save(path, &mut s, sharing).map(|_| ())
}

/// One entry of a data directory listing.
#[derive(Debug)]
pub struct Listed {
    /// The file.
    pub path: PathBuf,
    /// The session, or why it could not be read.
    pub session: Result<Loaded, StoreError>,
}

/// The session files (`*.ron`) in a directory, newest change first; files
/// that fail to load are listed with their error. A directory that cannot be
/// read gives an empty list; [`try_list`] says why.
#[must_use]
pub fn list(dir: &Path) -> Vec<Listed> {
    try_list(dir).unwrap_or_default()
}

/// [`list`], with the reason when the directory cannot be read (a missing
/// directory is an empty list). Each file is read only up to the size cap.
///
/// # Errors
/// The directory exists but cannot be read, for example for lack of permission.
pub fn try_list(dir: &Path) -> Result<Vec<Listed>, StoreError> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_err(dir, "list the sessions in the directory")(e)),
    };
    let mut out: Vec<Listed> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron") && p.is_file())
        .map(|path| Listed {
            session: load(&path),
            path,
        })
        .collect();
    out.sort_by(|a, b| {
        let key = |l: &Listed| l.session.as_ref().ok().map(|s| s.session.last_change());
        key(b).cmp(&key(a)).then_with(|| a.path.cmp(&b.path))
    });
    Ok(out)
}

/// Load each session file (`*.ron`) in a directory in turn, in file-name
/// order, and hand it to `f`: only one session is in memory at a time (each
/// read capped at the size limit), so a caller that keeps a summary of each
/// lists any directory in bounded memory.
///
/// # Errors
/// The directory exists but cannot be read (a missing one has no sessions).
pub fn visit(dir: &Path, mut f: impl FnMut(Listed)) -> Result<(), StoreError> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io_err(dir, "list the sessions in the directory")(e)),
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron") && p.is_file())
        .collect();
    paths.sort();
    for path in paths {
        f(Listed {
            session: load(&path),
            path,
        });
    }
    Ok(())
}

/// A file name for a new session in `dir`: the title made safe, plus the
/// date; never an existing file.
#[must_use]
pub fn new_session_path(dir: &Path, title: &str, date: jiff::civil::Date) -> PathBuf {
    let mut slug = slug(title);
    if slug.is_empty() {
        slug = "session".into();
    }
    let base = format!("{slug}-{date}");
    let mut candidate = dir.join(format!("{base}.ron"));
    let mut n = 2;
    while candidate.exists() {
        candidate = dir.join(format!("{base}-{n}.ron"));
        n += 1;
    }
    candidate
}

/// A safe file-name fragment from user text: lower-case ASCII letters and
/// digits joined by `-`; no separators, dots or control characters.
#[must_use]
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 48 {
            break;
        }
    }
    out.trim_end_matches('-').to_owned()
}
