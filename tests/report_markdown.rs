//! The Markdown report read back with a CommonMark parser (pulldown-cmark,
//! with the GitHub extensions it has): what a member typed never becomes a
//! link, an image or HTML, and a decision keeps its title, why and who on
//! separate lines.
#![allow(clippy::unwrap_used)]

mod report_support;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use report_support::{autumn, framework, hostile, hostile_text, opts};
use safestep::report::{self, Format, Table, markdown};

fn gfm() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_GFM
}

fn hostile_markdown() -> String {
    let fw = framework();
    let s = report::build(&fw, &hostile(&fw, &hostile_text()), &opts(true));
    report::render(Format::Md, Table::Actions, &s, None)
}

#[test]
fn no_answer_becomes_a_link_image_or_html() {
    let md = hostile_markdown();
    let mut text = String::new();
    for ev in Parser::new_ext(&md, gfm()) {
        match ev {
            Event::Start(Tag::Link { dest_url, .. }) => panic!("a link to {dest_url}"),
            Event::Start(Tag::Image { dest_url, .. }) => panic!("an image from {dest_url}"),
            Event::Html(h) | Event::InlineHtml(h) => panic!("raw HTML {h}"),
            Event::Text(t) => text.push_str(&t),
            _ => {}
        }
    }
    // The addresses are still there to read, as text.
    for shown in [
        "https://example.org/a",
        "www.example.org",
        "head@example.org",
        "javascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html",
    ] {
        assert!(text.contains(shown), "{shown} is not shown as text");
    }
}

#[test]
fn bare_addresses_are_escaped_so_autolinking_cannot_fire() {
    // GitHub's Markdown turns "https://", "www." and "name@host" in text
    // into links; the escapes break each pattern in the source.
    let md = hostile_markdown();
    for raw in [
        "https://",
        "www.example",
        "head@example",
        "javascript:",
        "vbscript:",
        "data:",
    ] {
        assert!(!md.contains(raw), "{raw} is left as it was typed");
    }
    assert_eq!(markdown::inline("see https://x.org"), "see https\\://x.org");
    assert_eq!(markdown::inline("www.x.org"), "www\\.x.org");
    assert_eq!(markdown::inline("a@b.org"), "a\\@b.org");
    // Ordinary punctuation is left alone.
    assert_eq!(markdown::inline("Note: at 10:30"), "Note: at 10:30");
}

#[test]
fn a_decision_keeps_title_why_and_who_on_separate_lines() {
    let fw = framework();
    let s = report::build(&fw, &autumn(&fw), &opts(false));
    let md = report::render(Format::Md, Table::Actions, &s, None);
    let start = md.find("## Decisions").unwrap();
    let end = md[start..].find("\n## ").map_or(md.len(), |e| start + e);
    let section = &md[start..end];
    // Read the first decision's paragraph: title, break, why, break, who.
    let mut in_item = false;
    let mut seq: Vec<String> = Vec::new();
    for ev in Parser::new_ext(section, gfm()) {
        match ev {
            Event::Start(Tag::Item) => in_item = true,
            Event::End(TagEnd::Item) => break,
            Event::HardBreak if in_item => seq.push("<br>".into()),
            Event::SoftBreak if in_item => seq.push("<soft>".into()),
            Event::Text(t) if in_item => seq.push(t.to_string()),
            _ => {}
        }
    }
    let joined = seq.join("|");
    assert!(!joined.contains("<soft>"), "lines run together: {joined}");
    let why = seq.iter().position(|t| t.starts_with("Why:")).unwrap();
    let who = seq.iter().position(|t| t.starts_with("agreed by")).unwrap();
    assert_eq!(seq[why - 1], "<br>", "{joined}");
    assert_eq!(seq[who - 1], "<br>", "{joined}");
    assert!(why > 1 && who > why, "{joined}");
}
