//! What `safestep check` says about a session file a person edited: a reader
//! of RON that keeps the position of every value, so that a missing comma,
//! an unknown or repeated field, a repeated map key, a comment, a register
//! out of order or a value out of range is reported at its own line and
//! column. It only reports: [`super::parse`] decides what the file means.

use std::collections::BTreeSet;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The file is wrong: `check` fails.
    Error,
    /// The file reads, but saving will change it.
    Warning,
}

/// One thing `check` reports, at a 1-based line and column of the text.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// Error or warning.
    pub severity: Severity,
    /// What was found.
    pub message: String,
}

/// A value of the text with where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Byte offset of its first character.
    pub at: usize,
    /// What it is.
    pub kind: Kind,
}

/// The shapes of RON values.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// A string, unescaped.
    Str(String),
    /// A number as written.
    Num(String),
    /// A bare word: `true`, `None`, an enum variant without contents.
    Word(String),
    /// `[a, b]`.
    Seq(Vec<Node>),
    /// `{k: v}`.
    Map(Vec<(Node, Node)>),
    /// `Name(field: v)` or `(field: v)`: fields with the offset of their name.
    Struct(Option<String>, Vec<(String, usize, Node)>),
    /// `Name(a, b)` or `(a, b)`.
    Tuple(Option<String>, Vec<Node>),
}

/// The text read into nodes, with what was found on the way.
pub struct Reader<'a> {
    b: &'a [u8],
    src: &'a str,
    pos: usize,
    line_starts: Vec<usize>,
    /// Findings so far.
    pub findings: Vec<Finding>,
    depth: usize,
}

type R<T> = Result<T, (usize, String)>;

impl<'a> Reader<'a> {
    /// A reader of `src`.
    #[must_use]
    pub fn new(src: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        Reader {
            b: src.as_bytes(),
            src,
            pos: 0,
            line_starts,
            findings: Vec::new(),
            depth: 0,
        }
    }

    /// Line and column (1-based, in characters) of a byte offset.
    #[must_use]
    pub fn line_col(&self, at: usize) -> (usize, usize) {
        let at = at.min(self.src.len());
        let line = self.line_starts.partition_point(|&s| s <= at);
        let start = self.line_starts[line - 1];
        let col = self
            .src
            .get(start..at)
            .map_or(at - start, |s| s.chars().count());
        (line, col + 1)
    }

    /// Record a finding at a byte offset.
    pub fn report(&mut self, at: usize, severity: Severity, message: String) {
        let (line, col) = self.line_col(at);
        self.findings.push(Finding {
            line,
            col,
            severity,
            message,
        });
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    /// White space and comments; a comment is reported.
    fn ws(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                Some(b'/') if self.b.get(self.pos + 1) == Some(&b'/') => {
                    self.comment();
                    while self.peek().is_some_and(|c| c != b'\n') {
                        self.pos += 1;
                    }
                }
                Some(b'/') if self.b.get(self.pos + 1) == Some(&b'*') => {
                    self.comment();
                    let end = self.src[self.pos + 2..]
                        .find("*/")
                        .map_or(self.b.len(), |i| self.pos + 2 + i + 2);
                    self.pos = end;
                }
                _ => return,
            }
        }
    }

    fn comment(&mut self) {
        self.report(
            self.pos,
            Severity::Warning,
            "a comment: saving the session removes it".into(),
        );
    }

    fn ident(&mut self) -> Option<String> {
        let start = self.pos;
        if !self
            .peek()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == b'_')
        {
            return None;
        }
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
        {
            self.pos += 1;
        }
        Some(self.src[start..self.pos].to_owned())
    }

    fn string(&mut self) -> R<String> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.src[self.pos..].chars().next() else {
                return Err((start, "a string that never ends (a missing \")".into()));
            };
            self.pos += c.len_utf8();
            match c {
                '"' => return Ok(out),
                '\\' => {
                    let Some(e) = self.src[self.pos..].chars().next() else {
                        continue;
                    };
                    self.pos += e.len_utf8();
                    match e {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        '0' => out.push('\0'),
                        'u' if self.peek() == Some(b'{') => {
                            let end = self.src[self.pos..]
                                .find('}')
                                .map_or(self.pos, |i| self.pos + i);
                            let hex = &self.src[self.pos + 1..end.max(self.pos + 1)];
                            if let Some(ch) =
                                u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
                            {
                                out.push(ch);
                            }
                            self.pos = (end + 1).min(self.b.len());
                        }
                        other => out.push(other),
                    }
                }
                c => out.push(c),
            }
        }
    }

    fn raw_string(&mut self) -> R<String> {
        let start = self.pos;
        let mut p = self.pos + 1;
        while self.b.get(p) == Some(&b'#') {
            p += 1;
        }
        let hashes = p - start - 1;
        p += 1;
        let close = format!("\"{}", "#".repeat(hashes));
        match self.src.get(p..).and_then(|s| s.find(&close)) {
            Some(i) => {
                self.pos = p + i + close.len();
                Ok(self.src[p..p + i].to_owned())
            }
            None => Err((start, "a raw string that never ends".into())),
        }
    }

    /// One value.
    ///
    /// # Errors
    /// The offset and description of the first thing that is not RON.
    pub fn value(&mut self) -> R<Node> {
        self.ws();
        let at = self.pos;
        self.depth += 1;
        if self.depth > 64 {
            return Err((at, "values nested too deeply".into()));
        }
        let kind = match self.peek() {
            None => return Err((at, "the text ends where a value was expected".into())),
            Some(b'"') => Kind::Str(self.string()?),
            Some(b'r') if matches!(self.b.get(at + 1), Some(b'"' | b'#')) => {
                Kind::Str(self.raw_string()?)
            }
            Some(b'[') => {
                let mut items = Vec::new();
                self.list(b']', |r| {
                    items.push(r.value()?);
                    Ok(())
                })?;
                Kind::Seq(items)
            }
            Some(b'{') => {
                let mut items: Vec<(Node, Node)> = Vec::new();
                self.list(b'}', |r| {
                    let k = r.value()?;
                    r.ws();
                    if r.peek() != Some(b':') {
                        return Err((r.pos, "expected `:` after the key".into()));
                    }
                    r.pos += 1;
                    let v = r.value()?;
                    items.push((k, v));
                    Ok(())
                })?;
                Kind::Map(items)
            }
            Some(b'(') => self.parens(None)?,
            Some(c) if c == b'-' || c == b'+' || c.is_ascii_digit() || c == b'.' => {
                self.pos += 1;
                while self.peek().is_some_and(|c| {
                    c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-' | b'+')
                }) {
                    self.pos += 1;
                }
                Kind::Num(self.src[at..self.pos].to_owned())
            }
            Some(_) => {
                let Some(word) = self.ident() else {
                    let c = self.src[at..].chars().next().unwrap_or(' ');
                    return Err((at, format!("unexpected {c:?} where a value was expected")));
                };
                self.ws();
                if self.peek() == Some(b'(') {
                    self.parens(Some(word))?
                } else {
                    Kind::Word(word)
                }
            }
        };
        self.depth -= 1;
        Ok(Node { at, kind })
    }

    /// `(` fields or elements `)`.
    fn parens(&mut self, name: Option<String>) -> R<Kind> {
        let open = self.pos;
        // A struct when the first thing inside is `name:`.
        self.pos += 1;
        self.ws();
        let save = self.pos;
        let is_struct = self.ident().is_some() && {
            self.ws();
            self.peek() == Some(b':')
        };
        self.pos = open;
        let _ = save;
        if is_struct {
            let mut fields = Vec::new();
            self.list(b')', |r| {
                r.ws();
                let at = r.pos;
                let Some(f) = r.ident() else {
                    return Err((at, "expected a field name".into()));
                };
                r.ws();
                if r.peek() != Some(b':') {
                    return Err((r.pos, format!("expected `:` after the field name `{f}`")));
                }
                r.pos += 1;
                let v = r.value()?;
                fields.push((f, at, v));
                Ok(())
            })?;
            Ok(Kind::Struct(name, fields))
        } else {
            let mut items = Vec::new();
            self.list(b')', |r| {
                items.push(r.value()?);
                Ok(())
            })?;
            Ok(Kind::Tuple(name, items))
        }
    }

    /// The opening bracket at `pos`, then elements separated by commas up to
    /// `close`. A missing comma is reported just after the value before it.
    fn list(&mut self, close: u8, mut item: impl FnMut(&mut Self) -> R<()>) -> R<()> {
        let open = self.pos;
        self.pos += 1;
        loop {
            self.ws();
            match self.peek() {
                Some(c) if c == close => {
                    self.pos += 1;
                    return Ok(());
                }
                None => {
                    return Err((
                        open,
                        format!(
                            "this bracket is never closed (a missing `{}`)",
                            close as char
                        ),
                    ));
                }
                _ => {}
            }
            item(self)?;
            let end = self.pos;
            self.ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(c) if c == close => {
                    self.pos += 1;
                    return Ok(());
                }
                None => {
                    return Err((
                        open,
                        format!(
                            "this bracket is never closed (a missing `{}`)",
                            close as char
                        ),
                    ));
                }
                Some(_) => {
                    return Err((
                        end,
                        format!(
                            "a missing comma after this value (or a missing `{}`)",
                            close as char
                        ),
                    ));
                }
            }
        }
    }
}

/// The fields each struct of a session may have, by where it sits.
pub(super) const SESSION: &[&str] = &[
    "format",
    "id",
    "created",
    "framework",
    "seen",
    "title",
    "organisation",
    "facilitator",
    "previous",
    "answers",
    "items",
    "positions",
    "meeting",
];
const ENTRY: &[&str] = &["value", "dot", "by", "at"];
const ITEM: &[&str] = &["prompt", "fields", "order", "deleted"];
const POSITION: &[&str] = &["at", "actor", "step", "field"];
const MEETING: &[&str] = &["planned", "spent", "attendance", "vote_budget", "votes"];
const FRAMEWORK: &[&str] = &["id", "version"];
const RATING: &[&str] = &["members", "agreed"];
const TOMBSTONE: &[&str] = &["deleted", "covers"];

/// A key of a map as text, for messages and duplicates.
fn key_text(n: &Node) -> String {
    match &n.kind {
        Kind::Str(s) | Kind::Num(s) | Kind::Word(s) => s.clone(),
        other => format!("{other:?}"),
    }
}

/// The value without positions, to compare entries.
fn shape(n: &Node) -> String {
    match &n.kind {
        Kind::Str(s) => format!("{s:?}"),
        Kind::Num(s) | Kind::Word(s) => s.clone(),
        Kind::Seq(v) | Kind::Tuple(None, v) => {
            format!("({})", v.iter().map(shape).collect::<Vec<_>>().join(","))
        }
        Kind::Tuple(Some(name), v) => {
            format!(
                "{name}({})",
                v.iter().map(shape).collect::<Vec<_>>().join(",")
            )
        }
        Kind::Map(m) => m
            .iter()
            .map(|(k, v)| format!("{}:{}", shape(k), shape(v)))
            .collect::<Vec<_>>()
            .join(","),
        Kind::Struct(_, f) => {
            let mut f: Vec<String> = f
                .iter()
                .map(|(k, _, v)| format!("{k}:{}", shape(v)))
                .collect();
            f.sort();
            f.join(",")
        }
    }
}

/// A struct's fields by name.
#[must_use]
pub fn field<'n>(n: &'n Node, name: &str) -> Option<&'n Node> {
    match &n.kind {
        Kind::Struct(_, f) => f.iter().find(|(k, _, _)| k == name).map(|(_, _, v)| v),
        _ => None,
    }
}

/// The entries of a map.
#[must_use]
pub fn entries(n: &Node) -> &[(Node, Node)] {
    match &n.kind {
        Kind::Map(m) => m,
        _ => &[],
    }
}

/// The elements of a sequence (a register).
#[must_use]
pub fn elements(n: &Node) -> &[Node] {
    match &n.kind {
        Kind::Seq(v) => v,
        _ => &[],
    }
}

/// A string value.
#[must_use]
pub fn str_of(n: &Node) -> Option<&str> {
    match &n.kind {
        Kind::Str(s) => Some(s),
        _ => None,
    }
}

struct Checker<'r, 'a> {
    r: &'r mut Reader<'a>,
}

impl Checker<'_, '_> {
    fn fields(&mut self, n: &Node, allowed: &[&str], what: &str) {
        let Kind::Struct(_, fields) = &n.kind else {
            return;
        };
        let mut seen = BTreeSet::new();
        for (k, at, _) in fields {
            if !allowed.contains(&k.as_str()) {
                self.r.report(
                    *at,
                    Severity::Error,
                    format!(
                        "unknown field `{k}` in {what}; expected one of: {}",
                        allowed.join(", ")
                    ),
                );
            } else if !seen.insert(k.as_str()) {
                self.r.report(
                    *at,
                    Severity::Error,
                    format!("the field `{k}` is given twice in {what}"),
                );
            }
        }
    }

    fn map(&mut self, n: &Node, what: &str) {
        let mut seen = BTreeSet::new();
        for (k, _) in entries(n) {
            let key = key_text(k);
            if !seen.insert(key.clone()) {
                self.r.report(
                    k.at,
                    Severity::Error,
                    format!("the key {key:?} is given twice in {what}; one value would be lost"),
                );
            }
        }
    }

    fn register(&mut self, n: &Node, what: &str) {
        let mut last: Option<((String, u64), String)> = None;
        let mut warned = false;
        for e in elements(n) {
            self.fields(e, ENTRY, "a value");
            if let Some(v) = field(e, "value")
                && matches!(v.kind, Kind::Struct(..))
            {
                self.fields(v, TOMBSTONE, "a deletion");
            }
            let dot = field(e, "dot").and_then(|d| match &d.kind {
                Kind::Tuple(None, v) if v.len() == 2 => {
                    let a = str_of(&v[0])?.to_owned();
                    let c = match &v[1].kind {
                        Kind::Num(s) => s.parse::<u64>().ok()?,
                        _ => return None,
                    };
                    Some((a, c))
                }
                _ => None,
            });
            let Some(dot) = dot else { continue };
            let body = shape(e);
            if let Some((ld, lb)) = &last {
                if !warned && *ld > dot {
                    warned = true;
                    self.r.report(
                        e.at,
                        Severity::Warning,
                        format!("{what}: values out of dot order; saving sorts them"),
                    );
                } else if *ld == dot && *lb == body {
                    self.r.report(
                        e.at,
                        Severity::Warning,
                        format!("{what}: this value is listed twice; saving keeps one"),
                    );
                } else if *ld == dot {
                    self.r.report(
                        e.at,
                        Severity::Warning,
                        format!(
                            "{what}: two different values carry the edit ({:?}, {}), as after a hand edit; both are kept as a conflict",
                            dot.0, dot.1
                        ),
                    );
                }
            }
            last = Some((dot, body));
        }
    }

    fn registers(&mut self, n: &Node, what: &str) {
        self.map(n, what);
        for (k, v) in entries(n) {
            self.register(v, &format!("{what} {:?}", key_text(k)));
        }
    }

    fn session(&mut self, n: &Node) {
        self.fields(n, SESSION, "the session");
        if let Some(f) = field(n, "framework") {
            self.fields(f, FRAMEWORK, "the framework");
        }
        if let Some(s) = field(n, "seen") {
            self.map(s, "seen");
        }
        for name in ["title", "organisation", "facilitator"] {
            if let Some(r) = field(n, name) {
                self.register(r, name);
            }
        }
        if let Some(a) = field(n, "answers") {
            self.map(a, "answers");
            for (k, v) in entries(a) {
                let what = format!("answer {:?}", key_text(k));
                match &v.kind {
                    Kind::Tuple(Some(t), inner) if t == "Text" && inner.len() == 1 => {
                        self.register(&inner[0], &what);
                    }
                    Kind::Tuple(Some(t), inner) if t == "Checks" && inner.len() == 1 => {
                        self.registers(&inner[0], &what);
                    }
                    Kind::Struct(Some(t), _) if t == "Rating" => {
                        self.fields(v, RATING, "a rating");
                        if let Some(m) = field(v, "members") {
                            self.registers(m, &what);
                        }
                        if let Some(r) = field(v, "agreed") {
                            self.register(r, &what);
                        }
                    }
                    _ => {}
                }
            }
        }
        if let Some(items) = field(n, "items") {
            self.map(items, "items");
            for (k, item) in entries(items) {
                let what = format!("item {:?}", key_text(k));
                self.fields(item, ITEM, "an item");
                if let Some(f) = field(item, "fields") {
                    self.registers(f, &what);
                }
                for name in ["order", "deleted"] {
                    if let Some(r) = field(item, name) {
                        self.register(r, &what);
                    }
                }
            }
        }
        if let Some(p) = field(n, "positions") {
            self.map(p, "positions");
            for (_, v) in entries(p) {
                self.fields(v, POSITION, "a position");
            }
        }
        if let Some(m) = field(n, "meeting") {
            self.fields(m, MEETING, "the meeting");
            for name in ["planned", "attendance"] {
                if let Some(r) = field(m, name) {
                    self.registers(r, name);
                }
            }
            for name in ["spent", "votes"] {
                if let Some(outer) = field(m, name) {
                    self.map(outer, name);
                    for (_, inner) in entries(outer) {
                        self.registers(inner, name);
                    }
                }
            }
            if let Some(r) = field(m, "vote_budget") {
                self.register(r, "vote_budget");
            }
        }
    }
}

/// Read a session text with positions. The tree is `None` when the text is
/// not RON; the findings then hold the syntax error at its place.
#[must_use]
pub fn read(text: &str) -> (Option<Node>, Reader<'_>) {
    let mut r = Reader::new(text);
    let mut boms = 0;
    while r.src[r.pos..].starts_with('\u{feff}') {
        boms += 1;
        r.pos += '\u{feff}'.len_utf8();
    }
    if boms == 1 {
        r.report(
            0,
            Severity::Warning,
            "a byte order mark: saving removes it".into(),
        );
    } else if boms > 1 {
        r.report(
            0,
            Severity::Error,
            format!("{boms} byte order marks; one at most is allowed"),
        );
    }
    if super::normal::crlf_file(text) {
        r.report(
            0,
            Severity::Warning,
            "CRLF line ends: read as LF, and saving writes LF".into(),
        );
    }
    let node = match r.value() {
        Ok(n) => {
            r.ws();
            if r.pos < r.b.len() {
                let at = r.pos;
                r.report(
                    at,
                    Severity::Error,
                    "text after the end of the session".into(),
                );
            }
            Some(n)
        }
        Err((at, msg)) => {
            r.report(at, Severity::Error, msg);
            None
        }
    };
    (node, r)
}

/// Everything `check` finds in a session's text without a framework: syntax
/// errors at their place, unknown and repeated fields, repeated keys,
/// comments, byte order marks, CRLF, and registers that reading normalises.
/// Sorted by position.
#[must_use]
pub fn lint(text: &str) -> Vec<Finding> {
    let (node, mut r) = read(text);
    if let Some(n) = &node {
        Checker { r: &mut r }.session(n);
    }
    let mut f = r.findings;
    f.sort();
    f.dedup();
    f
}
