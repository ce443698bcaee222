//! The summary as one self-contained HTML file: inline CSS, inline SVG for
//! the risk grid and the ratings, no scripts, no external resources, laid
//! out to print on A4.
//!
//! Every piece of user text goes through [`esc`], which escapes `&`, `<`,
//! `>`, `"` and `'`, so it is safe in element content and in quoted
//! attribute values alike; no user text is ever placed in CSS, in a URL or in
//! an unquoted attribute. A Content-Security-Policy that allows no scripts and
//! no fetches is a second line of defence.

use super::compare::{Comparison, Outcome};
use super::fmt;
use super::model::{AnswerRef, EvidenceEntry, MASKED, MeetingSummary, RatingArea, Risk, Summary};
use std::fmt::Write;

/// Escape text for HTML element content and quoted attribute values.
#[must_use]
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters were cleaned from the model; this keeps the
            // function safe on its own.
            c if c.is_control() && c != '\n' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Escape text and keep its line breaks as `<br>`.
fn esc_lines(text: &str) -> String {
    text.split('\n').map(esc).collect::<Vec<_>>().join("<br>\n")
}

const CSS: &str = r#"
@page { size: A4; margin: 16mm 14mm 18mm 14mm; }
@page { @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt sans-serif; color: #555; } }
:root { --ink: #1b1f24; --muted: #555d66; --rule: #c9ced4; --soft: #f2f4f6;
  --low: #cfe8d2; --medium: #fbe3a6; --high: #f4b4ad; --accent: #1f4e79; --warn: #a11d12; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
  color: var(--ink); margin: 0 auto; max-width: 190mm; padding: 12mm 10mm; font-size: 10.5pt; line-height: 1.4; }
header { border-bottom: 3px solid var(--accent); padding-bottom: 4mm; margin-bottom: 5mm; }
h1 { font-size: 20pt; margin: 0 0 2mm; color: var(--accent); line-height: 1.2; }
h2 { font-size: 14pt; color: var(--accent); border-bottom: 1px solid var(--rule); padding-bottom: 1mm;
  margin: 7mm 0 3mm; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11.5pt; margin: 4mm 0 2mm; break-after: avoid; page-break-after: avoid; }
p { margin: 1.5mm 0; }
.meta { color: var(--muted); margin: 0; }
.meta b { color: var(--ink); font-weight: 600; }
.note { border-left: 4px solid var(--warn); background: #fdf0ee; padding: 2mm 3mm; margin: 3mm 0; }
.glance { display: grid; grid-template-columns: repeat(3, 1fr); gap: 2mm; margin: 0; }
.glance div { background: var(--soft); padding: 2mm 3mm; border-radius: 2mm; break-inside: avoid; }
.glance dt { font-size: 8.5pt; color: var(--muted); text-transform: uppercase; letter-spacing: .03em; }
.glance dd { margin: 0; font-size: 12pt; font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 3mm; font-size: 9.5pt; }
th, td { text-align: left; vertical-align: top; padding: 1.2mm 2mm; border-bottom: 1px solid var(--rule); }
th { background: var(--soft); font-weight: 600; }
tr { break-inside: avoid; page-break-inside: avoid; }
table.actions, table.decisions { table-layout: fixed; }
table.actions th:nth-child(1) { width: 25%; } table.actions th:nth-child(3) { width: 14%; }
table.actions th:nth-child(4), table.decisions th:nth-child(4) { width: 9%; }
table.decisions th:nth-child(3) { width: 22%; }
table.actions td:nth-child(4), table.decisions td:nth-child(4), table.ratings td:nth-child(3) { white-space: nowrap; }
td.num { text-align: right; white-space: nowrap; }
.done { color: var(--muted); }
tr.overdue td { background: #fdf0ee; }
tr.overdue td:first-child { border-left: 4px solid var(--warn); }
.badge { display: inline-block; font-size: 8pt; font-weight: 700; padding: 0 1.5mm; border-radius: 1mm;
  border: 1px solid currentColor; white-space: nowrap; }
.badge.warn { color: var(--warn); }
.band-high { background: var(--high); } .band-medium { background: var(--medium); } .band-low { background: var(--low); }
.finding { color: var(--warn); font-weight: 600; }
.muted { color: var(--muted); }
.masked { color: var(--muted); font-style: italic; }
.grid-wrap { display: flex; gap: 6mm; align-items: flex-start; break-inside: avoid; }
.grid-wrap svg { flex: none; }
ul { margin: 1mm 0 2mm; padding-left: 6mm; }
li { margin: .5mm 0; }
.q { break-inside: avoid; }
.answer { margin: 0 0 2mm 0; }
.place { font-weight: 600; }
footer { margin-top: 8mm; border-top: 1px solid var(--rule); padding-top: 2mm; font-size: 8.5pt; color: var(--muted); }
@media print { body { padding: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
"#;

struct Html {
    out: String,
}

impl Html {
    fn push(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn line(&mut self, s: &str) {
        self.out.push_str(s);
        self.out.push('\n');
    }

    fn answer(&mut self, a: &AnswerRef) {
        if a.masked {
            self.line(&format!("<p class=\"masked\">{}</p>", esc(MASKED)));
            return;
        }
        match a.lines.as_slice() {
            [] => self.line("<p class=\"muted\">Not answered.</p>"),
            [one] => self.line(&format!("<p class=\"answer\">{}</p>", esc_lines(one))),
            many => {
                self.line("<ul class=\"answer\">");
                for l in many {
                    self.line(&format!("<li>{}</li>", esc_lines(l)));
                }
                self.line("</ul>");
            }
        }
    }

    fn table(&mut self, class: &str, headers: &[&str], rows: &[(String, Vec<String>)]) {
        self.line(&format!("<table class=\"{class}\">"));
        self.push("<thead><tr>");
        for h in headers {
            let _ = write!(self.out, "<th scope=\"col\">{h}</th>");
        }
        self.line("</tr></thead>");
        self.line("<tbody>");
        for (row_class, cells) in rows {
            if row_class.is_empty() {
                self.push("<tr>");
            } else {
                let _ = write!(self.out, "<tr class=\"{row_class}\">");
            }
            for c in cells {
                let _ = write!(self.out, "<td>{c}</td>");
            }
            self.line("</tr>");
        }
        self.line("</tbody></table>");
    }
}

fn band_colour(score: u8) -> &'static str {
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
    const CELL: u32 = 34;
    const LEFT: u32 = 44;
    const TOP: u32 = 8;
    let w = LEFT + CELL * 5 + 4;
    let h = TOP + CELL * 5 + 40;
    let total: u32 = grid.iter().flatten().sum();
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"Risk grid: {total} risks by likelihood and impact\" font-family=\"sans-serif\">\n"
    );
    for impact in 1..=5u32 {
        let y = TOP + (5 - impact) * CELL;
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"end\" fill=\"#555d66\">{impact}</text>",
            LEFT - 6,
            y + CELL / 2 + 4
        );
        for likelihood in 1..=5u32 {
            let x = LEFT + (likelihood - 1) * CELL;
            let score = u8::try_from(impact * likelihood).unwrap_or(u8::MAX);
            let n = grid[(impact - 1) as usize][(likelihood - 1) as usize];
            let _ = writeln!(
                s,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{CELL}\" height=\"{CELL}\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"2\"/>",
                band_colour(score)
            );
            if n > 0 {
                let _ = writeln!(
                    s,
                    "<circle cx=\"{}\" cy=\"{}\" r=\"11\" fill=\"#1b1f24\"/><text x=\"{}\" y=\"{}\" font-size=\"12\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#ffffff\">{n}</text>",
                    x + CELL / 2,
                    y + CELL / 2,
                    x + CELL / 2,
                    y + CELL / 2 + 4
                );
            }
        }
    }
    for likelihood in 1..=5u32 {
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\" fill=\"#555d66\">{likelihood}</text>",
            LEFT + (likelihood - 1) * CELL + CELL / 2,
            TOP + 5 * CELL + 13
        );
    }
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\" fill=\"#1b1f24\">Likelihood</text>",
        LEFT + CELL * 5 / 2,
        TOP + 5 * CELL + 30
    );
    let _ = writeln!(
        s,
        "<text x=\"12\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\" fill=\"#1b1f24\" transform=\"rotate(-90 12 {})\">Impact</text>",
        TOP + CELL * 5 / 2,
        TOP + CELL * 5 / 2
    );
    s.push_str("</svg>");
    s
}

/// One area's ratings on its scale as SVG: a dot per member level (with a
/// count when several members chose it) and a ring around the agreed level.
#[must_use]
pub fn rating_svg(r: &RatingArea) -> String {
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
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\" font-family=\"sans-serif\">\n",
        esc(&label)
    );
    let _ = writeln!(
        s,
        "<line x1=\"{}\" y1=\"14\" x2=\"{}\" y2=\"14\" stroke=\"#c9ced4\" stroke-width=\"2\"/>",
        4 + STEP / 2,
        4 + STEP * levels - STEP / 2
    );
    for level in 1..=levels {
        let cx = 4 + (level - 1) * STEP + STEP / 2;
        let count = r.members.iter().filter(|m| u32::from(m.1) == level).count();
        let agreed = r.agreed.is_some_and(|a| u32::from(a) == level);
        if agreed {
            let _ = writeln!(
                s,
                "<circle cx=\"{cx}\" cy=\"14\" r=\"12\" fill=\"none\" stroke=\"#1f4e79\" stroke-width=\"3\"/>"
            );
        }
        if count > 0 {
            let _ = writeln!(
                s,
                "<circle cx=\"{cx}\" cy=\"14\" r=\"8\" fill=\"#1f4e79\"/>"
            );
            let _ = writeln!(
                s,
                "<text x=\"{cx}\" y=\"18\" font-size=\"10\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#ffffff\">{count}</text>"
            );
        } else {
            let _ = writeln!(
                s,
                "<circle cx=\"{cx}\" cy=\"14\" r=\"3\" fill=\"#c9ced4\"/>"
            );
        }
        let _ = writeln!(
            s,
            "<text x=\"{cx}\" y=\"35\" font-size=\"8\" text-anchor=\"middle\" fill=\"#555d66\">{level}</text>"
        );
    }
    s.push_str("</svg>");
    s
}

/// Render the summary as a complete HTML document.
#[must_use]
pub fn render(s: &Summary, since: Option<&Comparison>) -> String {
    let mut h = Html { out: String::new() };
    let title = if s.title.is_empty() {
        "E-safety review".to_owned()
    } else {
        s.title.clone()
    };
    h.line("<!DOCTYPE html>");
    h.line("<html lang=\"en-GB\">");
    h.line("<head>");
    h.line("<meta charset=\"utf-8\">");
    h.line("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">");
    h.line("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    h.line("<meta name=\"generator\" content=\"safestep\">");
    h.line(&format!("<title>{}</title>", esc(&title)));
    h.line(&format!("<style>{CSS}</style>"));
    h.line("</head>");
    h.line("<body>");
    h.line("<header>");
    h.line(&format!("<h1>{}</h1>", esc_lines(&title)));
    if !s.organisation.is_empty() {
        h.line(&format!(
            "<p class=\"meta\"><b>Organisation:</b> {}</p>",
            esc(&s.organisation)
        ));
    }
    if !s.facilitator.is_empty() {
        h.line(&format!(
            "<p class=\"meta\"><b>Facilitator:</b> {}</p>",
            esc(&s.facilitator)
        ));
    }
    h.line(&format!(
        "<p class=\"meta\"><b>Session started</b> {} · <b>last change</b> {} · <b>report date</b> {}</p>",
        fmt::day(s.created),
        fmt::day(s.last_change),
        fmt::date(s.today)
    ));
    h.line("</header>");
    h.line("<main>");
    if let Some(note) = s.sensitive_note() {
        h.line(&format!(
            "<p class=\"note\"><b>Sensitive answers.</b> {}</p>",
            esc(&note)
        ));
    }
    if let Some(m) = &s.framework_mismatch {
        h.line(&format!("<p class=\"note\"><b>Note:</b> {}.</p>", esc(m)));
    }

    h.line("<section id=\"glance\"><h2>At a glance</h2><dl class=\"glance\">");
    for (k, v) in fmt::glance(s) {
        h.line(&format!(
            "<div><dt>{}</dt><dd>{}</dd></div>",
            esc(&k),
            esc(&v)
        ));
    }
    h.line("</dl></section>");

    if let Some(c) = since {
        render_comparison(&mut h, c);
    }
    if let Some(m) = &s.meeting {
        render_meeting(&mut h, m);
    }
    render_ratings(&mut h, s);
    render_risks(&mut h, s);
    render_actions(&mut h, s);
    render_decisions(&mut h, s);
    render_review(&mut h, s);
    render_conflicts(&mut h, s);
    render_roles(&mut h, s);
    render_steps(&mut h, s);
    render_questions(&mut h, s);
    render_evidence(&mut h, s);
    render_answers(&mut h, s);

    h.line("</main>");
    h.line(&format!("<footer>{}</footer>", esc(&fmt::colophon(s))));
    h.line("</body>");
    h.line("</html>");
    h.out
}

/// "proposed by X" under an entry, when recorded (escaped).
fn proposer(name: &str) -> String {
    if name.is_empty() {
        String::new()
    } else {
        format!("<br><span class=\"muted\">proposed by {}</span>", esc(name))
    }
}

fn render_meeting(h: &mut Html, m: &MeetingSummary) {
    h.line("<section id=\"meeting\"><h2>The meeting</h2>");
    if !m.attendance.is_empty() {
        h.line("<h3>Attendance</h3>");
        let names = |present: bool| -> (usize, String) {
            let v: Vec<String> = m
                .attendance
                .iter()
                .filter(|a| a.present == present)
                .map(|a| {
                    if a.in_roster {
                        esc(&a.name)
                    } else {
                        format!(
                            "{} <span class=\"muted\">(not on the roster)</span>",
                            esc(&a.name)
                        )
                    }
                })
                .collect();
            let text = if v.is_empty() {
                "nobody".into()
            } else {
                v.join(", ")
            };
            (v.len(), text)
        };
        let (n, here) = names(true);
        h.line(&format!("<p><b>Present ({n}):</b> {here}</p>"));
        let (n, away) = names(false);
        h.line(&format!(
            "<p><b>Not recorded as present ({n}):</b> {away}</p>"
        ));
    }
    if !m.agenda.is_empty() {
        h.line("<h3>Time by step</h3>");
        let mut rows: Vec<(String, Vec<String>)> = m
            .agenda
            .iter()
            .map(|a| {
                let mark = if a.planned_here {
                    String::new()
                } else {
                    " <span class=\"muted\">(suggested)</span>".into()
                };
                (
                    String::new(),
                    vec![
                        format!("{}. {}", a.number, esc(&a.title)),
                        format!("{} min{mark}", a.planned_minutes),
                        esc(&fmt::spent(a.spent_seconds)),
                        esc(&fmt::over_under(a.planned_minutes, a.spent_seconds)),
                    ],
                )
            })
            .collect();
        rows.push((
            String::new(),
            vec![
                "<b>Total</b>".into(),
                format!("<b>{} min</b>", m.planned_total()),
                format!("<b>{}</b>", esc(&fmt::spent(m.spent_total()))),
                esc(&fmt::over_under(m.timed_planned_total(), m.spent_total())),
            ],
        ));
        h.table("agenda", &["Step", "Planned", "Taken", "Difference"], &rows);
        h.line(&format!("<p class=\"muted\">{}</p>", esc(fmt::TIMED_NOTE)));
    }
    if !m.votes.is_empty() {
        h.line("<h3>Votes</h3>");
        h.line(&format!(
            "<p>Each member present had {}.</p>",
            esc(&fmt::votes(m.vote_budget))
        ));
        for v in &m.votes {
            h.line(&format!(
                "<p class=\"place\">{}</p>",
                esc(&v.place.describe())
            ));
            h.line("<ol>");
            for item in &v.items {
                h.line(&format!(
                    "<li><b>{}</b>: {} <span class=\"muted\">({})</span></li>",
                    esc(&fmt::votes(item.votes)),
                    esc(&item.text),
                    esc(&fmt::voters(&item.voters))
                ));
            }
            h.line("</ol>");
        }
    }
    if !m.parking.is_empty() {
        h.line("<h3>Parking lot</h3>");
        h.line("<ul>");
        for p in &m.parking {
            let by = if p.raised_by.is_empty() {
                String::new()
            } else {
                format!(
                    " <span class=\"muted\">(raised by {})</span>",
                    esc(&p.raised_by)
                )
            };
            let moved = match &p.moved_to {
                None => String::new(),
                Some(a) if *a == p.text => ": now an action".into(),
                Some(a) => format!(": became the action “{}”", esc(a)),
            };
            h.line(&format!("<li>{}{by}{moved}</li>", esc_lines(&p.text)));
        }
        h.line("</ul>");
    }
    if !m.review.is_empty() {
        h.line("<h3>Opening review of carried actions</h3>");
        let rows: Vec<(String, Vec<String>)> = m
            .review
            .iter()
            .map(|r| {
                (
                    String::new(),
                    vec![
                        esc(&r.what),
                        esc(fmt::owner(&r.owner)),
                        esc(fmt::outcome(&r.outcome)),
                    ],
                )
            })
            .collect();
        h.table("review", &["Action", "Owner", "Outcome"], &rows);
    }
    h.line("</section>");
}

fn render_steps(h: &mut Html, s: &Summary) {
    h.line("<section id=\"steps\"><h2>Progress by step</h2>");
    let rows: Vec<(String, Vec<String>)> = s
        .steps
        .iter()
        .map(|st| {
            (
                String::new(),
                vec![
                    format!("{}. {}", st.number, esc(&st.title)),
                    format!("{} of {}", st.answered, st.total),
                    if st.complete() {
                        "<span class=\"muted\">complete</span>".into()
                    } else {
                        esc(&st.missing.join("; "))
                    },
                ],
            )
        })
        .collect();
    h.table("steps", &["Step", "Answered", "Still to answer"], &rows);
    h.line("</section>");
}

fn render_roles(h: &mut Html, s: &Summary) {
    h.line("<section id=\"roles\"><h2>The group and its roles</h2>");
    if s.roles.masked {
        h.line(&format!(
            "<p class=\"masked\">The roster: {}</p>",
            esc(MASKED)
        ));
    } else if s.roles.members.is_empty() {
        h.line("<p>No members recorded yet.</p>");
    } else {
        let rows: Vec<(String, Vec<String>)> = s
            .roles
            .members
            .iter()
            .map(|m| {
                (
                    String::new(),
                    vec![esc(&m.name), esc(&m.roles.join(", ")), esc(&m.note)],
                )
            })
            .collect();
        h.table("roster", &["Member", "Roles", "Note"], &rows);
    }
    h.line("<ul class=\"roles\">");
    for r in &s.roles.roles {
        let kind = if r.required {
            "required"
        } else {
            "recommended"
        };
        if r.members.is_empty() {
            let finding = if r.required {
                " <span class=\"finding\">Finding: nobody covers this role.</span>"
            } else {
                ""
            };
            h.line(&format!(
                "<li><b>{}</b> ({kind}): nobody.{finding}</li>",
                esc(&r.label)
            ));
        } else {
            h.line(&format!(
                "<li><b>{}</b> ({kind}): {}</li>",
                esc(&r.label),
                esc(&r.members.join(", "))
            ));
        }
    }
    h.line("</ul></section>");
}

fn render_ratings(h: &mut Html, s: &Summary) {
    h.line("<section id=\"ratings\"><h2>Ratings by area</h2>");
    if s.ratings.is_empty() {
        h.line("<p>No areas are rated in this framework.</p></section>");
        return;
    }
    if let Some(r) = s.ratings.first().filter(|r| !r.levels.is_empty()) {
        let scale: Vec<String> = r
            .levels
            .iter()
            .enumerate()
            .map(|(i, l)| format!("{} {}", i + 1, esc(l)))
            .collect();
        h.line(&format!(
            "<p class=\"muted\">Scale: {}. Filled dots: members' own ratings (the number says how many); ring: the agreed level.</p>",
            scale.join(", ")
        ));
    }
    let rows: Vec<(String, Vec<String>)> = s
        .ratings
        .iter()
        .map(|r| {
            (
                String::new(),
                vec![
                    esc(&r.area),
                    rating_svg(r),
                    esc(&fmt::spread(r)),
                    format!("<b>{}</b>", esc(&fmt::agreed(r))),
                    esc(&fmt::member_ratings(r)),
                ],
            )
        })
        .collect();
    h.table(
        "ratings",
        &["Area", "Ratings", "Spread", "Agreed", "Members"],
        &rows,
    );
    h.line("</section>");
}

fn render_risks(h: &mut Html, s: &Summary) {
    h.line("<section id=\"risks\"><h2>Risk register</h2>");
    if s.risks.is_empty() {
        h.line("<p>No risks recorded yet.</p></section>");
        return;
    }
    h.line("<div class=\"grid-wrap\">");
    h.line(&risk_grid_svg(&s.risk_grid));
    h.line("<p class=\"muted\">Each risk's score is its likelihood times its impact (1 to 5 each). Red cells score 15 or more, amber 8 to 14, green under 8. The number in a cell counts the risks there.</p>");
    h.line("</div>");
    let rows: Vec<(String, Vec<String>)> = s
        .risks
        .iter()
        .map(|r: &Risk| {
            let desc = if r.masked {
                format!("<span class=\"masked\">{}</span>", esc(&r.description))
            } else {
                esc_lines(&r.description)
            } + &proposer(&r.proposed_by);
            (
                String::new(),
                vec![
                    format!(
                        "<span class=\"badge band-{}\">{}</span>",
                        r.band(),
                        r.score().map_or_else(|| "-".into(), |v| v.to_string())
                    ),
                    desc,
                    r.likelihood.map_or_else(|| "-".into(), |v| v.to_string()),
                    r.impact.map_or_else(|| "-".into(), |v| v.to_string()),
                    esc(fmt::owner(&r.owner)),
                    esc_lines(&r.mitigation),
                ],
            )
        })
        .collect();
    h.table(
        "risks",
        &[
            "Score",
            "Risk",
            "Likelihood",
            "Impact",
            "Owner",
            "Mitigation",
        ],
        &rows,
    );
    h.line("</section>");
}

fn render_actions(h: &mut Html, s: &Summary) {
    h.line("<section id=\"actions\"><h2>Action plan</h2>");
    if s.actions.is_empty() {
        h.line("<p>No actions recorded yet.</p></section>");
        return;
    }
    h.line(&format!(
        "<p>{}. Grouped by owner, soonest due first.</p>",
        fmt::actions_as_of(s)
    ));
    for g in &s.actions {
        h.line(&format!("<h3>{}</h3>", esc(fmt::owner(&g.owner))));
        let rows: Vec<(String, Vec<String>)> = g
            .actions
            .iter()
            .map(|a| {
                let due = if a.overdue {
                    format!("{} <span class=\"badge warn\">overdue</span>", esc(&a.due))
                } else {
                    esc(&fmt::due(a))
                };
                let class = if a.overdue {
                    "overdue"
                } else if a.is_open() {
                    ""
                } else {
                    "done"
                };
                (
                    class.to_owned(),
                    vec![
                        due,
                        esc_lines(&a.what) + &proposer(&a.proposed_by),
                        esc(&a.status),
                        format!("Step {}", a.place.step),
                    ],
                )
            })
            .collect();
        h.table("actions", &["Due", "Action", "Status", "From"], &rows);
    }
    h.line("</section>");
}

fn render_decisions(h: &mut Html, s: &Summary) {
    h.line("<section id=\"decisions\"><h2>Decisions</h2>");
    if s.decisions.is_empty() {
        h.line("<p>No decisions recorded yet.</p></section>");
        return;
    }
    let rows: Vec<(String, Vec<String>)> = s
        .decisions
        .iter()
        .map(|d| {
            let mut who = Vec::new();
            if !d.agreed_by.is_empty() {
                who.push(esc(&d.agreed_by));
            }
            if !d.date.is_empty() {
                who.push(esc(&d.date));
            }
            (
                String::new(),
                vec![
                    format!("<b>{}</b>{}", esc_lines(&d.what), proposer(&d.proposed_by)),
                    esc_lines(&d.why),
                    who.join("<br>"),
                    format!("Step {}", d.place.step),
                ],
            )
        })
        .collect();
    h.table("decisions", &["Decision", "Why", "Agreed", "From"], &rows);
    h.line("</section>");
}

fn render_review(h: &mut Html, s: &Summary) {
    h.line("<section id=\"review\"><h2>Next review</h2>");
    h.line(&format!(
        "<p><b>Next review:</b> {}</p>",
        esc(&fmt::next_review(s))
    ));
    if s.review.triggers.is_empty() {
        h.line("<p>No triggers for an earlier review recorded yet.</p>");
    } else {
        h.line("<p>An earlier review if:</p><ul>");
        for t in &s.review.triggers {
            h.line(&format!("<li>{}</li>", esc_lines(t)));
        }
        h.line("</ul>");
    }
    h.line("</section>");
}

fn render_conflicts(h: &mut Html, s: &Summary) {
    h.line("<section id=\"conflicts\"><h2>Unresolved conflicts</h2>");
    if s.conflicts.is_empty() {
        h.line("<p>None: every answer is settled.</p></section>");
        return;
    }
    h.line(
        "<p>Members gave different values at the same time; the group has not yet chosen one.</p>",
    );
    h.line("<ul>");
    for c in &s.conflicts {
        h.line(&format!(
            "<li><b>{}</b> ({})<ul>",
            esc(&c.place),
            esc(&c.what)
        ));
        for v in &c.values {
            h.line(&format!(
                "<li>“{}” <span class=\"muted\">({}, {})</span></li>",
                esc_lines(&v.value),
                esc(&v.by),
                fmt::minute(v.at)
            ));
        }
        h.line("</ul></li>");
    }
    h.line("</ul></section>");
}

fn render_questions(h: &mut Html, s: &Summary) {
    if s.questions.is_empty() {
        return;
    }
    h.line("<section id=\"questions\"><h2>The policy questions</h2>");
    h.line("<p class=\"muted\">Each question with the answers that address it, shortened; the appendix has them in full.</p>");
    for (i, q) in s.questions.iter().enumerate() {
        h.line("<div class=\"q\">");
        h.line(&format!("<h3>{}. {}</h3>", i + 1, esc(&q.text)));
        if q.answers.is_empty() {
            h.line("<p class=\"muted\">Nothing answers this yet.</p>");
        }
        if !q.answers.is_empty() {
            h.line("<ul>");
            for a in &q.answers {
                let text = fmt::excerpt(&fmt::answer_one_line(a), 200);
                let class = if a.masked { " class=\"masked\"" } else { "" };
                h.line(&format!(
                    "<li><b>{}:</b> <span{class}>{}</span></li>",
                    esc(&a.place.describe()),
                    esc(&text)
                ));
            }
            h.line("</ul>");
        }
        if !q.unanswered.is_empty() && !q.answers.is_empty() {
            let list: Vec<String> = q.unanswered.iter().map(|p| esc(&p.describe())).collect();
            h.line(&format!(
                "<p class=\"muted\">Not answered yet: {}</p>",
                list.join("; ")
            ));
        }
        h.line("</div>");
    }
    h.line("</section>");
}

fn evidence_entry(e: &EvidenceEntry) -> String {
    fmt::evidence_entry(e, 140, esc, |t| format!("<b>{t}</b>"))
}

fn render_evidence(h: &mut Html, s: &Summary) {
    if s.evidence.is_empty() {
        return;
    }
    h.line("<section id=\"evidence\"><h2>Evidence map</h2>");
    h.line("<p>For each part of the standards below: the answers, decisions and actions that address it.</p>");
    for std in &s.evidence {
        h.line(&format!("<h3>{}</h3>", esc(&std.title)));
        let gaps = std.gaps();
        if !gaps.is_empty() {
            let list: Vec<String> = gaps.iter().map(|p| esc(&p.title)).collect();
            h.line(&format!(
                "<p class=\"finding\">Nothing yet for: {}.</p>",
                list.join("; ")
            ));
        }
        let rows: Vec<(String, Vec<String>)> = std
            .parts
            .iter()
            .map(|p| {
                let what = if p.entries.is_empty() {
                    "<span class=\"finding\">nothing yet</span>".to_owned()
                } else {
                    let items: Vec<String> = p
                        .entries
                        .iter()
                        .map(|e| format!("<li>{}</li>", evidence_entry(e)))
                        .collect();
                    format!("<ul>{}</ul>", items.concat())
                };
                (String::new(), vec![esc(&p.title), what])
            })
            .collect();
        h.table("evidence", &["Part", "Addressed by"], &rows);
    }
    h.line("</section>");
}

fn render_comparison(h: &mut Html, c: &Comparison) {
    h.line("<section id=\"since\">");
    h.line(&format!(
        "<h2>Since the previous review: {}</h2>",
        esc(&c.old_title)
    ));
    let mut intro = format!(
        "Compared with session {} (started {}, last change {}).",
        esc(&c.old_id),
        fmt::day(c.old_created),
        fmt::day(c.old_last_change)
    );
    if !c.linked {
        intro.push_str(" This session does not name it as its previous session.");
    }
    h.line(&format!("<p>{intro}</p>"));
    h.line("<h3>Ratings that moved</h3>");
    if c.ratings.is_empty() {
        h.line(&format!("<p>None ({} unchanged).</p>", c.ratings_unchanged));
    } else {
        let lv = |v: Option<u8>| v.map_or_else(|| "-".into(), |v| v.to_string());
        let rows: Vec<(String, Vec<String>)> = c
            .ratings
            .iter()
            .map(|r| {
                (
                    String::new(),
                    vec![esc(&r.area), lv(r.old), lv(r.new), r.direction().to_owned()],
                )
            })
            .collect();
        h.table("moves", &["Area", "Then", "Now", "Moved"], &rows);
        h.line(&format!(
            "<p class=\"muted\">{} other rated areas unchanged.</p>",
            c.ratings_unchanged
        ));
    }
    h.line("<h3>Actions that were open</h3>");
    if c.actions.is_empty() {
        h.line("<p>The previous session had no open actions.</p>");
    } else {
        let rows: Vec<(String, Vec<String>)> = Outcome::ALL
            .iter()
            .flat_map(|o| c.with_outcome(*o))
            .map(|f| {
                (
                    String::new(),
                    vec![
                        format!("<b>{}</b>", f.outcome.label()),
                        esc_lines(&f.old.what),
                        esc(fmt::owner(&f.old.owner)),
                        esc(&f.old.due),
                    ],
                )
            })
            .collect();
        h.table("followups", &["Now", "Action", "Owner", "Was due"], &rows);
    }
    h.line("<h3>Risks</h3>");
    let score = |r: &Risk| r.score().map_or_else(|| "-".into(), |v| v.to_string());
    for (label, list) in [("New", &c.new_risks), ("Closed", &c.closed_risks)] {
        if list.is_empty() {
            h.line(&format!("<p><b>{label}:</b> none.</p>"));
        } else {
            h.line(&format!("<p><b>{label}:</b></p><ul>"));
            for r in list {
                h.line(&format!(
                    "<li>{} (score {})</li>",
                    esc_lines(&r.description),
                    score(r)
                ));
            }
            h.line("</ul>");
        }
    }
    if !c.rescored_risks.is_empty() {
        h.line("<p><b>Rescored:</b></p><ul>");
        for (o, n) in &c.rescored_risks {
            h.line(&format!(
                "<li>{}: {} to {}</li>",
                esc_lines(&n.description),
                score(o),
                score(n)
            ));
        }
        h.line("</ul>");
    }
    h.line("</section>");
}

fn render_answers(h: &mut Html, s: &Summary) {
    h.line("<section id=\"answers\"><h2>Appendix: every answer, step by step</h2>");
    for step in &s.answers {
        h.line(&format!(
            "<h3>Step {}. {}</h3>",
            step.number,
            esc(&step.title)
        ));
        let mut section = "";
        for a in &step.answers {
            if a.place.section != section && !a.place.section.is_empty() {
                h.line(&format!("<p><i>{}</i></p>", esc(&a.place.section)));
            }
            section = &a.place.section;
            h.line(&format!("<p class=\"place\">{}</p>", esc(&a.place.label)));
            h.answer(a);
        }
    }
    h.line("</section>");
}
