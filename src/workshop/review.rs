//! The next review date: one rule for the home screen, plain mode and the report.

use super::date;
use crate::content::{Framework, Kind, Prompt};
use crate::doc::Session;
use jiff::civil::Date;

/// The prompt holding the next review date: a `Date` prompt whose id names
/// the next review, else the last `Date` prompt of the last step.
#[must_use]
pub fn review_date_prompt(framework: &Framework) -> Option<&Prompt> {
    framework
        .prompts()
        .map(|(_, p)| p)
        .filter(|p| p.kind == Kind::Date)
        .find(|p| {
            let id = p.id.to_lowercase();
            id.contains("review") && id.contains("next")
        })
        .or_else(|| {
            framework
                .steps
                .last()
                .and_then(|s| s.prompts.iter().rev().find(|p| p.kind == Kind::Date))
        })
}

/// The next review as recorded: the stored text (may be empty) and the date
/// when it reads as one.
#[must_use]
pub fn next_review(framework: &Framework, session: &Session) -> Option<(String, Option<Date>)> {
    let p = review_date_prompt(framework)?;
    let text = session.text_value(&p.id).trim();
    if text.is_empty() {
        return None;
    }
    Some((text.to_owned(), date::read(text)))
}

/// The next review as shown: `Thu 31 Dec 2026`, or the text as written.
#[must_use]
pub fn next_review_shown(framework: &Framework, session: &Session) -> Option<String> {
    next_review(framework, session).map(|(text, d)| d.map_or(text, date::long))
}
