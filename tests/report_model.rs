//! The summary model: what it computes, and that no user text can carry a
//! terminal escape sequence or markup into the text and Markdown reports.
#![allow(clippy::unwrap_used)]

mod report_support;

use report_support::{autumn, framework, hostile, opts, stamp};
use safestep::doc::Session;
use safestep::report::model::{self, clean};
use safestep::report::{self, Format, Table, markdown};
use safestep::tui::report_view::SummaryView;

#[test]
fn clean_removes_control_characters_and_overrides() {
    assert_eq!(clean("a\u{1b}[31mred"), "a␛[31mred");
    assert_eq!(clean("bell\u{7}"), "bell␇");
    assert_eq!(clean("del\u{7f}"), "del␡");
    assert_eq!(clean("csi\u{9b}2J"), "csi\u{FFFD}2J");
    assert_eq!(clean("rtl\u{202e}txt\u{2066}"), "rtl\u{FFFD}txt\u{FFFD}");
    assert_eq!(clean("a\r\nb\rc\u{2028}d"), "a\nb\nc\nd");
    assert_eq!(clean("tab\there  \n\n"), "tab here");
    assert_eq!(clean("Zoë 漢字 😀"), "Zoë 漢字 😀");
}

#[test]
fn text_and_markdown_never_carry_escape_sequences() {
    let fw = framework();
    let nasty = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{0}\u{8}\r\u{202e}";
    let s = report::build(&fw, &hostile(&fw, nasty), &opts(true));
    for format in [
        Format::Txt,
        Format::Md,
        Format::Html,
        Format::Csv,
        Format::Ics,
    ] {
        let out = report::render(format, Table::Actions, &s, None);
        let bad: Vec<char> = out
            .chars()
            .filter(|&c| c.is_control() && !matches!(c, '\n' | '\r'))
            .collect();
        assert!(bad.is_empty(), "{format:?} carries {bad:?}");
        assert!(
            !out.contains('\u{202e}'),
            "{format:?} carries a bidi override"
        );
        if !matches!(format, Format::Csv | Format::Ics) {
            assert!(!out.contains('\r'), "{format:?} carries a carriage return");
        }
    }
}

#[test]
fn markdown_escapes_markup_in_answers() {
    assert_eq!(
        markdown::inline("<b>[x](javascript:y)</b> *a* `c` | ![i](u)"),
        "\\<b\\>\\[x\\](javascript:y)\\</b\\> \\*a\\* \\`c\\` \\| \\!\\[i\\](u)"
    );
    assert_eq!(
        markdown::inline("# title\n- item\n1. one\n2026-11-29"),
        "\\# title\\\n\\- item\\\n1\\. one\\\n2026-11-29"
    );
    assert_eq!(markdown::inline("AT&T &amp; co"), "AT&T \\&amp; co");
    assert_eq!(markdown::cell("a|b\nc"), "a\\|b / c");
    let fw = framework();
    let s = report::build(&fw, &hostile(&fw, "<script>alert(1)</script>"), &opts(true));
    let md = report::render(Format::Md, Table::Actions, &s, None);
    assert!(!md.contains("<script>"));
    assert!(md.contains("\\<script\\>alert(1)\\</script\\>"));
}

#[test]
fn the_summary_of_a_small_review() {
    let fw = framework();
    let s = report::build(&fw, &autumn(&fw), &opts(false));
    // Actions grouped by owner, soonest due first, overdue against today.
    let owners: Vec<&str> = s.actions.iter().map(|g| g.owner.as_str()).collect();
    assert_eq!(owners, ["Alice Khan", "Bob Okafor"]);
    let alice: Vec<(&str, bool)> = s.actions[0]
        .actions
        .iter()
        .map(|a| (a.due.as_str(), a.overdue))
        .collect();
    assert_eq!(
        alice,
        [("Sat 31 Oct 2026", true), ("Wed 20 Jan 2027", false)]
    );
    assert_eq!(s.open_actions(), 3);
    assert_eq!(s.overdue_actions(), 1);
    assert!(s.all_actions().all(|a| a.what != "Deleted action"));
    // Risks by score with the grid.
    let scores: Vec<Option<u8>> = s.risks.iter().map(model::Risk::score).collect();
    assert_eq!(scores, [Some(16), Some(6)]);
    assert_eq!(s.risk_grid[3][3], 1, "likelihood 4, impact 4");
    assert_eq!(s.risk_grid[2][1], 1, "likelihood 2, impact 3");
    assert_eq!(s.risk_grid.iter().flatten().sum::<u32>(), 2);
    // Roles: curriculum is required and nobody covers it.
    let missing: Vec<&str> = s
        .roles
        .missing_required()
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(missing, ["curriculum"]);
    // Ratings with spread and agreed.
    let filtering = s
        .ratings
        .iter()
        .find(|r| r.place.prompt == "assess.filtering.level")
        .unwrap();
    assert_eq!(filtering.spread(), Some((2, 4)));
    assert_eq!(filtering.agreed, Some(3));
    assert_eq!(filtering.level_label(3), "3 Developing");
    // Review and triggers, decisions, the conflict on the chair.
    assert_eq!(s.review.next_date, Some("2027-03-10".parse().unwrap()));
    assert_eq!(
        s.review.triggers,
        ["A serious incident", "New law or statutory guidance"]
    );
    assert_eq!(s.decisions.len(), 1);
    assert_eq!(
        s.decisions[0].why,
        "It is short enough for learners to remember"
    );
    assert_eq!(s.conflicts.len(), 1);
    let values: Vec<&str> = s.conflicts[0]
        .values
        .iter()
        .map(|v| v.value.as_str())
        .collect();
    assert_eq!(values, ["Alice Khan (until Easter)", "Carol Jones"]);
    // Policy questions list the tagged answers; the evidence map shows gaps.
    let issues = s.questions.iter().find(|q| q.id == "issues").unwrap();
    assert!(
        issues
            .answers
            .iter()
            .any(|a| a.place.prompt == "vision.statement")
    );
    assert!(
        issues
            .unanswered
            .iter()
            .any(|p| p.prompt == "involve.tech-use")
    );
    let ukcis = s.evidence.iter().find(|e| e.id == "ukcis").unwrap();
    assert_eq!(
        ukcis.gaps().len(),
        ukcis.parts.len(),
        "nothing addresses the UKCIS strands yet"
    );
    let kcsie = s.evidence.iter().find(|e| e.id == "kcsie").unwrap();
    let annual = kcsie
        .parts
        .iter()
        .find(|p| p.id == "kcsie.annual-review")
        .unwrap();
    assert!(
        annual
            .entries
            .iter()
            .any(|e| matches!(e, model::EvidenceEntry::Action(_)))
    );
    // Completion per step.
    assert_eq!(s.steps.len(), 7);
    assert!(s.steps.iter().all(|st| st.answered <= st.total));
    assert!(!s.steps[0].complete());
}

#[test]
fn an_empty_session_renders_everywhere() {
    let fw = framework();
    let session = Session::new(
        "empty".into(),
        "",
        fw.reference(),
        &stamp("a", "2026-01-01T00:00:00Z"),
    );
    let s = report::build(&fw, &session, &opts(false));
    assert_eq!(s.complete_steps(), 0);
    for format in [
        Format::Md,
        Format::Html,
        Format::Txt,
        Format::Csv,
        Format::Ics,
    ] {
        let out = report::render(format, Table::Actions, &s, None);
        assert!(!out.is_empty());
    }
    assert_eq!(s.roles.missing_required().len(), 4);
}

#[test]
fn the_widget_renders_at_every_size_without_panicking() {
    use ratatui::{buffer::Buffer, layout::Rect, widgets::Widget};
    let fw = framework();
    let s = report::build(&fw, &autumn(&fw), &opts(false));
    let mut trials = 0;
    for w in (1..=250).step_by(7) {
        for h in (1..=80).step_by(5) {
            for scroll in [0, 3, 10_000] {
                let view = SummaryView::new(&s).scroll(scroll);
                let area = Rect::new(0, 0, w, h);
                let mut buf = Buffer::empty(area);
                (&view).render(area, &mut buf);
                trials += 1;
            }
        }
    }
    assert!(trials > 1000, "{trials} renders");
    let view = SummaryView::new(&s);
    assert!(view.line_count(80) > view.line_count(200));
}

#[test]
fn hostile_item_ids_from_a_hand_edited_file_stay_inert() {
    let fw = framework();
    let mut session = autumn(&fw);
    let id = session.items_of("integrate.actions")[0].0.to_owned();
    let item = session.items.remove(&id).unwrap();
    session
        .items
        .insert("=x\u{1b}[2J\u{7};,\r\n@y".into(), item);
    session.id = "id\u{1b}]0;t\u{7}".into();
    let s = report::build(&fw, &session, &opts(false));
    for format in [
        Format::Csv,
        Format::Ics,
        Format::Md,
        Format::Html,
        Format::Txt,
    ] {
        let out = report::render(format, Table::Actions, &s, None);
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{7}'),
            "{format:?}"
        );
    }
    let ics = report::render(Format::Ics, Table::Actions, &s, None);
    // The UID comes from the item's lineage id (its id), escaped.
    assert!(
        ics.contains("UID:%3Dx%1B%5B2J%07%3B%2C%0D%0A%40y.action@safestep"),
        "{ics}"
    );
}
