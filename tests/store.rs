//! Saving and loading: atomic, locked, private, and never over a bad file.

mod common;

use common::{new_session, run, safestep, stderr};
use safestep::doc::{FrameworkRef, Session, Stamp};
use safestep::store::{self, Sharing};
use std::os::unix::fs::PermissionsExt;
use std::process::Stdio;
use std::time::Duration;

fn stamp(member: &str, secs: i64) -> Stamp {
    Stamp {
        actor: format!("{member}@t"),
        member: member.into(),
        at: jiff::Timestamp::from_second(1_800_000_000 + secs).expect("time"),
    }
}

fn session() -> Session {
    Session::new(
        "test-session".into(),
        "Test",
        FrameworkRef {
            id: "mini".into(),
            version: 1,
        },
        &stamp("alice", 0),
    )
}

#[test]
fn created_files_and_directories_are_private() {
    let dir = tempfile::tempdir().expect("tempdir");
    let nested = dir.path().join("a/b");
    let file = nested.join("s.ron");
    store::create(&file, &session(), Sharing::Private).expect("create");
    assert_eq!(
        std::fs::metadata(&file).expect("f").permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(
        std::fs::metadata(&nested).expect("d").permissions().mode() & 0o7777,
        0o700
    );
    let lock = store::lock_path(&file);
    assert_eq!(
        std::fs::metadata(&lock).expect("l").permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn shared_group_mode_is_group_writable_never_world_readable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let nested = dir.path().join("group");
    let file = nested.join("s.ron");
    store::create(&file, &session(), Sharing::Group).expect("create");
    let fm = std::fs::metadata(&file).expect("f").permissions().mode();
    assert_eq!(fm & 0o777, 0o660);
    let dm = std::fs::metadata(&nested).expect("d").permissions().mode();
    assert_eq!(dm & 0o7777, 0o2770);
}

#[test]
fn a_world_readable_session_gets_a_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("s.ron");
    store::create(&file, &session(), Sharing::Private).expect("create");
    assert!(store::load(&file).expect("load").warnings.is_empty());
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let w = store::load(&file).expect("load").warnings;
    assert_eq!(w.len(), 1);
    assert!(
        w[0].contains("every user") && w[0].contains("chmod 600"),
        "{w:?}"
    );
}

#[test]
fn equal_documents_save_byte_identical_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b) = (dir.path().join("a.ron"), dir.path().join("b.ron"));
    let mut s = session();
    s.set_text(
        "vision.statement",
        "Line one\nline \"two\"\n",
        &stamp("alice", 1),
    );
    store::create(&a, &s, Sharing::Private).expect("a");
    store::create(&b, &s.clone(), Sharing::Private).expect("b");
    let (ta, tb) = (std::fs::read(&a).expect("a"), std::fs::read(&b).expect("b"));
    assert_eq!(ta, tb);
    let text = String::from_utf8(ta).expect("utf8");
    assert!(
        text.starts_with("(\n    format: 2,"),
        "format must be the first field:\n{text}"
    );
    assert!(!text.contains('\r'));
    let loaded = store::load(&a).expect("load");
    assert_eq!(loaded.session, s);
    assert_eq!(loaded.written_format, 2);
}

#[test]
fn bad_files_are_reported_with_position_and_never_overwritten() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = doc_text();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("truncated", good.as_bytes()[..good.len() / 2].to_vec()),
        ("corrupt", good.replace("title:", "title;").into_bytes()),
        ("binary", vec![0x52, 0x4f, 0x00, 0xff, 0xfe, 0x01, 0x02]),
        ("latin1", b"(format: 2, id: \"caf\xe9\")".to_vec()),
        (
            "newer",
            good.replace("format: 2,", "format: 9,")
                .replace("title:", "mystery: 1,\n    title:")
                .into_bytes(),
        ),
    ];
    for (name, bytes) in cases {
        let file = dir.path().join(format!("{name}.ron"));
        std::fs::write(&file, &bytes).expect("write");
        let mut s = session();
        s.set_text("x", "mine", &stamp("bob", 5));
        let result = store::save(&file, &mut s, Sharing::Private);
        assert!(result.is_err(), "{name}: saving over it succeeded");
        let msg = result.err().map(|e| e.to_string()).unwrap_or_default();
        let prefix = format!("{}:", file.display());
        assert!(msg.starts_with(&prefix), "{name}: {msg}");
        assert_eq!(
            std::fs::read(&file).expect("read"),
            bytes,
            "{name}: the file changed"
        );
        if name == "newer" {
            let loaded = store::load(&file).expect("a newer file with extra fields still opens");
            assert!(loaded.read_only);
            assert!(msg.contains("newer"), "{msg}");
        } else {
            let e = store::load(&file)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            let rest = &e[prefix.len()..];
            let mut parts = rest.splitn(3, ':');
            let line: usize = parts.next().and_then(|l| l.parse().ok()).unwrap_or(0);
            let col: usize = parts.next().and_then(|c| c.parse().ok()).unwrap_or(0);
            assert!(line >= 1 && col >= 1, "{name}: no line/col in {e}");
        }
    }
}

fn doc_text() -> String {
    let mut s = session();
    s.set_text("vision.statement", "hello", &stamp("alice", 1));
    safestep::doc::to_text(&s).expect("text")
}

#[test]
fn a_save_merges_what_another_process_wrote() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("s.ron");
    let base = session();
    store::create(&file, &base, Sharing::Private).expect("create");
    let mut mine = store::load(&file).expect("load").session;
    let mut theirs = mine.clone();
    theirs.set_text("two", "theirs", &stamp("bob", 2));
    store::save(&file, &mut theirs, Sharing::Private).expect("save theirs");
    mine.set_text("one", "mine", &stamp("alice", 3));
    let saved = store::save(&file, &mut mine, Sharing::Private).expect("save mine");
    assert!(saved.merged_outside_edits);
    let on_disk = store::load(&file).expect("load").session;
    assert_eq!(on_disk.text_value("one"), "mine");
    assert_eq!(on_disk.text_value("two"), "theirs");
    assert_eq!(on_disk, mine, "after a save, memory equals the file");
}

// A save parses and merges the file only when it no longer holds exactly what
// this process last wrote there, or the session being saved may lack
// something in it. These are the cases where it must not skip the merge.

#[test]
fn a_change_another_process_made_after_our_save_is_merged_by_the_next() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("s.ron");
    store::create(&file, &session(), Sharing::Private).expect("create");
    let mut mine = store::load(&file).expect("load").session;
    mine.set_text("one", "mine", &stamp("alice", 1));
    store::save(&file, &mut mine, Sharing::Private).expect("save");
    // Another process: it reads the file, edits and writes it (here without
    // this process's store, as a separate program would).
    let mut theirs = store::load(&file).expect("load").session;
    theirs.set_text("two", "theirs", &stamp("bob", 2));
    let text = safestep::doc::to_text(&theirs).expect("text");
    std::fs::write(&file, text).expect("write");
    mine.set_text("three", "mine again", &stamp("alice", 3));
    let saved = store::save(&file, &mut mine, Sharing::Private).expect("save");
    assert!(saved.merged_outside_edits);
    let on_disk = store::load(&file).expect("load").session;
    assert_eq!(on_disk.text_value("two"), "theirs");
    assert_eq!(on_disk.text_value("three"), "mine again");
    assert_eq!(on_disk, mine);
}

#[test]
fn a_newer_position_saved_in_between_is_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("s.ron");
    store::create(&file, &session(), Sharing::Private).expect("create");
    let mut first = store::load(&file).expect("load").session;
    first.set_position(1, "one", &stamp("alice", 1));
    store::save(&file, &mut first, Sharing::Private).expect("save");
    // A second copy in this process moves on; positions are not edits, so
    // the first copy's clock still covers everything in the file.
    let mut second = first.clone();
    second.set_position(4, "four", &stamp("alice", 50));
    store::save(&file, &mut second, Sharing::Private).expect("save");
    store::save(&file, &mut first, Sharing::Private).expect("save");
    let on_disk = store::load(&file).expect("load").session;
    assert_eq!(
        on_disk.positions["alice"].step, 4,
        "the later position stays"
    );
    assert_eq!(
        first.positions["alice"].step, 4,
        "and is merged into memory"
    );
}

#[test]
fn a_copy_that_has_not_seen_the_last_save_is_merged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("s.ron");
    store::create(&file, &session(), Sharing::Private).expect("create");
    let mut a = store::load(&file).expect("load").session;
    let mut b = a.clone();
    a.set_text("one", "from a", &stamp("alice", 1));
    store::save(&file, &mut a, Sharing::Private).expect("save a");
    b.set_text("two", "from b", &stamp("bob", 2));
    let saved = store::save(&file, &mut b, Sharing::Private).expect("save b");
    assert!(saved.merged_outside_edits);
    assert_eq!(b.text_value("one"), "from a");
    let on_disk = store::load(&file).expect("load").session;
    assert_eq!(on_disk, b);
}

#[test]
fn a_newer_format_written_over_our_file_is_never_saved_over() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("s.ron");
    let mut s = session();
    store::create(&file, &s, Sharing::Private).expect("create");
    store::save(&file, &mut s, Sharing::Private).expect("save");
    let newer =
        std::fs::read_to_string(&file)
            .expect("read")
            .replacen("format: 2,", "format: 4,", 1);
    std::fs::write(&file, &newer).expect("write");
    s.set_text("one", "mine", &stamp("alice", 1));
    let result = store::save(&file, &mut s, Sharing::Private);
    assert!(
        matches!(result, Err(store::StoreError::ReadOnly { format: 4, .. })),
        "{result:?}"
    );
    assert_eq!(std::fs::read_to_string(&file).expect("read"), newer);
}

#[test]
fn another_session_is_never_saved_over_ours() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("s.ron");
    let mut ours = session();
    store::create(&file, &ours, Sharing::Private).expect("create");
    store::save(&file, &mut ours, Sharing::Private).expect("save");
    let before = std::fs::read(&file).expect("read");
    // Same actor and counters, so its clock covers ours; another id.
    let mut other = Session::new(
        "another-session".into(),
        "Other",
        ours.framework.clone(),
        &stamp("alice", 5),
    );
    assert!(other.seen.dominates(&ours.seen));
    let result = store::save(&file, &mut other, Sharing::Private);
    assert!(
        matches!(result, Err(store::StoreError::OtherSession { .. })),
        "{result:?}"
    );
    assert_eq!(std::fs::read(&file).expect("read"), before);
}

#[test]
fn saving_again_without_a_change_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("s.ron");
    let mut s = session();
    store::create(&file, &s, Sharing::Private).expect("create");
    s.set_text("one", "mine", &stamp("alice", 1));
    let first = store::save(&file, &mut s, Sharing::Private).expect("save");
    assert!(!first.unchanged);
    let before = std::fs::read(&file).expect("read");
    let again = store::save(&file, &mut s, Sharing::Private).expect("save");
    assert!(again.unchanged && !again.merged_outside_edits);
    assert_eq!(std::fs::read(&file).expect("read"), before);
    assert_eq!(store::load(&file).expect("load").session, s);
}

#[test]
fn sigkill_while_saving_leaves_the_old_or_the_new_file_200_trials() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = new_session(dir.path(), "Kill");
    let mut previous = String::new();
    let mut seen_new = 0;
    let mut seen_old = 0;
    for trial in 0..200u64 {
        let value = format!("value {trial} {}", "x".repeat(2000));
        let mut child = safestep(dir.path(), "alice")
            .arg("answer")
            .arg(&file)
            .args(["vision.statement", &value])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        // Spread the kill over the life of the process (a few milliseconds).
        let delay = (trial * 7919) % 25_000;
        std::thread::sleep(Duration::from_micros(delay));
        let _ = child.kill();
        let _ = child.wait();
        let loaded = store::load(&file).unwrap_or_else(|e| panic!("trial {trial}: torn file: {e}"));
        let now = loaded.session.text_value("vision.statement").to_owned();
        if now == value {
            seen_new += 1;
        } else {
            assert_eq!(now, previous, "trial {trial}: neither old nor new");
            seen_old += 1;
        }
        previous = now;
        for entry in std::fs::read_dir(dir.path()).expect("dir").flatten() {
            let n = entry.file_name().to_string_lossy().into_owned();
            if n.ends_with(".tmp") {
                // A killed writer may leave its temporary file; it is never the session.
                std::fs::remove_file(entry.path()).expect("rm tmp");
            }
        }
    }
    eprintln!("200 trials: {seen_new} saw the new value, {seen_old} kept the old");
    assert_eq!(seen_new + seen_old, 200);
}

#[test]
fn two_processes_answering_at_once_lose_nothing_100_each() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = new_session(dir.path(), "Race");
    let spawn = |member: &'static str, prompt: &'static str| {
        let dir = dir.path().to_owned();
        let file = file.clone();
        std::thread::spawn(move || {
            for i in 0..100 {
                let out = run(safestep(&dir, member)
                    .arg("answer")
                    .arg(&file)
                    .args([prompt, &format!("{member} {i}")]));
                assert!(out.status.success(), "{}", stderr(&out));
            }
        })
    };
    let a = spawn("alice", "one.list");
    let b = spawn("bob", "one.list2");
    a.join().expect("alice");
    b.join().expect("bob");
    let s = store::load(&file).expect("load").session;
    for (member, prompt) in [("alice", "one.list"), ("bob", "one.list2")] {
        let items = s.items_of(prompt);
        assert_eq!(items.len(), 100, "{member}");
        for i in 0..100 {
            let want = format!("{member} {i}");
            assert!(
                items.iter().any(|(_, it)| it.field("text") == want),
                "lost {want}"
            );
        }
    }
}

/// The watcher notices a save by another writer; `refresh` merges it once.
fn watch_sees_a_save_by_another_writer(expect_polling: bool) {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("s.ron");
    store::create(&file, &session(), Sharing::Private).expect("create");
    let mut mine = store::load(&file).expect("load").session;
    let (tx, rx) = std::sync::mpsc::channel();
    let watcher = store::FileWatcher::new(&file, move || {
        let _ = tx.send(());
    })
    .expect("watch");
    assert_eq!(watcher.polling, expect_polling);
    let mut theirs = mine.clone();
    theirs.set_text("other", "from elsewhere", &stamp("bob", 9));
    store::save(&file, &mut theirs, Sharing::Private).expect("save");
    rx.recv_timeout(Duration::from_secs(3))
        .expect("no change notification within 3 s");
    assert!(store::refresh(&file, &mut mine).expect("refresh"));
    assert_eq!(mine.text_value("other"), "from elsewhere");
    assert!(
        !store::refresh(&file, &mut mine).expect("refresh again"),
        "nothing new the second time"
    );
}

#[test]
fn watching_notices_another_writers_save() {
    if std::env::var(store::WATCH_ENV).is_ok() {
        return;
    }
    watch_sees_a_save_by_another_writer(false);
}

#[test]
fn watching_by_polling_notices_another_writers_save() {
    // SAFESTEP_WATCH=poll is read when a watcher starts; the polling case
    // runs in a child process so the variable never leaks into other tests.
    if std::env::var(store::WATCH_ENV).is_ok() {
        watch_sees_a_save_by_another_writer(true);
        return;
    }
    let exe = std::env::current_exe().expect("exe");
    let out = std::process::Command::new(exe)
        .args([
            "--exact",
            "watching_by_polling_notices_another_writers_save",
            "--test-threads",
            "1",
        ])
        .env(store::WATCH_ENV, "poll")
        .output()
        .expect("run child");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("1 passed"), "{text}");
}
