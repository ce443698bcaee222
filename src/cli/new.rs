//! `safestep new`: start a session, or the next review from an earlier one
//! (`--from OLD`), and find a session named on the command line by its file
//! or its id.

use super::{NewArgs, load, new_session_stamp, open_tui};
use crate::content::Framework;
use crate::doc::Session;
use crate::store::{self, Identity};
use crate::text::{clean_line, clean_path};
use crate::workshop::{self, discovery};
use color_eyre::Result;
use color_eyre::eyre::{bail, eyre};
use std::path::{Path, PathBuf};

/// The store's side of [`discovery::Sessions`] for the command line: the
/// session files beside a file and in the data directory.
struct DirSessions<'a> {
    data_dir: &'a Path,
}

fn same_path(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

impl discovery::Sessions for DirSessions<'_> {
    fn near(&self, path: &Path) -> Vec<discovery::Found> {
        let beside = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let mut dirs = vec![beside];
        if !dirs.iter().any(|d| same_path(d, self.data_dir)) {
            dirs.push(self.data_dir.to_path_buf());
        }
        dirs.iter()
            .flat_map(|d| store::list(d))
            .filter_map(|l| {
                let loaded = l.session.ok()?;
                Some(discovery::Found {
                    path: l.path,
                    read_only: loaded.read_only,
                    session: loaded.session,
                })
            })
            .collect()
    }

    fn same_file(&self, a: &Path, b: &Path) -> bool {
        same_path(a, b)
    }
}

/// A session named on the command line: a session file, or else a
/// session's id, found beside `near` or in the data directory (the most
/// recently changed copy when there are several).
///
/// # Errors
/// A file that cannot be read, or no file and no session with that id.
pub fn find_session(arg: &Path, near: &Path, identity: &Identity) -> Result<Session> {
    if arg.symlink_metadata().is_ok() {
        return Ok(load(arg)?.session);
    }
    let id = arg
        .to_str()
        .filter(|s| !s.is_empty() && !s.contains(['/', '\\']));
    let sessions = DirSessions {
        data_dir: &identity.data_dir,
    };
    match id.and_then(|id| discovery::latest(&sessions, id, near)) {
        Some(found) => {
            eprintln!(
                "note: session {} is {}",
                clean_line(&found.session.id),
                clean_path(&found.path)
            );
            Ok(found.session)
        }
        None => bail!(
            "{}: no such file, and no session with that id beside it or in {}",
            clean_path(arg),
            clean_path(&identity.data_dir)
        ),
    }
}

/// Run `safestep new`.
pub(super) fn run(
    a: &NewArgs,
    identity: &Identity,
    framework: Option<Framework>,
    chooser: &super::frameworks::Chooser,
    plain: bool,
) -> Result<i32> {
    let title = a.title.trim();
    if title.is_empty() {
        bail!("the title is empty; give one with --title");
    }
    // The earlier review, found by file or by id.
    let old = match &a.from {
        Some(old_path) => {
            let near = a
                .file
                .clone()
                .unwrap_or_else(|| identity.data_dir.join("new.ron"));
            Some(find_session(old_path, &near, identity)?)
        }
        None => None,
    };
    // With --from and no --framework, the next review follows the old one's framework.
    let framework = match (framework, &old) {
        (Some(f), _) => f,
        (None, Some(o)) => match chooser.for_new(Some(&o.framework.id)) {
            Ok(f) => f,
            Err(_) => {
                eprintln!(
                    "note: the framework of the earlier session, \"{}\", is not installed; the new session follows \"{}\" (choose another with --framework)",
                    clean_line(&o.framework.id),
                    clean_line(&chooser.current.id)
                );
                chooser.current.clone()
            }
        },
        (None, None) => chooser.current.clone(),
    };
    let framework = &framework;
    let stamp = new_session_stamp(identity);
    let slug = store::slug(title);
    let suffix = store::fresh_suffix();
    let id = format!(
        "{}-{}",
        if slug.is_empty() { "session" } else { &slug },
        &suffix[..8]
    );
    let mut session = Session::new(id, title, framework.reference(), &stamp);
    if let Some(org) = a.org.as_deref().filter(|o| !o.trim().is_empty()) {
        session.set_organisation(org.trim(), &stamp);
    }
    if let Some(f) = a.facilitator.as_deref().filter(|o| !o.trim().is_empty()) {
        session.set_facilitator(f.trim(), &stamp);
    }
    if let Some(old) = &old {
        if session.organisation().is_empty() && !old.organisation().is_empty() {
            session.set_organisation(old.organisation(), &stamp);
        }
        let c = workshop::carry_forward(old, &mut session, framework, &stamp);
        eprintln!(
            "carried forward: {} members, {} open actions, {} risks, {} answers \
             (marked as carried until someone confirms or changes them)",
            c.members, c.actions, c.risks, c.answers
        );
    }
    let path = match &a.file {
        Some(p) => p.clone(),
        None => {
            store::ensure_dir(&identity.data_dir, identity.sharing).map_err(|e| eyre!("{e}"))?;
            store::new_session_path(
                &identity.data_dir,
                title,
                stamp.at.to_zoned(jiff::tz::TimeZone::UTC).date(),
            )
        }
    };
    store::create(&path, &session, identity.sharing).map_err(|e| eyre!("{e}"))?;
    println!("{}", clean_path(&path));
    if a.no_open {
        return Ok(0);
    }
    open_tui(
        identity,
        framework,
        crate::tui::Start::Open {
            path,
            read_only: false,
        },
        false,
        plain,
    )
}
