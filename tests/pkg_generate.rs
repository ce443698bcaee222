//! The man pages and shell completions shipped in the Debian package are generated
//! from the same clap definitions as `safestep --help`. These tests run the real
//! binary's `--help` for every command and check that the generated pages and
//! scripts carry every command, argument and option it lists, so the two cannot
//! drift apart.

#[path = "../src/bin/safestep-gen/generate.rs"]
#[allow(dead_code)]
mod generate;

use std::collections::BTreeMap;
use std::process::Command;

/// `safestep ARGS --help` from the built binary.
fn help(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_safestep"))
        .args(args)
        .arg("--help")
        .env_remove("SAFESTEP_DATA_DIR")
        .output()
        .expect("run safestep --help");
    assert!(out.status.success(), "safestep {args:?} --help failed");
    String::from_utf8(out.stdout).expect("help is UTF-8")
}

/// The entries of one section of `--help` ("Commands:", "Arguments:", "Options:",
/// "Examples:"): its lines indented less than a description (which long help puts
/// on lines of their own, indented further), up to the next heading.
fn section<'a>(help: &'a str, heading: &str) -> Vec<&'a str> {
    help.lines()
        .skip_while(|l| *l != heading)
        .skip(1)
        .take_while(|l| l.is_empty() || l.starts_with(' '))
        .filter(|l| {
            let indent = l.len() - l.trim_start().len();
            !l.trim().is_empty() && indent < 8
        })
        .collect()
}

/// The subcommands `safestep --help` lists (without `help`).
fn subcommands() -> Vec<String> {
    let root = help(&[]);
    let names: Vec<String> = section(&root, "Commands:")
        .iter()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|n| *n != "help")
        .map(str::to_owned)
        .collect();
    assert!(names.len() >= 5, "too few subcommands parsed: {names:?}");
    names
}

/// The descriptions of options and arguments that `--help` prints on their own line.
fn descriptions(help: &str) -> Vec<String> {
    ["Arguments:", "Options:"]
        .iter()
        .flat_map(|h| section(help, h))
        .filter_map(|line| line.trim().split_once("  "))
        .map(|(_, d)| d.trim().to_owned())
        .collect()
}

/// The long options (`--name`), short options (`-x`) and arguments (`FILE`) one
/// command's `--help` lists.
fn listed(help: &str) -> (Vec<String>, Vec<String>, Vec<String>) {
    let mut longs = Vec::new();
    let mut shorts = Vec::new();
    for line in section(help, "Options:") {
        let spec = line.trim_start().split("  ").next().unwrap_or_default();
        for word in spec.split([',', ' ']) {
            if let Some(long) = word.strip_prefix("--") {
                longs.push(long.to_owned());
            } else if let Some(short) = word.strip_prefix('-').filter(|s| s.len() == 1) {
                shorts.push(short.to_owned());
            }
        }
    }
    let args = section(help, "Arguments:")
        .iter()
        .filter_map(|l| l.split_whitespace().next())
        .map(|a| a.trim_matches(['<', '>', '[', ']', '.']).to_owned())
        .collect();
    assert!(longs.iter().any(|l| l == "help"), "no options parsed");
    (longs, shorts, args)
}

fn man_pages() -> BTreeMap<String, String> {
    generate::man_pages("2026-01-01")
        .expect("render man pages")
        .into_iter()
        .map(|g| {
            let text = String::from_utf8(g.bytes).expect("roff is UTF-8");
            (g.name, text)
        })
        .collect()
}

/// Roff text as it reads: escaped hyphens and font changes removed.
fn plain(roff: &str) -> String {
    roff.replace("\\-", "-")
        .replace("\\fB", "")
        .replace("\\fI", "")
        .replace("\\fR", "")
        .replace("\\*(Aq", "'")
}

#[test]
fn there_is_one_man_page_for_safestep_and_each_subcommand_help_lists() {
    let pages = man_pages();
    let mut expected: Vec<String> = subcommands()
        .iter()
        .map(|s| format!("safestep-{s}.1"))
        .collect();
    expected.push("safestep.1".to_owned());
    expected.sort();
    let got: Vec<String> = pages.keys().cloned().collect();
    assert_eq!(got, expected);
}

#[test]
fn every_man_page_documents_every_option_and_argument_its_help_lists() {
    let pages = man_pages();
    let mut commands: Vec<Option<String>> = vec![None];
    commands.extend(subcommands().into_iter().map(Some));
    for sub in commands {
        let (args, page_name): (Vec<&str>, String) = match &sub {
            None => (vec![], "safestep.1".to_owned()),
            Some(s) => (vec![s.as_str()], format!("safestep-{s}.1")),
        };
        let text = help(&args);
        let page = plain(pages.get(&page_name).expect("page exists"));
        let (longs, shorts, positionals) = listed(&text);
        for long in &longs {
            assert!(
                page.contains(&format!("--{long}")),
                "{page_name} lacks --{long}, which `safestep {args:?} --help` lists"
            );
        }
        for short in &shorts {
            assert!(
                page.contains(&format!("-{short}")),
                "{page_name} lacks -{short}"
            );
        }
        for arg in &positionals {
            assert!(page.contains(arg.as_str()), "{page_name} lacks {arg}");
        }
        for d in descriptions(&text) {
            assert!(page.contains(&d), "{page_name} lacks the description {d:?}");
        }
        // The one-line description and every example line of --help are on the page.
        let about = text.lines().next().expect("help has an about line");
        assert!(
            page.contains(about.trim_end_matches('.')),
            "{page_name} lacks {about:?}"
        );
        for example in section(&text, "Examples:")
            .iter()
            .chain(section(&text, "Example:").iter())
        {
            assert!(
                page.contains(example.trim()),
                "{page_name} lacks the example {example:?}"
            );
        }
    }
}

#[test]
fn man_pages_use_no_request_a_text_line_could_start_by_accident() {
    for (name, text) in man_pages() {
        for line in text.lines() {
            if let Some(request) = line.strip_prefix('.') {
                let macro_name = request.split_whitespace().next().unwrap_or_default();
                assert!(
                    [
                        "TH", "SH", "TP", "PP", "IP", "RS", "RE", "B", "BR", "I", "nf", "fi", "ie",
                        "el", "br",
                    ]
                    .contains(&macro_name),
                    "{name}: unexpected request line {line:?}"
                );
            }
        }
    }
    assert_eq!(generate::escape(".ron files"), "\\&.ron files");
    assert_eq!(generate::escape("a\\b-c"), "a\\eb\\-c");
}

fn completions() -> BTreeMap<String, String> {
    generate::completions()
        .into_iter()
        .map(|g| (g.name, String::from_utf8(g.bytes).expect("UTF-8")))
        .collect()
}

#[test]
fn completions_offer_every_subcommand_and_option_help_lists() {
    let scripts = completions();
    assert_eq!(
        scripts.keys().map(String::as_str).collect::<Vec<_>>(),
        ["_safestep", "safestep", "safestep.fish"]
    );
    for sub in subcommands() {
        let (longs, _, _) = listed(&help(&[sub.as_str()]));
        for (file, script) in &scripts {
            let sub_word = if file.ends_with(".fish") {
                format!("-a \"{sub}\"")
            } else {
                sub.clone()
            };
            assert!(script.contains(&sub_word), "{file} lacks {sub}");
            for long in &longs {
                let word = if file.ends_with(".fish") {
                    format!("-l {long}")
                } else {
                    format!("--{long}")
                };
                assert!(script.contains(&word), "{file} lacks {word} ({sub})");
            }
        }
    }
}

#[test]
fn session_files_complete_as_files_and_the_data_dir_as_directories() {
    let scripts = completions();
    let zsh = &scripts["_safestep"];
    assert!(zsh.contains(":file -- The session file:_files'"), "{zsh}");
    assert!(zsh.contains("SAFESTEP_DATA_DIR)]:DIR:_files -/'"));
    let fish = &scripts["safestep.fish"];
    assert!(fish.contains(
        "-l content -d 'Use this framework file instead of the built-in seven steps' -r -F"
    ));
    assert!(fish.contains("__fish_complete_directories"));
    // Subcommands that take a session file leave fish's file completion on.
    assert!(fish.contains("__fish_safestep_using_subcommand open\" -l data-dir"));
    assert!(!fish.contains("__fish_safestep_using_subcommand open\" -f"));
    let bash = &scripts["safestep"];
    assert!(bash.contains("-o bashdefault -o default safestep"));
    assert!(bash.contains("compopt -o plusdirs"));
}

#[test]
fn prompt_ids_of_the_built_in_framework_complete_in_zsh_and_fish() {
    let framework = safestep::content::Framework::embedded().expect("built-in framework");
    let ids: Vec<String> = framework.prompts().map(|(_, p)| p.id.clone()).collect();
    assert!(!ids.is_empty());
    assert_eq!(generate::prompt_values().len(), ids.len());
    let scripts = completions();
    for id in &ids {
        let zsh_id = id.replace(':', "\\:");
        assert!(
            scripts["_safestep"].contains(&format!("{zsh_id}\\:")),
            "zsh lacks {id}"
        );
        for sub in ["answer", "show"] {
            assert!(
                scripts["safestep.fish"].contains(&format!(
                    "__fish_safestep_using_subcommand {sub}; and __fish_safestep_wants_prompt\" -f -a '{id}'"
                )),
                "fish lacks {id} for {sub}"
            );
        }
        // Bash cannot tell positions apart; its list would hide the session files.
        assert!(
            !scripts["safestep"].contains(id.as_str()),
            "bash offers {id}"
        );
    }
}
