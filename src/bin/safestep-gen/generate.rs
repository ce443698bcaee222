//! Man pages and shell completions, generated from the clap definitions that
//! `safestep --help` prints, so the two can never disagree.
//!
//! Used by the `safestep-gen` tool (feature `gen`, run by `scripts/build-deb`) and by
//! `tests/pkg_generate.rs`, which includes this file.

use clap::builder::PossibleValue;
use clap::{Arg, Command, CommandFactory, ValueHint};
use clap_complete::Shell;
use std::fmt::Write as _;

/// One generated file: its name and its bytes.
pub struct Generated {
    /// The file name (no directory).
    pub name: String,
    /// The contents.
    pub bytes: Vec<u8>,
}

/// The shells completions are generated for, with the file name each one's
/// standard completion directory expects.
pub const SHELLS: [(Shell, &str); 3] = [
    (Shell::Bash, "safestep"),
    (Shell::Zsh, "_safestep"),
    (Shell::Fish, "safestep.fish"),
];

/// The command line as `--help` shows it, built, without the `help` subcommand
/// (it gets no man page of its own; `--help` is listed on every page).
#[must_use]
pub fn command() -> Command {
    let mut cmd = safestep::cli::Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// `safestep(1)` and one `safestep-SUBCOMMAND(1)` page for each subcommand.
///
/// `date` is the date the pages carry (YYYY-MM-DD; may be empty).
///
/// # Errors
/// Only if rendering into memory fails.
pub fn man_pages(date: &str) -> std::io::Result<Vec<Generated>> {
    let root = command();
    let version = root.get_version().unwrap_or_default().to_owned();
    let mut pages = vec![man_page(&root, date, &version, true)?];
    for sub in root.get_subcommands().filter(|s| !s.is_hide_set()) {
        pages.push(man_page(sub, date, &version, false)?);
    }
    Ok(pages)
}

fn man_page(cmd: &Command, date: &str, version: &str, root: bool) -> std::io::Result<Generated> {
    let name = cmd.get_display_name().unwrap_or(cmd.get_name()).to_owned();
    let man = clap_mangen::Man::new(cmd.clone())
        .title(name.to_uppercase())
        .section("1")
        .date(date)
        .source(format!("safestep {version}"))
        .manual("safestep manual");
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut out)?;
    }
    if cmd.has_subcommands() {
        man.render_subcommands_section(&mut out)?;
    }
    let mut text = String::from_utf8_lossy(&out).into_owned();
    if let Some(after) = cmd.get_after_long_help().or_else(|| cmd.get_after_help()) {
        after_help(&mut text, &after.to_string());
    }
    if root {
        text.push_str(ROOT_EXTRA);
        if !version.is_empty() {
            let _ = write!(text, ".SH VERSION\n{}\n", escape(version));
        }
    } else {
        let _ = write!(
            text,
            ".SH \"SEE ALSO\"\n.BR safestep (1),\n.BR safestep\\-session (5)\n"
        );
    }
    Ok(Generated {
        name: format!("{name}.1"),
        bytes: text.into_bytes(),
    })
}

/// The text after the options in `--help`, laid out line for line: paragraphs
/// that start with "Example" under EXAMPLES, the rest under NOTES.
fn after_help(text: &mut String, after: &str) {
    let mut notes = Vec::new();
    let mut examples = Vec::new();
    for para in after.split("\n\n") {
        let mut lines = para.lines();
        match lines.next() {
            Some(first) if first.trim_end().starts_with("Example") => {
                examples.extend(lines.map(str::to_owned));
            }
            Some(_) => notes.push(para.to_owned()),
            None => {}
        }
    }
    if !notes.is_empty() {
        text.push_str(".SH NOTES\n");
        for (i, para) in notes.iter().enumerate() {
            if i > 0 {
                text.push_str(".PP\n");
            }
            no_fill(text, para.lines());
        }
    }
    if !examples.is_empty() {
        text.push_str(".SH EXAMPLES\n");
        no_fill(text, examples.iter().map(String::as_str));
    }
}

fn no_fill<'a>(text: &mut String, lines: impl Iterator<Item = &'a str>) {
    text.push_str(".nf\n");
    for line in lines {
        let _ = writeln!(text, "{}", escape(line.strip_prefix("  ").unwrap_or(line)));
    }
    text.push_str(".fi\n");
}

/// One line of text for roff: backslashes and hyphens escaped, and a leading
/// `.` or `'` kept from being read as a request.
#[must_use]
pub fn escape(line: &str) -> String {
    let body = line.replace('\\', "\\e").replace('-', "\\-");
    if body.starts_with('.') || body.starts_with('\'') {
        format!("\\&{body}")
    } else {
        body
    }
}

const ROOT_EXTRA: &str = r#".SH ENVIRONMENT
.TP
.B SAFESTEP_DATA_DIR
Where sessions live, when \fB\-\-data\-dir\fR is not given.
.TP
.B SAFESTEP_MEMBER
The member you are, when \fB\-\-as\fR is not given.
.TP
.B SAFESTEP_CONFIG_DIR
The directory of \fIconfig.ron\fR (default: \fI~/.config/safestep\fR).
.TP
.B SAFESTEP_PLAIN
Set to 1 for line\-by\-line prompts, as \fB\-\-plain\fR.
.TP
.B SAFESTEP_WATCH
Set to \fBpoll\fR where file change notifications do not arrive (a network file
system): each process then checks the session file for changes every 750 ms.
.TP
.B NO_COLOR
Turns colour off; bold and reverse video remain.
.SH FILES
.TP
.I ~/.local/share/safestep/sessions/
The sessions, unless another data directory is given. Directories are created 0700 and
files 0600; with \fBshared_group: true\fR in the config, 2770 and 0660.
.TP
.I ~/.config/safestep/config.ron
For example: \fB(member: Some("alice"), data_dir: Some("/srv/esafety"), shared_group: true)\fR
.SH EXIT STATUS
0 on success, 1 for invalid input or a failed operation, 2 for a usage error.
.SH "SEE ALSO"
.BR safestep\-session (5),
.BR safestep\-new (1),
.BR safestep\-open (1),
.BR safestep\-answer (1),
.BR safestep\-merge (1),
.BR safestep\-summary (1).
The README in \fI/usr/share/doc/safestep\fR shows how to set up a shared session
directory for a group on a server.
"#;

/// Completion scripts for bash, zsh and fish, from the same definitions.
///
/// Path arguments complete as file names (`--data-dir` as directories); the
/// `PROMPT` arguments of `answer` and `show` complete the prompt ids of the
/// built-in framework (with their questions) in zsh and fish. Bash gets no prompt
/// ids: its completion cannot tell one positional argument from another, and
/// offering prompt ids would hide the session files it must complete first.
#[must_use]
pub fn completions() -> Vec<Generated> {
    SHELLS
        .iter()
        .map(|&(shell, file)| {
            let mut cmd = completion_command(shell != Shell::Bash);
            let mut bytes = Vec::new();
            clap_complete::generate(shell, &mut cmd, "safestep", &mut bytes);
            if shell == Shell::Fish {
                fish_prompt_ids(&mut bytes, &cmd);
            }
            Generated {
                name: file.to_owned(),
                bytes,
            }
        })
        .collect()
}

/// The prompt ids of the built-in framework with their questions.
#[must_use]
pub fn prompt_values() -> Vec<PossibleValue> {
    safestep::content::Framework::embedded()
        .map(|fw| {
            fw.prompts()
                .map(|(_, p)| {
                    // clap keeps possible values as `&'static str` (without its `string`
                    // feature); this runs once per generated script.
                    let id: &'static str = Box::leak(p.id.clone().into_boxed_str());
                    PossibleValue::new(id)
                        .help(p.label.lines().next().unwrap_or_default().to_owned())
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The command with completion-only hints: what kind of path each path
/// argument takes, that free-text values complete nothing, and (when asked)
/// the prompt ids.
fn completion_command(with_prompts: bool) -> Command {
    let prompts = prompt_values();
    let mut cmd = safestep::cli::Cli::command().disable_help_subcommand(true);
    cmd = tune_args(cmd, &prompts, with_prompts);
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(name, |sub| tune_args(sub, &prompts, with_prompts));
    }
    cmd
}

fn tune_args(mut cmd: Command, prompts: &[PossibleValue], with_prompts: bool) -> Command {
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().as_str().to_owned())
        .collect();
    for id in ids {
        cmd = cmd.mut_arg(id, |arg| tune_arg(arg, prompts, with_prompts));
    }
    cmd
}

fn tune_arg(arg: Arg, prompts: &[PossibleValue], with_prompts: bool) -> Arg {
    if !arg.get_action().takes_values() {
        return arg;
    }
    let id = arg.get_id().as_str().to_owned();
    if arg.get_value_hint() == ValueHint::AnyPath {
        let is_dir = arg
            .get_value_names()
            .is_some_and(|names| names.iter().any(|n| n.as_str() == "DIR"));
        return arg.value_hint(if is_dir {
            ValueHint::DirPath
        } else {
            ValueHint::FilePath
        });
    }
    if id == "prompt" && with_prompts && !prompts.is_empty() {
        return arg.value_parser(prompts.to_vec());
    }
    if arg.get_possible_values().is_empty() && arg.get_value_hint() == ValueHint::Unknown {
        // Free text (a title, a name, an answer): nothing to complete.
        return arg.value_hint(ValueHint::Other);
    }
    arg
}

/// Fish's generator leaves positional arguments to file completion, which suits the
/// session files. Add the prompt ids for the argument after the session file of
/// `answer` and `show`.
fn fish_prompt_ids(bytes: &mut Vec<u8>, cmd: &Command) {
    // Options that take a value anywhere on the line, so their values are not
    // counted as positional arguments.
    let mut with_value: Vec<String> = Vec::new();
    for arg in cmd.get_arguments() {
        if arg.get_action().takes_values() {
            if let Some(long) = arg.get_long() {
                with_value.push(format!("--{long}"));
            }
            if let Some(short) = arg.get_short() {
                with_value.push(format!("-{short}"));
            }
        }
    }
    let mut script = String::from_utf8_lossy(bytes).into_owned();
    let _ = write!(
        script,
        "
# The prompt id after the session file of `answer` and `show` (the built-in framework's).
function __fish_safestep_wants_prompt
    set -l tokens (commandline -opc)
    set -l words
    set -l skip 0
    for t in $tokens[2..-1]
        if test $skip -eq 1
            set skip 0
            continue
        end
        switch $t
            case {}
                set skip 1
            case '-*'
            case '*'
                set -a words $t
        end
    end
    test (count $words) -eq 2
end
",
        with_value.join(" ")
    );
    for sub in ["answer", "show"] {
        for p in prompt_values() {
            let help = p
                .get_help()
                .map(|h| h.to_string())
                .unwrap_or_default()
                .replace('\\', "\\\\")
                .replace('\'', "\\'");
            let _ = writeln!(
                script,
                "complete -c safestep -n \"__fish_safestep_using_subcommand {sub}; and __fish_safestep_wants_prompt\" -f -a '{}' -d '{help}'",
                p.get_name().replace('\\', "\\\\").replace('\'', "\\'")
            );
        }
    }
    *bytes = script.into_bytes();
}
