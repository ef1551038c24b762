// Which `cardlint` binary the extension runs: pure (no `vscode` import), so the tests run it
// under plain node. Order: the `cardlint.path` setting (each entry expanded and tried in turn),
// else the binary bundled in the VSIX (`bundled/cardlint[.exe]`), else `cardlint` on PATH.

import * as fs from "node:fs";
import * as path from "node:path";

/** Where the variables of a setting point. */
export interface ExpandContext {
  /** The first workspace folder's path, if a folder is open. */
  workspaceFolder?: string | undefined;
  /** The user's home directory. */
  home: string;
  /** The platform whose path rules apply (`process.platform`). */
  platform: NodeJS.Platform;
}

export interface ResolveInput extends ExpandContext {
  /** The `cardlint.path` setting: an array or one string; empty for the default order. */
  setting: unknown;
  /** The extension's folder (where `bundled/` is). */
  extensionPath: string;
  /** The PATH environment variable. */
  envPath: string | undefined;
  /** Whether a file exists and can be run (injected by the tests). */
  isExecutable?: (file: string) => boolean;
}

export type Source = "setting" | "bundled" | "PATH";

export interface Resolved {
  command: string;
  source: Source;
}

/** No binary was found; the message names every place tried. */
export class ServerNotFound extends Error {
  constructor(readonly tried: string[]) {
    super(
      "cardlint: no cardlint binary found. Tried: " +
        tried.join("; ") +
        ". Install cardlint (https://github.com/cardlint/cardlint#install) or set `cardlint.path`.",
    );
    this.name = "ServerNotFound";
  }
}

function pathApi(platform: NodeJS.Platform): path.PlatformPath {
  return platform === "win32" ? path.win32 : path.posix;
}

/** `cardlint.exe` on Windows, else `cardlint`. */
export function executableName(platform: NodeJS.Platform): string {
  return platform === "win32" ? "cardlint.exe" : "cardlint";
}

/** The setting as a list of non-empty strings (a single string is a list of one). */
export function settingPaths(setting: unknown): string[] {
  const list = Array.isArray(setting) ? setting : [setting];
  return list.filter((x): x is string => typeof x === "string" && x.trim() !== "").map((x) => x.trim());
}

/**
 * `${workspaceFolder}`, `${userHome}` and a leading `~` expanded; `undefined` when the path
 * names `${workspaceFolder}` and no folder is open.
 */
export function expand(p: string, ctx: ExpandContext): string | undefined {
  if (p.includes("${workspaceFolder}") && ctx.workspaceFolder === undefined) {
    return undefined;
  }
  let out = p
    .split("${workspaceFolder}")
    .join(ctx.workspaceFolder ?? "")
    .split("${userHome}")
    .join(ctx.home);
  const sep = ctx.platform === "win32" ? /^~[\\/]/ : /^~\//;
  if (out === "~") {
    out = ctx.home;
  } else if (sep.test(out)) {
    out = pathApi(ctx.platform).join(ctx.home, out.slice(2));
  }
  return out;
}

/** The default check: a regular file, executable (on Windows, existing is enough). */
export function defaultIsExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    if (process.platform !== "win32") {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

/** The file name of a bare name: on Windows `NAME.exe` when it has no extension. */
function fileName(name: string, platform: NodeJS.Platform): string {
  return platform === "win32" && !name.includes(".") ? name + ".exe" : name;
}

/** Looks a bare name up on PATH; `undefined` if no folder of PATH has it. */
export function whichOnPath(
  name: string,
  envPath: string | undefined,
  platform: NodeJS.Platform,
  isExecutable: (file: string) => boolean,
): string | undefined {
  const p = pathApi(platform);
  const delimiter = platform === "win32" ? ";" : ":";
  for (const dir of (envPath ?? "").split(delimiter)) {
    if (dir === "") {
      continue;
    }
    const file = p.join(dir, fileName(name, platform));
    if (isExecutable(file)) {
      return file;
    }
  }
  return undefined;
}

function isBareName(p: string): boolean {
  return !p.includes("/") && !p.includes("\\");
}

/**
 * The binary to run as `cardlint server`. A configured `cardlint.path` is the only place looked
 * at (a typo there is an error, not a silent fallback to another version); without one, the
 * bundled binary, then PATH. Throws `ServerNotFound` naming what was tried.
 */
export function resolveServer(input: ResolveInput): Resolved {
  const isExecutable = input.isExecutable ?? defaultIsExecutable;
  const p = pathApi(input.platform);
  const tried: string[] = [];
  const configured = settingPaths(input.setting);
  for (const entry of configured) {
    const expanded = expand(entry, input);
    if (expanded === undefined) {
      tried.push(`\`${entry}\` (cardlint.path; no workspace folder is open for \${workspaceFolder})`);
      continue;
    }
    if (isBareName(expanded)) {
      const found = whichOnPath(expanded, input.envPath, input.platform, isExecutable);
      if (found !== undefined) {
        return { command: found, source: "setting" };
      }
      tried.push(`\`${expanded}\` on PATH (cardlint.path)`);
      continue;
    }
    const file =
      p.isAbsolute(expanded) || input.workspaceFolder === undefined
        ? expanded
        : p.join(input.workspaceFolder, expanded);
    if (isExecutable(file)) {
      return { command: file, source: "setting" };
    }
    tried.push(`${file} (cardlint.path)`);
  }
  if (configured.length > 0) {
    throw new ServerNotFound(tried);
  }
  const exe = executableName(input.platform);
  const bundled = p.join(input.extensionPath, "bundled", exe);
  if (isExecutable(bundled)) {
    return { command: bundled, source: "bundled" };
  }
  tried.push(`${bundled} (bundled)`);
  const onPath = whichOnPath("cardlint", input.envPath, input.platform, isExecutable);
  if (onPath !== undefined) {
    return { command: onPath, source: "PATH" };
  }
  tried.push("`cardlint` on PATH");
  throw new ServerNotFound(tried);
}
