//! `safestep summary`: the command-line side of the reports. Reads the
//! session files and writes the output; the report itself is pure
//! ([`crate::report`]).

use crate::content::Framework;
use crate::report::{Format, Options, Table, build, compare, render};
use crate::store::{self, Identity};
use color_eyre::eyre::{WrapErr, eyre};
use std::io::Write;
use std::path::PathBuf;

/// An output format of `safestep summary`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// Markdown: the governors' report, readable in any viewer.
    #[default]
    Md,
    /// One self-contained HTML file (inline CSS and SVG, no scripts), prints on A4.
    Html,
    /// Plain text for a terminal or an e-mail.
    Txt,
    /// The action plan (or, with `--table risks`, the risk register) as CSV.
    Csv,
    /// Action due dates and the next review date as calendar events.
    Ics,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Md => Format::Md,
            FormatArg::Html => Format::Html,
            FormatArg::Txt => Format::Txt,
            FormatArg::Csv => Format::Csv,
            FormatArg::Ics => Format::Ics,
        }
    }
}

/// Which table `--format csv` writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum TableArg {
    /// The action plan.
    #[default]
    Actions,
    /// The risk register.
    Risks,
}

impl From<TableArg> for Table {
    fn from(t: TableArg) -> Self {
        match t {
            TableArg::Actions => Table::Actions,
            TableArg::Risks => Table::Risks,
        }
    }
}

/// Summarise a session: completion, roles, ratings, risks, actions,
/// decisions, review dates, conflicts, the policy questions and the evidence map.
///
/// Answers to prompts marked sensitive are left out unless
/// `--include-sensitive` is given, and the report says which were left out.
#[derive(Clone, Debug, clap::Args)]
#[command(after_help = "\
Examples:
  safestep summary autumn-review.ron
  safestep summary autumn-review.ron --format html -o governors.html
  safestep summary autumn-review.ron --format csv --table risks -o risks.csv
  safestep summary autumn-review.ron --format ics -o review-dates.ics
  safestep summary spring-review.ron --since autumn-review.ron")]
pub struct SummaryArgs {
    /// The session file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Md)]
    pub format: FormatArg,
    /// Write to this file (private to you) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// With --format csv: which table to write.
    #[arg(long, value_enum, default_value_t = TableArg::Actions)]
    pub table: TableArg,
    /// Also show what changed since an earlier session: ratings that moved,
    /// what became of its open actions, new and closed risks (md, html, txt).
    #[arg(long, value_name = "OLD")]
    pub since: Option<PathBuf>,
    /// Include answers to prompts marked sensitive (they may name learners).
    #[arg(long)]
    pub include_sensitive: bool,
    /// The date treated as today for overdue actions (YYYY-MM-DD); for tests.
    #[arg(long, value_name = "YYYY-MM-DD", hide = true)]
    pub today: Option<jiff::civil::Date>,
}

fn load(path: &std::path::Path) -> color_eyre::Result<crate::doc::Session> {
    let loaded = store::load(path).map_err(|e| eyre!("{e}"))?;
    for w in &loaded.warnings {
        eprintln!("warning: {}", crate::text::clean_line(w));
    }
    Ok(loaded.session)
}

/// Run `safestep summary`.
///
/// # Errors
/// Files that cannot be read or written, `--since` with CSV or ICS, and
/// `--table` without CSV.
pub fn run(
    args: &SummaryArgs,
    framework: &Framework,
    identity: &Identity,
) -> color_eyre::Result<()> {
    let format = Format::from(args.format);
    let table = Table::from(args.table);
    if args.since.is_some() && matches!(format, Format::Csv | Format::Ics) {
        return Err(eyre!("--since works with --format md, html or txt"));
    }
    if table != Table::Actions && format != Format::Csv {
        return Err(eyre!("--table works with --format csv"));
    }
    let session = load(&args.file)?;
    let today = args.today.unwrap_or_else(|| jiff::Zoned::now().date());
    let opts = Options {
        today,
        include_sensitive: args.include_sensitive,
    };
    let summary = build(framework, &session, &opts);
    if let Some(m) = &summary.framework_mismatch {
        eprintln!("warning: {m}; prompts the framework does not know are not in the report");
    }
    let comparison = match &args.since {
        Some(old_path) => {
            let old = super::new::find_session(old_path, &args.file, identity)?;
            Some(compare(framework, &old, &session, &opts))
        }
        None => None,
    };
    let out = render(format, table, &summary, comparison.as_ref());
    match &args.output {
        Some(path) => {
            store::write_atomic(path, out.as_bytes(), identity.sharing)
                .map_err(|e| eyre!("{e}"))?;
            if summary.include_sensitive && !summary.sensitive.is_empty() {
                eprintln!(
                    "note: {} includes answers marked sensitive; keep it private",
                    crate::text::clean_path(path)
                );
            }
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(out.as_bytes())
                .and_then(|()| stdout.flush())
            {
                // A reader such as `head` that stops early is not a failure.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                other => other.wrap_err("cannot write to standard output")?,
            }
        }
    }
    Ok(())
}
