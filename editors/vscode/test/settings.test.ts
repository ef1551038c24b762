// The settings sent to the server (src/settings.ts) and the settings package.json declares:
// the same names, the server's types, the server's default where a setting is unset.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { SERVER_KEYS, serverSettings } from "../src/settings";

const ctx = { home: "/home/u", platform: "linux" as const, workspaceFolder: "/ws" };
const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8"));
const properties: Record<string, { default: unknown; enum?: unknown[] }> = manifest.contributes.configuration.properties;

test("package.json declares exactly the server's settings, plus path and trace.server", () => {
  const declared = Object.keys(properties).map((k) => k.replace(/^cardlint\./, ""));
  assert.deepEqual(declared.sort(), [...SERVER_KEYS, "path", "trace.server"].sort());
});

test("the defaults of package.json send the server's defaults", () => {
  const defaults = Object.fromEntries(SERVER_KEYS.map((k) => [k, properties[`cardlint.${k}`]!.default]));
  assert.deepEqual(serverSettings(defaults, ctx), {
    cardlint: { ignore: [], unsafeFixes: false, isolated: false, hub: false },
  });
  // Nothing set at all (an old VS Code, a broken settings.json): the same.
  assert.deepEqual(serverSettings({}, ctx), serverSettings(defaults, ctx));
});

test("every setting set", () => {
  const s = serverSettings(
    {
      select: ["ALL"],
      ignore: ["CL102", "emissions-source-missing"],
      efficiencyMode: "paper",
      minReportingClass: "basic",
      minEfficiencyClass: "C",
      include: ["README.md", "*.md"],
      unsafeFixes: true,
      config: "${workspaceFolder}/cardlint.toml",
      isolated: true,
      hub: true,
      hubId: "org/model",
    },
    ctx,
  );
  assert.deepEqual(s, {
    cardlint: {
      select: ["ALL"],
      ignore: ["CL102", "emissions-source-missing"],
      efficiencyMode: "paper",
      minReportingClass: "basic",
      minEfficiencyClass: "C",
      include: ["README.md", "*.md"],
      unsafeFixes: true,
      config: "/ws/cardlint.toml",
      isolated: true,
      hub: true,
      hubId: "org/model",
    },
  });
});

test("null, empty and mistyped values are left out (the server's default), never sent as null", () => {
  const s = serverSettings(
    { select: [], ignore: null, efficiencyMode: "", include: [""], unsafeFixes: "yes", hubId: "  ", config: null },
    ctx,
  );
  assert.deepEqual(s, { cardlint: { ignore: [], unsafeFixes: false, isolated: false, hub: false } });
  assert.ok(!JSON.stringify(s).includes("null"));
});

test("config: relative to the workspace folder, ~ expanded, kept as written when unexpandable", () => {
  assert.equal(serverSettings({ config: "conf/c.toml" }, ctx).cardlint.config, "/ws/conf/c.toml");
  assert.equal(serverSettings({ config: "~/c.toml" }, ctx).cardlint.config, "/home/u/c.toml");
  assert.equal(serverSettings({ config: "/abs/c.toml" }, ctx).cardlint.config, "/abs/c.toml");
  const noFolder = { ...ctx, workspaceFolder: undefined };
  assert.equal(serverSettings({ config: "${workspaceFolder}/c.toml" }, noFolder).cardlint.config, "${workspaceFolder}/c.toml");
});

test("the manifest: activation, entry point, command, untrusted workspaces", () => {
  assert.equal(manifest.main, "./dist/extension.js");
  assert.ok(manifest.activationEvents.includes("onLanguage:markdown"));
  assert.ok(manifest.activationEvents.includes("workspaceContains:**/cardlint.toml"));
  assert.deepEqual(
    manifest.contributes.commands.map((c: { command: string }) => c.command),
    ["cardlint.restart"],
  );
  assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ["cardlint.path"]);
  assert.equal(manifest.publisher, "cardlint");
  assert.equal(manifest.name, "cardlint");
});

test("the extension's version is cardlint's (Cargo.toml), as the release tag requires", () => {
  const cargo = fs.readFileSync(path.join(__dirname, "..", "..", "..", "..", "Cargo.toml"), "utf8");
  const version = /^version = "(.*)"$/m.exec(cargo)?.[1];
  assert.equal(manifest.version, version);
});
