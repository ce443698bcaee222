//! The framework a session follows: steps, guidance and prompts, loaded from
//! RON (`content/seven-steps.ron` is embedded in the binary) and validated.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::Path;

/// The seven-step framework shipped with safestep.
pub const SEVEN_STEPS: &str = include_str!("../../content/seven-steps.ron");

/// A whole framework.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
pub struct StandardPart {
    /// Stable id, unique across all standards.
    pub id: String,
    /// What the part asks for, in our words.
    pub title: String,
}

/// A question any e-safety policy should answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// Stable id; prompts name it in `questions`.
    pub id: String,
    /// The question, in our words.
    pub text: String,
}

/// One step of the framework.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// Stable id.
    pub id: String,
    /// Display title.
    pub title: String,
    /// One line: what the step is for.
    pub purpose: String,
    /// Guidance for the facilitator.
    pub guidance: String,
    /// Suggested timebox in minutes.
    pub minutes: u32,
    /// The step's prompts, in order.
    pub prompts: Vec<Prompt>,
}

/// A question the group answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    /// Risks: description, likelihood, impact, owner, mitigation.
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

/// The statuses an action can have.
pub const STATUSES: [&str; 5] = ["open", "in progress", "done", "stuck", "dropped"];

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
        use FieldType::{Date, Roles, Score, Status, Text};
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
            ],
            Kind::Decisions => vec![
                spec("what", "Decision", Text),
                spec("why", "Why", Text),
                spec("date", "Date", Date),
                spec("agreed_by", "Agreed by", Text),
            ],
            Kind::Table { columns } => columns
                .iter()
                .map(|c| spec(&column_id(c), c, Text))
                .collect(),
            _ => Vec::new(),
        }
    }
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

/// Find the `nth` (0-based) occurrence of `needle` in `text` as a 1-based line and column.
fn locate(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let Some((offset, _)) = text.match_indices(needle).nth(nth) else {
        return (1, 1);
    };
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
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
    /// kinds, duplicate ids, empty titles and broken references.
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

    fn validate(&self, text: &str) -> Result<(), ContentError> {
        let err = |needle: &str, nth: usize, message: String| {
            let (line, col) = locate(text, needle, nth);
            ContentError { line, col, message }
        };
        if self.steps.is_empty() {
            return Err(err("steps", 0, "the framework has no steps".into()));
        }
        let mut empty_titles = 0;
        let mut check_title = |what: &str, title: &str| -> Result<(), ContentError> {
            if title.trim().is_empty() {
                let e = err("title: \"\"", empty_titles, format!("{what} has an empty title"));
                empty_titles += 1;
                return Err(e);
            }
            Ok(())
        };
        check_title("the framework", &self.title)?;
        let parts: BTreeSet<&str> = self
            .standards
            .iter()
            .flat_map(|s| s.parts.iter().map(|p| p.id.as_str()))
            .collect();
        let questions: BTreeSet<&str> = self.questions.iter().map(|q| q.id.as_str()).collect();
        let mut seen: BTreeSet<String> = BTreeSet::new();
        let mut dup = |id: &str| -> Result<(), ContentError> {
            if id.trim().is_empty() {
                return Err(err("id: \"\"", 0, "an id is empty".into()));
            }
            if !seen.insert(id.to_owned()) {
                let quoted = format!("\"{id}\"");
                return Err(err(&quoted, 1, format!("duplicate id \"{id}\"")));
            }
            Ok(())
        };
        for r in &self.roles {
            dup(&r.id)?;
        }
        for s in &self.standards {
            dup(&s.id)?;
            for p in &s.parts {
                dup(&p.id)?;
            }
        }
        for q in &self.questions {
            dup(&q.id)?;
        }
        for step in &self.steps {
            dup(&step.id)?;
            check_title(&format!("step \"{}\"", step.id), &step.title)?;
            for p in &step.prompts {
                dup(&p.id)?;
                if p.label.trim().is_empty() {
                    return Err(err(
                        "label: \"\"",
                        0,
                        format!("prompt \"{}\" has an empty label", p.id),
                    ));
                }
                for tag in &p.evidence {
                    if !parts.contains(tag.as_str()) {
                        return Err(err(
                            &format!("\"{tag}\""),
                            0,
                            format!(
                                "prompt \"{}\" names evidence \"{tag}\", which no standard defines",
                                p.id
                            ),
                        ));
                    }
                }
                for q in &p.questions {
                    if !questions.contains(q.as_str()) {
                        return Err(err(
                            &format!("\"{q}\""),
                            0,
                            format!(
                                "prompt \"{}\" names question \"{q}\", which the framework does not define",
                                p.id
                            ),
                        ));
                    }
                }
                let options = match &p.kind {
                    Kind::Choice { options } | Kind::Checklist { options } => Some(options),
                    Kind::Rating { levels } => Some(levels),
                    Kind::Table { columns } => Some(columns),
                    _ => None,
                };
                if let Some(opts) = options
                    && opts.is_empty()
                {
                    return Err(err(
                        &format!("\"{}\"", p.id),
                        0,
                        format!("prompt \"{}\" ({}) has no options", p.id, p.kind.name()),
                    ));
                }
            }
        }
        Ok(())
    }

    /// The reference recorded in sessions that follow this framework.
    #[must_use]
    pub fn reference(&self) -> crate::doc::FrameworkRef {
        crate::doc::FrameworkRef {
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
