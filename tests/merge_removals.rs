//! A copy that has seen edits it no longer holds (damaged, or forged with
//! every `seen` counter at 999999 and no answers) must not silently wipe a
//! session: `merge` lists what it would remove, by member, and refuses
//! without `--allow-removals`.

mod common;

use common::{new_session, run, safestep, stderr, stdout};
use safestep::doc;
use safestep::store;
use std::path::{Path, PathBuf};

/// A session with answers from two members, and a forged copy of it.
fn session_and_forgery(d: &Path) -> (PathBuf, PathBuf) {
    let real = new_session(d, "Autumn review");
    for (member, prompt, value) in [
        ("alice", "vision.statement", "Safe, confident learners"),
        ("bob", "one.choice", "Termly"),
        ("bob", "two.actions", "what=Review filtering; owner=Sam"),
    ] {
        let o = run(safestep(d, member)
            .arg("answer")
            .arg(&real)
            .args([prompt, value]));
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let mut forged = store::load(&real).expect("load").session;
    for c in forged.seen.0.values_mut() {
        *c = 999_999;
    }
    forged.title = doc::Register::default();
    forged.answers.clear();
    for item in forged.items.values_mut() {
        item.fields.clear();
    }
    let path = d.join("forged.ron");
    std::fs::write(&path, doc::to_text(&forged).expect("text")).expect("write");
    (real, path)
}

fn merge(d: &Path, inputs: &[&Path], out: &Path, allow: bool) -> std::process::Output {
    let mut c = safestep(d, "alice");
    c.arg("merge");
    for i in inputs {
        c.arg(i);
    }
    c.arg("-o").arg(out);
    if allow {
        c.arg("--allow-removals");
    }
    run(&mut c)
}

#[test]
fn a_forged_copy_is_refused_with_the_list_of_what_it_removes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let (real, forged) = session_and_forgery(d);
    for order in [[&real, &forged], [&forged, &real]] {
        let out = d.join("out.ron");
        let o = merge(d, &[order[0], order[1]], &out, false);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(!out.exists(), "a refused merge wrote a file");
        assert!(err.contains("--allow-removals"), "{err}");
        assert!(err.contains("by alice:"), "{err}");
        assert!(err.contains("by bob:"), "{err}");
        assert!(err.contains("Safe, confident learners"), "{err}");
        assert!(err.contains("Termly"), "{err}");
        assert!(err.contains("Review filtering"), "{err}");
        assert!(err.contains("Autumn review"), "{err}");
    }
}

#[test]
fn merging_a_forgery_into_the_session_itself_leaves_it_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let (real, forged) = session_and_forgery(d);
    let before = std::fs::read(&real).expect("read");
    let o = merge(d, &[&forged], &real, false);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(std::fs::read(&real).expect("read"), before);
}

#[test]
fn allow_removals_merges_and_says_what_was_removed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let (real, forged) = session_and_forgery(d);
    let out = d.join("out.ron");
    let o = merge(d, &[&real, &forged], &out, true);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("This merge removes"), "{}", stderr(&o));
    let s = store::load(&out).expect("load").session;
    assert_eq!(s.text_value("vision.statement"), "");
}

#[test]
fn ordinary_copies_merge_without_removals() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let (real, _) = session_and_forgery(d);
    let other = d.join("other.ron");
    std::fs::copy(&real, &other).expect("copy");
    let o = run(safestep(d, "carol")
        .arg("answer")
        .arg(&other)
        .args(["vision.statement", "Responsible digital citizens"]));
    assert!(o.status.success(), "{}", stderr(&o));
    let out = d.join("out.ron");
    let o = merge(d, &[&real, &other], &out, false);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("remove"), "{}", stderr(&o));
    assert!(stdout(&o).contains("conflict(s) for the group to settle"));
    // The overwritten value is replaced, not removed.
    let base = store::load(&real).expect("load").session;
    let newer = store::load(&other).expect("load").session;
    assert!(doc::removals(&base, &newer).is_empty());
}

#[test]
fn removals_lists_each_value_by_member() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let (real, forged) = session_and_forgery(d);
    let base = store::load(&real).expect("load").session;
    let bad = store::load(&forged).expect("load").session;
    let r = doc::removals(&base, &bad);
    let by = doc::by_member(&r);
    assert_eq!(by.keys().copied().collect::<Vec<_>>(), ["alice", "bob"]);
    assert!(by["bob"].iter().any(|r| r.value == "Termly"));
    assert_eq!(doc::removals(&bad, &base), r, "either way round");
}
