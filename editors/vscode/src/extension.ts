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
let watcher: vscode.FileSystemWatcher | undefined;
/** Starts, stops and restarts run one after another (two quick setting changes: one server). */
let queue: Promise<void> = Promise.resolve();

function serially(f: () => Promise<void>): Promise<void> {
  queue = queue.then(f, f);
  return queue;
}

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
      // The server registers these watchers too where the client allows (VS Code does): this
      // one is for a client that does not. A change re-lints the open cards either way.
      fileEvents: watcher ?? [],
    },
    outputChannel: out,
  };
  client = new LanguageClient("cardlint", "cardlint", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (e) {
    // The client has shown and logged why (the server exited, a bad answer): nothing to add.
    out.appendLine(`cardlint: the server did not start: ${String(e)}`);
  }
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c !== undefined && c.needsStop()) {
    await c.stop().catch((e: unknown) => output?.appendLine(`cardlint: stopping the server: ${String(e)}`));
  }
}

function restart(context: vscode.ExtensionContext): Promise<void> {
  return serially(async () => {
    await stop();
    await start(context);
  });
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  watcher = vscode.workspace.createFileSystemWatcher("**/{cardlint.toml,.cardlint.toml,pyproject.toml}");
  context.subscriptions.push(
    watcher,
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
  );
  await serially(() => start(context));
}

export function deactivate(): Promise<void> {
  return serially(stop);
}
