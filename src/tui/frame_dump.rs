//! Test-only record of every frame drawn, for the differential test
//! (`tests/tui_vt100.rs`) that compares what was drawn with what a terminal
//! emulator makes of the bytes the backend wrote.
//!
//! Only debug builds have it: when `SAFESTEP_DUMP_FRAMES` names a file, each
//! drawn frame is appended to it. Release builds never read the variable, so
//! no answer can end up in a file this way. The file is created private
//! (0600) and a symbolic link at its path is not followed.
//!
//! Format, one frame after another:
//!
//! ```text
//! frame WIDTH HEIGHT
//! cursor X Y            (or `cursor none`)
//! text ROW-TEXT         (HEIGHT lines, for reading: the cells' symbols, cells hidden by a wide character left out)
//! cells ROW-CELLS       (HEIGHT lines: one `X:CODEPOINTS:FG/BG/FLAGS` token per shown cell,
//!                        code points in hex joined by `+`, e.g. `4:65+301:d/i4/b`)
//! end
//! ```

use ratatui::buffer::Buffer;
use ratatui::layout::Position;
use ratatui::style::{Color, Modifier};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use unicode_width::UnicodeWidthStr;

/// The variable naming the file frames are appended to.
pub const DUMP_ENV: &str = "SAFESTEP_DUMP_FRAMES";

/// Append `buffer` and the cursor to the dump file, if one is named.
pub fn record(buffer: &Buffer, cursor: Option<Position>) {
    let Some(path) = std::env::var_os(DUMP_ENV) else {
        return;
    };
    let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(path)
    else {
        return;
    };
    let _ = f.write_all(render(buffer, cursor).as_bytes());
}

/// One frame in the dump format.
#[must_use]
pub fn render(buffer: &Buffer, cursor: Option<Position>) -> String {
    let area = buffer.area;
    let mut out = format!("frame {} {}\n", area.width, area.height);
    match cursor {
        Some(p) => out.push_str(&format!("cursor {} {}\n", p.x, p.y)),
        None => out.push_str("cursor none\n"),
    }
    let mut styles = Vec::new();
    for y in area.top()..area.bottom() {
        let mut text = String::new();
        let mut style = Vec::new();
        let mut x = area.left();
        while x < area.right() {
            let cell = &buffer[(x, y)];
            let symbol = cell.symbol();
            text.push_str(symbol);
            style.push(format!(
                "{x}:{}:{}/{}/{}",
                codepoints(symbol),
                color(cell.fg),
                color(cell.bg),
                flags(cell.modifier)
            ));
            let w = u16::try_from(symbol.width().max(1)).unwrap_or(1);
            x = x.saturating_add(w);
        }
        out.push_str("text ");
        out.push_str(&text);
        out.push('\n');
        styles.push(style.join(" "));
    }
    for s in styles {
        out.push_str("cells ");
        out.push_str(&s);
        out.push('\n');
    }
    out.push_str("end\n");
    out
}

/// A cell's symbol as hexadecimal code points joined by `+` (a blank for an empty cell).
#[must_use]
pub fn codepoints(symbol: &str) -> String {
    if symbol.is_empty() {
        return "20".into();
    }
    symbol
        .chars()
        .map(|c| format!("{:x}", u32::from(c)))
        .collect::<Vec<_>>()
        .join("+")
}

/// A colour as `d` (the terminal's default), `iN` (palette index) or `rR.G.B`.
#[must_use]
pub fn color(c: Color) -> String {
    let i = match c {
        Color::Reset => return "d".into(),
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
        Color::Indexed(i) => i,
        Color::Rgb(r, g, b) => return format!("r{r}.{g}.{b}"),
    };
    format!("i{i}")
}

/// The attributes a terminal emulator tracks: b(old), d(im), i(talic), u(nderline), r(everse).
#[must_use]
pub fn flags(m: Modifier) -> String {
    let mut s = String::new();
    for (flag, c) in [
        (Modifier::BOLD, 'b'),
        (Modifier::DIM, 'd'),
        (Modifier::ITALIC, 'i'),
        (Modifier::UNDERLINED, 'u'),
        (Modifier::REVERSED, 'r'),
    ] {
        if m.contains(flag) {
            s.push(c);
        }
    }
    if s.is_empty() { "-".into() } else { s }
}
