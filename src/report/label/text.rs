//! Text on the label: XML escaping, colour contrast (WCAG 2), and fitting a line to the
//! label's width.

use super::{MARGIN, W};

/// Escapes text for SVG (XML) content and attributes.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The relative luminance of `#rrggbb` (WCAG 2); a malformed colour counts as black.
pub fn luminance(hex: &str) -> f64 {
    let c = |i: usize| {
        let byte = hex
            .get(1 + 2 * i..3 + 2 * i)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0);
        let v = f64::from(byte) / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * c(0) + 0.7152 * c(1) + 0.0722 * c(2)
}

/// The WCAG contrast ratio of two colours (1 to 21).
pub fn contrast(a: &str, b: &str) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

pub const INK: &str = "#1a1a1a";
pub const PAPER: &str = "#ffffff";

/// The text colour readable on `fill`: black or white, whichever contrasts more (black on
/// every arrow: 4.8:1 on the red, where white has 4.4:1).
pub fn ink_on(fill: &str) -> &'static str {
    const BLACK: &str = "#000000";
    if contrast(BLACK, fill) >= contrast(PAPER, fill) {
        BLACK
    } else {
        PAPER
    }
}

/// The estimated width of `s` at `size` px in DejaVu Sans (bold is about a tenth wider): an
/// upper bound per character from the font's advance widths, so text never overflows.
fn text_width(s: &str, size: f64, bold: bool) -> f64 {
    let em: f64 = s
        .chars()
        .map(|c| match c {
            'W' | 'm' | '…' => 1.0,
            'M' | 'w' | '@' | '%' => 0.9,
            'A'..='Z' => 0.8,
            ' ' | 'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => 0.35,
            '0'..='9' | 'a'..='z' => 0.65,
            c if c.is_ascii() => 0.7,
            c if c as u32 >= 0x1100 => 1.05,
            _ => 0.9,
        })
        .sum();
    em * size * if bold { 1.1 } else { 1.0 }
}

/// The largest font size from `max` down to `min` at which `s` fits `width`, and `s` cut with
/// an ellipsis where even `min` is too large.
pub fn fit_width(s: &str, width: f64, (max, min): (f64, f64), bold: bool) -> (String, f64) {
    let mut size = max;
    while size > min && text_width(s, size, bold) > width {
        size -= 0.5;
    }
    if text_width(s, size, bold) <= width {
        return (s.to_string(), size);
    }
    // Drop characters from the end until the rest and the ellipsis fit (linear: the widths
    // are summed once).
    let mut total = text_width("…", size, bold);
    let mut end = 0;
    for (i, c) in s.char_indices() {
        let w = text_width(c.encode_utf8(&mut [0; 4]), size, bold);
        if total + w > width {
            break;
        }
        total += w;
        end = i + c.len_utf8();
    }
    (format!("{}…", &s[..end]), size)
}

/// The width text may take.
pub const TEXT_WIDTH: f64 = (W - 2 * MARGIN) as f64;

/// One line of text, cut to the label's width.
pub fn line(out: &mut String, y: i32, size: f64, fill: &str, bold: bool, text: &str) {
    let (t, size) = fit_width(text, TEXT_WIDTH, (size, size), bold);
    let weight = if bold { " font-weight=\"bold\"" } else { "" };
    out.push_str(&format!(
        "<text x=\"{MARGIN}\" y=\"{y}\" font-size=\"{size}\"{weight} fill=\"{fill}\">{}</text>\n",
        esc(&t)
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLORS: [&str; 5] = super::super::COLORS;

    #[test]
    fn every_letter_is_readable_on_its_colour() {
        // WCAG AA for normal text (4.5:1), stricter than the 3:1 large bold letters need.
        for fill in COLORS.iter().chain(&["#dddddd", "#ffffff"]) {
            let ink = ink_on(fill);
            assert!(
                contrast(ink, fill) >= 4.5,
                "{ink} on {fill}: {}",
                contrast(ink, fill)
            );
        }
        assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 1e-9);
        // White letters on the yellow arrow were unreadable (1.1:1).
        assert!(contrast("#ffffff", "#fff200") < 1.2);
    }
}
