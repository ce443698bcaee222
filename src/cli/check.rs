//! `safestep check` on a session file: what a person who edited it by hand
//! broke, each at its own line and column. The shape comes from
//! [`doc::lint`]; values out of range (a date, a status, a score, a rating
//! level, a choice) are checked against the framework when the session
//! follows the one loaded.

use crate::content::{FieldType, Framework, Kind, STATUSES};
use crate::doc::lint::{self, Finding, Node, Severity};

fn valid_date(s: &str) -> bool {
    s.is_empty() || (s.len() == 10 && s.parse::<jiff::civil::Date>().is_ok())
}

/// Check each string value of a register with `ok`; report the others.
fn values(
    r: &mut lint::Reader<'_>,
    reg: &Node,
    what: &str,
    ok: &dyn Fn(&Node) -> Result<(), String>,
) {
    for e in lint::elements(reg) {
        if let Some(v) = lint::field(e, "value")
            && let Err(why) = ok(v)
        {
            r.report(v.at, Severity::Error, format!("{what}: {why}"));
        }
    }
}

fn text_is(v: &Node, f: impl Fn(&str) -> Result<(), String>) -> Result<(), String> {
    match lint::str_of(v) {
        Some(s) => f(s),
        None => Err("expected a string".into()),
    }
}

fn level(levels: usize) -> impl Fn(&Node) -> Result<(), String> {
    move |v: &Node| match &v.kind {
        lint::Kind::Num(n) if n.parse::<usize>().is_ok_and(|n| n <= levels) => Ok(()),
        lint::Kind::Num(n) => Err(format!(
            "rating level {n} is out of range; this prompt has levels 1 to {levels} (0: none)"
        )),
        _ => Err("expected a rating level (a number)".into()),
    }
}

fn field_ok(ty: FieldType, s: &str) -> Result<(), String> {
    match ty {
        FieldType::Date if !valid_date(s.trim()) => {
            Err(format!("{s:?} is not a date (YYYY-MM-DD)"))
        }
        FieldType::Status if !s.is_empty() && !STATUSES.contains(&s) => Err(format!(
            "status {s:?} is not one of: {}",
            STATUSES.join(", ")
        )),
        FieldType::Score if !s.is_empty() && !matches!(s.parse::<u8>(), Ok(1..=5)) => {
            Err(format!("score {s:?} is not a whole number from 1 to 5"))
        }
        _ => Ok(()),
    }
}

/// Values out of range in a session's tree, against `framework`.
fn ranges(r: &mut lint::Reader<'_>, n: &Node, framework: &Framework) {
    if let Some(a) = lint::field(n, "answers") {
        for (k, v) in lint::entries(a) {
            let Some(id) = lint::str_of(k) else { continue };
            let Some((_, prompt)) = framework.prompt(id) else {
                continue;
            };
            let what = format!("answer {id:?}");
            match (&prompt.kind, &v.kind) {
                (Kind::Date, lint::Kind::Tuple(_, inner)) if inner.len() == 1 => {
                    values(r, &inner[0], &what, &|v| {
                        text_is(v, |s| {
                            if valid_date(s) {
                                Ok(())
                            } else {
                                Err(format!("{s:?} is not a date (YYYY-MM-DD)"))
                            }
                        })
                    });
                }
                (Kind::Choice { options }, lint::Kind::Tuple(_, inner)) if inner.len() == 1 => {
                    values(r, &inner[0], &what, &|v| {
                        text_is(v, |s| {
                            if s.is_empty() || options.iter().any(|o| o == s) {
                                Ok(())
                            } else {
                                Err(format!("{s:?} is not one of: {}", options.join(", ")))
                            }
                        })
                    });
                }
                (Kind::Rating { .. } | Kind::Checked, lint::Kind::Struct(..)) => {
                    let ok = level(match &prompt.kind {
                        Kind::Rating { levels } => levels.len(),
                        _ => crate::content::JUDGEMENTS.len(),
                    });
                    if let Some(m) = lint::field(v, "members") {
                        for (_, reg) in lint::entries(m) {
                            values(r, reg, &what, &ok);
                        }
                    }
                    if let Some(reg) = lint::field(v, "agreed") {
                        values(r, reg, &what, &ok);
                    }
                }
                _ => {}
            }
        }
    }
    if let Some(items) = lint::field(n, "items") {
        for (k, item) in lint::entries(items) {
            let Some(prompt) = lint::field(item, "prompt").and_then(lint::str_of) else {
                continue;
            };
            let Some((_, p)) = framework.prompt(prompt) else {
                continue;
            };
            let specs = p.kind.fields();
            let Some(fields) = lint::field(item, "fields") else {
                continue;
            };
            for (f, reg) in lint::entries(fields) {
                let Some(name) = lint::str_of(f) else {
                    continue;
                };
                let Some(spec) = specs.iter().find(|s| s.id == name) else {
                    continue;
                };
                let what = format!("item {:?} field {name:?}", lint::str_of(k).unwrap_or(""));
                let ty = spec.ty;
                values(r, reg, &what, &|v| text_is(v, |s| field_ok(ty, s)));
            }
        }
    }
}

/// Everything `check` finds in a session's text, sorted by position, and
/// whether the text is RON at all (`false`: the first error is where the
/// syntax breaks).
#[must_use]
pub fn findings(text: &str, framework: &Framework) -> (bool, Vec<Finding>) {
    let mut out = lint::lint(text);
    let (node, mut r) = lint::read(text);
    let syntax_ok = node.is_some();
    if let Some(n) = &node {
        let same_framework = lint::field(n, "framework")
            .and_then(|f| lint::field(f, "id"))
            .and_then(lint::str_of)
            .is_some_and(|id| id == framework.id);
        if same_framework {
            r.findings.clear();
            ranges(&mut r, n, framework);
            out.append(&mut r.findings);
        }
    }
    out.sort();
    out.dedup();
    (syntax_ok, out)
}

/// `safestep check` on a session: the verdict, each finding as
/// `FILE:LINE:COL: message`, and the exit code (1 on any error).
#[must_use]
pub fn session(path: &std::path::Path, text: &str, framework: &Framework) -> i32 {
    use crate::store;
    use crate::text::clean_line;
    let name = clean_line(&path.display().to_string()).into_owned();
    let (_, found) = findings(text, framework);
    let show = |f: &Finding| {
        let kind = match f.severity {
            Severity::Error => "",
            Severity::Warning => "warning: ",
        };
        eprintln!(
            "{name}:{}:{}: {kind}{}",
            f.line,
            f.col,
            clean_line(&f.message)
        );
    };
    let errors = found
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    match store::load(path) {
        Ok(l) => {
            let s = &l.session;
            if errors == 0 {
                println!(
                    "{name}: valid session \"{}\" (format {}, {} answers, {} items, {} conflicts){}",
                    clean_line(s.title()),
                    l.written_format,
                    s.answers.len(),
                    s.items.len(),
                    s.conflicts().len(),
                    if l.read_only {
                        ", read-only: written by a newer safestep"
                    } else {
                        ""
                    }
                );
            }
            found.iter().for_each(show);
            for w in &l.warnings {
                eprintln!("warning: {}", clean_line(w));
            }
            i32::from(errors > 0)
        }
        Err(e) => {
            // This reader's places are the better ones (a missing comma at
            // the end of its own line, an unknown field where it is written);
            // the loader's message only when it found nothing.
            if errors == 0 {
                eprintln!("{}", clean_line(&e.to_string()));
            }
            found.iter().for_each(show);
            1
        }
    }
}
