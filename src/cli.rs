//! The command line: clap definitions and one function per subcommand.

use crate::content::{FieldType, Framework, Kind};
use crate::doc::{self, Session, Stamp};
use crate::store::{self, Identity};
use crate::text::{clean_line, clean_path};
use crate::workshop::{self, value};
use clap::{Args, Parser, Subcommand};
use color_eyre::Result;
use color_eyre::eyre::{bail, eyre};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

mod check;
mod frameworks;
mod history;
mod merge;
pub mod new;
pub mod rollup;
mod show;
pub mod summary;
mod value_input;

/// safestep: guide an e-safety group through the seven-step model.
#[derive(Debug, Parser)]
#[command(
    name = "safestep",
    version,
    about = "Guide a school or college e-safety group through the seven-step model and record what it decides.",
    after_help = "With no command, safestep opens the home screen.\n\nExamples:\n  safestep                                   open the home screen\n  safestep new --title \"Autumn review\"        start a session\n  safestep --as alice open review.ron        open a session as member alice"
)]
pub struct Cli {
    /// Where sessions live (default: the platform's data directory; also SAFESTEP_DATA_DIR).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Act as this member (default: SAFESTEP_MEMBER, then config.ron, then the login name).
    #[arg(long = "as", global = true, value_name = "NAME")]
    pub as_member: Option<String>,
    /// Use this framework file instead of the built-in seven steps.
    #[arg(long, global = true, value_name = "PATH")]
    pub content: Option<PathBuf>,
    /// Line-by-line prompts for a screen reader or the simplest terminal (also SAFESTEP_PLAIN=1).
    #[arg(long, global = true)]
    pub plain: bool,
    /// What to do; the home screen when absent.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a session and open it.
    #[command(
        after_help = "Examples:\n  safestep new --title \"Autumn online safety review\" --org \"Hillside Academy\"\n  safestep new --title \"Spring review\" --from autumn.ron --no-open"
    )]
    New(NewArgs),
    /// Open a session in the TUI.
    #[command(
        after_help = "Examples:\n  safestep open autumn.ron\n  safestep open autumn.ron --read-only\n  safestep open autumn.ron --present"
    )]
    Open(OpenArgs),
    /// List the sessions in the data directory.
    #[command(
        after_help = "Reads only the first part of each file (its header); --full reads whole files for the\nprogress and conflict columns.\n\nExample:\n  safestep list\n  safestep list --full\n  safestep --data-dir /srv/esafety list"
    )]
    List(ListArgs),
    /// List every prompt id with its step and kind.
    #[command(
        after_help = "Example:\n  safestep prompts\n  safestep prompts --framework filtering-monitoring\n  safestep prompts --content my-framework.ron"
    )]
    Prompts(PromptsArgs),
    /// Record an answer as the current member (for scripts and pre-meeting input).
    #[command(after_help = ANSWER_HELP)]
    Answer(AnswerArgs),
    /// Show a session's answers as plain text, step by step.
    #[command(
        after_help = "Examples:\n  safestep show autumn.ron\n  safestep show autumn.ron vision.statement"
    )]
    Show(show::ShowArgs),
    /// List the frameworks a session can follow: built in, and installed in the config directory.
    #[command(
        after_help = "Install a framework by copying its .ron file into the frameworks folder of the\nconfig directory (SAFESTEP_CONFIG_DIR, or the platform's config directory).\n\nExamples:\n  safestep frameworks\n  safestep new --title \"Filtering review 2026\" --framework filtering-monitoring"
    )]
    Frameworks,
    /// Check that a session file or a content file is valid.
    #[command(
        after_help = "Exit status 0 when valid, 1 with FILE:LINE:COL: message when not.\n\nExamples:\n  safestep check autumn.ron\n  safestep check content/seven-steps.ron"
    )]
    Check(CheckArgs),
    /// Merge copies of one session into one file.
    #[command(
        after_help = "Every value from every copy is kept; where members changed the same answer differently the result holds a conflict for the group to settle.\n\nExamples:\n  safestep merge alice.ron bob.ron -o autumn.ron\n  safestep merge copies/*.ron -o autumn.ron"
    )]
    Merge(MergeArgs),
    /// Summarise a session as a report (Markdown, HTML, text, CSV or calendar).
    #[command(
        after_help = "Examples:\n  safestep summary autumn.ron > report.md\n  safestep summary autumn.ron --format html -o report.html\n  safestep summary autumn.ron --format csv --table risks -o risks.csv\n  safestep summary spring.ron --since autumn.ron"
    )]
    Summary(summary::SummaryArgs),
    /// Roll up every school's latest review into one picture for a trust.
    Rollup(rollup::RollupArgs),
    /// List the earlier versions of a session kept before merges, imports and restores.
    #[command(after_help = "Example:\n  safestep history autumn.ron")]
    History(history::HistoryArgs),
    /// Bring back an earlier version as new edits (they merge like any edit).
    #[command(
        after_help = "Example:\n  safestep history autumn.ron\n  safestep restore autumn.ron 2"
    )]
    Restore(history::RestoreArgs),
}

const ANSWER_HELP: &str = "VALUE is read according to the prompt's kind (see `safestep prompts`):
  ShortText, LongText   the text
  Date                  a date: 31/12/2026, 31/12/26, 31 Dec 2026 or 2026-12-31
  Choice                one option (its text, any case, or its number)
  Checklist             an option to tick; OPTION=no unticks it
  Rating                your own level (number or label); agreed=N sets the group's level
  Checked               your own judgement (met, partly met, not met, not known, or 1-4), or
                        FIELD=VALUE pairs separated by ';': judgement (yours), agreed,
                        basis (self-reported or checked), checked_on (a date), checked_by,
                        method, evidence (a link or file name), note
  List                  adds the text as an item
  Roster, Actions, Risks, Decisions, Table
                        adds an item: FIELD=VALUE pairs separated by ';' (write \\; for a
                        literal semicolon). Fields:
                          Roster     name, roles (comma-separated role ids), note
                          Actions    what, owner, due (a date), status (open, in progress,
                                     done, stuck, dropped, or the start of one; default open)
                          Risks      description, likelihood (1-5), impact (1-5), owner, mitigation
                          Decisions  what, why, date (a date), agreed_by
                          Table      one field per column, named in lower case with _ for spaces

Sensitive prompts (those that could name a learner): give the value as `-` to read it
from standard input (to its end; one trailing newline is removed), or with
--value-file PATH, so it never appears in the process list that every user of a shared
machine can read. A value given on the command line of a sensitive prompt gets a warning.

Examples:
  safestep answer autumn.ron vision.statement \"Every learner knows where to get help online.\"
  safestep answer autumn.ron review.next 2027-03-01
  safestep answer autumn.ron assess.filtering.level 3
  safestep answer review.ron filtering.iwf \"agreed=met; basis=checked; checked_on=2026-10-01; checked_by=Sam; evidence=provider-cert.pdf\"
  safestep answer autumn.ron review.actions \"what=Update the staff AUP; owner=Sam; due=2027-01-31\"
  safestep answer autumn.ron assess.incidents.evidence - < notes.txt
  safestep answer autumn.ron assess.incidents.evidence --value-file notes.txt";

/// `safestep new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The session's title.
    #[arg(long)]
    pub title: String,
    /// The school, college or trust.
    #[arg(long)]
    pub org: Option<String>,
    /// Who runs the meeting.
    #[arg(long)]
    pub facilitator: Option<String>,
    /// Where to write the session (default: a new file in the data directory).
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,
    /// Start the next review from an earlier session (its file or its id): the roster, open
    /// actions, risks, vision, policy statuses and owners and review triggers carry forward.
    #[arg(long, value_name = "OLD")]
    pub from: Option<PathBuf>,
    /// Print the path and stop; do not open the TUI.
    #[arg(long)]
    pub no_open: bool,
    /// The framework to follow, by id (see `safestep frameworks`; default: the seven steps).
    #[arg(long, value_name = "ID")]
    pub framework: Option<String>,
}

/// `safestep open`.
#[derive(Debug, Args)]
pub struct OpenArgs {
    /// The session file.
    pub file: PathBuf,
    /// Read only: no edits, nothing saved.
    #[arg(long)]
    pub read_only: bool,
    /// Start in the presenter view for a shared screen.
    #[arg(long)]
    pub present: bool,
}

/// `safestep prompts`.
#[derive(Debug, Args)]
pub struct PromptsArgs {
    /// List the prompts of this framework, by id (see `safestep frameworks`).
    #[arg(long, value_name = "ID")]
    pub framework: Option<String>,
}

/// `safestep list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Read whole files to show each session's progress and conflicts (slower).
    #[arg(long)]
    pub full: bool,
}

/// `safestep answer`.
#[derive(Debug, Args)]
pub struct AnswerArgs {
    /// The session file.
    pub file: PathBuf,
    /// The prompt id (see `safestep prompts`).
    pub prompt: String,
    /// The answer (see below for each kind); `-` reads it from standard input.
    #[arg(required_unless_present = "value_file")]
    pub value: Option<String>,
    /// Read the answer from this file (a regular file of at most 1 MiB).
    #[arg(long, value_name = "PATH", conflicts_with = "value")]
    pub value_file: Option<PathBuf>,
}

/// `safestep check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// A session file or a content (framework) file.
    pub file: PathBuf,
}

/// `safestep merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The copies to merge.
    #[arg(required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,
    /// Where to write the result (merged with what is already there).
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
    /// Merge copies of different sessions anyway.
    #[arg(long)]
    pub force: bool,
    /// Merge even when a copy would empty fields (one that has seen edits it
    /// no longer holds, such as a damaged or forged copy).
    #[arg(long)]
    pub allow_removals: bool,
}

/// The stamp for a new session: a new session id has no older copy, so the
/// run's own actor.
fn new_session_stamp(identity: &Identity) -> Stamp {
    Stamp {
        actor: identity.actor.clone(),
        member: identity.member.clone(),
        at: workshop::Now::System.to_second(),
    }
}

fn stamp(identity: &Identity, session: &Session) -> Stamp {
    Stamp {
        actor: identity.actor_for(session),
        member: identity.member.clone(),
        at: workshop::Now::System.to_second(),
    }
}

fn load_framework(cli: &Cli) -> Result<Framework> {
    match &cli.content {
        // The same careful read as a session: a regular file (no hang on a
        // FIFO), no larger than the size cap.
        Some(path) => {
            let bytes = store::read_capped(path, true).map_err(|e| match e {
                store::StoreError::Io { error, .. } => eyre!(
                    "{}: cannot read the content file: {}",
                    clean_path(path),
                    error.to_string().replace("session file", "content file")
                ),
                other => eyre!("{other}"),
            })?;
            let text = String::from_utf8(bytes)
                .map_err(|_| eyre!("{}: the content file is not UTF-8 text", path.display()))?;
            Framework::parse(&text).map_err(|e| eyre!("{}:{e}", path.display()))
        }
        None => Framework::embedded().map_err(|e| eyre!("built-in content:{e}")),
    }
}

fn load(path: &Path) -> Result<store::Loaded> {
    let loaded = store::load(path).map_err(|e| eyre!("{e}"))?;
    for w in &loaded.warnings {
        eprintln!("warning: {}", clean_line(w));
    }
    Ok(loaded)
}

/// Run the command line; returns the process exit code for success paths
/// that are not plain success (`check` on an invalid file).
///
/// # Errors
/// Any failure, as a one- or two-line message for stderr (exit code 1).
pub fn run(cli: Cli) -> Result<i32> {
    let plain = plain_requested(cli.plain);
    let framework = load_framework(&cli)?;
    let identity = Identity::resolve(cli.as_member.as_deref(), cli.data_dir.as_deref())
        .map_err(|e| eyre!("{e}"))?;
    history::announce_rescues();
    let chooser = frameworks::Chooser::new(&framework, &identity);
    match &cli.command {
        None => open_tui(&identity, &framework, crate::tui::Start::Home, false, plain),
        Some(Command::Open(a)) => {
            if !a.file.exists() {
                bail!("{}: no such session file", a.file.display());
            }
            open_tui(
                &identity,
                &framework,
                crate::tui::Start::Open {
                    path: a.file.clone(),
                    read_only: a.read_only,
                },
                a.present,
                plain,
            )
        }
        Some(Command::New(a)) => {
            let framework = if a.from.is_some() && a.framework.is_none() {
                None
            } else {
                Some(chooser.for_new(a.framework.as_deref())?)
            };
            new::run(a, &identity, framework, &chooser, plain)
        }
        Some(Command::List(a)) => cmd_list(a, &identity, &chooser),
        Some(Command::Frameworks) => Ok(frameworks::cmd_frameworks(&identity)),
        Some(Command::Prompts(a)) => {
            let framework = chooser.for_new(a.framework.as_deref())?;
            let mut out = String::new();
            for (i, p) in framework.prompts() {
                let _ = writeln!(
                    out,
                    "{:<32} step {}  {}",
                    clean_line(&p.id),
                    i + 1,
                    p.kind.name()
                );
            }
            print!("{out}");
            Ok(0)
        }
        Some(Command::Answer(a)) => cmd_answer(a, &identity, &chooser),
        Some(Command::Show(a)) => {
            let session = load(&a.file)?.session;
            let fitted = chooser.for_session(&session);
            if let Some(why) = &fitted.read_only {
                eprintln!("note: {}", clean_line(why));
            }
            show::run(a, &fitted.framework, &session)
        }
        Some(Command::Check(a)) => Ok(cmd_check(&a.file, &chooser)),
        Some(Command::Merge(a)) => cmd_merge(a, &identity),
        Some(Command::Summary(a)) => summary::run(a, &framework, &identity).map(|()| 0),
        Some(Command::Rollup(a)) => rollup::run(a, &framework, &identity, plain),
        Some(Command::History(a)) => history::cmd_history(a),
        Some(Command::Restore(a)) => history::cmd_restore(a, &identity),
    }
}

/// Whether plain mode was asked for, by flag or by `SAFESTEP_PLAIN`.
fn plain_requested(flag: bool) -> bool {
    flag || std::env::var("SAFESTEP_PLAIN").is_ok_and(|v| !v.is_empty() && v != "0")
}

fn open_tui(
    identity: &Identity,
    framework: &Framework,
    start: crate::tui::Start,
    present: bool,
    plain: bool,
) -> Result<i32> {
    if plain {
        let crate::tui::Start::Open { path, read_only } = start else {
            bail!(
                "plain mode needs a session: safestep open FILE --plain, or safestep new --title T --plain"
            );
        };
        // The session's own framework, with its retired prompts.
        let loaded = load(&path)?;
        let fitted = frameworks::Chooser::new(framework, identity).for_session(&loaded.session);
        if let Some(why) = &fitted.read_only {
            eprintln!("{}", clean_line(why));
        }
        crate::plain::run(crate::plain::PlainOptions {
            identity: identity.clone(),
            read_only: read_only || fitted.read_only.is_some(),
            framework: fitted.framework,
            path,
        })?;
        return Ok(0);
    }
    crate::tui::run(crate::tui::Options {
        identity: identity.clone(),
        framework: framework.clone(),
        start,
        present,
    })?;
    Ok(0)
}

fn cmd_list(a: &ListArgs, identity: &Identity, chooser: &frameworks::Chooser) -> Result<i32> {
    let tz = jiff::tz::TimeZone::system();
    let minute = |t: jiff::Timestamp| {
        t.to_zoned(tz.clone())
            .strftime("%Y-%m-%d %H:%M")
            .to_string()
    };
    let file_name = |p: &Path| {
        p.file_name()
            .map(|n| clean_line(&n.to_string_lossy()).into_owned())
            .unwrap_or_default()
    };
    // "seven-steps v1", with `!` when the session will open read-only.
    let framework_name = |s: &doc::Session| {
        let fitted = chooser.for_session(s);
        let mut name = format!("{} v{}", s.framework.id, s.framework.version);
        if fitted.read_only.is_some() {
            name.push('!');
        }
        (truncate(&clean_line(&name), 22), fitted)
    };
    let mut lines: Vec<(Option<jiff::Timestamp>, String)> = Vec::new();
    let header = if a.full {
        store::visit(&identity.data_dir, |l| {
            let name = file_name(&l.path);
            lines.push(match &l.session {
                Ok(loaded) => {
                    let s = &loaded.session;
                    let (fw_name, fitted) = framework_name(s);
                    let framework = &fitted.framework;
                    (
                        Some(s.last_change()),
                        format!(
                            "{:<32} {:<24} {:<22} {:<17} {:>3}/{} {:>9}  {}",
                            truncate(&clean_line(s.title()), 32),
                            truncate(&clean_line(s.organisation()), 24),
                            fw_name,
                            minute(s.last_change()),
                            workshop::progress::steps_done(framework, s),
                            framework.steps.len(),
                            s.conflicts().len(),
                            name
                        ),
                    )
                }
                Err(e) => (
                    None,
                    format!("(unreadable: {})", clean_line(&e.to_string())),
                ),
            });
        })
        .map_err(|e| eyre!("{e}"))?;
        format!(
            "{:<32} {:<24} {:<22} {:<17} {:>5} {:>9}  FILE",
            "TITLE", "ORGANISATION", "FRAMEWORK", "LAST CHANGE", "STEPS", "CONFLICTS"
        )
    } else {
        for l in store::list_headers(&identity.data_dir).map_err(|e| eyre!("{e}"))? {
            let name = file_name(&l.path);
            lines.push(match &l.header {
                Ok(h) => (
                    h.saved,
                    format!(
                        "{:<32} {:<24} {:<22} {:<17}  {}",
                        truncate(&clean_line(h.session.title()), 32),
                        truncate(&clean_line(h.session.organisation()), 24),
                        framework_name(&h.session).0,
                        h.saved.map(minute).unwrap_or_default(),
                        name
                    ),
                ),
                Err(e) => (
                    None,
                    format!("(unreadable: {})", clean_line(&e.to_string())),
                ),
            });
        }
        format!(
            "{:<32} {:<24} {:<22} {:<17}  FILE",
            "TITLE", "ORGANISATION", "FRAMEWORK", "SAVED"
        )
    };
    if lines.is_empty() {
        println!(
            "No sessions in {} yet. Start one with: safestep new --title \"...\"",
            clean_path(&identity.data_dir)
        );
        return Ok(0);
    }
    // Newest first; unreadable files last (a stable sort keeps them in file order).
    lines.sort_by_key(|l| std::cmp::Reverse(l.0));
    let mut out = String::new();
    let _ = writeln!(out, "{header}");
    for (_, line) in &lines {
        let _ = writeln!(out, "{line}");
    }
    print!("{out}");
    if !a.full {
        println!("(safestep list --full also shows each session's progress and conflicts)");
    }
    Ok(0)
}

/// Cut text to `width` characters, marking the cut with `…`.
#[must_use]
pub fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    let mut s: String = text.chars().take(width.saturating_sub(1)).collect();
    s.push('…');
    s
}

fn match_option<'a>(options: &'a [String], value: &str) -> Option<&'a String> {
    value::match_option(options, value).and_then(|i| options.get(i))
}

fn parse_date(value: &str) -> Result<String> {
    workshop::date::parse(value)
        .map(workshop::date::iso)
        .map_err(|e| eyre!("{e}"))
}

/// Split `a=1; b=2` into pairs; `\;` is a literal semicolon.
fn parse_pairs(value: &str) -> Result<Vec<(String, String)>> {
    value::parse_pairs(value).map_err(|e| eyre!("{e} (see safestep answer --help)"))
}

/// Check one item field's value against its type, returning the value to store.
///
/// # Errors
/// A message saying what was expected.
pub fn parse_field(
    framework: &Framework,
    ty: FieldType,
    name: &str,
    value: &str,
) -> Result<String> {
    value::parse_field(framework, ty, value)
        .map_err(|e| eyre!("{}", value::field_error(name, ty, &e)))
}

fn cmd_answer(a: &AnswerArgs, identity: &Identity, chooser: &frameworks::Chooser) -> Result<i32> {
    let loaded = load(&a.file)?;
    if loaded.read_only {
        bail!(
            "{}: written by a newer safestep; it cannot be changed by this one",
            a.file.display()
        );
    }
    let fitted = chooser.for_session(&loaded.session);
    if let Some(why) = &fitted.read_only {
        bail!("{}: {}", a.file.display(), clean_line(why));
    }
    let framework = &fitted.framework;
    let Some((_, prompt)) = framework.prompt(&a.prompt) else {
        bail!(
            "no prompt \"{}\" in {}; `safestep prompts` lists them",
            clean_line(&a.prompt),
            clean_line(&framework.title)
        );
    };
    let mut session = loaded.session;
    let stamp = stamp(identity, &session);
    let (value, source) = value_input::read_value(a.value.as_deref(), a.value_file.as_deref())?;
    if prompt.sensitive && source == value_input::Source::CommandLine {
        eprintln!(
            "warning: {} is sensitive, and a value on the command line can be read by other users of this machine; use `-` (standard input) or --value-file next time",
            prompt.id
        );
    }
    let value = value.as_str();
    match &prompt.kind {
        Kind::ShortText | Kind::LongText => session.set_text(&prompt.id, value, &stamp),
        Kind::Date => {
            let d = parse_date(value)?;
            session.set_text(&prompt.id, &d, &stamp);
        }
        Kind::Choice { options } => {
            let Some(o) = match_option(options, value) else {
                bail!(
                    "\"{}\" is not an option of {}; options: {}",
                    clean_line(value),
                    prompt.id,
                    options.join(" | ")
                );
            };
            session.set_text(&prompt.id, o, &stamp);
        }
        Kind::Checklist { options } => {
            let (opt, ticked) = value::parse_check(value);
            let Some(o) = match_option(options, opt) else {
                bail!(
                    "\"{}\" is not an option of {}; options: {}",
                    clean_line(opt),
                    prompt.id,
                    options.join(" | ")
                );
            };
            session.set_check(&prompt.id, o, ticked, &stamp);
        }
        Kind::Rating { levels } => {
            let (agreed, level) = match value.split_once('=') {
                Some((k, v)) if k.trim().eq_ignore_ascii_case("agreed") => (true, v),
                _ => (false, value),
            };
            let n = match_option(levels, level)
                .and_then(|l| levels.iter().position(|x| x == l))
                .and_then(|i| u8::try_from(i + 1).ok())
                .ok_or_else(|| {
                    eyre!(
                        "\"{}\" is not a level of {}; use 1 to {} or a label: {}",
                        clean_line(level),
                        prompt.id,
                        levels.len(),
                        levels.join(" | ")
                    )
                })?;
            if agreed {
                session.set_agreed_rating(&prompt.id, n, &stamp);
            } else {
                session.set_own_rating(&prompt.id, n, &stamp);
            }
        }
        Kind::List => {
            session.add_item(&prompt.id, &[("text", value)], &stamp);
        }
        Kind::Checked => {
            let edits = value::parse_checked(framework, value)
                .map_err(|e| eyre!("{}: {e} (see safestep answer --help)", prompt.id))?;
            for edit in edits {
                match edit {
                    value::CheckedEdit::Own(n) => session.set_own_judgement(&prompt.id, n, &stamp),
                    value::CheckedEdit::Agreed(n) => {
                        session.set_agreed_judgement(&prompt.id, n, &stamp);
                    }
                    value::CheckedEdit::Part(part, v) => {
                        session.set_checked_part(&prompt.id, &part, &v, &stamp);
                    }
                }
            }
        }
        kind => {
            let specs = kind.fields();
            let pairs = parse_pairs(value)?;
            let mut fields: Vec<(String, String)> = Vec::new();
            for (k, v) in pairs {
                let Some(spec) = specs.iter().find(|s| s.id == k) else {
                    let names: Vec<&str> = specs.iter().map(|s| s.id.as_str()).collect();
                    bail!(
                        "{} items have no field \"{}\"; fields: {}",
                        kind.name(),
                        clean_line(&k),
                        names.join(", ")
                    );
                };
                fields.push((k, parse_field(framework, spec.ty, &spec.id, &v)?));
            }
            let first = &specs[0].id;
            if !fields
                .iter()
                .any(|(k, v)| k == first && !v.trim().is_empty())
            {
                bail!("a {} item needs at least {first}=...", kind.name());
            }
            value::with_defaults(kind, &mut fields);
            let borrowed: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            session.add_item(&prompt.id, &borrowed, &stamp);
        }
    }
    store::save(&a.file, &mut session, identity.sharing).map_err(|e| eyre!("{e}"))?;
    Ok(0)
}

/// Whether a field is present, whatever it holds.
#[derive(Default)]
struct Present(bool);

impl<'de> serde::Deserialize<'de> for Present {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(d).map(|_| Present(true))
    }
}

/// Enough of a file to tell a session (`format`) from a framework (`steps`).
#[derive(serde::Deserialize)]
struct Probe {
    #[serde(default)]
    format: Present,
    #[serde(default)]
    steps: Present,
}

/// `safestep check`: print the verdict and return the exit code.
#[must_use]
fn cmd_check(path: &Path, chooser: &frameworks::Chooser) -> i32 {
    // Only a regular file within the size cap is read (never a FIFO or device).
    let bytes = match store::read_capped(path, true) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{}", clean_line(&e.to_string()));
            return 1;
        }
    };
    let text = String::from_utf8_lossy(&bytes);
    let probe: Option<Probe> = ron::from_str(&text).ok();
    if let Some(Probe {
        format: Present(false),
        steps: Present(true),
    }) = probe
    {
        return match Framework::parse(&text) {
            Ok(fw) => {
                println!(
                    "{}: valid content \"{}\" ({} steps, {} prompts)",
                    clean_path(path),
                    clean_line(&fw.title),
                    fw.steps.len(),
                    fw.prompts().count()
                );
                0
            }
            Err(e) => {
                eprintln!("{}", clean_line(&format!("{}:{e}", path.display())));
                1
            }
        };
    }
    // Values are checked against the session's own framework when it is installed.
    let fitted = doc::parse(&text)
        .ok()
        .map(|p| chooser.for_session(&p.session));
    let framework = match &fitted {
        Some(f) if f.read_only.is_none() => &f.framework,
        _ => &chooser.current,
    };
    check::session(path, &text, framework)
}

fn cmd_merge(a: &MergeArgs, identity: &Identity) -> Result<i32> {
    merge::run(a, identity)
}
