//! The efficiency label as an SVG picture (`cardlint label`), in the style of an appliance
//! energy label: the A–E arrows with the card's class marked, the per-metric ratings, the
//! reporting level, the mode and the basis of the comparison.

use std::path::Path;

use crate::class::efficiency::{Mode, POPULATION};
use crate::lint::CardReport;

const COLORS: [&str; 5] = ["#00a651", "#8cc63f", "#fff200", "#f7941d", "#ed1c24"];

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The model's name, as a reader knows it: `model-index[0].name`, else a top-level
/// `model_name`, else the body's first `# ` heading, else the folder that holds the card.
pub fn model_name(text: &str, path: &str) -> String {
    let card = crate::card::Card::parse(text);
    let from_yaml = card.root_map().and_then(|(y, root)| {
        let first_index = y
            .get(root, "model-index")
            .and_then(|(_, v)| y.items(y.resolve(v))?.first().copied())
            .and_then(|m| y.get(y.resolve(m), "name"))
            .and_then(|(_, n)| y.str(y.resolve(n)));
        first_index
            .or_else(|| {
                y.get(root, "model_name")
                    .and_then(|(_, n)| y.str(y.resolve(n)))
            })
            .map(str::to_string)
    });
    let body = &text[card.split.body.start..card.split.body.end];
    let heading = || {
        body.lines()
            .map(str::trim_end)
            .find_map(|l| l.strip_prefix("# "))
            .map(|h| h.trim().trim_matches(['*', '`', '_']).trim().to_string())
    };
    let folder = || {
        let p = Path::new(path);
        let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        abs.parent()
            .and_then(|d| d.file_name())
            .map_or_else(|| path.to_string(), |d| d.to_string_lossy().into_owned())
    };
    let name = from_yaml
        .filter(|n| !n.trim().is_empty())
        .or_else(|| heading().filter(|h| !h.is_empty()))
        .unwrap_or_else(folder);
    fit(&name, 52)
}

/// One printable line of at most `max` characters, with an ellipsis where it is cut.
fn fit(s: &str, max: usize) -> String {
    let clean: String = s
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|&c| !crate::util::is_unsafe_char(c) && !matches!(c, '\u{fffe}' | '\u{ffff}'))
        .collect();
    crate::util::clip(&clean, max).into_owned()
}

/// The scale: an arrow a class, A to E, and the marker at the card's class.
fn arrows(s: &mut String, class: Option<crate::class::efficiency::Grade>) {
    for (i, grade) in crate::class::efficiency::Grade::ALL.into_iter().enumerate() {
        let letter = grade.letter();
        let y = 80 + i as i32 * 46;
        let len = 140 + i as i32 * 30;
        s.push_str(&format!(
            "<polygon points=\"20,{y} {len},{y} {},{} {len},{} 20,{}\" fill=\"{}\"/>\n",
            len + 18,
            y + 19,
            y + 38,
            y + 38,
            COLORS[i]
        ));
        s.push_str(&format!("<text x=\"32\" y=\"{}\" font-size=\"26\" font-weight=\"bold\" fill=\"#ffffff\" stroke=\"#222222\" stroke-width=\"0.6\">{letter}</text>\n", y + 29));
        if Some(grade) == class {
            // The black marker with the class letter, pointing at the card's arrow.
            s.push_str(&format!(
                "<polygon points=\"330,{} 350,{y} 400,{y} 400,{} 350,{}\" fill=\"#222222\"/>\n<text x=\"362\" y=\"{}\" font-size=\"28\" font-weight=\"bold\" fill=\"#ffffff\">{letter}</text>\n",
                y + 19, y + 38, y + 38, y + 30
            ));
        }
    }
}

/// Renders the label of a linted card.
pub fn svg(c: &CardReport, name: Option<&str>) -> String {
    let e = c.efficiency.as_ref();
    let class = e.and_then(|e| e.class);
    let mut s = String::new();
    let (w, h) = (420, 560);
    s.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n"
    ));
    s.push_str(&format!("<rect x=\"1\" y=\"1\" width=\"{}\" height=\"{}\" fill=\"#ffffff\" stroke=\"#222222\" stroke-width=\"2\" rx=\"8\"/>\n", w - 2, h - 2));
    s.push_str("<text x=\"20\" y=\"38\" font-size=\"22\" font-weight=\"bold\" fill=\"#222222\">Carbon efficiency</text>\n");
    let name = match (name, &c.source) {
        (Some(n), _) => fit(n, 52),
        (None, Some(text)) => model_name(text, &c.path),
        (None, None) => fit(&c.path, 52),
    };
    s.push_str(&format!(
        "<text x=\"20\" y=\"60\" font-size=\"12\" fill=\"#555555\">{}</text>\n",
        esc(&name)
    ));
    arrows(&mut s, class);
    let mut y = 330;
    let headline = match class {
        Some(k) => format!("Class {k}"),
        None => "No class: the label needs a CO2 value".to_string(),
    };
    s.push_str(&format!("<text x=\"20\" y=\"{y}\" font-size=\"15\" font-weight=\"bold\" fill=\"#222222\">{}</text>\n", esc(&headline)));
    y += 22;
    for m in e.map_or(&[][..], |e| e.metrics.as_slice()) {
        let rating = m.rating.map_or("–".to_string(), |r| r.to_string());
        let fill = m.rating.map_or("#bbbbbb", |r| COLORS[r.index()]);
        s.push_str(&format!(
            "<rect x=\"20\" y=\"{}\" width=\"22\" height=\"18\" fill=\"{fill}\" rx=\"3\"/>\n",
            y - 14
        ));
        s.push_str(&format!("<text x=\"26\" y=\"{y}\" font-size=\"13\" font-weight=\"bold\" fill=\"#222222\">{}</text>\n", esc(&rating)));
        let from = m
            .from
            .map_or("not available".to_string(), |f| format!("from {f}"));
        s.push_str(&format!(
            "<text x=\"52\" y=\"{y}\" font-size=\"12\" fill=\"#222222\">{} ({})</text>\n",
            esc(m.name.as_str()),
            esc(&from)
        ));
        y += 24;
    }
    y += 6;
    if let Some(r) = &c.reporting {
        s.push_str(&format!(
            "<text x=\"20\" y=\"{y}\" font-size=\"12\" fill=\"#222222\">Reporting: {}</text>\n",
            esc(&r.level.label())
        ));
        y += 20;
    }
    let mode = match e.map(|e| e.mode).unwrap_or_default() {
        Mode::Paper => "paper mode (as the study computed it)",
        Mode::Corrected => "corrected mode (CO2 rated on its square root)",
    };
    s.push_str(&format!(
        "<text x=\"20\" y=\"{y}\" font-size=\"11\" fill=\"#555555\">{mode}</text>\n"
    ));
    y += 16;
    s.push_str(&format!(
        "<text x=\"20\" y=\"{y}\" font-size=\"11\" fill=\"#555555\">Relative to the 2023 Hugging Face study, n = {},{:03}</text>\n",
        POPULATION / 1000, POPULATION % 1000
    ));
    s.push_str("</svg>\n");
    s
}
