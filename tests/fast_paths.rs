//! The fast paths give what the slow paths give, on hand-written edge cases, on generated
//! texts, and on every real card at hand: the YAML reader's (libyaml's events exactly, or the
//! text left to libyaml) and the body's (the Markdown parse skipped only where it finds
//! nothing).

mod common;

use cardlint::card::body;
use cardlint::card::yaml::fast_path_agrees as agrees;

/// Each text: the fast path agrees with libyaml or declines; the `true` ones it must read.
#[test]
fn hand_written_front_matters() {
    let cases: &[(&str, bool)] = &[
        ("a: b", true),
        ("a: b\nc: d", true),
        ("a:\n  b: c\n  d: e\nf: g", true),
        ("a:\n- x\n- y\nb: z", true),
        ("a:\n  - x\n  - y\nb: z", true),
        ("- a\n- b", true),
        ("- a: b\n  c: d\n- e: f", true),
        ("- a:\n  - x\n- b", true),
        ("- a:\n- b", true),
        ("a:\nb:", true),
        ("a:", true),
        ("a:   \nb:  c  ", true),
        ("key  : value", true),
        ("url: https://x.org/a:b", true),
        ("a: 'it''s'\nb: \"q\"\nc: ''", true),
        ("tags: [a, b,c , 'd', \"e\"]\nx: []\ny: {}", true),
        ("name: Ünïcødé 模型", true),
        ("a: é\nb: [é, 'ü']", true),
        ("model-index:\n- name: m\n  results:\n  - task:\n      type: t\n    metrics:\n    - type: acc\n      value: 0.9\n", true),
        ("co2_eq_emissions:\n  emissions: 12.5\n  source: CodeCarbon\n  hardware_used: 1 x A100", true),
        // Declined or agreeing: every awkward form.
        ("a: b\n  c", false),
        ("- a\n  b", false),
        ("a: b: c", false),
        ("a: [a, ]", false),
        ("a: [a: b]", false),
        ("a: {b: c}", false),
        ("a: 'multi\n  line'", false),
        ("a: \"x\\ty\"", false),
        ("a: b # c", false),
        ("# only\na: b", false),
        ("a: &x 1\nb: *x", false),
        ("a: !!str 1", false),
        ("a: |\n  t", false),
        ("  a: b", false),
        ("a:\n  b: c\n d: e", false),
        ("a:\n    b: c\n  d: e", false),
        ("---\na: b", false),
        ("a: b\n---\nc: d", false),
        ("- - a", false),
        ("-\n  a: b", false),
        ("? a\n: b", false),
        ("a: -1", false),
        ("'a': b", false),
        ("a\n", false),
        ("", false),
        ("a:b", false),
        ("a:: b", false),
        ("a: b:", false),
        ("a:\n- x\n  - y", false),
        ("a: [x]y", false),
        ("a: 'x'y", false),
        ("a: 'x' ", false),
        ("[a]: b", false),
        ("a: \"x\ty\"", false),
        ("a: x\r\nb: y", false),
        ("a:\n-\n- b", false),
        // Line breaks libyaml knows besides `\n` (found by CI's PyYAML mutation sweep).
        ("license: m\u{85}it", false),
        ("a\u{85}: b", false),
        ("license: mit m\u{2028}it", false),
        ("a: b\u{2029}c: d", false),
        ("a: \u{feff}b", false),
    ];
    for (text, must_read) in cases {
        match agrees(text) {
            Some(Ok(())) => {}
            Some(Err(e)) => panic!("{text:?}: {e}"),
            None => assert!(!must_read, "{text:?}: the fast path declined it"),
        }
    }
}

/// A front matter with more events than the reader's node limit is left to libyaml, which
/// streams them (the fast path would hold them all at once).
#[test]
fn a_huge_front_matter_goes_to_libyaml() {
    assert_eq!(agrees(&"a: b\n".repeat(150_000)), None);
    assert_eq!(agrees(&format!("tags:\n{}", "- x\n".repeat(250_000))), None);
    assert_eq!(agrees(&"a: b\n".repeat(1_000)), Some(Ok(())));
}

/// A small deterministic generator of front matters: nested mappings and sequences of the
/// scalars cards hold, in every indentation style, some of them then mutated by a character of
/// YAML's syntax. The fast path agrees with libyaml or declines on each.
#[test]
fn generated_front_matters() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut read = 0;
    for _ in 0..20_000 {
        let mut text = String::new();
        mapping(&mut rng, &mut text, 0, 0, "");
        if rng.below(3) == 0 {
            let at = rng.below(text.len() + 1);
            if text.is_char_boundary(at) {
                let c = [
                    ':', '-', ' ', '\n', '\'', '"', '[', ']', ',', '{', '?', '\u{85}', '\u{2028}',
                    '\u{2029}', '\u{feff}', '\u{a0}',
                ][rng.below(16)];
                text.insert(at, c);
            }
        }
        match agrees(&text) {
            Some(Ok(())) => read += 1,
            Some(Err(e)) => panic!("{text:?}: {e}"),
            None => {}
        }
    }
    eprintln!("generated: the fast path read {read} of 20000");
    assert!(
        read > 8_000,
        "the fast path read only {read} generated texts"
    );
}

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

const KEYS: [&str; 8] = [
    "a",
    "key",
    "co2_eq_emissions",
    "x y",
    "k:v",
    "é",
    "url",
    "model-index",
];
const SCALARS: [&str; 14] = [
    "b",
    "12.5",
    "'q'",
    "'it''s'",
    "\"d\"",
    "[a, b]",
    "[]",
    "{}",
    "[ 'x' , \"y\" ]",
    "https://x:y",
    "a b  c",
    "é 模型",
    "null",
    "''",
];

/// A block mapping at `indent`; `first` is written before its first key (`- ` of a compact
/// mapping in a sequence, whose later keys are indented by its width).
fn mapping(rng: &mut Rng, out: &mut String, indent: usize, depth: usize, first: &str) {
    for i in 0..=rng.below(3) {
        if i == 0 {
            out.push_str(&" ".repeat(indent.saturating_sub(first.len())));
            out.push_str(first);
        } else {
            out.push_str(&" ".repeat(indent));
        }
        out.push_str(KEYS[rng.below(KEYS.len())]);
        out.push(':');
        match if depth > 3 { 0 } else { rng.below(4) } {
            0 => {
                out.push_str([" ", "  "][rng.below(2)]);
                out.push_str(SCALARS[rng.below(SCALARS.len())]);
                out.push_str(["\n", " \n", "\n\n"][rng.below(3)]);
            }
            1 => {
                out.push('\n');
                mapping(rng, out, indent + 2, depth + 1, "");
            }
            2 => {
                out.push('\n');
                let at = indent + 2 * rng.below(2);
                sequence(rng, out, at, depth + 1);
            }
            _ => out.push_str(if rng.below(2) == 0 { "\n" } else { "   \n" }),
        }
    }
}

/// A block sequence whose dashes stand at `indent`.
fn sequence(rng: &mut Rng, out: &mut String, indent: usize, depth: usize) {
    for _ in 0..=rng.below(3) {
        if rng.below(2) == 0 && depth < 4 {
            let pad = 1 + rng.below(2);
            let dash = format!("-{}", " ".repeat(pad));
            mapping(rng, out, indent + 1 + pad, depth + 1, &dash);
        } else {
            out.push_str(&" ".repeat(indent));
            out.push_str("- ");
            out.push_str(SCALARS[rng.below(SCALARS.len())]);
            out.push('\n');
        }
    }
}

/// The front matter of a card: the text between the opening `---` line and the closing one.
fn front_matter(card: &str) -> Option<&str> {
    let rest = card.strip_prefix("---\n")?;
    let end = rest.find("\n---")?;
    Some(&rest[..end])
}

/// The body of `card` as the linter reads it, with its offset in the file: the shortcut's
/// result equals the whole parse's; whether it was empty.
fn body_agrees(name: &str, card: &str) -> bool {
    let b = cardlint::card::Card::parse(card).split.body;
    let text = &card[b.start..b.end];
    let all = body::parse_all(text, b.start);
    assert_eq!(body::parse(text, b.start), all, "{name}");
    all == body::Body::default()
}

/// Checks every card's front matter and body; returns (front matters, read by the fast path).
fn check_all(cards: impl Iterator<Item = (String, String)>) -> (usize, usize) {
    let (mut n, mut read, mut bodies, mut empty) = (0, 0, 0, 0);
    for (name, card) in cards {
        bodies += 1;
        empty += usize::from(body_agrees(&name, &card));
        let Some(fm) = front_matter(&card) else {
            continue;
        };
        n += 1;
        match agrees(fm) {
            Some(Ok(())) => read += 1,
            Some(Err(e)) => panic!("{name}: {e}"),
            None => {}
        }
    }
    eprintln!("{empty} of {bodies} bodies state nothing");
    (n, read)
}

#[test]
fn generator_cards() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/generators");
    let cards = std::fs::read_dir(&dir).unwrap().filter_map(|e| {
        let p = e.unwrap().path().join("README.md");
        let text = std::fs::read_to_string(&p).ok()?;
        Some((p.display().to_string(), text))
    });
    let (n, read) = check_all(cards);
    assert!(
        n >= 10 && read * 2 >= n,
        "{read} of {n} read by the fast path"
    );
}

#[test]
#[cfg_attr(
    not(shared_data),
    ignore = "needs ../shared beside the project (CI has it)"
)]
fn real_cards_of_the_corpus_and_the_benchmark() {
    let Some(shared) = common::shared("corpus/DETAILS.tsv") else {
        return;
    };
    let cards = std::fs::read_dir(shared.join("corpus"))
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            let text = std::fs::read_to_string(&p).ok()?;
            Some((p.display().to_string(), text))
        });
    let (n, read) = check_all(cards);
    assert!(n > 300 && read * 2 > n, "corpus: {read} of {n}");
    // The 25,110 cards of the benchmark, unpacked into a temporary folder.
    let archive = shared.join("bench/hf-cards-25k.tar.xz");
    let dir = tempfile::tempdir().unwrap();
    let ok = std::process::Command::new("tar")
        .arg("-xJf")
        .arg(&archive)
        .arg("-C")
        .arg(dir.path())
        .status()
        .expect("tar runs");
    assert!(ok.success());
    let mut stack = vec![dir.path().to_path_buf()];
    let mut files = Vec::new();
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                files.push(p);
            }
        }
    }
    let cards = files.into_iter().filter_map(|p| {
        let text = std::fs::read_to_string(&p).ok()?;
        Some((p.display().to_string(), text))
    });
    let (n, read) = check_all(cards);
    eprintln!("benchmark: the fast path read {read} of {n} front matters");
    assert!(n > 20_000 && read * 10 > n * 7, "benchmark: {read} of {n}");
}

/// Bodies where the shortcut must look twice: labels in other cases and scripts, tables,
/// suppressions, code blocks and the words split by markup.
#[test]
fn hand_written_bodies() {
    let bodies = [
        "# M\n\nText: nothing here\n",
        "- **HARDWARE TYPE:** 1 x A100\n",
        "- **Hardware \u{212a}:** x\n",
        "- **Emİssions:** 3 kg\n",
        "- **CO₂ emissions:** 3 kg\n",
        "CO2 Emissions (in grams): 25.4\n",
        "| Emissions | 3 kg |\n|---|---|\n",
        "  | key | value |\n| --- | --- |\n| project_name | x |\n| run_id | 1 |\n",
        "| a | b |\n|---|---|\n| x | 1 |\n",
        "<!-- cardlint-disable-next-line CL101 -->\n",
        "```\nHardware Type: in code\n```\n",
        "    Hardware Type: indented code\n",
        "## Environmental Impact\n\nNone yet.\n",
        "- **Energy Consumed**: 0.09 kWh\n- **Power consumption:** 3 kWh\n",
        "- **Electricity used:** 3 kWh\n",
        "https://example.com/hardware:1\n",
        "Hours used: 3\r\nCloud Provider: AWS\r\nCompute Region: x\r\n",
        "Carbon emitted: 1 kg\u{2028}Footprint: 2\n",
        "",
    ];
    for text in bodies {
        for base in [0, 7] {
            assert_eq!(
                body::parse(text, base),
                body::parse_all(text, base),
                "{text:?}"
            );
        }
    }
    // Generated lines: every label word in each case, around colons, bars and markup.
    let parts = [
        "Hardware",
        "eMISSIONS",
        "energy",
        "x",
        ":",
        "|",
        "**",
        " ",
        "-",
        "\n",
        "`",
    ];
    let mut rng = 0x2545_f491_4f6c_dd1d_u64;
    for _ in 0..20_000 {
        let mut text = String::new();
        for _ in 0..(rng % 12) {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            text.push_str(parts[(rng % parts.len() as u64) as usize]);
        }
        assert_eq!(body::parse(&text, 0), body::parse_all(&text, 0), "{text:?}");
    }
}
