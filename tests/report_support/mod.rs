//! Sessions for the report tests, built with the document API.
#![allow(dead_code, clippy::unwrap_used)]

use jiff::Timestamp;
use jiff::civil::Date;
use safestep::content::Framework;
use safestep::doc::{Session, Stamp};
use safestep::report::Options;

/// The date the report tests treat as today.
pub const TODAY: &str = "2026-11-29";

pub fn today() -> Date {
    TODAY.parse().unwrap()
}

pub fn opts(include_sensitive: bool) -> Options {
    Options {
        today: today(),
        include_sensitive,
    }
}

pub fn framework() -> Framework {
    Framework::embedded().unwrap()
}

pub fn stamp(member: &str, at: &str) -> Stamp {
    Stamp {
        actor: format!("{member}@test"),
        member: member.to_owned(),
        at: at.parse::<Timestamp>().unwrap(),
    }
}

/// A small autumn review: roster, ratings, risks, actions, decisions, a
/// sensitive answer, a conflict and a deleted action.
pub fn autumn(fw: &Framework) -> Session {
    let a = stamp("alice", "2026-09-14T16:00:00Z");
    let b = stamp("bob", "2026-09-14T16:05:00Z");
    let mut s = Session::new(
        "autumn-2026".into(),
        "Autumn online safety review",
        fw.reference(),
        &a,
    );
    s.set_organisation("Hillside Academy", &a);
    s.set_facilitator("Alice Khan", &a);
    s.set_text(
        "vision.statement",
        "Every learner knows how to stay safe online\nand where to get help.",
        &a,
    );
    s.add_item(
        "vision.problems",
        &[("text", "Group chats used for bullying")],
        &a,
    );
    s.add_item(
        "vision.decisions",
        &[
            ("what", "Adopt the vision statement"),
            ("why", "It is short enough for learners to remember"),
            ("date", "2026-09-14"),
            ("agreed_by", "Whole group"),
        ],
        &a,
    );
    s.add_item(
        "group.roster",
        &[
            ("name", "Alice Khan"),
            ("roles", "leadership,safeguarding"),
            ("note", "chair"),
        ],
        &a,
    );
    s.add_item(
        "group.roster",
        &[("name", "Bob Okafor"), ("roles", "technical")],
        &a,
    );
    s.set_text("group.chair", "Alice Khan", &a);
    s.set_own_rating("assess.filtering.level", 2, &a);
    s.set_own_rating("assess.filtering.level", 4, &b);
    s.set_agreed_rating("assess.filtering.level", 3, &a);
    s.set_own_rating("assess.leadership.level", 3, &a);
    s.set_agreed_rating("assess.leadership.level", 3, &a);
    s.set_text(
        "assess.incidents.evidence",
        "Learner J.S. in Year 8 reported a message",
        &a,
    );
    s.add_item(
        "assess.risks",
        &[
            ("description", "Filtering misses new proxy sites"),
            ("likelihood", "4"),
            ("impact", "4"),
            ("owner", "Bob Okafor"),
            ("mitigation", "Weekly report review"),
        ],
        &a,
    );
    s.add_item(
        "assess.risks",
        &[
            ("description", "Staff share passwords"),
            ("likelihood", "2"),
            ("impact", "3"),
            ("owner", "Alice Khan"),
        ],
        &a,
    );
    s.add_item(
        "integrate.actions",
        &[
            ("what", "Update the staff acceptable use agreement"),
            ("owner", "Alice Khan"),
            ("due", "2026-10-31"),
            ("status", "open"),
        ],
        &a,
    );
    s.add_item(
        "integrate.actions",
        &[
            ("what", "Check filtering logs each week"),
            ("owner", "Bob Okafor"),
            ("due", "2026-12-15"),
            ("status", "in progress"),
        ],
        &a,
    );
    s.add_item(
        "train.actions",
        &[
            ("what", "Governor training on filtering"),
            ("owner", "Alice Khan"),
            ("due", "2027-01-20"),
            ("status", "stuck"),
        ],
        &a,
    );
    s.add_item(
        "train.actions",
        &[
            ("what", "Parent evening"),
            ("owner", "Bob Okafor"),
            ("due", "2026-11-01"),
            ("status", "done"),
        ],
        &a,
    );
    let gone = s.add_item(
        "train.actions",
        &[
            ("what", "Deleted action"),
            ("owner", "Bob Okafor"),
            ("due", "2026-11-02"),
        ],
        &a,
    );
    s.delete_item(&gone, &a);
    s.set_text("review.next", "2027-03-10", &a);
    s.set_check("review.triggers", "A serious incident", true, &a);
    s.set_check("review.triggers", "New law or statutory guidance", true, &a);

    // A conflict: two members change the chair at the same time.
    let mut other = s.clone();
    s.set_text("group.chair", "Alice Khan (until Easter)", &a);
    other.set_text(
        "group.chair",
        "Carol Jones",
        &stamp("bob", "2026-09-14T16:10:00Z"),
    );
    s.merge(&other).unwrap()
}

/// The spring review that follows `old` (carried forward), with progress.
pub fn spring(fw: &Framework, old: &Session) -> Session {
    let a = stamp("alice", "2027-03-10T16:00:00Z");
    let mut s = Session::new(
        "spring-2027".into(),
        "Spring online safety review",
        fw.reference(),
        &a,
    );
    s.set_organisation("Hillside Academy", &a);
    safestep::report::carry_forward(old, &mut s, fw, &a);
    let carried: Vec<(String, String)> = s
        .items_of("integrate.actions")
        .into_iter()
        .chain(s.items_of("train.actions"))
        .map(|(id, i)| (id.to_owned(), i.field("what").to_owned()))
        .collect();
    for (id, what) in carried {
        if what.starts_with("Update the staff") {
            s.set_item_field(&id, "status", "done", &a);
        }
        if what.starts_with("Governor training") {
            s.set_item_field(&id, "status", "dropped", &a);
        }
    }
    s.set_agreed_rating("assess.filtering.level", 4, &a);
    s.set_agreed_rating("assess.leadership.level", 3, &a);
    s.set_agreed_rating("assess.devices.level", 2, &a);
    // The carried risks: one rescored, one closed.
    let risks: Vec<(String, String)> = s
        .items_of("assess.risks")
        .into_iter()
        .map(|(id, i)| (id.to_owned(), i.field("description").to_owned()))
        .collect();
    for (id, description) in risks {
        if description.starts_with("Filtering misses") {
            s.set_item_field(&id, "likelihood", "2", &a);
        }
        if description.starts_with("Staff share") {
            s.set_item_field(&id, "status", "closed", &a);
            s.set_item_field(&id, "closed_on", "2027-03-10", &a);
            s.set_item_field(&id, "reason", "Every account now has its own login", &a);
        }
    }
    s.add_item(
        "assess.risks",
        &[
            ("description", "AI image tools used to make fake pictures"),
            ("likelihood", "3"),
            ("impact", "5"),
        ],
        &a,
    );
    s
}

/// A session whose every text field holds something hostile.
pub fn hostile(fw: &Framework, text: &str) -> Session {
    let a = stamp("mallory", "2026-09-14T16:00:00Z");
    let mut s = Session::new("hostile".into(), text, fw.reference(), &a);
    s.set_organisation(text, &a);
    s.set_facilitator(text, &a);
    for (_, p) in fw.prompts() {
        let fields = p.kind.fields();
        if fields.is_empty() {
            match &p.kind {
                safestep::content::Kind::Rating { .. } => {
                    s.set_own_rating(&p.id, 2, &a);
                    // A member id straight from a hand-edited file.
                    s.set_own_rating(&p.id, 3, &stamp(text, "2026-09-14T16:01:00Z"));
                    s.set_agreed_rating(&p.id, 2, &a);
                }
                safestep::content::Kind::Checklist { options } => {
                    for o in options {
                        s.set_check(&p.id, o, true, &a);
                    }
                    s.set_check(&p.id, text, true, &a);
                }
                _ => s.set_text(&p.id, text, &a),
            }
        } else {
            let values: Vec<(String, String)> = fields
                .iter()
                .map(|f| {
                    let v = match f.ty {
                        safestep::content::FieldType::Date => "2026-10-01".to_owned(),
                        safestep::content::FieldType::Score => "3".to_owned(),
                        safestep::content::FieldType::Status => "open".to_owned(),
                        _ => text.to_owned(),
                    };
                    (f.id.clone(), v)
                })
                .collect();
            let refs: Vec<(&str, &str)> = values
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            s.add_item(&p.id, &refs, &a);
        }
    }
    s
}
