// The extension's own bundle (dist/extension.js: src/extension.ts with vscode-languageclient)
// activated against a fake VS Code API (test/vscode-stub.ts) and a real `cardlint server`: the
// binary it resolves is started, a card opened in the fake editor gets the server's diagnostics
// in VS Code's types, the registered hover provider answers through the real client, a settings
// change reaches the server, the restart command restarts it, and a missing binary is an error
// message naming what was tried. The fake is not VS Code (no UI, no extension host): it stands
// for the API calls the bundle makes. Runs when a binary is found (as test/server.test.ts).

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { resolveServer } from "../src/resolve";
import { type Fake, fakeVscode, Position, TextDocument, Uri } from "./vscode-stub";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Module = require("node:module");

const extensionPath = path.join(__dirname, "..", "..");
const bundle = path.join(extensionPath, "dist", "extension.js");

function found(): boolean {
  if (process.env.CARDLINT_E2E === "0") {
    return false;
  }
  try {
    resolveServer({
      setting: process.env.CARDLINT_BIN ? [process.env.CARDLINT_BIN] : [],
      extensionPath,
      envPath: process.env.PATH,
      home: os.homedir(),
      platform: process.platform,
    });
    return true;
  } catch (e) {
    if (process.env.CARDLINT_E2E_REQUIRED === "1") {
      throw e;
    }
    return false;
  }
}

/** The bundle loaded afresh with `require("vscode")` answered by the fake. */
function load(fake: Fake): { activate(c: unknown): Promise<void>; deactivate(): Promise<void> } {
  const original = Module._load;
  Module._load = function (request: string, ...rest: unknown[]) {
    return request === "vscode" ? fake.api : original.call(this, request, ...rest);
  };
  try {
    delete require.cache[bundle];
    return require(bundle);
  } finally {
    Module._load = original;
  }
}

const CARD = "---\nlicense: mit\nco2_eq_emissions:\n  emissions: \"0.3 Kg\"\n---\n# Modèle ü\n";
const codeOf = (d: { code?: unknown }) =>
  typeof d.code === "object" && d.code !== null ? String((d.code as { value: unknown }).value) : String(d.code);

const run = found();

test("the bundle, activated in a fake VS Code, runs cardlint server end to end", { timeout: 60_000, skip: !run && "no cardlint binary to run" }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cardlint-vscode-ext-"));
  const card = path.join(dir, "README.md");
  fs.writeFileSync(card, CARD);
  const fake = fakeVscode(dir);
  if (process.env.CARDLINT_BIN) {
    fake.settings.set("cardlint.path", [process.env.CARDLINT_BIN]);
  }
  fake.settings.set("cardlint.efficiencyMode", "paper");
  fake.settings.set("cardlint.trace.server", "messages");
  const ext = load(fake);
  const context = { subscriptions: [] as { dispose(): unknown }[], extensionPath, extensionUri: Uri.file(extensionPath) };
  try {
    await ext.activate(context);
    assert.deepEqual(fake.errors, []);
    assert.match(fake.log.join("\n"), /cardlint: running .*cardlint server \((bundled|setting|PATH)\)/);
    assert.ok(fake.commands.has("cardlint.restart"));

    const uri = Uri.file(card);
    const doc = new TextDocument(uri, "markdown", 1, CARD);
    fake.open(doc);
    const diags = () => fake.diagnostics.get(uri.toString()) ?? [];
    await fake.until("CL102 on the card", () => diags().some((d) => codeOf(d) === "CL102"));
    const d = diags().find((x) => codeOf(x) === "CL102")!;
    assert.equal(d.range.start.line, 3);
    assert.equal(d.source, "cardlint");
    assert.match(String((d.code as { target: Uri }).target), /co2-emissions-not-a-number/);
    // A Markdown file that is not a card (not `include`d) gets no diagnostics.
    const other = Uri.file(path.join(dir, "NOTES.md"));
    fake.open(new TextDocument(other, "markdown", 1, CARD));

    // The hover provider the client registered, asked as VS Code asks it.
    const hover = fake.providers.find((p) => p.kind === "Hover");
    assert.ok(hover, `providers: ${fake.providers.map((p) => p.kind)}`);
    const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
    const h = await hover.provider.provideHover(doc, new Position(2, 3), token);
    const text = h.contents.map((c: { value?: string }) => c.value ?? String(c)).join("\n");
    assert.match(text, /cardlint verdict/);
    // `cardlint.efficiencyMode: paper` reached the server in the initializationOptions.
    assert.match(text, /paper mode/);
    assert.ok(fake.providers.some((p) => p.kind === "CodeActions"), "code actions");
    assert.ok(fake.providers.some((p) => p.kind === "InlayHints"), "inlay hints");

    // A settings change: forwarded to the server, which lints again without CL102.
    fake.settings.set("cardlint.ignore", ["CL102"]);
    fake.changeConfiguration(["cardlint", "cardlint.ignore"]);
    await fake.until("CL102 gone after ignoring it", () => diags().length > 0 && !diags().some((x) => codeOf(x) === "CL102"));
    assert.equal(fake.diagnostics.get(other.toString())?.length ?? 0, 0);

    // The restart command: a second server, with the current settings (still no CL102).
    await fake.commands.get("cardlint.restart")!();
    assert.equal(fake.log.filter((l) => l.startsWith("cardlint: running")).length, 2);
    assert.deepEqual(fake.errors, []);
    // The trace (cardlint.trace.server: messages): VS Code's client pulls diagnostics, the server
    // asks it to pull again after the settings change (it reads VS Code's
    // `workspace.diagnostics.refreshSupport`), and no message goes unanswered or answered twice.
    const trace = fake.log.join("\n");
    assert.match(trace, /Sending request 'textDocument\/diagnostic/);
    assert.match(trace, /Received request 'workspace\/diagnostic\/refresh/);
    assert.doesNotMatch(trace, /without active response promise/);
    // (The client logs a server's exit as an error even when its status is 0, at the restart.)
    assert.doesNotMatch(trace, /\[Error - [^\]]*\] (?!Server process exited with code 0\.)/);
  } catch (e) {
    throw new Error(`${e}\n--- the output channel:\n${fake.log.join("\n")}\n--- errors: ${fake.errors}`);
  } finally {
    await ext.deactivate().catch(() => {});
    context.subscriptions.forEach((s) => s.dispose());
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a cardlint.path that does not exist: an error message naming it, no server", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cardlint-vscode-ext-"));
  const fake = fakeVscode(dir);
  fake.settings.set("cardlint.path", ["${workspaceFolder}/no/cardlint"]);
  const ext = load(fake);
  try {
    await ext.activate({ subscriptions: [], extensionPath, extensionUri: Uri.file(extensionPath) });
    assert.equal(fake.errors.length, 1);
    assert.match(fake.errors[0]!, /no cardlint binary found/);
    assert.ok(fake.errors[0]!.includes(path.join(dir, "no", "cardlint") + " (cardlint.path)"), fake.errors[0]);
    assert.ok(!fake.log.some((l) => l.startsWith("cardlint: running")));
  } finally {
    await ext.deactivate();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
