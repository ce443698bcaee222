//! Finding session files under the paths given, and reading just enough of
//! each to pick the latest sessions.
//!
//! Folders are searched recursively. A symbolic link found inside a folder is
//! never followed (a link may point into someone else's files); only regular
//! files are read, never more than the store's size cap, and a FIFO never
//! blocks the walk. A path named on the command line may itself be a link.

use crate::doc::{self, Session};
use crate::store;
use std::io::Read;
use std::path::{Path, PathBuf};

/// A file that could not be used, and why (one line, `FILE:LINE:COL: message`
/// for a file that does not parse).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file.
    pub path: PathBuf,
    /// What was wrong, ready to print after the file name.
    pub message: String,
}

impl Problem {
    /// `FILE:LINE:COL: message` or `FILE: message`, cleaned for a terminal.
    #[must_use]
    pub fn line(&self) -> String {
        crate::text::clean_line(&format!("{}{}", self.path.display(), self.message)).into_owned()
    }
}

/// How deep the walk goes; deeper folders are left out (and said so).
pub const MAX_DEPTH: usize = 32;

/// The files to consider: every `*.ron` regular file under each folder
/// (hidden files and folders left out), and each file named directly.
/// `follow` for each: whether the file may be opened through a link (only a
/// path named directly).
#[must_use]
pub fn files(paths: &[PathBuf]) -> (Vec<(PathBuf, bool)>, Vec<Problem>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, 0, &mut out, &mut problems),
            Ok(_) => out.push((p.clone(), true)),
            Err(e) => problems.push(Problem {
                path: p.clone(),
                message: format!(": cannot be read ({e})"),
            }),
        }
    }
    out.sort();
    out.dedup_by(|a, b| a.0 == b.0);
    (out, problems)
}

fn walk(dir: &Path, depth: usize, out: &mut Vec<(PathBuf, bool)>, problems: &mut Vec<Problem>) {
    if depth > MAX_DEPTH {
        problems.push(Problem {
            path: dir.to_owned(),
            message: format!(": more than {MAX_DEPTH} folders deep; not searched"),
        });
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            problems.push(Problem {
                path: dir.to_owned(),
                message: format!(": folder cannot be read ({e})"),
            });
            return;
        }
    };
    for e in entries.flatten() {
        if e.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        // `file_type` does not follow links: a link is neither a dir nor a file here.
        let Ok(ft) = e.file_type() else { continue };
        let path = e.path();
        if ft.is_dir() {
            walk(&path, depth + 1, out, problems);
        } else if ft.is_file() && path.extension().is_some_and(|x| x == "ron") {
            out.push((path, false));
        }
    }
}

/// How much of a file is read first to find its header.
const HEAD_BYTES: u64 = 16 * 1024;

/// What a file's first lines say: enough to group and order sessions.
#[derive(Clone, Debug)]
pub struct Head {
    /// The file.
    pub path: PathBuf,
    /// May be opened through a link.
    pub follow: bool,
    /// The session as far as its header (no answers, items or positions),
    /// or the whole session when the file was read whole.
    pub session: Session,
    /// The whole session was read (the file was small, or its header could
    /// not be told apart).
    pub whole: bool,
    /// Written by a newer safestep.
    pub read_only: bool,
}

/// Read a file's header: its first [`HEAD_BYTES`], cut before `answers:`
/// and parsed as a session without answers. When that does not work (an
/// unusual layout, a small file, a broken one) the whole file is read and
/// parsed, so a broken file is reported with its real line and column.
///
/// # Errors
/// The file cannot be read or does not parse.
pub fn head(path: &Path, follow: bool) -> Result<Head, Problem> {
    let problem = |e: store::StoreError| Problem {
        path: path.to_owned(),
        message: format!(": {}", strip_path(&e.to_string(), path)),
    };
    let f = store::open_regular(path, follow).map_err(problem)?;
    let mut first = Vec::new();
    f.take(HEAD_BYTES)
        .read_to_end(&mut first)
        .map_err(|e| Problem {
            path: path.to_owned(),
            message: format!(": cannot be read ({e})"),
        })?;
    if first.len() as u64 == HEAD_BYTES
        && let Some(session) = header_of(&first)
    {
        return Ok(Head {
            path: path.to_owned(),
            follow,
            session,
            whole: false,
            read_only: false,
        });
    }
    let parsed = full(path, follow)?;
    Ok(Head {
        path: path.to_owned(),
        follow,
        session: parsed.session,
        whole: true,
        read_only: parsed.read_only,
    })
}

/// The header of a session from the start of its text, when the text is laid
/// out as safestep writes it and the header reads as a session of a format
/// this build writes.
fn header_of(bytes: &[u8]) -> Option<Session> {
    let cut = find(bytes, b"\n    answers:")?;
    let text = std::str::from_utf8(&bytes[..cut]).ok()?;
    let text = format!("{text}\n)");
    let parsed = doc::parse(&text).ok()?;
    (!parsed.read_only).then_some(parsed.session)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Read and parse a whole file.
///
/// # Errors
/// The file cannot be read or does not parse: `FILE:LINE:COL: message`.
pub fn full(path: &Path, follow: bool) -> Result<doc::Parsed, Problem> {
    let bytes = store::read_capped(path, follow).map_err(|e| Problem {
        path: path.to_owned(),
        message: format!(": {}", strip_path(&e.to_string(), path)),
    })?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let col = String::from_utf8_lossy(&good[start..]).chars().count() + 1;
        Problem {
            path: path.to_owned(),
            message: format!(":{line}:{col}: not UTF-8 text; expected a safestep session"),
        }
    })?;
    doc::parse(text).map_err(|e| Problem {
        path: path.to_owned(),
        message: format!(":{}:{}: {}", e.line, e.col, e.message),
    })
}

/// A store error's text without the path it starts with (the problem line
/// puts the path first itself).
fn strip_path(message: &str, path: &Path) -> String {
    let shown = path.display().to_string();
    message
        .strip_prefix(&shown)
        .map(|m| m.trim_start_matches([':', ' ']))
        .unwrap_or(message)
        .to_owned()
}

/// Run `f` over `items` on up to `threads` threads, keeping the order; an
/// item whose thread failed gives `None`.
pub fn parallel<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<Option<R>> {
    let threads = threads.clamp(1, items.len().max(1));
    if threads == 1 {
        return items.iter().map(|i| Some(f(i))).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut parts: Vec<Vec<(usize, R)>> = Vec::new();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        mine.push((i, f(item)));
                    }
                    mine
                })
            })
            .collect();
        for h in handles {
            if let Ok(part) = h.join() {
                parts.push(part);
            }
        }
    });
    let mut all: Vec<Option<R>> = items.iter().map(|_| None).collect();
    for (i, r) in parts.into_iter().flatten() {
        if let Some(slot) = all.get_mut(i) {
            *slot = Some(r);
        }
    }
    all
}

/// How many threads to parse on.
#[must_use]
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}
