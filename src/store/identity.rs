//! Where files live and who is editing.

use super::{DATA_DIR_ENV, Sharing, StoreError, io_err};
use serde::{Deserialize, Serialize};
use std::hash::{BuildHasher, Hasher};
use std::path::{Path, PathBuf};

/// The environment variable naming the member.
pub const MEMBER_ENV: &str = "SAFESTEP_MEMBER";

/// Preferences kept in the config directory (`config.ron`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Config {
    /// The member id to use when `--as` and `SAFESTEP_MEMBER` are not given.
    #[serde(default)]
    pub member: Option<String>,
    /// Where sessions live, when not the default data directory.
    #[serde(default)]
    pub data_dir: Option<PathBuf>,
    /// Store sessions for a group (files 0660, setgid directories) instead of privately.
    #[serde(default)]
    pub shared_group: bool,
    /// Ring the terminal bell once when a step's planned time runs out in a meeting.
    #[serde(default)]
    pub timer_bell: bool,
}

impl Config {
    /// Read `config.ron` from a config directory; a missing file is the default.
    ///
    /// # Errors
    /// A config file that exists but does not parse, with its line and column.
    pub fn load(config_dir: &Path) -> Result<Config, StoreError> {
        let path = config_dir.join("config.ron");
        match std::fs::read_to_string(&path) {
            Ok(text) => ron::from_str(&text).map_err(|e| StoreError::Parse {
                path: path.clone(),
                error: crate::doc::ParseError {
                    line: e.span.start.line.max(1),
                    col: e.span.start.col.max(1),
                    message: format!("{}; expected a safestep config", e.code),
                },
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(io_err(&path, "read the config file")(e)),
        }
    }

    /// The storage mode this config selects.
    #[must_use]
    pub fn sharing(&self) -> Sharing {
        if self.shared_group {
            Sharing::Group
        } else {
            Sharing::Private
        }
    }
}

/// Who is editing and where their files live.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    /// The member id (shown as the author of edits).
    pub member: String,
    /// The actor for this run's edits: `NAME@SUFFIX`, where `NAME` is the
    /// member, or the login when the member was chosen with `--as` (or
    /// `SAFESTEP_MEMBER`) and differs from it, so every edit records who
    /// entered it. Reused across runs when no other live process holds it
    /// (see `docs/session-format.md`); use [`Identity::actor_for`] to stamp
    /// the edits of a session.
    pub actor: String,
    /// Where sessions live.
    pub data_dir: PathBuf,
    /// Where `config.ron` lives.
    pub config_dir: PathBuf,
    /// Private or shared-group storage.
    pub sharing: Sharing,
}

impl Identity {
    /// Resolve the identity: the member from `--as`, then `SAFESTEP_MEMBER`,
    /// then the config file, then the login name; the data directory from
    /// `--data-dir`, then `SAFESTEP_DATA_DIR`, then the config file, then the
    /// platform's data directory.
    ///
    /// # Errors
    /// When the config file does not parse, or no home directory can be found
    /// and no data directory was given.
    pub fn resolve(
        as_member: Option<&str>,
        data_dir: Option<&Path>,
    ) -> Result<Identity, StoreError> {
        let dirs = directories::ProjectDirs::from("org", "safestep", "safestep");
        let config_dir = std::env::var_os("SAFESTEP_CONFIG_DIR")
            .map(PathBuf::from)
            .or_else(|| dirs.as_ref().map(|d| d.config_dir().to_owned()))
            .unwrap_or_else(|| PathBuf::from(".safestep"));
        let config = Config::load(&config_dir)?;
        let env_member = std::env::var(MEMBER_ENV)
            .ok()
            .filter(|s| !s.trim().is_empty());
        let login = std::env::var("USER")
            .or_else(|_| std::env::var("LOGNAME"))
            .ok()
            .filter(|s| !s.trim().is_empty());
        let chosen = as_member.map(str::to_owned).or(env_member);
        let raw = chosen
            .clone()
            .or_else(|| config.member.clone())
            .or_else(|| login.clone())
            .or_else(real_login)
            .unwrap_or_else(|| "member".to_owned());
        let member = sanitize_name(&raw);
        let entered_by = chosen
            .is_some()
            .then(|| real_login().or(login).map(|l| sanitize_name(&l)))
            .flatten()
            .filter(|l| *l != member);
        let data_dir = data_dir
            .map(Path::to_owned)
            .or_else(|| {
                std::env::var_os(DATA_DIR_ENV)
                    .filter(|s| !s.is_empty())
                    .map(PathBuf::from)
            })
            .or_else(|| config.data_dir.clone())
            .or_else(|| dirs.as_ref().map(|d| d.data_dir().join("sessions")))
            .ok_or_else(|| StoreError::Io {
                path: PathBuf::from("~"),
                doing: "find a data directory",
                error: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "no home directory; use --data-dir or SAFESTEP_DATA_DIR",
                ),
            })?;
        Ok(Identity {
            actor: super::actor::lease(entered_by.as_deref().unwrap_or(&member)),
            member,
            data_dir,
            config_dir,
            sharing: config.sharing(),
        })
    }
}

impl Identity {
    /// The actor to stamp this run's edits of `session` with: [`Identity::actor`],
    /// or a fresh actor when this copy of the session has not seen every edit
    /// that actor made in it (an older copy).
    #[must_use]
    pub fn actor_for(&self, session: &crate::doc::Session) -> String {
        super::actor::actor_for(&self.actor, session)
    }
}

/// The login name of the user running this process, from its real user id
/// (not the environment, which the user sets): the owner of `/proc/self`
/// looked up in `/etc/passwd`.
#[must_use]
pub fn real_login() -> Option<String> {
    use std::io::Read;
    use std::os::unix::fs::MetadataExt;
    let uid = std::fs::metadata("/proc/self").ok()?.uid();
    let mut text = String::new();
    std::fs::File::open("/etc/passwd")
        .ok()?
        .take(8 * 1024 * 1024)
        .read_to_string(&mut text)
        .ok()?;
    text.lines().find_map(|l| {
        let mut f = l.split(':');
        let name = f.next()?;
        let _pw = f.next()?;
        let id: u32 = f.next()?.parse().ok()?;
        (id == uid && !name.is_empty()).then(|| name.to_owned())
    })
}

/// A member id from user text: lower case letters, digits, `.`, `-` and `_`;
/// anything else becomes `-`. Never empty, never a path.
#[must_use]
pub fn sanitize_name(raw: &str) -> String {
    let mut s: String = raw
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c.to_lowercase().next().unwrap_or(c)
            } else if c == '.' {
                '.'
            } else {
                '-'
            }
        })
        .take(40)
        .collect();
    s = s.trim_matches(|c| c == '.' || c == '-').to_owned();
    if s.is_empty() { "member".to_owned() } else { s }
}

/// A fresh random suffix (12 hex digits) from the standard library's
/// randomly seeded hasher, the time and the process id.
#[must_use]
pub fn fresh_suffix() -> String {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u32(std::process::id());
    if let Ok(d) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        h.write_u128(d.as_nanos());
    }
    format!("{:012x}", h.finish() & 0xffff_ffff_ffff)
}
