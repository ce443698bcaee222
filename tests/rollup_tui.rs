//! The roll-up screen at 80x24 and 200x50, as insta snapshots of a
//! `TestBackend`, and its keys.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use safestep::content::Framework;
use safestep::rollup::{self, Options};
use safestep::tui::rollup_view::{Outcome, RollupView};
use safestep::tui::theme::{Palette, Theme};

#[path = "../benches/rollup_trust.rs"]
mod trust;

fn view() -> (tempfile::TempDir, RollupView) {
    let fws = [
        Framework::embedded().unwrap_or_else(|e| panic!("{e}")),
        trust::second_framework().unwrap_or_else(|e| panic!("{e}")),
    ];
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let shape = trust::Shape {
        schools: 12,
        years: 2,
        copies: 1,
        items: 4,
    };
    trust::write(dir.path(), &fws, shape).unwrap_or_else(|e| panic!("{e}"));
    let r = rollup::build(
        &[dir.path().to_path_buf()],
        &fws,
        &Options {
            today: jiff::civil::date(2026, 3, 1),
            include_text: false,
            framework: None,
            threads: 2,
        },
    );
    (dir, RollupView::new(r, Theme::new(Palette::Mono)))
}

fn render(v: &mut RollupView, w: u16, h: u16) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h))
        .unwrap_or_else(|e| match e {});
    t.draw(|f| v.draw(f)).unwrap_or_else(|e| match e {});
    format!("{}", t.backend())
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

#[test]
fn snapshots_at_80x24_and_200x50() {
    let (_dir, mut v) = view();
    insta::assert_snapshot!("rollup_80x24", render(&mut v, 80, 24));
    insta::assert_snapshot!("rollup_200x50", render(&mut v, 200, 50));
}

#[test]
fn the_table_scrolls_both_ways_at_80x24() {
    let (_dir, mut v) = view();
    let first = render(&mut v, 80, 24);
    assert!(first.contains("School ▶"), "more columns to the right");
    assert!(!first.contains("Gaps"));
    for _ in 0..20 {
        v.key(key(KeyCode::Right), 10);
    }
    let right = render(&mut v, 80, 24);
    assert!(right.contains("Gaps") && right.contains("◀"), "{right}");
    for _ in 0..20 {
        v.key(key(KeyCode::Down), 10);
    }
    // 80x14: room for seven schools.
    let down = render(&mut v, 80, 14);
    let last = v
        .selected()
        .map(|s| s.organisation.clone())
        .unwrap_or_default();
    assert_eq!(v.row, 11);
    assert!(
        down.contains(&last[..15]),
        "the last school is on screen: {down}"
    );
    assert!(
        !down.contains(&trust::school_name(0)),
        "the first scrolled away"
    );
}

#[test]
fn enter_opens_the_latest_session_and_tab_switches_framework() {
    let (_dir, mut v) = view();
    v.key(key(KeyCode::Down), 10);
    let want = v.selected().map(|s| s.path.clone());
    match v.key(key(KeyCode::Enter), 10) {
        Outcome::Open(p) => assert_eq!(Some(p), want),
        other => panic!("{other:?}"),
    }
    assert_eq!(v.key(key(KeyCode::Tab), 10), Outcome::Stay);
    assert_eq!(
        v.selected().map(|s| s.framework.as_str()),
        Some("trust-second")
    );
    let screen = render(&mut v, 80, 24);
    assert!(screen.contains("Second framework (2 of 2)"), "{screen}");
    // Sorting by the column under the cursor, then reversing.
    v.key(key(KeyCode::Char('s')), 10);
    let up: Vec<_> = (0..12)
        .map(|i| {
            v.row = i;
            v.selected().and_then(|s| s.cells[0].agreed)
        })
        .collect();
    assert!(up.windows(2).all(|w| w[0] <= w[1]), "{up:?}");
    v.key(key(KeyCode::F(2)), 10);
    let down: Vec<_> = (0..12)
        .map(|i| {
            v.row = i;
            v.selected().and_then(|s| s.cells[0].agreed)
        })
        .collect();
    assert!(down.windows(2).all(|w| w[0] >= w[1]), "{down:?}");
    assert_eq!(v.key(key(KeyCode::Esc), 10), Outcome::Quit);
    assert_eq!(
        v.key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL), 10),
        Outcome::Quit
    );
}
