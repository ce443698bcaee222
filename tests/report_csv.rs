//! CSV exports: RFC 4180 and formula injection.
#![allow(clippy::unwrap_used)]

mod report_support;

use report_support::{framework, hostile, opts};
use safestep::report::{self, csv};

#[test]
fn formula_starts_are_neutralised() {
    for (input, want) in [
        ("=1+1", "'=1+1"),
        ("+44 1234", "'+44 1234"),
        ("-2", "'-2"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\tleading tab", "'\tleading tab"),
        (
            "=HYPERLINK(\"http://x\",\"y\")",
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
        ),
        ("\rcarriage", "\"'\rcarriage\""),
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("", ""),
        (" =spaced", "' =spaced"),
        (" =1+1", "' =1+1"),
        ("\t=1", "'\t=1"),
        ("  +SUM(A1)", "'  +SUM(A1)"),
        ("\u{a0}-2", "'\u{a0}-2"),
        (" plain", " plain"),
    ] {
        assert_eq!(csv::field(input), want, "{input:?}");
    }
}

#[test]
fn quoting_follows_rfc_4180() {
    assert_eq!(csv::field("a,b"), "\"a,b\"");
    assert_eq!(csv::field("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(csv::field("two\r\nlines"), "\"two\r\nlines\"");
    assert_eq!(csv::record(&["a", "b,c", ""]), "a,\"b,c\",\r\n");
}

/// A minimal RFC 4180 reader, to read the exports back.
fn parse(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => field.push(c),
            }
        } else {
            match c {
                '"' => {
                    assert!(field.is_empty(), "a quote inside an unquoted field");
                    quoted = true;
                }
                ',' => row.push(std::mem::take(&mut field)),
                '\r' => {
                    assert_eq!(chars.next(), Some('\n'), "CR without LF outside quotes");
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                '\n' => panic!("a bare LF ends a record"),
                c => field.push(c),
            }
        }
    }
    assert!(!quoted, "an unterminated quote");
    assert!(
        field.is_empty() && row.is_empty(),
        "the last record lacks its CRLF"
    );
    rows
}

#[test]
fn hostile_exports_read_back_safely() {
    let fw = framework();
    for text in [
        "=cmd|' /C calc'!A0",
        "+1",
        "-1+2",
        "@foo",
        "\t=x",
        "\r=y",
        "a,\"b\"\nc",
    ] {
        let s = report::build(&fw, &hostile(&fw, text), &opts(true));
        for out in [csv::actions(&s), csv::risks(&s)] {
            let rows = parse(&out);
            let width = rows[0].len();
            assert!(rows.len() > 1);
            for r in &rows {
                assert_eq!(r.len(), width, "every record has the same number of fields");
                for cell in r {
                    assert!(
                        !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                        "{cell:?} would run as a formula"
                    );
                }
            }
        }
    }
}

#[test]
fn the_action_plan_lists_owner_due_status_and_overdue() {
    let fw = framework();
    let s = report::build(&fw, &report_support::autumn(&fw), &opts(false));
    let rows = parse(&csv::actions(&s));
    assert_eq!(
        rows[0],
        ["Owner", "Action", "Due", "Status", "Overdue", "Step", "Id"]
    );
    let find = |what: &str| rows.iter().find(|r| r[1] == what).unwrap().clone();
    let r = find("Update the staff acceptable use agreement");
    assert_eq!(
        (r[0].as_str(), r[2].as_str(), r[3].as_str(), r[4].as_str()),
        ("Alice Khan", "2026-10-31", "open", "yes")
    );
    assert_eq!(
        find("Parent evening")[4],
        "no",
        "done actions are never overdue"
    );
    assert!(
        !rows.iter().any(|r| r[1] == "Deleted action"),
        "deleted items leave exports"
    );
    let risks = parse(&csv::risks(&s));
    assert_eq!(risks[1][0], "Filtering misses new proxy sites");
    assert_eq!(risks[1][3], "16");
    assert_eq!(risks[1][4], "high");
}
