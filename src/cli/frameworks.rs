//! `safestep frameworks`, `new --framework`, and the framework each session
//! command works with: the session's own (built in, installed under the
//! config directory, or given with `--content`), fitted to the session.

use crate::content::{Framework, catalog};
use crate::doc::Session;
use crate::store::Identity;
use crate::text::{clean_line, clean_path};
use crate::workshop::fit::{self, Fitted};
use color_eyre::Result;
use color_eyre::eyre::bail;
use std::fmt::Write as _;
use std::path::PathBuf;

/// Picks the framework for each session a command touches.
#[derive(Clone, Debug)]
pub struct Chooser {
    /// The framework in use: a `--content` file, or the built-in default.
    pub current: Framework,
    /// Where installed frameworks live (`frameworks/*.ron` under it).
    pub config_dir: PathBuf,
    /// The built-in and installed frameworks, read once when first needed.
    available: std::cell::OnceCell<Vec<Framework>>,
}

impl Chooser {
    /// The chooser for this run.
    #[must_use]
    pub fn new(current: &Framework, identity: &Identity) -> Chooser {
        Chooser {
            current: current.clone(),
            config_dir: identity.config_dir.clone(),
            available: std::cell::OnceCell::new(),
        }
    }

    fn available(&self) -> &[Framework] {
        self.available
            .get_or_init(|| catalog::usable(&self.config_dir))
    }

    /// The framework fitted to `session`, and why it is read-only if it is.
    #[must_use]
    pub fn for_session(&self, session: &Session) -> Fitted {
        let found = fit::choose_among(&self.current, self.available(), &session.framework);
        fit::fit(found.as_ref(), session)
    }

    /// The framework for a new session: by id, else the one in use.
    ///
    /// # Errors
    /// An id no built-in or installed framework has, listing those that exist.
    pub fn for_new(&self, id: Option<&str>) -> Result<Framework> {
        let Some(id) = id else {
            return Ok(self.current.clone());
        };
        let wanted = crate::content::FrameworkRef {
            id: id.to_owned(),
            version: 0,
        };
        if let Some(fw) = fit::choose_among(&self.current, self.available(), &wanted) {
            return Ok(fw);
        }
        let ids: Vec<&str> = self.available().iter().map(|f| f.id.as_str()).collect();
        bail!(
            "no framework \"{}\"; `safestep frameworks` lists them: {}",
            clean_line(id),
            ids.join(", ")
        )
    }
}

/// `safestep frameworks`: every built-in and installed framework, one a line,
/// and any installed file that cannot be used with its FILE:LINE:COL error.
/// Exit status 0 even when a file is broken: the listing itself worked.
#[must_use]
pub fn cmd_frameworks(identity: &Identity) -> i32 {
    let entries = catalog::all(&identity.config_dir);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<24} {:>7} {:>5} {:>7}  {:<44} SOURCE",
        "ID", "VERSION", "STEPS", "PROMPTS", "TITLE"
    );
    let mut broken = String::new();
    for (i, e) in entries.iter().enumerate() {
        let source = match &e.source {
            catalog::Source::BuiltIn if i == 0 => "built in (default)".to_owned(),
            catalog::Source::BuiltIn => "built in".to_owned(),
            catalog::Source::File(p) => clean_path(p),
        };
        match &e.framework {
            Ok(fw) => {
                let _ = writeln!(
                    out,
                    "{:<24} {:>7} {:>5} {:>7}  {:<44} {source}",
                    super::truncate(&clean_line(&fw.id), 24),
                    fw.version,
                    fw.steps.len(),
                    fw.prompts().count(),
                    super::truncate(&clean_line(&fw.title), 44),
                );
            }
            Err(err) => {
                let _ = writeln!(broken, "{source}:{}", clean_line(&err.to_string()));
            }
        }
    }
    let dir = identity.config_dir.join(catalog::FOLDER);
    let _ = writeln!(
        out,
        "\nInstall a framework by copying its .ron file into {}",
        clean_path(&dir)
    );
    print!("{out}");
    if !broken.is_empty() {
        eprint!("{broken}");
        eprintln!("these framework files cannot be used; `safestep check FILE` says why");
    }
    0
}
