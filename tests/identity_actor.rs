//! Actors are reused across runs without ever handing out a dot twice, and
//! an edit made with `--as` records the login that entered it.

mod common;

use common::{mini, new_session, run, safestep, stderr, stdout};
use safestep::doc::{self, Session};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

fn load(path: &Path) -> Session {
    let text = std::fs::read_to_string(path).expect("read the session");
    doc::parse(&text).expect("the session parses").session
}

fn answer(dir: &Path, member: &str, file: &Path, prompt: &str, value: &str) {
    let out = run(safestep(dir, member)
        .arg("answer")
        .arg(file)
        .arg(prompt)
        .arg(value));
    assert!(out.status.success(), "answer failed: {}", stderr(&out));
}

/// Every dot in a session with the value it wrote, as text.
fn dots(s: &Session) -> Vec<(doc::Dot, String)> {
    let mut out = Vec::new();
    for a in s.answers.values() {
        if let doc::Answer::Text(r) = a {
            for e in r.entries() {
                out.push((e.dot.clone(), e.value.clone()));
            }
        }
    }
    for e in s.title.entries() {
        out.push((e.dot.clone(), e.value.clone()));
    }
    out
}

#[test]
fn seen_grows_with_people_not_with_runs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = new_session(dir.path(), "Runs");
    for i in 0..20 {
        answer(
            dir.path(),
            "alice",
            &file,
            "one.short",
            &format!("answer {i}"),
        );
    }
    let s = load(&file);
    assert_eq!(
        s.seen.0.len(),
        1,
        "21 runs of one member leave one actor in seen: {:?}",
        s.seen.0.keys().collect::<Vec<_>>()
    );
    assert_eq!(s.seen.total(), 21, "every run's edit is counted");
}

/// The name actors of these tests are filed under: the tests run with
/// `--as`, so it is the login that entered the edits.
fn actor_name(member: &str) -> String {
    safestep::store::real_login()
        .map(|l| safestep::store::sanitize_name(&l))
        .filter(|l| l != member)
        .unwrap_or_else(|| member.to_owned())
}

#[test]
fn a_copy_that_is_behind_never_gets_a_used_counter_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = new_session(dir.path(), "Behind");
    answer(dir.path(), "alice", &file, "one.short", "first");
    let old = dir.path().join("old-copy.ron");
    std::fs::copy(&file, &old).expect("copy");
    answer(
        dir.path(),
        "alice",
        &file,
        "one.short",
        "second on the main copy",
    );
    answer(
        dir.path(),
        "alice",
        &old,
        "one.short",
        "second on the old copy",
    );

    let a = load(&file);
    let b = load(&old);
    let mut merged = a.clone();
    merged.merge_from(&b).expect("one session");
    let mut by_dot = std::collections::BTreeMap::new();
    for (dot, value) in dots(&a).into_iter().chain(dots(&b)) {
        if let Some(other) = by_dot.insert(dot.clone(), value.clone()) {
            assert_eq!(other, value, "dot {dot} was used for two different values");
        }
    }
    let values: BTreeSet<String> = match merged.answers.get("one.short") {
        Some(doc::Answer::Text(r)) => r.entries().iter().map(|e| e.value.clone()).collect(),
        other => panic!("a text answer, got {other:?}"),
    };
    assert!(
        values.contains("second on the main copy") && values.contains("second on the old copy"),
        "both edits survive as a conflict: {values:?}"
    );
}

#[test]
fn two_runs_at_once_never_share_an_actor() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = new_session(dir.path(), "Concurrent");
    // A plain-mode run holds its actor while it waits for input.
    let mut held = safestep(dir.path(), "alice")
        .arg("--plain")
        .arg("open")
        .arg(&file)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start plain mode");
    let name = actor_name("alice");
    let slot1 = dir.path().join(format!("state/actors/{name}-1.ron"));
    let slot0 = dir.path().join(format!("state/actors/{name}-0.ron"));
    let start = std::time::Instant::now();
    while !slot0.exists() && start.elapsed() < std::time::Duration::from_secs(20) {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    answer(
        dir.path(),
        "alice",
        &file,
        "one.short",
        "while plain mode runs",
    );
    let actor_of = |p: &Path| {
        let t = std::fs::read_to_string(p).expect("slot record");
        t.split('"').nth(1).expect("an actor").to_owned()
    };
    assert!(slot1.exists(), "the second run took the second slot");
    let held_actor = actor_of(&slot0);
    let s = load(&file);
    let Some(doc::Answer::Text(r)) = s.answers.get("one.short") else {
        panic!("an answer");
    };
    assert_ne!(
        r.entries()[0].dot.actor(),
        held_actor,
        "the answer did not use the actor a live run holds"
    );
    assert_eq!(r.entries()[0].dot.actor(), actor_of(&slot1));
    if let Some(mut stdin) = held.stdin.take() {
        let _ = stdin.write_all(b"quit\n");
    }
    let _ = held.wait();
}

#[test]
fn as_another_member_records_the_login_that_entered_it() {
    let Some(login) = safestep::store::real_login() else {
        eprintln!("skipped: this user has no entry in /etc/passwd");
        return;
    };
    let login = safestep::store::sanitize_name(&login);
    let other = if login == "zoe" { "yann" } else { "zoe" };
    let dir = tempfile::tempdir().expect("tempdir");
    let file = new_session(dir.path(), "Entered");
    answer(dir.path(), other, &file, "one.rating", "2");
    let out = run(safestep(dir.path(), other).arg("show").arg(&file));
    let text = stdout(&out);
    assert!(
        text.contains(&format!("{other}: 2 (Mid), entered by {login}")),
        "show says who entered the rating:\n{text}"
    );
    let s = load(&file);
    let Some(doc::Answer::Rating { members, .. }) = s.answers.get("one.rating") else {
        panic!("a rating");
    };
    let e = &members[other].entries()[0];
    assert_eq!(e.by, other, "the rating is still the member's own");
    assert_eq!(e.entered_by(), Some(login.as_str()));
}

#[test]
fn a_member_running_as_themselves_is_not_entered_by_anyone() {
    let Some(login) = safestep::store::real_login() else {
        eprintln!("skipped: this user has no entry in /etc/passwd");
        return;
    };
    let login = safestep::store::sanitize_name(&login);
    let dir = tempfile::tempdir().expect("tempdir");
    let file = new_session(dir.path(), "Self");
    let out = Command::new(env!("CARGO_BIN_EXE_safestep"))
        .env_remove("SAFESTEP_MEMBER")
        .env("USER", &login)
        .env("SAFESTEP_CONFIG_DIR", dir.path().join("config"))
        .env("SAFESTEP_STATE_DIR", dir.path().join("state"))
        .arg("--content")
        .arg(mini())
        .args(["answer"])
        .arg(&file)
        .args(["one.rating", "3"])
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", stderr(&out));
    let s = load(&file);
    let Some(doc::Answer::Rating { members, .. }) = s.answers.get("one.rating") else {
        panic!("a rating");
    };
    let e = &members[login.as_str()].entries()[0];
    assert_eq!(e.entered_by(), None);
}
