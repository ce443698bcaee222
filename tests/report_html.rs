//! The HTML report, read back with an HTML parser: well formed, no scripts,
//! no external resources, and hostile answers come out as inert text.
#![allow(clippy::unwrap_used)]

mod report_support;

use report_support::{framework, hostile, opts};
use safestep::demo::build_demo;
use safestep::report::{self, html};
use scraper::{Html, Selector};

const HOSTILE: [&str; 6] = [
    "<script>alert(1)</script>",
    "\" onload=\"x",
    "' onmouseover='y",
    "</style><script>alert(2)</script>",
    "<img src=x onerror=alert(3)>",
    "]]></svg><svg onload=alert(4)><a href=\"javascript:alert(5)\">",
];

fn render(session: &safestep::doc::Session) -> String {
    let fw = framework();
    let s = report::build(&fw, session, &opts(true));
    html::render(&s, None)
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// The checks every report must pass, hostile or not.
fn assert_inert(doc: &Html) {
    assert!(doc.errors.is_empty(), "parse errors: {:?}", doc.errors);
    assert_eq!(doc.select(&sel("script")).count(), 0, "a script element");
    for tag in [
        "iframe",
        "object",
        "embed",
        "link",
        "img",
        "base",
        "form",
        "foreignObject",
    ] {
        assert_eq!(doc.select(&sel(tag)).count(), 0, "a {tag} element");
    }
    for el in doc.select(&sel("*")) {
        for (name, value) in el.value().attrs() {
            assert!(
                !name.to_lowercase().starts_with("on"),
                "event attribute {name} on <{}>",
                el.value().name()
            );
            assert!(
                !matches!(
                    name,
                    "href" | "src" | "xlink:href" | "action" | "formaction"
                ),
                "a link attribute {name}={value} on <{}>",
                el.value().name()
            );
            if name == "style" {
                assert!(!value.contains("url("), "a fetch in a style attribute");
            }
        }
    }
    assert_eq!(
        doc.select(&sel("style")).count(),
        1,
        "exactly the one inline style element"
    );
    let style: String = doc.select(&sel("style")).next().unwrap().text().collect();
    assert!(
        !style.contains("@import") && !style.contains("url("),
        "the CSS fetches nothing"
    );
}

#[test]
fn the_demo_report_is_well_formed_and_self_contained() {
    let fw = framework();
    let s = report::build(&fw, &build_demo(&fw), &opts(false));
    let out = html::render(&s, None);
    let doc = Html::parse_document(&out);
    assert_inert(&doc);
    assert!(out.starts_with("<!DOCTYPE html>"));
    assert!(out.contains("@page") && out.contains("A4"), "prints on A4");
    assert_eq!(doc.select(&sel("title")).count(), 1);
    assert_eq!(doc.select(&sel("h1")).count(), 1);
    // The risk grid and one chart per rated area are inline SVG.
    let svgs = doc.select(&sel("svg")).count();
    assert_eq!(
        svgs,
        1 + s.ratings.len(),
        "risk grid plus one per rated area"
    );
    let grid = doc
        .select(&sel("svg"))
        .find(|e| {
            e.value()
                .attr("aria-label")
                .is_some_and(|l| l.starts_with("Risk grid"))
        })
        .unwrap();
    assert_eq!(grid.select(&sel("rect")).count(), 25, "a 5x5 grid");
    let csp = doc.select(&sel("meta[http-equiv]")).next().unwrap();
    assert!(
        csp.value()
            .attr("content")
            .unwrap()
            .contains("default-src 'none'")
    );
}

#[test]
fn hostile_answers_are_inert_text() {
    let fw = framework();
    for text in HOSTILE {
        let out = render(&hostile(&fw, text));
        let doc = Html::parse_document(&out);
        assert_inert(&doc);
        // The text survives as text: the title, the organisation and answers.
        let title: String = doc.select(&sel("h1")).next().unwrap().text().collect();
        assert_eq!(title, text);
        let body: String = doc.select(&sel("main")).next().unwrap().text().collect();
        assert!(
            body.matches(text).count() > 10,
            "{text:?} should appear as text many times"
        );
        // Attribute values (the charts' labels name the members) keep it as a value.
        let labels: Vec<&str> = doc
            .select(&sel("svg[aria-label]"))
            .filter_map(|e| e.value().attr("aria-label"))
            .collect();
        assert!(
            labels.iter().filter(|l| l.contains(text)).count() >= s_ratings(&fw),
            "{labels:?}"
        );
    }
}

fn s_ratings(fw: &safestep::content::Framework) -> usize {
    fw.prompts()
        .filter(|(_, p)| matches!(p.kind, safestep::content::Kind::Rating { .. }))
        .count()
}

#[test]
fn hostile_everything_at_once() {
    let fw = framework();
    let text = HOSTILE.concat();
    let out = render(&hostile(&fw, &text));
    let doc = Html::parse_document(&out);
    assert_inert(&doc);
}

#[test]
fn escaping_covers_attribute_contexts() {
    // Text in element content cannot open a tag or an entity.
    let fw0 = framework();
    let out = render(&hostile(&fw0, r#"<a href="x" title='y'>&amp;"#));
    assert!(
        out.contains("&lt;a href=&quot;x&quot; title='y'&gt;&amp;amp;"),
        "escaped text"
    );
    // A rating chart's aria-label holds user text in an attribute.
    let fw = framework();
    let s = report::build(&fw, &hostile(&fw, "\" onload=\"x"), &opts(true));
    let svg = html::rating_svg(&s.ratings[0]);
    assert!(svg.contains("&quot; onload=&quot;x"), "{svg}");
    assert!(!svg.contains("\" onload"));
}

#[test]
fn control_characters_never_reach_the_html() {
    let fw = framework();
    let out = render(&hostile(
        &fw,
        "bell\u{7}esc\u{1b}[31mred\u{9b}csi\u{202e}rtl",
    ));
    assert!(
        !out.chars().any(|c| c.is_control() && c != '\n'),
        "a control character in the HTML"
    );
    assert!(out.contains("esc␛[31mred"));
}
