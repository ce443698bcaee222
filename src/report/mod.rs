//! Summaries and reports built from a session and its framework.
//!
//! Pure: no command-line parsing and no file I/O (`safestep summary` reads
//! and writes files in [`crate::cli`]); every rule comes from the core.
//!
//! [`model::build`] computes a [`Summary`] once (user text cleaned of control
//! characters, sensitive answers masked); one renderer per format lays it out.
//! [`compare::compare`] adds what changed since an earlier session, and
//! [`carry_forward`] starts the next review from an earlier one.

pub mod checked;
pub mod compare;
pub mod csv;
pub mod fmt;
pub mod html;
pub mod ics;
pub mod markdown;
pub mod model;
pub mod text;

pub use compare::{CARRIED_FROM, Carried, Comparison, carry_forward, compare};
pub use model::{Options, Summary, build};

/// An output format of `safestep summary`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
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

/// Which table `--format csv` writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Table {
    /// The action plan.
    #[default]
    Actions,
    /// The risk register.
    Risks,
}

/// Render a summary in a format. `since` adds the comparison section to
/// Markdown, HTML and text; CSV and ICS ignore it.
#[must_use]
pub fn render(
    format: Format,
    table: Table,
    summary: &Summary,
    since: Option<&Comparison>,
) -> String {
    match format {
        Format::Md => markdown::render(summary, since),
        Format::Html => html::render(summary, since),
        Format::Txt => text::render(summary, since),
        Format::Csv => match table {
            Table::Actions => csv::actions(summary),
            Table::Risks => csv::risks(summary),
        },
        Format::Ics => ics::render(summary),
    }
}
