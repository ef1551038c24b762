//! The efficiency label as an SVG picture (`cardlint label`), in the style of an appliance
//! energy label: the A–E arrows with the card's class marked (provisional where it rests on
//! fewer than three metrics), what it rests on (each metric in plain words with its value),
//! the reporting level and the basis of the comparison.

use std::path::Path;

use crate::class::efficiency::{self, Grade, Mode, POPULATION};
use crate::class::reporting::Level;
use crate::lint::CardReport;

const COLORS: [&str; 5] = ["#00a651", "#8cc63f", "#fff200", "#f7941d", "#ed1c24"];

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The model's name, as a reader knows it: `model-index[0].name`, else a top-level
/// `model_name`, else the body's first `# ` heading (outside code blocks), else the `hf://`
/// id, the file's name (`acme-sentiment.md`) or the folder that holds a `README.md`. A generator's generic heading or name ("Model
/// Trained Using AutoNLP", "Model Card for Model ID", `{MODEL_NAME}`) names no model and is
/// passed over (see [`generic_name`]).
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
        let mut fence: Option<&str> = None;
        body.lines()
            .map(str::trim_end)
            .find_map(|l| {
                let t = l.trim_start();
                for f in ["```", "~~~"] {
                    if t.starts_with(f) {
                        match fence {
                            None => fence = Some(f),
                            Some(open) if open == f => fence = None,
                            Some(_) => {}
                        }
                        return None;
                    }
                }
                if fence.is_some() {
                    return None;
                }
                l.strip_prefix("# ")
            })
            .map(|h| plain_heading(h.trim()))
    };
    let folder = || {
        if let Some(id) = path.strip_prefix(crate::input::HUB_SCHEME) {
            return id.to_string();
        }
        let p = Path::new(path);
        // A card not named README.md (`acme-sentiment.md`) is named by its file.
        if let Some(stem) = p.file_stem().filter(|_| {
            !p.file_name()
                .is_some_and(|f| f.eq_ignore_ascii_case("README.md"))
        }) {
            return stem.to_string_lossy().into_owned();
        }
        let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        abs.parent()
            .and_then(|d| d.file_name())
            .map_or_else(|| path.to_string(), |d| d.to_string_lossy().into_owned())
    };
    let name = from_yaml
        .filter(|n| !generic_name(n))
        .or_else(|| heading().filter(|h| !generic_name(h)))
        .unwrap_or_else(folder);
    fit(&name, MAX_NAME)
}

/// The longest name the label shows, in characters (at the smallest font it is drawn in).
const MAX_NAME: usize = 64;

/// A heading as text: Markdown links become their text, emphasis and code marks go.
fn plain_heading(h: &str) -> String {
    let mut out = String::with_capacity(h.len());
    let mut rest = h;
    // `[text](url)` → `text`.
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find("](").and_then(|close| {
            let url = &after[close + 2..];
            url.find(')').map(|end| (close, close + 2 + end + 1))
        }) {
            Some((close, next)) => {
                // The link's text starts after the last `[` before `](`; earlier ones are text.
                let text = &after[..close];
                match text.rfind('[') {
                    Some(k) => {
                        out.push('[');
                        out.push_str(&text[..k]);
                        out.push_str(&text[k + 1..]);
                    }
                    None => out.push_str(text),
                }
                rest = &after[next..];
            }
            // No link closes after this point: the rest is text (every scan above moved
            // `rest` past what it read, so this stays linear).
            None => {
                out.push('[');
                rest = after;
                break;
            }
        }
    }
    out.push_str(rest);
    out.replace(['*', '`'], "")
        .trim_matches(['_', ' '])
        .trim()
        .to_string()
}

/// Whether a name or heading names no model: empty, a template's placeholder (`{MODEL_NAME}`,
/// `[More Information Needed]`, "Model ID"), a generator's fixed or descriptive heading ("Model
/// Trained Using AutoTrain", any tool; Stable-Baselines3's "PPO Agent playing LunarLander-v2";
/// "SentenceTransformer based on …", "SetFit with … on …"), a trainer's
/// default output folder (`trainer_output`, `results`), or a section title ("Model
/// description", "Usage").
pub fn generic_name(s: &str) -> bool {
    let t = s.trim().trim_end_matches(':').trim().to_lowercase();
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.is_empty() || (t.contains('{') && t.contains('}')) || t.contains("more information needed")
    {
        return true;
    }
    // Generators' default names, which describe how a model was made, not which it is:
    // AutoTrain/AutoNLP, Stable-Baselines3, Sentence Transformers, SetFit.
    if t.starts_with("model trained using ")
        || t.contains(" agent playing ")
        || t.starts_with("sentencetransformer based on ")
        || t.starts_with("setfit with ")
        || matches!(
            t.as_str(),
            "sentencetransformer" | "sentence transformer model" | "setfit" | "setfit model"
        )
    {
        return true;
    }
    let t = ["model card for ", "model card of ", "model card: "]
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .unwrap_or(&t);
    const GENERIC: [&str; 46] = [
        "model id",
        "model name",
        "model_name",
        "your model name",
        "my awesome model",
        "model card",
        "model",
        "models",
        "model description",
        "model details",
        "model summary",
        "model overview",
        "readme",
        "readme.md",
        "title",
        "introduction",
        "overview",
        "description",
        "summary",
        "about",
        "what's this?",
        "uses",
        "usage",
        "how to use",
        "quick start",
        "quickstart",
        "getting started",
        "installation",
        "example",
        "examples",
        "training",
        "training procedure",
        "training details",
        "evaluation",
        "results",
        "output",
        "outputs",
        "test",
        "tmp_trainer",
        "trainer_output",
        "model_output",
        "output_dir",
        "citation",
        "license",
        "table of contents",
        "core ml converted model",
    ];
    GENERIC.contains(&t)
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

/// The label's width; its height follows the content.
const W: i32 = 440;
/// Text starts here and must end before `W - MARGIN`.
const MARGIN: i32 = 20;

/// The relative luminance of `#rrggbb` (WCAG 2).
pub fn luminance(hex: &str) -> f64 {
    let c = |i: usize| {
        let v = f64::from(u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap_or(0)) / 255.0;
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

const INK: &str = "#1a1a1a";
const PAPER: &str = "#ffffff";

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
fn fit_width(s: &str, width: f64, (max, min): (f64, f64), bold: bool) -> (String, f64) {
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
const TEXT_WIDTH: f64 = (W - 2 * MARGIN) as f64;

/// One line of text, cut to the label's width.
fn line(out: &mut String, y: i32, size: f64, fill: &str, bold: bool, text: &str) {
    let (t, size) = fit_width(text, TEXT_WIDTH, (size, size), bold);
    let weight = if bold { " font-weight=\"bold\"" } else { "" };
    out.push_str(&format!(
        "<text x=\"{MARGIN}\" y=\"{y}\" font-size=\"{size}\"{weight} fill=\"{fill}\">{}</text>\n",
        esc(&t)
    ));
}

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
        // The marker with the class letter, pointing at the card's arrow: solid for a label,
        // a dashed outline for a provisional one.
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
    let mut y = 300;
    if provisional {
        let used = e.map_or(0, |e| e.metrics_used);
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
        y += 34;
    }
    y += 30;
    let headline = match (class, e) {
        (Some(k), Some(e)) if e.provisional => format!("Provisional class {k}"),
        (Some(k), Some(e)) => format!("Class {k}, from {} of 5 metrics", e.metrics_used),
        _ => "No class: the label needs a CO2 value".to_string(),
    };
    line(&mut body, y, 15.0, INK, true, &headline);
    y += 22;
    let rests = if class.is_some() {
        "What it rests on:"
    } else {
        "What it would rest on:"
    };
    line(&mut body, y, 12.0, "#444444", false, rests);
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
            if m.name == "performance_score" && e.is_some_and(|e| e.performance_approximate) {
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
    y += 6;
    if let Some(r) = &c.reporting {
        let text = format!("Reporting: {}", Level(r.level).label());
        line(&mut body, y, 12.0, INK, false, &text);
        y += 20;
    }
    if let Some(Mode::Paper) = e.map(|e| e.mode) {
        line(
            &mut body,
            y,
            11.0,
            "#444444",
            false,
            "Paper mode: CO2 rated as the study's code did (raw index)",
        );
        y += 16;
    }
    line(
        &mut body,
        y,
        11.0,
        "#444444",
        false,
        &format!(
            "Relative to the 2023 Hugging Face study, n = {},{:03}",
            POPULATION / 1000,
            POPULATION % 1000
        ),
    );
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

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn generator_headings_name_no_model() {
        for h in [
            "Model Trained Using AutoNLP",
            "Model Trained Using AutoTrain",
            "model trained using some-new-tool",
            "Model Card for Model ID",
            "{MODEL_NAME}",
            "Model Card for {{ model_id | default(\"Model ID\", true) }}",
            "[More Information Needed]",
            "PPO Agent playing LunarLander-v2",
            "Model description",
            "Usage:",
            "trainer_output",
            "SentenceTransformer based on sentence-transformers/all-MiniLM-L6-v2",
            "SetFit with BAAI/bge-small-en-v1.5 on SST2",
            "  ",
        ] {
            assert!(generic_name(h), "{h}");
        }
        for h in [
            "acme/bert-tiny",
            "Stable Diffusion v1-4 Model Card",
            "Model Card for acme-7b",
            "RewardModel",
        ] {
            assert!(!generic_name(h), "{h}");
        }
    }

    #[test]
    fn the_name_skips_generic_headings_and_code() {
        let autonlp = "---\nco2_eq_emissions: 2\n---\n# Model Trained Using AutoNLP\n";
        assert_eq!(model_name(autonlp, "hf://acme/sentiment"), "acme/sentiment");
        assert_eq!(
            model_name(autonlp, "models/acme-sentiment/README.md"),
            "acme-sentiment"
        );
        let sb3 = "# **PPO** Agent playing **LunarLander-v2**\n";
        assert_eq!(
            model_name(sb3, "hf://u/ppo-LunarLander-v2"),
            "u/ppo-LunarLander-v2"
        );
        let fenced = "```sh\n# install it\n```\n# Real Name\n";
        assert_eq!(model_name(fenced, "x/README.md"), "Real Name");
        let linked = "# Model for [Diffusion Models Class](https://example.com) unit 1\n";
        assert_eq!(
            model_name(linked, "x/README.md"),
            "Model for Diffusion Models Class unit 1"
        );
        assert_eq!(plain_heading("[a [b](c) d ["), "[a b d [");
        // Many unclosed brackets stay linear and intact.
        let many = "[".repeat(100_000);
        assert_eq!(plain_heading(&many), many);
    }
}
