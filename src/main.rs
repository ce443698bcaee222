//! The `safestep` binary: parse the command line, install error hooks, dispatch.

use clap::Parser;

fn main() {
    let cli = safestep::cli::Cli::parse();
    if let Err(e) = color_eyre::install() {
        eprintln!("safestep: {e}");
    }
    match safestep::cli::run(cli) {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            if std::env::var_os("RUST_BACKTRACE").is_some() {
                eprintln!("{e:?}");
            } else {
                eprintln!("{}", safestep::text::clean_line(&format!("{e:#}")));
            }
            std::process::exit(1);
        }
    }
}
