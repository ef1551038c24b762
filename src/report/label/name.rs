//! The model's name on the label: the card's own name for it, past generators' generic
//! headings, else the repository id, the file or the folder.

use std::path::Path;

/// The model's name, as a reader knows it: `model-index[0].name`, else a top-level
/// `model_name`, else the body's first `# ` heading (outside code blocks), else the `hf://`
/// id, the file's name (`acme-sentiment.md`) or the folder that holds a `README.md`. A
/// generator's generic heading or name ("Model Trained Using AutoNLP", "Model Card for Model
/// ID", `{MODEL_NAME}`) names no model and is passed over (see [`generic_name`]).
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
        if let Some(id) = path.strip_prefix(crate::hub::SCHEME) {
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
        // The folder of a bare `README.md` is the current one (the core has none: the name).
        #[cfg(feature = "native")]
        let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        #[cfg(not(feature = "native"))]
        let abs = p.to_path_buf();
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
pub const MAX_NAME: usize = 64;

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
pub fn fit(s: &str, max: usize) -> String {
    let clean: String = s
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|&c| !crate::util::is_unsafe_char(c) && !matches!(c, '\u{fffe}' | '\u{ffff}'))
        .collect();
    crate::util::clip(&clean, max).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

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
