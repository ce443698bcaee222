//! Screens and overlays at 80x24 and 200x50: nothing a user needs is cut
//! off, and an overlay leaves nothing of the screen beneath beside it.
//!
//! Overlays are opened with actions (not keys), so these tests do not depend
//! on which key opens what.

use safestep::content::Framework;
use safestep::doc::{Session, Stamp};
use safestep::store;
use safestep::tui::action::Action;
use safestep::tui::app::App;
use safestep::tui::sample;
use std::path::Path;

const SIZES: [(u16, u16); 2] = [(80, 24), (200, 50)];

fn framework() -> Framework {
    Framework::embedded().unwrap_or_else(|e| panic!("embedded framework: {e}"))
}

fn stamp(member: &str) -> Stamp {
    Stamp {
        actor: format!("{member}@setup"),
        member: member.into(),
        at: sample::time(),
    }
}

const LONG_RISK: &str =
    "Staff use personal phones to photograph learners' work on trips and outings";

/// A session with a roster and risks with long names, opened by alice.
fn meeting(dir: &Path) -> App {
    let fw = framework();
    let a = stamp("alice");
    let mut doc = Session::new("m-1".into(), "Meeting", fw.reference(), &a);
    doc.set_facilitator("Alice Khan", &a);
    for name in ["Alice Khan", "Bob Okafor", "Chloé Zhang 张"] {
        doc.add_item("group.roster", &[("name", name)], &a);
    }
    doc.add_item(
        "assess.risks",
        &[
            ("description", LONG_RISK),
            ("likelihood", "3"),
            ("impact", "4"),
            ("owner", "Designated safeguarding lead"),
            (
                "mitigation",
                "Use school devices only, deleted after upload",
            ),
        ],
        &a,
    );
    doc.add_item("assess.risks", &[("description", "Shared logins")], &a);
    let path = dir.join("meeting.ron");
    store::create(&path, &doc, store::Sharing::Private).unwrap_or_else(|e| panic!("{e}"));
    let mut app = sample::app(fw, dir);
    app.open(&path, false);
    app.update(Action::Back);
    app
}

fn focus(app: &mut App, prompt: &str) {
    for _ in 0..200 {
        if app.focused_prompt().is_some_and(|p| p.id == prompt) {
            app.update(Action::Back);
            return;
        }
        app.update(Action::Back);
        app.update(Action::NextField);
    }
    panic!("no prompt {prompt}");
}

fn snap(name: &str, app: &App) -> Vec<Vec<String>> {
    let mut all = Vec::new();
    for (w, h) in SIZES {
        let rows = sample::rows(app, w, h);
        let text: String = rows.iter().map(|r| format!("{r}\n")).collect();
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), text);
        all.push(rows);
    }
    all
}

/// Where the overlay's box is: the rows and columns of its border.
fn overlay_box(rows: &[String]) -> Option<(usize, usize, usize, usize)> {
    let top = rows.iter().position(|r| r.contains('┌'))?;
    let bottom = rows.iter().rposition(|r| r.contains('└'))?;
    let cells: Vec<char> = rows.get(top)?.chars().collect();
    let left = cells.iter().position(|&c| c == '┌')?;
    let right = cells.iter().position(|&c| c == '┐')?;
    Some((top, bottom, left, right))
}

/// Nothing from the screen beneath on the rows of the overlay (or the row
/// above and below it), left or right of its border.
fn assert_clear_beside(name: &str, rows: &[String]) {
    let Some((top, bottom, left, right)) = overlay_box(rows) else {
        panic!("{name}: no overlay box:\n{}", rows.join("\n"));
    };
    let first = top.saturating_sub(1).max(1);
    let last = (bottom + 1).min(rows.len().saturating_sub(2));
    for (y, row) in rows.iter().enumerate().take(last + 1).skip(first) {
        let cells: Vec<char> = row.chars().collect();
        let outside: String = cells
            .iter()
            .enumerate()
            .filter(|(x, _)| *x < left || *x > right)
            .map(|(_, c)| *c)
            .collect();
        assert!(
            outside.trim().is_empty(),
            "{name}: row {y} shows {outside:?} beside the overlay:\n{}",
            rows.join("\n")
        );
    }
}

/// The words on screen in reading order; inside an overlay's box, only its contents.
fn joined(rows: &[String]) -> String {
    let inner: Vec<String> = match overlay_box(rows) {
        Some((top, bottom, left, right)) => rows[top + 1..bottom]
            .iter()
            .map(|r| r.chars().skip(left + 1).take(right - left - 1).collect())
            .collect(),
        None => rows.to_vec(),
    };
    inner
        .iter()
        .map(|r| r.trim())
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn overlays_leave_nothing_of_the_screen_beneath_beside_them() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut app = meeting(dir.path());
    focus(&mut app, "assess.risks");
    let cases: &[(&str, &[Action])] = &[
        ("overlay_help", &[Action::Help]),
        ("overlay_jump", &[Action::JumpList]),
        ("overlay_summary", &[Action::Summary]),
        ("overlay_agenda", &[Action::Agenda]),
        ("overlay_import", &[Action::Import]),
        ("overlay_attendance", &[Action::Attendance]),
        ("overlay_parking", &[Action::ParkingLot]),
    ];
    for (name, actions) in cases {
        for a in *actions {
            app.update(*a);
        }
        for rows in snap(name, &app) {
            assert_clear_beside(name, &rows);
        }
        app.update(Action::Back);
        app.message = None;
        focus(&mut app, "assess.risks");
    }
}

#[test]
fn the_vote_window_shows_its_whole_header_and_long_names_at_80x24() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut app = meeting(dir.path());
    app.update(Action::Attendance);
    app.update(Action::Toggle);
    app.update(Action::Down);
    app.update(Action::Toggle);
    app.update(Action::Back);
    focus(&mut app, "assess.risks");
    app.update(Action::Vote);
    app.update(Action::Right);
    let all = snap("vote", &app);
    for rows in &all {
        assert_clear_beside("vote", rows);
        let text = joined(rows);
        assert!(
            text.contains("(Tab: next voter, 2 present; < > votes each)"),
            "{text}"
        );
        for word in LONG_RISK.split(' ') {
            assert!(text.contains(word), "{word:?} is cut: {text}");
        }
    }
}

#[test]
fn risk_names_and_owners_wrap_in_the_register_at_80x24() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut app = meeting(dir.path());
    focus(&mut app, "assess.risks");
    let all = snap("risks_long_names", &app);
    let text = joined(&all[0]);
    // Every word of the risk, its owner and its mitigation is on screen.
    for word in LONG_RISK
        .split(' ')
        .chain("Designated safeguarding lead".split(' '))
        .chain("Use school devices only, deleted after upload".split(' '))
    {
        assert!(
            text.contains(word),
            "{word:?} is cut:\n{}",
            all[0].join("\n")
        );
    }
}

#[test]
fn a_long_status_message_wraps_instead_of_being_cut() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut app = meeting(dir.path());
    let long = "Not recorded yet: this field takes role names separated by commas; unknown role \"dls\"; roles are: headteacher, dsl, governor, it-lead, teacher, support-staff, pupil-voice, parent. Fix it, or Esc to drop it";
    app.message = Some(safestep::tui::app::Message {
        text: long.into(),
        warn: true,
    });
    let all = snap("long_message", &app);
    for rows in &all {
        let text = joined(rows);
        assert!(text.contains("Fix it, or Esc to drop it"), "{text}");
        assert!(text.contains("pupil-voice, parent."), "{text}");
    }
}

#[test]
fn the_title_bar_does_not_list_the_user_among_the_others() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fw = framework();
    let mut doc = Session::new("m-2".into(), "Also", fw.reference(), &stamp("alice"));
    // An earlier run by alice (another actor, same member) and one by bob.
    let earlier = Stamp {
        actor: "alice@earlier-run".into(),
        member: "alice".into(),
        at: sample::time(),
    };
    doc.add_item("group.roster", &[("name", "Alice Khan")], &earlier);
    doc.add_item("group.roster", &[("name", "Bob Okafor")], &stamp("bob"));
    let path = dir.path().join("also.ron");
    store::create(&path, &doc, store::Sharing::Private).unwrap_or_else(|e| panic!("{e}"));
    let mut app = sample::app(fw, dir.path());
    app.open(&path, false);
    let top = sample::rows(&app, 120, 30).remove(0);
    assert!(top.contains("also: bob"), "{top}");
    assert!(!top.contains("alice now"), "{top}");
}
