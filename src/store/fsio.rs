//! Careful file access: only regular files are read, never more than a
//! bounded size, and no open ever blocks on a FIFO or follows a link that
//! someone planted next to a session.

use super::{Sharing, StoreError, io_err};
use std::fs::{self, File, OpenOptions};
use std::io::Read;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// The largest session file safestep reads (64 MiB). A real session of
/// thousands of items is a few megabytes; anything larger is refused with a
/// clear error rather than read into memory.
pub const MAX_SESSION_BYTES: u64 = 64 * 1024 * 1024;

/// The environment variable that overrides the largest file read, in bytes
/// (for tests; it can only lower the limit).
pub const MAX_BYTES_ENV: &str = "SAFESTEP_MAX_FILE_BYTES";

/// The largest file read, [`MAX_SESSION_BYTES`] unless lowered by [`MAX_BYTES_ENV`].
#[must_use]
pub fn max_bytes() -> u64 {
    std::env::var(MAX_BYTES_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map_or(MAX_SESSION_BYTES, |v| v.min(MAX_SESSION_BYTES))
}

/// What kind of thing a non-regular file is, for error messages.
fn kind_name(ft: fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if ft.is_dir() {
        "a directory"
    } else if ft.is_fifo() {
        "a FIFO (named pipe)"
    } else if ft.is_socket() {
        "a socket"
    } else if ft.is_char_device() || ft.is_block_device() {
        "a device"
    } else if ft.is_symlink() {
        "a symbolic link"
    } else {
        "not a regular file"
    }
}

fn refusal(message: String) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidInput, message)
}

/// Open a file for reading without blocking (a FIFO returns at once) and
/// check with `fstat` that it is a regular file no larger than the cap.
/// `follow`: whether a symbolic link at `path` itself may be followed.
///
/// # Errors
/// The file cannot be opened, is not a regular file, or is too large.
pub fn open_regular(path: &Path, follow: bool) -> Result<File, StoreError> {
    let mut flags = libc::O_NONBLOCK | libc::O_CLOEXEC;
    if !follow {
        flags |= libc::O_NOFOLLOW;
    }
    let f = OpenOptions::new()
        .read(true)
        .custom_flags(flags)
        .open(path)
        .map_err(|e| {
            if !follow && e.raw_os_error() == Some(libc::ELOOP) {
                refusal(
                    "is a symbolic link where a session file was expected; it was not followed"
                        .into(),
                )
            } else {
                e
            }
        })
        .map_err(io_err(path, "read the session file"))?;
    let meta = f
        .metadata()
        .map_err(io_err(path, "read the session file"))?;
    if !meta.file_type().is_file() {
        return Err(io_err(path, "read the session file")(refusal(format!(
            "is {}, not a session file; it was not read",
            kind_name(meta.file_type())
        ))));
    }
    let cap = max_bytes();
    if meta.len() > cap {
        return Err(too_large(path, meta.len(), cap));
    }
    Ok(f)
}

fn too_large(path: &Path, size: u64, cap: u64) -> StoreError {
    io_err(path, "read the session file")(refusal(format!(
        "is {} bytes, more than the {cap} bytes a session file may have; it was not read",
        size
    )))
}

/// Read a whole regular file, never more than the cap (even when it grows
/// while being read).
///
/// # Errors
/// As [`open_regular`], or a read error.
pub fn read_capped(path: &Path, follow: bool) -> Result<Vec<u8>, StoreError> {
    let f = open_regular(path, follow)?;
    read_open(path, f)
}

/// Read an open file up to the cap.
pub(super) fn read_open(path: &Path, f: File) -> Result<Vec<u8>, StoreError> {
    let cap = max_bytes();
    let mut bytes = Vec::new();
    f.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(io_err(path, "read the session file"))?;
    if bytes.len() as u64 > cap {
        return Err(too_large(path, bytes.len() as u64, cap));
    }
    Ok(bytes)
}

/// Whether a directory is a setgid group directory (as the README tells
/// administrators to set up the shared one).
#[must_use]
pub fn is_group_dir(dir: &Path) -> bool {
    fs::metadata(dir).is_ok_and(|m| m.is_dir() && m.permissions().mode() & 0o2000 != 0)
}

/// The sharing that applies in `dir`: group storage in a setgid group
/// directory whatever the member's config, else the configured sharing.
#[must_use]
pub fn sharing_in(dir: &Path, configured: Sharing) -> Sharing {
    if is_group_dir(dir) {
        Sharing::Group
    } else {
        configured
    }
}

/// The owner, group and mode a new version of a session file gets: those
/// of the file it replaces (never wider than group read-write, never
/// executable, never world-readable), or the sharing's mode for a new file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ownership {
    /// The owner and group to keep, when replacing a file.
    pub keep: Option<(u32, u32)>,
    /// The mode to set.
    pub mode: u32,
}

impl Ownership {
    /// For a new file written in place of `existing` (when there is one).
    #[must_use]
    pub fn for_replacing(existing: Option<&fs::Metadata>, sharing: Sharing) -> Ownership {
        match existing {
            Some(m) => {
                let mut mode = m.permissions().mode() & 0o660;
                if mode & 0o600 != 0o600 {
                    // The owner lost read or write; the new owner keeps both.
                    mode |= 0o600;
                }
                Ownership {
                    keep: Some((m.uid(), m.gid())),
                    mode,
                }
            }
            None => Ownership {
                keep: None,
                mode: sharing.file_mode(),
            },
        }
    }

    /// Apply to a file this process just created (and so owns). The owner
    /// is kept only where the system allows it (root); the group where the
    /// member belongs to it. When the group cannot be kept, the group bits
    /// are dropped rather than handed to a different group.
    ///
    /// # Errors
    /// When the mode cannot be set.
    pub fn apply(self, f: &File) -> std::io::Result<()> {
        let mut mode = self.mode;
        if let Some((uid, gid)) = self.keep {
            let mine = f.metadata()?;
            if (mine.uid() != uid || mine.gid() != gid)
                && std::os::unix::fs::fchown(f, Some(uid), Some(gid)).is_err()
                && std::os::unix::fs::fchown(f, None, Some(gid)).is_err()
            {
                mode &= 0o600;
            }
        }
        f.set_permissions(fs::Permissions::from_mode(mode))
    }
}

/// Resolve a session path once: a symbolic link is followed to the file it
/// names (as editors write through links), so the target is locked, merged
/// and saved and the link stays a link. A link to nothing is refused.
///
/// # Errors
/// A link whose target cannot be found.
pub fn resolve_session_path(path: &Path) -> Result<PathBuf, StoreError> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => fs::canonicalize(path).map_err(|e| {
            io_err(path, "follow the link to the session file")(std::io::Error::new(
                e.kind(),
                format!(
                    "the link points at nothing that can be reached ({e}); nothing was written"
                ),
            ))
        }),
        _ => Ok(path.to_owned()),
    }
}

/// Whether this process may write `path` in place: an existing file without
/// write permission for the user (for example `chmod 0400`) is never
/// replaced. Opens without following links, without blocking and without
/// truncating.
pub(super) fn check_writable(path: &Path) -> Result<(), StoreError> {
    match OpenOptions::new()
        .write(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(path)
    {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            Err(StoreError::NotWritable {
                path: path.to_owned(),
            })
        }
        // Other errors (a FIFO without a reader, a link) are reported by the read.
        Err(_) => Ok(()),
    }
}
