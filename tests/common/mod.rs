//! Helpers shared by the command-line and store tests.
#![allow(dead_code)]

pub mod pty;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The test framework with one prompt of every kind.
pub fn mini() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini.ron")
}

/// A `safestep` command with a private data and config directory.
pub fn safestep(dir: &Path, member: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_safestep"));
    c.env_remove("SAFESTEP_MEMBER")
        .env_remove("RUST_BACKTRACE")
        .env("SAFESTEP_CONFIG_DIR", dir.join("config"))
        .env("SAFESTEP_DATA_DIR", dir.join("data"))
        .env("SAFESTEP_STATE_DIR", dir.join("state"))
        .arg("--as")
        .arg(member)
        .arg("--content")
        .arg(mini());
    c
}

/// Run and return the output.
pub fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("the safestep binary runs")
}

/// Create a session file with `new --no-open` and return its path.
pub fn new_session(dir: &Path, title: &str) -> PathBuf {
    let file = dir.join(format!("{}.ron", title.replace(' ', "-")));
    let out = run(safestep(dir, "alice")
        .args(["new", "--title", title, "--no-open", "--file"])
        .arg(&file));
    assert!(
        out.status.success(),
        "new failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    file
}

/// stdout as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// stderr as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
