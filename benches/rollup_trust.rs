//! A trust's collection of session files, for the roll-up's tests and
//! benchmark: `schools` schools, `years` yearly reviews each, for every
//! framework given, plus `copies` members' copies of each latest review.
//! Fictional schools and people. Deterministic: the same arguments give the
//! same files.
//!
//! Every answer to a prompt marked sensitive holds [`SENSITIVE`], and every
//! other free-text answer and mitigation holds [`FREE_TEXT`], so tests can
//! grep the output for them.

#![allow(dead_code)]

use safestep::content::{Framework, Kind};
use safestep::doc::{Session, Stamp};
use safestep::store::{self, Sharing};
use std::path::{Path, PathBuf};

/// Marks an answer to a sensitive prompt.
pub const SENSITIVE: &str = "SENSITIVE-MARKER";
/// Marks free text that only `--include-text` may show (a risk mitigation).
pub const MITIGATION: &str = "MITIGATION-MARKER";
/// Marks free text no roll-up shows (long and short text answers).
pub const FREE_TEXT: &str = "FREETEXT-MARKER";

/// The shape of the collection.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    /// How many schools.
    pub schools: usize,
    /// Reviews per school and framework, one a year.
    pub years: usize,
    /// Members' copies of each latest review (besides the main file).
    pub copies: usize,
    /// Items (actions and risks) in the smallest session; the largest has
    /// about seven times as many.
    pub items: usize,
}

/// The benchmark's shape: 50 schools x 3 years, 3 copies of each latest,
/// sessions of about 50 to 200 KB.
pub const BENCH: Shape = Shape {
    schools: 50,
    years: 3,
    copies: 3,
    items: 15,
};

fn at(day: i64, minute: i64) -> jiff::Timestamp {
    jiff::Timestamp::from_second(1_726_000_000 + day * 86_400 + minute * 60)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

fn stamp(member: &str, day: i64, minute: i64) -> Stamp {
    Stamp {
        actor: format!("{member}@gen{day}"),
        member: member.to_owned(),
        at: at(day, minute),
    }
}

/// The name of school `i`.
#[must_use]
pub fn school_name(i: usize) -> String {
    const PLACES: [&str; 10] = [
        "Hillside",
        "Riverside",
        "Oakfield",
        "Brookvale",
        "Meadow",
        "Ashgrove",
        "Kingsway",
        "Harbour",
        "Elmwood",
        "Northgate",
    ];
    const KINDS: [&str; 5] = [
        "Academy",
        "Primary School",
        "High School",
        "Infant School",
        "College",
    ];
    format!("{} {} {}", PLACES[i % 10], KINDS[(i / 10) % 5], i + 1)
}

/// One school's review of one framework in one year.
#[must_use]
pub fn session(fw: &Framework, school: usize, year: usize, items: usize) -> Session {
    let day = i64::try_from(year * 365 + school * 3).unwrap_or(0);
    let chair = stamp("chair", day, 0);
    let mut s = Session::new(
        format!("{}-s{school:02}-y{year}", fw.id),
        &format!("Review {}", 2024 + year),
        fw.reference(),
        &chair,
    );
    s.set_organisation(&school_name(school), &chair);
    let members = ["chair", "dsl", "it", "governor"];
    let n_items = items + (school * 37 + year * 11) % (items * 6);
    for (i, (_, p)) in fw.prompts().enumerate() {
        let minute = i64::try_from(i).unwrap_or(0);
        let st = stamp("chair", day, minute);
        let text = if p.sensitive {
            format!("{SENSITIVE} about a learner at school {school}")
        } else {
            format!("{FREE_TEXT} answer {i} of school {school}")
        };
        match &p.kind {
            Kind::ShortText | Kind::LongText => s.set_text(&p.id, &text, &st),
            Kind::Date => {
                let d = at(day + 365 - i64::try_from(school % 7).unwrap_or(0) * 30, 0)
                    .to_zoned(jiff::tz::TimeZone::UTC)
                    .date();
                s.set_text(&p.id, &d.to_string(), &st);
            }
            Kind::Choice { options } | Kind::Checklist { options } => {
                if let Some(o) = options.get((school + year + i) % options.len().max(1)) {
                    if matches!(p.kind, Kind::Choice { .. }) {
                        s.set_text(&p.id, o, &st);
                    } else {
                        s.set_check(&p.id, o, true, &st);
                    }
                }
            }
            Kind::Rating { levels } => {
                let top = u8::try_from(levels.len()).unwrap_or(5).max(1);
                let base = u8::try_from((school + i + year) % usize::from(top)).unwrap_or(0) + 1;
                for (m, who) in members.iter().enumerate() {
                    let lvl = u8::try_from((usize::from(base) + m) % usize::from(top))
                        .unwrap_or(0)
                        .max(1)
                        .min(top);
                    s.set_own_rating(&p.id, lvl, &stamp(who, day, minute));
                }
                s.set_agreed_rating(&p.id, base, &st);
            }
            Kind::Actions => {
                for n in 0..n_items / 2 {
                    let due = at(day + i64::try_from(n * 9 % 500).unwrap_or(0), 0)
                        .to_zoned(jiff::tz::TimeZone::UTC)
                        .date()
                        .to_string();
                    let status = safestep::content::STATUSES[(n + school) % 5];
                    let what = if p.sensitive {
                        format!("{SENSITIVE} action {n}")
                    } else {
                        format!("Action {n}: review the acceptable use agreement with staff")
                    };
                    s.add_item(
                        &p.id,
                        &[
                            ("what", what.as_str()),
                            ("owner", members[n % 4]),
                            ("due", due.as_str()),
                            ("status", status),
                        ],
                        &st,
                    );
                }
            }
            Kind::Risks => {
                for n in 0..n_items / 2 {
                    let l = ((n + school) % 5 + 1).to_string();
                    let im = ((n * 3 + year) % 5 + 1).to_string();
                    let description = if p.sensitive {
                        format!("{SENSITIVE} risk {n}")
                    } else {
                        format!("Risk {n}: filtering bypassed on personal devices")
                    };
                    let mitigation = format!("{MITIGATION} {n}: monitor, educate and report");
                    s.add_item(
                        &p.id,
                        &[
                            ("description", description.as_str()),
                            ("likelihood", l.as_str()),
                            ("impact", im.as_str()),
                            ("owner", members[(n + 1) % 4]),
                            ("mitigation", mitigation.as_str()),
                        ],
                        &st,
                    );
                }
            }
            kind => {
                let fields = kind.fields();
                for n in 0..2 {
                    let values: Vec<(String, String)> = fields
                        .iter()
                        .map(|f| (f.id.clone(), format!("{text} {n}")))
                        .collect();
                    let refs: Vec<(&str, &str)> = values
                        .iter()
                        .map(|(k, v)| (k.as_str(), v.as_str()))
                        .collect();
                    s.add_item(&p.id, &refs, &st);
                }
            }
        }
    }
    s
}

/// A member's copy: the session plus that member's own later rating changes.
#[must_use]
pub fn copy_of(fw: &Framework, s: &Session, member: usize) -> Session {
    let mut c = s.clone();
    let who = ["dsl", "it", "governor"][member % 3];
    let day = 1 + i64::try_from(member).unwrap_or(0);
    let st = Stamp {
        actor: format!("{who}@copy{member}"),
        member: who.to_owned(),
        at: s
            .created
            .checked_add(jiff::SignedDuration::from_hours(24 * day))
            .unwrap_or(s.created),
    };
    for (_, p) in fw.prompts() {
        if let Kind::Rating { levels } = &p.kind {
            let top = u8::try_from(levels.len()).unwrap_or(5).max(1);
            c.set_own_rating(&p.id, (u8::try_from(member).unwrap_or(0) % top) + 1, &st);
        }
    }
    c
}

/// Write the collection under `dir`: `school-NN/FRAMEWORK-YEAR.ron` and
/// `school-NN/copies/FRAMEWORK-member-K.ron`. Returns the files written.
///
/// # Errors
/// A file that cannot be written.
pub fn write(dir: &Path, frameworks: &[Framework], shape: Shape) -> Result<Vec<PathBuf>, String> {
    let mut written = Vec::new();
    for school in 0..shape.schools {
        let sdir = dir.join(format!("school-{school:02}"));
        let cdir = sdir.join("copies");
        std::fs::create_dir_all(&cdir).map_err(|e| e.to_string())?;
        for fw in frameworks {
            for year in 0..shape.years {
                let s = session(fw, school, year, shape.items);
                let path = sdir.join(format!("{}-{}.ron", fw.id, 2024 + year));
                save(&path, &s)?;
                written.push(path);
                if year + 1 == shape.years {
                    for m in 0..shape.copies {
                        let c = copy_of(fw, &s, m);
                        let path = cdir.join(format!("{}-member-{m}.ron", fw.id));
                        save(&path, &c)?;
                        written.push(path);
                    }
                }
            }
        }
    }
    Ok(written)
}

fn save(path: &Path, s: &Session) -> Result<(), String> {
    let text = safestep::doc::to_text(s).map_err(|e| e.to_string())?;
    store::write_atomic(path, text.as_bytes(), Sharing::Private).map_err(|e| e.to_string())
}

/// A second framework for the tests and the benchmark: the built-in one
/// under another id and title.
///
/// # Errors
/// When the built-in framework does not parse.
pub fn second_framework() -> Result<Framework, String> {
    let text = safestep::content::SEVEN_STEPS
        .replacen("id: \"seven-steps\"", "id: \"trust-second\"", 1)
        .replacen(
            "title: \"Seven steps to e-safety\"",
            "title: \"Second framework\"",
            1,
        );
    Framework::parse(&text).map_err(|e| e.to_string())
}
