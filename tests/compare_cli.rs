//! `safestep new --from OLD`, then `safestep summary NEW --since OLD`, as a
//! group would run them: straight after carrying forward, no report may say
//! a risk was closed or a rating moved.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn safestep(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_safestep"));
    c.env_remove("SAFESTEP_MEMBER")
        .env_remove("RUST_BACKTRACE")
        .env("SAFESTEP_CONFIG_DIR", dir.join("config"))
        .env("SAFESTEP_DATA_DIR", dir.join("data"))
        .env("SAFESTEP_STATE_DIR", dir.join("state"))
        .args(["--as", "carol"]);
    c
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The demo's autumn review, as a file, and the spring review made from it.
fn reviews(dir: &Path) -> (PathBuf, PathBuf) {
    let old = dir.join("autumn.ron");
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/demo-session.ron");
    std::fs::copy(demo, &old).unwrap();
    let new = dir.join("spring.ron");
    let out = safestep(dir)
        .args(["new", "--title", "Spring review", "--no-open", "--from"])
        .arg(&old)
        .arg("--file")
        .arg(&new)
        .output()
        .unwrap();
    ok(&out);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("carried forward"), "{said}");
    (old, new)
}

fn summary(dir: &Path, args: &[&str]) -> String {
    ok(&safestep(dir)
        .arg("summary")
        .args(args)
        .args(["--today", "2027-03-10"])
        .output()
        .unwrap())
}

/// Text without HTML tags and entities that matter here.
fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&#39;", "'").replace("&amp;", "&")
}

/// What follows each place the report says `label`, up to `n` characters.
fn after<'a>(text: &'a str, label: &str, n: usize) -> Vec<&'a str> {
    text.match_indices(label)
        .map(|(i, _)| {
            let rest = &text[i + label.len()..];
            let end = rest.char_indices().nth(n).map_or(rest.len(), |(j, _)| j);
            &rest[..end]
        })
        .collect()
}

fn risk_descriptions(dir: &Path, file: &Path) -> Vec<String> {
    let csv = summary(
        dir,
        &[
            file.to_str().unwrap(),
            "--format",
            "csv",
            "--table",
            "risks",
        ],
    );
    csv.lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .map(|d| d.trim_matches('"').to_owned())
        .filter(|d| !d.is_empty())
        .collect()
}

#[test]
fn straight_after_new_from_nothing_is_reported_closed_or_moved() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let (old, new) = reviews(dir);
    let (old_s, new_s) = (old.to_str().unwrap(), new.to_str().unwrap());

    // The risk register came along whole.
    let old_risks = risk_descriptions(dir, &old);
    assert!(old_risks.len() >= 3, "{old_risks:?}");
    assert_eq!(risk_descriptions(dir, &new), old_risks);

    for format in ["md", "html", "txt"] {
        let raw = summary(dir, &[new_s, "--since", old_s, "--format", format]);
        let text = if format == "html" {
            text_of(&raw)
        } else {
            raw.clone()
        };
        let lower = text.to_lowercase();
        assert!(!lower.contains("cleared"), "{format}: a rating 'cleared'");
        assert!(!lower.contains("rescored"), "{format}: a risk rescored");
        // Whatever the report calls closed, it lists none of them.
        let closed = after(&text, "Closed", 40);
        assert!(
            !closed.is_empty(),
            "{format}: the report speaks of closed risks"
        );
        for c in closed {
            assert!(c.to_lowercase().contains("none"), "{format}: Closed{c}");
        }
        // No rating moved.
        for m in after(&lower, "ratings that moved", 40) {
            assert!(m.contains("none"), "{format}: moved{m}");
        }
        assert!(!lower.contains("new risks: 0, closed"), "{format}");

        // The same report when OLD is named by its session id.
        let by_id = summary(
            dir,
            &[
                new_s,
                "--since",
                "demo-riverside-2026-autumn",
                "--format",
                format,
            ],
        );
        assert_eq!(by_id, raw, "{format}: found by id");
    }

    // CSV and ICS have no comparison, and say so.
    for format in ["csv", "ics"] {
        let out = safestep(dir)
            .args(["summary", new_s, "--since", old_s, "--format", format])
            .output()
            .unwrap();
        assert!(!out.status.success(), "{format}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("--since"));
    }
}

#[test]
fn new_from_finds_the_old_review_by_its_id() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/demo-session.ron");
    std::fs::copy(demo, data.join("autumn.ron")).unwrap();
    let new = dir.join("spring.ron");
    let out = safestep(dir)
        .args([
            "new",
            "--title",
            "Spring review",
            "--no-open",
            "--from",
            "demo-riverside-2026-autumn",
            "--file",
        ])
        .arg(&new)
        .output()
        .unwrap();
    ok(&out);
    let text = std::fs::read_to_string(&new).unwrap();
    assert!(text.contains("previous: Some(\"demo-riverside-2026-autumn\")"));
    assert!(text.contains("carol@carried"), "carried values are marked");

    let out = safestep(dir)
        .args([
            "new",
            "--title",
            "Other",
            "--no-open",
            "--from",
            "no-such-session",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no-such-session"), "{err}");
}
