//! The roll-up over a trust's collection: 50 schools x 3 years x 2
//! frameworks (300 session files of about 50 to 200 KB) plus 3 members'
//! copies of each latest review (300 more), read and rolled up to CSV.
//!
//! `SAFESTEP_GEN_TRUST=DIR cargo bench --bench rollup` only writes the
//! collection to DIR/sessions (and the second framework to
//! DIR/framework.ron), so the command itself can be timed:
//! `safestep --content DIR/framework.ron rollup DIR/sessions --format csv`.

use criterion::{Criterion, criterion_group};
use safestep::content::Framework;
use safestep::rollup::{self, Options};
use std::hint::black_box;

#[path = "rollup_trust.rs"]
mod trust;

fn frameworks() -> Vec<Framework> {
    let mut out = Vec::new();
    if let Ok(f) = Framework::embedded() {
        out.push(f);
    }
    if let Ok(f) = trust::second_framework() {
        out.push(f);
    }
    out
}

fn generate(dir: &std::path::Path) -> Result<usize, String> {
    let fws = frameworks();
    let sessions = dir.join("sessions");
    let files = trust::write(&sessions, &fws, trust::BENCH)?;
    let second = safestep::content::SEVEN_STEPS
        .replacen("id: \"seven-steps\"", "id: \"trust-second\"", 1)
        .replacen(
            "title: \"Seven steps to e-safety\"",
            "title: \"Second framework\"",
            1,
        );
    safestep::store::write_atomic(
        &dir.join("framework.ron"),
        second.as_bytes(),
        safestep::store::Sharing::Private,
    )
    .map_err(|e| e.to_string())?;
    Ok(files.len())
}

fn rollup_bench(c: &mut Criterion) {
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    if generate(dir.path()).is_err() {
        return;
    }
    let fws = frameworks();
    let paths = vec![dir.path().join("sessions")];
    let opts = Options {
        today: jiff::civil::date(2027, 6, 1),
        include_text: false,
        framework: None,
        threads: rollup::discover::threads(),
    };
    let mut g = c.benchmark_group("rollup");
    g.sample_size(10);
    g.bench_function(
        "50 schools x 3 years x 2 frameworks + copies, to CSV",
        |b| {
            b.iter(|| {
                let r = rollup::build(&paths, &fws, &opts);
                black_box(rollup::render::csv(&r))
            });
        },
    );
    g.finish();
}

criterion_group!(benches, rollup_bench);

fn main() {
    if let Some(dir) = std::env::var_os("SAFESTEP_GEN_TRUST") {
        let dir = std::path::PathBuf::from(dir);
        match generate(&dir) {
            Ok(n) => println!(
                "wrote {n} session files under {}",
                dir.join("sessions").display()
            ),
            Err(e) => {
                eprintln!("cannot write the collection: {e}");
                std::process::exit(1);
            }
        }
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
