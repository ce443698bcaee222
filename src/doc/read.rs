//! A fast reader for session files of the formats this build writes.
//!
//! It understands the RON that safestep writes (in the current layout and in
//! the earlier, spread-out one) and any spacing of it, and nothing more: on
//! anything else (a comment, an escape, a struct name, an unknown field, a
//! number written unusually, an older or newer format) it gives up and
//! [`super::parse`] hands the text to the `ron` crate, which is the reference
//! for what a file means and says what is wrong with a broken one. So it may
//! only ever accept text that `ron` reads as the same session; the tests
//! compare the two on random and damaged files.

use super::clock::{Clock, Dot};
use super::meeting::Meeting;
use super::register::{Entry, Register};
use super::session::{Answer, FORMAT, FrameworkRef, Item, Position, Session, Tombstone};
use jiff::Timestamp;
use std::collections::BTreeMap;

/// The session, and the format its text declared; `None` when the text is
/// anything this reader does not handle.
pub(super) fn session(text: &str) -> Option<(Session, u32)> {
    let mut r = Reader {
        src: text,
        b: text.as_bytes(),
        pos: 0,
        last_at: None,
    };
    r.ws();
    let (s, format) = r.session()?;
    r.ws();
    (r.pos == r.b.len()).then_some((s, format))
}

struct Reader<'a> {
    src: &'a str,
    b: &'a [u8],
    pos: usize,
    /// The last timestamp read and its text: values written in one sitting
    /// share their time.
    last_at: Option<(&'a str, Timestamp)>,
}

/// `Some(())` or give up.
type Step = Option<()>;

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// A struct's field that may be given once.
fn once<T>(slot: &mut Option<T>, v: T) -> Step {
    if slot.is_some() {
        return None;
    }
    *slot = Some(v);
    Some(())
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    /// Spaces, tabs and line ends. Anything else RON calls white space (and
    /// comments) makes a later step give up.
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn eat(&mut self, c: u8) -> Step {
        (self.peek()? == c).then(|| self.pos += 1)
    }

    /// `c` after optional white space.
    fn expect(&mut self, c: u8) -> Step {
        self.ws();
        self.eat(c)
    }

    /// A bare identifier such as a field or variant name.
    fn ident(&mut self) -> Option<&'a str> {
        let start = self.pos;
        match self.peek()? {
            b if b.is_ascii_alphabetic() || b == b'_' => {}
            _ => return None,
        }
        while self.peek().is_some_and(is_ident) {
            self.pos += 1;
        }
        let id = &self.src[start..self.pos];
        // `r#name` is a raw identifier; leave it to the reference reader.
        if id == "r" && self.peek() == Some(b'#') {
            return None;
        }
        Some(id)
    }

    /// A keyword (`true`, `None`, ...) that must not run on into an identifier.
    fn keyword(&mut self, word: &str) -> bool {
        let end = self.pos + word.len();
        if self.b.get(self.pos..end) == Some(word.as_bytes())
            && !self.b.get(end).copied().is_some_and(is_ident)
        {
            self.pos = end;
            true
        } else {
            false
        }
    }

    /// A string without escapes, quoted or raw, borrowed from the text.
    fn str(&mut self) -> Option<&'a str> {
        self.ws();
        match self.peek()? {
            b'"' => {
                let start = self.pos + 1;
                let end = start + quote_or_backslash(self.b.get(start..)?)?;
                if self.b[end] == b'\\' {
                    return None;
                }
                self.pos = end + 1;
                Some(&self.src[start..end])
            }
            b'r' => {
                let mut p = self.pos + 1;
                let hashes_at = p;
                while self.b.get(p) == Some(&b'#') {
                    p += 1;
                }
                let hashes = p - hashes_at;
                if self.b.get(p) != Some(&b'"') {
                    return None;
                }
                let start = p + 1;
                let mut from = start;
                loop {
                    let q = from + self.src.get(from..)?.find('"')?;
                    let end = q + 1 + hashes;
                    if self.b.get(q + 1..end)?.iter().all(|&b| b == b'#') {
                        self.pos = end;
                        return Some(&self.src[start..q]);
                    }
                    from = q + 1;
                }
            }
            _ => None,
        }
    }

    fn string(&mut self) -> Option<String> {
        self.str().map(str::to_owned)
    }

    /// Decimal digits, no sign, no leading zero, no suffix.
    fn digits(&mut self) -> Option<u64> {
        let start = self.pos;
        let mut n: u64 = 0;
        while let Some(d @ b'0'..=b'9') = self.peek() {
            n = n.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
            self.pos += 1;
        }
        let len = self.pos - start;
        if len == 0 || (len > 1 && self.b[start] == b'0') {
            return None;
        }
        match self.peek() {
            Some(b) if is_ident(b) || b == b'.' => None,
            _ => Some(n),
        }
    }

    fn u64(&mut self) -> Option<u64> {
        self.ws();
        self.digits()
    }

    fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.u64()?).ok()
    }

    fn u8(&mut self) -> Option<u8> {
        u8::try_from(self.u64()?).ok()
    }

    fn i64(&mut self) -> Option<i64> {
        self.ws();
        if self.peek()? == b'-' {
            self.pos += 1;
            let n = self.digits()?;
            if n == 0 {
                return None;
            }
            0i64.checked_sub_unsigned(n)
        } else {
            i64::try_from(self.digits()?).ok()
        }
    }

    fn bool(&mut self) -> Option<bool> {
        self.ws();
        if self.keyword("true") {
            Some(true)
        } else if self.keyword("false") {
            Some(false)
        } else {
            None
        }
    }

    fn timestamp(&mut self) -> Option<Timestamp> {
        let s = self.str()?;
        if let Some((last, t)) = self.last_at
            && last == s
        {
            return Some(t);
        }
        let t: Timestamp = s.parse().ok()?;
        self.last_at = Some((s, t));
        Some(t)
    }

    /// `(` name `:` value `,` ... `)` for a struct with the field `names`:
    /// calls `field` with the index of each name, which reads the value.
    /// Fields usually come in the order of `names`, so the next one is
    /// tried first; an unknown name gives up.
    fn fields(&mut self, names: &[&str], mut field: impl FnMut(&mut Self, usize) -> Step) -> Step {
        self.expect(b'(')?;
        let mut next = 0;
        loop {
            self.ws();
            if self.eat(b')').is_some() {
                return Some(());
            }
            let i = match names.get(next) {
                Some(n) if self.keyword(n) => next,
                _ => {
                    let name = self.ident()?;
                    names.iter().position(|n| *n == name)?
                }
            };
            next = i + 1;
            self.expect(b':')?;
            field(self, i)?;
            self.ws();
            match self.peek()? {
                b',' => self.pos += 1,
                b')' => {
                    self.pos += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// `[` item `,` ... `]`.
    fn seq(&mut self, mut item: impl FnMut(&mut Self) -> Step) -> Step {
        self.expect(b'[')?;
        loop {
            self.ws();
            if self.eat(b']').is_some() {
                return Some(());
            }
            item(self)?;
            self.ws();
            match self.peek()? {
                b',' => self.pos += 1,
                b']' => {
                    self.pos += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// `{` "key" `:` value `,` ... `}`. Keys come sorted in a file safestep
    /// wrote; a repeated key gives up (the reference reader keeps the last).
    fn map<V>(
        &mut self,
        mut value: impl FnMut(&mut Self) -> Option<V>,
    ) -> Option<BTreeMap<String, V>> {
        self.expect(b'{')?;
        let mut sorted: Vec<(String, V)> = Vec::new();
        loop {
            self.ws();
            if self.eat(b'}').is_some() {
                break;
            }
            let k = self.string()?;
            self.expect(b':')?;
            let v = value(self)?;
            sorted.push((k, v));
            self.ws();
            match self.peek()? {
                b',' => self.pos += 1,
                b'}' => {
                    self.pos += 1;
                    break;
                }
                _ => return None,
            }
        }
        if sorted.windows(2).all(|w| w[0].0 < w[1].0) {
            // Already in order: the map is built without searching.
            return Some(sorted.into_iter().collect());
        }
        let mut m = BTreeMap::new();
        for (k, v) in sorted {
            if m.insert(k, v).is_some() {
                return None;
            }
        }
        Some(m)
    }

    fn dot(&mut self) -> Option<Dot> {
        self.expect(b'(')?;
        let actor = self.string()?;
        self.expect(b',')?;
        let n = self.u64()?;
        self.expect(b')')?;
        Some(Dot(actor, n))
    }

    fn entry<T>(&mut self, value: &mut impl FnMut(&mut Self) -> Option<T>) -> Option<Entry<T>> {
        let (mut v, mut dot, mut by, mut at) = (None, None, None, None);
        self.fields(&["value", "dot", "by", "at"], |r, i| match i {
            0 => once(&mut v, value(r)?),
            1 => once(&mut dot, r.dot()?),
            2 => once(&mut by, r.string()?),
            3 => once(&mut at, r.timestamp()?),
            _ => None,
        })?;
        Some(Entry {
            value: v?,
            dot: dot?,
            by: by?,
            at: at?,
        })
    }

    fn register<T>(
        &mut self,
        mut value: impl FnMut(&mut Self) -> Option<T>,
    ) -> Option<Register<T>> {
        // Nearly every register holds one value; a conflict grows it.
        let mut out = Vec::with_capacity(1);
        self.seq(|r| {
            out.push(r.entry(&mut value)?);
            Some(())
        })?;
        Some(Register(out))
    }

    fn registers<T>(
        &mut self,
        value: impl Fn(&mut Self) -> Option<T> + Copy,
    ) -> Option<BTreeMap<String, Register<T>>> {
        self.map(|r| r.register(value))
    }

    fn nested<T>(
        &mut self,
        value: impl Fn(&mut Self) -> Option<T> + Copy,
    ) -> Option<BTreeMap<String, BTreeMap<String, Register<T>>>> {
        self.map(|r| r.registers(value))
    }

    fn tombstone(&mut self) -> Option<Tombstone> {
        let (mut deleted, mut covers) = (None, None);
        self.fields(&["deleted", "covers"], |r, i| match i {
            0 => once(&mut deleted, r.bool()?),
            1 => {
                r.ws();
                let c = if r.keyword("None") {
                    None
                } else if r.keyword("Some") {
                    r.eat(b'(')?;
                    let mut dots = Vec::new();
                    r.seq(|r| {
                        dots.push(r.dot()?);
                        Some(())
                    })?;
                    r.expect(b')')?;
                    Some(dots)
                } else {
                    return None;
                };
                once(&mut covers, c)
            }
            _ => None,
        })?;
        Some(Tombstone {
            deleted: deleted?,
            covers: covers.flatten(),
        })
    }

    fn answer(&mut self) -> Option<Answer> {
        self.ws();
        let variant = self.ident()?;
        let a = match variant {
            "Text" => {
                self.eat(b'(')?;
                let r = self.register(Self::string)?;
                self.expect(b')')?;
                Answer::Text(r)
            }
            "Checks" => {
                self.eat(b'(')?;
                let m = self.registers(Self::bool)?;
                self.expect(b')')?;
                Answer::Checks(m)
            }
            "Rating" => {
                if self.peek()? != b'(' {
                    return None;
                }
                let (mut members, mut agreed) = (None, None);
                self.fields(&["members", "agreed"], |r, i| match i {
                    0 => once(&mut members, r.registers(Self::u8)?),
                    1 => once(&mut agreed, r.register(Self::u8)?),
                    _ => None,
                })?;
                Answer::Rating {
                    members: members?,
                    agreed: agreed?,
                }
            }
            _ => return None,
        };
        Some(a)
    }

    fn item(&mut self) -> Option<Item> {
        let (mut prompt, mut fields, mut order, mut deleted) = (None, None, None, None);
        self.fields(&["prompt", "fields", "order", "deleted"], |r, i| match i {
            0 => once(&mut prompt, r.string()?),
            1 => once(&mut fields, r.registers(Self::string)?),
            2 => once(&mut order, r.register(Self::i64)?),
            3 => once(&mut deleted, r.register(Self::tombstone)?),
            _ => None,
        })?;
        Some(Item {
            prompt: prompt?,
            fields: fields?,
            order: order.unwrap_or_default(),
            deleted: deleted.unwrap_or_default(),
        })
    }

    fn position(&mut self) -> Option<Position> {
        let (mut at, mut actor, mut step, mut field) = (None, None, None, None);
        self.fields(&["at", "actor", "step", "field"], |r, i| match i {
            0 => once(&mut at, r.timestamp()?),
            1 => once(&mut actor, r.string()?),
            2 => once(&mut step, r.u32()?),
            3 => once(&mut field, r.string()?),
            _ => None,
        })?;
        Some(Position {
            at: at?,
            actor: actor?,
            step: step?,
            field: field?,
        })
    }

    fn meeting(&mut self) -> Option<Meeting> {
        let mut m = Meeting::default();
        let mut seen = [false; 5];
        let names = ["planned", "spent", "attendance", "vote_budget", "votes"];
        self.fields(&names, |r, i| {
            if std::mem::replace(&mut seen[i], true) {
                return None;
            }
            match i {
                0 => m.planned = r.registers(Self::u32)?,
                1 => m.spent = r.nested(Self::u64)?,
                2 => m.attendance = r.registers(Self::bool)?,
                3 => m.vote_budget = r.register(Self::u32)?,
                _ => m.votes = r.nested(Self::u32)?,
            }
            Some(())
        })?;
        Some(m)
    }

    fn framework(&mut self) -> Option<FrameworkRef> {
        let (mut id, mut version) = (None, None);
        self.fields(&["id", "version"], |r, i| match i {
            0 => once(&mut id, r.string()?),
            1 => once(&mut version, r.u32()?),
            _ => None,
        })?;
        Some(FrameworkRef {
            id: id?,
            version: version?,
        })
    }

    fn previous(&mut self) -> Option<Option<String>> {
        self.ws();
        if self.keyword("None") {
            return Some(None);
        }
        if !self.keyword("Some") {
            return None;
        }
        self.eat(b'(')?;
        let s = self.string()?;
        self.expect(b')')?;
        Some(Some(s))
    }

    fn session(&mut self) -> Option<(Session, u32)> {
        let mut format = None;
        let (mut id, mut created, mut framework, mut seen, mut title) =
            (None, None, None, None, None);
        let (mut organisation, mut facilitator, mut previous) = (None, None, None);
        let (mut answers, mut items, mut positions, mut meeting) = (None, None, None, None);
        // One list of a session's fields, in the order the match below counts them.
        self.fields(super::lint::SESSION, |r, i| match i {
            0 => {
                let f = r.u32()?;
                // Format 1 (other tombstones) and newer formats go to the
                // reference reader.
                if !(2..=FORMAT).contains(&f) {
                    return None;
                }
                once(&mut format, f)
            }
            1 => once(&mut id, r.string()?),
            2 => once(&mut created, r.timestamp()?),
            3 => once(&mut framework, r.framework()?),
            4 => once(&mut seen, Clock(r.map(Self::u64)?)),
            5 => once(&mut title, r.register(Self::string)?),
            6 => once(&mut organisation, r.register(Self::string)?),
            7 => once(&mut facilitator, r.register(Self::string)?),
            8 => once(&mut previous, r.previous()?),
            9 => once(&mut answers, r.map(Self::answer)?),
            10 => once(&mut items, r.map(Self::item)?),
            11 => once(&mut positions, r.map(Self::position)?),
            12 => once(&mut meeting, r.meeting()?),
            _ => None,
        })?;
        let format = format?;
        let s = Session {
            format: FORMAT,
            id: id?,
            created: created?,
            framework: framework?,
            seen: seen?,
            title: title?,
            organisation: organisation.unwrap_or_default(),
            facilitator: facilitator.unwrap_or_default(),
            previous: previous.flatten(),
            answers: answers.unwrap_or_default(),
            items: items.unwrap_or_default(),
            positions: positions.unwrap_or_default(),
            meeting: meeting.unwrap_or_default(),
        };
        Some((s, format))
    }
}

/// The index of the first `"` or `\` in `b`, eight bytes at a time.
pub(super) fn quote_or_backslash(b: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let quote = ONES * u64::from(b'"');
    let slash = ONES * u64::from(b'\\');
    let mut at = 0;
    for chunk in b.chunks_exact(8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        let (x, y) = (w ^ quote, w ^ slash);
        // A byte of x or y is zero where w holds a quote or a backslash; the
        // lowest flagged byte is always a real one.
        let hits = ((x.wrapping_sub(ONES) & !x) | (y.wrapping_sub(ONES) & !y)) & HIGH;
        if hits != 0 {
            return Some(at + (hits.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    b[at..]
        .iter()
        .position(|&c| c == b'"' || c == b'\\')
        .map(|p| at + p)
}

#[cfg(test)]
mod tests {
    use super::session;
    use crate::content::Framework;
    use crate::doc::{Session, to_text, to_text_legacy, written_format};

    fn sample() -> Session {
        let fw = Framework::embedded().unwrap_or_else(|e| panic!("{e}"));
        crate::doc::sample::session(&fw)
    }

    /// The reader takes the text itself (it does not leave it to `ron`) in
    /// both layouts, and reads what was written.
    #[test]
    fn it_reads_both_layouts_itself() {
        let s = sample();
        let new = to_text(&s).unwrap_or_default();
        assert_eq!(session(&new), Some((s.clone(), written_format(&s))));
        let mut old = s.clone();
        old.format = 2;
        let legacy = to_text_legacy(&old).unwrap_or_default();
        assert_eq!(session(&legacy), Some((s, 2)));
        let demo = include_str!("../../content/demo-session.ron");
        assert!(session(demo).is_some_and(|(d, f)| f == 3 && !d.meeting.is_empty()));
    }

    /// What it leaves to the reference reader.
    #[test]
    fn it_gives_up_on_what_it_does_not_handle() {
        let t = to_text(&sample()).unwrap_or_default();
        for (from, to) in [
            ("format: 2,", "format: 1,"),
            ("format: 2,", "format: 4,"),
            ("format: 2,", "format: 02,"),
            ("format: 2,", "format: 2u32,"),
            ("(\n    format", "Session(\n    format"),
            ("    id: ", "    // a comment\n    id: "),
            ("    id: ", "    mood: 1,\n    id: "),
            ("previous: None", "previous: Some (\"x\")"),
            ("Text([", "Text ( ["),
            ("dot: (\"alice@sample\", 1)", "dot: (\"alice@sample\", 1,)"),
            ("by: \"alice\"", "by: \"ali\\u{63}e\""),
        ] {
            assert!(t.contains(from), "{from}");
            let changed = t.replacen(from, to, 1);
            assert_eq!(session(&changed), None, "{to}");
        }
    }
}
