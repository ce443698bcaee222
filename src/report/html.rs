//! The summary as one self-contained HTML file: inline CSS, inline SVG for
//! the risk grid and the ratings, no scripts, no external resources, laid
//! out to print on A4.
//!
//! Written with the `maud` template macros, which escape every piece of
//! text they are given (`&`, `<`, `>` and `"`), in element content and in
//! quoted attribute values alike; nothing is pasted in as markup except the
//! fixed CSS. No user text is ever placed in CSS, in a URL or in an unquoted
//! attribute. A Content-Security-Policy that allows no scripts and no
//! fetches is a second line of defence.
//!
//! Print rules (in the CSS): long words and links wrap anywhere
//! (`overflow-wrap: anywhere`), headings and labels stay with what follows
//! (`break-after: avoid`), and dates never break (`white-space: nowrap` on
//! `.date`).

use super::compare::{Comparison, Outcome};
use super::fmt;
use super::model::{
    AnswerRef, Coverage, MASKED, MeetingSummary, RatingArea, Risk, StepAnswers, Summary,
};
use maud::{DOCTYPE, Markup, PreEscaped, html};

const CSS: &str = r#"
@page { size: A4; margin: 16mm 14mm 18mm 14mm; }
@page { @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt sans-serif; color: #555; } }
:root { --ink: #1b1f24; --muted: #555d66; --rule: #c9ced4; --soft: #f2f4f6;
  --low: #cfe8d2; --medium: #fbe3a6; --high: #f4b4ad; --accent: #1f4e79; --warn: #a11d12; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
  color: var(--ink); margin: 0 auto; max-width: 190mm; padding: 12mm 10mm; font-size: 10pt; line-height: 1.35;
  overflow-wrap: anywhere; }
header { border-bottom: 3px solid var(--accent); padding-bottom: 4mm; margin-bottom: 5mm; }
h1 { font-size: 20pt; margin: 0 0 2mm; color: var(--accent); line-height: 1.2; }
h2 { font-size: 14pt; color: var(--accent); border-bottom: 1px solid var(--rule); padding-bottom: 1mm;
  margin: 6mm 0 2mm; }
h3 { font-size: 11pt; margin: 3mm 0 1.5mm; }
h4 { font-size: 10.5pt; margin: 3mm 0 1mm; font-style: italic; font-weight: 600; }
/* A heading or a label stays with what follows it. */
h1, h2, h3, h4, .label, .place, dt, caption { break-after: avoid; page-break-after: avoid; break-inside: avoid; }
.keep { break-inside: avoid; page-break-inside: avoid; }
p { margin: 1.5mm 0; }
/* Long words and links wrap instead of widening the page. */
p, li, td, th, dd, dt, .answer, footer { overflow-wrap: anywhere; word-break: normal; }
/* Dates never break across lines. */
.date { white-space: nowrap; }
.meta { color: var(--muted); margin: 0; }
.meta b { color: var(--ink); font-weight: 600; }
.note { border-left: 4px solid var(--warn); background: #fdf0ee; padding: 2mm 3mm; margin: 3mm 0; }
.glance { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 2mm; margin: 0; }
.glance div { background: var(--soft); padding: 2mm 3mm; border-radius: 2mm; break-inside: avoid; }
.glance dt { font-size: 8.5pt; color: var(--muted); text-transform: uppercase; letter-spacing: .03em; }
.glance dd { margin: 0; font-size: 12pt; font-weight: 600; }
table { border-collapse: collapse; width: 100%; max-width: 100%; margin: 2mm 0 3mm; font-size: 9pt; }
th, td { text-align: left; vertical-align: top; padding: 0.8mm 1.5mm; border-bottom: 1px solid var(--rule); }
tr.group td { background: var(--soft); font-weight: 600; break-after: avoid; page-break-after: avoid; }
th { background: var(--soft); font-weight: 600; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
table.actions, table.decisions, table.risks, table.evidence, table.questions, table.policies { table-layout: fixed; }
table.actions th:nth-child(1) { width: 19%; } table.actions th:nth-child(3) { width: 13%; }
table.actions th:nth-child(4), table.decisions th:nth-child(4) { width: 9%; }
table.decisions th:nth-child(3) { width: 22%; }
table.risks th:nth-child(1) { width: 9%; } table.risks th:nth-child(3) { width: 12%; }
table.risks th:nth-child(4) { width: 9%; }
th { overflow-wrap: normal; }
table.risks th:nth-child(5) { width: 14%; }
table.evidence th:nth-child(1) { width: 32%; } table.evidence th:nth-child(2) { width: 14%; }
table.policies th:nth-child(2) { width: 16%; } table.policies th:nth-child(4) { width: 20%; }
td.num { text-align: right; white-space: nowrap; }
.done { color: var(--muted); }
tr.overdue td { background: #fdf0ee; }
tr.overdue td:first-child { border-left: 4px solid var(--warn); }
.badge { display: inline-block; font-size: 8pt; font-weight: 700; padding: 0 1.5mm; border-radius: 1mm;
  border: 1px solid currentColor; white-space: nowrap; }
.badge.warn { color: var(--warn); }
.band-high { background: var(--high); } .band-medium { background: var(--medium); } .band-low { background: var(--low); }
.cov-addressed { color: #1d5e2a; font-weight: 600; } .cov-partly { color: #7a5300; font-weight: 600; }
.cov-nothing { color: var(--warn); font-weight: 600; }
.finding { color: var(--warn); font-weight: 600; }
.muted { color: var(--muted); }
.masked { color: var(--muted); font-style: italic; }
.grid-wrap { display: flex; gap: 6mm; align-items: flex-start; break-inside: avoid; }
.grid-wrap svg { flex: none; }
ul { margin: 1mm 0 2mm; padding-left: 6mm; }
li { margin: .5mm 0; }
.answer { margin: 0 0 2mm 0; }
.place { font-weight: 600; margin-bottom: 0; }
.signoff { margin-top: 6mm; break-inside: avoid; }
.signoff dl { display: grid; grid-template-columns: 25mm 1fr; gap: 4mm 2mm; }
.signoff dd { margin: 0; border-bottom: 1px solid var(--ink); min-height: 6mm; }
/* The appendix: every answer once, small and in two columns. */
#answers .body { columns: 2; column-gap: 6mm; font-size: 8.5pt; }
#answers h3 { break-inside: avoid; margin-top: 2mm; }
#answers .answer, #answers p { margin: 0 0 1mm; }
footer { margin-top: 8mm; border-top: 1px solid var(--rule); padding-top: 2mm; font-size: 8.5pt; color: var(--muted); }
@media print { body { padding: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
"#;

/// Text with its line breaks kept as `<br>`.
fn lines(text: &str) -> Markup {
    html! {
        @for (i, l) in text.split('\n').enumerate() {
            @if i > 0 { br; "\n" }
            (l)
        }
    }
}

/// A date that never breaks across lines. Text typed where a date belongs
/// that is longer than any date may wrap like any other text.
fn date(text: &str) -> Markup {
    html! {
        @if text.chars().count() <= 32 { span.date { (text) } } @else { (text) }
    }
}

/// "proposed by X" under an entry, when recorded.
fn proposer(name: &str) -> Markup {
    html! {
        @if !name.is_empty() {
            br; span.muted { "proposed by " (name) }
        }
    }
}

fn answer(a: &AnswerRef) -> Markup {
    html! {
        @if a.masked {
            p.masked { (MASKED) }
        } @else {
            @match a.lines.as_slice() {
                [] => p.muted { "Not answered." },
                [one] => p.answer { (lines(one)) },
                many => ul.answer { @for l in many { li { (lines(l)) } } },
            }
        }
    }
}

/// A table: a class, the column headings, and rows of (row class, cells).
fn table(class: &str, headers: &[&str], rows: &[(&str, Vec<Markup>)]) -> Markup {
    html! {
        table class=(class) {
            thead { tr { @for h in headers { th scope="col" { (h) } } } }
            tbody {
                @for (row_class, cells) in rows {
                    tr class=[(!row_class.is_empty()).then_some(*row_class)] {
                        @for c in cells { td { (c) } }
                    }
                }
            }
        }
    }
}

fn band_colour(score: u32) -> &'static str {
    match score {
        15.. => "#f4b4ad",
        8..=14 => "#fbe3a6",
        _ => "#cfe8d2",
    }
}

/// The likelihood x impact grid as SVG: each cell coloured by its score band
/// and labelled with the number of risks in it.
#[must_use]
pub fn risk_grid_svg(grid: &[[u32; 5]; 5]) -> String {
    risk_grid(grid).into_string()
}

fn risk_grid(grid: &[[u32; 5]; 5]) -> Markup {
    const CELL: u32 = 34;
    const LEFT: u32 = 44;
    const TOP: u32 = 8;
    let w = LEFT + CELL * 5 + 4;
    let h = TOP + CELL * 5 + 40;
    let total: u32 = grid.iter().flatten().sum();
    let at = |i: u32, l: u32| {
        grid.get((i - 1) as usize)
            .and_then(|row| row.get((l - 1) as usize))
            .copied()
            .unwrap_or(0)
    };
    html! {
        svg xmlns="http://www.w3.org/2000/svg" width=(w) height=(h) viewBox={"0 0 " (w) " " (h)}
            role="img" aria-label={"Risk grid: " (total) " risks by likelihood and impact"}
            font-family="sans-serif" {
            @for impact in 1..=5u32 {
                @let y = TOP + (5 - impact) * CELL;
                text x=(LEFT - 6) y=(y + CELL / 2 + 4) font-size="10" text-anchor="end" fill="#555d66" { (impact) }
                @for likelihood in 1..=5u32 {
                    @let x = LEFT + (likelihood - 1) * CELL;
                    @let n = at(impact, likelihood);
                    rect x=(x) y=(y) width=(CELL) height=(CELL) fill=(band_colour(impact * likelihood))
                        stroke="#ffffff" stroke-width="2" {}
                    @if n > 0 {
                        circle cx=(x + CELL / 2) cy=(y + CELL / 2) r="11" fill="#1b1f24" {}
                        text x=(x + CELL / 2) y=(y + CELL / 2 + 4) font-size="12" font-weight="bold"
                            text-anchor="middle" fill="#ffffff" { (n) }
                    }
                }
            }
            @for likelihood in 1..=5u32 {
                text x=(LEFT + (likelihood - 1) * CELL + CELL / 2) y=(TOP + 5 * CELL + 13) font-size="10"
                    text-anchor="middle" fill="#555d66" { (likelihood) }
            }
            text x=(LEFT + CELL * 5 / 2) y=(TOP + 5 * CELL + 30) font-size="10" text-anchor="middle"
                fill="#1b1f24" { "Likelihood" }
            text x="12" y=(TOP + CELL * 5 / 2) font-size="10" text-anchor="middle" fill="#1b1f24"
                transform={"rotate(-90 12 " (TOP + CELL * 5 / 2) ")"} { "Impact" }
        }
    }
}

/// One area's ratings on its scale as SVG: a dot per member level (with a
/// count when several members chose it) and a ring around the agreed level.
#[must_use]
pub fn rating_svg(r: &RatingArea) -> String {
    rating_chart(r).into_string()
}

fn rating_chart(r: &RatingArea) -> Markup {
    const STEP: u32 = 30;
    let levels = u32::try_from(r.levels.len().max(5)).unwrap_or(5);
    let w = STEP * levels + 8;
    let h = 36;
    let label = format!(
        "{}: members {}; agreed {}",
        r.area,
        fmt::member_ratings(r),
        fmt::agreed(r)
    );
    html! {
        svg xmlns="http://www.w3.org/2000/svg" width=(w) height=(h) viewBox={"0 0 " (w) " " (h)}
            role="img" aria-label=(label) font-family="sans-serif" {
            line x1=(4 + STEP / 2) y1="14" x2=(4 + STEP * levels - STEP / 2) y2="14" stroke="#c9ced4"
                stroke-width="2" {}
            @for level in 1..=levels {
                @let cx = 4 + (level - 1) * STEP + STEP / 2;
                @let count = r.members.iter().filter(|m| u32::from(m.1) == level).count();
                @if r.agreed.is_some_and(|a| u32::from(a) == level) {
                    circle cx=(cx) cy="14" r="12" fill="none" stroke="#1f4e79" stroke-width="3" {}
                }
                @if count > 0 {
                    circle cx=(cx) cy="14" r="8" fill="#1f4e79" {}
                    text x=(cx) y="18" font-size="10" font-weight="bold" text-anchor="middle" fill="#ffffff" { (count) }
                } @else {
                    circle cx=(cx) cy="14" r="3" fill="#c9ced4" {}
                }
                text x=(cx) y="35" font-size="8" text-anchor="middle" fill="#555d66" { (level) }
            }
        }
    }
}

/// Render the summary as a complete HTML document.
#[must_use]
pub fn render(s: &Summary, since: Option<&Comparison>) -> String {
    let title = if s.title.is_empty() {
        "E-safety review".to_owned()
    } else {
        s.title.clone()
    };
    let page = html! {
        (DOCTYPE)
        html lang="en-GB" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content="safestep";
                title { (title) }
                style { (PreEscaped(CSS)) }
            }
            body {
                header {
                    h1 { (lines(&title)) }
                    @if !s.organisation.is_empty() {
                        p.meta { b { "Organisation:" } " " (s.organisation) }
                    }
                    @if !s.facilitator.is_empty() {
                        p.meta { b { "Facilitator:" } " " (s.facilitator) }
                    }
                    p.meta {
                        b { "Session started" } " " (date(&fmt::day(s.created)))
                        " · " b { "last change" } " " (date(&fmt::day(s.last_change)))
                        " · " b { "report date" } " " (date(&fmt::date(s.today)))
                    }
                }
                main {
                    @if let Some(note) = s.sensitive_note() {
                        p.note { b { "Sensitive answers." } " " (note) }
                    }
                    @if let Some(m) = &s.framework_mismatch {
                        p.note { b { "Note:" } " " (m) "." }
                    }
                    section #glance {
                        h2 { "At a glance" }
                        dl.glance {
                            @for (k, v) in fmt::glance(s) {
                                div { dt { (k) } dd { (v) } }
                            }
                        }
                    }
                    @if let Some(c) = since { (comparison(c)) }
                    @if let Some(m) = &s.meeting { (meeting(m)) }
                    (ratings(s))
                    (risks(s))
                    (actions(s))
                    (decisions(s))
                    (policies(s))
                    (review(s))
                    (conflicts(s))
                    (roles(s))
                    (steps(s))
                    (questions(s))
                    (evidence(s))
                    (answers(s))
                    (sign_off(s))
                }
                footer { (fmt::colophon(s)) }
            }
        }
    };
    readable(&page.into_string())
}

/// The markup with a line break after each block's end tag, so the file
/// reads (and compares) line by line. Only markup is touched: every `<` in
/// text was escaped by the templates.
fn readable(markup: &str) -> String {
    const BLOCK_ENDS: &[&str] = &[
        "</head>",
        "</style>",
        "</header>",
        "</section>",
        "</h1>",
        "</h2>",
        "</h3>",
        "</h4>",
        "</p>",
        "</ul>",
        "</ol>",
        "</li>",
        "</dl>",
        "</table>",
        "</thead>",
        "</tr>",
        "</div>",
        "</svg>",
        "</footer>",
        "</main>",
        "</body>",
    ];
    let mut out = String::with_capacity(markup.len() + markup.len() / 16);
    let mut rest = markup;
    while let Some(at) = rest.find("</") {
        let (before, tail) = rest.split_at(at);
        out.push_str(before);
        match BLOCK_ENDS.iter().find(|t| tail.starts_with(**t)) {
            Some(tag) => {
                out.push_str(tag);
                out.push('\n');
                rest = &tail[tag.len()..];
            }
            None => {
                out.push_str("</");
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn meeting(m: &MeetingSummary) -> Markup {
    let names = |present: bool| -> (usize, Markup) {
        let v: Vec<_> = m
            .attendance
            .iter()
            .filter(|a| a.present == present)
            .collect();
        let text = html! {
            @if v.is_empty() { "nobody" }
            @for (i, a) in v.iter().enumerate() {
                @if i > 0 { ", " }
                (a.name)
                @if !a.in_roster { " " span.muted { "(not on the roster)" } }
            }
        };
        (v.len(), text)
    };
    html! {
        section #meeting {
            h2 { "The meeting" }
            @if !m.attendance.is_empty() {
                h3 { "Attendance" }
                @let (n, here) = names(true);
                p { b { "Present (" (n) "):" } " " (here) }
                @let (n, away) = names(false);
                p { b { "Not recorded as present (" (n) "):" } " " (away) }
            }
            @if !m.agenda.is_empty() {
                h3 { "Time by step" }
                (table("agenda", &["Step", "Planned", "Taken", "Difference"], &agenda_rows(m)))
                p.muted { (fmt::TIMED_NOTE) }
            }
            @if !m.votes.is_empty() {
                h3 { "Votes" }
                p { "Each member present had " (fmt::votes(m.vote_budget)) "." }
                @for v in &m.votes {
                    p.place { (v.place.describe()) }
                    ol {
                        @for item in &v.items {
                            li { b { (fmt::votes(item.votes)) } ": " (item.text) " "
                                span.muted { "(" (fmt::voters(&item.voters)) ")" } }
                        }
                    }
                }
            }
            @if !m.parking.is_empty() {
                h3 { "Parking lot" }
                ul {
                    @for p in &m.parking {
                        li {
                            (lines(&p.text))
                            @if !p.raised_by.is_empty() { " " span.muted { "(raised by " (p.raised_by) ")" } }
                            @match &p.moved_to {
                                None => {},
                                Some(a) if *a == p.text => ": now an action",
                                Some(a) => { ": became the action “" (a) "”" },
                            }
                        }
                    }
                }
            }
            @if !m.review.is_empty() {
                h3 { "Opening review of carried actions" }
                @let rows: Vec<(&str, Vec<Markup>)> = m.review.iter().map(|r| ("", vec![
                    html! { (r.what) },
                    html! { (fmt::owner(&r.owner)) },
                    html! { (fmt::outcome(&r.outcome)) },
                ])).collect();
                (table("review", &["Action", "Owner", "Outcome"], &rows))
            }
        }
    }
}

/// The agenda's rows: each step, then the totals.
fn agenda_rows(m: &MeetingSummary) -> Vec<(&'static str, Vec<Markup>)> {
    let mut rows: Vec<(&str, Vec<Markup>)> = m
        .agenda
        .iter()
        .map(|a| {
            (
                "",
                vec![
                    html! { (a.number) ". " (a.title) },
                    html! { (a.planned_minutes) " min" @if !a.planned_here { " " span.muted { "(suggested)" } } },
                    html! { (fmt::spent(a.spent_seconds)) },
                    html! { (fmt::over_under(a.planned_minutes, a.spent_seconds)) },
                ],
            )
        })
        .collect();
    rows.push((
        "",
        vec![
            html! { b { "Total" } },
            html! { b { (m.planned_total()) " min" } },
            html! { b { (fmt::spent(m.spent_total())) } },
            html! { (fmt::over_under(m.timed_planned_total(), m.spent_total())) },
        ],
    ));
    rows
}

fn steps(s: &Summary) -> Markup {
    let open: Vec<_> = s.steps.iter().filter(|st| !st.complete()).collect();
    let rows: Vec<(&str, Vec<Markup>)> = open
        .iter()
        .map(|st| {
            (
                "",
                vec![
                    html! { (st.number) ". " (st.title) },
                    html! { (st.answered) " of " (st.total) },
                    html! { (st.missing.join("; ")) },
                ],
            )
        })
        .collect();
    html! {
        section #steps {
            h2 { "Progress by step" }
            p { (fmt::steps_line(s)) }
            @if !open.is_empty() {
                (table("steps", &["Step", "Answered", "Still to answer"], &rows))
            }
        }
    }
}

fn roles(s: &Summary) -> Markup {
    let rows: Vec<(&str, Vec<Markup>)> = s
        .roles
        .members
        .iter()
        .map(|m| {
            (
                "",
                vec![
                    html! { (m.name) },
                    html! { (m.roles.join(", ")) },
                    html! { (m.note) },
                ],
            )
        })
        .collect();
    html! {
        section #roles {
            h2 { "The group and its roles" }
            @if s.roles.masked {
                p.masked { "The roster: " (MASKED) }
            } @else if s.roles.members.is_empty() {
                p { "No members recorded yet." }
            } @else {
                (table("roster", &["Member", "Roles", "Note"], &rows))
            }
            ul.roles {
                @for r in &s.roles.roles {
                    @let kind = if r.required { "required" } else { "recommended" };
                    li {
                        b { (r.label) } " (" (kind) "): "
                        @if r.members.is_empty() {
                            "nobody."
                            @if r.required { " " span.finding { "Finding: nobody covers this role." } }
                        } @else {
                            (r.members.join(", "))
                        }
                    }
                }
            }
        }
    }
}

fn ratings(s: &Summary) -> Markup {
    let rows: Vec<(&str, Vec<Markup>)> = s
        .ratings
        .iter()
        .map(|r| {
            (
                "",
                vec![
                    html! { (r.area) },
                    rating_chart(r),
                    html! { (fmt::spread(r)) },
                    html! { b { (fmt::agreed(r)) } },
                    html! { (fmt::member_ratings(r)) },
                ],
            )
        })
        .collect();
    html! {
        section #ratings {
            h2 { "Ratings by area" }
            @if s.ratings.is_empty() {
                p { "No areas are rated in this framework." }
            } @else {
                @if let Some(r) = s.ratings.first().filter(|r| !r.levels.is_empty()) {
                    p.muted {
                        "Scale: "
                        @for (i, l) in r.levels.iter().enumerate() {
                            @if i > 0 { ", " }
                            (i + 1) " " (l)
                        }
                        ". Filled dots: members' own ratings (the number says how many); ring: the agreed level."
                    }
                }
                (table("ratings", &["Area", "Ratings", "Spread", "Agreed", "Members"], &rows))
            }
        }
    }
}

fn risks(s: &Summary) -> Markup {
    let rows: Vec<(&str, Vec<Markup>)> = s
        .risks
        .iter()
        .map(|r: &Risk| {
            (
                "",
                vec![
                    html! {
                        span class={"badge band-" (r.band())} {
                            @match r.score() { Some(v) => (v), None => "-" }
                        }
                    },
                    html! {
                        @if r.masked { span.masked { (r.description) } } @else { (lines(&r.description)) }
                        (proposer(&r.proposed_by))
                    },
                    html! { @match r.likelihood { Some(v) => (v), None => "-" } },
                    html! { @match r.impact { Some(v) => (v), None => "-" } },
                    html! { (fmt::owner(&r.owner)) },
                    lines(&r.mitigation),
                ],
            )
        })
        .collect();
    html! {
        section #risks {
            h2 { "Risk register" }
            @if s.risks.is_empty() {
                p { "No risks recorded yet." }
            } @else {
                div.grid-wrap {
                    (risk_grid(&s.risk_grid))
                    p.muted { "Each risk's score is its likelihood times its impact (1 to 5 each). Red cells score 15 or more, amber 8 to 14, green under 8. The number in a cell counts the risks there." }
                }
                (table("risks", &["Score", "Risk", "Likelihood", "Impact", "Owner", "Mitigation"], &rows))
            }
        }
    }
}

fn actions(s: &Summary) -> Markup {
    html! {
        section #actions {
            h2 { "Action plan" }
            @if s.actions.is_empty() {
                p { "No actions recorded yet." }
            } @else {
                p { (fmt::actions_as_of(s)) ". Grouped by owner, soonest due first." }
                table.actions {
                    thead { tr { @for h in ["Due", "Action", "Status", "From"] { th scope="col" { (h) } } } }
                    tbody {
                        @for g in &s.actions {
                            tr.group { td colspan="4" { (fmt::owner(&g.owner)) } }
                            @for a in &g.actions {
                                @let class = if a.overdue { "overdue" } else if a.is_open() { "" } else { "done" };
                                tr class=[(!class.is_empty()).then_some(class)] {
                                    td {
                                        @if a.overdue {
                                            (date(&a.due)) " " span.badge.warn { "overdue" }
                                        } @else {
                                            (date(&fmt::due(a)))
                                        }
                                    }
                                    td { (lines(&a.what)) (proposer(&a.proposed_by)) }
                                    td { (a.status) }
                                    td { "Step " (a.place.step) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn decisions(s: &Summary) -> Markup {
    let rows: Vec<(&str, Vec<Markup>)> = s
        .decisions
        .iter()
        .map(|d| {
            (
                "",
                vec![
                    html! { b { (lines(&d.what)) } (proposer(&d.proposed_by)) },
                    lines(&d.why),
                    html! {
                        (d.agreed_by)
                        @if !d.agreed_by.is_empty() && !d.date.is_empty() { br; }
                        (date(&d.date))
                    },
                    html! { "Step " (d.place.step) },
                ],
            )
        })
        .collect();
    html! {
        section #decisions {
            h2 { "Decisions" }
            @if s.decisions.is_empty() {
                p { "No decisions recorded yet." }
            } @else {
                (table("decisions", &["Decision", "Why", "Agreed", "From"], &rows))
            }
        }
    }
}

fn policies(s: &Summary) -> Markup {
    let rows: Vec<(&str, Vec<Markup>)> = s
        .policies
        .iter()
        .map(|p| {
            (
                "",
                vec![
                    html! { (p.policy) },
                    html! {
                        @if p.status.is_empty() { span.muted { "not answered" } } @else { (p.status) }
                    },
                    html! { (p.owner) },
                    date(&p.review),
                ],
            )
        })
        .collect();
    html! {
        @if !s.policies.is_empty() {
            section #policies {
                h2 { "Policies" }
                (table("policies", &["Policy", "Status", "Owner", "Next review"], &rows))
            }
        }
    }
}

fn review(s: &Summary) -> Markup {
    html! {
        section #review {
            h2 { "Next review" }
            p { b { "Next review:" } " " (date(&fmt::next_review(s))) }
            @if s.review.triggers.is_empty() {
                p { "No triggers for an earlier review recorded yet." }
            } @else {
                p.label { "An earlier review if:" }
                ul { @for t in &s.review.triggers { li { (lines(t)) } } }
            }
        }
    }
}

fn conflicts(s: &Summary) -> Markup {
    html! {
        section #conflicts {
            h2 { "Unresolved conflicts" }
            @if s.conflicts.is_empty() {
                p { "None: every answer is settled." }
            } @else {
                p { "Members gave different values at the same time; the group has not yet chosen one." }
                ul {
                    @for c in &s.conflicts {
                        li {
                            b { (c.place) } " (" (c.what) ")"
                            ul {
                                @for v in &c.values {
                                    li { "“" (lines(&v.value)) "” "
                                        span.muted { "(" (v.by) ", " (date(&fmt::minute(v.at))) ")" } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn questions(s: &Summary) -> Markup {
    let rows: Vec<(&str, Vec<Markup>)> = s
        .questions
        .iter()
        .map(|q| {
            let open: Vec<String> = q.unanswered.iter().map(|p| p.describe()).collect();
            (
                "",
                vec![
                    html! { (q.text) },
                    html! { (fmt::question_places(q)) },
                    html! { @if open.is_empty() { "-" } @else { (open.join("; ")) } },
                ],
            )
        })
        .collect();
    html! {
        @if !s.questions.is_empty() {
            section #questions {
                h2 { "The policy questions" }
                p.muted { "Where the review answers each question; the appendix has the answers in full." }
                (table("questions", &["Question", "Answered in", "Not answered yet"], &rows))
            }
        }
    }
}

fn coverage_class(c: Coverage) -> &'static str {
    match c {
        Coverage::Addressed => "cov-addressed",
        Coverage::Partly => "cov-partly",
        Coverage::Nothing => "cov-nothing",
    }
}

fn evidence(s: &Summary) -> Markup {
    html! {
        @if !s.evidence.is_empty() {
            section #evidence {
                h2 { "Evidence map" }
                p { "Each part of the standards below is addressed, partly addressed or has nothing yet. Only a ticked strand, or an answer, decision or finished action about that part alone, addresses a part." }
                @for std in &s.evidence {
                    @let rows: Vec<(&str, Vec<Markup>)> = std.parts.iter().map(|p| {
                        let by = fmt::evidence_by(p);
                        ("", vec![
                            html! { (p.title) },
                            html! { span class=(coverage_class(p.coverage)) { (p.coverage.label()) } },
                            html! {
                                @if !by.is_empty() { p { b { "By: " } (by.join("; ")) } }
                                @if !p.missing.is_empty() { p { b { "Missing: " } (p.missing.join("; ")) } }
                            },
                        ])
                    }).collect();
                    h3 { (std.title) }
                    (table("evidence", &["Part", "Status", "By what, and what is missing"], &rows))
                }
            }
        }
    }
}

fn comparison(c: &Comparison) -> Markup {
    let lv = |v: Option<u8>| v.map_or_else(|| "-".into(), |v| v.to_string());
    let score = |r: &Risk| r.score().map_or_else(|| "-".into(), |v| v.to_string());
    let moves: Vec<(&str, Vec<Markup>)> = c
        .ratings
        .iter()
        .map(|r| {
            (
                "",
                vec![
                    html! { (r.area) },
                    html! { (lv(r.old)) },
                    html! { (lv(r.new)) },
                    html! { (r.direction()) },
                ],
            )
        })
        .collect();
    let followups: Vec<(&str, Vec<Markup>)> = Outcome::ALL
        .iter()
        .flat_map(|o| c.with_outcome(*o))
        .map(|f| {
            (
                "",
                vec![
                    html! { b { (f.outcome.label()) } },
                    lines(&f.old.what),
                    html! { (fmt::owner(&f.old.owner)) },
                    date(&f.old.due),
                ],
            )
        })
        .collect();
    html! {
        section #since {
            h2 { "Since the previous review: " (c.old_title) }
            p {
                "Compared with the review started on " (date(&fmt::day(c.old_created)))
                " (last change " (date(&fmt::day(c.old_last_change))) ")."
                @if !c.linked { " This review was not started from that one." }
            }
            h3 { "Ratings that moved" }
            @if c.ratings.is_empty() {
                p { "None (" (c.ratings_unchanged) " unchanged)." }
            } @else {
                (table("moves", &["Area", "Then", "Now", "Moved"], &moves))
                p.muted { (c.ratings_unchanged) " other rated areas unchanged." }
            }
            h3 { "Actions that were open" }
            @if c.actions.is_empty() {
                p { "The previous session had no open actions." }
            } @else {
                (table("followups", &["Now", "Action", "Owner", "Was due"], &followups))
            }
            h3 { "Risks" }
            @for (label, list) in [("New", &c.new_risks)] {
                @if list.is_empty() {
                    p { b { (label) ":" } " none." }
                } @else {
                    p.label { b { (label) ":" } }
                    ul { @for r in list { li { (lines(&r.description)) " (score " (score(r)) ")" } } }
                }
            }
            @if c.closed_risks.is_empty() {
                p { b { "Closed:" } " none." }
            }
            @for (label, lines) in fmt::risk_follow_ups(c) {
                p.label { b { (label) ":" } }
                ul { @for l in &lines { li { (l) } } }
            }
            @if !c.rescored_risks.is_empty() {
                p.label { b { "Rescored:" } }
                ul {
                    @for (o, n) in &c.rescored_risks {
                        li { (lines(&n.description)) ": " (score(o)) " to " (score(n)) }
                    }
                }
            }
        }
    }
}

fn answers(s: &Summary) -> Markup {
    html! {
        section #answers {
            h2 { "Appendix: every answer, step by step" }
            p.muted { "Each answer once, in full. Answers the report already shows are not repeated." }
            div.body {
            @for step in &s.answers {
                h3 { "Step " (step.number) ". " (step.title) }
                @let shown = fmt::shown_elsewhere(step);
                @if !shown.is_empty() {
                    p.muted { "Shown above: " (shown.join(", ")) "." }
                }
                @for (heading, a) in appendix_entries(step) {
                    @if let Some(h) = heading {
                        h4 { (h) }
                    }
                    div.keep {
                        p.place { (a.place.label) }
                        (answer(a))
                    }
                }
            }
            }
        }
    }
}

/// A step's answers for the appendix (those not shown elsewhere), each with
/// the section heading to print before it, when a new section starts.
fn appendix_entries(step: &StepAnswers) -> Vec<(Option<&str>, &AnswerRef)> {
    let mut section = "";
    let mut out = Vec::new();
    for a in step.answers.iter().filter(|a| a.elsewhere.is_none()) {
        let heading = (a.place.section != section && !a.place.section.is_empty())
            .then_some(a.place.section.as_str());
        section = &a.place.section;
        out.push((heading, a));
    }
    out
}

fn sign_off(s: &Summary) -> Markup {
    html! {
        section #signoff .signoff {
            h2 { "Sign-off" }
            p { (fmt::SIGN_OFF_INTRO) }
            dl {
                @for (k, v) in fmt::sign_off(s) {
                    dt { (k) }
                    dd { @if !v.starts_with('_') { (v) } }
                }
            }
        }
    }
}
