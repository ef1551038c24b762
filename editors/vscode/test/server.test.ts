// End to end without VS Code: the binary the extension's resolver picks (with no `cardlint.path`:
// the bundled one, which scripts/build-vscode.sh puts there; else PATH; `CARDLINT_BIN` as the
// setting) is started as the extension starts it (`cardlint server` over stdio) and driven with
// vscode-languageserver-protocol / vscode-jsonrpc, the libraries vscode-languageclient is built
// on, with the initializationOptions and didChangeConfiguration the extension builds.
// Skipped if no binary is found, unless CARDLINT_E2E_REQUIRED=1 (the build script sets it when
// the binary runs here), and with CARDLINT_E2E=0 (the binary is another platform's).

import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { test } from "node:test";
import {
  createProtocolConnection,
  type Diagnostic,
  DidChangeConfigurationNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  type ProtocolConnection,
  MessageType,
  type PublishDiagnosticsParams,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowMessageNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-languageserver-protocol/node";
import { type Resolved, resolveServer } from "../src/resolve";
import { serverSettings } from "../src/settings";

const extensionPath = path.join(__dirname, "..", "..");
const manifest = JSON.parse(fs.readFileSync(path.join(extensionPath, "package.json"), "utf8"));

function resolve(): Resolved | undefined {
  if (process.env.CARDLINT_E2E === "0") {
    return undefined;
  }
  try {
    return resolveServer({
      setting: process.env.CARDLINT_BIN ? [process.env.CARDLINT_BIN] : [],
      extensionPath,
      envPath: process.env.PATH,
      home: os.homedir(),
      platform: process.platform,
      workspaceFolder: undefined,
    });
  } catch (e) {
    if (process.env.CARDLINT_E2E_REQUIRED === "1") {
      throw e;
    }
    return undefined;
  }
}

const server = resolve();

/** `co2_eq_emissions` with a unit in its text: CL102 (co2-emissions-not-a-number), fixable. */
const CARD = "---\nlicense: mit\nco2_eq_emissions:\n  emissions: \"0.3 Kg\"\n---\n# Modèle ü\n";

class Session {
  readonly diagnostics: PublishDiagnosticsParams[] = [];
  readonly messages: { type: number; message: string }[] = [];
  readonly registrations: string[] = [];
  private waiters: (() => void)[] = [];
  constructor(
    readonly proc: ChildProcess,
    readonly conn: ProtocolConnection,
  ) {
    conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.push(p);
      this.wake();
    });
    conn.onNotification(ShowMessageNotification.type, (p) => {
      this.messages.push(p);
      this.wake();
    });
    conn.onRequest(RegistrationRequest.type, (p) => {
      this.registrations.push(...p.registrations.map((r) => r.method));
      return null;
    });
    conn.listen();
  }
  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }
  /** The first published diagnostics after `from` that `ok` accepts (10 s at most). */
  async published(uri: string, from: number, ok: (d: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = this.diagnostics.slice(from).find((p) => p.uri === uri && ok(p.diagnostics));
      if (found) {
        return found.diagnostics;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`no matching diagnostics for ${uri}: ${JSON.stringify(this.diagnostics.slice(from))}`);
      }
      await new Promise<void>((res) => {
        const t = setTimeout(res, left);
        this.waiters.push(() => {
          clearTimeout(t);
          res();
        });
      });
    }
  }
}

const codes = (d: Diagnostic[]) => d.map((x) => String(x.code));

test("cardlint server, started as the extension starts it, lints with the extension's settings", { timeout: 60_000, skip: server === undefined && "no cardlint binary to run (bundled/, PATH or CARDLINT_BIN), or CARDLINT_E2E=0" }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cardlint-vscode-e2e-"));
  const card = path.join(dir, "README.md");
  fs.writeFileSync(card, CARD);
  fs.writeFileSync(path.join(dir, "cardlint.toml"), "");
  const uri = pathToFileURL(card).href;
  const ctx = { home: os.homedir(), platform: process.platform, workspaceFolder: dir };
  const proc = spawn(server!.command, ["server"], { cwd: dir, stdio: ["pipe", "pipe", "inherit"] });
  const exited = new Promise<number | null>((res) => proc.on("exit", (code) => res(code)));
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const s = new Session(proc, conn);
  try {
    // The initializationOptions the extension sends with the settings' defaults, but paper mode.
    const defaults = Object.fromEntries(
      Object.entries(manifest.contributes.configuration.properties as Record<string, { default: unknown }>).map(
        ([k, v]) => [k.replace(/^cardlint\./, ""), v.default],
      ),
    );
    const init = await conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: "ws" }],
      capabilities: {
        general: { positionEncodings: ["utf-16"] },
        workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, configuration: true },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true },
          hover: { contentFormat: ["markdown", "plaintext"] },
        },
      },
      initializationOptions: serverSettings({ ...defaults, efficiencyMode: "paper" }, ctx),
    });
    assert.equal(init.serverInfo?.name, "cardlint");
    assert.ok(init.capabilities.hoverProvider, "hover");
    assert.ok(init.capabilities.codeActionProvider, "code actions");
    await conn.sendNotification(InitializedNotification.type, {});
    await conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: "markdown", version: 1, text: CARD },
    });
    const first = await s.published(uri, 0, (d) => codes(d).includes("CL102"));
    const cl102 = first.find((d) => d.code === "CL102")!;
    assert.equal(cl102.range.start.line, 3);
    assert.equal(cl102.source, "cardlint");
    assert.match(cl102.codeDescription?.href ?? "", /co2-emissions-not-a-number/);
    assert.ok(s.registrations.includes("workspace/didChangeWatchedFiles"), `${s.registrations}`);

    // Settings changes as the extension sends them; each is read by the server under the name
    // the extension uses (an unknown name would be ignored silently, so each must show).
    const apply = async (settings: Record<string, unknown>, ok: (d: Diagnostic[]) => boolean) => {
      const before = s.diagnostics.length;
      await conn.sendNotification(DidChangeConfigurationNotification.type, {
        settings: serverSettings({ ...defaults, ...settings }, ctx),
      });
      return s.published(uri, before, ok);
    };
    const has102 = (d: Diagnostic[]) => codes(d).includes("CL102");
    const no102 = (d: Diagnostic[]) => !has102(d);
    fs.writeFileSync(path.join(dir, "other.toml"), 'ignore = ["co2-emissions-not-a-number"]\n');
    await apply({ ignore: ["CL102"] }, no102);
    await apply({}, has102);
    await apply({ select: ["CL004"] }, no102);
    await apply({}, has102);
    await apply({ include: ["*.txt"] }, (d) => d.length === 0);
    await apply({}, has102);
    await apply({ config: "other.toml" }, no102);
    await apply({}, has102);
    // The enumerated settings: a value the server does not know is an error naming it.
    for (const [name, what] of [
      ["efficiencyMode", /efficiency mode `x`/],
      ["minReportingClass", /reporting class `x`/],
      ["minEfficiencyClass", /efficiency class `x`/],
    ] as const) {
      const n = s.messages.length;
      await conn.sendNotification(DidChangeConfigurationNotification.type, {
        settings: serverSettings({ ...defaults, [name]: "x" }, ctx),
      });
      await conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 2, character: 3 } });
      assert.match(s.messages.slice(n).map((m) => m.message).join("\n"), what, name);
    }

    const messagesBefore = s.messages.length;
    // Every value package.json offers for the enumerated settings, and every setting set at
    // once, is accepted: the server answers a bad one with an error message.
    const props = manifest.contributes.configuration.properties as Record<string, { enum?: unknown[] }>;
    for (const [key, p] of Object.entries(props)) {
      const name = key.replace(/^cardlint\./, "");
      if (name === "trace.server" || p.enum === undefined) {
        continue;
      }
      for (const value of p.enum) {
        await conn.sendNotification(DidChangeConfigurationNotification.type, {
          settings: serverSettings({ ...defaults, [name]: value }, ctx),
        });
      }
    }
    await conn.sendNotification(DidChangeConfigurationNotification.type, {
      settings: serverSettings(
        {
          select: ["ALL"],
          ignore: ["CL101"],
          efficiencyMode: "corrected",
          minReportingClass: "context",
          minEfficiencyClass: "E",
          include: ["README.md"],
          unsafeFixes: true,
          config: "cardlint.toml",
          isolated: false,
          hub: false,
        },
        ctx,
      ),
    });
    // Notifications are handled in order before this request: any error message is in by now.
    const hover = await conn.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line: 2, character: 3 },
    });
    assert.ok(hover, "a hover on co2_eq_emissions");
    const errors = s.messages.slice(messagesBefore).filter((m) => m.type === MessageType.Error);
    assert.deepEqual(errors, []);

    await conn.sendRequest(ShutdownRequest.type);
    await conn.sendNotification(ExitNotification.type);
    assert.equal(await exited, 0);
  } finally {
    conn.dispose();
    proc.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
