//! The trust roll-up: which sessions it picks, what it leaves out, and its formats.

use safestep::content::Framework;
use safestep::rollup::{self, Options, Rollup, select};
use std::path::{Path, PathBuf};

#[path = "../benches/rollup_trust.rs"]
mod trust;

fn fw() -> Framework {
    Framework::embedded().unwrap_or_else(|e| panic!("embedded framework: {e}"))
}

fn second() -> Framework {
    trust::second_framework().unwrap_or_else(|e| panic!("{e}"))
}

const SMALL: trust::Shape = trust::Shape {
    schools: 4,
    years: 3,
    copies: 2,
    items: 6,
};

fn opts(today: jiff::civil::Date) -> Options {
    Options {
        today,
        include_text: false,
        framework: None,
        threads: 2,
    }
}

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 12, 1)
}

fn collection(frameworks: &[Framework]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    trust::write(dir.path(), frameworks, SMALL).unwrap_or_else(|e| panic!("{e}"));
    dir
}

fn build(dir: &Path, frameworks: &[Framework], o: &Options) -> Rollup {
    rollup::build(&[dir.to_path_buf()], frameworks, o)
}

#[test]
fn latest_session_per_school_with_copies_merged() {
    let dir = collection(&[fw()]);
    let r = build(dir.path(), &[fw()], &opts(today()));
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    // 4 schools x (3 years + 2 copies) files, but 4 schools.
    assert_eq!(r.files, 4 * 5);
    assert_eq!(r.schools.len(), 4);
    for s in &r.schools {
        assert!(
            s.session_id.ends_with("-y2"),
            "latest chosen: {}",
            s.session_id
        );
        assert_eq!(s.copies, 3, "main file and two members' copies merged");
        assert!(
            s.path.to_string_lossy().contains("copies"),
            "the newest copy is opened"
        );
        assert_eq!(
            s.previous_review.map(|d| d.year()),
            Some(s.last_review.year() - 1)
        );
        // The members' copies add their own ratings: four members plus two copies' members,
        // whose ratings replace the generator's ratings by the same members.
        let raters = s.cells.first().map_or(0, |c| c.raters);
        assert_eq!(raters, 4);
        assert!(!s.stale);
    }
    // Every school has a trend in the first area; the generator moves levels year on year.
    assert!(
        r.schools
            .iter()
            .all(|s| s.cells[0].previous.is_some() && s.cells[0].trend() != rollup::Trend::Unknown)
    );
}

#[test]
fn the_copies_change_the_spread() {
    let dir = collection(&[fw()]);
    let r = build(dir.path(), &[fw()], &opts(today()));
    // Without the copies, the same school's spread comes from the main file only.
    let s0 = r
        .schools
        .iter()
        .find(|s| s.organisation == trust::school_name(0))
        .unwrap_or_else(|| panic!("school 0"));
    let main = dir
        .path()
        .join("school-00")
        .join(format!("{}-2026.ron", fw().id));
    let alone = rollup::build(&[main], &[fw()], &opts(today()));
    assert_eq!(alone.schools.len(), 1);
    assert_eq!(alone.schools[0].copies, 1);
    assert_eq!(alone.schools[0].organisation, s0.organisation);
    assert!(
        alone.schools[0]
            .cells
            .iter()
            .zip(&s0.cells)
            .any(|(a, b)| a.spread != b.spread),
        "the members' copies were merged in"
    );
}

#[test]
fn a_broken_file_is_listed_with_line_and_column_and_skipped() {
    let dir = collection(&[fw()]);
    let broken = dir.path().join("school-01").join("broken.ron");
    std::fs::write(
        &broken,
        "(\n    format: 2,\n    id: \"x\",\n    created: oops,\n)\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let r = build(dir.path(), &[fw()], &opts(today()));
    assert_eq!(r.schools.len(), 4);
    assert_eq!(r.problems.len(), 1);
    let line = r.problems[0].line();
    assert!(
        line.starts_with(&format!("{}:4:", broken.display())),
        "FILE:LINE:COL: {line}"
    );
    for out in [
        rollup::render::text(&r),
        rollup::render::markdown(&r),
        rollup::html::html(&r),
    ] {
        assert!(out.contains("broken.ron:4:"), "the file is listed");
    }
}

#[test]
fn a_school_with_two_frameworks_has_one_entry_per_framework() {
    let fws = [fw(), second()];
    let dir = collection(&fws);
    let r = build(dir.path(), &fws, &opts(today()));
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(r.schools.len(), 8);
    assert_eq!(r.frameworks.len(), 2);
    let first = &r.schools[0].organisation;
    let mine: Vec<_> = r
        .schools
        .iter()
        .filter(|s| &s.organisation == first)
        .map(|s| s.framework.as_str())
        .collect();
    assert_eq!(mine, ["seven-steps", "trust-second"]);
    // --framework keeps one.
    let mut o = opts(today());
    o.framework = Some("trust-second".into());
    let only = build(dir.path(), &fws, &o);
    assert_eq!(only.schools.len(), 4);
    assert!(only.schools.iter().all(|s| s.framework == "trust-second"));
    // A framework this build does not know is said, not guessed.
    let unknown = build(dir.path(), &[fw()], &opts(today()));
    assert_eq!(unknown.schools.len(), 4);
    assert!(
        unknown
            .problems
            .iter()
            .any(|p| p.line().contains("trust-second") && p.line().contains("not known"))
    );
}

#[test]
fn trust_median_and_range_per_area() {
    let dir = collection(&[fw()]);
    let r = build(dir.path(), &[fw()], &opts(today()));
    let areas = r.areas("seven-steps");
    assert_eq!(areas.len(), 7);
    for (i, a) in areas.iter().enumerate() {
        let mut levels: Vec<u8> = r.schools.iter().filter_map(|s| s.cells[i].agreed).collect();
        levels.sort_unstable();
        assert_eq!(a.range, Some((levels[0], levels[levels.len() - 1])));
        let want = (f64::from(levels[1]) + f64::from(levels[2])) / 2.0;
        assert_eq!(a.median, Some(want), "{}", a.name);
    }
    assert_eq!(rollup::median(&[1, 2, 9]), Some(2.0));
    assert_eq!(rollup::median(&[]), None);
}

#[test]
fn stale_and_overdue_reviews_are_flagged() {
    let dir = collection(&[fw()]);
    let late = build(dir.path(), &[fw()], &opts(jiff::civil::date(2028, 1, 1)));
    assert!(late.schools.iter().all(|s| s.stale && s.late()));
    assert_eq!(late.stale_count(), 4);
    let text = rollup::render::text(&late);
    assert!(text.contains("FLAG: no review in the last 12 months"));
    let fresh = build(dir.path(), &[fw()], &opts(today()));
    assert_eq!(fresh.stale_count(), 0);
}

#[test]
fn actions_are_counted_by_the_core_rules() {
    let dir = collection(&[fw()]);
    let r = build(dir.path(), &[fw()], &opts(today()));
    for s in &r.schools {
        let a = s.actions;
        assert!(a.open > 0 && a.overdue <= a.open && a.stuck <= a.open);
        assert!(s.overdue_actions.len() <= rollup::LISTED_OVERDUE);
        assert_eq!(
            s.overdue_actions.len(),
            a.overdue.min(rollup::LISTED_OVERDUE)
        );
        assert!(!s.top_risks.is_empty());
        assert!(
            s.top_risks.windows(2).all(|w| w[0].score >= w[1].score),
            "highest first"
        );
    }
}

fn all_formats(r: &Rollup) -> Vec<(&'static str, String)> {
    vec![
        ("txt", rollup::render::text(r)),
        ("md", rollup::render::markdown(r)),
        ("csv", rollup::render::csv(r)),
        ("html", rollup::html::html(r)),
    ]
}

/// The built-in framework with the risk register marked sensitive, so risk
/// titles (which a roll-up lists) carry the sensitive marker.
fn sensitive_risks() -> Framework {
    let text = safestep::content::SEVEN_STEPS.replacen(
        "kind: Risks,",
        "kind: Risks,\n                    sensitive: true,",
        1,
    );
    let f = Framework::parse(&text).unwrap_or_else(|e| panic!("{e}"));
    assert!(f.prompt("assess.risks").is_some_and(|(_, p)| p.sensitive));
    f
}

#[test]
fn sensitive_answers_never_appear_and_free_text_only_when_asked() {
    let sfw = sensitive_risks();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    trust::write(dir.path(), std::slice::from_ref(&sfw), SMALL).unwrap_or_else(|e| panic!("{e}"));
    let r = build(dir.path(), std::slice::from_ref(&sfw), &opts(today()));
    assert!(
        r.schools.iter().all(|s| !s.top_risks.is_empty()),
        "risks are listed, masked"
    );
    let mut o = opts(today());
    o.include_text = true;
    let with_text = build(dir.path(), std::slice::from_ref(&sfw), &o);
    // The markers are in the files.
    let file = std::fs::read_to_string(dir.path().join("school-00").join("seven-steps-2026.ron"))
        .unwrap_or_default();
    assert!(file.contains(trust::SENSITIVE) && file.contains(trust::MITIGATION));
    for (name, out) in all_formats(&r) {
        assert!(
            !out.contains(trust::SENSITIVE),
            "{name} holds a sensitive answer"
        );
        assert!(!out.contains(trust::FREE_TEXT), "{name} holds free text");
        assert!(
            !out.contains(trust::MITIGATION),
            "{name} holds a mitigation"
        );
    }
    for (name, out) in all_formats(&with_text) {
        assert!(
            !out.contains(trust::SENSITIVE),
            "{name} holds a sensitive answer"
        );
        assert!(!out.contains(trust::FREE_TEXT), "{name} holds free text");
        // The mitigations of sensitive risks stay out even with --include-text.
        assert!(
            !out.contains(trust::MITIGATION),
            "{name} holds a sensitive mitigation"
        );
    }
    // Mitigations of risks that are not sensitive come with --include-text only.
    let plain_dir = collection(&[fw()]);
    for (name, out) in all_formats(&build(plain_dir.path(), &[fw()], &o)) {
        if name != "csv" {
            assert!(
                out.contains(trust::MITIGATION),
                "{name} has the mitigations"
            );
        }
    }
    for (name, out) in all_formats(&build(plain_dir.path(), &[fw()], &opts(today()))) {
        assert!(
            !out.contains(trust::MITIGATION),
            "{name} holds a mitigation"
        );
    }
    for (name, out) in all_formats(&r) {
        if name != "csv" {
            assert!(
                out.contains("marked sensitive are never included"),
                "{name} says so"
            );
        }
    }
}

#[test]
fn html_is_one_page_with_the_heat_map() {
    let dir = collection(&[fw()]);
    let r = build(dir.path(), &[fw()], &opts(today()));
    let page = rollup::html::html(&r);
    let doc = scraper::Html::parse_document(&page);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(doc.select(&sel("table.heat")).count(), 1);
    assert_eq!(doc.select(&sel("table.heat tr.school")).count(), 4);
    assert_eq!(doc.select(&sel("table.heat tr.trust")).count(), 1);
    assert_eq!(doc.select(&sel("table.heat thead th")).count(), 1 + 7 + 1);
    let coloured = doc
        .select(&sel("table.heat tr.school td"))
        .filter(|td| {
            td.value()
                .attr("class")
                .is_some_and(|c| c.starts_with('l') && c != "l0")
        })
        .count();
    assert_eq!(coloured, 4 * 7, "every agreed level is coloured");
    assert_eq!(doc.select(&sel("#privacy")).count(), 1);
    assert_eq!(doc.select(&sel("section.school")).count(), 4);
    // Self-contained: no scripts, no links to fetch.
    for banned in ["<script", "<link", "src=", "http://", "https://"] {
        assert!(!page.contains(banned), "{banned}");
    }
}

#[test]
fn html_escapes_names_and_csv_defuses_formulas() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut s = trust::session(&fw(), 0, 0, 2);
    let st = safestep::doc::Stamp {
        actor: "x@y".into(),
        member: "x".into(),
        at: s.created,
    };
    s.set_organisation("=HYPERLINK(\"x\") <b>Bold</b>", &st);
    let path = dir.path().join("s.ron");
    safestep::store::create(&path, &s, safestep::store::Sharing::Private)
        .unwrap_or_else(|e| panic!("{e}"));
    let r = build(dir.path(), &[fw()], &opts(today()));
    let page = rollup::html::html(&r);
    assert!(page.contains("&lt;b&gt;Bold&lt;/b&gt;") && !page.contains("<b>Bold"));
    let csv = rollup::render::csv(&r);
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 1 + 7, "one row per school and area");
    assert!(
        lines[1].starts_with("\"'=HYPERLINK(\"\"x\"\")"),
        "{}",
        lines[1]
    );
}

#[test]
fn links_in_the_tree_are_not_followed() {
    let dir = collection(&[fw()]);
    let outside = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let s = trust::session(&fw(), 9, 2, 2);
    let target = outside.path().join("other.ron");
    safestep::store::create(&target, &s, safestep::store::Sharing::Private)
        .unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(&target, dir.path().join("link.ron"))
        .unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(outside.path(), dir.path().join("linked-dir"))
        .unwrap_or_else(|e| panic!("{e}"));
    let r = build(dir.path(), &[fw()], &opts(today()));
    assert_eq!(r.schools.len(), 4, "the linked school is not read");
    // Named directly, the file is read.
    let direct = rollup::build(&[target], &[fw()], &opts(today()));
    assert_eq!(direct.schools.len(), 1);
}

#[test]
fn one_thread_and_two_give_the_same_rollup() {
    let fws = [fw(), second()];
    let dir = collection(&fws);
    let mut one = opts(today());
    one.threads = 1;
    assert_eq!(
        build(dir.path(), &fws, &one),
        build(dir.path(), &fws, &opts(today()))
    );
}

#[test]
fn sort_and_filter_by_columns() {
    let dir = collection(&[fw()]);
    let mut r = build(dir.path(), &[fw()], &opts(today()));
    let by = select::Sort::parse("overdue:desc", &r).unwrap_or_else(|e| panic!("{e}"));
    select::sort(&mut r, &by);
    assert!(
        r.schools
            .windows(2)
            .all(|w| w[0].actions.overdue >= w[1].actions.overdue)
    );
    let by = select::Sort::parse("filtering", &r).unwrap_or_else(|e| panic!("{e}"));
    select::sort(&mut r, &by);
    assert!(
        r.schools
            .windows(2)
            .all(|w| w[0].cells[1].agreed <= w[1].cells[1].agreed)
    );
    assert!(select::Sort::parse("nonsense", &r).is_err());
    assert!(select::Filter::parse("open>x", &r).is_err());
    let name = r.schools[2].organisation.clone();
    let f = select::Filter::parse(&format!("school={}", name.to_uppercase()), &r)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut one = r.clone();
    select::filter(&mut one, &[f]);
    assert_eq!(one.schools.len(), 1);
    assert_eq!(one.schools[0].organisation, name);
    let level = r.schools[0].cells[1].agreed.unwrap_or(0);
    let f = select::Filter::parse(&format!("filtering<{}", level + 1), &r)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut low = r.clone();
    select::filter(&mut low, &[f]);
    assert!(!low.schools.is_empty());
    assert!(low.schools.iter().all(|s| s.cells[1].agreed <= Some(level)));
    let f = select::Filter::parse("late", &r).unwrap_or_else(|e| panic!("{e}"));
    let mut late = r.clone();
    select::filter(&mut late, &[f]);
    assert!(late.schools.iter().all(rollup::School::late));
}

#[test]
fn the_command_writes_each_format_and_warns_of_broken_files() {
    let dir = collection(&[fw()]);
    std::fs::write(dir.path().join("bad.ron"), "not a session").unwrap_or_else(|e| panic!("{e}"));
    let out_dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for format in ["csv", "md", "txt", "html"] {
        let out: PathBuf = out_dir.path().join(format!("trust.{format}"));
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_safestep"))
            .env("SAFESTEP_CONFIG_DIR", out_dir.path())
            .env("SAFESTEP_DATA_DIR", out_dir.path())
            .env("SAFESTEP_STATE_DIR", out_dir.path())
            .args(["rollup", "--today", "2026-12-01", "--format", format, "-o"])
            .arg(&out)
            .arg(dir.path())
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let err = String::from_utf8_lossy(&run.stderr);
        assert!(err.contains("bad.ron:1:1:"), "{err}");
        let text = std::fs::read_to_string(&out).unwrap_or_default();
        assert!(text.contains(&trust::school_name(3)), "{format}");
        assert!(!text.contains(trust::SENSITIVE), "{format}");
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).map(|m| m.permissions().mode() & 0o777);
        assert_eq!(mode.ok(), Some(0o600), "{format} is private");
    }
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_safestep"))
        .env("SAFESTEP_CONFIG_DIR", out_dir.path())
        .env("SAFESTEP_STATE_DIR", out_dir.path())
        .args(["rollup", "--format", "csv", "--sort", "shoe size"])
        .arg(dir.path())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no column"));
}
