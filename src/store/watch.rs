//! Watching a session file for saves by other processes.
//!
//! The directory is watched, not the file: every save renames a new file
//! over the old one, which replaces the inode a file watch would follow.

use super::{StoreError, load};
use crate::doc::Session;
use notify::{EventKind, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The environment variable that selects polling (`SAFESTEP_WATCH=poll`),
/// for network file systems where change notifications do not arrive.
pub const WATCH_ENV: &str = "SAFESTEP_WATCH";

/// How often the polling fallback looks at the directory.
pub const POLL_INTERVAL: Duration = Duration::from_millis(750);

/// What keeps the watch alive.
enum Inner {
    /// The platform's change notifications.
    Notify(#[allow(dead_code)] notify::RecommendedWatcher),
    /// The polling fallback.
    Poll(#[allow(dead_code)] Poller),
}

/// Calls a function whenever the watched session file may have changed.
/// Dropping it stops the watch.
pub struct FileWatcher {
    _inner: Inner,
    /// Whether the polling fallback is in use.
    pub polling: bool,
}

impl std::fmt::Debug for FileWatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileWatcher")
            .field("polling", &self.polling)
            .finish()
    }
}

fn dir_and_name(path: &Path) -> (PathBuf, std::ffi::OsString) {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    (
        dir,
        path.file_name().map(ToOwned::to_owned).unwrap_or_default(),
    )
}

impl FileWatcher {
    /// Watch `path`; `on_change` runs on the watcher's thread, so it should
    /// only send a message (for example into the TUI's event channel).
    ///
    /// # Errors
    /// When neither change notifications nor polling can watch the directory.
    pub fn new(
        path: &Path,
        on_change: impl Fn() + Send + Sync + 'static,
    ) -> Result<FileWatcher, StoreError> {
        let (dir, name) = dir_and_name(path);
        let on_change = std::sync::Arc::new(on_change);
        let handler = {
            let on_change = on_change.clone();
            let name = name.clone();
            move |res: notify::Result<notify::Event>| {
                let Ok(event) = res else { return };
                if matches!(event.kind, EventKind::Access(_)) {
                    return;
                }
                if event
                    .paths
                    .iter()
                    .any(|p| p.file_name() == Some(name.as_os_str()))
                {
                    on_change();
                }
            }
        };
        let want_poll = std::env::var(WATCH_ENV).is_ok_and(|v| v.eq_ignore_ascii_case("poll"));
        if !want_poll
            && let Ok(mut w) = notify::recommended_watcher(handler.clone())
            && w.watch(&dir, RecursiveMode::NonRecursive).is_ok()
        {
            return Ok(FileWatcher {
                _inner: Inner::Notify(w),
                polling: false,
            });
        }
        Ok(FileWatcher {
            _inner: Inner::Poll(Poller::start(path.to_owned(), move || on_change())),
            polling: true,
        })
    }
}

/// The polling fallback: looks at the one file's identity, size and
/// modification time (to the nanosecond) every [`POLL_INTERVAL`]. Cheaper
/// and finer than a directory poll, which compares whole seconds.
struct Poller {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

fn fingerprint(path: &Path) -> Option<(u64, u64, std::time::SystemTime)> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    Some((m.ino(), m.size(), m.modified().ok()?))
}

impl Poller {
    fn start(path: PathBuf, on_change: impl Fn() + Send + 'static) -> Poller {
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = stop.clone();
        // The starting point is taken now, not in the thread: a save made
        // right after the watcher starts must count as a change.
        let mut last = fingerprint(&path);
        std::thread::spawn(move || {
            while !flag.load(std::sync::atomic::Ordering::Relaxed) {
                std::thread::sleep(POLL_INTERVAL);
                let now = fingerprint(&path);
                if now != last {
                    last = now;
                    on_change();
                }
            }
        });
        Poller { stop }
    }
}

impl Drop for Poller {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// Merge what another process saved into `session`. Returns whether the
/// file held edits `session` had not seen (and so whether the screen should
/// be redrawn). A file that no longer parses is left alone and reported.
///
/// # Errors
/// The file cannot be read or parsed, or belongs to a different session.
pub fn refresh(path: &Path, session: &mut Session) -> Result<bool, StoreError> {
    let disk = load(path)?.session;
    if session.seen.dominates(&disk.seen) {
        return Ok(false);
    }
    session
        .merge_from(&disk)
        .map_err(|error| StoreError::OtherSession {
            path: path.to_owned(),
            error,
        })?;
    Ok(true)
}
