//! A private history of earlier versions of each session, kept before every
//! merge, import or restore, so a bad copy can be undone.
//!
//! Versions live in `STATE/history/<session>/` (directories 0700, files 0600;
//! `STATE` is [`super::state_dir`]), keyed by the session's id. At most
//! [`HISTORY_KEEP`] versions and [`HISTORY_BYTES`] bytes are kept per
//! session; the oldest go first. A version is the session file's text.

use super::rescue::{private_dir, state_dir, write_private};
use super::{StoreError, io_err, slug};
use crate::doc::{self, Session};
use std::fs;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

/// How many earlier versions are kept per session.
pub const HISTORY_KEEP: usize = 20;

/// How many bytes of earlier versions are kept per session (64 MiB).
pub const HISTORY_BYTES: u64 = 64 * 1024 * 1024;

/// One kept version.
#[derive(Clone, Debug)]
pub struct Version {
    /// 1 is the most recent.
    pub number: usize,
    /// When it was kept.
    pub kept_at: jiff::Timestamp,
    /// The login of whoever kept it.
    pub by: String,
    /// Size in bytes.
    pub size: u64,
    /// Where it is.
    pub path: PathBuf,
}

fn history_dir(session_id: &str) -> Result<PathBuf, StoreError> {
    let base = state_dir().ok_or_else(|| {
        io_err(Path::new("~"), "find a private state directory")(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "no home directory; set SAFESTEP_STATE_DIR",
        ))
    })?;
    // A stable hash keeps two ids that slug alike apart.
    let mut h = std::hash::DefaultHasher::new();
    h.write(session_id.as_bytes());
    let mut name = slug(session_id);
    name.truncate(40);
    Ok(base
        .join("history")
        .join(format!("{name}-{:08x}", h.finish() & 0xffff_ffff)))
}

fn login() -> String {
    let l = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_default();
    let s = slug(&l);
    if s.is_empty() { "unknown".into() } else { s }
}

/// Keep `session` (the version of the session at `path` that is about to be
/// changed by a merge, import or restore) in the private history. A version
/// identical to the most recent one kept is not kept twice.
///
/// # Errors
/// When the state directory or the version cannot be written.
pub fn record_history(path: &Path, session: &Session) -> Result<Option<PathBuf>, StoreError> {
    let dir = history_dir(&session.id)?;
    private_dir(&dir)?;
    let text = doc::to_text(session).map_err(|e| {
        io_err(path, "keep the previous version")(std::io::Error::other(e.to_string()))
    })?;
    let existing = versions_in(&dir);
    if let Some(newest) = existing.first()
        && fs::read(&newest.path).is_ok_and(|b| b == text.as_bytes())
    {
        return Ok(None);
    }
    let now = jiff::Timestamp::now();
    let file = dir.join(format!(
        "{:020}-{}-{}.ron",
        now.as_nanosecond(),
        std::process::id(),
        login()
    ));
    super::actor::note_writing(session)?;
    write_private(&file, text.as_bytes())?;
    prune(&dir);
    Ok(Some(file))
}

/// Drop the oldest versions beyond the count and byte budgets.
fn prune(dir: &Path) {
    let mut total = 0u64;
    for (i, v) in versions_in(dir).into_iter().enumerate() {
        total = total.saturating_add(v.size);
        if i >= HISTORY_KEEP || (i > 0 && total > HISTORY_BYTES) {
            let _ = fs::remove_file(&v.path);
        }
    }
}

/// The versions in a history directory, most recent first.
fn versions_in(dir: &Path) -> Vec<Version> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<Version> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let path = e.path();
            let meta = fs::symlink_metadata(&path).ok()?;
            if !meta.is_file() || path.extension().is_none_or(|x| x != "ron") {
                return None;
            }
            let stem = path.file_stem()?.to_string_lossy().into_owned();
            let mut parts = stem.splitn(3, '-');
            let nanos: i128 = parts.next()?.parse().ok()?;
            let _pid = parts.next()?;
            let by = parts.next().unwrap_or("unknown").to_owned();
            Some(Version {
                number: 0,
                kept_at: jiff::Timestamp::from_nanosecond(nanos).ok()?,
                by,
                size: meta.len(),
                path,
            })
        })
        .collect();
    out.sort_by(|a, b| b.kept_at.cmp(&a.kept_at).then_with(|| b.path.cmp(&a.path)));
    for (i, v) in out.iter_mut().enumerate() {
        v.number = i + 1;
    }
    out
}

/// The kept versions of the session in `path`, most recent first.
///
/// # Errors
/// When the session file cannot be read.
pub fn history(path: &Path) -> Result<Vec<Version>, StoreError> {
    let loaded = super::load(path)?;
    Ok(versions_in(&history_dir(&loaded.session.id)?))
}
