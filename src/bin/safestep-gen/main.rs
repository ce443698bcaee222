//! `safestep-gen OUT_DIR`: write the man pages (`OUT_DIR/man/`) and the bash, zsh and
//! fish completions (`OUT_DIR/completions/`) from the clap definitions of `safestep`.
//!
//! Built only with the `gen` feature; `scripts/build-deb` runs it before packaging.
//! The pages carry the date of `SOURCE_DATE_EPOCH` when it is set, so a rebuild of the
//! same commit gives the same files.

mod generate;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let (Some(out), None) = (args.next(), args.next()) else {
        eprintln!("usage: safestep-gen OUT_DIR");
        return ExitCode::from(2);
    };
    match run(&PathBuf::from(out)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("safestep-gen: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(out: &Path) -> std::io::Result<()> {
    let date = source_date();
    write_all(&out.join("man"), generate::man_pages(&date)?)?;
    write_all(&out.join("completions"), generate::completions())
}

fn write_all(dir: &Path, files: Vec<generate::Generated>) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for f in files {
        let path = dir.join(&f.name);
        std::fs::write(&path, &f.bytes)?;
        println!("{}", path.display());
    }
    Ok(())
}

/// `SOURCE_DATE_EPOCH` as YYYY-MM-DD, or today.
fn source_date() -> String {
    let ts = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .unwrap_or_else(jiff::Timestamp::now);
    ts.to_zoned(jiff::tz::TimeZone::UTC)
        .strftime("%Y-%m-%d")
        .to_string()
}
