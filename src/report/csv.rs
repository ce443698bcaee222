//! The action plan and the risk register as CSV (RFC 4180: CRLF line ends,
//! fields with a comma, quote or line break quoted, quotes doubled).
//!
//! Spreadsheets treat a cell that starts with `=`, `+`, `-` or `@` as a
//! formula, and some strip leading spaces, tabs or carriage returns first.
//! Such a cell, after any leading whitespace, gets a leading `'`, so it is
//! shown as the text it is.

use super::model::{Summary, clean};

/// Neutralise a cell a spreadsheet would read as a formula: one that starts
/// with `=`, `+`, `-` or `@` after any leading whitespace (an import that
/// trims spaces would otherwise run ` =1+1`), or with a tab or carriage
/// return.
#[must_use]
pub fn defuse(cell: &str) -> String {
    let first = cell.trim_start().chars().next();
    let starts_blank = cell.starts_with(['\t', '\r', '\n']);
    if starts_blank || matches!(first, Some('=' | '+' | '-' | '@')) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// One field, neutralised and quoted when it needs to be.
#[must_use]
pub fn field(cell: &str) -> String {
    let safe = defuse(cell);
    if safe.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", safe.replace('"', "\"\""))
    } else {
        safe
    }
}

/// A whole record, CRLF-terminated.
#[must_use]
pub fn record<S: AsRef<str>>(cells: &[S]) -> String {
    let mut line = cells
        .iter()
        .map(|c| field(c.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// Line breaks inside a cell as CRLF, as RFC 4180 expects.
fn multiline(text: &str) -> String {
    text.replace('\n', "\r\n")
}

/// The action plan: one row per action, grouped by owner, soonest due first.
#[must_use]
pub fn actions(s: &Summary) -> String {
    let mut out = record(&["Owner", "Action", "Due", "Status", "Overdue", "Step", "Id"]);
    for a in s.all_actions() {
        out.push_str(&record(&[
            a.owner.clone(),
            multiline(&a.what),
            a.due_date
                .map_or_else(|| a.due.clone(), crate::workshop::date::iso),
            a.status.clone(),
            if a.overdue { "yes".into() } else { "no".into() },
            format!("{}. {}", a.place.step, a.place.step_title),
            clean(&a.id),
        ]));
    }
    out
}

/// The risk register: one row per risk, highest score first.
#[must_use]
pub fn risks(s: &Summary) -> String {
    let mut out = record(&[
        "Risk",
        "Likelihood",
        "Impact",
        "Score",
        "Band",
        "Owner",
        "Mitigation",
        "Id",
    ]);
    let num = |v: Option<u8>| v.map_or_else(String::new, |v| v.to_string());
    for r in &s.risks {
        out.push_str(&record(&[
            multiline(&r.description),
            num(r.likelihood),
            num(r.impact),
            num(r.score()),
            r.band().to_owned(),
            r.owner.clone(),
            multiline(&r.mitigation),
            clean(&r.id),
        ]));
    }
    out
}
