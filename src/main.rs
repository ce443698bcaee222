//! The `safestep` binary: parse the command line, install error hooks, dispatch.
//!
//! An error returned by a command is a user's error (a mistyped prompt id, a
//! missing file): it is printed as one plain line, cleaned for the terminal,
//! whatever `RUST_BACKTRACE` says. Only a panic, which is a bug in
//! safestep, gets color-eyre's report (with a backtrace when
//! `RUST_BACKTRACE` asks for one), in colour only when standard error is a
//! terminal and `NO_COLOR` is not set.

use clap::Parser;
use std::io::IsTerminal;

fn main() {
    let cli = safestep::cli::Cli::parse();
    let colour = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let theme = if colour {
        color_eyre::config::Theme::dark()
    } else {
        color_eyre::config::Theme::new()
    };
    if let Err(e) = color_eyre::config::HookBuilder::default()
        .theme(theme)
        .install()
    {
        eprintln!("safestep: {}", safestep::text::clean_line(&e.to_string()));
    }
    match safestep::cli::run(cli) {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("{}", safestep::text::clean_line(&format!("{e:#}")));
            std::process::exit(1);
        }
    }
}
