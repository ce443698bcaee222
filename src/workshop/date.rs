//! The one date parser and formatter.
//!
//! Schools write dates as `31/12/2026`, `31/12/26` or `31 Dec 2026`; files,
//! CSV and calendar exports keep ISO `2026-12-31`; screens and reports show
//! `Thu 31 Dec 2026`. Every front end reads and shows dates through here.

use jiff::civil::Date;

/// Month names as schools write them, short and long.
const MONTHS: [(&str, &str); 12] = [
    ("jan", "january"),
    ("feb", "february"),
    ("mar", "march"),
    ("apr", "april"),
    ("may", "may"),
    ("jun", "june"),
    ("jul", "july"),
    ("aug", "august"),
    ("sep", "september"),
    ("oct", "october"),
    ("nov", "november"),
    ("dec", "december"),
];

/// Why typed text is not a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateError {
    /// The text has no date shape at all.
    NotADate(String),
    /// The text names a day the calendar does not have, such as 30 February.
    DoesNotExist {
        /// The day of the month as typed.
        day: i8,
        /// The month, 1 to 12.
        month: i8,
        /// The full year.
        year: i16,
    },
}

impl std::fmt::Display for DateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DateError::NotADate(text) => write!(
                f,
                "\"{}\" is not a date; write it as 31/12/2026, 31 Dec 2026 or 2026-12-31",
                crate::text::clean_line(text)
            ),
            DateError::DoesNotExist { day, month, year } => {
                let name = month_name(*month);
                write!(f, "{day} {name} {year} does not exist")
            }
        }
    }
}

impl std::error::Error for DateError {}

/// The month's full name with a capital, for messages.
fn month_name(month: i8) -> String {
    let long = usize::try_from(month - 1)
        .ok()
        .and_then(|i| MONTHS.get(i))
        .map_or("?", |m| m.1);
    let mut chars = long.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}

/// Read a date as typed: ISO `2026-12-31`, UK `31/12/2026` or `31/12/26`
/// (also with `.` or `-` between the parts), or `31 Dec 2026` (a month name,
/// short or long; a leading weekday such as `Thu` and a suffix such as `31st`
/// are allowed, so the shown form reads back).
///
/// # Errors
/// [`DateError::DoesNotExist`] for a date of the right shape that the
/// calendar lacks; [`DateError::NotADate`] for anything else.
pub fn parse(text: &str) -> Result<Date, DateError> {
    let t = text.trim();
    let not = || DateError::NotADate(t.to_owned());
    let (year, month, day) = parts(t).ok_or_else(not)?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || !(1..=9999).contains(&year) {
        return Err(not());
    }
    Date::new(year, month, day).map_err(|_| DateError::DoesNotExist { day, month, year })
}

/// A stored date read leniently: whatever [`parse`] accepts, else `None`.
#[must_use]
pub fn read(text: &str) -> Option<Date> {
    parse(text).ok()
}

/// Year, month, day as numbers, before the calendar is asked.
fn parts(t: &str) -> Option<(i16, i8, i8)> {
    let num = |s: &str, max_len: usize| -> Option<i32> {
        (!s.is_empty() && s.len() <= max_len && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let small = |n: i32| i8::try_from(n).ok();
    // Numeric forms: ISO (year first) or UK (day first).
    for sep in ['-', '/', '.'] {
        let p: Vec<&str> = t.split(sep).map(str::trim).collect();
        if p.len() != 3 {
            continue;
        }
        if sep == '-' && p[0].len() == 4 {
            let y = i16::try_from(num(p[0], 4)?).ok()?;
            return Some((y, small(num(p[1], 2)?)?, small(num(p[2], 2)?)?));
        }
        let d = small(num(p[0], 2)?)?;
        let m = small(num(p[1], 2)?)?;
        let y = year(p[2])?;
        return Some((y, m, d));
    }
    // Words: [weekday] day month year.
    let words: Vec<String> = t
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let words: &[String] = match words.as_slice() {
        [w, rest @ ..] if rest.len() == 3 && w.chars().all(char::is_alphabetic) => rest,
        all => all,
    };
    let [d, m, y] = words else {
        return None;
    };
    let d = d.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h']);
    let day = small(num(d, 2)?)?;
    let month = MONTHS.iter().position(|(short, long)| {
        m == short || m == long || (m.len() >= 3 && long.starts_with(m.as_str()))
    })?;
    let month = i8::try_from(month + 1).ok()?;
    Some((year(y)?, month, day))
}

/// A year of four digits, or two meaning 20yy.
fn year(s: &str) -> Option<i16> {
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n: i16 = s.parse().ok()?;
    match s.len() {
        2 => Some(2000 + n),
        4 => Some(n),
        _ => None,
    }
}

/// The stored form of a date: ISO `2026-12-31`, for files, CSV and calendars.
#[must_use]
pub fn iso(date: Date) -> String {
    date.to_string()
}

/// The shown form of a date: `Thu 31 Dec 2026`, for screens and reports.
#[must_use]
pub fn long(date: Date) -> String {
    date.strftime("%a %-d %b %Y").to_string()
}

/// A stored date as shown: the long form when it reads as a date, otherwise
/// the text as it was written (so nothing typed by hand is hidden).
#[must_use]
pub fn show(stored: &str) -> String {
    read(stored).map_or_else(|| stored.to_owned(), long)
}
