//! `safestep merge` through the real binary: the laws of the session document
//! hold for files, outputs are byte-identical, and no writer loses an edit.

mod common;

use common::{new_session, run, safestep, stderr, stdout};
use safestep::store::{self, Sharing};
use std::path::{Path, PathBuf};

/// Three members' copies of one session, edited apart, with one real conflict.
fn three_copies(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let base = new_session(dir, "Merge");
    let copies: Vec<PathBuf> = ["a", "b", "c"]
        .iter()
        .map(|n| {
            let p = dir.join(format!("{n}.ron"));
            std::fs::copy(&base, &p).expect("copy");
            p
        })
        .collect();
    let edits: [(&str, usize, &str, &str); 9] = [
        ("alice", 0, "vision.statement", "Safe, confident learners"),
        ("alice", 0, "one.rating", "2"),
        (
            "alice",
            0,
            "two.actions",
            "what=Review filtering; owner=Sam; due=2027-01-31",
        ),
        ("bob", 1, "vision.statement", "Responsible digital citizens"),
        ("bob", 1, "one.rating", "3"),
        (
            "bob",
            1,
            "two.risks",
            "description=Phones bypass filter; likelihood=4; impact=3",
        ),
        ("carol", 2, "one.choice", "Termly"),
        ("carol", 2, "one.list", "Sexting cases rising"),
        ("carol", 2, "one.rating", "agreed=Mid"),
    ];
    for (member, i, prompt, value) in edits {
        let out = run(safestep(dir, member)
            .arg("answer")
            .arg(&copies[i])
            .args([prompt, value]));
        assert!(out.status.success(), "{}", stderr(&out));
    }
    (copies[0].clone(), copies[1].clone(), copies[2].clone())
}

fn merge(dir: &Path, inputs: &[&Path], out: &Path) -> String {
    let mut c = safestep(dir, "alice");
    c.arg("merge");
    for i in inputs {
        c.arg(i);
    }
    c.arg("-o").arg(out);
    let o = run(&mut c);
    assert!(o.status.success(), "merge failed: {}", stderr(&o));
    stdout(&o)
}

fn bytes(p: &Path) -> Vec<u8> {
    std::fs::read(p).expect("read")
}

#[test]
fn merge_is_commutative_associative_and_idempotent_byte_for_byte() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let (a, b, c) = three_copies(d);
    let out = |n: &str| d.join(format!("out-{n}.ron"));

    merge(d, &[&a, &b, &c], &out("abc"));
    merge(d, &[&c, &b, &a], &out("cba"));
    merge(d, &[&b, &c, &a], &out("bca"));
    assert_eq!(
        bytes(&out("abc")),
        bytes(&out("cba")),
        "order changed the output"
    );
    assert_eq!(
        bytes(&out("abc")),
        bytes(&out("bca")),
        "order changed the output"
    );

    // Grouping: (a+b)+c and a+(b+c).
    merge(d, &[&a, &b], &out("ab"));
    merge(d, &[&out("ab"), &c], &out("ab_c"));
    merge(d, &[&b, &c], &out("bc"));
    merge(d, &[&a, &out("bc")], &out("a_bc"));
    assert_eq!(
        bytes(&out("ab_c")),
        bytes(&out("a_bc")),
        "grouping changed the output"
    );
    assert_eq!(bytes(&out("ab_c")), bytes(&out("abc")));

    // Idempotent: a copy merged with itself is itself.
    merge(d, &[&a, &a], &out("aa"));
    assert_eq!(bytes(&out("aa")), bytes(&a));
    merge(d, &[&out("abc"), &out("abc")], &out("abc2"));
    assert_eq!(bytes(&out("abc2")), bytes(&out("abc")));

    // Nothing lost, and the disagreement is kept for the group.
    let s = store::load(&out("abc")).expect("load").session;
    assert_eq!(
        s.member_ratings("one.rating").len(),
        2,
        "each member keeps their own rating"
    );
    assert_eq!(s.agreed_rating("one.rating"), Some(2));
    assert_eq!(s.text_value("one.choice"), "Termly");
    assert_eq!(s.items_of("two.actions").len(), 1);
    assert_eq!(s.items_of("two.risks").len(), 1);
    assert_eq!(s.items_of("one.list").len(), 1);
    let vision = s.text("vision.statement").expect("vision");
    assert!(
        vision.is_conflict(),
        "two members' visions must stay a conflict"
    );
    assert_eq!(s.conflicts().len(), 1);
}

#[test]
fn merge_reports_what_each_copy_contributed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let (a, b, c) = three_copies(d);
    let text = merge(d, &[&a, &b, &c], &d.join("out.ron"));
    let line = |p: &Path| {
        text.lines()
            .find(|l| l.starts_with(&p.display().to_string()))
            .unwrap_or_default()
            .to_owned()
    };
    // carol: a choice, a rating and one list item (a new answer for one.choice, one item).
    assert!(line(&c).contains("1 new item(s)"), "{text}");
    assert!(line(&c).contains("0 conflict(s)"), "{text}");
    assert!(line(&a).contains("1 conflict(s)"), "{text}");
    assert!(line(&b).contains("1 conflict(s)"), "{text}");
    assert!(
        text.contains("1 conflict(s) for the group to settle"),
        "{text}"
    );
}

#[test]
fn a_resolution_made_later_wins_over_a_stale_copy() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let (a, b, _) = three_copies(d);
    let merged = d.join("merged.ron");
    merge(d, &[&a, &b], &merged);
    let stale = d.join("stale.ron");
    std::fs::copy(&merged, &stale).expect("copy");
    let out = run(safestep(d, "carol")
        .arg("answer")
        .arg(&merged)
        .args(["vision.statement", "Agreed wording"]));
    assert!(out.status.success());
    let result = d.join("result.ron");
    merge(d, &[&stale, &merged], &result);
    let s = store::load(&result).expect("load").session;
    assert_eq!(
        s.text("vision.statement")
            .and_then(|r| r.settled())
            .map(String::as_str),
        Some("Agreed wording")
    );
}

#[test]
fn different_sessions_are_refused_unless_forced() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let one = new_session(d, "One");
    let two = new_session(d, "Two");
    let out_path = d.join("out.ron");
    let o = run(safestep(d, "alice")
        .arg("merge")
        .arg(&one)
        .arg(&two)
        .arg("-o")
        .arg(&out_path));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("different sessions") && stderr(&o).contains("--force"),
        "{}",
        stderr(&o)
    );
    assert!(!out_path.exists(), "a refused merge wrote a file");
    let o = run(safestep(d, "alice")
        .arg("merge")
        .arg(&one)
        .arg(&two)
        .arg("--force")
        .arg("-o")
        .arg(&out_path));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out_path.exists());
}

#[test]
fn a_copy_that_does_not_parse_stops_the_merge_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let (a, b, _) = three_copies(d);
    let text = std::fs::read_to_string(&b).expect("read");
    std::fs::write(&b, text.replacen("seen:", "seen;", 1)).expect("write");
    let out_path = d.join("out.ron");
    let o = run(safestep(d, "alice")
        .arg("merge")
        .arg(&a)
        .arg(&b)
        .arg("-o")
        .arg(&out_path));
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let prefix = format!("{}:", b.display());
    assert!(err.starts_with(&prefix), "{err}");
    let rest: Vec<&str> = err[prefix.len()..].splitn(3, ':').collect();
    assert!(
        rest[0].parse::<usize>().is_ok() && rest[1].parse::<usize>().is_ok(),
        "{err}"
    );
    assert!(!out_path.exists());
}

/// A writer process: when `SAFESTEP_WRITER` is set this test makes 200 edits
/// to the file, saving after each with the locked read-merge-write.
#[test]
fn writer_child() {
    let Ok(spec) = std::env::var("SAFESTEP_WRITER") else {
        return;
    };
    let mut parts = spec.splitn(2, '|');
    let member = parts.next().unwrap_or("x").to_owned();
    let file = PathBuf::from(parts.next().unwrap_or_default());
    let actor = format!("{member}@{}", store::fresh_suffix());
    let mut session = store::load(&file).expect("load").session;
    for i in 0..200 {
        let stamp = safestep::doc::Stamp {
            actor: actor.clone(),
            member: member.clone(),
            at: jiff::Timestamp::now(),
        };
        session.add_item("one.list", &[("text", &format!("{member} {i}"))], &stamp);
        if i % 3 == 0 {
            session.set_text("one.short", &format!("{member} {i}"), &stamp);
        }
        store::save(&file, &mut session, Sharing::Private).expect("save");
    }
}

#[test]
fn four_writers_making_200_edits_each_lose_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = new_session(dir.path(), "Four");
    let exe = std::env::current_exe().expect("test binary");
    let members = ["ann", "ben", "cat", "dan"];
    let children: Vec<_> = members
        .iter()
        .map(|m| {
            std::process::Command::new(&exe)
                .args(["--exact", "writer_child", "--test-threads", "1"])
                .env("SAFESTEP_WRITER", format!("{m}|{}", file.display()))
                .stdout(std::process::Stdio::null())
                .spawn()
                .expect("spawn writer")
        })
        .collect();
    for mut c in children {
        assert!(c.wait().expect("wait").success(), "a writer failed");
    }
    let s = store::load(&file).expect("load").session;
    let items = s.items_of("one.list");
    assert_eq!(items.len(), 800, "edits were lost");
    for m in members {
        for i in 0..200 {
            let want = format!("{m} {i}");
            assert!(
                items.iter().any(|(_, it)| it.field("text") == want),
                "lost {want}"
            );
        }
    }
    // The last text each writer set is either settled or kept as a conflict.
    let values: Vec<&str> = s
        .text("one.short")
        .expect("short")
        .entries()
        .iter()
        .map(|e| e.value.as_str())
        .collect();
    assert!(!values.is_empty());
}
