//! The Markdown report (job summary, PR comment) renders card text as text: parsed with a
//! CommonMark parser, no link, image, emphasis or HTML comes from a card, and the job summary
//! stays under GitHub's 1 MiB however many cards there are.

mod common;

use common::{bin, dir_with};
use pulldown_cmark::{Event, Options, Parser, Tag};

const HOSTILE: [&str; 6] = [
    "[click here to fix](//evil.example/phish)",
    "![tracker](https://evil.example/p.png)",
    "**bold** _em_ ~~gone~~",
    "<img src=x onerror=alert(1)>",
    "<https://evil.example/auto>",
    "`code` \\` ` <!-- cardlint:sticky -->",
];

fn markdown_of(cards: &[(&str, &str)]) -> String {
    let d = dir_with(cards);
    let o = bin()
        .args(["--isolated", "--format", "markdown", "--exit-zero", "."])
        .current_dir(d.path())
        .output()
        .unwrap();
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn card_text_is_never_markup() {
    for evil in HOSTILE {
        // In a key (quoted in CL004's message), a value, the folder name and the body.
        let card = format!(
            "---\n\"{k}\": 1\n\"{k}\": 2\nco2_eq_emissions:\n  emissions: \"{v} kg\"\n  hardware_used: \"{v}\"\n---\n# {v}\n",
            k = evil.replace('"', "'"),
            v = evil.replace('"', "'").replace('\\', "/"),
        );
        let folder = evil
            .replace(['/', '\\', '<', '>', ':', '"'], "_")
            .chars()
            .take(60)
            .collect::<String>();
        let md = markdown_of(&[(&format!("{folder}/README.md"), &card)]);
        for event in Parser::new_ext(&md, Options::all()) {
            match &event {
                Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                    panic!("{evil}: a link or image in\n{md}")
                }
                Event::Start(Tag::Emphasis | Tag::Strikethrough) => {
                    panic!("{evil}: emphasis in\n{md}")
                }
                Event::Html(h) | Event::InlineHtml(h) => {
                    let h = h.trim();
                    assert!(
                        ["<code>", "</code>", "<br>"].contains(&h),
                        "{evil}: HTML {h:?} in\n{md}"
                    );
                }
                _ => {}
            }
        }
        assert!(
            !md.contains("cardlint:sticky"),
            "{evil}: the marker in\n{md}"
        );
    }
}

#[test]
fn the_job_summary_stays_under_github_limit() {
    // 3,000 cards with long findings: far more than 1 MiB of report.
    let d = tempfile::tempdir().unwrap();
    let long = "x".repeat(70);
    for i in 0..3000 {
        common::write(
            d.path(),
            &format!("m{i:04}-{long}/README.md"),
            "---\nco2_eq_emissions: \"1.5 kg\"\n---\n",
        );
    }
    let summary = d.path().join("summary.md");
    let o = bin()
        .args(["--isolated", "--format", "concise", "--exit-zero", "."])
        .current_dir(d.path())
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.len() <= 1_048_576, "{} bytes", md.len());
    assert!(md.contains("3000 cards: "), "the totals count every card");
    assert!(md.contains("more cards are left out of this report"));
}
