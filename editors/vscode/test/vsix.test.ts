// The packaged VSIX (CARDLINT_VSIX, set by scripts/build-vscode.sh after `vsce package`): the
// binary for its target, executable; the bundled JS; the manifest with the settings; the
// licence; and nothing of the sources or node_modules. Skipped when CARDLINT_VSIX is unset.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import { test } from "node:test";
import { entries } from "./zip";

const vsix = process.env.CARDLINT_VSIX;

test("the VSIX holds what the extension needs and nothing else", { skip: !vsix && "CARDLINT_VSIX is not set" }, () => {
  const all = entries(fs.readFileSync(vsix!));
  const byName = new Map(all.map((e) => [e.name, e]));
  const names = [...byName.keys()];
  const manifestXml = byName.get("extension.vsixmanifest")!.read().toString("utf8");
  const target = /TargetPlatform="([^"]+)"/.exec(manifestXml)?.[1];
  assert.ok(target, "the VSIX names its target platform");
  assert.equal(process.env.CARDLINT_VSIX_TARGET ?? target, target);

  const exe = target.startsWith("win32") ? "cardlint.exe" : "cardlint";
  const bin = byName.get(`extension/bundled/${exe}`);
  assert.ok(bin, `extension/bundled/${exe} in ${names.join(", ")}`);
  assert.ok(bin.size > 100_000, `a real binary (${bin.size} bytes)`);
  if (!target.startsWith("win32")) {
    assert.equal(bin.mode & 0o111, 0o111, `executable (mode ${bin.mode.toString(8)})`);
  }
  assert.ok(byName.has("extension/dist/extension.js"));
  // vsce renames these (LICENSE.txt, readme.md, changelog.md).
  const lower = new Set(names.map((n) => n.toLowerCase()));
  for (const f of ["license.txt", "readme.md", "changelog.md"]) {
    assert.ok(lower.has(`extension/${f}`), f);
  }
  assert.match(byName.get("extension/LICENSE.txt")!.read().toString("utf8"), /Apache License[\s\S]*Permission is hereby granted|Permission is hereby granted[\s\S]*Apache License/);

  const pkg = JSON.parse(byName.get("extension/package.json")!.read().toString("utf8"));
  assert.equal(pkg.main, "./dist/extension.js");
  for (const key of ["cardlint.path", "cardlint.select", "cardlint.efficiencyMode", "cardlint.hubId"]) {
    assert.ok(pkg.contributes.configuration.properties[key], key);
  }
  // The client is inside the bundle, not a dependency to install.
  assert.match(byName.get("extension/dist/extension.js")!.read().toString("utf8"), /registerCapability/);

  const unwanted = names.filter(
    (n) =>
      n.includes("node_modules/") ||
      n.startsWith("extension/src/") ||
      n.startsWith("extension/test/") ||
      n.startsWith("extension/out/") ||
      n.endsWith(".ts") ||
      n.endsWith(".map") ||
      n.endsWith(".vsix") ||
      /(^|\/)(tsconfig\.json|package-lock\.json|\.gitignore|\.vscodeignore)$/.test(n),
  );
  assert.deepEqual(unwanted, []);
  // Only the bundled binary is executable-sized: nothing else slipped in.
  assert.ok(all.length < 20, `${all.length} entries: ${names.join(", ")}`);
});
