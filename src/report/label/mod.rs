//! The efficiency label as an SVG picture (`cardlint label`), in the style of an appliance
//! energy label: the A–E arrows with the card's class marked (provisional where it rests on
//! fewer than three metrics), what it rests on (each metric in plain words with its value),
//! the reporting level and the basis of the comparison.

use crate::class::efficiency::MetricId;
use crate::class::efficiency::{self, Efficiency, Grade, Mode, POPULATION};
use crate::lint::CardReport;

mod name;
mod text;
use name::{fit, MAX_NAME};
pub use name::{generic_name, model_name};
pub use text::{contrast, ink_on, luminance};
use text::{esc, fit_width, line, INK, PAPER, TEXT_WIDTH};

/// The arrows' colours, A to E.
const COLORS: [&str; 5] = ["#00a651", "#8cc63f", "#fff200", "#f7941d", "#ed1c24"];

/// The label's width; its height follows the content.
const W: i32 = 440;
/// Text starts here and must end before `W - MARGIN`.
const MARGIN: i32 = 20;

/// Renders the label of a linted card: the A–E arrows with the class marked (outlined and
/// bannered "provisional" when it rests on fewer than three metrics), then what it rests on:
/// each metric in plain words with its value and rating, and how many of the 5 were rated.
pub fn svg(c: &CardReport, name: Option<&str>) -> String {
    let e = c.efficiency.as_ref();
    let class = e.and_then(|e| e.class);
    let provisional = e.is_some_and(|e| e.provisional);
    let mut body = String::new();
    line(&mut body, 38, 22.0, INK, true, "Carbon efficiency");
    let name = match (name, &c.source) {
        (Some(n), _) => fit(n, MAX_NAME),
        (None, Some(text)) => model_name(text, &c.path),
        (None, None) => fit(&c.path, MAX_NAME),
    };
    let (name, size) = fit_width(&name, TEXT_WIDTH, (14.0, 10.0), false);
    body.push_str(&format!(
        "<text x=\"{MARGIN}\" y=\"62\" font-size=\"{size}\" fill=\"#444444\">{}</text>\n",
        esc(&name)
    ));
    arrows(&mut body, class, provisional);
    let mut y = 300;
    if let Some(e) = e.filter(|e| e.provisional) {
        y = banner(&mut body, y, e.metrics_used);
    }
    y = evidence(&mut body, y + 30, e);
    if let Some(r) = &c.reporting {
        let text = format!("Reporting: {}", r.level.label());
        line(&mut body, y, 12.0, INK, false, &text);
        y += 20;
    }
    if let Some(Mode::Paper) = e.map(|e| e.mode) {
        let text = "Paper mode: CO2 rated as the study's code did (raw index)";
        line(&mut body, y, 11.0, "#444444", false, text);
        y += 16;
    }
    let basis = format!(
        "Relative to the 2023 Hugging Face study, n = {},{:03}",
        POPULATION / 1000,
        POPULATION % 1000
    );
    line(&mut body, y, 11.0, "#444444", false, &basis);
    let h = y + 20;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{h}\" viewBox=\"0 0 {W} {h}\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n<rect x=\"1\" y=\"1\" width=\"{}\" height=\"{}\" fill=\"{PAPER}\" stroke=\"#222222\" stroke-width=\"2\" rx=\"8\"/>\n",
        W - 2,
        h - 2
    );
    s.push_str(&body);
    s.push_str("</svg>\n");
    s
}

/// The five arrows, each letter in the ink that contrasts most with its colour, and the
/// marker at the class: solid for a label, a dashed outline for a provisional one.
fn arrows(body: &mut String, class: Option<Grade>, provisional: bool) {
    for (i, grade) in Grade::ALL.into_iter().enumerate() {
        let letter = grade.letter();
        let y = 80 + i as i32 * 46;
        let len = 140 + i as i32 * 30;
        body.push_str(&format!(
            "<polygon points=\"20,{y} {len},{y} {},{} {len},{} 20,{}\" fill=\"{}\"/>\n",
            len + 18,
            y + 19,
            y + 38,
            y + 38,
            COLORS[i]
        ));
        body.push_str(&format!(
            "<text x=\"32\" y=\"{}\" font-size=\"26\" font-weight=\"bold\" fill=\"{}\">{letter}</text>\n",
            y + 29,
            ink_on(COLORS[i])
        ));
        if Some(grade) != class {
            continue;
        }
        let points = format!(
            "{},{} {},{y} {},{y} {},{} {},{}",
            W - 90,
            y + 19,
            W - 70,
            W - 20,
            W - 20,
            y + 38,
            W - 70,
            y + 38
        );
        let (fill, stroke, text) = if provisional {
            (
                PAPER,
                format!(" stroke=\"{INK}\" stroke-width=\"2.5\" stroke-dasharray=\"6 4\""),
                INK,
            )
        } else {
            (INK, String::new(), PAPER)
        };
        body.push_str(&format!(
            "<polygon points=\"{points}\" fill=\"{fill}\"{stroke}/>\n<text x=\"{}\" y=\"{}\" font-size=\"28\" font-weight=\"bold\" fill=\"{text}\">{letter}</text>\n",
            W - 58,
            y + 30
        ));
    }
}

/// The PROVISIONAL banner under the arrows; returns where the next line goes.
fn banner(body: &mut String, y: i32, used: usize) -> i32 {
    body.push_str(&format!(
        "<rect x=\"{MARGIN}\" y=\"{}\" width=\"{}\" height=\"24\" fill=\"#fff4d6\" stroke=\"#b36b00\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\" rx=\"4\"/>\n",
        y + 10,
        W - 2 * MARGIN
    ));
    let (t, size) = fit_width(
        &format!("PROVISIONAL: {used} of 5 metrics, not a full label"),
        TEXT_WIDTH - 16.0,
        (13.0, 9.0),
        true,
    );
    body.push_str(&format!(
        "<text x=\"{}\" y=\"{}\" font-size=\"{size}\" font-weight=\"bold\" fill=\"#7a4500\">{}</text>\n",
        MARGIN + 8,
        y + 27,
        esc(&t)
    ));
    y + 34
}

/// The headline and what the label rests on: each metric in plain words with its value, its
/// rating and where it came from; returns where the next line goes.
fn evidence(body: &mut String, mut y: i32, e: Option<&Efficiency>) -> i32 {
    let headline = match e.map(|e| (e.class, e.provisional, e.metrics_used)) {
        Some((Some(k), true, _)) => format!("Provisional class {k}"),
        Some((Some(k), false, n)) => format!("Class {k}, from {n} of 5 metrics"),
        _ => "No class: the label needs a CO2 value".to_string(),
    };
    line(body, y, 15.0, INK, true, &headline);
    y += 22;
    let rests = if e.is_some_and(|e| e.class.is_some()) {
        "What it rests on:"
    } else {
        "What it would rest on:"
    };
    line(body, y, 12.0, "#444444", false, rests);
    y += 22;
    for m in e.map_or(&[][..], |e| e.metrics.as_slice()) {
        let (rating, fill) = m.rating.map_or(("–".to_string(), "#dddddd"), |r| {
            (r.to_string(), COLORS[r.index()])
        });
        body.push_str(&format!(
            "<rect x=\"{MARGIN}\" y=\"{}\" width=\"22\" height=\"18\" fill=\"{fill}\" rx=\"3\"/>\n<text x=\"{}\" y=\"{y}\" font-size=\"13\" font-weight=\"bold\" fill=\"{}\">{}</text>\n",
            y - 14,
            MARGIN + 6,
            ink_on(fill),
            esc(&rating)
        ));
        let plain = efficiency::plain_name(m.name);
        let approx =
            if m.name == MetricId::Performance && e.is_some_and(|e| e.performance_approximate) {
                "approximate, "
            } else {
                ""
            };
        let text = match (efficiency::shown_value(m), m.from) {
            (Some(v), Some(from)) => format!("{plain}: {v} ({approx}from {from})"),
            (Some(v), None) => format!("{plain}: {v}"),
            (None, _) => format!("{plain}: not known"),
        };
        let color = if m.rating.is_some() { INK } else { "#666666" };
        let (t, size) = fit_width(&text, TEXT_WIDTH - 32.0, (12.0, 10.0), false);
        body.push_str(&format!(
            "<text x=\"{}\" y=\"{y}\" font-size=\"{size}\" fill=\"{color}\">{}</text>\n",
            MARGIN + 32,
            esc(&t)
        ));
        y += 24;
    }
    y + 6
}
