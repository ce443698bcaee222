//! `safestep rollup`: the command-line side of a trust's roll-up. Finds and
//! reads the files through [`crate::rollup`], writes the chosen format, or
//! opens the roll-up screen on a terminal.

use crate::content::Framework;
use crate::rollup::{self, Options, select};
use crate::store::{self, Identity};
use color_eyre::eyre::{WrapErr, eyre};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// An output format of `safestep rollup`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum RollupFormat {
    /// One self-contained, printable HTML page with the heat map in colour.
    Html,
    /// Markdown.
    Md,
    /// One row per school and area, for a spreadsheet (formula-safe).
    Csv,
    /// Plain text.
    Txt,
}

/// Roll up every school's latest review into one picture: per school and
/// area the agreed level, the members' spread and the move since the last
/// review; the trust's median and range; review dates, actions, the highest
/// risks and the evidence map's gaps.
///
/// Answers to prompts marked sensitive are never included, and other free
/// text only with `--include-text`.
#[derive(Clone, Debug, clap::Args)]
#[command(after_help = "\
With no --format on a terminal, the roll-up opens as a screen: Enter on a school
opens its latest session read-only.

Sort by (and filter on) school, framework, last-review, next-review, open,
overdue, stuck, done, risk, gaps, late, or an area's name.

Examples:
  safestep rollup /srv/trust/reviews
  safestep rollup reviews/ --format html -o trust.html
  safestep rollup reviews/ --format csv --sort overdue:desc -o trust.csv
  safestep rollup reviews/ --format txt --filter late
  safestep rollup reviews/ --format md --filter 'filtering<3'")]
pub struct RollupArgs {
    /// Folders (searched recursively) and session files.
    #[arg(required = true, num_args = 1.., value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The output format (the roll-up screen on a terminal when absent; text otherwise).
    #[arg(long, value_enum)]
    pub format: Option<RollupFormat>,
    /// Write to this file (private to you) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Only sessions of this framework id.
    #[arg(long, value_name = "ID")]
    pub framework: Option<String>,
    /// Include free text (risk mitigations); answers to sensitive prompts are never included.
    #[arg(long)]
    pub include_text: bool,
    /// Order schools by a column; `COLUMN:desc` for highest first.
    #[arg(long, value_name = "COLUMN")]
    pub sort: Option<String>,
    /// Keep schools where COLUMN=TEXT, COLUMN>N, COLUMN<N, or a bare column is above 0 (such as `late`); repeatable.
    #[arg(long, value_name = "FILTER")]
    pub filter: Vec<String>,
    /// The date treated as today (YYYY-MM-DD); for tests.
    #[arg(long, value_name = "YYYY-MM-DD", hide = true)]
    pub today: Option<jiff::civil::Date>,
}

/// The frameworks a roll-up knows: the one in use (a `--content` file
/// replaces a framework of the same id), then every built-in and installed
/// framework (`safestep frameworks`).
fn frameworks(framework: &Framework, identity: &Identity) -> Vec<Framework> {
    let mut out = vec![framework.clone()];
    out.extend(
        crate::content::catalog::usable(&identity.config_dir)
            .into_iter()
            .filter(|f| f.id != framework.id),
    );
    out
}

/// Run `safestep rollup`.
///
/// # Errors
/// A bad sort or filter, or output that cannot be written.
pub fn run(
    args: &RollupArgs,
    framework: &Framework,
    identity: &Identity,
    plain: bool,
) -> color_eyre::Result<i32> {
    let today = args.today.unwrap_or_else(|| jiff::Zoned::now().date());
    let opts = Options {
        today,
        include_text: args.include_text,
        framework: args.framework.clone(),
        threads: rollup::discover::threads(),
    };
    let mut r = rollup::build(&args.paths, &frameworks(framework, identity), &opts);
    if let Some(s) = &args.sort {
        let by = select::Sort::parse(s, &r).map_err(|e| eyre!("--sort: {e}"))?;
        select::sort(&mut r, &by);
    }
    let filters = args
        .filter
        .iter()
        .map(|f| select::Filter::parse(f, &r))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| eyre!("--filter: {e}"))?;
    select::filter(&mut r, &filters);
    for p in &r.problems {
        eprintln!("warning: {}", p.line());
    }
    let format = match args.format {
        Some(f) => f,
        None if !plain && args.output.is_none() && std::io::stdout().is_terminal() => {
            return screen(r, framework, identity);
        }
        None => RollupFormat::Txt,
    };
    let out = match format {
        RollupFormat::Html => rollup::html::html(&r),
        RollupFormat::Md => rollup::render::markdown(&r),
        RollupFormat::Csv => rollup::render::csv(&r),
        RollupFormat::Txt => rollup::render::text(&r),
    };
    match &args.output {
        Some(path) => {
            store::write_atomic(path, out.as_bytes(), identity.sharing)
                .map_err(|e| eyre!("{e}"))?;
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(out.as_bytes())
                .and_then(|()| stdout.flush())
            {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                other => other.wrap_err("cannot write to standard output")?,
            }
        }
    }
    Ok(0)
}

/// The roll-up screen; Enter opens a school's latest session read-only in
/// the usual TUI and comes back to the roll-up when it closes.
fn screen(
    r: rollup::Rollup,
    framework: &Framework,
    identity: &Identity,
) -> color_eyre::Result<i32> {
    let mut view =
        crate::tui::rollup_view::RollupView::new(r, crate::tui::theme::Theme::from_env());
    while let Some(path) = crate::tui::rollup_view::run(&mut view)? {
        let fw = view
            .selected()
            .and_then(|s| {
                frameworks(framework, identity)
                    .into_iter()
                    .find(|f| f.id == s.framework)
            })
            .unwrap_or_else(|| framework.clone());
        crate::tui::run(crate::tui::Options {
            identity: identity.clone(),
            framework: fw,
            start: crate::tui::Start::Open {
                path,
                read_only: true,
            },
            present: false,
        })?;
    }
    Ok(0)
}
