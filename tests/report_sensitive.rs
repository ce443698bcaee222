//! Sensitive answers leave every export unless asked for, and the report says so.
#![allow(clippy::unwrap_used)]

mod report_support;

use report_support::{autumn, framework, opts};
use safestep::demo::build_demo;
use safestep::report::{self, Format, Table, markdown, model::MASKED};

const FORMATS: [(Format, Table); 6] = [
    (Format::Md, Table::Actions),
    (Format::Html, Table::Actions),
    (Format::Txt, Table::Actions),
    (Format::Csv, Table::Actions),
    (Format::Csv, Table::Risks),
    (Format::Ics, Table::Actions),
];

fn sensitive_texts(fw: &safestep::content::Framework, s: &safestep::doc::Session) -> Vec<String> {
    fw.prompts()
        .filter(|(_, p)| p.sensitive)
        .map(|(_, p)| s.text_value(&p.id).to_owned())
        .filter(|t| !t.is_empty())
        .collect()
}

/// Fragments of a sensitive text long enough to be unmistakable, short
/// enough to survive wrapping and escaping, and found in no other answer.
fn fragments(text: &str) -> Vec<String> {
    let fw = framework();
    let others: String = [autumn(&fw), build_demo(&fw)]
        .iter()
        .flat_map(|s| {
            fw.prompts()
                .filter(|(_, p)| !p.sensitive)
                .map(|(_, p)| s.text_value(&p.id).to_owned())
                .chain(
                    s.items
                        .values()
                        .flat_map(|i| i.fields.keys().map(|k| i.field(k).to_owned())),
                )
                .collect::<Vec<_>>()
        })
        .collect::<Vec<_>>()
        .join("\n");
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| w.chars().all(char::is_alphanumeric))
        .collect();
    words
        .windows(3)
        .map(|w| w.join(" "))
        .filter(|f| f.len() >= 12 && !others.contains(f.as_str()))
        .collect()
}

#[test]
fn sensitive_answers_are_left_out_of_every_format() {
    let fw = framework();
    for session in [autumn(&fw), build_demo(&fw)] {
        let texts = sensitive_texts(&fw, &session);
        assert!(!texts.is_empty(), "the fixture answers a sensitive prompt");
        let masked = report::build(&fw, &session, &opts(false));
        let shown = report::build(&fw, &session, &opts(true));
        assert!(!masked.sensitive.is_empty());
        for (format, table) in FORMATS {
            let out = report::render(format, table, &masked, None);
            for t in &texts {
                for f in fragments(t) {
                    assert!(!out.contains(&f), "{format:?}/{table:?} leaks {f:?}");
                }
            }
        }
        for format in [Format::Md, Format::Html, Format::Txt] {
            let out = report::render(format, Table::Actions, &masked, None);
            assert!(
                out.contains("left out"),
                "{format:?} says what was left out"
            );
            // In plain words: no command-line flags in a governors' report,
            // but who can produce the full version.
            assert!(
                !out.contains("--include-sensitive") && !out.contains("--ids"),
                "{format:?} names no command-line flag"
            );
            assert!(
                out.contains("can produce the full version"),
                "{format:?} says who can produce the full version"
            );
            let with = report::render(format, Table::Actions, &shown, None);
            assert!(
                with.contains("that may identify learners")
                    && with.contains("This report includes"),
                "{format:?} says it includes them"
            );
            let hits = texts
                .iter()
                .flat_map(|t| fragments(t))
                .filter(|f| with.contains(f.as_str()))
                .count();
            assert!(hits > 0, "{format:?} shows sensitive answers when asked");
        }
    }
}

#[test]
fn the_masked_model_holds_no_sensitive_text() {
    let fw = framework();
    let session = autumn(&fw);
    let s = report::build(&fw, &session, &opts(false));
    let debug = format!("{s:?}");
    assert!(
        !debug.contains("J.S."),
        "the model itself is masked, so the TUI screen can render it"
    );
    assert!(debug.contains("masked: true"));
    let md = report::render(Format::Md, Table::Actions, &s, None);
    assert!(
        md.contains(&markdown::inline(MASKED)),
        "the answer's place says it was left out"
    );
    let shown = format!("{:?}", report::build(&fw, &session, &opts(true)));
    assert!(shown.contains("J.S."));
}

#[test]
fn a_session_without_sensitive_answers_says_nothing_about_them() {
    let fw = framework();
    let a = report_support::stamp("alice", "2026-09-14T16:00:00Z");
    let session = safestep::doc::Session::new("plain".into(), "Plain", fw.reference(), &a);
    let s = report::build(&fw, &session, &opts(false));
    assert!(s.sensitive_note().is_none());
    assert!(!report::render(Format::Md, Table::Actions, &s, None).contains("left out"));
}
