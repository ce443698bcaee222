//! `answer` takes a sensitive value from standard input or a file, so it
//! stays out of the process table; user errors print one plain line.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const PROMPT: &str = "assess.incidents.evidence";

fn framework() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content/seven-steps.ron")
}

fn safestep(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_safestep"));
    c.env_remove("SAFESTEP_MEMBER")
        .env_remove("RUST_BACKTRACE")
        .env_remove("NO_COLOR")
        .env("SAFESTEP_CONFIG_DIR", dir.join("config"))
        .env("SAFESTEP_DATA_DIR", dir.join("data"))
        .args(["--as", "alice", "--content"])
        .arg(framework());
    c
}

fn run_with_input(cmd: &mut Command, input: &[u8]) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the safestep binary runs");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(input)
        .expect("write stdin");
    child.wait_with_output().expect("safestep finishes")
}

fn session(dir: &Path) -> PathBuf {
    let file = dir.join("s.ron");
    let out = safestep(dir)
        .args(["new", "--title", "T", "--no-open", "--file"])
        .arg(&file)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    file
}

fn shown(dir: &Path, file: &Path) -> String {
    let out = safestep(dir)
        .arg("show")
        .arg(file)
        .arg(PROMPT)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn dash_reads_the_value_from_standard_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = session(dir.path());
    let out = run_with_input(
        safestep(dir.path())
            .arg("answer")
            .arg(&file)
            .args([PROMPT, "-"]),
        b"Two reports this term\nboth about a group chat\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("warning"), "{err}");
    let text = shown(dir.path(), &file);
    assert!(text.contains("Two reports this term"), "{text}");
    assert!(text.contains("both about a group chat"), "{text}");
    assert!(
        !text.contains("\n    -\n") && !text.contains(" - \n"),
        "{text}"
    );
    let raw = std::fs::read_to_string(&file).expect("read");
    assert!(
        raw.contains("both about a group chat\""),
        "one newline stripped:\n{raw}"
    );
}

#[test]
fn value_file_is_read_and_must_be_regular() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = session(dir.path());
    let value = dir.path().join("notes.txt");
    std::fs::write(&value, "From the incident log\n").expect("write");
    let out = safestep(dir.path())
        .arg("answer")
        .arg(&file)
        .arg(PROMPT)
        .arg("--value-file")
        .arg(&value)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(shown(dir.path(), &file).contains("From the incident log"));

    let out = safestep(dir.path())
        .arg("answer")
        .arg(&file)
        .arg(PROMPT)
        .arg("--value-file")
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not a regular file"), "{err}");
}

#[test]
fn a_fifo_as_value_file_does_not_hang() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = session(dir.path());
    let fifo = dir.path().join("fifo");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let mut child = safestep(dir.path())
        .arg("answer")
        .arg(&file)
        .arg(PROMPT)
        .arg("--value-file")
        .arg(&fifo)
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let start = std::time::Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > std::time::Duration::from_secs(10) {
            let _ = child.kill();
            panic!("answer hangs on a FIFO value file");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().expect("output");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn sensitive_value_on_the_command_line_warns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = session(dir.path());
    let out = safestep(dir.path())
        .arg("answer")
        .arg(&file)
        .args([PROMPT, "A learner's name"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("warning") && err.contains("--value-file"),
        "{err}"
    );

    let out = safestep(dir.path())
        .arg("answer")
        .arg(&file)
        .args(["vision.statement", "Not sensitive"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).is_empty());
}

#[test]
fn help_recommends_standard_input_for_sensitive_prompts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = safestep(dir.path())
        .args(["answer", "--help"])
        .output()
        .expect("runs");
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("--value-file"), "{help}");
    assert!(help.contains("Sensitive prompts"), "{help}");
}

#[test]
fn a_user_error_prints_one_line_even_with_rust_backtrace() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = session(dir.path());
    for backtrace in ["1", "full"] {
        let out = safestep(dir.path())
            .env("RUST_BACKTRACE", backtrace)
            .arg("answer")
            .arg(&file)
            .args(["vision.statemnt", "x"])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("no prompt"), "{err}");
        assert!(!err.contains('\u{1b}'), "colour in a pipe: {err:?}");
        assert!(
            !err.contains("BACKTRACE") && !err.contains("Location"),
            "{err}"
        );
    }
}
