//! The shipped framework, the checks on framework files, and the demo session.

use safestep::content::{ContentError, Framework, Kind, STATUSES, column_id};
use safestep::demo::{DEMO_TODAY, build_demo};
use safestep::doc::{self, ConflictAt, Session};
use std::collections::BTreeSet;

fn framework() -> Framework {
    match Framework::embedded() {
        Ok(fw) => fw,
        Err(e) => panic!("content/seven-steps.ron does not validate: {e}"),
    }
}

// ---------------------------------------------------------------------------
// The shipped framework

#[test]
fn the_embedded_framework_parses_and_has_the_seven_steps_in_order() {
    let fw = framework();
    assert_eq!(fw.id, "seven-steps");
    let titles: Vec<&str> = fw.steps.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Set the vision",
            "Set up an e-safety group",
            "Assess current practice",
            "Integrate e-safety into policies and strategies",
            "Involve learners and stakeholders",
            "Define responsibilities and train staff",
            "Review",
        ]
    );
    assert!(fw.credit.contains("Jisc") && fw.credit.contains("CC BY-NC-ND"));
    let header: String = safestep::content::SEVEN_STEPS
        .lines()
        .take_while(|l| l.starts_with("//"))
        .collect();
    assert!(
        header.contains("Jisc") && header.contains("CC BY-NC-ND"),
        "{header}"
    );
}

#[test]
fn every_kind_is_used() {
    let fw = framework();
    let used: BTreeSet<&str> = fw.prompts().map(|(_, p)| p.kind.name()).collect();
    let all = [
        "ShortText",
        "LongText",
        "Date",
        "Choice",
        "Checklist",
        "Rating",
        "List",
        "Roster",
        "Actions",
        "Risks",
        "Decisions",
        "Table",
    ];
    for kind in all {
        assert!(used.contains(kind), "no prompt uses {kind}");
    }
    assert_eq!(used.len(), all.len());
}

#[test]
fn the_vision_statement_is_the_first_prompt_of_step_one() {
    let fw = framework();
    let first = &fw.steps[0].prompts[0];
    assert_eq!(first.id, "vision.statement");
    assert_eq!(first.kind, Kind::LongText);
}

#[test]
fn every_standard_part_and_question_is_referenced() {
    let fw = framework();
    let evidenced: BTreeSet<&str> = fw
        .prompts()
        .flat_map(|(_, p)| p.evidence.iter().map(String::as_str))
        .collect();
    for part in fw.standards.iter().flat_map(|s| &s.parts) {
        assert!(
            evidenced.contains(part.id.as_str()),
            "no prompt evidences {}",
            part.id
        );
    }
    let asked: BTreeSet<&str> = fw
        .prompts()
        .flat_map(|(_, p)| p.questions.iter().map(String::as_str))
        .collect();
    for q in &fw.questions {
        assert!(
            asked.contains(q.id.as_str()),
            "no prompt answers question {}",
            q.id
        );
    }
    let ids: Vec<&str> = fw.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "issues",
            "infrastructure",
            "skills",
            "acceptance",
            "success"
        ]
    );
    let standards: Vec<&str> = fw.standards.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(standards, ["dfe-fm", "kcsie", "ukcis"]);
    assert_eq!(fw.standards[2].parts.len(), 8, "UKCIS has eight strands");
}

#[test]
fn roles_are_the_four_required_and_three_recommended() {
    let fw = framework();
    let roles: Vec<(&str, bool)> = fw
        .roles
        .iter()
        .map(|r| (r.id.as_str(), r.required))
        .collect();
    assert_eq!(
        roles,
        [
            ("leadership", true),
            ("curriculum", true),
            ("technical", true),
            ("safeguarding", true),
            ("governor", false),
            ("learners", false),
            ("parents", false),
        ]
    );
}

#[test]
fn text_fits_the_screen_and_guidance_is_substantial() {
    let fw = framework();
    for step in &fw.steps {
        let words = step.guidance.split_whitespace().count();
        assert!(
            (80..=200).contains(&words),
            "step {} guidance has {words} words",
            step.id
        );
        assert!(
            !step.purpose.trim().is_empty() && step.minutes.is_some_and(|m| (10..=90).contains(&m)),
            "step {}",
            step.id
        );
    }
    for (_, p) in fw.prompts() {
        assert!(
            p.label.chars().count() <= 60,
            "label of {} is too long",
            p.id
        );
        let help = p.help.trim();
        assert!(
            help.ends_with('.') || help.ends_with('?'),
            "help of {} is not a sentence",
            p.id
        );
        assert!(
            !help.trim_end_matches(['.', '?']).contains(". "),
            "help of {} is more than one sentence",
            p.id
        );
    }
}

#[test]
fn step_three_assesses_seven_areas_on_one_five_level_scale() {
    let fw = framework();
    let step = &fw.steps[2];
    let areas = [
        ("leadership", "Leadership and policy"),
        ("filtering", "Filtering and monitoring"),
        ("devices", "Devices, network and data security"),
        ("education", "Learner education"),
        ("staff", "Staff practice"),
        ("parents", "Parents and community"),
        ("incidents", "Incident reporting"),
    ];
    let mut scale = None;
    for (key, section) in areas {
        let ids: Vec<&str> = step
            .prompts
            .iter()
            .filter(|p| p.section == section)
            .map(|p| p.id.as_str())
            .collect();
        let want: Vec<String> = ["now", "level", "evidence", "improve"]
            .iter()
            .map(|s| format!("assess.{key}.{s}"))
            .collect();
        assert_eq!(ids, want, "area {section}");
        let Some((_, level)) = fw.prompt(&format!("assess.{key}.level")) else {
            panic!("no level for {key}");
        };
        let Kind::Rating { levels } = &level.kind else {
            panic!("assess.{key}.level is not a rating");
        };
        assert_eq!(levels.len(), 5);
        assert!(
            scale.is_none_or(|s| s == levels),
            "area {section} uses a different scale"
        );
        scale = Some(levels);
    }
    assert!(matches!(fw.prompt("assess.risks"), Some((2, p)) if p.kind == Kind::Risks));
}

#[test]
fn step_four_tracks_ten_policies() {
    let fw = framework();
    let statuses: Vec<&str> = fw.steps[3]
        .prompts
        .iter()
        .filter(|p| p.id.ends_with(".status"))
        .map(|p| {
            assert_eq!(
                p.kind,
                Kind::Choice {
                    options: ["Missing", "Drafting", "In place", "Needs review"]
                        .map(String::from)
                        .to_vec()
                }
            );
            p.section.as_str()
        })
        .collect();
    assert_eq!(statuses.len(), 10, "{statuses:?}");
    for section in statuses {
        let kinds: Vec<&str> = fw.steps[3]
            .prompts
            .iter()
            .filter(|p| p.section == section)
            .map(|p| p.kind.name())
            .collect();
        assert_eq!(kinds, ["Choice", "ShortText", "Date"], "policy {section}");
    }
}

#[test]
fn named_prompts_exist_where_other_code_expects_them() {
    let fw = framework();
    for (id, step, kind) in [
        ("vision.statement", 0, "LongText"),
        ("vision.measures", 0, "Table"),
        ("group.roster", 1, "Roster"),
        ("assess.risks", 2, "Risks"),
        ("assess.filtering.level", 2, "Rating"),
        ("train.actions", 5, "Actions"),
        ("review.next", 6, "Date"),
        ("review.actions", 6, "Actions"),
        ("review.decisions", 6, "Decisions"),
    ] {
        let Some((i, p)) = fw.prompt(id) else {
            panic!("no prompt {id}");
        };
        assert_eq!((i, p.kind.name()), (step, kind), "{id}");
    }
    let sensitive: Vec<&str> = fw
        .prompts()
        .filter(|(_, p)| p.sensitive)
        .map(|(_, p)| p.id.as_str())
        .collect();
    assert_eq!(sensitive, ["assess.incidents.evidence", "involve.tech-use"]);
}

// ---------------------------------------------------------------------------
// Errors in framework files carry a line and column

/// A small valid framework. Line 2's comment holds strings that a careless
/// search for positions would find first.
const BASE: &str = r#"(
    // Positions must skip comments: title: "", id: "issues", "std.two", "goals", [], "Termly".
    id: "fw",
    version: 1,
    title: "Test framework",
    credit: "Test",
    roles: [(id: "leadership", label: "Senior leadership", required: true)],
    standards: [
        (id: "std", title: "A standard", parts: [
            (id: "std.one", title: "Part one"),
        ]),
    ],
    questions: [(id: "issues", text: "What issues are we solving?")],
    steps: [
        (
            id: "vision",
            title: "Set the vision",
            purpose: "Why we are here",
            guidance: "How to run it",
            minutes: 20,
            prompts: [
                (id: "vision.statement", label: "Vision", kind: LongText, evidence: ["std.one"], questions: ["issues"]),
                (id: "vision.when", label: "When", kind: Choice(options: ["Termly", "Yearly"])),
            ],
        ),
    ],
)
"#;

/// `BASE` with the one occurrence of `from` replaced by `to`.
fn edit(from: &str, to: &str) -> String {
    assert_eq!(
        BASE.matches(from).count(),
        1,
        "{from:?} must occur once in BASE"
    );
    BASE.replacen(from, to, 1)
}

fn fails_at(text: &str, line: usize, col: usize, needle: &str) -> ContentError {
    let Err(e) = Framework::parse(text) else {
        panic!("expected an error containing {needle:?}");
    };
    assert_eq!((e.line, e.col), (line, col), "{e}");
    assert!(
        e.message.contains(needle),
        "{e} does not mention {needle:?}"
    );
    e
}

#[test]
fn the_base_text_is_valid() {
    let fw = Framework::parse(BASE).expect("BASE is a valid framework");
    assert_eq!(fw.steps[0].prompts.len(), 2);
}

#[test]
fn a_duplicate_id_points_at_the_second_definition() {
    let e = fails_at(
        &edit(r#"id: "vision.when""#, r#"id: "vision.statement""#),
        23,
        22,
        r#"duplicate id "vision.statement""#,
    );
    assert!(e.message.contains("22:22"), "names the first use: {e}");
}

#[test]
fn a_duplicate_id_is_found_even_when_the_id_is_also_a_reference() {
    // "issues" is a question id, referenced by the first prompt before the
    // second prompt reuses it as its own id.
    let e = fails_at(
        &edit(r#"id: "vision.when""#, r#"id: "issues""#),
        23,
        22,
        r#"duplicate id "issues""#,
    );
    assert!(e.message.contains("13:22"), "names the question: {e}");
}

#[test]
fn an_empty_id_is_reported() {
    fails_at(
        &edit(r#"id: "vision.when""#, r#"id: """#),
        23,
        22,
        "empty id",
    );
}

#[test]
fn an_unknown_kind_is_reported_with_the_kinds_there_are() {
    let e = fails_at(&edit("kind: LongText", "kind: Essay"), 22, 65, "Essay");
    assert!(e.message.contains("LongText"), "lists the kinds: {e}");
}

#[test]
fn empty_titles_are_reported() {
    fails_at(
        &edit(r#"title: "Set the vision""#, r#"title: """#),
        17,
        20,
        r#"step "vision" has an empty title"#,
    );
    fails_at(
        &edit(r#"title: "Test framework""#, r#"title: "  ""#),
        5,
        12,
        "the framework has an empty title",
    );
    fails_at(
        &edit(r#"title: "Part one""#, r#"title: """#),
        10,
        36,
        r#"standard part "std.one" has an empty title"#,
    );
    fails_at(
        &edit(r#"label: "When""#, r#"label: """#),
        23,
        44,
        r#"prompt "vision.when" has an empty label"#,
    );
}

#[test]
fn a_broken_evidence_reference_points_at_the_reference() {
    fails_at(
        &edit(r#"evidence: ["std.one"]"#, r#"evidence: ["std.two"]"#),
        22,
        86,
        r#"prompt "vision.statement" names evidence "std.two", which no standard defines"#,
    );
    // A reference to an id that exists but is not a standard part (a role).
    fails_at(
        &edit(
            r#"evidence: ["std.one"]"#,
            r#"evidence: ["std.one", "leadership"]"#,
        ),
        22,
        97,
        r#"evidence "leadership""#,
    );
}

#[test]
fn a_broken_question_reference_points_at_the_reference() {
    fails_at(
        &edit(r#"questions: ["issues"]"#, r#"questions: ["goals"]"#),
        22,
        110,
        r#"question "goals""#,
    );
}

#[test]
fn a_syntax_error_is_reported_where_the_parser_stopped() {
    // The comma after `minutes: 20` is missing; the parser notices at `prompts`.
    fails_at(&edit("minutes: 20,\n", "minutes: 20\n"), 21, 13, "comma");
}

#[test]
fn a_misspelt_field_is_an_error_not_silently_ignored() {
    // `sensitive` guards text that may name a learner: a typo must not drop it.
    let e = fails_at(
        &edit("kind: LongText,", "kind: LongText, sensitve: true,"),
        22,
        75,
        "sensitve",
    );
    assert!(
        e.message.contains("sensitive"),
        "suggests the right field: {e}"
    );
}

#[test]
fn options_must_be_present_and_distinct() {
    let options = r#"options: ["Termly", "Yearly"]"#;
    fails_at(
        &edit(options, "options: []"),
        23,
        74,
        r#"prompt "vision.when" (Choice) has no options"#,
    );
    fails_at(
        &edit(options, r#"options: ["Termly", "Yearly", "Termly"]"#),
        23,
        95,
        r#"the option "Termly" twice"#,
    );
    fails_at(
        &edit(
            r#"Choice(options: ["Termly", "Yearly"])"#,
            r#"Table(columns: ["By when", "Owner", "By-when"])"#,
        ),
        23,
        94,
        r#"the column "By-when" twice"#,
    );
}

#[test]
fn a_framework_needs_steps() {
    let start = BASE.find("    steps: [").expect("BASE has steps");
    let text = format!("{}    steps: [],\n)\n", &BASE[..start]);
    fails_at(&text, 14, 12, "no steps");
}

#[test]
fn the_first_problem_in_the_text_is_the_one_reported() {
    let text = edit(r#"label: "When""#, r#"label: """#).replacen(
        r#"title: "Set the vision""#,
        r#"title: """#,
        1,
    );
    fails_at(&text, 17, 20, "empty title");
}

// ---------------------------------------------------------------------------
// The demo session

const DEMO_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/content/demo-session.ron");

fn demo() -> (Framework, Session) {
    let fw = framework();
    let session = build_demo(&fw);
    (fw, session)
}

#[test]
fn the_committed_demo_session_is_what_build_demo_writes() {
    let (_, session) = demo();
    let text = doc::to_text(&session).expect("the demo serialises");
    if std::env::var_os("UPDATE_DEMO").is_some_and(|v| v == "1") {
        std::fs::write(DEMO_PATH, &text).expect("write content/demo-session.ron");
        return;
    }
    let committed = std::fs::read_to_string(DEMO_PATH).unwrap_or_default();
    assert!(
        committed == text,
        "content/demo-session.ron is out of date with src/demo.rs; regenerate it with\n    UPDATE_DEMO=1 cargo test --test content the_committed_demo_session\nand commit the result"
    );
}

#[test]
fn the_demo_reads_back_as_the_same_session() {
    let (_, session) = demo();
    let text = doc::to_text(&session).expect("the demo serialises");
    let parsed = doc::parse(&text).expect("the demo parses");
    assert_eq!(parsed.session, session);
    assert!(!parsed.read_only);
}

#[test]
fn the_demo_answers_every_prompt() {
    let (fw, session) = demo();
    let missing: Vec<&str> = fw
        .prompts()
        .filter(|(_, p)| !session.has_answer(&p.id))
        .map(|(_, p)| p.id.as_str())
        .collect();
    assert!(missing.is_empty(), "unanswered in the demo: {missing:?}");
    assert_eq!(session.framework, fw.reference());
    assert_eq!(session.organisation(), "Riverside Academy");
}

#[test]
fn every_demo_answer_fits_its_prompt() {
    let (fw, session) = demo();
    let is_date = |s: &str| s.parse::<jiff::civil::Date>().is_ok();
    for (id, answer) in &session.answers {
        let Some((_, p)) = fw.prompt(id) else {
            panic!("the demo answers {id}, which the framework does not have");
        };
        match (&p.kind, answer) {
            (Kind::ShortText | Kind::LongText, doc::Answer::Text(_)) => {}
            (Kind::Date, doc::Answer::Text(r)) => {
                assert!(r.entries().iter().all(|e| is_date(&e.value)), "{id}");
            }
            (Kind::Choice { options }, doc::Answer::Text(r)) => {
                assert!(
                    r.entries().iter().all(|e| options.contains(&e.value)),
                    "{id}"
                );
            }
            (Kind::Checklist { options }, doc::Answer::Checks(map)) => {
                assert!(
                    map.keys().all(|o| options.contains(o)),
                    "{id}: {:?}",
                    map.keys()
                );
            }
            (Kind::Rating { levels }, doc::Answer::Rating { .. }) => {
                let ratings = session.member_ratings(id);
                assert!(
                    (3..=4).contains(&ratings.len()),
                    "{id} has {} member ratings",
                    ratings.len()
                );
                let max = u8::try_from(levels.len()).expect("few levels");
                assert!(ratings.values().all(|&v| (1..=max).contains(&v)), "{id}");
                assert!(
                    session
                        .agreed_rating(id)
                        .is_some_and(|v| (1..=max).contains(&v)),
                    "{id}"
                );
            }
            (kind, _) => panic!("{id} ({}) has the wrong kind of answer", kind.name()),
        }
    }
    for (item_id, item) in &session.items {
        if item.prompt == doc::PARKING {
            assert!(
                !item.field(doc::PARKING_TEXT).trim().is_empty(),
                "{item_id}"
            );
            assert!(!item.field(doc::RAISED_BY).trim().is_empty(), "{item_id}");
            continue;
        }
        let Some((_, p)) = fw.prompt(&item.prompt) else {
            panic!("item {item_id} belongs to unknown prompt {}", item.prompt);
        };
        // A risk's status fields stay empty until someone sets its status.
        let optional =
            |f: &str| p.kind == Kind::Risks && safestep::content::RISK_STATUS_FIELDS.contains(&f);
        let fields: BTreeSet<String> = p
            .kind
            .fields()
            .into_iter()
            .map(|f| f.id)
            .filter(|f| !optional(f) || item.fields.contains_key(f))
            .collect();
        // Who proposed an entry in the meeting is not a framework field.
        let have: BTreeSet<String> = item
            .fields
            .keys()
            .filter(|k| k.as_str() != doc::PROPOSED_BY)
            .cloned()
            .collect();
        assert_eq!(have, fields, "fields of item {item_id} ({})", item.prompt);
        for spec in p.kind.fields() {
            let v = item.field(&spec.id);
            if optional(&spec.id) && v.is_empty() {
                continue;
            }
            let ok = match spec.ty {
                safestep::content::FieldType::Text => !v.trim().is_empty(),
                safestep::content::FieldType::Date => is_date(v),
                safestep::content::FieldType::Score => matches!(v, "1" | "2" | "3" | "4" | "5"),
                safestep::content::FieldType::Status => STATUSES.contains(&v),
                safestep::content::FieldType::RiskStatus => {
                    safestep::content::RISK_STATUSES.contains(&v)
                }
                safestep::content::FieldType::Roles => {
                    v.split(',').all(|r| fw.roles.iter().any(|x| x.id == r))
                }
            };
            assert!(ok, "item {item_id} field {} = {v:?}", spec.id);
        }
    }
    if let Some((_, p)) = fw.prompt("vision.measures") {
        let Kind::Table { columns } = &p.kind else {
            panic!("vision.measures is a table")
        };
        let ids: Vec<String> = columns.iter().map(|c| column_id(c)).collect();
        assert_eq!(ids, ["measure", "baseline_now", "target", "by_when"]);
    }
}

#[test]
fn the_demo_holds_one_conflict_and_one_deleted_item() {
    let (_, session) = demo();
    assert_eq!(
        session.conflicts(),
        [ConflictAt::Answer("involve.learner-voice".into())]
    );
    let versions = session
        .text("involve.learner-voice")
        .expect("learner voice is answered");
    let authors: BTreeSet<&str> = versions.entries().iter().map(|e| e.by.as_str()).collect();
    assert_eq!(authors, BTreeSet::from(["daniel", "grace"]));
    let deleted: Vec<&str> = session
        .items
        .iter()
        .filter(|(_, i)| Session::is_deleted(i))
        .map(|(_, i)| i.prompt.as_str())
        .collect();
    assert_eq!(deleted, ["assess.filtering.improve"]);
}

#[test]
fn the_demo_roster_covers_the_required_roles_but_not_parent_voice() {
    let (fw, session) = demo();
    let covered: BTreeSet<&str> = session
        .items_of("group.roster")
        .iter()
        .flat_map(|(_, i)| i.field("roles").split(','))
        .collect();
    for role in &fw.roles {
        assert_eq!(
            covered.contains(role.id.as_str()),
            role.id != "parents",
            "role {}",
            role.id
        );
    }
}

#[test]
fn the_demo_actions_have_every_status_and_are_both_overdue_and_upcoming() {
    let (_, session) = demo();
    let actions: Vec<_> = ["integrate.actions", "train.actions", "review.actions"]
        .iter()
        .flat_map(|p| session.items_of(p))
        .collect();
    let statuses: BTreeSet<&str> = actions.iter().map(|(_, i)| i.field("status")).collect();
    assert_eq!(statuses, STATUSES.into_iter().collect());
    let live = |i: &doc::Item| matches!(i.field("status"), "open" | "in progress" | "stuck");
    let overdue = actions
        .iter()
        .filter(|(_, i)| live(i) && i.field("due") < DEMO_TODAY)
        .count();
    let upcoming = actions
        .iter()
        .filter(|(_, i)| live(i) && i.field("due") > DEMO_TODAY)
        .count();
    assert!(
        overdue >= 2 && upcoming >= 2,
        "overdue {overdue}, upcoming {upcoming}"
    );
    let risks: BTreeSet<(&str, &str)> = session
        .items_of("assess.risks")
        .iter()
        .map(|(_, i)| (i.field("likelihood"), i.field("impact")))
        .collect();
    assert!(risks.len() >= 4, "risk scores vary: {risks:?}");
    for p in ["vision.decisions", "group.decisions", "review.decisions"] {
        assert!(
            session
                .items_of(p)
                .iter()
                .all(|(_, i)| !i.field("why").is_empty()),
            "{p}"
        );
    }
}

#[test]
fn suggested_minutes_are_checked_and_default_to_fifteen() {
    fails_at(
        &edit("minutes: 20,", "minutes: 0,"),
        20,
        13,
        r#"step "vision" suggests 0 minutes; give 1 to 240"#,
    );
    fails_at(
        &edit("minutes: 20,", "minutes: 241,"),
        20,
        13,
        "241 minutes",
    );
    let fw = Framework::parse(&edit("minutes: 20,", "minutes: 240,")).expect("240 is allowed");
    assert_eq!(fw.steps[0].minutes, Some(240));
    let fw =
        Framework::parse(&edit("            minutes: 20,\n", "")).expect("minutes are optional");
    assert_eq!(fw.steps[0].minutes, None);
    assert_eq!(fw.steps[0].suggested_minutes(), doc::DEFAULT_STEP_MINUTES);
    assert_eq!(fw.suggested_minutes("vision"), 15);
    assert_eq!(fw.suggested_minutes("no-such-step"), 15);
    // Every shipped step suggests a time, and the helpers agree with it.
    let shipped = framework();
    for step in &shipped.steps {
        let m = step.minutes.expect("every shipped step suggests minutes");
        assert_eq!(step.suggested_minutes(), m);
        assert_eq!(shipped.suggested_minutes(&step.id), m);
    }
}

#[test]
fn the_meeting_ids_are_reserved() {
    fails_at(
        &edit(r#"id: "vision","#, r#"id: "meeting","#),
        16,
        17,
        r#"step id "meeting" is reserved"#,
    );
    fails_at(
        &edit(r#"id: "vision.when""#, r#"id: "meeting.parking""#),
        23,
        22,
        r#"prompt id "meeting.parking""#,
    );
    assert!(doc::PARKING.starts_with(safestep::content::RESERVED_PROMPT_PREFIX));
}

#[test]
fn the_demo_records_a_meeting() {
    let (fw, session) = demo();
    let present = session.present();
    assert_eq!(present.len(), 5, "{present:?}");
    let roster = fw
        .prompts()
        .find(|(_, p)| p.kind == Kind::Roster)
        .map(|(_, p)| p.id.clone())
        .expect("a roster");
    let names: Vec<&str> = session
        .items_of(&roster)
        .iter()
        .map(|(_, i)| i.field("name"))
        .collect();
    assert!(
        present.iter().all(|p| names.contains(p)),
        "present are on the roster"
    );
    assert!(
        names.len() > present.len(),
        "someone is not recorded as present"
    );
    for step in &fw.steps[..3] {
        assert!(session.planned_minutes(&step.id).is_some(), "{}", step.id);
        assert!(session.spent_seconds(&step.id) > 0, "{}", step.id);
    }
    assert_eq!(session.vote_budget(), 3);
    let results = session.vote_results("assess.risks");
    assert!(results.len() >= 3, "{results:?}");
    let voters: BTreeSet<&str> = results
        .iter()
        .flat_map(|(id, _, _)| session.votes_for(id).into_keys())
        .collect();
    assert_eq!(voters.len(), 3);
    for v in &voters {
        assert!(session.votes_used(v) <= session.vote_budget(), "{v}");
    }
    let lot = session.parking_lot();
    assert_eq!(lot.len(), 2);
    let moved: Vec<&str> = lot
        .iter()
        .map(|(_, i)| i.field(doc::MOVED_TO))
        .filter(|m| !m.is_empty())
        .collect();
    assert_eq!(moved.len(), 1);
    assert!(session.items.contains_key(moved[0]));
    let proposed = session
        .items
        .values()
        .filter(|i| !i.field(doc::PROPOSED_BY).is_empty())
        .count();
    assert!(proposed >= 3, "{proposed}");
    assert!(
        session
            .conflicts()
            .iter()
            .all(|c| matches!(c, ConflictAt::Answer(_)))
    );
}
