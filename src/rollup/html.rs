//! The roll-up as one self-contained, printable HTML page: the heat map is a
//! table coloured with CSS, every text escaped by `maud`.

use super::render::{flags, median, name, next_review, range};
use super::{Cell, Rollup};
use crate::workshop::date;
use maud::{DOCTYPE, Markup, html};

const STYLE: &str = "
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#111;background:#fff}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}h3{font-size:1rem;margin:1.2rem 0 .3rem}
.note{border-left:4px solid #555;padding:.4rem .8rem;background:#f3f3f3}
table.heat{border-collapse:collapse;margin:.5rem 0}
table.heat th,table.heat td{border:1px solid #999;padding:.25rem .5rem;text-align:center}
table.heat th.school,table.heat td.school{text-align:left}
td.l0{background:#fff}td.l1{background:#e8594f;color:#000}td.l2{background:#f4a259}
td.l3{background:#f6e27f}td.l4{background:#9bd08f}td.l5{background:#4fa36c;color:#fff}
.spread{font-size:.8em;color:inherit;opacity:.85}
tr.trust td{font-weight:bold;background:#eee}
.flag{color:#a00;font-weight:bold}
.late td.school{border-left:4px solid #a00}
@media print{body{margin:0}h2{break-before:auto}section.school{break-inside:avoid}
td{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
";

/// The CSS class of a cell: its agreed level, or `l0`.
fn class(c: &Cell) -> String {
    format!("l{}", c.agreed.unwrap_or(0).min(5))
}

/// A cell's title: the words of the level and the move.
fn describe(c: &Cell, levels: &[String]) -> String {
    let level = c.agreed.map_or_else(
        || "no agreed level".to_owned(),
        |l| {
            levels
                .get(usize::from(l).saturating_sub(1))
                .map_or_else(|| format!("level {l}"), |n| format!("level {l}: {n}"))
        },
    );
    let mut s = level;
    if let Some(p) = c.previous {
        s.push_str(&format!("; previous review {p}"));
    }
    if let Some((lo, hi)) = c.spread {
        s.push_str(&format!("; members rated {lo} to {hi}"));
    }
    s
}

/// The page.
#[must_use]
pub fn html(r: &Rollup) -> String {
    let page: Markup = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "Trust roll-up, " (date::long(r.today)) }
                style { (maud::PreEscaped(STYLE)) }
            }
            body {
                h1 { "Trust roll-up, " (date::long(r.today)) }
                p.note #privacy { (r.privacy_note()) }
                p { (r.schools.len()) " school reviews from " (r.files) " session files. Each cell: the agreed level, the arrow since the previous review, and the spread of members' ratings." }
                @for fw in &r.frameworks {
                    h2 { (fw.title) " (" code { (fw.id) } ")" }
                    table.heat data-framework=(fw.id) {
                        thead { tr {
                            th.school { "School" }
                            @for a in &fw.areas { th scope="col" { (a.name) } }
                            th { "Next review" }
                        } }
                        tbody {
                            @for s in r.schools.iter().filter(|s| s.framework == fw.id) {
                                tr class=(if s.late() { "school late" } else { "school" }) {
                                    td.school { (name(s)) @if s.late() { " " span.flag { "(late)" } } }
                                    @for (a, c) in fw.areas.iter().zip(&s.cells) {
                                        td class=(class(c)) title=(describe(c, &a.levels)) {
                                            (c.agreed.map_or_else(|| "-".to_owned(), |l| l.to_string()))
                                            @if !c.trend().arrow().is_empty() { " " (c.trend().arrow()) }
                                            @if let Some((lo, hi)) = c.spread { br; span.spread { (lo) "-" (hi) } }
                                        }
                                    }
                                    td { (next_review(s)) }
                                }
                            }
                            tr.trust {
                                td.school { "Trust median (range)" }
                                @for a in &fw.areas { td { (median(a.median)) " (" (range(a.range)) ")" } }
                                td {}
                            }
                        }
                    }
                }
                h2 { "Schools" }
                @for s in &r.schools {
                    section.school {
                        h3 { (name(s)) " (" (s.framework) ")" }
                        @for f in flags(s) { p.flag { "Flag: " (f) "." } }
                        ul {
                            li { "Session: " (s.title) " (" (s.copies) " copies)" }
                            li { "Last review: " (date::long(s.last_review)) }
                            @if let Some(p) = s.previous_review { li { "Previous review: " (date::long(p)) } }
                            li { "Next review: " (next_review(s)) }
                            li { "Actions: " (s.actions.open) " open, " (s.actions.overdue) " overdue, " (s.actions.stuck) " stuck, " (s.actions.done_since) " done since the last review"
                                @if !s.overdue_actions.is_empty() { ul { @for o in &s.overdue_actions {
                                    li { "Overdue: " (o.what) " (" (if o.owner.is_empty() { "no owner" } else { &o.owner }) ", due " (o.due) ")" }
                                } } }
                            }
                            li { "Highest risks: " @if s.top_risks.is_empty() { "none scored" } @else { ul { @for k in &s.top_risks {
                                li { (k.score) " " (k.band) ": " (k.description) " (" (if k.owner.is_empty() { "no owner" } else { &k.owner }) ")"
                                    @if let Some(m) = k.mitigation.as_deref().filter(|m| !m.is_empty()) { br; "Mitigation: " (m) }
                                }
                            } } } }
                            li { "Evidence map gaps: " (s.gaps.len())
                                @if !s.gaps.is_empty() { ul { @for g in &s.gaps { li { (g) } } } }
                            }
                            @if let Some(c) = &s.checked {
                                li { "Requirements: " (c.not_met) " not met, " (c.partly_met) " partly met, " (c.not_known) " not known; " (c.met) " met, " (c.met_checked) " of them checked" }
                            }
                        }
                    }
                }
                @if !r.problems.is_empty() {
                    h2 { "Files left out" }
                    ul #problems { @for p in &r.problems { li { code { (p.line()) } } } }
                }
            }
        }
    };
    page.into_string()
}
