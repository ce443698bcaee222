//! A thin state-tracking backend over crossterm.
//!
//! Stock ratatui moves the cursor absolutely, resets the style after every frame
//! and hides or shows the cursor every frame. Over a slow SSH link that is most
//! of what a keystroke costs. This backend remembers the cursor position, the
//! current style and the cursor's visibility across frames, writes only what
//! changed, and sends each frame in one `write(2)`. Typing a character at the
//! end of a field therefore costs the character itself.
//!
//! Wherever its knowledge of the screen could be wrong (a clear, a resize, a
//! suspend, an outside write) it forgets: see [`TrackingBackend::invalidate`].

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use std::io::{self, Write};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// What the terminal's pen is set to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Pen {
    fg: Color,
    bg: Color,
    modifier: Modifier,
}

impl Pen {
    const RESET: Pen = Pen {
        fg: Color::Reset,
        bg: Color::Reset,
        modifier: Modifier::empty(),
    };
}

/// A backend that writes only what changed, in one write per frame.
#[derive(Debug)]
pub struct TrackingBackend<W: Write> {
    out: W,
    /// Used for the terminal size queries only.
    sizer: CrosstermBackend<io::Sink>,
    buf: Vec<u8>,
    /// Where the terminal's cursor is, when known.
    cursor: Option<Position>,
    /// The terminal's current style, when known.
    pen: Option<Pen>,
    /// Whether the cursor is visible, when known.
    visible: Option<bool>,
    /// The terminal's width, to know when a write leaves the cursor pending a wrap.
    width: u16,
    /// A fixed size, for tests without a terminal.
    fixed_size: Option<Size>,
    /// Cells holding a grapheme of several visible code points (a flag, an
    /// emoji with a modifier), as `(x, y, width)`. Terminals disagree about
    /// these: some draw one glyph, others one glyph per code point, in
    /// columns ratatui counts as hidden blanks. See [`Self::draw`].
    composites: Vec<(u16, u16, u16)>,
}

impl<W: Write> TrackingBackend<W> {
    /// A backend writing to `out` (normally a handle on the terminal).
    pub fn new(out: W) -> Self {
        let sizer = CrosstermBackend::new(io::sink());
        let width = sizer.size().map_or(0, |s| s.width);
        TrackingBackend {
            out,
            sizer,
            buf: Vec::with_capacity(16 * 1024),
            cursor: None,
            pen: None,
            visible: None,
            width,
            fixed_size: None,
            composites: Vec::new(),
        }
    }

    /// A backend of a fixed size (for measuring and testing without a terminal).
    pub fn with_size(out: W, width: u16, height: u16) -> Self {
        let mut b = TrackingBackend::new(out);
        b.fixed_size = Some(Size { width, height });
        b.width = width;
        b
    }

    /// Forget everything known about the terminal's state: the next frame
    /// states the cursor, style and visibility afresh.
    pub fn invalidate(&mut self) {
        self.cursor = None;
        self.pen = None;
        self.visible = None;
    }

    /// The writer (tests read what was written).
    pub fn writer(&self) -> &W {
        &self.out
    }

    /// The writer, mutably.
    pub fn writer_mut(&mut self) -> &mut W {
        &mut self.out
    }

    /// After a frame: the composites recorded before it (`old`) that this
    /// frame wrote over have their other columns blanked where the frame did
    /// not write them itself; the rest are kept.
    fn blank_broken_composites(
        &mut self,
        old: Vec<(u16, u16, u16)>,
        written: &[(u16, u16, u16, Pen)],
    ) {
        for (cx, cy, cw) in old {
            let end = cx.saturating_add(cw);
            let Some(&(_, _, _, pen)) = written
                .iter()
                .find(|&&(wx, wy, ww, _)| wy == cy && wx < end && wx.saturating_add(ww) > cx)
            else {
                self.composites.push((cx, cy, cw));
                continue;
            };
            for x in cx + 1..end {
                let covered = written
                    .iter()
                    .any(|&(wx, wy, ww, _)| wy == cy && x >= wx && x < wx.saturating_add(ww));
                if covered || (self.width > 0 && x >= self.width) {
                    continue;
                }
                self.move_to(x, cy);
                self.set_pen(pen);
                self.buf.push(b' ');
                self.cursor = if self.width > 0 && x + 1 >= self.width {
                    None
                } else {
                    Some(Position { x: x + 1, y: cy })
                };
            }
        }
    }

    fn move_to(&mut self, x: u16, y: u16) {
        if self.cursor == Some(Position { x, y }) {
            return;
        }
        match self.cursor {
            Some(c) if c.y == y && x > c.x => {
                let n = x - c.x;
                if n == 1 {
                    self.buf.extend_from_slice(b"\x1b[C");
                } else {
                    let _ = write!(self.buf, "\x1b[{n}C");
                }
            }
            Some(c) if c.y == y && x == 0 => self.buf.push(b'\r'),
            Some(c) if c.y == y && x < c.x => {
                let n = c.x - x;
                if n == 1 {
                    self.buf.push(b'\x08');
                } else {
                    let _ = write!(self.buf, "\x1b[{n}D");
                }
            }
            _ if x == 0 && y == 0 => self.buf.extend_from_slice(b"\x1b[H"),
            _ if x == 0 => {
                let _ = write!(self.buf, "\x1b[{}H", y + 1);
            }
            _ => {
                let _ = write!(self.buf, "\x1b[{};{}H", y + 1, x + 1);
            }
        }
        self.cursor = Some(Position { x, y });
    }

    fn set_pen(&mut self, want: Pen) {
        let current = self.pen;
        if current == Some(want) {
            return;
        }
        let mut params: Vec<String> = Vec::new();
        let base = match current {
            // Removing an attribute: start from a reset.
            Some(cur) if cur.modifier - want.modifier == Modifier::empty() => cur,
            _ => {
                params.push("0".into());
                Pen::RESET
            }
        };
        for (flag, code) in [
            (Modifier::BOLD, "1"),
            (Modifier::DIM, "2"),
            (Modifier::ITALIC, "3"),
            (Modifier::UNDERLINED, "4"),
            (Modifier::SLOW_BLINK, "5"),
            (Modifier::RAPID_BLINK, "6"),
            (Modifier::REVERSED, "7"),
            (Modifier::HIDDEN, "8"),
            (Modifier::CROSSED_OUT, "9"),
        ] {
            if want.modifier.contains(flag) && !base.modifier.contains(flag) {
                params.push(code.into());
            }
        }
        if want.fg != base.fg {
            params.push(color_code(want.fg, false));
        }
        if want.bg != base.bg {
            params.push(color_code(want.bg, true));
        }
        if !params.is_empty() {
            let _ = write!(self.buf, "\x1b[{}m", params.join(";"));
        }
        self.pen = Some(want);
    }

    fn send(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let result = self
            .out
            .write_all(&self.buf)
            .and_then(|()| self.out.flush());
        self.buf.clear();
        if result.is_err() {
            self.invalidate();
        }
        result
    }
}

/// The SGR parameter for a colour: the short 30-37/90-97 forms for the 16 ANSI colours.
fn color_code(c: Color, bg: bool) -> String {
    let (normal, bright) = if bg { (40, 100) } else { (30, 90) };
    let n = match c {
        Color::Reset => return if bg { "49".into() } else { "39".into() },
        Color::Black => normal,
        Color::Red => normal + 1,
        Color::Green => normal + 2,
        Color::Yellow => normal + 3,
        Color::Blue => normal + 4,
        Color::Magenta => normal + 5,
        Color::Cyan => normal + 6,
        Color::Gray => normal + 7,
        Color::DarkGray => bright,
        Color::LightRed => bright + 1,
        Color::LightGreen => bright + 2,
        Color::LightYellow => bright + 3,
        Color::LightBlue => bright + 4,
        Color::LightMagenta => bright + 5,
        Color::LightCyan => bright + 6,
        Color::White => bright + 7,
        Color::Indexed(i) => return format!("{};5;{i}", if bg { 48 } else { 38 }),
        Color::Rgb(r, g, b) => return format!("{};2;{r};{g};{b}", if bg { 48 } else { 38 }),
    };
    n.to_string()
}

impl<W: Write> Backend for TrackingBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut written: Vec<(u16, u16, u16, Pen)> = Vec::new();
        let old = std::mem::take(&mut self.composites);
        for (x, y, cell) in content {
            self.move_to(x, y);
            let pen = Pen {
                fg: cell.fg,
                bg: cell.bg,
                modifier: cell.modifier,
            };
            self.set_pen(pen);
            let symbol = cell.symbol();
            // Cells hold sanitised text, but never let a control byte through.
            if symbol.chars().any(char::is_control) {
                self.buf.push(b' ');
            } else {
                self.buf.extend_from_slice(symbol.as_bytes());
            }
            let w = u16::try_from(symbol.width().max(1)).unwrap_or(1);
            let next = x.saturating_add(w);
            let composite = w > 1
                && symbol
                    .chars()
                    .filter(|c| c.width().is_some_and(|cw| cw > 0))
                    .nth(1)
                    .is_some();
            if composite {
                self.composites.push((x, y, w));
            }
            written.push((x, y, w, pen));
            // Writing the last column leaves the cursor pending a wrap, and
            // where a composite grapheme leaves it depends on the terminal:
            // unknown either way.
            self.cursor = if composite || (self.width > 0 && next >= self.width) {
                None
            } else {
                Some(Position { x: next, y })
            };
        }
        self.blank_broken_composites(old, &written);
        Ok(())
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.visible != Some(false) {
            self.buf.extend_from_slice(b"\x1b[?25l");
            self.visible = Some(false);
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.visible != Some(true) {
            self.buf.extend_from_slice(b"\x1b[?25h");
            self.visible = Some(true);
        }
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(self.cursor.unwrap_or_default())
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let p = position.into();
        self.move_to(p.x, p.y);
        Ok(())
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        // Erasing paints with the current background: reset it first.
        self.set_pen(Pen::RESET);
        let seq: &[u8] = match clear_type {
            ClearType::All => b"\x1b[2J",
            ClearType::AfterCursor => b"\x1b[J",
            ClearType::BeforeCursor => b"\x1b[1J",
            ClearType::CurrentLine => b"\x1b[2K",
            ClearType::UntilNewLine => b"\x1b[K",
        };
        self.buf.extend_from_slice(seq);
        if clear_type == ClearType::All {
            self.cursor = None;
            self.composites.clear();
        }
        Ok(())
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        for _ in 0..n {
            self.buf.push(b'\n');
        }
        self.cursor = None;
        Ok(())
    }

    fn size(&self) -> io::Result<Size> {
        match self.fixed_size {
            Some(s) => Ok(s),
            None => self.sizer.size(),
        }
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        match self.fixed_size {
            Some(s) => Ok(WindowSize {
                columns_rows: s,
                pixels: Size::default(),
            }),
            None => self.sizer.window_size(),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        // Keep the width current: a resize makes ratatui clear, which forgets the cursor.
        if let Ok(s) = self.size()
            && s.width != self.width
        {
            self.width = s.width;
            self.cursor = None;
        }
        self.send()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::widgets::Paragraph;

    #[test]
    fn typing_a_character_costs_one_byte() {
        let backend = TrackingBackend::with_size(Vec::new(), 20, 3);
        let mut t = Terminal::new(backend).unwrap_or_else(|e| panic!("{e}"));
        let mut text = String::from("ab");
        for _ in 0..2 {
            let len = u16::try_from(text.len()).unwrap_or(0);
            t.draw(|f| {
                f.render_widget(Paragraph::new(text.as_str()), f.area());
                f.set_cursor_position((len, 0));
            })
            .unwrap_or_else(|e| panic!("{e}"));
        }
        t.backend_mut().writer_mut().clear();
        text.push('c');
        t.draw(|f| {
            f.render_widget(Paragraph::new(text.as_str()), f.area());
            f.set_cursor_position((3, 0));
        })
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.backend().writer().as_slice(), b"c");
    }

    /// Each row as a terminal emulator shows it after `bytes`.
    fn emulated(bytes: &[u8], w: u16, h: u16) -> Vec<String> {
        let mut p = vt100::Parser::new(h, w, 0);
        p.process(bytes);
        (0..h)
            .map(|y| {
                (0..w)
                    .filter_map(|x| p.screen().cell(y, x))
                    .filter(|c| !c.is_wide_continuation())
                    .map(|c| {
                        if c.contents().is_empty() {
                            " ".to_owned()
                        } else {
                            c.contents().to_owned()
                        }
                    })
                    .collect()
            })
            .collect()
    }

    /// Each row of the buffer, leaving out the cells a wide character hides.
    fn drawn(buf: &ratatui::buffer::Buffer) -> Vec<String> {
        (0..buf.area.height)
            .map(|y| {
                let mut row = String::new();
                let mut x = 0;
                while x < buf.area.width {
                    let s = buf[(x, y)].symbol();
                    row.push_str(s);
                    x += u16::try_from(s.width().max(1)).unwrap_or(1);
                }
                row
            })
            .collect()
    }

    /// Draw each frame's lines in turn and check that an emulator fed the
    /// backend's output shows exactly the buffer after every frame.
    fn frames_show_as_drawn(frames: &[&[&str]]) {
        let (w, h) = (12, 3);
        let backend = TrackingBackend::with_size(Vec::new(), w, h);
        let mut t = Terminal::new(backend).unwrap_or_else(|e| panic!("{e}"));
        for (i, lines) in frames.iter().enumerate() {
            // The screens draw sanitised text only.
            let text: Vec<ratatui::text::Line> = lines
                .iter()
                .map(|l| ratatui::text::Line::raw(crate::text::clean_line(l).into_owned()))
                .collect();
            let done = t
                .draw(|f| f.render_widget(Paragraph::new(text), f.area()))
                .unwrap_or_else(|e| panic!("{e}"));
            let want = drawn(done.buffer);
            let got = emulated(t.backend().writer(), w, h);
            assert_eq!(got, want, "frame {i}: {lines:?}");
        }
    }

    #[test]
    fn a_flag_overwritten_by_narrow_text_leaves_nothing_behind() {
        frames_show_as_drawn(&[
            &["ab\u{1F1EC}\u{1F1E7}cd"],
            &["abXYZcd"],
            &["a\u{1F1EC}\u{1F1E7}\u{1F1EB}\u{1F1F7}"],
            &["a"],
        ]);
    }

    #[test]
    fn wide_characters_and_combining_marks_replace_each_other_cleanly() {
        frames_show_as_drawn(&[
            &["日本語 e\u{301}x", "🙂👍"],
            &["abc 日本", "x🙂"],
            &["e\u{301}\u{301}日", "👍🏽 ok"],
            &["plain", "👩💻"],
        ]);
    }

    #[test]
    fn style_changes_are_compact() {
        let mut b = TrackingBackend::with_size(Vec::new(), 20, 3);
        b.set_pen(Pen {
            fg: Color::Red,
            bg: Color::Reset,
            modifier: Modifier::BOLD,
        });
        assert_eq!(b.buf, b"\x1b[0;1;31m");
        b.buf.clear();
        b.set_pen(Pen {
            fg: Color::Red,
            bg: Color::Reset,
            modifier: Modifier::BOLD,
        });
        assert!(b.buf.is_empty());
    }
}
