//! The lock that guards a session file while it is saved.
//!
//! The lock file `<file>.lock` is opened with `O_NOFOLLOW`, so a link that
//! someone planted there is refused, never followed. Only a lock file this
//! process creates has its mode set; an existing one (perhaps another
//! member's) is used as it is. Waiting is bounded: the lock is tried every
//! [`POLL`] until [`wait`] has passed, then the save fails with an error that
//! says who holds it. The holder writes its login, process id, host and the
//! time it took the lock into the lock file.

use super::{Sharing, StoreError, io_err};
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a save waits for another process's lock by default.
pub const LOCK_WAIT: Duration = Duration::from_secs(10);

/// The environment variable that sets the lock wait, in milliseconds.
pub const LOCK_WAIT_ENV: &str = "SAFESTEP_LOCK_WAIT_MS";

/// How often a waiting save tries the lock again (it sleeps in between).
const POLL: Duration = Duration::from_millis(50);

/// The lock wait: [`LOCK_WAIT`] unless [`LOCK_WAIT_ENV`] says otherwise.
#[must_use]
pub fn wait() -> Duration {
    std::env::var(LOCK_WAIT_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map_or(LOCK_WAIT, Duration::from_millis)
}

/// A held lock; dropping it releases the lock.
#[derive(Debug)]
pub struct SessionLock {
    _file: File,
}

fn flags() -> i32 {
    libc::O_NOFOLLOW | libc::O_CLOEXEC | libc::O_NONBLOCK
}

fn planted(path: &Path, e: std::io::Error) -> StoreError {
    if e.raw_os_error() == Some(libc::ELOOP) {
        return io_err(path, "open the lock file")(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "it is a symbolic link, which safestep never follows; remove it and save again",
        ));
    }
    io_err(path, "open the lock file")(e)
}

/// Open (or create) the lock file. Returns the file and whether it can be
/// written (an older lock file may be read-only for this member; a read-only
/// descriptor still locks).
fn open(path: &Path, sharing: Sharing) -> Result<(File, bool), StoreError> {
    match OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .mode(sharing.file_mode())
        .custom_flags(flags())
        .open(path)
    {
        Ok(f) => {
            // Ours: the umask may have narrowed the mode; set it exactly.
            f.set_permissions(std::fs::Permissions::from_mode(sharing.file_mode()))
                .map_err(io_err(path, "set the lock file's permissions"))?;
            return Ok((f, true));
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(planted(path, e)),
    }
    let f = match OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(flags())
        .open(path)
    {
        Ok(f) => (f, true),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => (
            OpenOptions::new()
                .read(true)
                .custom_flags(flags())
                .open(path)
                .map_err(|e| planted(path, e))?,
            false,
        ),
        Err(e) => return Err(planted(path, e)),
    };
    let meta = f.0.metadata().map_err(io_err(path, "open the lock file"))?;
    if !meta.file_type().is_file() {
        return Err(io_err(path, "open the lock file")(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "it is not a regular file; remove it and save again",
        )));
    }
    Ok(f)
}

/// Who holds a lock, as its holder wrote it (bounded and made printable).
fn holder(file: &mut File) -> Option<String> {
    let mut buf = Vec::new();
    file.rewind().ok()?;
    file.take(512).read_to_end(&mut buf).ok()?;
    let text: String = String::from_utf8_lossy(&buf)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let text = text.trim().to_owned();
    (!text.is_empty()).then_some(text)
}

fn host() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|h| h.trim().to_owned())
        .unwrap_or_default()
}

fn login() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_default()
}

/// Take the lock that guards `session_path`, waiting at most `max_wait`.
///
/// # Errors
/// The lock file cannot be opened (or is a link), or another process held
/// the lock for the whole wait: [`StoreError::Locked`] says who.
pub fn acquire(
    session_path: &Path,
    sharing: Sharing,
    max_wait: Duration,
) -> Result<SessionLock, StoreError> {
    let path: PathBuf = super::lock_path(session_path);
    let (mut file, writable) = open(&path, sharing)?;
    let start = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(std::fs::TryLockError::WouldBlock) => {
                if start.elapsed() >= max_wait {
                    return Err(StoreError::Locked {
                        path: session_path.to_owned(),
                        holder: holder(&mut file),
                        waited: start.elapsed(),
                    });
                }
                std::thread::sleep(
                    POLL.min(max_wait.saturating_sub(start.elapsed()))
                        .max(Duration::from_millis(1)),
                );
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(io_err(&path, "lock the session")(e));
            }
        }
    }
    if writable {
        // Best effort: a holder that cannot say who it is still locks.
        let who = login();
        let info = format!(
            "{}process {} on {} since {}\n",
            if who.is_empty() {
                String::new()
            } else {
                format!("{who}, ")
            },
            std::process::id(),
            host(),
            jiff::Timestamp::now()
                .round(jiff::Unit::Second)
                .unwrap_or_else(|_| jiff::Timestamp::now())
        );
        let _ = file.set_len(0);
        let _ = file.rewind();
        let _ = file.write_all(info.as_bytes());
    }
    Ok(SessionLock { _file: file })
}
