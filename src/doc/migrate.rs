//! Reading and writing the session file's text, and migrating older formats.
//!
//! Pure functions of strings: the store does the I/O.

use super::register::{Entry, Register};
use super::session::{FORMAT, Item, Session, Tombstone};
pub use super::write::written_format;
use serde::Deserialize;

/// A session file that could not be read, with the position of the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// What was wrong and what was expected.
    pub message: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.col, self.message)
    }
}

impl std::error::Error for ParseError {}

impl From<ron::error::SpannedError> for ParseError {
    fn from(e: ron::error::SpannedError) -> Self {
        ParseError {
            line: e.span.start.line.max(1),
            col: e.span.start.col.max(1),
            message: e.code.to_string(),
        }
    }
}

/// A session read from text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// The session, migrated to the current format.
    pub session: Session,
    /// The format the text was written in.
    pub written_format: u32,
    /// The text came from a newer safestep: show it, never save over it.
    pub read_only: bool,
}

#[derive(Deserialize)]
#[serde(rename = "Session")]
struct Header {
    format: u32,
}

/// Format 1 stored a tombstone as a plain `bool`.
pub type SessionV1 = Session<bool>;

/// Migrate a format 1 session to the current format.
#[must_use]
pub fn migrate_v1(old: SessionV1) -> Session {
    let items = old
        .items
        .into_iter()
        .map(|(id, item)| {
            let deleted = Register(
                item.deleted
                    .0
                    .into_iter()
                    .map(|e| Entry {
                        value: Tombstone {
                            deleted: e.value,
                            covers: None,
                        },
                        dot: e.dot,
                        by: e.by,
                        at: e.at,
                    })
                    .collect(),
            );
            (
                id,
                Item {
                    prompt: item.prompt,
                    fields: item.fields,
                    order: item.order,
                    deleted,
                },
            )
        })
        .collect();
    Session {
        format: FORMAT,
        id: old.id,
        created: old.created,
        framework: old.framework,
        seen: old.seen,
        title: old.title,
        organisation: old.organisation,
        facilitator: old.facilitator,
        previous: old.previous,
        answers: old.answers,
        items,
        positions: old.positions,
        meeting: old.meeting,
    }
}

/// Parse a session file's text, migrating older formats.
///
/// Files of the formats this build writes are read by a fast reader of its
/// own; anything else (older formats, newer ones, hand-edited text with
/// comments, broken files) by the `ron` crate, as [`parse_ron`] does. Both
/// give the same answer for every text.
///
/// # Errors
/// A [`ParseError`] with line and column when the text is not a session.
pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    let text = super::normal::prepare(text);
    let mut parsed = match super::read::session(&text) {
        Some((session, written_format)) => Parsed {
            session,
            written_format,
            read_only: false,
        },
        None => parse_prepared(&text)?,
    };
    super::normal::normalise(&mut parsed.session);
    Ok(parsed)
}

/// Parse a session file's text with the `ron` crate only: the reference for
/// what a file means, and what [`parse`] falls back to. Slower.
///
/// # Errors
/// A [`ParseError`] with line and column when the text is not a session.
pub fn parse_ron(text: &str) -> Result<Parsed, ParseError> {
    // Some editors (Windows Notepad among them) start a UTF-8 file with a byte
    // order mark and end lines with CRLF. Both are invisible in the editor, so
    // they must not make a file that looks right unreadable or change it.
    let text = super::normal::prepare(text);
    let mut parsed = parse_prepared(&text)?;
    super::normal::normalise(&mut parsed.session);
    Ok(parsed)
}

/// [`parse_ron`] of a text [`super::normal::prepare`] has seen, before
/// normalising.
fn parse_prepared(text: &str) -> Result<Parsed, ParseError> {
    if text.trim().is_empty() {
        return Err(ParseError {
            line: 1,
            col: 1,
            message: "the file is empty; expected a safestep session".into(),
        });
    }
    // One pass when the text is a session in the current shape; the format
    // decides what it means.
    if let Ok(mut session) = ron::from_str::<Session>(text) {
        match session.format {
            f @ 2..=FORMAT => {
                session.format = FORMAT;
                return Ok(Parsed {
                    session,
                    written_format: f,
                    read_only: false,
                });
            }
            newer if newer > FORMAT => {
                return Ok(Parsed {
                    session,
                    written_format: newer,
                    read_only: true,
                });
            }
            // Formats 0 and 1 are told apart below.
            _ => {}
        }
    }
    // A NUL is only a sign of binary data when the text does not parse: an
    // answer may hold one (pasted text), and `to_text` writes strings
    // literally, so a saved session must not be refused for it.
    let header: Header = ron::from_str(text).map_err(|e| {
        if let Some(at) = text.find('\0') {
            let before = &text[..at];
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            return ParseError {
                line: before.matches('\n').count() + 1,
                col: before[line_start..].chars().count() + 1,
                message: "the file holds binary data; expected a safestep session (RON text)"
                    .into(),
            };
        }
        let mut pe = ParseError::from(e);
        pe.message = format!("{}; expected a safestep session", pe.message);
        pe
    })?;
    match header.format {
        0 => Err(ParseError {
            line: 1,
            col: 1,
            message: "format 0 is not a safestep session format".into(),
        }),
        1 => {
            let old: SessionV1 = ron::from_str(text)?;
            Ok(Parsed {
                session: migrate_v1(old),
                written_format: 1,
                read_only: false,
            })
        }
        f @ 2..=FORMAT => {
            let mut session: Session = ron::from_str(text)?;
            session.format = FORMAT;
            Ok(Parsed {
                session,
                written_format: f,
                read_only: false,
            })
        }
        newer => {
            let session: Session = ron::from_str(text).map_err(|e| {
                let mut pe = ParseError::from(e);
                pe.message = format!(
                    "written by a newer safestep (format {newer}; this build reads up to {FORMAT}): {}",
                    pe.message
                );
                pe
            })?;
            Ok(Parsed {
                session,
                written_format: newer,
                read_only: true,
            })
        }
    }
}

fn pretty() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new()
        .new_line("\n")
        .indentor("    ")
        .escape_strings(false)
        .struct_names(false)
        .compact_structs(false)
        .depth_limit(64)
}

/// The session as the text of its file: deterministic, so equal sessions give
/// byte-identical files. Each value of a register is one line; the format
/// written is [`written_format`]: 2, or 3 when the session holds meeting data.
///
/// # Errors
/// None in practice: the text is built directly. (The `Result` is kept for
/// callers written when `ron` built it.)
pub fn to_text(session: &Session) -> Result<String, ron::Error> {
    Ok(super::write::session_text(session))
}

/// The text in the layout safestep wrote before (format 1, and format 2 up to
/// this build): `ron`'s pretty printer with every value spread over several
/// lines. Kept to test that such files still load; the `format` written is
/// the session's own.
///
/// # Errors
/// Only if RON cannot represent a value, which the document's types rule out.
pub fn to_text_legacy<D: serde::Serialize>(session: &Session<D>) -> Result<String, ron::Error> {
    let mut s = ron::ser::to_string_pretty(session, pretty())?;
    s.push('\n');
    Ok(s)
}
