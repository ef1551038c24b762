//! Zed extension for cardlint: starts `cardlint server` as the language server of Markdown
//! files and hands it the user's settings.
//!
//! The binary is the `lsp.cardlint.binary.path` setting if there is one, else `cardlint` found
//! on the worktree's PATH; without either the server does not start and Zed shows the error
//! below. The settings are the user's `lsp.cardlint.initialization_options` and
//! `lsp.cardlint.settings` (each standing in for the other when only one is given), in the form
//! `cardlint server` reads: the README's settings, bare or under a `cardlint` key.

use zed_extension_api::settings::{CommandSettings, LspSettings};
use zed_extension_api::{self as zed, serde_json, LanguageServerId, Result, Worktree};

/// What Zed is told when it can find no cardlint to run.
const NOT_FOUND: &str = "cardlint was not found on PATH. Install it (`cargo install cardlint`, \
`pip install cardlint`, or a release binary) or set `lsp.cardlint.binary.path` in Zed's \
settings to the cardlint executable.";

struct Cardlint;

/// The command that runs the server: the configured binary, else the one on PATH, with the
/// configured arguments (default `server`) and environment.
fn resolve(binary: Option<CommandSettings>, on_path: Option<String>) -> Result<zed::Command> {
    let (path, arguments, env) = match binary {
        Some(b) => (b.path, b.arguments, b.env),
        None => (None, None, None),
    };
    let command = path
        .filter(|p| !p.trim().is_empty())
        .or(on_path)
        .ok_or_else(|| NOT_FOUND.to_string())?;
    let args = arguments.unwrap_or_else(|| vec!["server".to_string()]);
    let mut env: Vec<(String, String)> = env.unwrap_or_default().into_iter().collect();
    env.sort();
    Ok(zed::Command { command, args, env })
}

/// `first`, else `second`: the initialization options fall back to the settings and the
/// settings to the initialization options, so that the configuration Zed sends after start-up
/// never resets what the server started with.
fn either(
    first: Option<serde_json::Value>,
    second: Option<serde_json::Value>,
) -> Option<serde_json::Value> {
    first.filter(|v| !v.is_null()).or(second)
}

fn lsp_settings(id: &LanguageServerId, worktree: &Worktree) -> LspSettings {
    LspSettings::for_worktree(id.as_ref(), worktree).unwrap_or_default()
}

impl zed::Extension for Cardlint {
    fn new() -> Self {
        Cardlint
    }

    fn language_server_command(
        &mut self,
        id: &LanguageServerId,
        worktree: &Worktree,
    ) -> Result<zed::Command> {
        let binary = lsp_settings(id, worktree).binary;
        let configured = binary
            .as_ref()
            .and_then(|b| b.path.as_deref())
            .is_some_and(|p| !p.trim().is_empty());
        let on_path = if configured {
            None
        } else {
            worktree.which("cardlint")
        };
        resolve(binary, on_path)
    }

    fn language_server_initialization_options(
        &mut self,
        id: &LanguageServerId,
        worktree: &Worktree,
    ) -> Result<Option<serde_json::Value>> {
        let s = lsp_settings(id, worktree);
        Ok(either(s.initialization_options, s.settings))
    }

    fn language_server_workspace_configuration(
        &mut self,
        id: &LanguageServerId,
        worktree: &Worktree,
    ) -> Result<Option<serde_json::Value>> {
        let s = lsp_settings(id, worktree);
        Ok(either(s.settings, s.initialization_options))
    }
}

zed::register_extension!(Cardlint);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn binary(path: Option<&str>, args: Option<&[&str]>, env: &[(&str, &str)]) -> CommandSettings {
        CommandSettings {
            path: path.map(str::to_string),
            arguments: args.map(|a| a.iter().map(|s| s.to_string()).collect()),
            env: (!env.is_empty()).then(|| {
                env.iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect()
            }),
        }
    }

    #[test]
    fn the_cardlint_on_path_runs_server() {
        let c = resolve(None, Some("/usr/bin/cardlint".into())).unwrap();
        assert_eq!(c.command, "/usr/bin/cardlint");
        assert_eq!(c.args, ["server"]);
        assert!(c.env.is_empty());
    }

    #[test]
    fn the_configured_binary_wins_and_keeps_its_arguments_and_env() {
        let b = binary(
            Some("/opt/cardlint"),
            Some(&["server", "--x"]),
            &[("B", "2"), ("A", "1")],
        );
        let c = resolve(Some(b), Some("/usr/bin/cardlint".into())).unwrap();
        assert_eq!(c.command, "/opt/cardlint");
        assert_eq!(c.args, ["server", "--x"]);
        assert_eq!(c.env, [("A".into(), "1".into()), ("B".into(), "2".into())]);
    }

    #[test]
    fn an_empty_path_setting_falls_back_to_path() {
        let c = resolve(Some(binary(Some(" "), None, &[])), Some("cardlint".into())).unwrap();
        assert_eq!(c.command, "cardlint");
        assert_eq!(c.args, ["server"]);
    }

    #[test]
    fn no_binary_is_a_clear_error() {
        let e = resolve(Some(binary(None, None, &[])), None).unwrap_err();
        assert!(e.contains("cardlint was not found on PATH"), "{e}");
        assert!(e.contains("lsp.cardlint.binary.path"), "{e}");
    }

    #[test]
    fn settings_and_initialization_options_stand_in_for_each_other() {
        let a = json!({ "cardlint": { "select": ["ALL"] } });
        let b = json!({ "efficiencyMode": "paper" });
        assert_eq!(either(Some(a.clone()), Some(b.clone())), Some(a.clone()));
        assert_eq!(either(None, Some(b.clone())), Some(b.clone()));
        assert_eq!(
            either(Some(serde_json::Value::Null), Some(b.clone())),
            Some(b)
        );
        assert_eq!(either(None, None), None);
    }
}
