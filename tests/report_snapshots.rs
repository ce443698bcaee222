//! Snapshots of every report format for the demo session, on the demo's date.
#![allow(clippy::unwrap_used)]

mod report_support;

use report_support::framework;
use safestep::demo::{DEMO_TODAY, build_demo};
use safestep::report::{self, Format, Options, Table};
use safestep::tui::report_view::SummaryView;

fn hostile_summary() -> report::Summary {
    let fw = framework();
    let session = report_support::hostile(&fw, &report_support::hostile_text());
    report::build(
        &fw,
        &session,
        &Options {
            today: DEMO_TODAY.parse().unwrap(),
            include_sensitive: false,
        },
    )
}

/// Every format for a session whose every answer is hostile text.
#[test]
fn hostile_every_format() {
    let s = hostile_summary();
    for (name, format, table) in [
        ("markdown", Format::Md, Table::Actions),
        ("html", Format::Html, Table::Actions),
        ("text", Format::Txt, Table::Actions),
        ("csv_actions", Format::Csv, Table::Actions),
        ("csv_risks", Format::Csv, Table::Risks),
        ("ics", Format::Ics, Table::Actions),
    ] {
        let out = report::render(format, table, &s, None).replace("\r\n", "\\r\\n\n");
        insta::assert_snapshot!(format!("hostile_{name}"), out);
    }
}

fn demo_summary(include_sensitive: bool) -> report::Summary {
    let fw = framework();
    let session = build_demo(&fw);
    report::build(
        &fw,
        &session,
        &Options {
            today: DEMO_TODAY.parse().unwrap(),
            include_sensitive,
        },
    )
}

#[test]
fn demo_markdown() {
    let s = demo_summary(false);
    insta::assert_snapshot!(report::render(Format::Md, Table::Actions, &s, None));
}

#[test]
fn demo_html() {
    let s = demo_summary(false);
    insta::assert_snapshot!(report::render(Format::Html, Table::Actions, &s, None));
}

#[test]
fn demo_text() {
    let s = demo_summary(false);
    insta::assert_snapshot!(report::render(Format::Txt, Table::Actions, &s, None));
}

#[test]
fn demo_csv_actions() {
    let s = demo_summary(false);
    insta::assert_snapshot!(report::render(Format::Csv, Table::Actions, &s, None));
}

#[test]
fn demo_csv_risks() {
    let s = demo_summary(false);
    insta::assert_snapshot!(report::render(Format::Csv, Table::Risks, &s, None));
}

#[test]
fn demo_ics() {
    let s = demo_summary(false);
    // CRLF shown as "\r\n" so the snapshot file itself stays readable.
    let ics = report::render(Format::Ics, Table::Actions, &s, None);
    insta::assert_snapshot!(ics.replace("\r\n", "\\r\\n\n"));
}

#[test]
fn demo_text_with_sensitive_answers() {
    let s = demo_summary(true);
    insta::assert_snapshot!(report::render(Format::Txt, Table::Actions, &s, None));
}

#[test]
fn demo_widget_at_100_columns() {
    use ratatui::{buffer::Buffer, layout::Rect, widgets::Widget};
    let s = demo_summary(false);
    let view = SummaryView::new(&s);
    let height = u16::try_from(view.line_count(100)).unwrap();
    let area = Rect::new(0, 0, 100, height);
    let mut buf = Buffer::empty(area);
    (&view).render(area, &mut buf);
    let text: Vec<String> = (0..height)
        .map(|y| {
            (0..100)
                .map(|x| buf[(x, y)].symbol().to_owned())
                .collect::<String>()
                .trim_end()
                .to_owned()
        })
        .collect();
    insta::assert_snapshot!(text.join("\n"));
}
