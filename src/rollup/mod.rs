//! A trust's roll-up: the latest review of every school, side by side.
//!
//! Session files are found under the paths given ([`discover`]), grouped by
//! session id (members' copies of one session are merged first, so they never
//! count as schools), then by organisation and framework. For each school and
//! framework the latest session (by its creation time) is read whole, with the
//! one before it for the trend; older sessions are only read as far as their
//! header. A file that does not read is listed with `FILE:LINE:COL` and left
//! out; it never stops the roll-up.
//!
//! What the roll-up holds is what a trust may see: levels, counts, titles of
//! actions and risks, owners and dates. Answers to prompts marked sensitive
//! never reach it (the report model masks them), and other free text (risk
//! mitigations) only with [`Options::include_text`].

pub mod discover;
pub mod html;
pub mod render;
pub mod select;

use crate::content::Framework;
use crate::doc::Session;
use crate::report::model::{self as rm, Summary};
use crate::workshop;
use discover::{Head, Problem};
use jiff::civil::Date;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// What the caller decides about a roll-up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The date that decides what is overdue and late.
    pub today: Date,
    /// Include free text (risk mitigations); never answers to sensitive prompts.
    pub include_text: bool,
    /// Only sessions of this framework id.
    pub framework: Option<String>,
    /// How many threads read files.
    pub threads: usize,
}

/// The note every format carries about what was left out.
pub const PRIVACY_NOTE: &str = "This roll-up shows levels, counts, titles of actions and risks, owners and dates. Answers to prompts marked sensitive are never included.";

/// Added to [`PRIVACY_NOTE`] without `--include-text`.
pub const NO_TEXT_NOTE: &str =
    "Free text (such as risk mitigations) is left out; --include-text adds it.";

/// Added to [`PRIVACY_NOTE`] with `--include-text`.
pub const TEXT_NOTE: &str =
    "Free text (risk mitigations) is included because --include-text was given.";

/// How many risks each school lists.
pub const TOP_RISKS: usize = 3;

/// How many of a school's overdue actions are listed by title.
pub const LISTED_OVERDUE: usize = 5;

/// One assessed area of a framework (a rating prompt).
#[derive(Clone, Debug, PartialEq)]
pub struct Area {
    /// The rating prompt's id.
    pub prompt: String,
    /// The area's name (the prompt's section, or its label).
    pub name: String,
    /// The level labels, lowest first.
    pub levels: Vec<String>,
    /// The trust's median agreed level over the schools that agreed one.
    pub median: Option<f64>,
    /// The lowest and highest agreed level in the trust.
    pub range: Option<(u8, u8)>,
}

/// A framework that appears in the roll-up, with its areas.
#[derive(Clone, Debug, PartialEq)]
pub struct FrameworkAreas {
    /// The framework's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its assessed areas, in the framework's order.
    pub areas: Vec<Area>,
}

/// Which way an area moved since the previous review.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trend {
    /// Higher than at the previous review.
    Up,
    /// Lower.
    Down,
    /// The same.
    Same,
    /// Not comparable: no previous review, or no agreed level in one of them.
    Unknown,
}

impl Trend {
    /// The arrow shown for the trend.
    #[must_use]
    pub fn arrow(self) -> &'static str {
        match self {
            Trend::Up => "↑",
            Trend::Down => "↓",
            Trend::Same => "→",
            Trend::Unknown => "",
        }
    }

    /// The trend as a word, for CSV and screen readers.
    #[must_use]
    pub fn word(self) -> &'static str {
        match self {
            Trend::Up => "up",
            Trend::Down => "down",
            Trend::Same => "same",
            Trend::Unknown => "",
        }
    }
}

/// One school's standing in one area.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Cell {
    /// The level the group agreed.
    pub agreed: Option<u8>,
    /// The lowest and highest of the members' own ratings.
    pub spread: Option<(u8, u8)>,
    /// How many members rated it.
    pub raters: usize,
    /// The agreed level at the previous review.
    pub previous: Option<u8>,
}

impl Cell {
    /// The move since the previous review.
    #[must_use]
    pub fn trend(&self) -> Trend {
        match (self.agreed, self.previous) {
            (Some(a), Some(p)) if a > p => Trend::Up,
            (Some(a), Some(p)) if a < p => Trend::Down,
            (Some(_), Some(_)) => Trend::Same,
            _ => Trend::Unknown,
        }
    }

    /// `3 ↑ (2-4)`: the agreed level, the arrow and the members' spread.
    #[must_use]
    pub fn short(&self) -> String {
        let mut s = self
            .agreed
            .map_or_else(|| "-".to_owned(), |a| a.to_string());
        let arrow = self.trend().arrow();
        if !arrow.is_empty() {
            s.push(' ');
            s.push_str(arrow);
        }
        if let Some((lo, hi)) = self.spread {
            s.push_str(&format!(" ({lo}-{hi})"));
        }
        s
    }
}

/// Counts of a school's actions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct ActionCounts {
    /// Not done and not dropped.
    pub open: usize,
    /// Open and past their due date.
    pub overdue: usize,
    /// Marked stuck.
    pub stuck: usize,
    /// Done, and changed since the previous review began (every done action
    /// when there is no previous review).
    pub done_since: usize,
}

/// An action listed by title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionLine {
    /// What is to be done (masked when its prompt is sensitive).
    pub what: String,
    /// Who owns it.
    pub owner: String,
    /// When it is due, as shown.
    pub due: String,
}

/// A risk listed by title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RiskLine {
    /// The risk (masked when its prompt is sensitive).
    pub description: String,
    /// Likelihood times impact.
    pub score: u8,
    /// The band of the score (low, medium, high).
    pub band: &'static str,
    /// Who owns it.
    pub owner: String,
    /// The mitigation: only with `--include-text`.
    pub mitigation: Option<String>,
}

/// For a framework with checked statements: requirements not met or not
/// known, and how many of those met are checked rather than self-reported.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Checked {
    /// Requirements not met.
    pub not_met: usize,
    /// Requirements partly met.
    pub partly_met: usize,
    /// Requirements whose answer is not known.
    pub not_known: usize,
    /// Requirements met.
    pub met: usize,
    /// Of those met, how many were checked.
    pub met_checked: usize,
}

/// One school's latest review of one framework.
#[derive(Clone, Debug, PartialEq)]
pub struct School {
    /// The organisation's name, as its latest session gives it.
    pub organisation: String,
    /// The framework's id.
    pub framework: String,
    /// The session's title.
    pub title: String,
    /// The session id.
    pub session_id: String,
    /// The most recently changed copy of the latest session.
    pub path: PathBuf,
    /// How many files held the latest session (members' copies).
    pub copies: usize,
    /// When the latest review began.
    pub last_review: Date,
    /// When the review before it began.
    pub previous_review: Option<Date>,
    /// The next review date, when one was recorded and reads as a date.
    pub next_review: Option<Date>,
    /// The next review as recorded, when it does not read as a date.
    pub next_review_text: String,
    /// The next review date has passed.
    pub review_overdue: bool,
    /// No review began in the last 12 months.
    pub stale: bool,
    /// One cell per area of the framework, in the framework's order.
    pub cells: Vec<Cell>,
    /// Action counts.
    pub actions: ActionCounts,
    /// The first overdue actions, soonest due first.
    pub overdue_actions: Vec<ActionLine>,
    /// The highest risks by score.
    pub top_risks: Vec<RiskLine>,
    /// Parts of external standards that nothing in the session addresses.
    pub gaps: Vec<String>,
    /// Checked statements, for a framework that has them.
    pub checked: Option<Checked>,
}

impl School {
    /// Late: no review in the last 12 months, or the next review date passed.
    #[must_use]
    pub fn late(&self) -> bool {
        self.stale || self.review_overdue
    }

    /// The highest risk score.
    #[must_use]
    pub fn top_score(&self) -> u8 {
        self.top_risks.first().map_or(0, |r| r.score)
    }
}

/// The whole roll-up.
#[derive(Clone, Debug, PartialEq)]
pub struct Rollup {
    /// The date it was made for.
    pub today: Date,
    /// Free text was included.
    pub include_text: bool,
    /// The frameworks present, each with its areas and the trust's figures.
    pub frameworks: Vec<FrameworkAreas>,
    /// One entry per school and framework.
    pub schools: Vec<School>,
    /// Files that could not be used.
    pub problems: Vec<Problem>,
    /// How many session files were found.
    pub files: usize,
}

impl Rollup {
    /// The areas of a framework.
    #[must_use]
    pub fn areas(&self, framework: &str) -> &[Area] {
        self.frameworks
            .iter()
            .find(|f| f.id == framework)
            .map_or(&[], |f| f.areas.as_slice())
    }

    /// The privacy note for this roll-up.
    #[must_use]
    pub fn privacy_note(&self) -> String {
        format!(
            "{PRIVACY_NOTE} {}",
            if self.include_text {
                TEXT_NOTE
            } else {
                NO_TEXT_NOTE
            }
        )
    }

    /// Schools flagged for having no review in the last 12 months.
    #[must_use]
    pub fn stale_count(&self) -> usize {
        self.schools.iter().filter(|s| s.stale).count()
    }
}

/// The framework a session follows, among those this build knows. Kept in
/// one place so a registry of frameworks can be plugged in here.
#[must_use]
pub fn framework_for<'a>(frameworks: &'a [Framework], id: &str) -> Option<&'a Framework> {
    frameworks.iter().find(|f| f.id == id)
}

/// The key organisations are grouped by: the name, trimmed, with runs of
/// white space as one space and case ignored.
#[must_use]
pub fn org_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// One session (all its copies) as found by header.
struct Found {
    id: String,
    header: Session,
    heads: Vec<Head>,
}

/// Build the roll-up of the session files under `paths`.
#[must_use]
pub fn build(paths: &[PathBuf], frameworks: &[Framework], opts: &Options) -> Rollup {
    let (files, mut problems) = discover::files(paths);
    let heads = discover::parallel(&files, opts.threads, |(p, follow)| {
        discover::head(p, *follow)
    });
    let mut by_id: BTreeMap<String, Found> = BTreeMap::new();
    for (r, (path, _)) in heads.into_iter().zip(&files) {
        match r {
            Some(Ok(h)) => {
                if h.read_only {
                    problems.push(Problem {
                        path: h.path.clone(),
                        message: ": written by a newer safestep; left out".into(),
                    });
                    continue;
                }
                match by_id.get_mut(&h.session.id) {
                    Some(f) => {
                        f.header.merge_from_forced(&h.session);
                        f.heads.push(h);
                    }
                    None => {
                        by_id.insert(
                            h.session.id.clone(),
                            Found {
                                id: h.session.id.clone(),
                                header: h.session.clone(),
                                heads: vec![h],
                            },
                        );
                    }
                }
            }
            Some(Err(p)) => problems.push(p),
            None => problems.push(Problem {
                path: path.clone(),
                message: ": could not be read".into(),
            }),
        }
    }

    // Group sessions by organisation and framework, newest first.
    let mut groups: BTreeMap<(String, String), Vec<Found>> = BTreeMap::new();
    for (_, f) in by_id {
        let fw = f.header.framework.id.clone();
        if opts.framework.as_ref().is_some_and(|want| *want != fw) {
            continue;
        }
        let org = org_key(f.header.organisation());
        let key = if org.is_empty() {
            format!("\u{0}{}", f.id)
        } else {
            org
        };
        groups.entry((key, fw)).or_default().push(f);
    }
    let mut chosen: Vec<(Found, Option<Found>)> = Vec::new();
    for (_, mut list) in groups {
        list.sort_by(|a, b| {
            b.header
                .created
                .cmp(&a.header.created)
                .then_with(|| a.id.cmp(&b.id))
        });
        let mut it = list.into_iter();
        if let Some(latest) = it.next() {
            chosen.push((latest, it.next()));
        }
    }

    // Read the chosen sessions whole, in parallel.
    let mut jobs: Vec<&Head> = Vec::new();
    for (latest, prev) in &chosen {
        jobs.extend(latest.heads.iter());
        if let Some(p) = prev {
            jobs.extend(p.heads.iter());
        }
    }
    let read = discover::parallel(&jobs, opts.threads, |h| {
        if h.whole {
            Ok(h.session.clone())
        } else {
            discover::full(&h.path, h.follow).map(|p| p.session)
        }
    });
    let mut whole: BTreeMap<PathBuf, Session> = BTreeMap::new();
    for (r, h) in read.into_iter().zip(&jobs) {
        match r {
            Some(Ok(s)) => {
                whole.insert(h.path.clone(), s);
            }
            Some(Err(p)) => problems.push(p),
            None => problems.push(Problem {
                path: h.path.clone(),
                message: ": could not be read".into(),
            }),
        }
    }

    let mut schools = Vec::new();
    let mut unknown: BTreeMap<String, usize> = BTreeMap::new();
    for (latest, prev) in &chosen {
        let Some((session, path, copies)) = merged(latest, &whole) else {
            continue;
        };
        let Some(fw) = framework_for(frameworks, &session.framework.id) else {
            *unknown.entry(session.framework.id.clone()).or_default() += 1;
            continue;
        };
        let previous = prev.as_ref().and_then(|p| merged(p, &whole)).map(|t| t.0);
        schools.push(school(fw, &session, previous.as_ref(), path, copies, opts));
    }
    for (id, n) in unknown {
        problems.push(Problem {
            path: PathBuf::from(crate::text::clean_line(&id).into_owned()),
            message: format!(
                ": framework not known to this build ({n} school(s) left out); give its file with --content"
            ),
        });
    }
    problems.sort_by(|a, b| a.path.cmp(&b.path));

    let mut used: Vec<FrameworkAreas> = Vec::new();
    for s in &schools {
        if used.iter().any(|f| f.id == s.framework) {
            continue;
        }
        if let Some(fw) = framework_for(frameworks, &s.framework) {
            used.push(framework_areas(fw, &schools));
        }
    }
    let mut rollup = Rollup {
        today: opts.today,
        include_text: opts.include_text,
        frameworks: used,
        schools,
        problems,
        files: files.len(),
    };
    select::sort(&mut rollup, &select::Sort::default());
    rollup
}

/// A session's copies merged, the most recently changed copy's path, and
/// how many copies there were.
fn merged(found: &Found, whole: &BTreeMap<PathBuf, Session>) -> Option<(Session, PathBuf, usize)> {
    let mut out: Option<Session> = None;
    let mut newest: Option<(jiff::Timestamp, PathBuf)> = None;
    let mut copies = 0;
    for h in &found.heads {
        let Some(s) = whole.get(&h.path) else {
            continue;
        };
        copies += 1;
        let changed = s.last_change();
        if newest.as_ref().is_none_or(|(t, _)| changed > *t) {
            newest = Some((changed, h.path.clone()));
        }
        match &mut out {
            Some(m) => m.merge_from_forced(s),
            None => out = Some(s.clone()),
        }
    }
    Some((out?, newest?.1, copies))
}

/// The areas of a framework with the trust's median and range.
fn framework_areas(fw: &Framework, schools: &[School]) -> FrameworkAreas {
    let mut areas = rating_areas(fw);
    for (i, a) in areas.iter_mut().enumerate() {
        let mut levels: Vec<u8> = schools
            .iter()
            .filter(|s| s.framework == fw.id)
            .filter_map(|s| s.cells.get(i).and_then(|c| c.agreed))
            .collect();
        levels.sort_unstable();
        a.range = levels.first().copied().zip(levels.last().copied());
        a.median = median(&levels);
    }
    FrameworkAreas {
        id: fw.id.clone(),
        title: crate::text::clean_line(&fw.title).into_owned(),
        areas,
    }
}

/// The median of sorted levels.
#[must_use]
pub fn median(sorted: &[u8]) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let mid = sorted.get(n / 2).copied().map(f64::from)?;
    if n % 2 == 1 {
        Some(mid)
    } else {
        let below = sorted.get(n / 2 - 1).copied().map(f64::from)?;
        Some(f64::midpoint(below, mid))
    }
}

/// The framework's rating prompts, as areas (without trust figures).
fn rating_areas(fw: &Framework) -> Vec<Area> {
    fw.prompts()
        .filter_map(|(_, p)| match &p.kind {
            crate::content::Kind::Rating { levels } => Some(Area {
                prompt: p.id.clone(),
                name: crate::text::clean_line(if p.section.trim().is_empty() {
                    &p.label
                } else {
                    &p.section
                })
                .into_owned(),
                levels: levels
                    .iter()
                    .map(|l| crate::text::clean_line(l).into_owned())
                    .collect(),
                median: None,
                range: None,
            }),
            _ => None,
        })
        .collect()
}

fn date_of(t: jiff::Timestamp) -> Date {
    t.to_zoned(jiff::tz::TimeZone::UTC).date()
}

/// One school's entry.
fn school(
    fw: &Framework,
    session: &Session,
    previous: Option<&Session>,
    path: PathBuf,
    copies: usize,
    opts: &Options,
) -> School {
    let ropts = rm::Options {
        today: opts.today,
        include_sensitive: false,
    };
    let summary = rm::build(fw, session, &ropts);
    let before = previous.map(|p| rm::build(fw, p, &ropts));
    let areas = rating_areas(fw);
    let cells = areas
        .iter()
        .map(|a| {
            let now = summary.ratings.iter().find(|r| r.place.prompt == a.prompt);
            let then = before
                .as_ref()
                .and_then(|b| b.ratings.iter().find(|r| r.place.prompt == a.prompt));
            Cell {
                agreed: now.and_then(|r| r.agreed),
                spread: now.and_then(rm::RatingArea::spread),
                raters: now.map_or(0, |r| r.members.len()),
                previous: then.and_then(|r| r.agreed),
            }
        })
        .collect();
    let last_review = date_of(session.created);
    let next = workshop::review::next_review(fw, session);
    let next_review = next.as_ref().and_then(|(_, d)| *d);
    let next_review_text = match &next {
        Some((text, None)) => crate::text::clean_line(text).into_owned(),
        _ => String::new(),
    };
    let year_ago = opts
        .today
        .checked_sub(jiff::Span::new().years(1))
        .unwrap_or(opts.today);
    let since = previous.map(|p| p.created);
    let mut actions = ActionCounts::default();
    let mut overdue: Vec<&rm::Action> = Vec::new();
    for a in summary.all_actions() {
        if a.is_open() {
            actions.open += 1;
        }
        if a.overdue {
            actions.overdue += 1;
            overdue.push(a);
        }
        if a.status == "stuck" {
            actions.stuck += 1;
        }
        if a.status == "done" && since.is_none_or(|t| a.changed > t) {
            actions.done_since += 1;
        }
    }
    overdue.sort_by(|a, b| {
        a.due_date
            .cmp(&b.due_date)
            .then_with(|| a.what.cmp(&b.what))
    });
    let overdue_actions = overdue
        .into_iter()
        .take(LISTED_OVERDUE)
        .map(|a| ActionLine {
            what: a.what.clone(),
            owner: a.owner.clone(),
            due: a.due.clone(),
        })
        .collect();
    School {
        organisation: crate::text::clean_line(session.organisation().trim()).into_owned(),
        framework: fw.id.clone(),
        title: crate::text::clean_line(session.title()).into_owned(),
        session_id: crate::text::clean_line(&session.id).into_owned(),
        path,
        copies,
        last_review,
        previous_review: previous.map(|p| date_of(p.created)),
        next_review,
        next_review_text,
        review_overdue: next_review.is_some_and(|d| d < opts.today),
        stale: last_review <= year_ago,
        cells,
        actions,
        overdue_actions,
        top_risks: top_risks(&summary, opts.include_text),
        gaps: evidence_gaps(&summary),
        checked: checked_statements(fw, session),
    }
}

/// The highest risks by score, highest first.
fn top_risks(summary: &Summary, include_text: bool) -> Vec<RiskLine> {
    let mut risks: Vec<&rm::Risk> = summary
        .risks
        .iter()
        .filter(|r| r.score().is_some())
        .collect();
    risks.sort_by(|a, b| {
        b.score()
            .cmp(&a.score())
            .then_with(|| a.description.cmp(&b.description))
    });
    risks
        .into_iter()
        .take(TOP_RISKS)
        .map(|r| RiskLine {
            description: r.description.clone(),
            score: r.score().unwrap_or(0),
            band: r.band(),
            owner: r.owner.clone(),
            mitigation: (include_text && !r.masked).then(|| r.mitigation.clone()),
        })
        .collect()
}

/// The evidence map's gaps as `Standard: part`. The one place the roll-up
/// reads the report model's evidence map.
fn evidence_gaps(summary: &Summary) -> Vec<String> {
    summary
        .evidence
        .iter()
        .flat_map(|s| {
            s.gaps()
                .into_iter()
                .map(move |p| format!("{}: {}", s.title, p.title))
        })
        .map(|g| crate::text::clean_line(&g).into_owned())
        .collect()
}

/// Checked statements (requirements met, partly met, not met, not known;
/// checked or self-reported) for a framework that has them, counted by the
/// report's own tally so the roll-up and the school's report agree.
fn checked_statements(fw: &Framework, session: &Session) -> Option<Checked> {
    let t = crate::report::checked::tally(fw, session);
    (t.requirements > 0).then_some(Checked {
        not_met: t.not_met,
        partly_met: t.partly_met,
        not_known: t.not_known,
        met: t.met_checked + t.met_self_reported,
        met_checked: t.met_checked,
    })
}
