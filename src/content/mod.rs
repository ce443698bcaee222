//! The framework a session follows: steps, guidance and prompts, loaded from
//! RON (`content/seven-steps.ron` is embedded in the binary) and validated.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::Path;

/// The seven-step framework shipped with safestep.
pub const SEVEN_STEPS: &str = include_str!("../../content/seven-steps.ron");

/// A whole framework.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// Stable id, recorded in every session.
    pub id: String,
    /// Bumped when prompts change meaning.
    pub version: u32,
    /// Display title.
    pub title: String,
    /// Credit and licence of the model the framework follows.
    pub credit: String,
    /// The roles a group should cover.
    pub roles: Vec<Role>,
    /// External standards that prompts can help evidence.
    #[serde(default)]
    pub standards: Vec<Standard>,
    /// The questions any e-safety policy should answer; prompts point at them.
    #[serde(default)]
    pub questions: Vec<Question>,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// A role the group should cover.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// Stable id, stored in the roster.
    pub id: String,
    /// Display label.
    pub label: String,
    /// Required (a missing one is a finding) or only recommended.
    #[serde(default)]
    pub required: bool,
}

/// An external standard, for the evidence map.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Standard {
    /// Stable id.
    pub id: String,
    /// Display title.
    pub title: String,
    /// The parts of the standard that prompts can evidence.
    pub parts: Vec<StandardPart>,
}

/// One part of a standard; prompts name it in `evidence`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StandardPart {
    /// Stable id, unique across all standards.
    pub id: String,
    /// What the part asks for, in our words.
    pub title: String,
}

/// A question any e-safety policy should answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Stable id; prompts name it in `questions`.
    pub id: String,
    /// The question, in our words.
    pub text: String,
}

/// One step of the framework.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Stable id.
    pub id: String,
    /// Display title.
    pub title: String,
    /// One line: what the step is for.
    pub purpose: String,
    /// Guidance for the facilitator.
    pub guidance: String,
    /// Suggested minutes for the step in a meeting (1 to 240), written as a
    /// plain number; when absent, [`Step::suggested_minutes`] gives
    /// [`DEFAULT_STEP_MINUTES`].
    #[serde(
        default,
        deserialize_with = "minutes::deserialize",
        serialize_with = "minutes::serialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub minutes: Option<u32>,
    /// The step's prompts, in order.
    pub prompts: Vec<Prompt>,
}

impl Step {
    /// The minutes suggested for the step in a meeting: the content's
    /// suggestion, else [`DEFAULT_STEP_MINUTES`].
    #[must_use]
    pub fn suggested_minutes(&self) -> u32 {
        self.minutes.unwrap_or(DEFAULT_STEP_MINUTES)
    }
}

/// `minutes: 20` in content files, read as `Some(20)` without RON's `Some(..)`.
mod minutes {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
        u32::deserialize(d).map(Some)
    }

    // serde hands `serialize_with` a reference to the field.
    #[allow(clippy::ref_option, clippy::trivially_copy_pass_by_ref)]
    pub(super) fn serialize<S: Serializer>(v: &Option<u32>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(m) => s.serialize_u32(*m),
            None => s.serialize_none(),
        }
    }
}

/// A question the group answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prompt {
    /// Stable id, the key of the answer in the session.
    pub id: String,
    /// The question, short enough for a field label.
    pub label: String,
    /// A hint under the field.
    #[serde(default)]
    pub help: String,
    /// A heading that groups prompts within a step (for example an assessed area).
    #[serde(default)]
    pub section: String,
    /// What kind of answer it takes.
    pub kind: Kind,
    /// Free text that could name a learner: masked on a shared screen and left
    /// out of exports unless asked for.
    #[serde(default)]
    pub sensitive: bool,
    /// Standard part ids this prompt helps evidence.
    #[serde(default)]
    pub evidence: Vec<String>,
    /// Policy question ids this prompt helps answer.
    #[serde(default)]
    pub questions: Vec<String>,
}

/// The kind of answer a prompt takes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Kind {
    /// One line of text.
    ShortText,
    /// Several lines of text.
    LongText,
    /// A calendar date.
    Date,
    /// One of several options.
    Choice {
        /// The options.
        options: Vec<String>,
    },
    /// Any of several options.
    Checklist {
        /// The options.
        options: Vec<String>,
    },
    /// A level on a labelled scale: each member's own and the group's agreed.
    Rating {
        /// The level labels, lowest first (level 1 is the first).
        levels: Vec<String>,
    },
    /// A list of short items.
    List,
    /// The members of the group and the roles each covers.
    Roster,
    /// Actions: what, owner, due date, status.
    Actions,
    /// Risks: description, likelihood, impact, owner, mitigation, and the
    /// risk's status (open, closed, accepted, transferred) with the date it
    /// was closed and the reason.
    Risks,
    /// Decisions: what, why, date, agreed by.
    Decisions,
    /// Rows with the named columns, for plans such as training or engagement.
    Table {
        /// The column headings; each column is a text field.
        columns: Vec<String>,
    },
}

/// What a field of a collection item holds, for parsing and editing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// Free text.
    Text,
    /// A `YYYY-MM-DD` date.
    Date,
    /// An integer from 1 to 5.
    Score,
    /// An action status.
    Status,
    /// A risk's status: one of [`RISK_STATUSES`]; none recorded means open.
    RiskStatus,
    /// A comma-separated list of role ids.
    Roles,
}

/// A field of a collection item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldSpec {
    /// Key in the item's `fields`.
    pub id: String,
    /// Display label.
    pub label: String,
    /// What it holds.
    pub ty: FieldType,
}

/// A step id no framework may use: the meeting's own records (such as the
/// parking lot, `doc::PARKING`) live under it.
pub const RESERVED_STEP_ID: &str = "meeting";

/// The start of prompt ids no framework may use, for the same reason.
pub const RESERVED_PROMPT_PREFIX: &str = "meeting.";

/// The longest suggested time for one step, in minutes.
pub const MAX_STEP_MINUTES: u32 = 240;

/// The statuses an action can have.
pub const STATUSES: [&str; 5] = ["open", "in progress", "done", "stuck", "dropped"];

/// The statuses a risk can have. A risk with no status is open; it is closed
/// only when someone closes it.
pub const RISK_STATUSES: [&str; 4] = ["open", "closed", "accepted", "transferred"];

/// The fields of a risk that say what became of it: empty on a new risk.
pub const RISK_STATUS_FIELDS: [&str; 3] = ["status", "closed_on", "reason"];

fn spec(id: &str, label: &str, ty: FieldType) -> FieldSpec {
    FieldSpec {
        id: id.to_owned(),
        label: label.to_owned(),
        ty,
    }
}

impl Kind {
    /// The kind's name as written in content files.
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            Kind::ShortText => "ShortText",
            Kind::LongText => "LongText",
            Kind::Date => "Date",
            Kind::Choice { .. } => "Choice",
            Kind::Checklist { .. } => "Checklist",
            Kind::Rating { .. } => "Rating",
            Kind::List => "List",
            Kind::Roster => "Roster",
            Kind::Actions => "Actions",
            Kind::Risks => "Risks",
            Kind::Decisions => "Decisions",
            Kind::Table { .. } => "Table",
        }
    }

    /// Whether answers are items of a collection rather than one value.
    #[must_use]
    pub fn is_collection(&self) -> bool {
        !self.fields().is_empty()
    }

    /// The fields of one item, for collection kinds; empty otherwise.
    #[must_use]
    pub fn fields(&self) -> Vec<FieldSpec> {
        use FieldType::{Date, RiskStatus, Roles, Score, Status, Text};
        match self {
            Kind::List => vec![spec("text", "Item", Text)],
            Kind::Roster => vec![
                spec("name", "Name", Text),
                spec("roles", "Roles", Roles),
                spec("note", "Note", Text),
            ],
            Kind::Actions => vec![
                spec("what", "What", Text),
                spec("owner", "Owner", Text),
                spec("due", "Due", Date),
                spec("status", "Status", Status),
            ],
            Kind::Risks => vec![
                spec("description", "Risk", Text),
                spec("likelihood", "Likelihood", Score),
                spec("impact", "Impact", Score),
                spec("owner", "Owner", Text),
                spec("mitigation", "Mitigation", Text),
                spec("status", "Status", RiskStatus),
                spec("closed_on", "Closed on", Date),
                spec("reason", "Reason", Text),
            ],
            Kind::Decisions => vec![
                spec("what", "Decision", Text),
                spec("why", "Why", Text),
                spec("date", "Date", Date),
                spec("agreed_by", "Agreed by", Text),
            ],
            Kind::Table { columns } => columns
                .iter()
                .map(|c| spec(&column_id(c), c, column_type(c)))
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// The type of a table column: a date when its heading names one ("Date",
/// "By when", "Due", "Deadline", "Review date"), otherwise free text. A bare
/// "When" stays text: plans often answer it with a term.
#[must_use]
pub fn column_type(heading: &str) -> FieldType {
    let id = column_id(heading);
    let dated = ["date", "by_when", "due", "due_date", "deadline"].contains(&id.as_str())
        || id.ends_with("_date")
        || id.ends_with("_due")
        || id.ends_with("_by_when");
    if dated {
        FieldType::Date
    } else {
        FieldType::Text
    }
}

/// The minutes suggested for a step whose content names none.
pub const DEFAULT_STEP_MINUTES: u32 = 15;

/// Which framework a session follows: stored in every session file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FrameworkRef {
    /// The framework's id, for example `seven-steps`.
    pub id: String,
    /// The framework's version.
    pub version: u32,
}

/// The field id of a table column: its heading in lower case, words joined by `_`.
#[must_use]
pub fn column_id(heading: &str) -> String {
    heading
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join("_")
}

/// A content file that could not be used, with the position of the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// What was wrong.
    pub message: String,
}

impl std::fmt::Display for ContentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.col, self.message)
    }
}

impl std::error::Error for ContentError {}

/// A 1-based line and column (in characters) in a content file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Pos {
    line: usize,
    col: usize,
}

const START: Pos = Pos { line: 1, col: 1 };

/// A bracketed group in the text: a struct `( )`, a list `[ ]` or a map `{ }`.
struct Group {
    parent: Option<usize>,
    pos: Pos,
}

/// A `name: value` pair and where its value is.
struct Key {
    name: String,
    group: Option<usize>,
    pos: Pos,
    /// The string literal the value is, if it is one.
    value: Option<Pos>,
    /// The group the value opens, if it opens one (`[..]`, `(..)`, `Choice(..)`).
    child: Option<usize>,
}

/// A string literal and the group it sits in.
struct Literal {
    value: String,
    group: Option<usize>,
    pos: Pos,
}

/// The shape of a content file's text: groups, keys and string literals with
/// their positions, so that validation can point at the exact place of a
/// problem. Comments and the inside of strings are skipped.
#[derive(Default)]
struct Outline {
    groups: Vec<Group>,
    keys: Vec<Key>,
    literals: Vec<Literal>,
    /// By group: its child groups, its keys and its literals, in text order,
    /// so that looking a path up costs the size of the path, not of the file.
    children: Vec<Vec<usize>>,
    keys_of: Vec<Vec<usize>>,
    literals_of: Vec<Vec<usize>>,
}

/// A step along a path from the top-level struct.
#[derive(Clone, Copy)]
enum Seg<'a> {
    /// The value of a named field.
    Field(&'a str),
    /// The nth element of a list.
    Elem(usize),
}

struct Cursor {
    chars: Vec<char>,
    i: usize,
    line: usize,
    col: usize,
}

impl Cursor {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.i + ahead).copied()
    }

    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            col: self.col,
        }
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek(0)?;
        self.i += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    /// A quoted string starting at `"`, with escapes decoded.
    fn string(&mut self) -> String {
        let mut s = String::new();
        self.bump();
        while let Some(c) = self.bump() {
            match c {
                '"' => break,
                '\\' => match self.bump() {
                    Some('n') => s.push('\n'),
                    Some('t') => s.push('\t'),
                    Some('r') => s.push('\r'),
                    Some('0') => s.push('\0'),
                    Some('u') if self.peek(0) == Some('{') => {
                        let mut hex = String::new();
                        self.bump();
                        while let Some(h) = self.bump() {
                            if h == '}' {
                                break;
                            }
                            hex.push(h);
                        }
                        if let Some(ch) =
                            u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)
                        {
                            s.push(ch);
                        }
                    }
                    Some(other) => s.push(other),
                    None => break,
                },
                _ => s.push(c),
            }
        }
        s
    }

    /// A raw string `r#"..."#` when one starts here.
    fn raw_string(&mut self) -> Option<String> {
        let hashes = (1..).take_while(|&k| self.peek(k) == Some('#')).count();
        if self.peek(1 + hashes) != Some('"') {
            return None;
        }
        for _ in 0..hashes + 2 {
            self.bump();
        }
        let mut s = String::new();
        while let Some(c) = self.bump() {
            if c == '"' && (0..hashes).all(|k| self.peek(k) == Some('#')) {
                for _ in 0..hashes {
                    self.bump();
                }
                break;
            }
            s.push(c);
        }
        Some(s)
    }

    fn skip_comment(&mut self) {
        if self.peek(1) == Some('/') {
            while self.peek(0).is_some_and(|c| c != '\n') {
                self.bump();
            }
            return;
        }
        // A block comment; RON's nest.
        self.bump();
        self.bump();
        let mut depth = 1;
        while depth > 0 {
            match (self.peek(0), self.peek(1)) {
                (None, _) => break,
                (Some('*'), Some('/')) => {
                    depth -= 1;
                    self.bump();
                    self.bump();
                }
                (Some('/'), Some('*')) => {
                    depth += 1;
                    self.bump();
                    self.bump();
                }
                _ => {
                    self.bump();
                }
            }
        }
    }
}

impl Outline {
    fn scan(text: &str) -> Outline {
        let mut cur = Cursor {
            chars: text.chars().collect(),
            i: 0,
            line: 1,
            col: 1,
        };
        let mut out = Outline::default();
        let mut stack: Vec<usize> = Vec::new();
        // A key whose value has not been seen yet.
        let mut pending: Option<usize> = None;
        while let Some(c) = cur.peek(0) {
            let pos = cur.pos();
            match c {
                '/' if matches!(cur.peek(1), Some('/' | '*')) => cur.skip_comment(),
                '"' => {
                    let value = cur.string();
                    out.literal(value, pos, stack.last().copied(), &mut pending);
                }
                'r' if matches!(cur.peek(1), Some('"' | '#')) => match cur.raw_string() {
                    Some(value) => out.literal(value, pos, stack.last().copied(), &mut pending),
                    None => {
                        cur.bump();
                    }
                },
                '(' | '[' | '{' => {
                    let id = out.groups.len();
                    out.groups.push(Group {
                        parent: stack.last().copied(),
                        pos,
                    });
                    if let Some(k) = pending.take()
                        && let Some(key) = out.keys.get_mut(k)
                    {
                        key.child = Some(id);
                    }
                    stack.push(id);
                    cur.bump();
                }
                ')' | ']' | '}' => {
                    stack.pop();
                    pending = None;
                    cur.bump();
                }
                ',' => {
                    pending = None;
                    cur.bump();
                }
                c if c.is_alphabetic() || c == '_' => {
                    let mut name = String::new();
                    while let Some(c) = cur.peek(0).filter(|c| c.is_alphanumeric() || *c == '_') {
                        name.push(c);
                        cur.bump();
                    }
                    while cur.peek(0).is_some_and(char::is_whitespace) {
                        cur.bump();
                    }
                    if cur.peek(0) == Some(':') {
                        cur.bump();
                        pending = Some(out.keys.len());
                        out.keys.push(Key {
                            name,
                            group: stack.last().copied(),
                            pos,
                            value: None,
                            child: None,
                        });
                    }
                    // Otherwise a value such as `true` or a variant name: the
                    // pending key may still open a group (`Choice(..)`).
                }
                _ => {
                    cur.bump();
                }
            }
        }
        out.index();
        out
    }

    /// Fill the by-group indexes.
    fn index(&mut self) {
        let n = self.groups.len();
        self.children = vec![Vec::new(); n];
        self.keys_of = vec![Vec::new(); n];
        self.literals_of = vec![Vec::new(); n];
        for (i, g) in self.groups.iter().enumerate() {
            if let Some(p) = g.parent.and_then(|p| self.children.get_mut(p)) {
                p.push(i);
            }
        }
        for (i, k) in self.keys.iter().enumerate() {
            if let Some(v) = k.group.and_then(|g| self.keys_of.get_mut(g)) {
                v.push(i);
            }
        }
        for (i, l) in self.literals.iter().enumerate() {
            if let Some(v) = l.group.and_then(|g| self.literals_of.get_mut(g)) {
                v.push(i);
            }
        }
    }

    fn literal(
        &mut self,
        value: String,
        pos: Pos,
        group: Option<usize>,
        pending: &mut Option<usize>,
    ) {
        if let Some(k) = pending.take()
            && let Some(key) = self.keys.get_mut(k)
        {
            key.value = Some(pos);
        }
        self.literals.push(Literal { value, group, pos });
    }

    fn key(&self, group: usize, name: &str) -> Option<&Key> {
        self.keys_of
            .get(group)?
            .iter()
            .map(|&i| &self.keys[i])
            .find(|k| k.name == name)
    }

    /// The group a path leads to; the path starts at the top-level struct.
    fn at(&self, path: &[Seg<'_>]) -> Option<usize> {
        let mut g = if self.groups.is_empty() {
            None
        } else {
            Some(0)
        }?;
        for seg in path {
            g = match *seg {
                Seg::Field(name) => self.key(g, name)?.child?,
                Seg::Elem(n) => *self.children.get(g)?.get(n)?,
            };
        }
        Some(g)
    }

    /// Where the value of `field` of the struct at `path` is; the struct's own
    /// position when the field is absent.
    fn field(&self, path: &[Seg<'_>], field: &str) -> Pos {
        let Some(g) = self.at(path) else {
            return START;
        };
        match self.key(g, field) {
            Some(k) => k
                .value
                .or_else(|| k.child.and_then(|c| self.groups.get(c)).map(|c| c.pos))
                .unwrap_or(k.pos),
            None => self.groups.get(g).map_or(START, |x| x.pos),
        }
    }

    /// Where the `nth` occurrence of the string `value` is in the list at `path`.
    fn item(&self, path: &[Seg<'_>], value: &str, nth: usize) -> Pos {
        let Some(g) = self.at(path) else {
            return START;
        };
        self.literals_of
            .get(g)
            .into_iter()
            .flatten()
            .map(|&i| &self.literals[i])
            .filter(|l| l.value == value)
            .nth(nth)
            .map_or_else(|| self.groups.get(g).map_or(START, |x| x.pos), |l| l.pos)
    }
}

impl Framework {
    /// The framework shipped with safestep.
    ///
    /// # Errors
    /// Never for a released build: a test checks the embedded file.
    pub fn embedded() -> Result<Framework, ContentError> {
        Framework::parse(SEVEN_STEPS)
    }

    /// Parse and validate a framework's RON text.
    ///
    /// # Errors
    /// A [`ContentError`] with line and column for syntax errors, unknown
    /// kinds and fields, empty or duplicate ids, reserved ids (the step id
    /// `meeting`, prompt ids starting `meeting.`), suggested minutes outside
    /// 1 to 240, empty titles and labels, broken references, and missing or
    /// repeated options. When a file has
    /// several problems, the first in the text is reported.
    pub fn parse(text: &str) -> Result<Framework, ContentError> {
        let fw: Framework = ron::from_str(text).map_err(|e| ContentError {
            line: e.span.start.line.max(1),
            col: e.span.start.col.max(1),
            message: e.code.to_string(),
        })?;
        fw.validate(text)?;
        Ok(fw)
    }

    /// Load a framework file.
    ///
    /// # Errors
    /// I/O errors as a message at 1:1; content errors as [`Framework::parse`].
    pub fn load(path: &Path) -> Result<Framework, ContentError> {
        let text = std::fs::read_to_string(path).map_err(|e| ContentError {
            line: 1,
            col: 1,
            message: format!("cannot read the content file: {e}"),
        })?;
        Framework::parse(&text)
    }

    /// Check what the types cannot: ids present and unique, titles and labels
    /// not empty, references that resolve, options that make sense. Reports
    /// the problem that comes first in the text.
    fn validate(&self, text: &str) -> Result<(), ContentError> {
        use Seg::{Elem, Field};
        let outline = Outline::scan(text);
        let mut problems: Vec<(Pos, String)> = Vec::new();
        // Every id with where it is and what it names, for the duplicate check.
        let mut ids: Vec<(Pos, &str, String)> = Vec::new();
        let need = |problems: &mut Vec<(Pos, String)>, value: &str, pos: Pos, what: String| {
            if value.trim().is_empty() {
                problems.push((pos, what));
            }
        };

        need(
            &mut problems,
            &self.title,
            outline.field(&[], "title"),
            "the framework has an empty title".into(),
        );
        if self.steps.is_empty() {
            problems.push((
                outline.field(&[], "steps"),
                "the framework has no steps".into(),
            ));
        }
        for (i, r) in self.roles.iter().enumerate() {
            let path = [Field("roles"), Elem(i)];
            ids.push((outline.field(&path, "id"), &r.id, format!("role {}", i + 1)));
            let what = format!("role \"{}\" has an empty label", r.id);
            need(&mut problems, &r.label, outline.field(&path, "label"), what);
        }
        for (i, s) in self.standards.iter().enumerate() {
            let path = [Field("standards"), Elem(i)];
            ids.push((
                outline.field(&path, "id"),
                &s.id,
                format!("standard {}", i + 1),
            ));
            let what = format!("standard \"{}\" has an empty title", s.id);
            need(&mut problems, &s.title, outline.field(&path, "title"), what);
            for (j, p) in s.parts.iter().enumerate() {
                let path = [Field("standards"), Elem(i), Field("parts"), Elem(j)];
                let name = format!("part {} of standard \"{}\"", j + 1, s.id);
                ids.push((outline.field(&path, "id"), &p.id, name));
                let what = format!("standard part \"{}\" has an empty title", p.id);
                need(&mut problems, &p.title, outline.field(&path, "title"), what);
            }
        }
        for (i, q) in self.questions.iter().enumerate() {
            let path = [Field("questions"), Elem(i)];
            ids.push((
                outline.field(&path, "id"),
                &q.id,
                format!("question {}", i + 1),
            ));
            let what = format!("question \"{}\" has no text", q.id);
            need(&mut problems, &q.text, outline.field(&path, "text"), what);
        }

        let parts: BTreeSet<&str> = self
            .standards
            .iter()
            .flat_map(|s| s.parts.iter().map(|p| p.id.as_str()))
            .collect();
        let questions: BTreeSet<&str> = self.questions.iter().map(|q| q.id.as_str()).collect();
        for (i, step) in self.steps.iter().enumerate() {
            let path = [Field("steps"), Elem(i)];
            ids.push((
                outline.field(&path, "id"),
                &step.id,
                format!("step {}", i + 1),
            ));
            if step.id == RESERVED_STEP_ID {
                problems.push((
                    outline.field(&path, "id"),
                    format!(
                        "step id \"{RESERVED_STEP_ID}\" is reserved for the meeting's own records"
                    ),
                ));
            }
            if let Some(m) = step.minutes
                && !(1..=MAX_STEP_MINUTES).contains(&m)
            {
                problems.push((
                    outline.field(&path, "minutes"),
                    format!(
                        "step \"{}\" suggests {m} minutes; give 1 to {MAX_STEP_MINUTES}",
                        step.id
                    ),
                ));
            }
            let what = format!("step \"{}\" has an empty title", step.id);
            need(
                &mut problems,
                &step.title,
                outline.field(&path, "title"),
                what,
            );
            for (j, p) in step.prompts.iter().enumerate() {
                let path = [Field("steps"), Elem(i), Field("prompts"), Elem(j)];
                let name = format!("prompt {} of step \"{}\"", j + 1, step.id);
                ids.push((outline.field(&path, "id"), &p.id, name));
                if p.id.starts_with(RESERVED_PROMPT_PREFIX) {
                    problems.push((
                        outline.field(&path, "id"),
                        format!(
                            "prompt id \"{}\": ids starting \"{RESERVED_PROMPT_PREFIX}\" are reserved for the meeting's own records",
                            p.id
                        ),
                    ));
                }
                let what = format!("prompt \"{}\" has an empty label", p.id);
                need(&mut problems, &p.label, outline.field(&path, "label"), what);
                let mut refs_path = path.to_vec();
                refs_path.push(Field("evidence"));
                for (n, tag) in p.evidence.iter().enumerate() {
                    if !parts.contains(tag.as_str()) {
                        let nth = p.evidence[..n].iter().filter(|t| *t == tag).count();
                        problems.push((
                            outline.item(&refs_path, tag, nth),
                            format!(
                                "prompt \"{}\" names evidence \"{tag}\", which no standard defines",
                                p.id
                            ),
                        ));
                    }
                }
                if let Some(last) = refs_path.last_mut() {
                    *last = Field("questions");
                }
                for (n, q) in p.questions.iter().enumerate() {
                    if !questions.contains(q.as_str()) {
                        let nth = p.questions[..n].iter().filter(|t| *t == q).count();
                        problems.push((
                            outline.item(&refs_path, q, nth),
                            format!(
                                "prompt \"{}\" names question \"{q}\", which the framework does not define",
                                p.id
                            ),
                        ));
                    }
                }
                self.check_options(p, &path, &outline, &mut problems);
            }
        }

        // Ids share one namespace: an evidence or question reference, a roster
        // role or an answer key must mean one thing.
        ids.sort_by_key(|(pos, _, _)| *pos);
        let mut first: std::collections::BTreeMap<&str, (Pos, &str)> =
            std::collections::BTreeMap::new();
        for (pos, id, name) in &ids {
            if id.trim().is_empty() {
                problems.push((*pos, format!("{name} has an empty id")));
            } else if let Some((at, other)) = first.get(id) {
                problems.push((
                    *pos,
                    format!(
                        "duplicate id \"{id}\": {other} at {}:{} already uses it",
                        at.line, at.col
                    ),
                ));
            } else {
                first.insert(id, (*pos, name));
            }
        }

        match problems.into_iter().min_by_key(|(pos, _)| *pos) {
            Some((pos, message)) => Err(ContentError {
                line: pos.line,
                col: pos.col,
                message,
            }),
            None => Ok(()),
        }
    }

    /// Options, levels and columns: present, not empty, not repeated.
    fn check_options(
        &self,
        p: &Prompt,
        path: &[Seg<'_>],
        outline: &Outline,
        problems: &mut Vec<(Pos, String)>,
    ) {
        let (field, noun, options) = match &p.kind {
            Kind::Choice { options } | Kind::Checklist { options } => {
                ("options", "option", options)
            }
            Kind::Rating { levels } => ("levels", "level", levels),
            Kind::Table { columns } => ("columns", "column", columns),
            _ => return,
        };
        let mut kind_path = path.to_vec();
        kind_path.push(Seg::Field("kind"));
        if options.is_empty() {
            problems.push((
                outline.field(&kind_path, field),
                format!("prompt \"{}\" ({}) has no {noun}s", p.id, p.kind.name()),
            ));
            return;
        }
        let mut list_path = kind_path.clone();
        list_path.push(Seg::Field(field));
        let mut seen: BTreeSet<String> = BTreeSet::new();
        for (n, option) in options.iter().enumerate() {
            let nth = options[..n].iter().filter(|o| *o == option).count();
            let pos = outline.item(&list_path, option, nth);
            // A table column is stored under its field id, so two headings
            // with the same id would share one field.
            let key = if matches!(p.kind, Kind::Table { .. }) {
                column_id(option)
            } else {
                option.trim().to_owned()
            };
            if key.is_empty() {
                let why = if option.trim().is_empty() {
                    "is empty"
                } else {
                    "has no letters or digits"
                };
                problems.push((pos, format!("a {noun} of prompt \"{}\" {why}", p.id)));
            } else if !seen.insert(key.clone()) {
                problems.push((
                    pos,
                    format!("prompt \"{}\" has the {noun} \"{option}\" twice", p.id),
                ));
            }
        }
    }

    /// The reference recorded in sessions that follow this framework.
    #[must_use]
    pub fn reference(&self) -> FrameworkRef {
        FrameworkRef {
            id: self.id.clone(),
            version: self.version,
        }
    }

    /// Find a prompt and the index of its step.
    #[must_use]
    pub fn prompt(&self, id: &str) -> Option<(usize, &Prompt)> {
        self.steps
            .iter()
            .enumerate()
            .find_map(|(i, s)| s.prompts.iter().find(|p| p.id == id).map(|p| (i, p)))
    }

    /// Find a step and its index by id.
    #[must_use]
    pub fn step(&self, id: &str) -> Option<(usize, &Step)> {
        self.steps.iter().enumerate().find(|(_, s)| s.id == id)
    }

    /// The minutes suggested for a step id ([`DEFAULT_STEP_MINUTES`]
    /// for a step the framework does not have or gives no time).
    #[must_use]
    pub fn suggested_minutes(&self, step_id: &str) -> u32 {
        self.step(step_id)
            .map_or(DEFAULT_STEP_MINUTES, |(_, s)| s.suggested_minutes())
    }

    /// Every prompt with the index of its step.
    pub fn prompts(&self) -> impl Iterator<Item = (usize, &Prompt)> {
        self.steps
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.prompts.iter().map(move |p| (i, p)))
    }

    /// The label of a role id (the id itself when unknown).
    #[must_use]
    pub fn role_label<'a>(&'a self, id: &'a str) -> &'a str {
        self.roles
            .iter()
            .find(|r| r.id == id)
            .map_or(id, |r| r.label.as_str())
    }
}
