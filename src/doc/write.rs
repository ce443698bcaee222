//! Writing a session as the text of its file.
//!
//! The text is RON that any RON reader (and every earlier safestep) reads as
//! the same session; only the layout is chosen here, for size and for diffs:
//! every value of a register (`value`, `dot`, `by`, `at`) is one line, every
//! key of a map starts a line, and nothing else is spread out. Equal sessions
//! give byte-identical text.

use super::clock::{Clock, Dot};
use super::meeting::Meeting;
use super::register::{Entry, Register};
use super::session::{Answer, FrameworkRef, Item, Position, Session, Tombstone};
use jiff::Timestamp;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The format a session is written in: 3 when it holds meeting data (a
/// safestep that predates the meeting would drop it), else 2, which every
/// safestep since format 2 reads and writes without loss.
#[must_use]
pub fn written_format(session: &Session) -> u32 {
    if session.meeting.is_empty() { 2 } else { 3 }
}

/// A value that is written inline, on the line of its key or entry.
trait Inline {
    fn put(&self, w: &mut Writer);
}

impl Inline for String {
    fn put(&self, w: &mut Writer) {
        w.string(self);
    }
}

impl Inline for bool {
    fn put(&self, w: &mut Writer) {
        w.out.push_str(if *self { "true" } else { "false" });
    }
}

macro_rules! inline_unsigned {
    ($($t:ty),*) => {$(
        impl Inline for $t {
            fn put(&self, w: &mut Writer) {
                w.number(u64::from(*self));
            }
        }
    )*};
}
inline_unsigned!(u8, u32, u64);

impl Inline for i64 {
    fn put(&self, w: &mut Writer) {
        if *self < 0 {
            w.out.push('-');
        }
        w.number(self.unsigned_abs());
    }
}

impl Inline for Dot {
    fn put(&self, w: &mut Writer) {
        w.out.push('(');
        w.string(&self.0);
        w.out.push_str(", ");
        w.number(self.1);
        w.out.push(')');
    }
}

impl Inline for Tombstone {
    fn put(&self, w: &mut Writer) {
        w.out.push_str("(deleted: ");
        self.deleted.put(w);
        if let Some(covers) = &self.covers {
            w.out.push_str(", covers: Some([");
            for (i, d) in covers.iter().enumerate() {
                if i > 0 {
                    w.out.push_str(", ");
                }
                d.put(w);
            }
            w.out.push_str("])");
        }
        w.out.push(')');
    }
}

impl<T: Inline> Inline for Entry<T> {
    fn put(&self, w: &mut Writer) {
        w.out.push_str("(value: ");
        self.value.put(w);
        w.out.push_str(", dot: ");
        self.dot.put(w);
        w.out.push_str(", by: ");
        w.string(&self.by);
        w.out.push_str(", at: ");
        w.timestamp(self.at);
        w.out.push(')');
    }
}

impl Inline for FrameworkRef {
    fn put(&self, w: &mut Writer) {
        w.out.push_str("(id: ");
        w.string(&self.id);
        let _ = write!(w.out, ", version: {})", self.version);
    }
}

impl Inline for Position {
    fn put(&self, w: &mut Writer) {
        w.out.push_str("(at: ");
        w.timestamp(self.at);
        w.out.push_str(", actor: ");
        w.string(&self.actor);
        let _ = write!(w.out, ", step: {}, field: ", self.step);
        w.string(&self.field);
        w.out.push(')');
    }
}

struct Writer {
    out: String,
    /// The last timestamp written and its text: values written in one
    /// sitting share their time, and formatting one costs more than a copy.
    last_at: Option<(Timestamp, String)>,
}

impl Writer {
    fn indent(&mut self, depth: usize) {
        for _ in 0..depth {
            self.out.push_str("    ");
        }
    }

    /// A number in decimal.
    fn number(&mut self, mut n: u64) {
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        loop {
            at -= 1;
            // n % 10 < 10: the cast cannot truncate.
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        if let Ok(text) = std::str::from_utf8(&digits[at..]) {
            self.out.push_str(text);
        }
    }

    /// A string as RON writes it unescaped: literally between quotes, or as
    /// a raw string when it holds a quote or a backslash.
    fn string(&mut self, s: &str) {
        if super::read::quote_or_backslash(s.as_bytes()).is_some() {
            let mut run = 0usize;
            let mut most = 0usize;
            for b in s.bytes() {
                if b == b'#' {
                    run += 1;
                    most = most.max(run);
                } else {
                    run = 0;
                }
            }
            self.out.push('r');
            for _ in 0..=most {
                self.out.push('#');
            }
            self.out.push('"');
            self.out.push_str(s);
            self.out.push('"');
            for _ in 0..=most {
                self.out.push('#');
            }
        } else {
            self.out.push('"');
            self.out.push_str(s);
            self.out.push('"');
        }
    }

    fn timestamp(&mut self, t: Timestamp) {
        match &self.last_at {
            Some((last, text)) if *last == t => {
                self.out.push('"');
                self.out.push_str(text);
                self.out.push('"');
            }
            _ => {
                let text = t.to_string();
                self.out.push('"');
                self.out.push_str(&text);
                self.out.push('"');
                self.last_at = Some((t, text));
            }
        }
    }

    /// `key: ` at the start of a line.
    fn field(&mut self, depth: usize, name: &str) {
        self.indent(depth);
        self.out.push_str(name);
        self.out.push_str(": ");
    }

    /// A register: `[]`, one entry inline, or one entry a line.
    fn register<T: Inline>(&mut self, r: &Register<T>, depth: usize) {
        match r.0.as_slice() {
            [] => self.out.push_str("[]"),
            [one] => {
                self.out.push('[');
                one.put(self);
                self.out.push(']');
            }
            many => {
                self.out.push_str("[\n");
                for e in many {
                    self.indent(depth + 1);
                    e.put(self);
                    self.out.push_str(",\n");
                }
                self.indent(depth);
                self.out.push(']');
            }
        }
    }

    /// A map whose keys each start a line at `depth + 1`; `value` writes the
    /// rest of the line (and any lines below it) for one key.
    fn map<V>(
        &mut self,
        m: &BTreeMap<String, V>,
        depth: usize,
        mut value: impl FnMut(&mut Self, &V, usize),
    ) {
        if m.is_empty() {
            self.out.push_str("{}");
            return;
        }
        self.out.push_str("{\n");
        for (k, v) in m {
            self.indent(depth + 1);
            self.string(k);
            self.out.push_str(": ");
            value(self, v, depth + 1);
            self.out.push_str(",\n");
        }
        self.indent(depth);
        self.out.push('}');
    }

    fn registers<T: Inline>(&mut self, m: &BTreeMap<String, Register<T>>, depth: usize) {
        self.map(m, depth, |w, r, d| w.register(r, d));
    }

    fn nested<T: Inline>(
        &mut self,
        m: &BTreeMap<String, BTreeMap<String, Register<T>>>,
        depth: usize,
    ) {
        self.map(m, depth, |w, inner, d| w.registers(inner, d));
    }

    fn clock(&mut self, c: &Clock, depth: usize) {
        self.map(&c.0, depth, |w, n, _| n.put(w));
    }

    fn answer(&mut self, a: &Answer, depth: usize) {
        match a {
            Answer::Text(r) => {
                self.out.push_str("Text(");
                self.register(r, depth);
                self.out.push(')');
            }
            Answer::Checks(m) => {
                self.out.push_str("Checks(");
                self.registers(m, depth);
                self.out.push(')');
            }
            Answer::Rating { members, agreed } => {
                self.out.push_str("Rating(\n");
                self.field(depth + 1, "members");
                self.registers(members, depth + 1);
                self.out.push_str(",\n");
                self.field(depth + 1, "agreed");
                self.register(agreed, depth + 1);
                self.out.push_str(",\n");
                self.indent(depth);
                self.out.push(')');
            }
        }
    }

    fn item(&mut self, i: &Item, depth: usize) {
        self.out.push_str("(\n");
        self.field(depth + 1, "prompt");
        self.string(&i.prompt);
        self.out.push_str(",\n");
        self.field(depth + 1, "fields");
        self.registers(&i.fields, depth + 1);
        self.out.push_str(",\n");
        self.field(depth + 1, "order");
        self.register(&i.order, depth + 1);
        self.out.push_str(",\n");
        self.field(depth + 1, "deleted");
        self.register(&i.deleted, depth + 1);
        self.out.push_str(",\n");
        self.indent(depth);
        self.out.push(')');
    }

    fn meeting(&mut self, m: &Meeting, depth: usize) {
        self.out.push_str("(\n");
        let d = depth + 1;
        if !m.planned.is_empty() {
            self.field(d, "planned");
            self.registers(&m.planned, d);
            self.out.push_str(",\n");
        }
        if !m.spent.is_empty() {
            self.field(d, "spent");
            self.nested(&m.spent, d);
            self.out.push_str(",\n");
        }
        if !m.attendance.is_empty() {
            self.field(d, "attendance");
            self.registers(&m.attendance, d);
            self.out.push_str(",\n");
        }
        if !m.vote_budget.is_empty() {
            self.field(d, "vote_budget");
            self.register(&m.vote_budget, d);
            self.out.push_str(",\n");
        }
        if !m.votes.is_empty() {
            self.field(d, "votes");
            self.nested(&m.votes, d);
            self.out.push_str(",\n");
        }
        self.indent(depth);
        self.out.push(')');
    }
}

/// The text of a session's file, in the current layout.
pub(super) fn session_text(s: &Session) -> String {
    let mut w = Writer {
        out: String::with_capacity(estimate(s)),
        last_at: None,
    };
    let _ = write!(w.out, "(\n    format: {},\n", written_format(s));
    w.field(1, "id");
    w.string(&s.id);
    w.out.push_str(",\n");
    w.field(1, "created");
    w.timestamp(s.created);
    w.out.push_str(",\n");
    w.field(1, "framework");
    s.framework.put(&mut w);
    w.out.push_str(",\n");
    w.field(1, "seen");
    w.clock(&s.seen, 1);
    w.out.push_str(",\n");
    for (name, r) in [
        ("title", &s.title),
        ("organisation", &s.organisation),
        ("facilitator", &s.facilitator),
    ] {
        w.field(1, name);
        w.register(r, 1);
        w.out.push_str(",\n");
    }
    w.field(1, "previous");
    match &s.previous {
        None => w.out.push_str("None"),
        Some(p) => {
            w.out.push_str("Some(");
            w.string(p);
            w.out.push(')');
        }
    }
    w.out.push_str(",\n");
    w.field(1, "answers");
    w.map(&s.answers, 1, |w, a, d| w.answer(a, d));
    w.out.push_str(",\n");
    w.field(1, "items");
    w.map(&s.items, 1, |w, i, d| w.item(i, d));
    w.out.push_str(",\n");
    w.field(1, "positions");
    w.map(&s.positions, 1, |w, p, _| p.put(w));
    w.out.push_str(",\n");
    if !s.meeting.is_empty() {
        w.field(1, "meeting");
        w.meeting(&s.meeting, 1);
        w.out.push_str(",\n");
    }
    w.out.push_str(")\n");
    w.out
}

/// A guess at the text's length, so the buffer is allocated once or twice.
fn estimate(s: &Session) -> usize {
    let values: usize =
        s.items.values().map(|i| i.fields.len() + 2).sum::<usize>() + s.answers.len() * 2;
    4096 + values * 120
}
