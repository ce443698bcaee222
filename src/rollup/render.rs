//! The roll-up as CSV, Markdown and plain text. Every text in a [`Rollup`]
//! is already cleaned of control characters; Markdown escapes what it must.

use super::{Area, Rollup, School};
use crate::report::csv::record;
use crate::workshop::date;
use std::fmt::Write as _;

/// A date as people read it.
fn day(d: jiff::civil::Date) -> String {
    date::long(d)
}

/// The next review as shown, with a mark when it has passed.
#[must_use]
pub fn next_review(s: &School) -> String {
    match s.next_review {
        Some(d) if s.review_overdue => format!("{} (overdue)", day(d)),
        Some(d) => day(d),
        None if !s.next_review_text.is_empty() => s.next_review_text.clone(),
        None => "not set".into(),
    }
}

/// The flags of a school, in words.
#[must_use]
pub fn flags(s: &School) -> Vec<&'static str> {
    let mut out = Vec::new();
    if s.stale {
        out.push("no review in the last 12 months");
    }
    if s.review_overdue {
        out.push("next review overdue");
    }
    out
}

/// A median as shown: `3` or `2.5`.
#[must_use]
pub fn median(m: Option<f64>) -> String {
    m.map_or_else(|| "-".into(), |m| format!("{m}"))
}

/// A range as shown: `1-4`.
#[must_use]
pub fn range(r: Option<(u8, u8)>) -> String {
    r.map_or_else(|| "-".into(), |(lo, hi)| format!("{lo}-{hi}"))
}

/// The school's name as shown (a session without an organisation by its title).
#[must_use]
pub fn name(s: &School) -> String {
    if s.organisation.is_empty() {
        format!("(no organisation) {}", s.title)
    } else {
        s.organisation.clone()
    }
}

/// CSV: one row per school and area, formula-safe.
#[must_use]
pub fn csv(r: &Rollup) -> String {
    let mut out = record(&[
        "School",
        "Framework",
        "Area",
        "Agreed level",
        "Level name",
        "Lowest member rating",
        "Highest member rating",
        "Members who rated",
        "Previous agreed level",
        "Trend",
        "Trust median",
        "Trust lowest",
        "Trust highest",
        "Last review",
        "Previous review",
        "Next review",
        "Review overdue",
        "No review in 12 months",
        "Actions open",
        "Actions overdue",
        "Actions stuck",
        "Actions done since last review",
        "Highest risk score",
        "Evidence gaps",
        "File",
    ]);
    for s in &r.schools {
        for (a, c) in r.areas(&s.framework).iter().zip(&s.cells) {
            let opt = |v: Option<u8>| v.map_or_else(String::new, |v| v.to_string());
            let label = c
                .agreed
                .and_then(|l| a.levels.get(usize::from(l).saturating_sub(1)))
                .cloned()
                .unwrap_or_default();
            out.push_str(&record(&[
                name(s),
                s.framework.clone(),
                a.name.clone(),
                opt(c.agreed),
                label,
                opt(c.spread.map(|x| x.0)),
                opt(c.spread.map(|x| x.1)),
                c.raters.to_string(),
                opt(c.previous),
                c.trend().word().to_owned(),
                a.median.map_or_else(String::new, |m| format!("{m}")),
                opt(a.range.map(|x| x.0)),
                opt(a.range.map(|x| x.1)),
                date::iso(s.last_review),
                s.previous_review.map_or_else(String::new, date::iso),
                s.next_review
                    .map_or_else(|| s.next_review_text.clone(), date::iso),
                yes(s.review_overdue),
                yes(s.stale),
                s.actions.open.to_string(),
                s.actions.overdue.to_string(),
                s.actions.stuck.to_string(),
                s.actions.done_since.to_string(),
                s.top_score().to_string(),
                s.gaps.len().to_string(),
                crate::text::clean_path(&s.path),
            ]));
        }
    }
    out
}

fn yes(b: bool) -> String {
    if b { "yes" } else { "no" }.to_owned()
}

/// Escape what Markdown would read as markup in a table cell or line.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' | '{' | '}'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The heat map rows of one framework, as cells of text.
fn grid(r: &Rollup, fw: &str) -> Vec<(String, Vec<String>, String)> {
    r.schools
        .iter()
        .filter(|s| s.framework == fw)
        .map(|s| {
            let mut mark = String::new();
            if s.late() {
                mark.push_str(" (late)");
            }
            (
                format!("{}{mark}", name(s)),
                s.cells.iter().map(super::Cell::short).collect(),
                next_review(s),
            )
        })
        .collect()
}

fn trust_row(areas: &[Area]) -> Vec<String> {
    areas
        .iter()
        .map(|a| format!("{} ({})", median(a.median), range(a.range)))
        .collect()
}

/// Markdown.
#[must_use]
pub fn markdown(r: &Rollup) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Trust roll-up, {}\n", day(r.today));
    let _ = writeln!(out, "> {}\n", md(&r.privacy_note()));
    let _ = writeln!(
        out,
        "{} school reviews from {} session files. Each cell: the agreed level, the arrow since the previous review, and the spread of members' ratings.\n",
        r.schools.len(),
        r.files
    );
    for fw in &r.frameworks {
        let _ = writeln!(out, "## {} (`{}`)\n", md(&fw.title), md(&fw.id));
        let mut head = vec!["School".to_owned()];
        head.extend(fw.areas.iter().map(|a| md(&a.name)));
        head.push("Next review".into());
        let _ = writeln!(out, "| {} |", head.join(" | "));
        let _ = writeln!(out, "|{}", "---|".repeat(head.len()));
        for (school, cells, next) in grid(r, &fw.id) {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                md(&school),
                cells.join(" | "),
                md(&next)
            );
        }
        let _ = writeln!(
            out,
            "| **Trust median (range)** | {} | |\n",
            trust_row(&fw.areas).join(" | ")
        );
    }
    let _ = writeln!(out, "## Schools\n");
    for s in &r.schools {
        let _ = writeln!(out, "### {} ({})\n", md(&name(s)), md(&s.framework));
        for f in flags(s) {
            let _ = writeln!(out, "**Flag: {f}.**\n");
        }
        let _ = writeln!(out, "- Session: {} ({} copies)", md(&s.title), s.copies);
        let _ = writeln!(out, "- Last review: {}", day(s.last_review));
        if let Some(p) = s.previous_review {
            let _ = writeln!(out, "- Previous review: {}", day(p));
        }
        let _ = writeln!(out, "- Next review: {}", md(&next_review(s)));
        let a = s.actions;
        let _ = writeln!(
            out,
            "- Actions: {} open, {} overdue, {} stuck, {} done since the last review",
            a.open, a.overdue, a.stuck, a.done_since
        );
        for o in &s.overdue_actions {
            let _ = writeln!(
                out,
                "  - Overdue: {} ({}, due {})",
                md(&o.what),
                md(&owner(&o.owner)),
                md(&o.due)
            );
        }
        if s.top_risks.is_empty() {
            let _ = writeln!(out, "- Highest risks: none scored");
        } else {
            let _ = writeln!(out, "- Highest risks:");
            for k in &s.top_risks {
                let _ = writeln!(
                    out,
                    "  - {} {}: {} ({})",
                    k.score,
                    k.band,
                    md(&k.description),
                    md(&owner(&k.owner))
                );
                if let Some(m) = k.mitigation.as_deref().filter(|m| !m.is_empty()) {
                    let _ = writeln!(out, "    - Mitigation: {}", md(&m.replace('\n', " ")));
                }
            }
        }
        if s.gaps.is_empty() {
            let _ = writeln!(out, "- Evidence map: no gaps");
        } else {
            let _ = writeln!(out, "- Evidence map gaps ({}):", s.gaps.len());
            for g in &s.gaps {
                let _ = writeln!(out, "  - {}", md(g));
            }
        }
        if let Some(c) = &s.checked {
            let _ = writeln!(
                out,
                "- Requirements: {} not met, {} partly met, {} not known; {} met, {} of them checked",
                c.not_met, c.partly_met, c.not_known, c.met, c.met_checked
            );
        }
        let _ = writeln!(out);
    }
    problems_md(r, &mut out);
    out
}

fn owner(o: &str) -> String {
    if o.is_empty() {
        "no owner".into()
    } else {
        o.to_owned()
    }
}

fn problems_md(r: &Rollup, out: &mut String) {
    if r.problems.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Files left out\n");
    for p in &r.problems {
        let _ = writeln!(out, "- `{}`", p.line().replace('`', "'"));
    }
    let _ = writeln!(out);
}

/// Plain text, for a terminal or a printer.
#[must_use]
pub fn text(r: &Rollup) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Trust roll-up, {}", day(r.today));
    let _ = writeln!(out, "{}\n", r.privacy_note());
    let _ = writeln!(
        out,
        "{} school reviews from {} session files. Each cell: agreed level, arrow since the previous review, (lowest-highest member rating).\n",
        r.schools.len(),
        r.files
    );
    for fw in &r.frameworks {
        let _ = writeln!(out, "{} ({})", fw.title, fw.id);
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut head = vec!["School".to_owned()];
        head.extend(fw.areas.iter().map(|a| a.name.clone()));
        head.push("Next review".into());
        rows.push(head);
        for (school, cells, next) in grid(r, &fw.id) {
            let mut row = vec![school];
            row.extend(cells);
            row.push(next);
            rows.push(row);
        }
        let mut trust = vec!["Trust median (range)".to_owned()];
        trust.extend(trust_row(&fw.areas));
        trust.push(String::new());
        rows.push(trust);
        table(&rows, &mut out);
        let _ = writeln!(out);
    }
    for s in &r.schools {
        let _ = writeln!(out, "{} ({})", name(s), s.framework);
        for f in flags(s) {
            let _ = writeln!(out, "  FLAG: {f}");
        }
        let _ = writeln!(
            out,
            "  Last review {}; next review {}",
            day(s.last_review),
            next_review(s)
        );
        let a = s.actions;
        let _ = writeln!(
            out,
            "  Actions: {} open, {} overdue, {} stuck, {} done since the last review",
            a.open, a.overdue, a.stuck, a.done_since
        );
        for o in &s.overdue_actions {
            let _ = writeln!(
                out,
                "    overdue: {} ({}, due {})",
                o.what,
                owner(&o.owner),
                o.due
            );
        }
        for k in &s.top_risks {
            let _ = writeln!(
                out,
                "  Risk {} {}: {} ({})",
                k.score,
                k.band,
                k.description,
                owner(&k.owner)
            );
            if let Some(m) = k.mitigation.as_deref().filter(|m| !m.is_empty()) {
                let _ = writeln!(out, "    mitigation: {}", m.replace('\n', " "));
            }
        }
        let _ = writeln!(out, "  Evidence map gaps: {}", s.gaps.len());
        for g in &s.gaps {
            let _ = writeln!(out, "    {g}");
        }
        if let Some(c) = &s.checked {
            let _ = writeln!(
                out,
                "  Requirements: {} not met, {} partly met, {} not known; {} met, {} of them checked",
                c.not_met, c.partly_met, c.not_known, c.met, c.met_checked
            );
        }
        let _ = writeln!(out);
    }
    if !r.problems.is_empty() {
        let _ = writeln!(out, "Files left out:");
        for p in &r.problems {
            let _ = writeln!(out, "  {}", p.line());
        }
    }
    out
}

/// Columns padded to their widest cell (by display width).
fn table(rows: &[Vec<String>], out: &mut String) {
    use unicode_width::UnicodeWidthStr;
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in rows {
        let mut line = String::new();
        for (cell, w) in row.iter().zip(&widths) {
            line.push_str(cell);
            line.push_str(&" ".repeat(w.saturating_sub(cell.width()) + 2));
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
}
