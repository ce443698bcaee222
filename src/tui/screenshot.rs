//! Screenshots: a buffer drawn as SVG, one `<text>` run per style.

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

const CELL_W: f32 = 8.4;
const CELL_H: f32 = 17.0;

fn rgb(c: Color, fg: bool) -> &'static str {
    match c {
        Color::Reset => {
            if fg {
                "#d0d0d0"
            } else {
                "#1c1c1c"
            }
        }
        Color::Black => "#000000",
        Color::Red => "#cd3131",
        Color::Green => "#0dbc79",
        Color::Yellow => "#e5e510",
        Color::Blue => "#2472c8",
        Color::Magenta => "#bc3fbc",
        Color::Cyan => "#11a8cd",
        Color::Gray => "#c0c0c0",
        Color::DarkGray => "#808080",
        Color::LightRed => "#f14c4c",
        Color::LightGreen => "#23d18b",
        Color::LightYellow => "#f5f543",
        Color::LightBlue => "#3b8eea",
        Color::LightMagenta => "#d670d6",
        Color::LightCyan => "#29b8db",
        Color::White => "#ffffff",
        Color::Indexed(_) | Color::Rgb(..) => {
            if fg {
                "#d0d0d0"
            } else {
                "#1c1c1c"
            }
        }
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Render a buffer as a standalone SVG image.
#[must_use]
pub fn svg(buf: &Buffer, title: &str) -> String {
    let area = buf.area;
    let w = f32::from(area.width) * CELL_W;
    let h = f32::from(area.height) * CELL_H;
    let mut out = String::new();
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"0 0 {w:.1} {h:.1}\" role=\"img\" aria-label=\"{}\">\n",
        escape(title)
    ));
    out.push_str(&format!("<title>{}</title>\n", escape(title)));
    out.push_str(&format!(
        "<rect width=\"100%\" height=\"100%\" fill=\"{}\"/>\n",
        rgb(Color::Reset, false)
    ));
    out.push_str("<g font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"14\" xml:space=\"preserve\" style=\"white-space:pre\">\n");
    for y in 0..area.height {
        let mut x = 0;
        while x < area.width {
            let Some(cell) = buf.cell((area.x + x, area.y + y)) else {
                break;
            };
            let rev = cell.modifier.contains(Modifier::REVERSED);
            let (fg, bg) = if rev {
                (rgb(cell.bg, false), rgb(cell.fg, true))
            } else {
                (rgb(cell.fg, true), rgb(cell.bg, false))
            };
            let style = (fg, bg, cell.modifier);
            let start = x;
            let mut text = String::new();
            while x < area.width {
                let Some(c) = buf.cell((area.x + x, area.y + y)) else {
                    break;
                };
                let r = c.modifier.contains(Modifier::REVERSED);
                let (f, b) = if r {
                    (rgb(c.bg, false), rgb(c.fg, true))
                } else {
                    (rgb(c.fg, true), rgb(c.bg, false))
                };
                if (f, b, c.modifier) != style {
                    break;
                }
                text.push_str(c.symbol());
                x += 1;
            }
            let px = f32::from(start) * CELL_W;
            let py = f32::from(y) * CELL_H;
            let cells = f32::from(x - start) * CELL_W;
            if bg != rgb(Color::Reset, false) {
                out.push_str(&format!("<rect x=\"{px:.1}\" y=\"{py:.1}\" width=\"{cells:.1}\" height=\"{CELL_H:.1}\" fill=\"{bg}\"/>\n"));
            }
            if !text.trim().is_empty() {
                let mut attrs = String::new();
                if style.2.contains(Modifier::BOLD) {
                    attrs.push_str(" font-weight=\"bold\"");
                }
                if style.2.contains(Modifier::ITALIC) {
                    attrs.push_str(" font-style=\"italic\"");
                }
                if style.2.contains(Modifier::UNDERLINED) {
                    attrs.push_str(" text-decoration=\"underline\"");
                }
                out.push_str(&format!(
                    "<text x=\"{px:.1}\" y=\"{:.1}\" fill=\"{fg}\" textLength=\"{cells:.1}\" lengthAdjust=\"spacingAndGlyphs\"{attrs}>{}</text>\n",
                    py + CELL_H * 0.78,
                    // No-break spaces: viewers collapse ordinary ones in SVG text.
                    escape(&text).replace(' ', "\u{a0}")
                ));
            }
        }
    }
    out.push_str("</g>\n</svg>\n");
    out
}
