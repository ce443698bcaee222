//! The layering of the crate, enforced: each module may use only the layers
//! below it (see docs/architecture.md). A wrong `crate::` path fails here.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Each top-level module and the modules it may name.
const LAYERS: &[(&str, &[&str])] = &[
    ("text", &[]),
    ("content", &["text"]),
    ("doc", &["content", "text"]),
    ("store", &["doc", "content", "text"]),
    ("workshop", &["doc", "content", "text"]),
    ("report", &["workshop", "doc", "content", "text"]),
    ("demo", &["workshop", "store", "doc", "content", "text"]),
    // A trust's roll-up: reads session files through the store, reports through the model.
    (
        "rollup",
        &["workshop", "report", "store", "doc", "content", "text"],
    ),
    (
        "plain",
        &["workshop", "report", "store", "doc", "content", "text"],
    ),
    (
        "tui",
        &[
            "workshop", "report", "store", "doc", "content", "text", "demo", "rollup",
        ],
    ),
    (
        "cli",
        &[
            "plain", "tui", "workshop", "report", "store", "doc", "content", "text", "demo",
            "rollup",
        ],
    ),
    // The packaging generator (src/bin/safestep-gen) reads the command line's definitions.
    ("bin", &["cli"]),
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top-level module a file belongs to: `src/tui/app.rs` is `tui`.
fn module_of(path: &Path) -> String {
    let rel = path.strip_prefix(src()).unwrap_or(path);
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    first.trim_end_matches(".rs").to_owned()
}

/// Every `crate::NAME` the code of a file names, outside comments.
fn named_modules(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            let after = &rest[i + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
            rest = after;
        }
    }
    out
}

#[test]
fn every_module_uses_only_the_layers_below_it() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    assert!(files.len() > 20, "the source tree was found");
    let mut wrong = Vec::new();
    for f in &files {
        let module = module_of(f);
        if module == "main" || module == "lib" {
            continue;
        }
        let Some((_, allowed)) = LAYERS.iter().find(|(m, _)| *m == module) else {
            wrong.push(format!(
                "{}: module {module} has no place in the layer table",
                f.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(f).unwrap_or_default();
        for used in named_modules(&text) {
            if used != module && !allowed.contains(&used.as_str()) {
                wrong.push(format!(
                    "{}: {module} may not use crate::{used}",
                    f.display()
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layering:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_layer_table_has_no_cycles() {
    // Each module may use only modules listed before it.
    for (i, (m, allowed)) in LAYERS.iter().enumerate() {
        for a in *allowed {
            let j = LAYERS.iter().position(|(x, _)| x == a);
            assert!(
                j.is_some_and(|j| j < i),
                "{m} may use {a}, which is not below it"
            );
        }
    }
}

#[test]
fn reports_parse_no_command_line_and_touch_no_files() {
    let mut files = Vec::new();
    rust_files(&src().join("report"), &mut files);
    assert!(!files.is_empty());
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        for banned in ["clap::", "std::fs", "File::", "ratatui::"] {
            assert!(!text.contains(banned), "{} uses {banned}", f.display());
        }
    }
}

#[test]
fn tests_of_doc_and_content_do_not_use_the_tui() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut checked = 0;
    for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with("doc_") || name == "content.rs" {
            let text = std::fs::read_to_string(e.path()).unwrap_or_default();
            assert!(!text.contains("safestep::tui"), "{name} uses the TUI");
            checked += 1;
        }
    }
    assert!(checked >= 2, "the doc and content tests were found");
}

#[test]
fn the_checker_sees_a_wrong_import() {
    assert_eq!(
        named_modules("use crate::tui::sample; // crate::cli\nlet x = crate::doc::Session::new();"),
        BTreeSet::from(["tui".to_owned(), "doc".to_owned()])
    );
}
