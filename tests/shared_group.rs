//! The shared group directory with real Unix users: two members of one group
//! and one outsider, created for the test (it must run as root; otherwise it
//! prints why it was skipped) and removed afterwards. Every command runs the
//! real binary as that user, the TUI included.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn sh(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("command runs");
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Users and a group that exist for the life of the test.
struct Accounts {
    group: String,
    users: Vec<String>,
}

impl Drop for Accounts {
    fn drop(&mut self) {
        for u in &self.users {
            let _ = Command::new("userdel").arg(u).output();
        }
        let _ = Command::new("groupdel").arg(&self.group).output();
        for u in &self.users {
            let _ = Command::new("groupdel").arg(u).output();
        }
    }
}

fn gid_of(group: &str) -> u32 {
    let out = sh(Command::new("getent").args(["group", group]));
    String::from_utf8_lossy(&out.stdout)
        .split(':')
        .nth(2)
        .and_then(|g| g.trim().parse().ok())
        .expect("gid")
}

fn uid_of(user: &str) -> u32 {
    let out = sh(Command::new("id").args(["-u", user]));
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("uid")
}

struct World {
    root: PathBuf,
    bin: PathBuf,
    content: PathBuf,
    shared: PathBuf,
}

impl World {
    /// `safestep ARGS` as `user`, with that user's own config directory and
    /// the given umask.
    fn run(&self, user: &str, umask: &str, args: &[&str]) -> Output {
        let home = self.root.join(format!("home-{user}"));
        Command::new("setpriv")
            .args(["--reuid", user, "--regid", user, "--init-groups", "--"])
            .args(["sh", "-c", &format!("umask {umask}; exec \"$0\" \"$@\"")])
            .arg(&self.bin)
            .arg("--content")
            .arg(&self.content)
            .args(args)
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("USER", user)
            .env("HOME", &home)
            .env("SAFESTEP_CONFIG_DIR", home.join("config"))
            .env("SAFESTEP_DATA_DIR", &self.shared)
            .env("SAFESTEP_LOCK_WAIT_MS", "3000")
            .output()
            .expect("setpriv runs")
    }

    fn ok(&self, user: &str, umask: &str, args: &[&str]) -> String {
        let out = self.run(user, umask, args);
        assert!(
            out.status.success(),
            "{user}: safestep {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

/// Open `file` in the TUI as `user` in a pseudo-terminal, type `text` into
/// the focused field and quit with Ctrl-Q; returns whether it exited.
fn tui_type_and_quit(w: &World, user: &str, file: &str, text: &str) -> bool {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::{Read, Write};
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("openpty");
    let home = w.root.join(format!("home-{user}"));
    let mut cmd = CommandBuilder::new("setpriv");
    for a in ["--reuid", user, "--regid", user, "--init-groups", "--"] {
        cmd.arg(a);
    }
    cmd.arg(&w.bin);
    cmd.arg("--content");
    cmd.arg(&w.content);
    cmd.arg("open");
    cmd.arg(file);
    cmd.env_clear();
    cmd.env("PATH", "/usr/bin:/bin");
    cmd.env("TERM", "xterm-256color");
    cmd.env("USER", user);
    cmd.env("HOME", &home);
    cmd.env("SAFESTEP_CONFIG_DIR", home.join("config"));
    cmd.env("SAFESTEP_DATA_DIR", &w.shared);
    let mut child = pair.slave.spawn_command(cmd).expect("spawn");
    drop(pair.slave);
    let screen = std::sync::Arc::new(std::sync::Mutex::new(vt100::Parser::new(24, 100, 0)));
    let mut reader = pair.master.try_clone_reader().expect("reader");
    let p = screen.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            p.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .process(&buf[..n]);
        }
    });
    let contents = || {
        screen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .screen()
            .contents()
    };
    let seen = |needle: &str| {
        let start = std::time::Instant::now();
        while start.elapsed() < std::time::Duration::from_secs(15) {
            if contents().contains(needle) {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        false
    };
    // On a timeout the process is ended first, so the test user can be removed.
    let mut wait_for = |needle: &str| {
        if !seen(needle) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{user}: timed out waiting for {needle:?}:\n{}", contents());
        }
    };
    let mut writer = pair.master.take_writer().expect("writer");
    wait_for("Step 1 of");
    writer.write_all(b"\r").expect("Enter: start typing");
    writer.write_all(text.as_bytes()).expect("type");
    writer.flush().expect("flush");
    wait_for(text);
    writer.write_all(b"\x11").expect("quit");
    writer.flush().expect("flush");
    let start = std::time::Instant::now();
    while start.elapsed() < std::time::Duration::from_secs(15) {
        if let Ok(Some(_)) = child.try_wait() {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let _ = child.kill();
    false
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).expect("metadata").permissions().mode() & 0o7777
}

#[test]
fn two_members_share_sessions_and_an_outsider_reads_nothing() {
    if !is_root() || !have("setpriv") || !have("useradd") {
        println!(
            "SKIPPED two_members_share_sessions_and_an_outsider_reads_nothing: needs root, setpriv and useradd to create real users"
        );
        return;
    }
    let tag = format!("{:06x}", std::process::id() & 0xff_ffff);
    let group = format!("ssg{tag}");
    let (a, b, outsider) = (
        format!("ssa{tag}"),
        format!("ssb{tag}"),
        format!("sso{tag}"),
    );
    let accounts = Accounts {
        group: group.clone(),
        users: vec![a.clone(), b.clone(), outsider.clone()],
    };
    sh(Command::new("groupadd").arg(&group));
    for m in [&a, &b] {
        sh(Command::new("useradd").args(["-M", "-U", "-G", &group, "-s", "/bin/sh", m]));
    }
    sh(Command::new("useradd").args(["-M", "-U", "-s", "/bin/sh", &outsider]));

    // A root-owned world-traversable scratch area with the binary and content.
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().to_owned();
    std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let bin = root.join("safestep");
    std::fs::copy(env!("CARGO_BIN_EXE_safestep"), &bin).expect("copy binary");
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let content = root.join("mini.ron");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini.ron"),
        &content,
    )
    .expect("copy content");
    std::fs::set_permissions(&content, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    for u in [&a, &b, &outsider] {
        let home = root.join(format!("home-{u}"));
        std::fs::create_dir(&home).expect("home");
        std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o700)).expect("chmod");
        sh(Command::new("chown").arg(format!("{u}:{u}")).arg(&home));
    }
    // The shared directory exactly as the README sets it up.
    let shared = root.join("esafety");
    std::fs::create_dir(&shared).expect("shared");
    sh(Command::new("chgrp").arg(&group).arg(&shared));
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o2770)).expect("chmod");
    let w = World {
        root: root.clone(),
        bin,
        content,
        shared: shared.clone(),
    };
    let gid = gid_of(&group);

    // Member A has `shared_group: true`; member B has no config and umask 077.
    let a_conf = root.join(format!("home-{a}/config"));
    std::fs::create_dir(&a_conf).expect("config");
    std::fs::write(a_conf.join("config.ron"), "(shared_group: true)").expect("config");
    sh(Command::new("chown")
        .arg("-R")
        .arg(format!("{a}:{a}"))
        .arg(&a_conf));

    let s1 = shared.join("a-session.ron");
    let s1s = s1.to_str().expect("utf-8");
    w.ok(
        &a,
        "022",
        &["new", "--title", "A's review", "--no-open", "--file", s1s],
    );
    assert_eq!(mode(&s1), 0o660, "A's new session is group read-write");
    assert_eq!(std::fs::metadata(&s1).expect("m").gid(), gid);

    // B saves A's session, twice, with a narrow umask and no shared config.
    w.ok(&b, "077", &["answer", s1s, "one.short", "from B"]);
    w.ok(
        &b,
        "077",
        &["answer", s1s, "vision.statement", "B's vision"],
    );
    assert_eq!(mode(&s1), 0o660, "B's save keeps the group mode");
    let m = std::fs::metadata(&s1).expect("m");
    assert_eq!(m.gid(), gid, "B's save keeps the group");
    // A saves again after B: the lock file B used is still usable by A.
    w.ok(&a, "022", &["answer", s1s, "one.date", "2027-03-01"]);
    let shown = w.ok(&b, "077", &["show", s1s]);
    assert!(
        shown.contains("from B") && shown.contains("Mon 1 Mar 2027"),
        "{shown}"
    );

    // B creates a session; A saves it.
    let s2 = shared.join("b-session.ron");
    let s2s = s2.to_str().expect("utf-8");
    w.ok(
        &b,
        "077",
        &["new", "--title", "B's review", "--no-open", "--file", s2s],
    );
    assert_eq!(
        mode(&s2),
        0o660,
        "B's new session in the group directory is 0660"
    );
    w.ok(&a, "022", &["answer", s2s, "one.short", "from A"]);
    assert_eq!(mode(&s2), 0o660);

    // Each merges a private copy into the other's session.
    let b_copy = root.join(format!("home-{b}/copy.ron"));
    w.ok(
        &b,
        "077",
        &["merge", s1s, s1s, "-o", b_copy.to_str().expect("utf-8")],
    );
    w.ok(
        &b,
        "077",
        &[
            "answer",
            b_copy.to_str().expect("utf-8"),
            "one.choice",
            "Termly",
        ],
    );
    w.ok(
        &b,
        "077",
        &["merge", s1s, b_copy.to_str().expect("utf-8"), "-o", s1s],
    );
    let a_copy = root.join(format!("home-{a}/copy.ron"));
    w.ok(
        &a,
        "022",
        &["merge", s2s, s2s, "-o", a_copy.to_str().expect("utf-8")],
    );
    w.ok(
        &a,
        "022",
        &[
            "answer",
            a_copy.to_str().expect("utf-8"),
            "one.choice",
            "Yearly",
        ],
    );
    w.ok(
        &a,
        "022",
        &["merge", s2s, a_copy.to_str().expect("utf-8"), "-o", s2s],
    );
    assert!(w.ok(&a, "022", &["show", s1s]).contains("Termly"));
    assert!(w.ok(&b, "077", &["show", s2s]).contains("Yearly"));
    for f in [&s1, &s2] {
        assert_eq!(mode(f), 0o660, "{}", f.display());
        assert_eq!(std::fs::metadata(f).expect("m").gid(), gid);
    }
    // Each member types into the other's session in the TUI and quits.
    assert!(
        tui_type_and_quit(&w, &b, s1s, "B typed in the TUI"),
        "B's TUI did not quit"
    );
    assert!(
        tui_type_and_quit(&w, &a, s2s, "A typed in the TUI"),
        "A's TUI did not quit"
    );
    assert!(
        std::fs::read_to_string(&s1)
            .expect("read")
            .contains("B typed in the TUI")
    );
    assert!(
        std::fs::read_to_string(&s2)
            .expect("read")
            .contains("A typed in the TUI")
    );
    for f in [&s1, &s2] {
        assert_eq!(mode(f), 0o660, "{}", f.display());
        assert_eq!(std::fs::metadata(f).expect("m").gid(), gid);
    }
    // Root saving keeps the member's file: owner, group and mode.
    let owner = std::fs::metadata(&s1).expect("m").uid();
    let out = Command::new(&w.bin)
        .arg("--content")
        .arg(&w.content)
        .args(["--as", "admin", "answer", s1s, "one.short", "from root"])
        .env("SAFESTEP_CONFIG_DIR", root.join("root-config"))
        .env("SAFESTEP_DATA_DIR", &shared)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let m = std::fs::metadata(&s1).expect("m");
    assert_eq!(
        (m.uid(), m.gid(), m.permissions().mode() & 0o777),
        (owner, gid, 0o660)
    );
    assert!(owner == uid_of(&a) || owner == uid_of(&b));
    // Nothing in the directory is world-readable, lock files included.
    for e in std::fs::read_dir(&shared)
        .expect("dir")
        .filter_map(Result::ok)
    {
        let m = e.metadata().expect("m");
        assert_eq!(m.permissions().mode() & 0o007, 0, "{}", e.path().display());
    }

    // The outsider reads nothing, and `list` says why instead of "no sessions".
    let out = w.run(&outsider, "022", &["show", s1s]);
    assert!(!out.status.success());
    assert!(!String::from_utf8_lossy(&out.stdout).contains("from B"));
    let out = w.run(&outsider, "022", &["list"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "list by an outsider succeeded");
    assert!(err.to_lowercase().contains("permission denied"), "{err}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("No sessions"));
    let out = w.run(&outsider, "022", &["answer", s1s, "one.short", "outsider"]);
    assert!(!out.status.success());
    drop(accounts);
}
