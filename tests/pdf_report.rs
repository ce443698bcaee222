//! The HTML report printed to PDF by headless Chromium, as a governor would
//! print it: the page count of the demo is kept in docs/reports.md, and no
//! table is wider than the page, for the demo and for a session full of long
//! links and long words.
//!
//! Needs Chromium (`chromium`, or the path in `SAFESTEP_CHROMIUM`) and, for
//! the page count, poppler's `pdfinfo`. Without Chromium the tests say so on
//! standard output and pass; `.ci/run` installs both so CI runs them.
#![allow(clippy::unwrap_used)]

mod report_support;

use report_support::{framework, hostile, hostile_text};
use safestep::demo::{DEMO_TODAY, build_demo};
use safestep::report::{self, Format, Options, Table};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The demo's printed length, in A4 pages, kept in docs/reports.md.
const DEMO_PAGES_MAX: usize = 10;

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SAFESTEP_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|d| d.join(name))
                    .find(|p| p.is_file())
            })
        })
}

fn skip(why: &str) {
    println!("SKIPPED: {why}");
    eprintln!("SKIPPED: {why}");
}

/// Run a command with a time limit, so a stuck browser cannot hang the
/// tests; its standard output goes to `out` (a pipe could fill and stall it).
fn run(cmd: &mut Command, out: &Path, limit: Duration) -> (String, String) {
    let file = std::fs::File::create(out).unwrap();
    let err_path = out.with_extension("err");
    let err = std::fs::File::create(&err_path).unwrap();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(file)
        .stderr(err)
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{cmd:?} took longer than {limit:?}: {}",
                std::fs::read_to_string(&err_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    (
        String::from_utf8_lossy(&std::fs::read(out).unwrap()).into_owned(),
        std::fs::read_to_string(&err_path).unwrap_or_default(),
    )
}

fn browser(chrome: &Path, profile: &Path) -> Command {
    let mut c = Command::new(chrome);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

fn html_of(session: &safestep::doc::Session) -> String {
    let fw = framework();
    let s = report::build(
        &fw,
        session,
        &Options {
            today: DEMO_TODAY.parse().unwrap(),
            include_sensitive: false,
        },
    );
    report::render(Format::Html, Table::Actions, &s, None)
}

/// Print the HTML to PDF; the number of pages.
fn pages(chrome: &Path, dir: &Path, name: &str, html: &str) -> Option<usize> {
    let src = dir.join(format!("{name}.html"));
    let pdf = dir.join(format!("{name}.pdf"));
    std::fs::write(&src, html).unwrap();
    let (_, err) = run(
        browser(chrome, &dir.join("profile"))
            .arg("--no-pdf-header-footer")
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(format!("file://{}", src.display())),
        &dir.join(format!("{name}-print.out")),
        Duration::from_secs(180),
    );
    assert!(pdf.is_file(), "no PDF: {err}");
    let info = Command::new("pdfinfo").arg(&pdf).output().ok()?;
    let text = String::from_utf8_lossy(&info.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
}

/// Lay the page out at the printed width (A4 less its margins, at 96 dpi)
/// and measure every table against the body: the widths of those wider
/// than the body, and the page's scroll width against the window's.
fn overflow(chrome: &Path, dir: &Path, name: &str, html: &str) -> String {
    // The report's policy forbids scripts; this copy, for measuring only,
    // drops the policy and adds a script that writes what it measured.
    let probe = r#"<script>
addEventListener('load', () => {
  const body = document.body.clientWidth;
  const wide = [...document.querySelectorAll('table')]
    .filter(t => t.scrollWidth > body + 1 || t.getBoundingClientRect().right > body + 40)
    .map(t => t.className + ':' + t.scrollWidth);
  const page = document.documentElement.scrollWidth;
  const beyond = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > innerWidth + 1)
    .slice(0, 5)
    .map(e => e.tagName + '.' + e.className);
  const out = document.createElement('pre');
  out.id = 'measured';
  out.textContent = 'MEAS' + 'URED: body=' + body + ' page=' + page + ' window=' + innerWidth +
    ' wide=[' + wide.join(',') + '] beyond=[' + beyond.join(',') + '] ' + 'E' + 'ND';
  document.body.appendChild(out);
});
</script>"#;
    let start = html
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .unwrap();
    let end = start + html[start..].find('>').unwrap() + 1;
    let copy = format!("{}{}{}", &html[..start], probe, &html[end..]);
    let src = dir.join(format!("{name}-probe.html"));
    std::fs::write(&src, copy).unwrap();
    let (dom, err) = run(
        browser(chrome, &dir.join("profile"))
            .args(["--window-size=688,1000", "--virtual-time-budget=5000"])
            .arg("--dump-dom")
            .arg(format!("file://{}", src.display())),
        &dir.join(format!("{name}-dom.out")),
        Duration::from_secs(180),
    );
    let at = dom
        .find("MEASURED:")
        .unwrap_or_else(|| panic!("nothing measured: {err}"));
    let line = &dom[at..];
    line[..line.find("END").unwrap()].to_owned()
}

fn field(measured: &str, name: &str) -> usize {
    let at = measured.find(&format!("{name}=")).unwrap() + name.len() + 1;
    measured[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap()
}

fn check(name: &str, session: &safestep::doc::Session) -> Option<usize> {
    let Some(chrome) = chromium() else {
        skip(
            "Chromium is not installed (apt-get install chromium), so the report was not printed to PDF",
        );
        return None;
    };
    let dir = tempfile::tempdir().unwrap();
    let html = html_of(session);
    let measured = overflow(&chrome, dir.path(), name, &html);
    println!("{name}: {measured}");
    assert!(
        measured.contains("wide=[]"),
        "{name}: a table is wider than the page: {measured}"
    );
    assert!(
        field(&measured, "page") <= field(&measured, "window"),
        "{name}: the page scrolls sideways: {measured}"
    );
    let n = pages(&chrome, dir.path(), name, &html);
    match n {
        Some(n) => println!("{name}: {n} A4 pages"),
        None => skip("pdfinfo (poppler-utils) is not installed, so pages were not counted"),
    }
    n
}

#[test]
fn the_demo_prints_without_wide_tables_and_within_its_page_count() {
    let fw = framework();
    if let Some(n) = check("demo", &build_demo(&fw)) {
        assert!(
            n <= DEMO_PAGES_MAX,
            "the demo prints to {n} pages, more than {DEMO_PAGES_MAX}"
        );
    }
}

#[test]
fn long_links_and_words_do_not_widen_the_printed_page() {
    let fw = framework();
    check("hostile", &hostile(&fw, &hostile_text()));
}
