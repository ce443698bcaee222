//! The summary model: everything a report shows, computed once from a
//! framework, a session and a date, with user text already cleaned of control
//! characters and sensitive answers already masked. Renderers only lay it out.

use crate::content::{FieldType, Framework, Kind, Prompt};
use crate::doc::{
    Answer, CARRIED_FROM, ConflictAt, Entry, Item, MOVED_TO, PARKING_TEXT, PROPOSED_BY, RAISED_BY,
    REVIEW, Session,
};
use crate::workshop;
use jiff::Timestamp;
use jiff::civil::Date;
use std::collections::{BTreeMap, BTreeSet};

/// What the caller decides about a summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The date used to decide which actions are overdue.
    pub today: Date,
    /// Show answers to prompts marked `sensitive` instead of leaving them out.
    pub include_sensitive: bool,
}

/// The text shown in place of an answer that was left out.
pub const MASKED: &str = "[left out: marked sensitive]";

/// Everything a report shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// The session's title.
    pub title: String,
    /// The school, college or trust.
    pub organisation: String,
    /// Who ran the meeting.
    pub facilitator: String,
    /// The session's stable id.
    pub session_id: String,
    /// When the session was created.
    pub created: Timestamp,
    /// The most recent edit.
    pub last_change: Timestamp,
    /// The date the report treats as today.
    pub today: Date,
    /// The session this one follows on from.
    pub previous: Option<String>,
    /// The framework's title.
    pub framework_title: String,
    /// The credit for the model the framework follows.
    pub framework_credit: String,
    /// The session follows a different framework (id, version) than the one used to read it.
    pub framework_mismatch: Option<String>,
    /// Completion of each step, in order.
    pub steps: Vec<StepProgress>,
    /// The group's members and the roles they cover.
    pub roles: RoleCoverage,
    /// Each assessed area's ratings.
    pub ratings: Vec<RatingArea>,
    /// The risk register, highest score first.
    pub risks: Vec<Risk>,
    /// Counts of risks by likelihood and impact: `risk_grid[impact - 1][likelihood - 1]`.
    pub risk_grid: [[u32; 5]; 5],
    /// The action plan grouped by owner.
    pub actions: Vec<OwnerActions>,
    /// Decisions with their why.
    pub decisions: Vec<Decision>,
    /// The next review date and the triggers for an earlier one.
    pub review: Review,
    /// Places where concurrent values still wait for the group.
    pub conflicts: Vec<Conflict>,
    /// The framework's policy questions with the answers that address each.
    pub questions: Vec<PolicyQuestion>,
    /// For each external standard, what addresses each of its parts.
    pub evidence: Vec<StandardEvidence>,
    /// Each policy's status, owner and next review, in framework order.
    pub policies: Vec<PolicyRow>,
    /// Who chairs the group, as the session records it ("" when not recorded).
    pub chair: String,
    /// Every answer, step by step.
    pub answers: Vec<StepAnswers>,
    /// Whether sensitive answers are shown.
    pub include_sensitive: bool,
    /// The sensitive prompts whose answers were left out (or, when included, shown).
    pub sensitive: Vec<Place>,
    /// What the meeting itself recorded; `None` when it recorded nothing.
    pub meeting: Option<MeetingSummary>,
}

/// What the meeting itself recorded: who came, time per step, votes, the
/// parking lot and the opening review of carried actions. Each list is empty
/// when nothing of its kind was recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeetingSummary {
    /// The roster's members, then anyone else recorded; empty when nobody's
    /// attendance was recorded.
    pub attendance: Vec<Attendee>,
    /// Every step with its planned and actual time; empty when no time was
    /// planned or recorded.
    pub agenda: Vec<AgendaStep>,
    /// The votes each present member had.
    pub vote_budget: u32,
    /// Each collection that received votes, in framework order.
    pub votes: Vec<VoteResult>,
    /// The parking lot, in order.
    pub parking: Vec<ParkingPoint>,
    /// The actions carried from the previous session and what the opening
    /// review found; empty when no outcome was recorded.
    pub review: Vec<ReviewedAction>,
}

impl MeetingSummary {
    /// Whether nothing at all was recorded.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.attendance.is_empty()
            && self.agenda.is_empty()
            && self.votes.is_empty()
            && self.parking.is_empty()
            && self.review.is_empty()
    }

    /// The names of those present.
    #[must_use]
    pub fn present(&self) -> Vec<&str> {
        self.attendance
            .iter()
            .filter(|a| a.present)
            .map(|a| a.name.as_str())
            .collect()
    }

    /// The names of those not recorded as present.
    #[must_use]
    pub fn not_present(&self) -> Vec<&str> {
        self.attendance
            .iter()
            .filter(|a| !a.present)
            .map(|a| a.name.as_str())
            .collect()
    }

    /// The minutes planned for the whole meeting.
    #[must_use]
    pub fn planned_total(&self) -> u32 {
        self.agenda
            .iter()
            .fold(0u32, |acc, a| acc.saturating_add(a.planned_minutes))
    }

    /// The minutes planned for the steps that were timed (time recorded),
    /// to compare with [`MeetingSummary::spent_total`].
    #[must_use]
    pub fn timed_planned_total(&self) -> u32 {
        self.agenda
            .iter()
            .filter(|a| a.spent_seconds > 0)
            .fold(0u32, |acc, a| acc.saturating_add(a.planned_minutes))
    }

    /// The seconds spent in the whole meeting.
    #[must_use]
    pub fn spent_total(&self) -> u64 {
        self.agenda
            .iter()
            .fold(0u64, |acc, a| acc.saturating_add(a.spent_seconds))
    }

    /// Parking-lot points not (or no longer) turned into an action.
    pub fn open_points(&self) -> impl Iterator<Item = &ParkingPoint> {
        self.parking.iter().filter(|p| p.moved_to.is_none())
    }

    /// Parking-lot points that became an action.
    pub fn moved_points(&self) -> impl Iterator<Item = &ParkingPoint> {
        self.parking.iter().filter(|p| p.moved_to.is_some())
    }
}

/// A person and whether they were present.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attendee {
    /// The name, as in the roster.
    pub name: String,
    /// Recorded as present.
    pub present: bool,
    /// On the session's roster.
    pub in_roster: bool,
}

/// One step of the agenda: time planned and time taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgendaStep {
    /// 1-based step number.
    pub number: usize,
    /// The step's title.
    pub title: String,
    /// Minutes planned: this meeting's plan, else the framework's suggestion.
    pub planned_minutes: u32,
    /// The plan was set for this meeting (not the framework's suggestion).
    pub planned_here: bool,
    /// Seconds actually spent.
    pub spent_seconds: u64,
}

/// The votes on one collection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VoteResult {
    /// The collection.
    pub place: Place,
    /// Items with votes, most votes first.
    pub items: Vec<VotedItem>,
}

/// An item and its votes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VotedItem {
    /// The item id.
    pub id: String,
    /// The item's text (masked when the collection is sensitive).
    pub text: String,
    /// Total votes.
    pub votes: u32,
    /// Each voter and their votes, by name.
    pub voters: Vec<(String, u32)>,
}

/// A point in the parking lot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParkingPoint {
    /// The item id.
    pub id: String,
    /// The point.
    pub text: String,
    /// Who raised it ("" when not recorded).
    pub raised_by: String,
    /// The text of the action it became, while that action exists.
    pub moved_to: Option<String>,
}

/// A carried action and the opening review's finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewedAction {
    /// The item id.
    pub id: String,
    /// What the action is (masked when the action list is sensitive).
    pub what: String,
    /// Who owns it.
    pub owner: String,
    /// done, stuck, dropped or carried; "" when not reviewed yet.
    pub outcome: String,
}

/// Where an answer sits in the framework.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    /// 1-based step number.
    pub step: usize,
    /// The step's title.
    pub step_title: String,
    /// The prompt id.
    pub prompt: String,
    /// The prompt's label.
    pub label: String,
    /// The prompt's section (an assessed area), possibly empty.
    pub section: String,
}

impl Place {
    fn of(fw: &Framework, step: usize, prompt: &Prompt) -> Place {
        Place {
            step: step + 1,
            step_title: fw
                .steps
                .get(step)
                .map(|s| clean(&s.title))
                .unwrap_or_default(),
            prompt: prompt.id.clone(),
            label: clean(&prompt.label),
            section: clean(&prompt.section),
        }
    }

    /// "Step 3, Filtering and monitoring: How mature is it?"
    #[must_use]
    pub fn describe(&self) -> String {
        if self.section.is_empty() || self.section == self.label {
            format!("Step {}, {}", self.step, self.label)
        } else {
            format!("Step {}, {}: {}", self.step, self.section, self.label)
        }
    }
}

/// How far the group got in one step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepProgress {
    /// 1-based step number.
    pub number: usize,
    /// The step's title.
    pub title: String,
    /// Prompts with an answer.
    pub answered: usize,
    /// All prompts.
    pub total: usize,
    /// The labels of prompts without an answer.
    pub missing: Vec<String>,
}

impl StepProgress {
    /// Every prompt answered.
    #[must_use]
    pub fn complete(&self) -> bool {
        self.answered == self.total
    }
}

/// A member of the group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// Their name.
    pub name: String,
    /// The labels of the roles they cover.
    pub roles: Vec<String>,
    /// A note, such as "chair".
    pub note: String,
}

/// One role and who covers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleCover {
    /// The role's id.
    pub id: String,
    /// The role's label.
    pub label: String,
    /// Required by the model (a missing one is a finding) or recommended.
    pub required: bool,
    /// Names of the members who cover it.
    pub members: Vec<String>,
}

/// The group and the roles it covers.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct RoleCoverage {
    /// The members, in roster order.
    pub members: Vec<Member>,
    /// Every role of the framework, in framework order.
    pub roles: Vec<RoleCover>,
    /// The roster was left out because its prompt is marked sensitive.
    pub masked: bool,
}

impl RoleCoverage {
    /// Required roles nobody covers: findings in themselves.
    #[must_use]
    pub fn missing_required(&self) -> Vec<&RoleCover> {
        self.roles
            .iter()
            .filter(|r| r.required && r.members.is_empty())
            .collect()
    }

    /// Recommended roles nobody covers.
    #[must_use]
    pub fn missing_recommended(&self) -> Vec<&RoleCover> {
        self.roles
            .iter()
            .filter(|r| !r.required && r.members.is_empty())
            .collect()
    }
}

/// One assessed area's ratings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RatingArea {
    /// Where the rating prompt sits.
    pub place: Place,
    /// The area's name: the prompt's section, or its label when it has none.
    pub area: String,
    /// The level labels, lowest first (level 1 is the first).
    pub levels: Vec<String>,
    /// Each member's own level.
    pub members: Vec<(String, u8)>,
    /// The level the group agreed.
    pub agreed: Option<u8>,
    /// The agreed level is in conflict.
    pub conflict: bool,
}

impl RatingArea {
    /// The lowest and highest member rating.
    #[must_use]
    pub fn spread(&self) -> Option<(u8, u8)> {
        let min = self.members.iter().map(|m| m.1).min()?;
        let max = self.members.iter().map(|m| m.1).max()?;
        Some((min, max))
    }

    /// The label of a level, or the number when the scale has no such level.
    #[must_use]
    pub fn level_label(&self, level: u8) -> String {
        usize::from(level)
            .checked_sub(1)
            .and_then(|i| self.levels.get(i))
            .map_or_else(|| level.to_string(), |l| format!("{level} {l}"))
    }
}

/// A risk from the register.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Risk {
    /// The item id.
    pub id: String,
    /// Where the register sits.
    pub place: Place,
    /// What could happen.
    pub description: String,
    /// Likelihood 1-5, when valid.
    pub likelihood: Option<u8>,
    /// Impact 1-5, when valid.
    pub impact: Option<u8>,
    /// Who owns it.
    pub owner: String,
    /// What reduces it.
    pub mitigation: String,
    /// Who proposed it in the meeting ("" when not recorded).
    pub proposed_by: String,
    /// The register is marked sensitive and the risk's text was left out.
    pub masked: bool,
}

impl Risk {
    /// Likelihood times impact, when both are valid.
    #[must_use]
    pub fn score(&self) -> Option<u8> {
        Some(self.likelihood? * self.impact?)
    }

    /// "high" (15 and over), "medium" (8 to 14), "low" or "unscored".
    #[must_use]
    pub fn band(&self) -> &'static str {
        score_band(self.score())
    }
}

/// The band of a risk score.
#[must_use]
pub fn score_band(score: Option<u8>) -> &'static str {
    match score {
        Some(s) if s >= 15 => "high",
        Some(s) if s >= 8 => "medium",
        Some(_) => "low",
        None => "unscored",
    }
}

/// An action from the plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    /// The item id.
    pub id: String,
    /// Where the action list sits (the step it came from).
    pub place: Place,
    /// What is to be done.
    pub what: String,
    /// Who does it.
    pub owner: String,
    /// The due date as written.
    pub due: String,
    /// The due date, when it is one.
    pub due_date: Option<Date>,
    /// open, in progress, done, stuck or dropped.
    pub status: String,
    /// Past due and not done or dropped.
    pub overdue: bool,
    /// When the action was last edited.
    pub changed: Timestamp,
    /// Who proposed it in the meeting ("" when not recorded).
    pub proposed_by: String,
    /// The action list is marked sensitive and the text was left out.
    pub masked: bool,
}

impl Action {
    /// Not done and not dropped.
    #[must_use]
    pub fn is_open(&self) -> bool {
        is_open_status(&self.status)
    }
}

/// Whether an action with this status still needs doing.
#[must_use]
pub fn is_open_status(status: &str) -> bool {
    workshop::value::is_open_status(status)
}

/// One owner's actions, soonest due first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnerActions {
    /// The owner ("" when none is named).
    pub owner: String,
    /// Their actions.
    pub actions: Vec<Action>,
}

/// A decision the group made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// The item id.
    pub id: String,
    /// Where the decision list sits.
    pub place: Place,
    /// What was decided.
    pub what: String,
    /// Why.
    pub why: String,
    /// When, as written.
    pub date: String,
    /// Who agreed it.
    pub agreed_by: String,
    /// Who proposed it in the meeting ("" when not recorded).
    pub proposed_by: String,
    /// Left out because the decision list is marked sensitive.
    pub masked: bool,
}

/// When the group meets again.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Review {
    /// The next review date as written.
    pub next: String,
    /// The next review date, when it is one.
    pub next_date: Option<Date>,
    /// What would bring the review forward.
    pub triggers: Vec<String>,
}

/// One value of a conflict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictValue {
    /// The value, as text.
    pub value: String,
    /// Who wrote it.
    pub by: String,
    /// When.
    pub at: Timestamp,
}

/// A place where concurrent values wait for the group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// Where, in words.
    pub place: String,
    /// What the conflict is about ("two values", "deleted while edited").
    pub what: String,
    /// The values side by side.
    pub values: Vec<ConflictValue>,
}

/// An answer shown under a policy question or in the answers section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerRef {
    /// Where it sits.
    pub place: Place,
    /// The answer: one entry per line or item; empty when not answered.
    pub lines: Vec<String>,
    /// Left out because the prompt is marked sensitive.
    pub masked: bool,
    /// In the appendix: the section of the report that already shows this
    /// answer in full ("the action plan"), so the appendix names it instead
    /// of repeating it.
    pub elsewhere: Option<&'static str>,
}

/// One of the framework's policy questions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyQuestion {
    /// The question's id.
    pub id: String,
    /// The question.
    pub text: String,
    /// The answered prompts tagged with it.
    pub answers: Vec<AnswerRef>,
    /// Labels of tagged prompts without an answer yet.
    pub unanswered: Vec<Place>,
}

/// What addresses a part of a standard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EvidenceEntry {
    /// An answer to a tagged prompt.
    Answer(AnswerRef),
    /// A ticked checklist option that names the part.
    Ticked {
        /// The checklist.
        place: Place,
        /// The option ticked.
        option: String,
    },
    /// A decision recorded under a tagged prompt.
    Decision(Decision),
    /// An action recorded under a tagged prompt.
    Action(Action),
}

impl EvidenceEntry {
    /// Where the entry sits.
    #[must_use]
    pub fn place(&self) -> &Place {
        match self {
            EvidenceEntry::Answer(a) => &a.place,
            EvidenceEntry::Ticked { place, .. } => place,
            EvidenceEntry::Decision(d) => &d.place,
            EvidenceEntry::Action(a) => &a.place,
        }
    }
}

/// How far a part of a standard is addressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Coverage {
    /// Nothing the group recorded addresses it yet.
    Nothing,
    /// Something touches it, but not fully (see [`PartEvidence::missing`]).
    Partly,
    /// At least one answer, ticked strand, decision or finished action is
    /// about this part alone.
    Addressed,
}

impl Coverage {
    /// "addressed", "partly addressed" or "nothing yet".
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Coverage::Addressed => "addressed",
            Coverage::Partly => "partly addressed",
            Coverage::Nothing => "nothing yet",
        }
    }
}

/// Something that counts towards a part, and how much it counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvidenceLink {
    /// The answer, ticked option, decision or action.
    pub entry: EvidenceEntry,
    /// It addresses the part fully (otherwise partly).
    pub full: bool,
}

/// One part of a standard and what addresses it.
///
/// The rule (docs/reports.md, "The evidence map"): an empty or placeholder
/// answer counts for nothing; a checklist strand counts only when the option
/// that names the part is ticked; an answer, decision or finished action under
/// a prompt tagged with this part alone addresses it; one under a prompt
/// tagged with several parts, an action not finished yet, a rating, or a
/// status that is still being drafted or needs review addresses it partly; a
/// status of "Missing" and dropped actions count for nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartEvidence {
    /// The part's id.
    pub id: String,
    /// What the part asks for.
    pub title: String,
    /// The part's short name: its title up to a colon, or the whole title.
    pub name: String,
    /// How far it is addressed.
    pub coverage: Coverage,
    /// What counts towards it, fully or partly.
    pub entries: Vec<EvidenceLink>,
    /// What is missing, in words (empty when addressed).
    pub missing: Vec<String>,
    /// Tagged prompts not answered yet.
    pub unanswered: Vec<Place>,
}

impl PartEvidence {
    /// The entries that address the part fully.
    pub fn full(&self) -> impl Iterator<Item = &EvidenceEntry> {
        self.entries.iter().filter(|l| l.full).map(|l| &l.entry)
    }

    /// The entries that address the part partly.
    pub fn partial(&self) -> impl Iterator<Item = &EvidenceEntry> {
        self.entries.iter().filter(|l| !l.full).map(|l| &l.entry)
    }
}

/// An external standard in the evidence map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StandardEvidence {
    /// The standard's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its parts.
    pub parts: Vec<PartEvidence>,
}

impl StandardEvidence {
    /// Parts that nothing addresses yet.
    #[must_use]
    pub fn gaps(&self) -> Vec<&PartEvidence> {
        self.with(Coverage::Nothing)
    }

    /// Parts with a given coverage.
    #[must_use]
    pub fn with(&self, coverage: Coverage) -> Vec<&PartEvidence> {
        self.parts
            .iter()
            .filter(|p| p.coverage == coverage)
            .collect()
    }
}

/// Whether an answer says nothing yet: empty, or a placeholder such as
/// "tbc", "n/a", "-" or "todo" (fewer than two letters or digits, or one of
/// the usual stand-ins).
#[must_use]
pub fn is_placeholder(text: &str) -> bool {
    let words: String = text
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    if words.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
        return true;
    }
    const STAND_INS: &[&str] = &[
        "tbc",
        "tbd",
        "tba",
        "todo",
        "to do",
        "n a",
        "na",
        "none",
        "nothing",
        "xxx",
        "pending",
        "not sure",
        "unknown",
        "see above",
        "to follow",
        "later",
        "placeholder",
        "lorem ipsum",
        "no",
        "not yet",
    ];
    STAND_INS.contains(&words.as_str())
}

/// How much a chosen value (such as a policy's status) counts: a status
/// that says the thing is missing counts for nothing, one still being
/// drafted or needing review counts partly, anything else fully.
fn choice_weight(value: &str) -> Option<bool> {
    let v = value.trim().to_lowercase();
    match v.as_str() {
        "missing" | "no" | "none" | "not in place" | "not yet" | "not started" => None,
        "drafting" | "draft" | "needs review" | "in progress" | "partly" | "partial" => Some(false),
        _ => Some(true),
    }
}

/// The short name of a part: its title up to the first colon.
fn part_name(title: &str) -> String {
    title
        .split_once(':')
        .map_or(title, |(name, _)| name)
        .trim()
        .to_owned()
}

fn same_words(a: &str, b: &str) -> bool {
    let norm = |t: &str| {
        t.to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    norm(a) == norm(b)
}

/// One policy (a section with a "Status" choice) and where it stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyRow {
    /// The policy's name (the section).
    pub policy: String,
    /// Its status ("" when not answered).
    pub status: String,
    /// Its owner ("" when not answered).
    pub owner: String,
    /// Its next review, as shown ("" when not answered).
    pub review: String,
    /// Left out because the prompts are marked sensitive.
    pub masked: bool,
}

/// The answers of one step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepAnswers {
    /// 1-based step number.
    pub number: usize,
    /// The step's title.
    pub title: String,
    /// Each prompt's answer, in order (unanswered prompts included).
    pub answers: Vec<AnswerRef>,
}

/// Remove what must never reach a terminal or a document from user text,
/// with the one policy of [`crate::text`]: control characters become visible
/// stand-ins, bidi controls `�`, zero-width characters are removed, line
/// breaks become `\n` and trailing space is trimmed.
#[must_use]
pub fn clean(text: &str) -> String {
    crate::text::clean_export(text)
}

/// Read a stored date by the core's one rule.
#[must_use]
pub fn parse_date(text: &str) -> Option<Date> {
    workshop::date::read(text)
}

fn parse_score(text: &str) -> Option<u8> {
    workshop::value::parse_score(text)
}

fn item_changed(item: &Item) -> Timestamp {
    item.fields
        .values()
        .flat_map(|r| r.0.iter().map(|e| e.at))
        .chain(item.deleted.0.iter().map(|e| e.at))
        .max()
        .unwrap_or(Timestamp::UNIX_EPOCH)
}

/// Builds the summary; holds what every part needs.
struct Builder<'a> {
    fw: &'a Framework,
    session: &'a Session,
    opts: &'a Options,
}

impl Builder<'_> {
    fn masked(&self, prompt: &Prompt) -> bool {
        prompt.sensitive && !self.opts.include_sensitive
    }

    /// A member's name as every report gives it (one name per person).
    fn person(&self, member: &str) -> String {
        clean(&workshop::people::display_name(
            self.fw,
            self.session,
            member,
        ))
    }

    fn field(&self, item: &Item, name: &str) -> String {
        clean(item.field(name))
    }

    /// A field as the core shows it (dates in the long form, roles by
    /// name), cleaned.
    fn shown(&self, item: &Item, name: &str, ty: FieldType) -> String {
        clean(&workshop::show_field(self.fw, ty, item.field(name)))
    }

    fn action(&self, step: usize, prompt: &Prompt, id: &str, item: &Item) -> Action {
        let masked = self.masked(prompt);
        let due_date = parse_date(item.field("due"));
        let due = self.shown(item, "due", FieldType::Date);
        let status = clean(&workshop::value::status_of(item.field("status")));
        let overdue = is_open_status(&status) && due_date.is_some_and(|d| d < self.opts.today);
        Action {
            id: id.to_owned(),
            place: Place::of(self.fw, step, prompt),
            what: if masked {
                MASKED.into()
            } else {
                self.field(item, "what")
            },
            owner: self.field(item, "owner"),
            due,
            due_date,
            status,
            overdue,
            changed: item_changed(item),
            proposed_by: self.field(item, PROPOSED_BY),
            masked,
        }
    }

    fn risk(&self, step: usize, prompt: &Prompt, id: &str, item: &Item) -> Risk {
        let masked = self.masked(prompt);
        Risk {
            id: id.to_owned(),
            place: Place::of(self.fw, step, prompt),
            description: if masked {
                MASKED.into()
            } else {
                self.field(item, "description")
            },
            likelihood: parse_score(item.field("likelihood")),
            impact: parse_score(item.field("impact")),
            owner: self.field(item, "owner"),
            mitigation: if masked {
                String::new()
            } else {
                self.field(item, "mitigation")
            },
            proposed_by: self.field(item, PROPOSED_BY),
            masked,
        }
    }

    fn decision(&self, step: usize, prompt: &Prompt, id: &str, item: &Item) -> Decision {
        let masked = self.masked(prompt);
        Decision {
            id: id.to_owned(),
            place: Place::of(self.fw, step, prompt),
            what: if masked {
                MASKED.into()
            } else {
                self.field(item, "what")
            },
            why: if masked {
                String::new()
            } else {
                self.field(item, "why")
            },
            date: self.shown(item, "date", FieldType::Date),
            agreed_by: self.field(item, "agreed_by"),
            proposed_by: self.field(item, PROPOSED_BY),
            masked,
        }
    }

    /// The answer to any prompt as lines of text, unmasked.
    fn answer_lines(&self, prompt: &Prompt) -> Vec<String> {
        let s = self.session;
        let id = prompt.id.as_str();
        let one = |v: String| if v.is_empty() { Vec::new() } else { vec![v] };
        match &prompt.kind {
            Kind::ShortText | Kind::LongText | Kind::Date | Kind::Choice { .. } => one(clean(
                &workshop::show_answer(&prompt.kind, s.text_value(id)),
            )),
            Kind::Checklist { options } => {
                let mut ticked: Vec<String> = options
                    .iter()
                    .filter(|o| s.is_checked(id, o))
                    .map(|o| clean(o))
                    .collect();
                // Options ticked in the session but no longer in the framework.
                if let Some(Answer::Checks(map)) = s.answers.get(id) {
                    for opt in map.keys() {
                        if !options.contains(opt) && s.is_checked(id, opt) {
                            ticked.push(clean(opt));
                        }
                    }
                }
                ticked
            }
            Kind::Rating { levels } => {
                let mut out = Vec::new();
                if let Some(level) = s.agreed_rating(id) {
                    let label = usize::from(level)
                        .checked_sub(1)
                        .and_then(|i| levels.get(i))
                        .map_or_else(String::new, |l| format!(" ({})", clean(l)));
                    out.push(format!("Agreed level {level}{label}"));
                }
                let members = s.member_ratings(id);
                if !members.is_empty() {
                    let list: Vec<String> = members
                        .iter()
                        .map(|(m, v)| format!("{} {v}", self.person(m)))
                        .collect();
                    out.push(format!("Members: {}", list.join(", ")));
                }
                out
            }
            Kind::Checked => super::checked::answer_lines(s, id),
            Kind::List => s
                .items_of(id)
                .iter()
                .map(|(_, i)| self.field(i, "text"))
                .filter(|t| !t.is_empty())
                .collect(),
            Kind::Roster => s
                .items_of(id)
                .iter()
                .map(|(_, i)| {
                    let roles = self.role_labels(i.field("roles"));
                    let name = self.field(i, "name");
                    if roles.is_empty() {
                        name
                    } else {
                        format!("{name} ({})", roles.join(", "))
                    }
                })
                .collect(),
            Kind::Actions => s
                .items_of(id)
                .iter()
                .map(|(_, i)| {
                    let details: Vec<String> = [
                        ("owner", FieldType::Text),
                        ("due", FieldType::Date),
                        ("status", FieldType::Status),
                    ]
                    .iter()
                    .map(|(f, ty)| self.shown(i, f, *ty))
                    .filter(|v| !v.is_empty())
                    .collect();
                    let what = self.field(i, "what");
                    if details.is_empty() {
                        what
                    } else {
                        format!("{what} ({})", details.join(", "))
                    }
                })
                .collect(),
            Kind::Risks => s
                .items_of(id)
                .iter()
                .map(|(_, i)| {
                    let l = parse_score(i.field("likelihood"));
                    let m = parse_score(i.field("impact"));
                    let score = match (l, m) {
                        (Some(l), Some(m)) => {
                            format!(" (likelihood {l}, impact {m}, score {})", l * m)
                        }
                        _ => String::new(),
                    };
                    format!("{}{score}", self.field(i, "description"))
                })
                .collect(),
            Kind::Decisions => s
                .items_of(id)
                .iter()
                .map(|(_, i)| {
                    let what = self.field(i, "what");
                    let why = self.field(i, "why");
                    if why.is_empty() {
                        what
                    } else {
                        format!("{what}: {why}")
                    }
                })
                .collect(),
            Kind::Table { .. } => {
                let fields = prompt.kind.fields();
                s.items_of(id)
                    .iter()
                    .map(|(_, i)| {
                        fields
                            .iter()
                            .filter_map(|f| {
                                let v = self.shown(i, &f.id, f.ty);
                                (!v.is_empty()).then(|| format!("{}: {v}", clean(&f.label)))
                            })
                            .collect::<Vec<_>>()
                            .join("; ")
                    })
                    .filter(|l| !l.is_empty())
                    .collect()
            }
        }
    }

    fn answer_ref(&self, step: usize, prompt: &Prompt) -> AnswerRef {
        let masked = self.masked(prompt) && self.session.has_answer(&prompt.id);
        AnswerRef {
            place: Place::of(self.fw, step, prompt),
            lines: if masked {
                Vec::new()
            } else {
                self.answer_lines(prompt)
            },
            masked,
            elsewhere: None,
        }
    }

    fn role_labels(&self, roles: &str) -> Vec<String> {
        workshop::value::role_names(self.fw, roles)
            .iter()
            .map(|r| clean(r))
            .collect()
    }

    fn steps(&self) -> Vec<StepProgress> {
        self.fw
            .steps
            .iter()
            .enumerate()
            .map(|(i, step)| {
                let missing: Vec<String> = step
                    .prompts
                    .iter()
                    .filter(|p| !self.session.has_answer(&p.id))
                    .map(|p| {
                        if p.section.trim().is_empty() || p.section == p.label {
                            clean(&p.label)
                        } else {
                            clean(&format!("{}: {}", p.section, p.label))
                        }
                    })
                    .collect();
                StepProgress {
                    number: i + 1,
                    title: clean(&step.title),
                    answered: step.prompts.len() - missing.len(),
                    total: step.prompts.len(),
                    missing,
                }
            })
            .collect()
    }

    fn roles(&self) -> RoleCoverage {
        let mut members = Vec::new();
        let mut covers: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        let mut masked = false;
        for (_, prompt) in self.fw.prompts().filter(|(_, p)| p.kind == Kind::Roster) {
            for (_, item) in self.session.items_of(&prompt.id) {
                let name = self.field(item, "name");
                let mut labels = Vec::new();
                for r in workshop::value::stored_roles(item.field("roles")) {
                    match workshop::value::role_of(self.fw, r) {
                        Some(role) => {
                            covers
                                .entry(role.id.as_str())
                                .or_default()
                                .push(name.clone());
                            labels.push(clean(&role.label));
                        }
                        None => labels.push(clean(r)),
                    }
                }
                if self.masked(prompt) {
                    masked = true;
                    continue;
                }
                members.push(Member {
                    name,
                    roles: labels,
                    note: self.field(item, "note"),
                });
            }
        }
        let roles = self
            .fw
            .roles
            .iter()
            .map(|r| RoleCover {
                id: r.id.clone(),
                label: clean(&r.label),
                required: r.required,
                members: if masked {
                    // Coverage stays visible; who covers it does not.
                    covers
                        .get(r.id.as_str())
                        .map_or_else(Vec::new, |m| vec![format!("{} member(s)", m.len())])
                } else {
                    covers.get(r.id.as_str()).cloned().unwrap_or_default()
                },
            })
            .collect();
        RoleCoverage {
            members,
            roles,
            masked,
        }
    }

    fn ratings(&self) -> Vec<RatingArea> {
        self.fw
            .prompts()
            .filter_map(|(step, p)| {
                let Kind::Rating { levels } = &p.kind else {
                    return None;
                };
                let conflict = matches!(self.session.answers.get(&p.id),
                    Some(Answer::Rating { agreed, .. }) if agreed.is_conflict());
                Some(RatingArea {
                    place: Place::of(self.fw, step, p),
                    area: clean(if p.section.trim().is_empty() {
                        &p.label
                    } else {
                        &p.section
                    }),
                    levels: levels.iter().map(|l| clean(l)).collect(),
                    members: self
                        .session
                        .member_ratings(&p.id)
                        .into_iter()
                        .map(|(m, v)| (self.person(m), v))
                        .collect(),
                    agreed: self.session.agreed_rating(&p.id),
                    conflict,
                })
            })
            .collect()
    }

    fn risks(&self) -> Vec<Risk> {
        let mut risks: Vec<Risk> = self
            .fw
            .prompts()
            .filter(|(_, p)| p.kind == Kind::Risks)
            .flat_map(|(step, p)| {
                self.session
                    .items_of(&p.id)
                    .into_iter()
                    .map(move |(id, item)| self.risk(step, p, id, item))
            })
            .collect();
        // Highest score first; unscored last; the register's order breaks ties.
        risks.sort_by_key(|r| std::cmp::Reverse(r.score().map_or(0, u16::from)));
        risks
    }

    fn actions(&self) -> Vec<Action> {
        self.fw
            .prompts()
            .filter(|(_, p)| p.kind == Kind::Actions)
            .flat_map(|(step, p)| {
                self.session
                    .items_of(&p.id)
                    .into_iter()
                    .map(move |(id, item)| self.action(step, p, id, item))
            })
            .collect()
    }

    fn decisions(&self) -> Vec<Decision> {
        self.fw
            .prompts()
            .filter(|(_, p)| p.kind == Kind::Decisions)
            .flat_map(|(step, p)| {
                self.session
                    .items_of(&p.id)
                    .into_iter()
                    .map(move |(id, item)| self.decision(step, p, id, item))
            })
            .collect()
    }

    fn review(&self) -> Review {
        let mut review = Review::default();
        if let Some((text, date)) = workshop::review::next_review(self.fw, self.session) {
            review.next = clean(&date.map_or(text, workshop::date::long));
            review.next_date = date;
        }
        for (_, p) in self.fw.prompts().filter(|(_, p)| is_trigger_prompt(p)) {
            if self.masked(p) && self.session.has_answer(&p.id) {
                review.triggers.push(MASKED.into());
                continue;
            }
            for line in self.answer_lines(p) {
                // A long-text answer may list one trigger a line.
                review.triggers.extend(
                    line.lines()
                        .map(|l| {
                            l.trim()
                                .trim_start_matches(['-', '*', '•'])
                                .trim()
                                .to_owned()
                        })
                        .filter(|l| !l.is_empty()),
                );
            }
        }
        review
    }

    fn conflict_values<T>(
        &self,
        entries: &[Entry<T>],
        show: impl Fn(&T) -> String,
    ) -> Vec<ConflictValue> {
        entries
            .iter()
            .map(|e| ConflictValue {
                value: show(&e.value),
                by: self.person(&e.by),
                at: e.at,
            })
            .collect()
    }

    fn prompt_place(&self, id: &str) -> (String, bool) {
        if id == crate::doc::PARKING {
            return ("The parking lot".into(), false);
        }
        match self.fw.prompt(id) {
            Some((step, p)) => (Place::of(self.fw, step, p).describe(), self.masked(p)),
            None => (format!("prompt {}", clean(id)), false),
        }
    }

    fn conflicts(&self) -> Vec<Conflict> {
        let s = self.session;
        let text =
            |masked: bool| move |v: &String| if masked { MASKED.to_owned() } else { clean(v) };
        let mut out = Vec::new();
        for at in s.conflicts() {
            let c = match &at {
                ConflictAt::Meta(name) => {
                    let reg = match *name {
                        "title" => &s.title,
                        "organisation" => &s.organisation,
                        _ => &s.facilitator,
                    };
                    Conflict {
                        place: format!("The session's {name}"),
                        what: "different values".into(),
                        values: self.conflict_values(&reg.0, text(false)),
                    }
                }
                ConflictAt::Answer(p) => {
                    let (place, masked) = self.prompt_place(p);
                    let values = s
                        .text(p)
                        .map_or_else(Vec::new, |r| self.conflict_values(&r.0, text(masked)));
                    Conflict {
                        place,
                        what: "different answers".into(),
                        values,
                    }
                }
                ConflictAt::Check(p, opt) => {
                    let (place, _) = self.prompt_place(p);
                    let values = match s.answers.get(p) {
                        Some(Answer::Checks(m)) => m.get(opt).map_or_else(Vec::new, |r| {
                            self.conflict_values(&r.0, |v| {
                                if *v {
                                    "ticked".into()
                                } else {
                                    "not ticked".into()
                                }
                            })
                        }),
                        _ => Vec::new(),
                    };
                    Conflict {
                        place: format!("{place}: {}", clean(opt)),
                        what: "ticked and not ticked".into(),
                        values,
                    }
                }
                ConflictAt::OwnRating(p, member) => {
                    let (place, _) = self.prompt_place(p);
                    let values = match s.answers.get(p) {
                        Some(Answer::Rating { members, .. }) => {
                            members.get(member).map_or_else(Vec::new, |r| {
                                self.conflict_values(&r.0, |v| format!("level {v}"))
                            })
                        }
                        _ => Vec::new(),
                    };
                    Conflict {
                        place: format!("{place}: {}'s own rating", clean(member)),
                        what: "two ratings by one member".into(),
                        values,
                    }
                }
                ConflictAt::Agreed(p) => {
                    let (place, _) = self.prompt_place(p);
                    let values = match s.answers.get(p) {
                        Some(Answer::Rating { agreed, .. }) => {
                            self.conflict_values(&agreed.0, |v| format!("level {v}"))
                        }
                        _ => Vec::new(),
                    };
                    Conflict {
                        place: format!("{place}: agreed level"),
                        what: "different agreed levels".into(),
                        values,
                    }
                }
                ConflictAt::ItemField(id, field) => {
                    let Some(item) = s.items.get(id) else {
                        continue;
                    };
                    let (place, masked) = self.prompt_place(&item.prompt);
                    let values = item
                        .fields
                        .get(field)
                        .map_or_else(Vec::new, |r| self.conflict_values(&r.0, text(masked)));
                    Conflict {
                        place: format!(
                            "{place}: {} of \"{}\"",
                            clean(field),
                            item_title(item, masked)
                        ),
                        what: "different values".into(),
                        values,
                    }
                }
                ConflictAt::DeleteEdit(id) => {
                    let Some(item) = s.items.get(id) else {
                        continue;
                    };
                    let (place, masked) = self.prompt_place(&item.prompt);
                    let mut values: Vec<ConflictValue> = item
                        .deleted
                        .0
                        .iter()
                        .filter(|e| e.value.deleted)
                        .map(|e| ConflictValue {
                            value: "deleted it".into(),
                            by: self.person(&e.by),
                            at: e.at,
                        })
                        .collect();
                    let covered: BTreeSet<_> = item
                        .deleted
                        .0
                        .iter()
                        .flat_map(|e| e.value.covers.iter().flatten())
                        .collect();
                    for (field, reg) in &item.fields {
                        for e in reg.0.iter().filter(|e| !covered.contains(&e.dot)) {
                            let v = if masked {
                                MASKED.to_owned()
                            } else {
                                clean(&e.value)
                            };
                            values.push(ConflictValue {
                                value: format!("edited {}: {v}", clean(field)),
                                by: self.person(&e.by),
                                at: e.at,
                            });
                        }
                    }
                    Conflict {
                        place: format!("{place}: \"{}\"", item_title(item, masked)),
                        what: "deleted while someone edited it".into(),
                        values,
                    }
                }
                ConflictAt::Planned(step) => {
                    let title = self.fw.step(step).map_or_else(
                        || clean(step),
                        |(i, st)| format!("Step {}, {}", i + 1, clean(&st.title)),
                    );
                    Conflict {
                        place: format!("{title}: minutes planned for the meeting"),
                        what: "different plans".into(),
                        values: s.meeting.planned.get(step).map_or_else(Vec::new, |r| {
                            self.conflict_values(&r.0, |m| match m {
                                0 => "no plan (the suggested time)".into(),
                                m => format!("{m} minutes"),
                            })
                        }),
                    }
                }
                ConflictAt::Attendance(name) => Conflict {
                    place: format!("Attendance of {}", clean(name)),
                    what: "present and not present".into(),
                    values: s.meeting.attendance.get(name).map_or_else(Vec::new, |r| {
                        self.conflict_values(&r.0, |p| {
                            if *p {
                                "present".into()
                            } else {
                                "not present".into()
                            }
                        })
                    }),
                },
                ConflictAt::VoteBudget => Conflict {
                    place: "The meeting's vote budget".into(),
                    what: "different budgets".into(),
                    values: self
                        .conflict_values(&s.meeting.vote_budget.0, |n| format!("{n} votes each")),
                },
            };
            out.push(c);
        }
        out
    }

    /// The text of an item for a vote list or the parking lot: its first
    /// text field, cleaned, on one line.
    fn item_text(item: &Item, masked: bool) -> String {
        if masked {
            return MASKED.into();
        }
        ["what", "description", "text", "name"]
            .iter()
            .map(|f| item.field(f))
            .find(|v| !v.trim().is_empty())
            .or_else(|| {
                item.fields
                    .iter()
                    .filter(|(k, _)| !is_meeting_field(k))
                    .filter_map(|(_, r)| r.latest())
                    .map(String::as_str)
                    .find(|v| !v.trim().is_empty())
            })
            .map(|t| clean(t).split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    }

    /// Whether the item's prompt is known and masked.
    fn item_masked(&self, item: &Item) -> bool {
        self.fw
            .prompt(&item.prompt)
            .is_some_and(|(_, p)| self.masked(p))
    }

    fn meeting(&self) -> Option<MeetingSummary> {
        let s = self.session;
        let m = &s.meeting;

        let mut attendance = Vec::new();
        if !m.attendance.is_empty() {
            let mut roster: Vec<String> = Vec::new();
            for (_, prompt) in self.fw.prompts().filter(|(_, p)| p.kind == Kind::Roster) {
                // A masked roster lists nobody who was not recorded.
                if self.masked(prompt) {
                    continue;
                }
                for (_, item) in s.items_of(&prompt.id) {
                    let name = item.field("name").trim().to_owned();
                    if !name.is_empty() && !roster.contains(&name) {
                        roster.push(name);
                    }
                }
            }
            for name in &roster {
                attendance.push(Attendee {
                    name: clean(name),
                    present: s.is_present(name),
                    in_roster: true,
                });
            }
            for name in m.attendance.keys() {
                if !roster.contains(name) && !name.trim().is_empty() {
                    attendance.push(Attendee {
                        name: clean(name),
                        present: s.is_present(name),
                        in_roster: false,
                    });
                }
            }
        }

        let timed = m.planned.values().any(|r| r.0.iter().any(|e| e.value > 0))
            || self.fw.steps.iter().any(|st| s.spent_seconds(&st.id) > 0);
        let agenda = if timed {
            self.fw
                .steps
                .iter()
                .enumerate()
                .map(|(i, st)| AgendaStep {
                    number: i + 1,
                    title: clean(&st.title),
                    planned_minutes: s.minutes_for(st),
                    planned_here: s.planned_minutes(&st.id).is_some(),
                    spent_seconds: s.spent_seconds(&st.id),
                })
                .collect()
        } else {
            Vec::new()
        };

        let votes: Vec<VoteResult> = self
            .fw
            .prompts()
            .filter(|(_, p)| p.kind.is_collection())
            .filter_map(|(step, p)| {
                let masked = self.masked(p);
                let items: Vec<VotedItem> = s
                    .vote_results(&p.id)
                    .into_iter()
                    .map(|(id, item, n)| VotedItem {
                        id: id.to_owned(),
                        text: Self::item_text(item, masked),
                        votes: n,
                        voters: s
                            .votes_for(id)
                            .into_iter()
                            .map(|(v, n)| (self.person(v), n))
                            .collect(),
                    })
                    .collect();
                (!items.is_empty()).then(|| VoteResult {
                    place: Place::of(self.fw, step, p),
                    items,
                })
            })
            .collect();

        let parking = s
            .parking_lot()
            .into_iter()
            .map(|(id, item)| {
                let moved_to = s
                    .items
                    .get(item.field(MOVED_TO))
                    .filter(|a| !Session::is_deleted(a))
                    .map(|a| Self::item_text(a, self.item_masked(a)));
                ParkingPoint {
                    id: id.to_owned(),
                    text: clean(item.field(PARKING_TEXT)),
                    raised_by: self.field(item, RAISED_BY),
                    moved_to,
                }
            })
            .collect();

        let review: Vec<ReviewedAction> = s
            .opening_review(self.fw)
            .into_iter()
            .map(|(id, item)| ReviewedAction {
                id: id.to_owned(),
                what: Self::item_text(item, self.item_masked(item)),
                owner: self.field(item, "owner"),
                outcome: self.field(item, REVIEW).trim().to_lowercase(),
            })
            .collect();
        let reviewed = review.iter().any(|r| !r.outcome.is_empty());

        let mut summary = MeetingSummary {
            attendance,
            agenda,
            vote_budget: s.vote_budget(),
            votes,
            parking,
            review: Vec::new(),
        };
        // Carried actions alone are no meeting: they are listed once the
        // review began or the meeting recorded something else.
        if reviewed || !summary.is_empty() {
            summary.review = review;
        }
        (!summary.is_empty()).then_some(summary)
    }

    fn questions(&self) -> Vec<PolicyQuestion> {
        self.fw
            .questions
            .iter()
            .map(|q| {
                let mut answers = Vec::new();
                let mut unanswered = Vec::new();
                for (step, p) in self
                    .fw
                    .prompts()
                    .filter(|(_, p)| p.questions.contains(&q.id))
                {
                    if self.session.has_answer(&p.id) {
                        answers.push(self.answer_ref(step, p));
                    } else {
                        unanswered.push(Place::of(self.fw, step, p));
                    }
                }
                PolicyQuestion {
                    id: q.id.clone(),
                    text: clean(&q.text),
                    answers,
                    unanswered,
                }
            })
            .collect()
    }

    fn evidence(&self) -> Vec<StandardEvidence> {
        self.fw
            .standards
            .iter()
            .map(|std| StandardEvidence {
                id: std.id.clone(),
                title: clean(&std.title),
                parts: std
                    .parts
                    .iter()
                    .map(|part| self.part_evidence(&part.id, &part.title))
                    .collect(),
            })
            .collect()
    }

    /// What addresses one part, by the rule of [`PartEvidence`].
    fn part_evidence(&self, part_id: &str, part_title: &str) -> PartEvidence {
        let title = clean(part_title);
        let name = part_name(&title);
        let mut entries = Vec::new();
        let mut missing = Vec::new();
        let mut unanswered = Vec::new();
        for (step, p) in self
            .fw
            .prompts()
            .filter(|(_, p)| p.evidence.iter().any(|t| t == part_id))
        {
            let place = Place::of(self.fw, step, p);
            let alone = p.evidence.iter().all(|t| t == part_id);
            let where_ = place.describe();
            if let Kind::Checklist { options } = &p.kind {
                // A strand counts only when the option naming it is ticked.
                if let Some(opt) = options.iter().find(|o| same_words(o, &name)) {
                    if self.session.is_checked(&p.id, opt) {
                        entries.push(EvidenceLink {
                            entry: EvidenceEntry::Ticked {
                                place,
                                option: clean(opt),
                            },
                            full: true,
                        });
                    } else {
                        missing.push(format!("\"{}\" is not ticked in {where_}", clean(opt)));
                    }
                    continue;
                }
            }
            if !self.session.has_answer(&p.id) {
                missing.push(format!("no answer yet to {where_}"));
                unanswered.push(place);
                continue;
            }
            match &p.kind {
                Kind::Decisions | Kind::Actions => {
                    let mut counted = false;
                    for (id, item) in self.session.items_of(&p.id) {
                        let text = format!("{} {}", item.field("what"), item.field("why"));
                        if is_placeholder(&text) {
                            continue;
                        }
                        let entry = if p.kind == Kind::Decisions {
                            EvidenceEntry::Decision(self.decision(step, p, id, item))
                        } else {
                            let a = self.action(step, p, id, item);
                            if a.status == "dropped" {
                                continue;
                            }
                            let done = !a.is_open();
                            if !done {
                                missing.push(format!(
                                    "an action is not done yet ({where_}, {})",
                                    a.status
                                ));
                            }
                            entries.push(EvidenceLink {
                                entry: EvidenceEntry::Action(a),
                                full: alone && done,
                            });
                            counted = true;
                            continue;
                        };
                        entries.push(EvidenceLink { entry, full: alone });
                        counted = true;
                    }
                    if !counted {
                        missing.push(format!("nothing usable recorded under {where_}"));
                    }
                }
                _ => {
                    let lines = self.answer_lines(p);
                    let text = lines.join(" ");
                    if is_placeholder(&text) {
                        missing.push(format!("the answer to {where_} says nothing yet"));
                        continue;
                    }
                    // A rating says how mature practice is, not that the
                    // part is met: it counts partly.
                    let weight = match p.kind {
                        Kind::Choice { .. } => choice_weight(self.session.text_value(&p.id)),
                        Kind::Rating { .. } => Some(false),
                        _ => Some(true),
                    };
                    let said = if matches!(p.kind, Kind::Rating { .. }) {
                        format!("{where_} rates practice but does not show the part is met")
                    } else if self.masked(p) {
                        format!("{where_} is not settled yet")
                    } else {
                        format!("{where_} is \"{}\"", excerpt_plain(&text))
                    };
                    let Some(weight) = weight else {
                        missing.push(said);
                        continue;
                    };
                    if !weight {
                        missing.push(said);
                    }
                    entries.push(EvidenceLink {
                        entry: EvidenceEntry::Answer(self.answer_ref(step, p)),
                        full: alone && weight,
                    });
                }
            }
        }
        let coverage = if entries.iter().any(|l| l.full) {
            Coverage::Addressed
        } else if entries.is_empty() {
            Coverage::Nothing
        } else {
            Coverage::Partly
        };
        if coverage == Coverage::Partly
            && entries
                .iter()
                .any(|l| !l.full && self.multi_tagged(l.entry.place()))
        {
            missing.push(
                "the answers that touch it cover several parts at once and none is about this one alone"
                    .into(),
            );
        }
        if coverage == Coverage::Addressed {
            missing.clear();
        }
        PartEvidence {
            id: part_id.to_owned(),
            title,
            name,
            coverage,
            entries,
            missing,
            unanswered,
        }
    }

    fn multi_tagged(&self, place: &Place) -> bool {
        self.fw
            .prompt(&place.prompt)
            .is_some_and(|(_, p)| p.evidence.len() > 1)
    }

    /// Each section that has a choice labelled "Status" is a policy; its
    /// owner is the section's prompt labelled "Owner", its next review the
    /// section's date.
    fn policies(&self) -> Vec<PolicyRow> {
        let mut out = Vec::new();
        for step in &self.fw.steps {
            for status in step.prompts.iter().filter(|p| {
                matches!(p.kind, Kind::Choice { .. })
                    && p.label.trim().eq_ignore_ascii_case("status")
                    && !p.section.trim().is_empty()
            }) {
                let sibling = |pred: &dyn Fn(&Prompt) -> bool| {
                    step.prompts
                        .iter()
                        .find(|q| q.section == status.section && pred(q))
                };
                let masked = self.masked(status);
                let text = |p: Option<&Prompt>| {
                    p.map_or_else(String::new, |p| {
                        if self.masked(p) && self.session.has_answer(&p.id) {
                            MASKED.to_owned()
                        } else {
                            clean(&workshop::show_answer(
                                &p.kind,
                                self.session.text_value(&p.id),
                            ))
                            .replace('\n', " ")
                        }
                    })
                };
                out.push(PolicyRow {
                    policy: clean(&status.section),
                    status: text(Some(status)),
                    owner: text(sibling(&|q| q.label.trim().eq_ignore_ascii_case("owner"))),
                    review: text(sibling(&|q| q.kind == Kind::Date)),
                    masked,
                });
            }
        }
        out
    }

    /// The chair: the answer to the group's "chair" prompt, else the roster
    /// member whose note says they chair the group.
    fn chair(&self) -> String {
        if let Some((_, p)) = self
            .fw
            .prompts()
            .find(|(_, p)| p.id.ends_with(".chair") && !matches!(p.kind, Kind::Roster))
            && !self.masked(p)
        {
            let v = clean(self.session.text_value(&p.id)).replace('\n', " ");
            if !v.trim().is_empty() {
                return v.trim().to_owned();
            }
        }
        for (_, p) in self.fw.prompts().filter(|(_, p)| p.kind == Kind::Roster) {
            if self.masked(p) {
                continue;
            }
            for (_, item) in self.session.items_of(&p.id) {
                if item.field("note").to_lowercase().contains("chair") {
                    return self.field(item, "name");
                }
            }
        }
        String::new()
    }

    /// The report section that already shows a prompt's answer in full.
    fn shown_elsewhere(&self, step: &crate::content::Step, p: &Prompt) -> Option<&'static str> {
        let policy = !p.section.trim().is_empty()
            && step.prompts.iter().any(|q| {
                q.section == p.section
                    && matches!(q.kind, Kind::Choice { .. })
                    && q.label.trim().eq_ignore_ascii_case("status")
            })
            && (matches!(p.kind, Kind::Choice { .. } | Kind::Date)
                || p.label.trim().eq_ignore_ascii_case("owner"));
        match p.kind {
            _ if policy => Some("the policy table"),
            Kind::Actions => Some("the action plan"),
            Kind::Risks => Some("the risk register"),
            Kind::Decisions => Some("the decisions"),
            Kind::Roster => Some("the group and its roles"),
            Kind::Rating { .. } => Some("the ratings by area"),
            _ if is_trigger_prompt(p) => Some("the next review"),
            _ if review_date_prompt(self.fw).is_some_and(|r| r.id == p.id) => {
                Some("the next review")
            }
            _ => None,
        }
    }

    fn answers(&self) -> Vec<StepAnswers> {
        self.fw
            .steps
            .iter()
            .enumerate()
            .map(|(i, step)| StepAnswers {
                number: i + 1,
                title: clean(&step.title),
                answers: step
                    .prompts
                    .iter()
                    .map(|p| {
                        let mut a = self.answer_ref(i, p);
                        a.elsewhere = self.shown_elsewhere(step, p);
                        a
                    })
                    .collect(),
            })
            .collect()
    }
}

/// A value on one line, cut at 40 characters.
fn excerpt_plain(text: &str) -> String {
    let one = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= 40 {
        one
    } else {
        one.chars().take(39).collect::<String>() + "…"
    }
}

fn item_title(item: &Item, masked: bool) -> String {
    if masked {
        return MASKED.into();
    }
    let title = ["what", "description", "name", "text"]
        .iter()
        .map(|f| item.field(f))
        .find(|v| !v.trim().is_empty())
        .or_else(|| {
            item.fields
                .values()
                .filter_map(|r| r.latest())
                .map(String::as_str)
                .next()
        })
        .unwrap_or("");
    let mut t: String = clean(title).replace('\n', " ");
    if t.chars().count() > 60 {
        t = t.chars().take(59).collect::<String>() + "…";
    }
    t
}

/// Item fields the meeting records, which are not an item's own text.
fn is_meeting_field(name: &str) -> bool {
    [PROPOSED_BY, REVIEW, CARRIED_FROM, MOVED_TO, RAISED_BY].contains(&name)
}

/// The prompt holding the next review date, by the core's one rule.
#[must_use]
pub fn review_date_prompt(fw: &Framework) -> Option<&Prompt> {
    workshop::review::review_date_prompt(fw)
}

fn is_trigger_prompt(p: &Prompt) -> bool {
    p.id.to_lowercase().contains("trigger")
}

/// Build the summary of a session.
#[must_use]
pub fn build(fw: &Framework, session: &Session, opts: &Options) -> Summary {
    let b = Builder { fw, session, opts };
    let risks = b.risks();
    let mut risk_grid = [[0u32; 5]; 5];
    for r in &risks {
        if let (Some(l), Some(i)) = (r.likelihood, r.impact)
            && let Some(row) = risk_grid.get_mut(usize::from(i) - 1)
            && let Some(cell) = row.get_mut(usize::from(l) - 1)
        {
            *cell += 1;
        }
    }
    let mut by_owner: BTreeMap<(bool, String), Vec<Action>> = BTreeMap::new();
    for a in b.actions() {
        let key = (a.owner.is_empty(), a.owner.to_lowercase());
        by_owner.entry(key).or_default().push(a);
    }
    let actions = by_owner
        .into_values()
        .map(|mut actions| {
            actions.sort_by(|x, y| {
                (x.due_date.is_none(), x.due_date, &x.due).cmp(&(
                    y.due_date.is_none(),
                    y.due_date,
                    &y.due,
                ))
            });
            let owner = actions.first().map(|a| a.owner.clone()).unwrap_or_default();
            OwnerActions { owner, actions }
        })
        .collect();
    let sensitive = fw
        .prompts()
        .filter(|(_, p)| p.sensitive && session.has_answer(&p.id))
        .map(|(step, p)| Place::of(fw, step, p))
        .collect();
    let reference = fw.reference();
    let framework_mismatch = (session.framework != reference).then(|| {
        format!(
            "the session follows {} version {}, read with {} version {}",
            clean(&session.framework.id),
            session.framework.version,
            clean(&reference.id),
            reference.version
        )
    });
    Summary {
        title: clean(session.title()),
        organisation: clean(session.organisation()),
        facilitator: clean(session.facilitator()),
        session_id: clean(&session.id),
        created: session.created,
        last_change: session.last_change(),
        today: opts.today,
        previous: session.previous.as_deref().map(clean),
        framework_title: clean(&fw.title),
        framework_credit: clean(&fw.credit),
        framework_mismatch,
        steps: b.steps(),
        roles: b.roles(),
        ratings: b.ratings(),
        risks,
        risk_grid,
        actions,
        decisions: b.decisions(),
        review: b.review(),
        conflicts: b.conflicts(),
        questions: b.questions(),
        evidence: b.evidence(),
        policies: b.policies(),
        chair: b.chair(),
        answers: b.answers(),
        include_sensitive: opts.include_sensitive,
        sensitive,
        meeting: b.meeting(),
    }
}

impl Summary {
    /// Every action, in owner then due order.
    pub fn all_actions(&self) -> impl Iterator<Item = &Action> {
        self.actions.iter().flat_map(|o| o.actions.iter())
    }

    /// Actions still to do.
    #[must_use]
    pub fn open_actions(&self) -> usize {
        self.all_actions().filter(|a| a.is_open()).count()
    }

    /// Actions past due and not done.
    #[must_use]
    pub fn overdue_actions(&self) -> usize {
        self.all_actions().filter(|a| a.overdue).count()
    }

    /// Steps with every prompt answered.
    #[must_use]
    pub fn complete_steps(&self) -> usize {
        self.steps.iter().filter(|s| s.complete()).count()
    }

    /// A sentence about sensitive answers, in plain words: what was left
    /// out and who can produce the full version, or that they are included.
    #[must_use]
    pub fn sensitive_note(&self) -> Option<String> {
        if self.sensitive.is_empty() {
            return None;
        }
        let list: Vec<String> = self.sensitive.iter().map(Place::describe).collect();
        let n = list.len();
        let answers = if n == 1 { "answer" } else { "answers" };
        Some(if self.include_sensitive {
            format!(
                "This report includes {n} {answers} that may identify learners ({}). Keep it with other safeguarding records and share it only with people who need it.",
                list.join("; ")
            )
        } else {
            let who = if self.chair.is_empty() {
                "The group's chair".to_owned()
            } else {
                format!("The group's chair, {},", self.chair)
            };
            format!(
                "{n} {answers} that may identify learners {} left out of this report: {}. {who} or the designated safeguarding lead can produce the full version for those who need to see it.",
                if n == 1 { "was" } else { "were" },
                list.join("; ")
            )
        })
    }
}
