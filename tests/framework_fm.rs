//! More than one framework: the built-in filtering and monitoring review,
//! `safestep frameworks`, `new --framework`, installed frameworks, retired
//! prompts and sessions whose framework is not installed.

use safestep::content::{BUILT_IN, FieldType, Framework, Kind, catalog, column_id, column_type};
use safestep::doc;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A `safestep` command with private directories and no `--content`: the
/// frameworks come from the build and the config directory.
fn safestep(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_safestep"));
    c.env_remove("SAFESTEP_MEMBER")
        .env_remove("RUST_BACKTRACE")
        .env("SAFESTEP_CONFIG_DIR", dir.join("config"))
        .env("SAFESTEP_DATA_DIR", dir.join("data"))
        .env("SAFESTEP_STATE_DIR", dir.join("state"))
        .args(["--as", "alice"]);
    c
}

fn run(c: &mut Command) -> Output {
    c.output().expect("the safestep binary runs")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn new_session(dir: &Path, framework: Option<&str>) -> PathBuf {
    let file = dir.join("review.ron");
    let mut c = safestep(dir);
    c.args(["new", "--title", "Filtering review", "--no-open", "--file"])
        .arg(&file);
    if let Some(f) = framework {
        c.args(["--framework", f]);
    }
    let o = run(&mut c);
    assert!(o.status.success(), "new failed: {}", err(&o));
    file
}

fn read(path: &Path) -> doc::Session {
    let text = std::fs::read_to_string(path).expect("reads");
    doc::parse(&text).expect("parses").session
}

fn fm() -> Framework {
    Framework::built_in("filtering-monitoring")
        .expect("built in")
        .expect("valid")
}

#[test]
fn every_built_in_framework_loads_and_validates() {
    for (id, text) in BUILT_IN {
        let fw = Framework::parse(text).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(fw.id, id);
        assert!(!fw.steps.is_empty());
    }
}

#[test]
fn the_review_covers_the_areas_and_ends_with_actions_and_a_statement() {
    let fw = fm();
    let ids: Vec<&str> = fw.prompts().map(|(_, p)| p.id.as_str()).collect();
    for want in [
        "roles.leader",
        "roles.governor",
        "roles.dsl",
        "roles.it",
        "review.participants",
        "review.triggers",
        "profile.ages",
        "profile.groups",
        "profile.devices",
        "filtering.decisions",
        "filtering.genai",
        "filtering.tests",
        "filtering.iwf",
        "filtering.ctiru",
        "filtering.profiles",
        "filtering.own-devices",
        "filtering.workarounds",
        "filtering.safe-search",
        "filtering.logged",
        "monitoring.route",
        "monitoring.out-of-hours",
        "monitoring.reports",
        "monitoring.told",
        "monitoring.dpia",
        "incidents.summary",
        "incidents.changes",
        "training.staff",
    ] {
        assert!(ids.contains(&want), "no prompt {want}");
    }
    let last = fw.steps.last().expect("steps");
    let kinds: Vec<&Kind> = last.prompts.iter().map(|p| &p.kind).collect();
    assert!(kinds.contains(&&Kind::Actions), "the last step has actions");
    assert!(
        last.prompts.iter().any(|p| p.id == "outcome.statement"),
        "the last step has the statement for governors"
    );
    // The groups of learners the risk profile asks about.
    let groups = fw.prompt("profile.groups").expect("prompt").1;
    let Kind::Checklist { options } = &groups.kind else {
        panic!("a checklist");
    };
    let all = options.join(" ");
    assert!(
        all.contains("special educational needs")
            && all.contains("English as an additional language")
    );
    // Every standard part is evidenced by some prompt.
    for s in &fw.standards {
        for part in &s.parts {
            assert!(
                fw.prompts().any(|(_, p)| p.evidence.contains(&part.id)),
                "no prompt evidences {}",
                part.id
            );
        }
    }
    // The next review date is found by the core.
    assert_eq!(
        safestep::workshop::review::review_date_prompt(&fw).map(|p| p.id.as_str()),
        Some("outcome.next-review")
    );
    assert!(
        fw.prompts()
            .filter(|(_, p)| p.kind == Kind::Checked)
            .count()
            >= 20,
        "most requirements are checked statements"
    );
}

/// A value `safestep answer` accepts for a prompt of this kind.
fn sample(kind: &Kind) -> String {
    let typed = |ty: FieldType| match ty {
        FieldType::Date => "31/12/2026",
        FieldType::Score => "3",
        FieldType::RiskStatus => "open",
        FieldType::Status => "open",
        FieldType::Roles => "leadership",
        FieldType::Text => "Something",
    };
    match kind {
        Kind::ShortText | Kind::LongText | Kind::List => "Something".into(),
        Kind::Date => "31/12/2026".into(),
        Kind::Choice { .. } | Kind::Checklist { .. } | Kind::Rating { .. } => "1".into(),
        Kind::Table { columns } => columns
            .iter()
            .map(|c| format!("{}={}", column_id(c), typed(column_type(c))))
            .collect::<Vec<_>>()
            .join("; "),
        Kind::Checked => "agreed=met; judgement=partly met; basis=checked; checked_on=1/10/2026; checked_by=Sam Jones; method=online filter test; evidence=test-2026.pdf; note=All sites".into(),
        other => other
            .fields()
            .iter()
            .map(|f| format!("{}={}", f.id, typed(f.ty)))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

#[test]
fn every_prompt_of_the_review_can_be_answered_through_answer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = new_session(dir.path(), Some("filtering-monitoring"));
    assert_eq!(read(&file).framework.id, "filtering-monitoring");
    let fw = fm();
    for (_, p) in fw.prompts() {
        let o = run(safestep(dir.path())
            .args(["answer"])
            .arg(&file)
            .arg(&p.id)
            .arg(sample(&p.kind)));
        assert!(o.status.success(), "{}: {}", p.id, err(&o));
    }
    let s = read(&file);
    for (_, p) in fw.prompts() {
        assert!(
            s.has_checked(&p.id) || s.has_answer(&p.id),
            "{} has no answer",
            p.id
        );
    }
    let c = s.checked("filtering.tested");
    assert_eq!(c.agreed_name(), Some("met"));
    assert!(c.is_checked());
    assert_eq!(c.part("checked_on"), "2026-10-01");
    assert_eq!(c.members.get("alice"), Some(&2));
    // `show` reads it out, and the report says how it is known.
    let o = run(safestep(dir.path())
        .arg("show")
        .arg(&file)
        .arg("filtering.tested"));
    assert!(o.status.success(), "{}", err(&o));
    let text = out(&o);
    assert!(text.contains("agreed: met"), "{text}");
    assert!(
        text.contains("how we know: checked Thu 1 Oct 2026 by Sam Jones: online filter test; evidence: test-2026.pdf"),
        "{text}"
    );
    assert!(text.contains("alice: partly met"), "{text}");
    let o = run(safestep(dir.path()).arg("summary").arg(&file));
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        out(&o).contains("How we know: checked Thu 1 Oct 2026"),
        "{}",
        out(&o)
    );
}

#[test]
fn a_checked_statement_refuses_what_it_cannot_store() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = new_session(dir.path(), Some("filtering-monitoring"));
    for bad in [
        "mostly",
        "basis=guessed",
        "checked_on=30/02/2026",
        "colour=blue",
        "agreed=7",
    ] {
        let o = run(safestep(dir.path())
            .arg("answer")
            .arg(&file)
            .arg("filtering.iwf")
            .arg(bad));
        assert_eq!(o.status.code(), Some(1), "{bad} was accepted");
        assert_eq!(err(&o).lines().count(), 1, "{bad}: {}", err(&o));
    }
    assert!(!read(&file).has_checked("filtering.iwf"));
}

#[test]
fn the_core_reads_checked_input_the_same_for_every_front_end() {
    use safestep::workshop::value::{CheckedEdit, parse_checked, parse_judgement};
    let fw = fm();
    assert_eq!(parse_judgement("Met"), Ok(1));
    assert_eq!(parse_judgement("partly"), Ok(2));
    assert_eq!(parse_judgement("not known"), Ok(4));
    assert_eq!(parse_judgement("0"), Ok(0));
    assert!(parse_judgement("not").is_err(), "ambiguous");
    assert_eq!(
        parse_checked(&fw, "basis=self; checked_on=1 Oct 2026"),
        Ok(vec![
            CheckedEdit::Part("basis".into(), "self-reported".into()),
            CheckedEdit::Part("checked_on".into(), "2026-10-01".into()),
        ])
    );
    assert_eq!(parse_checked(&fw, "3"), Ok(vec![CheckedEdit::Own(3)]));
}

#[test]
fn new_follows_the_seven_steps_by_default_and_refuses_an_unknown_framework() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = new_session(dir.path(), None);
    assert_eq!(read(&file).framework.id, "seven-steps");
    let o = run(safestep(dir.path()).args([
        "new",
        "--title",
        "X",
        "--no-open",
        "--framework",
        "nonesuch",
    ]));
    assert_eq!(o.status.code(), Some(1));
    let e = err(&o);
    assert!(e.contains("no framework \"nonesuch\""), "{e}");
    assert!(
        e.contains("seven-steps") && e.contains("filtering-monitoring"),
        "{e}"
    );
}

/// A small framework to install, at `version`, with prompt `b` or without it.
fn tiny(version: u32, with_b: bool, retire_b: bool) -> String {
    let b = if with_b {
        r#"(id: "b", label: "Filter provider", kind: ShortText),"#
    } else {
        r#"(id: "c", label: "Filter provider and product", kind: ShortText),"#
    };
    let retired = if retire_b {
        r#"retired: [(since: 2, prompt: (id: "b", label: "Filter provider", kind: ShortText))],"#
    } else {
        ""
    };
    format!(
        r#"(
    id: "tiny",
    version: {version},
    title: "Tiny review",
    credit: "Test.",
    roles: [(id: "lead", label: "Lead", required: true)],
    steps: [(
        id: "one",
        title: "One",
        purpose: "P.",
        guidance: "G.",
        prompts: [
            (id: "a", label: "Statement", kind: Checked),
            {b}
        ],
    )],
    {retired}
)"#
    )
}

fn install(dir: &Path, text: &str) {
    let fws = dir.join("config").join(catalog::FOLDER);
    std::fs::create_dir_all(&fws).expect("mkdir");
    std::fs::write(fws.join("tiny.ron"), text).expect("write");
}

#[test]
fn frameworks_lists_built_in_and_installed_ones_and_names_broken_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    install(dir.path(), &tiny(1, true, false));
    std::fs::write(
        dir.path().join("config/frameworks/broken.ron"),
        "(id: \"x\",\n  version: 1,\n  nonsense: 3)",
    )
    .expect("write");
    let o = run(safestep(dir.path()).arg("frameworks"));
    assert!(o.status.success(), "{}", err(&o));
    let text = out(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("ID") && lines[0].contains("VERSION") && lines[0].contains("STEPS")
    );
    let seven = lines
        .iter()
        .find(|l| l.starts_with("seven-steps"))
        .expect("listed");
    assert!(
        seven.contains("Seven steps to e-safety") && seven.contains("default"),
        "{seven}"
    );
    let fm_line = lines
        .iter()
        .find(|l| l.starts_with("filtering-monitoring"))
        .expect("listed");
    let n = fm().steps.len().to_string();
    assert!(fm_line.split_whitespace().any(|w| w == n), "{fm_line}");
    let tiny_line = lines
        .iter()
        .find(|l| l.starts_with("tiny"))
        .expect("listed");
    assert!(
        tiny_line.contains("Tiny review") && tiny_line.contains("tiny.ron"),
        "{tiny_line}"
    );
    let e = err(&o);
    assert!(e.contains("broken.ron:3:3:"), "{e}");
}

#[test]
fn check_validates_any_framework_file_with_file_line_col() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bad.ron");
    let text = tiny(1, true, false).replace(r#"(id: "b","#, r#"(id: "b#x","#);
    std::fs::write(&path, &text).expect("write");
    let o = run(safestep(dir.path()).arg("check").arg(&path));
    assert_eq!(o.status.code(), Some(1));
    let e = err(&o);
    let line = text.lines().position(|l| l.contains("b#x")).expect("there") + 1;
    assert!(e.starts_with(&format!("{}:{line}:", path.display())), "{e}");
    assert!(
        e.contains("kept for the parts of checked statements"),
        "{e}"
    );
    let good = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/filtering-monitoring.ron");
    let o = run(safestep(dir.path()).arg("check").arg(&good));
    assert!(o.status.success(), "{}", err(&o));
}

#[test]
fn a_version_1_session_opens_under_version_2_with_the_retired_prompt_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    install(dir.path(), &tiny(1, true, false));
    let file = new_session(dir.path(), Some("tiny"));
    let o = run(safestep(dir.path())
        .arg("answer")
        .arg(&file)
        .args(["b", "Acme Filter"]));
    assert!(o.status.success(), "{}", err(&o));
    // Version 2 retires `b` and asks `c` instead.
    install(dir.path(), &tiny(2, false, true));
    let o = run(safestep(dir.path()).arg("show").arg("--ids").arg(&file));
    assert!(o.status.success(), "{}", err(&o));
    let text = out(&o);
    assert!(text.contains("Retired prompts"), "{text}");
    assert!(text.contains("Retired in version 2"), "{text}");
    assert!(
        text.contains("Filter provider [b]") && text.contains("Acme Filter"),
        "{text}"
    );
    // The session stays editable under version 2, and the old answer stays.
    let o = run(safestep(dir.path())
        .arg("answer")
        .arg(&file)
        .args(["c", "Acme Filter Pro"]));
    assert!(o.status.success(), "{}", err(&o));
    let s = read(&file);
    assert_eq!(s.text_value("b"), "Acme Filter");
    assert_eq!(s.text_value("c"), "Acme Filter Pro");
    // A version 2 that does not list it still shows it, by id.
    install(dir.path(), &tiny(2, false, false));
    let text = out(&run(safestep(dir.path()).arg("show").arg(&file)));
    assert!(
        text.contains("Not in this version") && text.contains("Acme Filter"),
        "{text}"
    );
}

#[test]
fn a_session_whose_framework_is_missing_is_shown_but_not_changed() {
    let dir = tempfile::tempdir().expect("tempdir");
    install(dir.path(), &tiny(1, true, false));
    let file = new_session(dir.path(), Some("tiny"));
    let o = run(safestep(dir.path()).arg("answer").arg(&file).args([
        "a",
        "agreed=not met; basis=self-reported; note=No record kept",
    ]));
    assert!(o.status.success(), "{}", err(&o));
    std::fs::remove_file(dir.path().join("config/frameworks/tiny.ron")).expect("rm");
    let before = std::fs::read(&file).expect("reads");
    let o = run(safestep(dir.path())
        .arg("answer")
        .arg(&file)
        .args(["b", "x"]));
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("not installed"), "{}", err(&o));
    assert_eq!(
        std::fs::read(&file).expect("reads"),
        before,
        "the file is untouched"
    );
    let o = run(safestep(dir.path()).arg("show").arg(&file));
    assert!(o.status.success(), "{}", err(&o));
    assert!(err(&o).contains("not installed"), "{}", err(&o));
    let text = out(&o);
    assert!(
        text.contains("agreed: not met") && text.contains("No record kept"),
        "{text}"
    );
    let o = run(safestep(dir.path()).arg("summary").arg(&file));
    assert!(o.status.success(), "{}", err(&o));
    // `list` names each session's framework.
    std::fs::create_dir_all(dir.path().join("data")).expect("mkdir");
    std::fs::copy(&file, dir.path().join("data/review.ron")).expect("copy");
    let o = run(safestep(dir.path()).arg("list"));
    assert!(out(&o).contains("tiny v1!"), "{}", out(&o));
}

#[test]
fn the_next_review_follows_the_earlier_sessions_framework() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old = new_session(dir.path(), Some("filtering-monitoring"));
    let o = run(safestep(dir.path()).arg("answer").arg(&old).args([
        "outcome.actions",
        "what=Test filtering on the guest Wi-Fi; owner=Sam",
    ]));
    assert!(o.status.success(), "{}", err(&o));
    let next = dir.path().join("next.ron");
    let o = run(safestep(dir.path())
        .args(["new", "--title", "Next review", "--no-open", "--from"])
        .arg(&old)
        .arg("--file")
        .arg(&next));
    assert!(o.status.success(), "{}", err(&o));
    let s = read(&next);
    assert_eq!(s.framework.id, "filtering-monitoring");
    assert_eq!(
        s.items_of("outcome.actions").len(),
        1,
        "the open action carries"
    );
}

#[test]
fn prompts_lists_a_chosen_frameworks_ids_and_check_uses_the_sessions_own() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = run(safestep(dir.path()).args(["prompts", "--framework", "filtering-monitoring"]));
    assert!(o.status.success(), "{}", err(&o));
    let text = out(&o);
    assert_eq!(text.lines().count(), fm().prompts().count());
    assert!(
        text.lines()
            .any(|l| l.starts_with("filtering.iwf") && l.ends_with("Checked")),
        "{text}"
    );
    // A judgement out of range is found by `check` against the review's own prompts.
    let file = new_session(dir.path(), Some("filtering-monitoring"));
    let o = run(safestep(dir.path())
        .arg("answer")
        .arg(&file)
        .args(["filtering.iwf", "agreed=met"]));
    assert!(o.status.success(), "{}", err(&o));
    let o = run(safestep(dir.path()).arg("check").arg(&file));
    assert!(o.status.success(), "{}{}", out(&o), err(&o));
    let text = std::fs::read_to_string(&file).expect("reads");
    std::fs::write(&file, text.replacen("(value: 1,", "(value: 9,", 1)).expect("writes");
    let o = run(safestep(dir.path()).arg("check").arg(&file));
    assert_eq!(o.status.code(), Some(1), "{}{}", out(&o), err(&o));
}
