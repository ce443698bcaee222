//! The calendar export against RFC 5545's rules.
#![allow(clippy::unwrap_used)]

mod report_support;

use proptest::prelude::*;
use report_support::{autumn, framework, hostile, opts};
use safestep::demo::{DEMO_TODAY, build_demo};
use safestep::report::{self, ics};

/// Check a whole calendar; returns its unfolded content lines.
fn check(out: &str) -> Vec<String> {
    assert!(out.ends_with("\r\n"), "the last line ends in CRLF");
    // CRLF only: every LF is preceded by CR, no CR elsewhere.
    let bytes = out.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            assert_eq!(
                bytes.get(i.wrapping_sub(1)),
                Some(&b'\r'),
                "a bare LF at {i}"
            );
        }
        if b == b'\r' {
            assert_eq!(bytes.get(i + 1), Some(&b'\n'), "a bare CR at {i}");
        }
    }
    for line in out.split("\r\n").filter(|l| !l.is_empty()) {
        assert!(
            line.len() <= ics::MAX_OCTETS,
            "{} octets: {line:?}",
            line.len()
        );
        assert!(
            !line.chars().any(|c| c.is_control() && c != '\t'),
            "a control character in {line:?}"
        );
    }
    let lines: Vec<String> = ics::unfold(out)
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    assert_eq!(lines.iter().filter(|l| *l == "VERSION:2.0").count(), 1);
    assert_eq!(lines.iter().filter(|l| l.starts_with("PRODID:")).count(), 1);
    // Each VEVENT has exactly one UID, DTSTAMP and DTSTART, and BEGIN/END pair up.
    let mut in_event = false;
    let mut props: Vec<String> = Vec::new();
    let mut uids = Vec::new();
    for l in &lines {
        match l.as_str() {
            "BEGIN:VEVENT" => {
                assert!(!in_event, "nested VEVENT");
                in_event = true;
                props.clear();
            }
            "END:VEVENT" => {
                assert!(in_event, "END without BEGIN");
                in_event = false;
                for name in ["UID", "DTSTAMP", "DTSTART"] {
                    let n = props
                        .iter()
                        .filter(|p| p.split([':', ';']).next() == Some(name))
                        .count();
                    assert_eq!(n, 1, "{name} in {props:?}");
                }
                let uid = props
                    .iter()
                    .find(|p| p.starts_with("UID:"))
                    .unwrap()
                    .clone();
                uids.push(uid);
                let start = props.iter().find(|p| p.starts_with("DTSTART")).unwrap();
                assert!(
                    start.starts_with("DTSTART;VALUE=DATE:")
                        && start.len() == "DTSTART;VALUE=DATE:".len() + 8,
                    "{start}"
                );
                let stamp = props.iter().find(|p| p.starts_with("DTSTAMP:")).unwrap();
                assert!(
                    stamp.ends_with('Z') && stamp.len() == "DTSTAMP:".len() + 16,
                    "{stamp}"
                );
            }
            other if in_event => props.push(other.to_owned()),
            _ => {}
        }
    }
    assert!(!in_event, "an unterminated VEVENT");
    let mut unique = uids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), uids.len(), "UIDs are unique");
    lines
}

#[test]
fn the_demo_calendar_follows_the_rfc() {
    let fw = framework();
    let s = report::build(
        &fw,
        &build_demo(&fw),
        &safestep::report::Options {
            today: DEMO_TODAY.parse().unwrap(),
            include_sensitive: false,
        },
    );
    let out = ics::render(&s);
    let lines = check(&out);
    let events = lines.iter().filter(|l| *l == "BEGIN:VEVENT").count();
    let dated = s.all_actions().filter(|a| a.due_date.is_some()).count();
    assert_eq!(events, dated + usize::from(s.review.next_date.is_some()));
    assert!(
        s.review.next_date.is_some(),
        "the demo has a next review date"
    );
}

#[test]
fn uids_are_stable_across_runs_and_edits() {
    let fw = framework();
    let mut session = autumn(&fw);
    let first = ics::render(&report::build(&fw, &session, &opts(false)));
    let uids = |out: &str| -> Vec<String> {
        let mut v: Vec<String> = ics::unfold(out)
            .split("\r\n")
            .filter(|l| l.starts_with("UID:"))
            .map(str::to_owned)
            .collect();
        v.sort();
        v
    };
    let again = ics::render(&report::build(&fw, &session, &opts(false)));
    assert_eq!(first, again, "the same session gives the same file");
    // Editing an action keeps its event's UID.
    let id = session.items_of("integrate.actions")[0].0.to_owned();
    session.set_item_field(
        &id,
        "due",
        "2027-02-01",
        &report_support::stamp("bob", "2026-10-01T10:00:00Z"),
    );
    let edited = ics::render(&report::build(&fw, &session, &opts(false)));
    assert_eq!(uids(&first), uids(&edited));
    assert!(ics::unfold(&edited).contains("DTSTART;VALUE=DATE:20270201"));
    // The edited event's SEQUENCE grew, so calendars take the new version.
    let sequences = |out: &str| -> Vec<i64> {
        let mut v: Vec<i64> = ics::unfold(out)
            .split("\r\n")
            .filter_map(|l| l.strip_prefix("SEQUENCE:"))
            .map(|n| n.parse().unwrap())
            .collect();
        v.sort_unstable();
        v
    };
    assert_eq!(sequences(&first).len(), sequences(&edited).len());
    assert!(sequences(&edited).iter().max() > sequences(&first).iter().max());
    assert!(uids(&first).iter().any(|u| u.contains("next-review")));
}

#[test]
fn hostile_and_long_text_is_escaped_and_folded() {
    let fw = framework();
    let text = "Semi;colon, comma\\ back\nnew line ünïcödé 😀 ".repeat(6);
    let out = ics::render(&report::build(&fw, &hostile(&fw, &text), &opts(true)));
    let lines = check(&out);
    let summary = lines
        .iter()
        .find(|l| l.starts_with("DESCRIPTION:"))
        .unwrap();
    assert!(
        summary.contains("Semi\\;colon\\, comma\\\\ back\\nnew line"),
        "{summary}"
    );
    // Folding happened, and never inside a character (the file is valid UTF-8 line by line).
    assert!(out.contains("\r\n "));
    for line in out.as_bytes().split(|&b| b == b'\n') {
        std::str::from_utf8(line).unwrap();
    }
}

#[test]
fn folding_multibyte_characters() {
    // 74 ASCII bytes then a 4-byte emoji: the emoji must move whole to the next line.
    let line = format!("{}😀tail", "x".repeat(74));
    let folded = ics::fold(&line);
    let parts: Vec<&str> = folded.trim_end_matches("\r\n").split("\r\n").collect();
    assert_eq!(parts[0].len(), 74);
    assert_eq!(parts[1], " 😀tail");
    assert_eq!(ics::unfold(&folded), format!("{line}\r\n"));
    assert_eq!(ics::escape_text("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// fold never exceeds 75 octets, never splits a character, and unfold undoes it.
    #[test]
    fn unfold_of_fold_is_identity(body in "[a-zé€😀漢\\\\;, ]{0,400}") {
        let line = format!("DESCRIPTION:{}", ics::escape_text(&body));
        let folded = ics::fold(&line);
        for part in folded.trim_end_matches("\r\n").split("\r\n") {
            prop_assert!(part.len() <= ics::MAX_OCTETS);
            prop_assert!(!part.is_empty());
        }
        prop_assert_eq!(ics::unfold(&folded), format!("{line}\r\n"));
    }
}
