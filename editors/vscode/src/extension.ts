// The VS Code client of `cardlint server`: finds the binary (src/resolve.ts), starts it over
// standard input and output for Markdown files, and passes the `cardlint.*` settings
// (src/settings.ts). Everything the user sees (diagnostics, quick fixes, fix all, hovers, inlay
// hints) is the server's; this file only starts, configures and restarts it.

import * as os from "node:os";
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";
import { type ExpandContext, resolveServer, ServerNotFound } from "./resolve";
import { SERVER_KEYS, serverSettings, type ServerKey } from "./settings";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;

function expandContext(): ExpandContext {
  return {
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    home: os.homedir(),
    platform: process.platform,
  };
}

/** The server's settings from the current `cardlint.*` configuration. */
function currentServerSettings(): ReturnType<typeof serverSettings> {
  const config = vscode.workspace.getConfiguration("cardlint");
  const values: Partial<Record<ServerKey, unknown>> = {};
  for (const key of SERVER_KEYS) {
    values[key] = config.get(key);
  }
  return serverSettings(values, expandContext());
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const out = output ?? vscode.window.createOutputChannel("cardlint");
  output = out;
  let command: string;
  try {
    const resolved = resolveServer({
      ...expandContext(),
      setting: vscode.workspace.getConfiguration("cardlint").get("path"),
      extensionPath: context.extensionPath,
      envPath: process.env.PATH,
    });
    command = resolved.command;
    out.appendLine(`cardlint: running ${command} server (${resolved.source})`);
  } catch (e) {
    const message = e instanceof ServerNotFound ? e.message : `cardlint: ${String(e)}`;
    out.appendLine(message);
    void vscode.window.showErrorMessage(message);
    return;
  }
  const serverOptions: ServerOptions = {
    command,
    args: ["server"],
    // Standard input and output, the default: no `transport`, since `TransportKind.stdio` would
    // append `--stdio`, which `cardlint server` rejects (test/extension.test.ts). The working
    // folder is the first workspace folder (the client's default).
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "untitled", language: "markdown" },
    ],
    initializationOptions: currentServerSettings(),
    synchronize: {
      // The server registers these watchers too where the client allows; a static watcher
      // covers clients that do not.
      fileEvents: vscode.workspace.createFileSystemWatcher("**/{cardlint.toml,.cardlint.toml,pyproject.toml}"),
    },
    outputChannel: out,
  };
  client = new LanguageClient("cardlint", "cardlint", serverOptions, clientOptions);
  await client.start();
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c !== undefined) {
    await c.stop();
  }
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  await stop();
  await start(context);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand("cardlint.restart", () => restart(context)),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("cardlint.path")) {
        await restart(context);
      } else if (e.affectsConfiguration("cardlint") && client !== undefined) {
        await client.sendNotification(DidChangeConfigurationNotification.type, {
          settings: currentServerSettings(),
        });
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => restart(context)),
    { dispose: () => void stop() },
  );
  await start(context);
}

export function deactivate(): Promise<void> {
  return stop();
}
