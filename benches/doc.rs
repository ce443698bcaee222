//! Load, save, merge and render at the sizes in the quality targets:
//! a 5,000-item session, 100 member copies of a 1,000-item session, and the
//! heaviest screen at 200x60 drawn into a `TestBackend`.

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use safestep::doc::{self, FrameworkRef, Session, Stamp};
use safestep::store::{self, Sharing};
use safestep::tui::action::Action;
use std::hint::black_box;

fn stamp(actor: &str, member: &str, n: i64) -> Stamp {
    Stamp {
        actor: actor.into(),
        member: member.into(),
        at: jiff::Timestamp::from_second(1_800_000_000 + n).unwrap_or(jiff::Timestamp::UNIX_EPOCH),
    }
}

/// A session with `items` actions and risks, and a few text answers.
fn session_with(items: usize) -> Session {
    let st = stamp("alice@bench", "alice", 0);
    let mut s = Session::new(
        "bench".into(),
        "Benchmark session",
        FrameworkRef {
            id: "seven-steps".into(),
            version: 1,
        },
        &st,
    );
    for i in 0..20 {
        s.set_text(
            &format!("prompt.{i}"),
            &"A considered answer of moderate length. ".repeat(4),
            &st,
        );
    }
    for i in 0..items {
        if i % 2 == 0 {
            s.add_item(
                "review.actions",
                &[
                    (
                        "what",
                        &format!("Action number {i}: review the acceptable use agreement"),
                    ),
                    ("owner", "Sam Patel"),
                    ("due", "2027-01-31"),
                    ("status", "open"),
                ],
                &st,
            );
        } else {
            s.add_item(
                "assess.risks",
                &[
                    (
                        "description",
                        &format!("Risk number {i}: filtering bypassed on personal devices"),
                    ),
                    ("likelihood", "3"),
                    ("impact", "4"),
                    ("owner", "IT manager"),
                    ("mitigation", "Monitor, educate and report"),
                ],
                &st,
            );
        }
    }
    s
}

fn load_save(c: &mut Criterion) {
    let s = session_with(5_000);
    let text = doc::to_text(&s).unwrap_or_default();
    let dir = tempfile::tempdir().ok();
    let dir_path = dir
        .as_ref()
        .map_or_else(std::env::temp_dir, |d| d.path().to_owned());
    let file = dir_path.join("bench.ron");
    let _ = store::create(&file, &s, Sharing::Private);

    let mut g = c.benchmark_group("5000 items");
    g.sample_size(20);
    // The session read is dropped outside the timing: dropping 5,000 items
    // is the same cost whatever the file looked like.
    g.bench_function("parse (text -> session)", |b| {
        b.iter_with_large_drop(|| doc::parse(black_box(&text)))
    });
    g.bench_function("serialise (session -> text)", |b| {
        b.iter(|| doc::to_text(black_box(&s)))
    });
    g.bench_function("store::load (read + parse)", |b| {
        b.iter_with_large_drop(|| store::load(black_box(&file)))
    });
    // The file already holds what is saved, so nothing is written: lock,
    // read, compare (or parse and merge), serialise, compare.
    g.bench_function(
        "store::save, nothing to change (lock, read, merge, write, fsync, rename)",
        |b| {
            b.iter_batched(
                || {
                    let mut m = s.clone();
                    m.set_text("prompt.0", "changed", &stamp("bob@bench", "bob", 1));
                    m
                },
                |mut m| store::save(&file, &mut m, Sharing::Private),
                BatchSize::LargeInput,
            );
        },
    );
    // What autosave does after a person types: one new value, written and
    // fsynced; nobody else changed the file since this process saved it.
    let mut mine = s.clone();
    let _ = store::save(&file, &mut mine, Sharing::Private);
    let mut n = 0;
    g.bench_function("store::save after one edit (writes and fsyncs)", |b| {
        b.iter(|| {
            n += 1;
            mine.set_text(
                "prompt.0",
                &format!("edit {n}"),
                &stamp("alice@bench", "alice", n),
            );
            store::save(&file, &mut mine, Sharing::Private)
        });
    });
    // Another member's process saved in between: read, parse and merge
    // their file, then write and fsync.
    let mut k = 0;
    g.bench_function(
        "store::save after another writer saved (parse, merge, write, fsync)",
        |b| {
            b.iter_batched(
                || {
                    k += 1;
                    let mut theirs = mine.clone();
                    theirs.set_text(
                        "prompt.1",
                        &format!("theirs {k}"),
                        &stamp("carol@bench", "carol", k),
                    );
                    let _ = std::fs::write(&file, doc::to_text(&theirs).unwrap_or_default());
                    mine.set_text(
                        "prompt.0",
                        &format!("mine {k}"),
                        &stamp("alice@bench", "alice", 10_000 + k),
                    );
                    mine.clone()
                },
                |mut m| store::save(&file, &mut m, Sharing::Private),
                BatchSize::LargeInput,
            );
        },
    );
    g.finish();
    println!("5000-item session file: {} bytes", text.len());
}

/// The demo session open on a screen, and a terminal drawn into as the TUI
/// draws (one terminal, frame after frame).
fn render(c: &mut Criterion) {
    let Ok(fw) = safestep::content::Framework::embedded() else {
        return;
    };
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let demo = dir.path().join("demo.ron");
    if std::fs::write(&demo, include_str!("../content/demo-session.ron")).is_err() {
        return;
    }
    let mut g = c.benchmark_group("render 200x60 (demo session)");
    g.sample_size(50);
    let screens: [(&str, Vec<Action>); 3] = [
        // The heaviest: every step's answers summarised in an overlay.
        ("summary overlay", vec![Action::Summary]),
        ("step 3 (ratings)", vec![Action::JumpList, Action::Level(3)]),
        ("presenter view", vec![Action::TogglePresenter]),
    ];
    for (name, actions) in screens {
        let mut app = safestep::tui::sample::app(fw.clone(), dir.path());
        app.open(&demo, false);
        for a in actions {
            app.update(a);
        }
        app.message = None;
        // The test backend cannot fail.
        let Ok(mut term) = ratatui::Terminal::new(ratatui::backend::TestBackend::new(200, 60));
        g.bench_function(name, |b| {
            b.iter(|| {
                term.draw(|f| safestep::tui::draw(f, black_box(&app)))
                    .is_ok()
            })
        });
    }
    g.finish();
}

fn merge_copies(c: &mut Criterion) {
    let base = session_with(1_000);
    let copies: Vec<Session> = (0..100)
        .map(|i| {
            let mut copy = base.clone();
            let actor = format!("member{i}@bench");
            let member = format!("member{i}");
            let st = stamp(&actor, &member, i);
            copy.set_text("prompt.1", &format!("copy {i}'s wording"), &st);
            copy.set_own_rating(
                "assess.filtering.level",
                u8::try_from(i % 5 + 1).unwrap_or(1),
                &st,
            );
            copy.add_item(
                "review.actions",
                &[("what", &format!("from copy {i}"))],
                &st,
            );
            copy
        })
        .collect();
    let mut g = c.benchmark_group("merge");
    g.sample_size(20);
    g.bench_function("100 copies of a 1000-item session", |b| {
        b.iter(|| {
            let mut acc = copies[0].clone();
            for other in &copies[1..] {
                acc.merge_from(black_box(other)).ok();
            }
            acc
        });
    });
    g.finish();
}

criterion_group!(benches, load_save, merge_copies, render);
criterion_main!(benches);
