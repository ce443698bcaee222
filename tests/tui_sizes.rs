//! Rendering never panics, at any size from 1x1 to 250x80.

use safestep::content::Framework;
use safestep::store;
use safestep::tui::action::Action;
use safestep::tui::app::App;
use safestep::tui::sample;

fn apps(dir: &std::path::Path) -> Vec<(&'static str, App)> {
    let fw = Framework::embedded().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.join("s.ron");
    store::create(&path, &sample::session(&fw), store::Sharing::Private)
        .unwrap_or_else(|e| panic!("{e}"));
    let home = sample::app(fw.clone(), dir);
    let mut editing = sample::app(fw.clone(), dir);
    editing.open(&path, false);
    let mut collection = sample::app(fw.clone(), dir);
    collection.open(&path, false);
    collection.update(Action::Back);
    collection.update(Action::NextField);
    collection.update(Action::AddItem);
    let mut help = sample::app(fw.clone(), dir);
    help.open(&path, true);
    help.update(Action::Help);
    let mut jump = sample::app(fw.clone(), dir);
    jump.open(&path, false);
    jump.update(Action::JumpList);
    let mut setup = sample::app(fw, dir);
    setup.update(Action::NewSession);
    vec![
        ("home", home),
        ("editing", editing),
        ("collection", collection),
        ("help", help),
        ("jump", jump),
        ("setup", setup),
    ]
}

fn sweep(dense: impl Fn(&str, u16, u16) -> bool) -> u32 {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let apps = apps(dir.path());
    let mut renders = 0u32;
    for (name, app) in &apps {
        for w in 1..=250u16 {
            for h in 1..=80u16 {
                if !dense(name, w, h) {
                    continue;
                }
                let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    sample::render(app, w, h)
                }));
                assert!(r.is_ok(), "{name} panicked at {w}x{h}");
                renders += 1;
            }
        }
    }
    renders
}

/// Every width for the small heights and every height for the narrow widths,
/// where the edge cases live, and a grid over the rest; for every screen.
#[test]
fn sizes_from_1x1_to_250x80_render_without_panic() {
    let n = sweep(|name, w, h| {
        let edges = w <= 42
            || h <= 14
            || matches!(w, 79..=81 | 119..=121 | 250)
            || matches!(h, 23..=25 | 39..=41 | 80);
        let grid = w % 13 == 0 && h % 6 == 0;
        if name == "editing" {
            edges || grid
        } else {
            (w <= 42 && h % 3 == 0) || (h <= 14 && w % 3 == 0) || grid
        }
    });
    println!("{n} renders without a panic");
}

/// Every size from 1x1 to 250x80 for every screen (slow in a debug build:
/// `cargo test --release --test tui_sizes -- --ignored`).
#[test]
#[ignore = "slow in debug builds; run with --release --ignored"]
fn every_size_from_1x1_to_250x80_renders_without_panic() {
    let n = sweep(|_, _, _| true);
    println!("{n} renders without a panic");
}
