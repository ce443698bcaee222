//! The roll-up counts a filtering and monitoring review's checked
//! statements the way the school's own report does: met and checked apart
//! from met but only self-reported, and not met, partly met or not known.

mod common;

use common::{run, safestep, stderr, stdout};

fn ok(out: &std::process::Output) -> String {
    assert!(out.status.success(), "{}", stderr(out));
    stdout(out)
}

#[test]
fn checked_statements_are_counted_in_every_text_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let schools = dir.path().join("schools");
    std::fs::create_dir_all(&schools).expect("mkdir");
    let file = schools.join("review.ron");
    ok(&run(safestep(dir.path(), "alice")
        .args([
            "new",
            "--title",
            "Filtering review",
            "--org",
            "Hillside Primary",
            "--framework",
            "filtering-monitoring",
            "--no-open",
            "--file",
        ])
        .arg(&file)));
    let answer = |prompt: &str, value: &str| {
        ok(&run(safestep(dir.path(), "alice")
            .arg("answer")
            .arg(&file)
            .args([prompt, value])));
    };
    answer(
        "roles.leader",
        "agreed=met; basis=checked; checked_on=1/10/2026; checked_by=Sam Jones; method=minutes",
    );
    answer("roles.governor", "agreed=met; basis=self-reported");
    answer("roles.dsl", "agreed=not met; basis=self-reported");

    let total = {
        let prompts = ok(&run(safestep(dir.path(), "alice").args([
            "prompts",
            "--framework",
            "filtering-monitoring",
        ])));
        prompts
            .lines()
            .filter(|l| l.trim_end().to_lowercase().ends_with("checked"))
            .count()
    };
    assert!(total > 3, "the review has checked statements: {total}");
    let want = format!(
        "Requirements: 1 not met, 0 partly met, {} not known; 2 met, 1 of them checked",
        total - 3
    );
    for format in ["txt", "md"] {
        let out = ok(&run(safestep(dir.path(), "alice")
            .args(["rollup", "--format", format])
            .arg(&schools)));
        assert!(out.contains(&want), "{format}: want {want:?} in\n{out}");
    }
}
