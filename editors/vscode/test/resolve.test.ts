// The binary resolver (src/resolve.ts) under plain node: the setting, its variables, the bundled
// binary, PATH, Windows naming, and the error when nothing is found.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { executableName, expand, resolveServer, ServerNotFound, settingPaths } from "../src/resolve";

const posix = { home: "/home/u", platform: "linux" as const, workspaceFolder: "/ws", extensionPath: "/ext" };
const exists = (...files: string[]) => {
  const set = new Set(files);
  return (f: string) => set.has(f);
};

test("the setting's first existing entry wins, variables expanded", () => {
  const r = resolveServer({
    ...posix,
    setting: ["${workspaceFolder}/missing/cardlint", "${workspaceFolder}/bin/cardlint", "~/cardlint"],
    envPath: "/usr/bin",
    isExecutable: exists("/ws/bin/cardlint", "/home/u/cardlint", "/ext/bundled/cardlint"),
  });
  assert.deepEqual(r, { command: "/ws/bin/cardlint", source: "setting" });
});

test("a string setting is a list of one; ~ and ${userHome} expand", () => {
  assert.deepEqual(settingPaths("  ~/x  "), ["~/x"]);
  assert.deepEqual(settingPaths(["", 3, "a"]), ["a"]);
  assert.deepEqual(settingPaths(undefined), []);
  assert.equal(expand("~/bin/cardlint", posix), "/home/u/bin/cardlint");
  assert.equal(expand("~", posix), "/home/u");
  assert.equal(expand("${userHome}/c", posix), "/home/u/c");
  assert.equal(expand("a~/b", posix), "a~/b");
  assert.equal(expand("${workspaceFolder}/c", { ...posix, workspaceFolder: undefined }), undefined);
  const r = resolveServer({ ...posix, setting: "~/cardlint", envPath: "", isExecutable: exists("/home/u/cardlint") });
  assert.equal(r.command, "/home/u/cardlint");
});

test("a relative entry is relative to the workspace folder; a bare name is looked up on PATH", () => {
  const rel = resolveServer({ ...posix, setting: ["tools/cardlint"], envPath: "", isExecutable: exists("/ws/tools/cardlint") });
  assert.equal(rel.command, "/ws/tools/cardlint");
  const bare = resolveServer({
    ...posix,
    setting: ["cardlint-dev"],
    envPath: "/a:/b",
    isExecutable: exists("/b/cardlint-dev"),
  });
  assert.deepEqual(bare, { command: "/b/cardlint-dev", source: "setting" });
});

test("no setting: the bundled binary, then PATH", () => {
  const bundled = resolveServer({
    ...posix,
    setting: [],
    envPath: "/usr/bin",
    isExecutable: exists("/ext/bundled/cardlint", "/usr/bin/cardlint"),
  });
  assert.deepEqual(bundled, { command: "/ext/bundled/cardlint", source: "bundled" });
  const onPath = resolveServer({
    ...posix,
    setting: [],
    envPath: "/nothing::/usr/bin",
    isExecutable: exists("/usr/bin/cardlint"),
  });
  assert.deepEqual(onPath, { command: "/usr/bin/cardlint", source: "PATH" });
});

test("a configured path that does not exist is an error naming it, not a fallback", () => {
  assert.throws(
    () =>
      resolveServer({
        ...posix,
        setting: ["/opt/cardlint", "${workspaceFolder}/c"],
        workspaceFolder: undefined,
        envPath: "/usr/bin",
        isExecutable: exists("/ext/bundled/cardlint", "/usr/bin/cardlint"),
      }),
    (e: unknown) => {
      assert.ok(e instanceof ServerNotFound);
      assert.match(e.message, /\/opt\/cardlint \(cardlint\.path\)/);
      assert.match(e.message, /no workspace folder is open/);
      assert.doesNotMatch(e.message, /bundled/);
      return true;
    },
  );
});

test("nothing found: the message names the bundled path and PATH", () => {
  assert.throws(
    () => resolveServer({ ...posix, setting: [], envPath: "/usr/bin", isExecutable: exists() }),
    (e: unknown) => {
      assert.ok(e instanceof ServerNotFound);
      assert.equal(e.tried.length, 2);
      assert.match(e.message, /\/ext\/bundled\/cardlint \(bundled\)/);
      assert.match(e.message, /`cardlint` on PATH/);
      assert.match(e.message, /cardlint\.path/);
      return true;
    },
  );
});

test("Windows: cardlint.exe, `;` between PATH folders, backslashes, ~\\", () => {
  const win = {
    home: "C:\\Users\\u",
    platform: "win32" as const,
    workspaceFolder: "C:\\ws",
    extensionPath: "C:\\ext",
  };
  assert.equal(executableName("win32"), "cardlint.exe");
  assert.equal(executableName("linux"), "cardlint");
  assert.equal(executableName("darwin"), "cardlint");
  const bundled = resolveServer({ ...win, setting: [], envPath: "", isExecutable: exists("C:\\ext\\bundled\\cardlint.exe") });
  assert.equal(bundled.command, "C:\\ext\\bundled\\cardlint.exe");
  const onPath = resolveServer({
    ...win,
    setting: [],
    envPath: "C:\\a;C:\\tools",
    isExecutable: exists("C:\\tools\\cardlint", "C:\\tools\\cardlint.exe"),
  });
  assert.equal(onPath.command, "C:\\tools\\cardlint.exe");
  const home = resolveServer({ ...win, setting: "~\\bin\\cardlint.exe", envPath: "", isExecutable: exists("C:\\Users\\u\\bin\\cardlint.exe") });
  assert.equal(home.command, "C:\\Users\\u\\bin\\cardlint.exe");
  const ws = resolveServer({ ...win, setting: "${workspaceFolder}\\cardlint.exe", envPath: "", isExecutable: exists("C:\\ws\\cardlint.exe") });
  assert.equal(ws.command, "C:\\ws\\cardlint.exe");
});

test("the default check on real files: a regular, executable file", { skip: process.platform === "win32" }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cardlint-resolve-"));
  try {
    fs.mkdirSync(path.join(dir, "bundled"));
    fs.mkdirSync(path.join(dir, "bin"));
    const bundled = path.join(dir, "bundled", "cardlint");
    fs.writeFileSync(bundled, "#!/bin/sh\n");
    fs.chmodSync(bundled, 0o644);
    fs.mkdirSync(path.join(dir, "bin", "cardlint"));
    const input = { ...posix, extensionPath: dir, setting: [], envPath: path.join(dir, "bin") };
    // Not executable, and a folder named cardlint on PATH: neither is run.
    assert.throws(() => resolveServer(input), ServerNotFound);
    fs.chmodSync(bundled, 0o755);
    assert.deepEqual(resolveServer(input), { command: bundled, source: "bundled" });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
