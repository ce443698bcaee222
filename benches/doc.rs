//! Load, save and merge at the sizes in the quality targets:
//! a 5,000-item session, and 100 member copies of a 1,000-item session.

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use safestep::doc::{self, FrameworkRef, Session, Stamp};
use safestep::store::{self, Sharing};
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
    g.bench_function("parse (text -> session)", |b| {
        b.iter(|| doc::parse(black_box(&text)))
    });
    g.bench_function("serialise (session -> text)", |b| {
        b.iter(|| doc::to_text(black_box(&s)))
    });
    g.bench_function("store::load (read + parse)", |b| {
        b.iter(|| store::load(black_box(&file)))
    });
    g.bench_function(
        "store::save (lock, read, merge, write, fsync, rename)",
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
    g.finish();
    println!("5000-item session file: {} bytes", text.len());
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

criterion_group!(benches, load_save, merge_copies);
criterion_main!(benches);
