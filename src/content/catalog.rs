//! The frameworks a session can follow: those built into safestep and those
//! installed as `frameworks/*.ron` under the config directory.

use super::{BUILT_IN, ContentError, Framework, FrameworkRef};
use std::io::Read as _;
use std::path::{Path, PathBuf};

/// The largest framework file read from the config directory.
pub const MAX_FRAMEWORK_BYTES: u64 = 4 * 1024 * 1024;

/// The folder under the config directory that holds installed frameworks.
pub const FOLDER: &str = "frameworks";

/// Where a framework comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// Built into safestep.
    BuiltIn,
    /// A file in the config directory's `frameworks/` folder.
    File(PathBuf),
}

/// One framework found, or a file that could not be used.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Where it is.
    pub source: Source,
    /// The framework, or why the file could not be used.
    pub framework: Result<Framework, ContentError>,
}

/// Every framework: the built-in ones first (seven steps, the default, then
/// the others), then the config directory's files by name. A file that does
/// not parse is listed with its error; a link, a folder or anything but a
/// regular file is skipped, and a missing folder lists nothing.
#[must_use]
pub fn all(config_dir: &Path) -> Vec<Entry> {
    let mut out: Vec<Entry> = BUILT_IN
        .iter()
        .map(|(_, text)| Entry {
            source: Source::BuiltIn,
            framework: Framework::parse(text),
        })
        .collect();
    let dir = config_dir.join(FOLDER);
    let Ok(read) = std::fs::read_dir(&dir) else {
        return out;
    };
    let mut files: Vec<PathBuf> = read
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    for path in files {
        let framework = match read_file(&path) {
            Ok(Some(text)) => Framework::parse(&text),
            Ok(None) => continue,
            Err(message) => Err(ContentError {
                line: 1,
                col: 1,
                message,
            }),
        };
        out.push(Entry {
            source: Source::File(path),
            framework,
        });
    }
    out
}

/// The framework with this id: the highest version among those found, the
/// built-in one when versions tie. `None` when none has the id.
#[must_use]
pub fn find(config_dir: &Path, id: &str) -> Option<Framework> {
    best(&usable(config_dir), id).cloned()
}

/// Every framework that validates, in the order of [`all`].
#[must_use]
pub fn usable(config_dir: &Path) -> Vec<Framework> {
    all(config_dir)
        .into_iter()
        .filter_map(|e| e.framework.ok())
        .collect()
}

/// Among `frameworks`, the one with this id and the highest version (the
/// first listed on a tie).
#[must_use]
pub fn best<'a>(frameworks: &'a [Framework], id: &str) -> Option<&'a Framework> {
    let mut best: Option<&Framework> = None;
    for fw in frameworks {
        if fw.id == id && best.is_none_or(|b| fw.version > b.version) {
            best = Some(fw);
        }
    }
    best
}

/// Why a session cannot be edited under the framework found for it, if it
/// cannot: none installed, or only an older version than the one the
/// session was made with.
#[must_use]
pub fn mismatch(found: Option<&Framework>, wanted: &FrameworkRef) -> Option<String> {
    match found {
        None => Some(format!(
            "this session follows the framework \"{}\" (version {}), which is not installed; it opens read-only. Install its file in the config directory's frameworks folder to edit it (safestep frameworks lists what is installed)",
            crate::text::clean_line(&wanted.id),
            wanted.version
        )),
        Some(fw) if fw.version < wanted.version => Some(format!(
            "this session was made with version {} of \"{}\", newer than the version {} installed; it opens read-only",
            wanted.version,
            crate::text::clean_line(&wanted.id),
            fw.version
        )),
        Some(_) => None,
    }
}

/// A regular file's text, opened without following a link and without
/// blocking on a FIFO; `Ok(None)` for anything that is not a regular file.
fn read_file(path: &Path) -> Result<Option<String>, String> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(None);
    };
    if !meta.is_file() {
        return Ok(None);
    }
    let file = options
        .open(path)
        .map_err(|e| format!("cannot read the framework file: {e}"))?;
    let meta = file
        .metadata()
        .map_err(|e| format!("cannot read the framework file: {e}"))?;
    if !meta.is_file() {
        return Ok(None);
    }
    if meta.len() > MAX_FRAMEWORK_BYTES {
        return Err(format!(
            "the framework file is larger than {} MiB",
            MAX_FRAMEWORK_BYTES / 1024 / 1024
        ));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FRAMEWORK_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read the framework file: {e}"))?;
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| "the framework file is not UTF-8 text".to_owned())
}
