//! The private history: kept before every merge, listed by `history`, and
//! brought back by `restore` as new edits that merge like any edit.

mod common;

use common::{new_session, run, safestep, stderr, stdout};

fn ok(out: &std::process::Output) -> String {
    assert!(out.status.success(), "{}", stderr(out));
    stdout(out)
}

#[test]
fn a_merge_keeps_the_previous_version_and_restore_brings_it_back_as_an_edit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = new_session(dir.path(), "History");
    ok(&run(safestep(dir.path(), "alice")
        .arg("answer")
        .arg(&file)
        .args(["one.short", "the good answer"])));
    // A copy whose answer replaces the good one.
    let copy = dir.path().join("copy.ron");
    std::fs::copy(&file, &copy).expect("copy");
    ok(&run(safestep(dir.path(), "bob")
        .arg("answer")
        .arg(&copy)
        .args(["one.short", "a bad replacement"])));
    let listed = ok(&run(safestep(dir.path(), "alice")
        .arg("history")
        .arg(&file)));
    assert!(listed.contains("no earlier versions"), "{listed}");
    ok(&run(safestep(dir.path(), "alice")
        .arg("merge")
        .arg(&file)
        .arg(&copy)
        .arg("-o")
        .arg(&file)));
    let shown = ok(&run(safestep(dir.path(), "alice").arg("show").arg(&file)));
    assert!(shown.contains("a bad replacement"), "{shown}");

    let listed = ok(&run(safestep(dir.path(), "alice")
        .arg("history")
        .arg(&file)));
    assert!(listed.contains("VERSION"), "{listed}");
    assert!(listed.contains("\"History\""), "{listed}");
    assert_eq!(listed.lines().count(), 2, "one version kept:\n{listed}");

    ok(&run(safestep(dir.path(), "alice")
        .arg("restore")
        .arg(&file)
        .arg("1")));
    let shown = ok(&run(safestep(dir.path(), "alice").arg("show").arg(&file)));
    assert!(shown.contains("the good answer"), "{shown}");
    assert!(!shown.contains("a bad replacement"), "{shown}");
    // The restore kept the version it replaced, too.
    let listed = ok(&run(safestep(dir.path(), "alice")
        .arg("history")
        .arg(&file)));
    assert_eq!(listed.lines().count(), 3, "{listed}");
    // The restore is an edit: merging the bad copy again changes nothing.
    ok(&run(safestep(dir.path(), "alice")
        .arg("merge")
        .arg(&file)
        .arg(&copy)
        .arg("-o")
        .arg(&file)));
    let shown = ok(&run(safestep(dir.path(), "alice").arg("show").arg(&file)));
    assert!(shown.contains("the good answer"), "{shown}");
    assert!(!shown.contains("a bad replacement"), "{shown}");
    // History files are private.
    use std::os::unix::fs::PermissionsExt;
    for e in walk(&dir.path().join("state/history")) {
        let m = std::fs::metadata(&e).expect("m").permissions().mode() & 0o777;
        assert!(m == 0o600 || m == 0o700, "{} is {m:o}", e.display());
    }
    let out = run(safestep(dir.path(), "alice")
        .arg("restore")
        .arg(&file)
        .arg("99"));
    assert!(!out.status.success());
    assert!(stderr(&out).contains("no version 99"), "{}", stderr(&out));
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = vec![dir.to_owned()];
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.filter_map(Result::ok) {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}
