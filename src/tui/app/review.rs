//! Looking back: the summary from the home screen, and the comparison with
//! the previous review.

use super::collab::{ReportWindow, Tone, find_previous};
use super::{App, Overlay, Screen};
use crate::doc::Session;
use crate::report::compare::{Comparison, Outcome, compare};
use crate::store;
use crate::text::clean_line;

impl App {
    /// The report options for what is on screen now: today, and sensitive
    /// answers only while they are shown.
    #[must_use]
    pub fn report_options(&self) -> crate::report::Options {
        crate::report::Options {
            today: self.now.get().to_zoned(self.tz().clone()).date(),
            include_sensitive: !self.hiding(),
        }
    }

    /// The session the summary overlay describes, with its previous session
    /// when known: the open session, or the one selected on the home screen.
    #[must_use]
    pub fn summary_source(&self) -> Option<(&Session, Option<&Session>)> {
        match &self.screen {
            Screen::Step(s) => Some((&s.doc, s.previous.as_deref())),
            Screen::Home(h) => h.preview.as_deref().map(|(d, p)| (d, p.as_ref())),
            Screen::Setup(_) => None,
        }
    }

    /// The comparison with the previous review, when there is one.
    #[must_use]
    pub fn comparison(&self) -> Option<Comparison> {
        let (doc, prev) = self.summary_source()?;
        Some(compare(&self.framework, prev?, doc, &self.report_options()))
    }

    /// Show the summary of the session selected on the home screen, without opening it.
    pub(super) fn home_summary(&mut self) {
        let data_dir = self.identity.data_dir.clone();
        let Screen::Home(home) = &mut self.screen else {
            return;
        };
        let Some(row) = home.rows.get(home.selected) else {
            self.say("No session yet: press n to start one, or d for the demo");
            return;
        };
        let path = row.path.clone();
        match store::load(&path) {
            Ok(loaded) => {
                let previous = find_previous(&loaded.session, &path, &data_dir);
                home.preview = Some(Box::new((loaded.session, previous)));
                self.overlay = Some(Overlay::Summary { scroll: 0 });
            }
            Err(e) => self.warn(clean_line(&e.to_string()).into_owned()),
        }
    }

    /// Show what changed since the previous review.
    pub(super) fn open_compare(&mut self) {
        if !self.leave_field() {
            return;
        }
        let Some(c) = self.comparison() else {
            self.say(
                "No earlier review to compare with: sessions started with `safestep new --from OLD` have one",
            );
            return;
        };
        self.report = Some(comparison_window(&c));
        self.overlay = Some(Overlay::Report { scroll: 0 });
    }

    /// One line for the review step: what changed since the previous review.
    #[must_use]
    pub fn since_line(&self) -> Option<String> {
        let s = self.step_state()?;
        if s.step + 1 != self.framework.steps.len() || s.previous.is_none() {
            return None;
        }
        let key = (s.doc.id.clone(), s.doc.seen.clone(), self.hiding());
        if let Some((id, seen, hiding, line)) = &*self.since_cache.borrow()
            && (id, seen, *hiding) == (&key.0, &key.1, key.2)
        {
            return line.clone();
        }
        let line = self.since_line_now();
        *self.since_cache.borrow_mut() = Some((key.0, key.1, key.2, line.clone()));
        line
    }

    fn since_line_now(&self) -> Option<String> {
        let c = self.comparison()?;
        let mut parts = Vec::new();
        if !c.ratings.is_empty() {
            parts.push(format!(
                "{} rating{} moved",
                c.ratings.len(),
                if c.ratings.len() == 1 { "" } else { "s" }
            ));
        }
        let total = c.actions.len();
        if total > 0 {
            let done = c.with_outcome(Outcome::Done).count();
            let stuck = c.with_outcome(Outcome::Stuck).count();
            let mut a = format!("{done} of {total} actions done");
            if stuck > 0 {
                a.push_str(&format!(", {stuck} stuck"));
            }
            parts.push(a);
        }
        parts.push(format!(
            "{} new risk{}, {} closed",
            c.new_risks.len(),
            if c.new_risks.len() == 1 { "" } else { "s" },
            c.closed_risks.len()
        ));
        Some(format!(
            "Since “{}”: {}. p (Alt-p while typing) shows the comparison.",
            clean_line(&c.old_title),
            parts.join(" · ")
        ))
    }
}

/// The comparison with the previous review, as lines for the report window.
#[must_use]
pub fn comparison_window(c: &Comparison) -> ReportWindow {
    let mut lines: Vec<(String, Tone)> = Vec::new();
    let cl = |t: &str| clean_line(t).into_owned();
    lines.push((
        format!(
            "Since “{}” (started {}, last changed {})",
            cl(&c.old_title),
            c.old_created.strftime("%Y-%m-%d"),
            c.old_last_change.strftime("%Y-%m-%d")
        ),
        Tone::Heading,
    ));
    lines.push((String::new(), Tone::Plain));
    lines.push(("Ratings (agreed level)".into(), Tone::Heading));
    if c.ratings.is_empty() {
        lines.push((
            format!(
                "  No agreed rating moved ({} the same)",
                c.ratings_unchanged
            ),
            Tone::Muted,
        ));
    }
    for r in &c.ratings {
        let lv = |v: Option<u8>| {
            v.map_or_else(
                || "none".to_owned(),
                |v| {
                    let label = r
                        .levels
                        .get(usize::from(v).saturating_sub(1))
                        .map_or(String::new(), |l| format!(" {}", cl(l)));
                    format!("{v}{label}")
                },
            )
        };
        let tone = match r.direction() {
            "up" => Tone::Good,
            "down" => Tone::Alert,
            _ => Tone::Plain,
        };
        lines.push((
            format!(
                "  {} {}: {} → {}",
                match r.direction() {
                    "up" => "▲",
                    "down" => "▼",
                    _ => "•",
                },
                cl(&r.area),
                lv(r.old),
                lv(r.new)
            ),
            tone,
        ));
    }
    if c.ratings_unchanged > 0 && !c.ratings.is_empty() {
        lines.push((
            format!("  {} area(s) kept the same level", c.ratings_unchanged),
            Tone::Muted,
        ));
    }
    lines.push((String::new(), Tone::Plain));
    lines.push((
        format!("Last time's open actions ({})", c.actions.len()),
        Tone::Heading,
    ));
    if c.actions.is_empty() {
        lines.push(("  None were open".into(), Tone::Muted));
    }
    for o in Outcome::ALL {
        let list: Vec<_> = c.with_outcome(o).collect();
        if list.is_empty() {
            continue;
        }
        let tone = match o {
            Outcome::Done => Tone::Good,
            Outcome::Stuck | Outcome::NotCarried => Tone::Alert,
            _ => Tone::Plain,
        };
        lines.push((format!("  {} ({})", capital(o.label()), list.len()), tone));
        for f in list {
            let owner = if f.old.owner.is_empty() {
                String::new()
            } else {
                format!(" ({})", cl(&f.old.owner))
            };
            lines.push((format!("    - {}{owner}", cl(&f.old.what)), Tone::Plain));
        }
    }
    lines.push((String::new(), Tone::Plain));
    lines.push(("Risks".into(), Tone::Heading));
    let score = |r: &crate::report::model::Risk| {
        r.score()
            .map_or_else(|| "unscored".to_owned(), |s| format!("score {s}"))
    };
    for r in &c.new_risks {
        lines.push((
            format!("  + new: {} ({})", cl(&r.description), score(r)),
            Tone::Alert,
        ));
    }
    for r in &c.closed_risks {
        lines.push((
            format!("  - closed: {} ({})", cl(&r.description), score(r)),
            Tone::Good,
        ));
    }
    for (old, new) in &c.rescored_risks {
        lines.push((
            format!(
                "  ~ rescored: {} ({} → {})",
                cl(&new.description),
                score(old),
                score(new)
            ),
            Tone::Plain,
        ));
    }
    if c.new_risks.is_empty() && c.closed_risks.is_empty() && c.rescored_risks.is_empty() {
        lines.push(("  No risk added, closed or rescored".into(), Tone::Muted));
    }
    ReportWindow {
        title: "Compared with the previous review".into(),
        lines,
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
