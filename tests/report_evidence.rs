//! The evidence map claims no more than the group recorded: sessions that
//! cover parts of the standards fully, partly and not at all, checked in the
//! map and in the "at a glance" headline of every format.
#![allow(clippy::unwrap_used)]

mod report_support;

use report_support::{framework, opts, stamp};
use safestep::content::Framework;
use safestep::doc::Session;
use safestep::report::model::{Coverage, PartEvidence, Summary, is_placeholder};
use safestep::report::{self, Format, Table, fmt};

fn blank(fw: &Framework) -> Session {
    let a = stamp("alice", "2026-09-14T16:00:00Z");
    Session::new("evidence".into(), "Evidence", fw.reference(), &a)
}

fn part<'a>(s: &'a Summary, id: &str) -> &'a PartEvidence {
    s.evidence
        .iter()
        .flat_map(|e| e.parts.iter())
        .find(|p| p.id == id)
        .unwrap_or_else(|| panic!("no part {id}"))
}

fn count(s: &Summary, c: Coverage) -> usize {
    s.evidence
        .iter()
        .flat_map(|e| e.parts.iter())
        .filter(|p| p.coverage == c)
        .count()
}

fn total_parts(fw: &Framework) -> usize {
    fw.standards.iter().map(|s| s.parts.len()).sum()
}

#[test]
fn an_empty_session_addresses_nothing() {
    let fw = framework();
    let s = report::build(&fw, &blank(&fw), &opts(false));
    assert_eq!(count(&s, Coverage::Nothing), total_parts(&fw));
    let line = fmt::evidence_headline(&s).unwrap();
    assert_eq!(
        line,
        format!(
            "0 of {} standard parts addressed, 0 partly, {} nothing yet",
            total_parts(&fw),
            total_parts(&fw)
        )
    );
}

#[test]
fn a_strand_counts_only_when_ticked() {
    let fw = framework();
    let a = stamp("alice", "2026-09-14T16:00:00Z");
    let mut session = blank(&fw);
    session.set_check("involve.curriculum", "Online bullying", true, &a);
    session.set_check("involve.curriculum", "Online reputation", false, &a);
    let s = report::build(&fw, &session, &opts(false));
    let bullying = part(&s, "ukcis.bullying");
    assert_eq!(bullying.coverage, Coverage::Addressed);
    assert!(fmt::evidence_by(bullying)[0].contains("\"Online bullying\" ticked"));
    // Ticking one strand says nothing about the others.
    for id in ["ukcis.reputation", "ukcis.copyright", "ukcis.privacy"] {
        let p = part(&s, id);
        assert_eq!(p.coverage, Coverage::Nothing, "{id}");
        assert!(
            p.missing.iter().any(|m| m.contains("is not ticked")),
            "{id}: {:?}",
            p.missing
        );
    }
    let ukcis = s.evidence.iter().find(|e| e.id == "ukcis").unwrap();
    assert_eq!(ukcis.with(Coverage::Addressed).len(), 1);
}

#[test]
fn an_answer_for_several_parts_counts_partly() {
    let fw = framework();
    let a = stamp("alice", "2026-09-14T16:00:00Z");
    let mut session = blank(&fw);
    // Tagged with every Connected World strand: it touches them all, and
    // addresses none by itself.
    session.set_text(
        "assess.education.now",
        "Online safety is taught in PSHE in Years 7 to 9.",
        &a,
    );
    session.set_check("involve.curriculum", "Privacy and security", true, &a);
    let s = report::build(&fw, &session, &opts(false));
    let privacy = part(&s, "ukcis.privacy");
    assert_eq!(privacy.coverage, Coverage::Addressed, "ticked and taught");
    let ukcis = s.evidence.iter().find(|e| e.id == "ukcis").unwrap();
    assert_eq!(ukcis.with(Coverage::Addressed).len(), 1);
    assert_eq!(ukcis.with(Coverage::Partly).len(), ukcis.parts.len() - 1);
    let wellbeing = part(&s, "ukcis.wellbeing");
    assert_eq!(wellbeing.coverage, Coverage::Partly);
    assert!(
        wellbeing
            .missing
            .iter()
            .any(|m| m.contains("cover several parts")),
        "{:?}",
        wellbeing.missing
    );
    // The headline says "partly" where that is the truth, in every format.
    let partly = count(&s, Coverage::Partly);
    let headline = fmt::evidence_headline(&s).unwrap();
    assert!(headline.starts_with("1 of "), "{headline}");
    assert!(headline.contains(&format!("{partly} partly")), "{headline}");
    for format in [Format::Md, Format::Html, Format::Txt] {
        let out = report::render(format, Table::Actions, &s, None);
        // Text wraps lines; compare with the words on one line.
        let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(out.contains(&headline), "{format:?} lacks {headline}");
        assert!(out.contains("partly addressed"), "{format:?}");
    }
}

#[test]
fn placeholders_missing_policies_and_open_actions_do_not_count_fully() {
    let fw = framework();
    let a = stamp("alice", "2026-09-14T16:00:00Z");
    let mut session = blank(&fw);
    session.set_text("assess.filtering.evidence", "tbc", &a);
    session.set_text("integrate.anti-bullying.status", "Missing", &a);
    let action = session.add_item(
        "integrate.actions",
        &[
            ("what", "Rewrite the online safety policy"),
            ("owner", "Alice"),
            ("status", "open"),
        ],
        &a,
    );
    let s = report::build(&fw, &session, &opts(false));
    // "tbc" says nothing: the record part has nothing.
    let record = part(&s, "dfe-fm.record");
    assert_eq!(record.coverage, Coverage::Nothing);
    assert!(
        record
            .missing
            .iter()
            .any(|m| m.contains("says nothing yet")),
        "{:?}",
        record.missing
    );
    // A policy marked "Missing" is no evidence.
    assert_eq!(part(&s, "ukcis.bullying").coverage, Coverage::Nothing);
    // An open action is a plan, not yet evidence.
    let annual = part(&s, "kcsie.annual-review");
    assert_eq!(annual.coverage, Coverage::Partly);
    assert!(annual.missing.iter().any(|m| m.contains("not done yet")));

    // Once the action is done, it addresses the part.
    let mut done = session.clone();
    done.set_item_field(&action, "status", "done", &a);
    let s = report::build(&fw, &done, &opts(false));
    assert_eq!(
        part(&s, "kcsie.annual-review").coverage,
        Coverage::Addressed
    );
}

#[test]
fn placeholders_are_recognised() {
    for p in [
        "", "  ", "-", "tbc", "TBD.", "n/a", "N/A", "?", "...", "todo", "x",
    ] {
        assert!(is_placeholder(p), "{p:?}");
    }
    for real in [
        "Termly checks with the DSL",
        "Yes, in PSHE",
        "42 unblock requests",
    ] {
        assert!(!is_placeholder(real), "{real:?}");
    }
}

#[test]
fn the_demo_does_not_claim_every_part() {
    let fw = framework();
    let demo = safestep::demo::build_demo(&fw);
    let s = report::build(&fw, &demo, &opts(false));
    // The demo ticks some Connected World strands and not others; those not
    // ticked are at most partly addressed.
    let ticked: Vec<&str> = fw
        .prompt("involve.curriculum")
        .map(|(_, p)| match &p.kind {
            safestep::content::Kind::Checklist { options } => options
                .iter()
                .filter(|o| demo.is_checked("involve.curriculum", o))
                .map(String::as_str)
                .collect(),
            _ => Vec::new(),
        })
        .unwrap();
    let ukcis = s.evidence.iter().find(|e| e.id == "ukcis").unwrap();
    assert!(
        ticked.len() < ukcis.parts.len(),
        "the demo leaves strands unticked"
    );
    assert_eq!(ukcis.with(Coverage::Addressed).len(), ticked.len());
    assert!(count(&s, Coverage::Addressed) < total_parts(&fw));
}
