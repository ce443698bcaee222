//! `safestep summary` end to end through `report::run`: files, modes, errors.
#![allow(clippy::unwrap_used)]

mod report_support;

use clap::Parser;
use report_support::{autumn, framework, spring};
use safestep::cli::summary::{self as report, SummaryArgs};
use safestep::store::{self, Identity, Sharing};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

#[derive(Parser)]
struct Cli {
    #[command(flatten)]
    args: SummaryArgs,
}

fn args(list: &[&str]) -> SummaryArgs {
    let mut argv = vec!["summary"];
    argv.extend_from_slice(list);
    Cli::try_parse_from(argv).unwrap().args
}

fn identity(dir: &Path) -> Identity {
    Identity {
        member: "alice".into(),
        actor: "alice@test".into(),
        data_dir: dir.to_owned(),
        config_dir: dir.to_owned(),
        sharing: Sharing::Private,
    }
}

fn save(dir: &Path, name: &str, session: &safestep::doc::Session) -> String {
    let path = dir.join(name);
    store::create(&path, session, Sharing::Private).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn every_format_writes_a_private_file() {
    let dir = tempfile::tempdir().unwrap();
    let fw = framework();
    let file = save(dir.path(), "autumn.ron", &autumn(&fw));
    for (format, check) in [
        ("md", "# Autumn online safety review"),
        ("html", "<!DOCTYPE html>"),
        ("txt", "Autumn online safety review\n==="),
        ("csv", "Owner,Action,Due,Status,Overdue,Step,Id\r\n"),
        ("ics", "BEGIN:VCALENDAR\r\n"),
    ] {
        let out = dir.path().join(format!("report.{format}"));
        let out_s = out.to_string_lossy().into_owned();
        let a = args(&[
            &file,
            "--format",
            format,
            "-o",
            &out_s,
            "--today",
            "2026-11-29",
        ]);
        report::run(&a, &fw, &identity(dir.path())).unwrap();
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(
            text.starts_with(check) || text.contains(check),
            "{format}: {text:.200}"
        );
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{format}");
    }
    // The risk register as CSV, and --since with a text format.
    let out = dir.path().join("risks.csv");
    let out_s = out.to_string_lossy().into_owned();
    report::run(
        &args(&[&file, "--format", "csv", "--table", "risks", "-o", &out_s]),
        &fw,
        &identity(dir.path()),
    )
    .unwrap();
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("Risk,Likelihood,Impact,Score")
    );
    let newer = save(dir.path(), "spring.ron", &spring(&fw, &autumn(&fw)));
    let out = dir.path().join("since.md");
    let out_s = out.to_string_lossy().into_owned();
    report::run(
        &args(&[&newer, "--since", &file, "-o", &out_s]),
        &fw,
        &identity(dir.path()),
    )
    .unwrap();
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("## Since the previous review: Autumn online safety review")
    );
}

#[test]
fn overdue_depends_on_today() {
    let dir = tempfile::tempdir().unwrap();
    let fw = framework();
    let file = save(dir.path(), "autumn.ron", &autumn(&fw));
    let read = |today: &str| {
        let out = dir.path().join(format!("{today}.csv"));
        let out_s = out.to_string_lossy().into_owned();
        report::run(
            &args(&[&file, "--format", "csv", "-o", &out_s, "--today", today]),
            &fw,
            &identity(dir.path()),
        )
        .unwrap();
        std::fs::read_to_string(&out).unwrap()
    };
    assert!(read("2026-10-01").contains(",2026-10-31,open,no,"));
    assert!(read("2026-11-29").contains(",2026-10-31,open,yes,"));
}

#[test]
fn usage_errors_are_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let fw = framework();
    let file = save(dir.path(), "autumn.ron", &autumn(&fw));
    let out = dir.path().join("x.csv");
    let out_s = out.to_string_lossy().into_owned();
    let id = identity(dir.path());
    let e = report::run(
        &args(&[&file, "--format", "csv", "--since", &file, "-o", &out_s]),
        &fw,
        &id,
    )
    .unwrap_err();
    assert!(e.to_string().contains("--since"), "{e}");
    let e = report::run(
        &args(&[&file, "--format", "md", "--table", "risks", "-o", &out_s]),
        &fw,
        &id,
    )
    .unwrap_err();
    assert!(e.to_string().contains("--table"), "{e}");
    let missing = dir.path().join("missing.ron");
    let e = report::run(&args(&[&missing.to_string_lossy(), "-o", &out_s]), &fw, &id).unwrap_err();
    assert!(e.to_string().contains("missing.ron"), "{e}");
    assert!(!out.exists());
    // Bad values are clap errors.
    let mut argv = vec!["summary", "f.ron", "--format", "pdf"];
    assert!(Cli::try_parse_from(&argv).is_err());
    argv = vec!["summary", "f.ron", "--today", "29/11/2026"];
    assert!(Cli::try_parse_from(&argv).is_err());
}

#[test]
fn the_help_has_an_example_and_hides_today() {
    use clap::CommandFactory;
    let help = Cli::command().render_long_help().to_string();
    assert!(
        help.contains("safestep summary autumn-review.ron --format html -o governors.html"),
        "{help}"
    );
    assert!(help.contains("--include-sensitive"));
    assert!(!help.contains("--today"));
}
