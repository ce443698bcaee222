//! Action due dates and the next review date as an iCalendar file (RFC 5545).
//!
//! - Lines end in CRLF and are folded so no line exceeds 75 octets; a fold
//!   never splits a UTF-8 character.
//! - Events are all-day (`VALUE=DATE`). An action's UID comes from its
//!   lineage id: the item id, which `new --from` keeps when it carries the
//!   action into the next review. Importing a newer report, of this review
//!   or of the next one, therefore updates the same events instead of adding
//!   copies. `SEQUENCE` grows with each edit of the action (carrying it
//!   forward is an edit), and `DTSTAMP` is the session's last change, so the
//!   later calendar wins and a report of an unchanged session is
//!   byte-for-byte the same. The next review's event belongs to one session.
//! - TEXT values escape backslash, semicolon, comma and line breaks.

use super::fmt;
use super::model::{Action, Summary};
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

/// The longest line, in octets, without its CRLF.
pub const MAX_OCTETS: usize = 75;

/// Escape a TEXT value (RFC 5545 section 3.3.11).
#[must_use]
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Fold one content line: at most 75 octets per line, continuation lines
/// starting with a space, never splitting a character. Every line ends in CRLF.
#[must_use]
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > MAX_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
    out
}

/// Undo [`fold`]: join continuation lines (RFC 5545 section 3.1).
#[must_use]
pub fn unfold(text: &str) -> String {
    text.replace("\r\n ", "").replace("\r\n\t", "")
}

/// A UID part: letters, digits, `-` and `.` kept, every other byte as `%XX`,
/// so distinct ids stay distinct.
fn uid_part(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'.' {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The stable UID of an action's event, from its lineage id (the item id,
/// the same in every review the action is carried into). Item ids hold the
/// editing run's random actor, so they do not repeat across sessions.
#[must_use]
pub fn action_uid(lineage: &str) -> String {
    format!("{}.action@safestep", uid_part(lineage))
}

/// The stable UID of the next review's event.
#[must_use]
pub fn review_uid(session_id: &str) -> String {
    format!("{}.next-review@safestep", uid_part(session_id))
}

fn utc(t: Timestamp) -> String {
    t.to_zoned(TimeZone::UTC)
        .strftime("%Y%m%dT%H%M%SZ")
        .to_string()
}

/// A revision number that grows whenever the event's source is edited:
/// whole minutes from 2020 to the last edit. Calendars that compare
/// `SEQUENCE` on re-import then take the newer version of an event.
fn sequence(modified: Timestamp) -> i64 {
    let origin = Timestamp::from_second(1_577_836_800).unwrap_or(Timestamp::UNIX_EPOCH);
    (modified.as_second() - origin.as_second()).max(0) / 60
}

fn date(d: Date) -> String {
    d.strftime("%Y%m%d").to_string()
}

struct Cal {
    out: String,
}

impl Cal {
    fn prop(&mut self, name: &str, value: &str) {
        self.out.push_str(&fold(&format!("{name}:{value}")));
    }

    fn text(&mut self, name: &str, value: &str) {
        self.prop(name, &escape_text(value));
    }

    fn all_day(&mut self, uid: &str, stamp: Timestamp, day: Date, modified: Timestamp) {
        self.prop("BEGIN", "VEVENT");
        self.prop("UID", uid);
        self.prop("DTSTAMP", &utc(stamp));
        self.prop("LAST-MODIFIED", &utc(modified));
        self.prop("SEQUENCE", &sequence(modified).to_string());
        self.prop("DTSTART;VALUE=DATE", &date(day));
        if let Ok(next) = day.tomorrow() {
            self.prop("DTEND;VALUE=DATE", &date(next));
        }
        self.prop("TRANSP", "TRANSPARENT");
    }
}

fn action_event(cal: &mut Cal, s: &Summary, a: &Action, day: Date) {
    cal.all_day(&action_uid(&a.id), s.last_change, day, a.changed);
    let prefix = match a.status.as_str() {
        "done" => "Done: ",
        "dropped" => "Dropped: ",
        "stuck" => "Stuck: ",
        _ => "",
    };
    let owner = if a.owner.is_empty() {
        String::new()
    } else {
        format!(" ({})", a.owner)
    };
    cal.text(
        "SUMMARY",
        &format!("{prefix}{}{owner}", fmt::excerpt(&a.what, 120)),
    );
    let mut desc = format!(
        "Action from step {}. {}\nOwner: {}\nStatus: {}\n\n{}",
        a.place.step,
        a.place.step_title,
        fmt::owner(&a.owner),
        a.status,
        a.what
    );
    if !s.title.is_empty() {
        desc.push_str(&format!("\n\nSession: {}", s.title));
    }
    cal.text("DESCRIPTION", &desc);
    cal.prop(
        "STATUS",
        if a.status == "dropped" {
            "CANCELLED"
        } else {
            "CONFIRMED"
        },
    );
    cal.prop("END", "VEVENT");
}

/// Render the calendar.
#[must_use]
pub fn render(s: &Summary) -> String {
    let mut cal = Cal { out: String::new() };
    cal.prop("BEGIN", "VCALENDAR");
    cal.prop("VERSION", "2.0");
    cal.prop("PRODID", "-//safestep//safestep summary//EN");
    cal.prop("CALSCALE", "GREGORIAN");
    let name = if s.title.is_empty() {
        "E-safety review".to_owned()
    } else {
        s.title.clone()
    };
    cal.text("X-WR-CALNAME", &name);
    for a in s.all_actions() {
        if let Some(day) = a.due_date {
            action_event(&mut cal, s, a, day);
        }
    }
    if let Some(day) = s.review.next_date {
        cal.all_day(
            &review_uid(&s.session_id),
            s.last_change,
            day,
            s.last_change,
        );
        cal.text("SUMMARY", &format!("E-safety review due: {name}"));
        let mut desc = String::from("The e-safety group's next review.");
        if !s.organisation.is_empty() {
            desc.push_str(&format!("\n{}", s.organisation));
        }
        if !s.review.triggers.is_empty() {
            desc.push_str("\n\nReview earlier if:");
            for t in &s.review.triggers {
                desc.push_str(&format!("\n- {t}"));
            }
        }
        cal.text("DESCRIPTION", &desc);
        cal.prop("STATUS", "CONFIRMED");
        cal.prop("END", "VEVENT");
    }
    cal.prop("END", "VCALENDAR");
    cal.out
}
