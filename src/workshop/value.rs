//! Values of each prompt kind and item field: reading what a member typed
//! into the value stored, and showing a stored value as text.
//!
//! The TUI, plain mode, the command line and the reports all call these, so
//! the same text typed anywhere stores the same value and reads back the same.

use super::date;
use crate::content::{FieldType, Framework, Kind, RISK_STATUSES, Role, STATUSES};

/// Read one item field as typed into the value to store. Empty text stores
/// nothing (an empty value) for every type.
///
/// # Errors
/// What the field expects, in words, without the field's name.
pub fn parse_field(framework: &Framework, ty: FieldType, text: &str) -> Result<String, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(String::new());
    }
    match ty {
        FieldType::Text => Ok(text.to_owned()),
        FieldType::Date => date::parse(t).map(date::iso).map_err(|e| e.to_string()),
        FieldType::Score => parse_score(t).map(|n| n.to_string()).ok_or_else(|| {
            format!(
                "a whole number from 1 to 5, not \"{}\"",
                crate::text::clean_line(t)
            )
        }),
        FieldType::Status => parse_status(t).map(str::to_owned),
        FieldType::RiskStatus => parse_risk_status(t).map(str::to_owned),
        FieldType::Roles => parse_roles(framework, t),
    }
}

/// A field's refusal as said to a member, naming the field: `likelihood must
/// be a whole number from 1 to 5, not "7"`, `due: 30 February 2026 does not exist`.
#[must_use]
pub fn field_error(name: &str, ty: FieldType, error: &str) -> String {
    match ty {
        FieldType::Score | FieldType::Status | FieldType::RiskStatus => {
            format!("{name} must be {error}")
        }
        _ => format!("{name}: {error}"),
    }
}

/// A score of 1 to 5 (likelihood, impact).
#[must_use]
pub fn parse_score(text: &str) -> Option<u8> {
    text.trim()
        .parse::<u8>()
        .ok()
        .filter(|n| (1..=5).contains(n))
}

/// An action status: the exact word, or the start of exactly one of
/// [`STATUSES`] (`in prog`, `d` is ambiguous between done and dropped).
///
/// # Errors
/// The statuses to choose from.
pub fn parse_status(text: &str) -> Result<&'static str, String> {
    pick_word(&STATUSES, text)
}

/// A risk status: the exact word, or the start of exactly one of
/// [`RISK_STATUSES`] (`acc` is accepted).
///
/// # Errors
/// The statuses to choose from.
pub fn parse_risk_status(text: &str) -> Result<&'static str, String> {
    pick_word(&RISK_STATUSES, text)
}

/// The word of `words` that `text` names: the word itself, or the start of
/// exactly one of them, in any case.
fn pick_word(words: &[&'static str], text: &str) -> Result<&'static str, String> {
    let lower = text.trim().to_lowercase();
    if let Some(s) = words.iter().find(|s| **s == lower) {
        return Ok(s);
    }
    let hits: Vec<&'static str> = if lower.is_empty() {
        Vec::new()
    } else {
        words
            .iter()
            .copied()
            .filter(|s| s.starts_with(&lower))
            .collect()
    };
    match hits.as_slice() {
        [one] => Ok(one),
        _ => Err(format!(
            "one of: {}; not \"{}\"",
            words.join(", "),
            crate::text::clean_line(text.trim())
        )),
    }
}

/// The status a risk has when none was recorded.
pub const DEFAULT_RISK_STATUS: &str = "open";

/// A risk's status as stored, read the one way: a known status, else open
/// (nothing recorded, or text no front end would store).
#[must_use]
pub fn risk_status_of(stored: &str) -> &'static str {
    let s = stored.trim().to_lowercase();
    RISK_STATUSES
        .iter()
        .copied()
        .find(|r| *r == s)
        .unwrap_or(DEFAULT_RISK_STATUS)
}

/// The status an action has when none was recorded.
pub const DEFAULT_STATUS: &str = "open";

/// Whether an action with this stored status still needs doing (an action
/// with no status is open).
#[must_use]
pub fn is_open_status(status: &str) -> bool {
    !matches!(status.trim().to_lowercase().as_str(), "done" | "dropped")
}

/// An action's status as shown: the stored word, or `open` when none.
#[must_use]
pub fn status_of(stored: &str) -> String {
    let s = stored.trim().to_lowercase();
    if s.is_empty() {
        DEFAULT_STATUS.to_owned()
    } else {
        s
    }
}

/// The fields a new item of a kind starts with in every front end: a new
/// action is `open`.
#[must_use]
pub fn creation_defaults(kind: &Kind) -> &'static [(&'static str, &'static str)] {
    match kind {
        Kind::Actions => &[("status", DEFAULT_STATUS)],
        _ => &[],
    }
}

/// Add the creation defaults to the fields of a new item where the member
/// gave no value.
pub fn with_defaults(kind: &Kind, fields: &mut Vec<(String, String)>) {
    for (k, v) in creation_defaults(kind) {
        if !fields.iter().any(|(f, x)| f == k && !x.trim().is_empty()) {
            fields.retain(|(f, _)| f != k);
            fields.push(((*k).to_owned(), (*v).to_owned()));
        }
    }
}

/// A role named by its id or its label (any case), or by the start of
/// exactly one of them.
#[must_use]
pub fn find_role<'a>(framework: &'a Framework, text: &str) -> Option<&'a Role> {
    let lower = text.trim().to_lowercase();
    if lower.is_empty() {
        return None;
    }
    let exact = framework
        .roles
        .iter()
        .find(|r| r.id.to_lowercase() == lower || r.label.to_lowercase() == lower);
    exact.or_else(|| {
        let prefixed: Vec<&Role> = framework
            .roles
            .iter()
            .filter(|r| {
                r.id.to_lowercase().starts_with(&lower)
                    || r.label.to_lowercase().starts_with(&lower)
            })
            .collect();
        match prefixed.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    })
}

/// Roles as typed (ids or labels, separated by commas) into the stored form:
/// role ids joined by `,` with no spaces, each once. `a, b` and `a,b` store
/// the same thing.
///
/// # Errors
/// The roles to choose from, naming the one not known.
pub fn parse_roles(framework: &Framework, text: &str) -> Result<String, String> {
    let mut ids: Vec<&str> = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some(role) = find_role(framework, part) else {
            let known: Vec<&str> = framework.roles.iter().map(|r| r.id.as_str()).collect();
            return Err(format!(
                "unknown role \"{}\"; roles are: {}",
                crate::text::clean_line(part),
                known.join(", ")
            ));
        };
        if !ids.contains(&role.id.as_str()) {
            ids.push(&role.id);
        }
    }
    Ok(ids.join(","))
}

/// The roles held in a stored roster field, one entry each, as written.
pub fn stored_roles(stored: &str) -> impl Iterator<Item = &str> {
    stored.split(',').map(str::trim).filter(|r| !r.is_empty())
}

/// A stored role (an id, or a label written by hand) as the framework's
/// role, when it names one. The one rule for coverage and display.
#[must_use]
pub fn role_of<'a>(framework: &'a Framework, stored: &str) -> Option<&'a Role> {
    let t = stored.trim();
    framework.roles.iter().find(|r| r.id == t).or_else(|| {
        framework
            .roles
            .iter()
            .find(|r| r.label.eq_ignore_ascii_case(t))
    })
}

/// The names of the roles in a stored roster field, in order: each known role
/// by its label, anything else as written.
#[must_use]
pub fn role_names(framework: &Framework, stored: &str) -> Vec<String> {
    stored_roles(stored)
        .map(|r| role_of(framework, r).map_or_else(|| r.to_owned(), |role| role.label.clone()))
        .collect()
}

/// An option picked by its number (1-based) or its text in any case.
#[must_use]
pub fn match_option(options: &[String], text: &str) -> Option<usize> {
    let v = text.trim();
    if let Ok(n) = v.parse::<usize>()
        && (1..=options.len()).contains(&n)
    {
        return Some(n - 1);
    }
    options
        .iter()
        .position(|o| o.trim().eq_ignore_ascii_case(v))
}

/// A rating level from its number or its label; `0` means "no rating".
#[must_use]
pub fn parse_level(levels: &[String], text: &str) -> Option<u8> {
    if text.trim() == "0" {
        return Some(0);
    }
    match_option(levels, text).and_then(|i| u8::try_from(i + 1).ok())
}

/// A level's label, or `unknown level` for a number the framework lacks.
#[must_use]
pub fn level_name(levels: &[String], n: u8) -> String {
    levels
        .get(usize::from(n).saturating_sub(1))
        .filter(|_| n > 0)
        .map_or_else(|| "unknown level".to_owned(), Clone::clone)
}

/// A checklist answer as typed: `OPTION` ticks, `OPTION=no` unticks.
#[must_use]
pub fn parse_check(text: &str) -> (&str, bool) {
    match text.rsplit_once('=') {
        Some((o, v)) if ["no", "off", "false", "0"].contains(&v.trim().to_lowercase().as_str()) => {
            (o, false)
        }
        Some((o, v)) if ["yes", "on", "true", "1"].contains(&v.trim().to_lowercase().as_str()) => {
            (o, true)
        }
        _ => (text, true),
    }
}

/// Split `a=1; b=2` into `(field, value)` pairs; `\;` is a literal semicolon.
///
/// # Errors
/// A part that is not `FIELD=VALUE`.
pub fn parse_pairs(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek() == Some(&';') {
            current.push(';');
            chars.next();
        } else if c == ';' {
            parts.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    parts.push(current);
    let mut out = Vec::new();
    for part in parts.iter().filter(|p| !p.trim().is_empty()) {
        let Some((k, v)) = part.split_once('=') else {
            return Err(format!(
                "\"{}\" is not FIELD=VALUE; separate fields with ';'",
                crate::text::clean_line(part.trim())
            ));
        };
        out.push((k.trim().to_lowercase(), v.trim().to_owned()));
    }
    Ok(out)
}

/// A stored item field as shown to a member: dates in the long form, roles
/// by name, everything else as stored. Not yet cleaned for a terminal.
#[must_use]
pub fn show_field(framework: &Framework, ty: FieldType, stored: &str) -> String {
    match ty {
        FieldType::Date => date::show(stored),
        FieldType::Roles => role_names(framework, stored).join(", "),
        FieldType::Status | FieldType::RiskStatus if stored.trim().is_empty() => String::new(),
        _ => stored.to_owned(),
    }
}

/// A stored answer to a single-value prompt as shown: dates in the long form.
#[must_use]
pub fn show_answer(kind: &Kind, stored: &str) -> String {
    match kind {
        Kind::Date => date::show(stored),
        _ => stored.to_owned(),
    }
}
