//! The command line, through the real binary.

mod common;

use common::{mini, new_session, run, safestep, stderr, stdout};
use std::os::unix::fs::PermissionsExt;

#[test]
fn every_subcommand_help_has_an_example() {
    let dir = tempfile::tempdir().expect("tempdir");
    for sub in [
        "new", "open", "list", "prompts", "answer", "show", "check", "merge", "summary",
    ] {
        let out = run(safestep(dir.path(), "alice").args([sub, "--help"]));
        assert!(out.status.success(), "{sub} --help failed");
        let text = stdout(&out);
        assert!(
            text.contains("Example"),
            "{sub} --help has no example:\n{text}"
        );
        assert!(
            text.contains(&format!("safestep {sub}")) || text.contains("safestep "),
            "{sub}"
        );
    }
}

#[test]
fn usage_errors_exit_2_and_failures_exit_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = run(safestep(dir.path(), "alice").args(["answer"]));
    assert_eq!(out.status.code(), Some(2));
    let out = run(safestep(dir.path(), "alice").args(["show", "/nonexistent/x.ron"]));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.lines().count() <= 2, "too long: {err}");
    assert!(
        !err.contains("Backtrace") && !err.contains("Location"),
        "{err}"
    );
}

#[test]
fn new_creates_a_private_file_and_prints_its_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = run(safestep(dir.path(), "alice").args([
        "new",
        "--title",
        "Autumn review",
        "--org",
        "Hillside",
        "--no-open",
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    let path = std::path::PathBuf::from(stdout(&out).trim());
    assert!(
        path.starts_with(dir.path().join("data")),
        "{}",
        path.display()
    );
    let mode = std::fs::metadata(&path).expect("file").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let dmode = std::fs::metadata(dir.path().join("data"))
        .expect("dir")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(dmode, 0o700);
    let list = run(safestep(dir.path(), "alice").args(["list", "--full"]));
    let text = stdout(&list);
    assert!(
        text.contains("Autumn review") && text.contains("Hillside"),
        "{text}"
    );
    assert!(text.contains("0/2"), "{text}");
}

#[test]
fn answers_of_every_kind_are_parsed_and_shown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = new_session(dir.path(), "Kinds");
    let cases = [
        ("vision.statement", "Every learner knows where to get help."),
        ("one.short", "Weekly"),
        ("one.date", "2027-03-01"),
        ("one.choice", "yearly"),
        ("one.checks", "new law"),
        ("one.rating", "2"),
        ("one.rating", "agreed=High"),
        ("one.list", "Phones in class"),
        (
            "two.roster",
            "name=Alice Khan; roles=leadership, Technical; note=chair",
        ),
        (
            "two.actions",
            "what=Update the AUP\\; staff version; owner=Sam; due=2027-01-31",
        ),
        (
            "two.risks",
            "description=Filter bypass; likelihood=4; impact=5; owner=IT",
        ),
        (
            "two.decisions",
            "what=Meet termly; why=Keeps momentum; date=2026-11-29; agreed_by=all",
        ),
        ("two.table", "audience=Parents; when=Spring"),
    ];
    for (p, v) in cases {
        let out = run(safestep(dir.path(), "alice")
            .arg("answer")
            .arg(&f)
            .args([p, v]));
        assert!(out.status.success(), "{p}={v}: {}", stderr(&out));
    }
    let shown = stdout(&run(safestep(dir.path(), "alice").arg("show").arg(&f)));
    for needle in [
        "Every learner knows where to get help.",
        "Mon 1 Mar 2027",
        "Yearly",
        "[x] New law",
        "alice: 2 (Mid)",
        "agreed: 3 (High)",
        "Phones in class",
        "Senior leadership, Technical",
        "Update the AUP; staff version",
        "open",
        "Filter bypass",
        "Keeps momentum",
        "Parents",
    ] {
        assert!(shown.contains(needle), "missing {needle:?} in:\n{shown}");
    }
    let one = stdout(&run(safestep(dir.path(), "alice")
        .arg("show")
        .arg(&f)
        .arg("one.choice")));
    assert!(one.contains("Yearly") && !one.contains("Vision"), "{one}");
}

#[test]
fn answers_that_do_not_fit_are_refused_with_a_reason() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = new_session(dir.path(), "Bad");
    let before = std::fs::read(&f).expect("read");
    let cases = [
        ("one.date", "2026-02-30", "30 February 2026 does not exist"),
        ("one.date", "next week", "is not a date"),
        ("one.choice", "Daily", "not an option"),
        ("one.rating", "9", "not a level"),
        ("two.risks", "description=x; likelihood=7", "1 to 5"),
        ("two.actions", "owner=Sam", "needs at least what"),
        ("two.actions", "what=x; status=finished", "must be one of"),
        ("two.roster", "name=A; roles=janitor", "unknown role"),
        ("two.table", "colour=red", "no field"),
        ("no.such", "x", "no prompt"),
    ];
    for (p, v, msg) in cases {
        let out = run(safestep(dir.path(), "alice")
            .arg("answer")
            .arg(&f)
            .args([p, v]));
        assert_eq!(out.status.code(), Some(1), "{p}={v} should fail");
        assert!(stderr(&out).contains(msg), "{p}={v}: {}", stderr(&out));
    }
    assert_eq!(
        std::fs::read(&f).expect("read"),
        before,
        "a refused answer changed the file"
    );
}

#[test]
fn show_lists_every_value_of_a_conflict_with_author() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = new_session(dir.path(), "Conflict");
    let a = dir.path().join("a.ron");
    let b = dir.path().join("b.ron");
    std::fs::copy(&f, &a).expect("copy");
    std::fs::copy(&f, &b).expect("copy");
    run(safestep(dir.path(), "alice")
        .arg("answer")
        .arg(&a)
        .args(["vision.statement", "Safe and confident"]));
    run(safestep(dir.path(), "bob")
        .arg("answer")
        .arg(&b)
        .args(["vision.statement", "Responsible users"]));
    let out = run(safestep(dir.path(), "alice")
        .arg("merge")
        .arg(&a)
        .arg(&b)
        .arg("-o")
        .arg(&f));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("1 conflict"), "{}", stdout(&out));
    let shown = stdout(&run(safestep(dir.path(), "alice").arg("show").arg(&f)));
    assert!(shown.contains("CONFLICT: 2 values"), "{shown}");
    assert!(
        shown.contains("by alice") && shown.contains("by bob"),
        "{shown}"
    );
    assert!(shown.contains("Safe and confident") && shown.contains("Responsible users"));
}

#[test]
fn show_never_prints_control_sequences_from_a_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = new_session(dir.path(), "Escapes");
    run(safestep(dir.path(), "alice")
        .arg("answer")
        .arg(&f)
        .args(["one.short", "x\u{1b}]0;pwned\u{7}\u{1b}[2Jy"]));
    let out = run(safestep(dir.path(), "alice").arg("show").arg(&f));
    assert!(!out.stdout.contains(&0x1b), "ESC reached stdout");
    assert!(stdout(&out).contains("x\u{241b}]0;pwned"));
}

#[test]
fn check_accepts_valid_files_and_names_line_and_column_otherwise() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = new_session(dir.path(), "Check");
    let ok = run(safestep(dir.path(), "alice").arg("check").arg(&f));
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    let ok = run(safestep(dir.path(), "alice").arg("check").arg(mini()));
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    assert!(stdout(&ok).contains("valid content"));

    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "(\n    format: 2,\n    id: oops,\n)\n").expect("write");
    let out = run(safestep(dir.path(), "alice").arg("check").arg(&bad));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.starts_with(&format!("{}:3:", bad.display())), "{err}");

    let badc = dir.path().join("badc.ron");
    let text = std::fs::read_to_string(mini())
        .expect("read")
        .replace("kind: Roster", "kind: Rooster");
    std::fs::write(&badc, text).expect("write");
    let out = run(safestep(dir.path(), "alice").arg("check").arg(&badc));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!("{}:", badc.display())) && err.contains("Rooster"),
        "{err}"
    );
}

#[test]
fn prompts_lists_ids_steps_and_kinds() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = stdout(&run(safestep(dir.path(), "alice").arg("prompts")));
    assert!(
        out.lines().any(|l| l.starts_with("vision.statement")
            && l.contains("step 1")
            && l.contains("LongText")),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("two.risks") && l.contains("step 2") && l.contains("Risks")),
        "{out}"
    );
    assert_eq!(out.lines().count(), 13);
}

#[test]
fn the_member_comes_from_flag_then_environment() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = new_session(dir.path(), "Who");
    let mut c = safestep(dir.path(), "carol");
    c.env("SAFESTEP_MEMBER", "dave")
        .arg("answer")
        .arg(&f)
        .args(["one.short", "flag wins"]);
    run(&mut c);
    let text = std::fs::read_to_string(&f).expect("read");
    assert!(text.contains("by: \"carol\""), "{text}");
    // Without --as, the environment names the member.
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_safestep"));
    c.env("SAFESTEP_CONFIG_DIR", dir.path().join("config"))
        .env("SAFESTEP_MEMBER", "Dave Jones")
        .arg("--content")
        .arg(mini())
        .arg("answer")
        .arg(&f)
        .args(["one.short", "env"]);
    assert!(run(&mut c).status.success());
    let text = std::fs::read_to_string(&f).expect("read");
    assert!(text.contains("by: \"dave-jones\""), "{text}");
}
