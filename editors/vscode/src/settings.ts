// The server's settings from the extension's: pure (no `vscode` import). The same function
// builds `initializationOptions` and every `workspace/didChangeConfiguration`, and the tests
// send its output to a real `cardlint server`. The names and types are the server's
// (src/server/adapter.rs, `ClientSettings`: the CLI's flags in camelCase).

import * as path from "node:path";
import { expand, type ExpandContext } from "./resolve";

/** The `cardlint.*` settings passed to the server (all but `path` and `trace.server`). */
export const SERVER_KEYS = [
  "select",
  "ignore",
  "efficiencyMode",
  "minReportingClass",
  "minEfficiencyClass",
  "include",
  "unsafeFixes",
  "config",
  "isolated",
  "hub",
  "hubId",
] as const;

export type ServerKey = (typeof SERVER_KEYS)[number];

/** What `cardlint server` reads (`ClientSettings`); an absent key is the server's default. */
export interface ServerSettings {
  select?: string[];
  ignore: string[];
  efficiencyMode?: string;
  minReportingClass?: string;
  minEfficiencyClass?: string;
  include?: string[];
  unsafeFixes: boolean;
  config?: string;
  isolated: boolean;
  hub: boolean;
  hubId?: string;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && x.trim() !== "") : [];
}

function text(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
}

/**
 * The server's settings, under `cardlint` (the server takes them bare or under that key).
 * Null, empty and mistyped values are left out, so the server keeps its default (the
 * configuration file's) instead of rejecting the whole object: `ignore: null` would not
 * deserialize, and `select: []` would select nothing. `config` gets the variables of
 * `cardlint.path` expanded and, if relative, the first workspace folder prepended.
 */
export function serverSettings(
  settings: Partial<Record<ServerKey, unknown>>,
  ctx: ExpandContext,
): { cardlint: ServerSettings } {
  const out: ServerSettings = {
    ignore: strings(settings.ignore),
    unsafeFixes: settings.unsafeFixes === true,
    isolated: settings.isolated === true,
    hub: settings.hub === true,
  };
  const select = strings(settings.select);
  if (select.length > 0) {
    out.select = select;
  }
  const include = strings(settings.include);
  if (include.length > 0) {
    out.include = include;
  }
  for (const key of ["efficiencyMode", "minReportingClass", "minEfficiencyClass", "hubId"] as const) {
    const v = text(settings[key]);
    if (v !== undefined) {
      out[key] = v;
    }
  }
  const config = text(settings.config);
  if (config !== undefined) {
    // Unexpandable (`${workspaceFolder}` with no folder open): sent as written, so the server
    // reports the file it cannot read instead of silently using another configuration.
    const expanded = expand(config, ctx) ?? config;
    const p = ctx.platform === "win32" ? path.win32 : path.posix;
    out.config =
      p.isAbsolute(expanded) || ctx.workspaceFolder === undefined ? expanded : p.join(ctx.workspaceFolder, expanded);
  }
  return { cardlint: out };
}
