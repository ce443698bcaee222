//! `safestep history FILE` and `safestep restore FILE VERSION`: the private
//! history of earlier versions kept before every merge, import or restore,
//! and the notice about rescue copies at start.

use crate::doc::Stamp;
use crate::store::{self, Identity};
use crate::text::clean_line;
use clap::Args;
use color_eyre::Result;
use color_eyre::eyre::eyre;
use std::fmt::Write as _;
use std::path::PathBuf;

/// Arguments of `history`.
#[derive(Args, Debug)]
pub struct HistoryArgs {
    /// The session file.
    pub file: PathBuf,
}

/// Arguments of `restore`.
#[derive(Args, Debug)]
pub struct RestoreArgs {
    /// The session file.
    pub file: PathBuf,
    /// The version number shown by `safestep history` (1 is the most recent).
    pub version: usize,
}

/// `safestep history FILE`.
///
/// # Errors
/// The file cannot be read.
pub fn cmd_history(a: &HistoryArgs) -> Result<i32> {
    let versions = store::history(&a.file).map_err(|e| eyre!("{e}"))?;
    if versions.is_empty() {
        println!(
            "{}: no earlier versions kept yet (one is kept before every merge, import or restore)",
            clean_line(&a.file.display().to_string())
        );
        return Ok(0);
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:>7}  {:<20} {:<16} {:>9}  SUMMARY",
        "VERSION", "KEPT", "BY", "BYTES"
    );
    for v in &versions {
        let summary = match store::load(&v.path) {
            Ok(l) => format!(
                "\"{}\", {} answer(s), {} item(s)",
                l.session.title(),
                l.session.answers.len(),
                l.session.items.len()
            ),
            Err(e) => format!("unreadable: {e}"),
        };
        let _ = writeln!(
            out,
            "{:>7}  {:<20} {:<16} {:>9}  {}",
            v.number,
            v.kept_at.strftime("%Y-%m-%d %H:%M:%S"),
            clean_line(&v.by),
            v.size,
            clean_line(&summary)
        );
    }
    print!("{out}");
    Ok(0)
}

/// `safestep restore FILE VERSION`: bring a kept version back as new edits,
/// so the restore merges with every other copy like any edit.
///
/// # Errors
/// No such version, a different session, or the save fails.
pub fn cmd_restore(a: &RestoreArgs, identity: &Identity) -> Result<i32> {
    let versions = store::history(&a.file).map_err(|e| eyre!("{e}"))?;
    let v = versions
        .iter()
        .find(|v| v.number == a.version)
        .ok_or_else(|| {
            eyre!(
                "{}: no version {} (see: safestep history FILE)",
                clean_line(&a.file.display().to_string()),
                a.version
            )
        })?;
    let old = store::load(&v.path).map_err(|e| eyre!("{e}"))?.session;
    let current = store::load(&a.file).map_err(|e| eyre!("{e}"))?;
    if current.read_only {
        return Err(eyre!(
            "{}: written by a newer safestep; nothing was restored",
            clean_line(&a.file.display().to_string())
        ));
    }
    let mut session = current.session;
    if old.id != session.id {
        return Err(eyre!(
            "version {} is a different session; nothing was restored",
            a.version
        ));
    }
    store::record_history(&a.file, &session).map_err(|e| eyre!("{e}; nothing was restored"))?;
    let stamp = Stamp {
        actor: identity.actor_for(&session),
        member: identity.member.clone(),
        at: jiff::Timestamp::now(),
    };
    let changed = session.restore_values_from(&old, &stamp);
    store::save(&a.file, &mut session, identity.sharing).map_err(|e| eyre!("{e}"))?;
    println!(
        "{}: restored version {} (kept {} by {}): {changed} value(s) changed; members' own ratings and item order are left as they are",
        clean_line(&a.file.display().to_string()),
        v.number,
        v.kept_at.strftime("%Y-%m-%d %H:%M:%S"),
        clean_line(&v.by)
    );
    Ok(0)
}

/// Say on stderr where rescue copies of unsaved changes are, and how to merge them.
pub fn announce_rescues() {
    for line in store::rescue_notice() {
        eprintln!("{}", clean_line(&line));
    }
}
