//! A sample session that answers every prompt of a framework, for tests,
//! snapshots, screenshots and benchmarks. Fictional people and school.
//!
//! It lives beside the document (not in the TUI) so that tests of `doc`
//! and `content` never need a terminal front end.

use crate::content::{FieldType, Framework, Kind};
use crate::doc::{Session, Stamp};
use jiff::Timestamp;

/// The fixed time of every sample edit.
#[must_use]
pub fn time() -> Timestamp {
    "2026-11-29T17:00:00Z"
        .parse()
        .unwrap_or(Timestamp::UNIX_EPOCH)
}

fn stamp(member: &str, minutes: i64) -> Stamp {
    Stamp {
        actor: format!("{member}@sample"),
        member: member.to_owned(),
        at: time()
            .checked_add(jiff::SignedDuration::from_mins(minutes))
            .unwrap_or_else(|_| time()),
    }
}

fn cell(ty: FieldType, field: &str, n: usize) -> String {
    match ty {
        FieldType::Date => format!("2027-0{}-1{}", 1 + n % 6, n % 10),
        FieldType::Score => ((n % 5) + 1).to_string(),
        FieldType::Status => crate::content::STATUSES[n % 5].to_owned(),
        FieldType::RiskStatus => crate::content::RISK_STATUSES[n % 4].to_owned(),
        FieldType::Roles => {
            ["leadership, safeguarding", "technical", "curriculum"][n % 3].to_owned()
        }
        FieldType::Text => match (field, n % 3) {
            ("name", 0) => "Alice Khan".into(),
            ("name", 1) => "Bob Okafor".into(),
            ("name", _) => "Chloé Zhang 张".into(),
            ("owner", _) => ["Bob", "Alice", "DSL"][n % 3].into(),
            (_, 0) => "Review the staff acceptable use agreement".into(),
            (_, 1) => "Learners' voice gathered by a short survey 📋".into(),
            (_, _) => "Filtering reports read monthly".into(),
        },
    }
}

/// A session answering every prompt, with one conflict and one deleted item.
#[must_use]
pub fn session(framework: &Framework) -> Session {
    let a = stamp("alice", 0);
    let mut doc = Session::new(
        "sample-0001".into(),
        "Autumn online safety review",
        framework.reference(),
        &a,
    );
    doc.set_organisation("Hillside Academy", &a);
    doc.set_facilitator("Alice Khan", &a);
    for (i, (_, p)) in framework.prompts().enumerate() {
        let st = stamp("alice", i64::try_from(i).unwrap_or(0));
        match &p.kind {
            Kind::ShortText => doc.set_text(&p.id, "Alice Khan, deputy head", &st),
            Kind::LongText => doc.set_text(
                &p.id,
                "Every learner and member of staff knows how to stay safe online, \
                 how to behave well there, and where to get help quickly.\nWe review this every year.",
                &st,
            ),
            Kind::Date => doc.set_text(&p.id, "2027-03-15", &st),
            Kind::Choice { options } => {
                if let Some(o) = options.get(i % options.len().max(1)) {
                    doc.set_text(&p.id, o, &st);
                }
            }
            Kind::Checklist { options } => {
                for o in options.iter().step_by(2) {
                    doc.set_check(&p.id, o, true, &st);
                }
            }
            Kind::Rating { levels } => {
                let n = u8::try_from(levels.len()).unwrap_or(1).max(1);
                doc.set_own_rating(&p.id, 3.min(n), &st);
                doc.set_own_rating(&p.id, 2.min(n), &stamp("bob", 5));
                doc.set_agreed_rating(&p.id, 3.min(n), &st);
            }
            kind => {
                // A risk's status fields stay empty: every sample risk is open.
                let fields: Vec<_> = kind
                    .fields()
                    .into_iter()
                    .filter(|f| {
                        kind != &Kind::Risks
                            || !crate::content::RISK_STATUS_FIELDS.contains(&f.id.as_str())
                    })
                    .collect();
                for n in 0..3 {
                    let values: Vec<(String, String)> =
                        fields.iter().map(|f| (f.id.clone(), cell(f.ty, &f.id, n + i))).collect();
                    let refs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                    let id = doc.add_item(&p.id, &refs, &st);
                    if n == 2 && kind == &Kind::Actions {
                        doc.delete_item(&id, &st);
                    }
                }
            }
        }
    }
    // A conflict: Bob changed the vision on his own copy at the same time.
    if let Some((_, first)) = framework.prompts().find(|(_, p)| p.kind == Kind::LongText) {
        let mut bobs = doc.clone();
        bobs.set_text(
            &first.id,
            "Responsible, confident learners and staff.",
            &stamp("bob", 30),
        );
        doc.set_text(
            &first.id,
            "Every learner knows how to stay safe online and where to get help.",
            &stamp("alice", 31),
        );
        if let Ok(merged) = doc.merge(&bobs) {
            doc = merged;
        }
    }
    doc
}
