//! `list` reads only each session's header; `--content` files get the same
//! careful read as sessions.

mod common;

use common::{new_session, run, safestep, stderr, stdout};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Run a command, killing it if it takes longer than `limit`.
fn run_within(cmd: &mut Command, limit: Duration) -> Output {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start");
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            let out = child.wait_with_output().expect("output");
            panic!(
                "still running after {limit:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

/// A session file in the data directory whose answers are followed by a
/// megabyte that is not RON: only a reader of the whole file notices.
fn session_with_a_broken_tail(dir: &Path) -> std::path::PathBuf {
    let data = dir.join("data");
    std::fs::create_dir_all(&data).expect("data");
    let f = new_session(dir, "Header Only Title");
    let text = std::fs::read_to_string(&f).expect("read");
    let cut = text.find("    answers:").expect("an answers field");
    let mut broken = text[..cut].to_owned();
    broken.push_str("    answers: {\n");
    broken.push_str(&"not ron at all ".repeat(70_000));
    let path = data.join("tail.ron");
    std::fs::write(&path, broken).expect("write");
    std::fs::remove_file(&f).expect("remove the original");
    path
}

#[test]
fn list_reads_only_the_header_of_each_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    session_with_a_broken_tail(dir.path());
    let out = run(safestep(dir.path(), "alice").arg("list"));
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("Header Only Title") && !text.contains("unreadable"),
        "the header is listed without reading the rest:\n{text}"
    );
    // The whole-file listing does read the rest, and says it is broken.
    let out = run(safestep(dir.path(), "alice").args(["list", "--full"]));
    let text = stdout(&out);
    assert!(text.contains("unreadable"), "{text}");
}

#[test]
fn the_header_listing_holds_no_answers_and_says_how_it_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).expect("data");
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/demo-session.ron");
    std::fs::copy(&demo, data.join("demo.ron")).expect("copy");
    let full = safestep::store::load(&data.join("demo.ron")).expect("loads");
    assert!(!full.session.answers.is_empty(), "the demo has answers");

    let listed = safestep::store::list_headers(&data).expect("list");
    assert_eq!(listed.len(), 1);
    let h = listed[0].header.as_ref().expect("a header");
    assert_eq!(h.session.title(), full.session.title());
    assert_eq!(h.session.organisation(), full.session.organisation());
    assert_eq!(h.session.id, full.session.id);
    assert!(h.session.answers.is_empty() && h.session.items.is_empty());
    assert!(
        !h.full_read,
        "the demo's header is cut out of its first part"
    );
    assert!(h.saved.is_some());
}

#[test]
fn a_header_that_cannot_be_cut_out_falls_back_to_a_capped_full_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).expect("data");
    let f = new_session(dir.path(), "Moved Fields");
    let text = std::fs::read_to_string(&f).expect("read");
    // Put the (empty) answers map first, as a hand edit might.
    let body = text.replacen("    answers: {},\n", "", 1);
    assert_ne!(body, text, "the file has an empty answers map");
    let moved = body.replacen("(\n", "(\n    answers: {},\n", 1);
    let path = data.join("moved.ron");
    std::fs::write(&path, moved).expect("write");
    let h = safestep::store::read_header(&path).expect("a header");
    assert_eq!(h.session.title(), "Moved Fields");
    assert!(h.full_read);
}

#[test]
fn a_content_file_that_is_a_fifo_is_refused_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("content.ron");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let out = run_within(
        Command::new(env!("CARGO_BIN_EXE_safestep"))
            .env("SAFESTEP_CONFIG_DIR", dir.path().join("config"))
            .env("SAFESTEP_STATE_DIR", dir.path().join("state"))
            .arg("--content")
            .arg(&fifo)
            .arg("prompts"),
        Duration::from_secs(10),
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("FIFO") && stderr(&out).contains("content file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_content_file_over_the_cap_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let big = dir.path().join("content.ron");
    std::fs::write(&big, "(".repeat(2048)).expect("write");
    let out = run_within(
        Command::new(env!("CARGO_BIN_EXE_safestep"))
            .env("SAFESTEP_CONFIG_DIR", dir.path().join("config"))
            .env("SAFESTEP_STATE_DIR", dir.path().join("state"))
            .env(safestep::store::MAX_BYTES_ENV, "1024")
            .arg("--content")
            .arg(&big)
            .arg("prompts"),
        Duration::from_secs(10),
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("more than the"), "{}", stderr(&out));
}
