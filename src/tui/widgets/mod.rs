//! Small drawing helpers shared by the screens: wrapping, truncation, the
//! header, the rail of steps and the footer of keys.

pub mod field;

use super::keymap::{self, Ctx};
use super::theme::Theme;
use crate::text::clean;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Display width of a string.
#[must_use]
pub fn width(s: &str) -> usize {
    s.width()
}

/// Cut `s` to at most `max` columns, ending with `…` when cut.
#[must_use]
pub fn truncate(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// Wrap text to `max` columns at spaces (long words are split), keeping its line breaks.
/// The text is sanitised first.
#[must_use]
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let text = clean(text, true);
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut w = 0;
        for word in para.split(' ') {
            let ww = word.width();
            if w > 0 && w + 1 + ww > max {
                out.push(std::mem::take(&mut line));
                w = 0;
            }
            if w > 0 {
                line.push(' ');
                w += 1;
            }
            if ww > max {
                for c in word.chars() {
                    let cw = c.width().unwrap_or(0);
                    if w + cw > max {
                        out.push(std::mem::take(&mut line));
                        w = 0;
                    }
                    line.push(c);
                    w += cw;
                }
            } else {
                line.push_str(word);
                w += ww;
            }
        }
        out.push(line);
    }
    out
}

/// How wide an overlay is in `area`: `want` columns, or three quarters of a
/// terminal wide enough for more, leaving a column either side.
#[must_use]
pub fn overlay_width(area: Rect, want: u16) -> u16 {
    let wide = u16::try_from(u32::from(area.width) * 3 / 4).unwrap_or(u16::MAX);
    want.max(wide)
        .min(area.width.saturating_sub(2))
        .max(10.min(area.width))
}

/// Clear what an overlay at `r` covers: the rows it spans and the row above
/// and below, across the whole width of `area`, but never the first and last
/// rows of `area` (the title bar and the footer, which describe the overlay).
///
/// Clearing only `r` left the screen beneath showing in the margin beside the
/// overlay: a centred box leaves a column or two either side, and the
/// screens' text runs to the right edge (the left margin is blank), so a
/// lone character or two of the screen beneath stood just outside the right
/// border (`└───┘e`, `│w…`, `┐7`), reading as part of the overlay.
pub fn backdrop(area: Rect, r: Rect, buf: &mut Buffer) {
    use ratatui::widgets::Clear;
    let top = r.y.saturating_sub(1).max(area.y.saturating_add(1));
    let bottom = r
        .bottom()
        .saturating_add(1)
        .min(area.bottom().saturating_sub(1));
    let band = Rect::new(area.x, top, area.width, bottom.saturating_sub(top));
    Clear.render(band.union(r).intersection(area), buf);
}

/// Write a line into the buffer, clipped to the area's width.
pub fn put(buf: &mut Buffer, area: Rect, y: u16, line: Line<'_>) {
    if y < area.y || y >= area.bottom() || area.width == 0 {
        return;
    }
    let row = Rect::new(area.x, y, area.width, 1);
    line.render(row, buf);
}

/// A span of sanitised text.
#[must_use]
pub fn span<'a>(text: &str, style: Style) -> Span<'a> {
    Span::styled(clean(text, false).into_owned(), style)
}

/// The footer: the keys that work here, as many as fit. Help comes first and
/// quit last, whatever the width. The text is the key table's own.
pub fn footer(buf: &mut Buffer, area: Rect, ctx: Ctx, theme: &Theme) {
    footer_typing(buf, area, ctx, theme, None);
}

/// [`footer`], led by the name of the field being typed into, if any
/// ("Typing: Vision").
pub fn footer_typing(buf: &mut Buffer, area: Rect, ctx: Ctx, theme: &Theme, typing: Option<&str>) {
    let mut items = keymap::footer_items(ctx);
    let lead = typing.map(|t| format!(" Typing: {} ", clean(t, false)));
    let cost = |(k, l, _): &(String, &str, _)| k.width() + 1 + l.width() + 2;
    let max = usize::from(area.width).saturating_sub(lead.as_deref().map_or(0, |l| l.width() + 1));
    let quit = items
        .iter()
        .position(|i| i.2 == super::action::Action::Quit)
        .map(|i| items.remove(i));
    let mut used = quit.as_ref().map_or(0, cost);
    let mut shown = Vec::new();
    for item in items {
        if used + cost(&item) > max {
            continue;
        }
        used += cost(&item);
        shown.push(item);
    }
    shown.extend(quit.filter(|q| cost(q) <= max));
    let mut spans: Vec<Span> = Vec::new();
    if let Some(lead) = lead {
        spans.push(Span::styled(lead, theme.typing));
        spans.push(Span::raw(" "));
    }
    for (key, label, _) in shown {
        spans.push(Span::styled(key, theme.key));
        spans.push(Span::styled(format!(" {label}  "), theme.dim));
    }
    buf.set_style(area, theme.text);
    put(buf, area, area.y, Line::from(spans));
}
