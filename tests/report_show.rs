//! `safestep show` prints what a person needs: names as the roster has
//! them, UK times to the minute, and no internal ids unless `--ids`.

mod common;

use common::{new_session, run, safestep, stderr, stdout};

fn ok(out: &std::process::Output) -> String {
    assert!(out.status.success(), "{}", stderr(out));
    stdout(out)
}

#[test]
fn show_gives_names_uk_times_and_ids_only_when_asked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = new_session(dir.path(), "Show");
    ok(&run(safestep(dir.path(), "alice")
        .arg("answer")
        .arg(&f)
        .args(["two.roster", "name=Alice; roles=leadership"])));
    ok(&run(safestep(dir.path(), "alice")
        .arg("answer")
        .arg(&f)
        .args([
            "two.actions",
            "what=Update the AUP; owner=Alice; due=2027-01-31",
        ])));
    // Two members answer the same prompt in their own copies: a conflict.
    let a = dir.path().join("a.ron");
    let b = dir.path().join("b.ron");
    std::fs::copy(&f, &a).expect("copy");
    std::fs::copy(&f, &b).expect("copy");
    ok(&run(safestep(dir.path(), "alice")
        .arg("answer")
        .arg(&a)
        .args(["vision.statement", "Safe and confident"])));
    ok(&run(safestep(dir.path(), "bob")
        .arg("answer")
        .arg(&b)
        .args(["vision.statement", "Responsible users"])));
    ok(&run(safestep(dir.path(), "alice")
        .arg("merge")
        .arg(&a)
        .arg(&b)
        .arg("-o")
        .arg(&f)));

    let shown = ok(&run(safestep(dir.path(), "alice").arg("show").arg(&f)));
    // The member "alice" is on the roster as "Alice"; "bob" is not.
    // When the tests run under a login other than the member name, the
    // login is named as who entered it: "by Alice (entered by root) on".
    let by = |name: &str| {
        shown.contains(&format!("by {name} on "))
            || shown.contains(&format!("by {name} (entered by "))
    };
    assert!(by("Alice"), "{shown}");
    assert!(by("bob"), "{shown}");
    // Times the UK way, to the minute: "Tue 1 Dec 2026, 04:10 UTC".
    let from = shown.find("by Alice").expect("a time");
    let at = from + shown[from..].find(" on ").expect("a time") + " on ".len();
    let when: String = shown[at..].chars().take_while(|c| *c != ':').collect();
    let parts: Vec<&str> = when.split(' ').collect();
    assert_eq!(parts.len(), 5, "{when}");
    assert!(parts[3].ends_with(','), "{when}");
    assert!(
        !shown.contains("T0") && !shown.contains("Z\n"),
        "an ISO time: {shown}"
    );
    assert!(shown.contains("Last change: "), "{shown}");
    // No prompt or item ids.
    assert!(!shown.contains("[vision.statement]"), "{shown}");
    assert!(!shown.contains("[two.actions]"), "{shown}");
    assert!(!shown.contains("- ["), "an item id: {shown}");
    assert!(shown.contains("Update the AUP") && shown.contains("Sun 31 Jan 2027"));

    let with_ids = ok(&run(safestep(dir.path(), "alice")
        .arg("show")
        .arg("--ids")
        .arg(&f)));
    assert!(with_ids.contains("[vision.statement]"), "{with_ids}");
    assert!(with_ids.contains("[two.actions]"), "{with_ids}");
    assert!(with_ids.contains("1. ["), "an item id: {with_ids}");
}
