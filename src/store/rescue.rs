//! Rescue copies and history: private copies of sessions in the user's
//! state directory (directories 0700, files 0600), never in the shared
//! directory.
//!
//! A rescue copy is written when a session could not be saved and safestep
//! has to end anyway (a hang-up, SIGTERM, or quitting after a failed save).
//! The next start says where it is and how to merge it.

use super::{StoreError, io_err, slug};
use crate::doc::{self, Session};
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// The environment variable that overrides the private state directory.
pub const STATE_DIR_ENV: &str = "SAFESTEP_STATE_DIR";

/// The user's private state directory: `SAFESTEP_STATE_DIR`, else the
/// platform's (`~/.local/state/safestep` on Linux).
#[must_use]
pub fn state_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os(STATE_DIR_ENV).filter(|s| !s.is_empty()) {
        return Some(PathBuf::from(d));
    }
    let dirs = directories::ProjectDirs::from("org", "safestep", "safestep")?;
    Some(
        dirs.state_dir()
            .map_or_else(|| dirs.data_local_dir().join("state"), Path::to_owned),
    )
}

/// Create a private directory (0700) and its parents; an existing one is
/// narrowed to 0700 when this user owns it and it is wider.
pub(super) fn private_dir(dir: &Path) -> Result<(), StoreError> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(io_err(dir, "create the private directory"))?;
    let meta = fs::symlink_metadata(dir).map_err(io_err(dir, "open the private directory"))?;
    if !meta.is_dir() {
        return Err(io_err(dir, "open the private directory")(
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "it is not a directory"),
        ));
    }
    if meta.permissions().mode() & 0o077 != 0 {
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
            .map_err(io_err(dir, "make the private directory private"))?;
    }
    Ok(())
}

/// Write a new private file (0600); never replaces or follows anything.
pub(super) fn write_private(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let mut f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(path)
        .map_err(io_err(path, "write the private copy"))?;
    f.set_permissions(fs::Permissions::from_mode(0o600))
        .map_err(io_err(path, "write the private copy"))?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .map_err(io_err(path, "write the private copy"))?;
    Ok(())
}

fn rescue_dir() -> Result<PathBuf, StoreError> {
    state_dir().map(|d| d.join("rescue")).ok_or_else(|| {
        io_err(Path::new("~"), "find a private state directory")(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "no home directory; set SAFESTEP_STATE_DIR",
        ))
    })
}

/// A rescue copy waiting to be merged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rescued {
    /// The private copy.
    pub copy: PathBuf,
    /// The session file it could not be saved to, when known.
    pub original: Option<PathBuf>,
}

/// Write `session`, which could not be saved to `original`, as a private
/// rescue copy. Returns where it is.
///
/// # Errors
/// When the state directory or the copy cannot be written.
pub fn write_rescue(original: &Path, session: &Session) -> Result<PathBuf, StoreError> {
    let dir = rescue_dir()?;
    private_dir(&dir)?;
    let stem = original
        .file_stem()
        .map(|s| slug(&s.to_string_lossy()))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "session".into());
    let stamp = jiff::Timestamp::now().as_second();
    let copy = dir.join(format!(
        "{stem}-{stamp}-{}-{}.ron",
        std::process::id(),
        super::fresh_suffix()
    ));
    let text = doc::to_text(session).map_err(|e| {
        io_err(&copy, "write the rescue copy")(std::io::Error::other(e.to_string()))
    })?;
    // Where it came from, so the next start can say what to merge it into.
    let original = std::path::absolute(original).unwrap_or_else(|_| original.to_owned());
    write_private(
        &copy.with_extension("from"),
        original.as_os_str().as_encoded_bytes(),
    )?;
    super::actor::note_writing(session)?;
    write_private(&copy, text.as_bytes())?;
    Ok(copy)
}

/// The rescue copies still in the state directory, oldest first.
#[must_use]
pub fn pending_rescues() -> Vec<Rescued> {
    let Ok(dir) = rescue_dir() else {
        return Vec::new();
    };
    let Ok(entries) = fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<(std::time::SystemTime, Rescued)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .filter_map(|copy| {
            let meta = fs::symlink_metadata(&copy).ok()?;
            if !meta.is_file() {
                return None;
            }
            let original = super::fsio::read_capped(&copy.with_extension("from"), false)
                .ok()
                .map(|b| PathBuf::from(String::from_utf8_lossy(&b).into_owned()));
            Some((
                meta.modified().unwrap_or(std::time::UNIX_EPOCH),
                Rescued { copy, original },
            ))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.copy.cmp(&b.1.copy)));
    out.into_iter().map(|(_, r)| r).collect()
}

/// What to tell the user about rescue copies at start, one line each (empty
/// when there are none). Paths are shown as they are; the caller cleans them
/// for the terminal.
#[must_use]
pub fn rescue_notice() -> Vec<String> {
    pending_rescues()
        .into_iter()
        .map(|r| match r.original {
            Some(o) => format!(
                "Unsaved changes were kept in {}. Merge them with: safestep merge '{}' '{}' -o '{}' (then delete the copy)",
                r.copy.display(),
                o.display(),
                r.copy.display(),
                o.display()
            ),
            None => format!("Unsaved changes were kept in {}", r.copy.display()),
        })
        .collect()
}
