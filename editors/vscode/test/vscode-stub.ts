// A fake of the VS Code API (the `vscode` module) with what the extension's bundle
// (src/extension.ts and vscode-languageclient) touches to start a server, sync documents, show
// diagnostics and answer a hover: events, URIs, positions, diagnostics, the configuration, the
// output channel, the providers registered. What it records, the tests read. Anything else a
// feature reaches for is a no-op that returns a disposable (`anything`), so a registration the
// tests do not use does not fail; what the tests check is real.

import * as path from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";

type Listener<T> = (e: T) => unknown;

export class Disposable {
  constructor(private readonly f?: () => void) {}
  static from(...ds: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => ds.forEach((d) => d.dispose()));
  }
  dispose(): void {
    this.f?.();
  }
}

export class EventEmitter<T> {
  private listeners = new Set<Listener<T>>();
  event = (l: Listener<T>, thisArg?: unknown, disposables?: Disposable[]): Disposable => {
    const bound = (e: T) => l.call(thisArg, e);
    this.listeners.add(bound);
    const d = new Disposable(() => this.listeners.delete(bound));
    disposables?.push(d);
    return d;
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) {
      l(e);
    }
  }
  dispose(): void {
    this.listeners.clear();
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly authority: string,
    readonly path: string,
    readonly query: string,
    readonly fragment: string,
  ) {}
  static parse(s: string): Uri {
    const m = /^([a-zA-Z][\w+.-]*):(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/.exec(s);
    if (!m) {
      throw new Error(`not a URI: ${s}`);
    }
    return new Uri(m[1]!, m[2] ?? "", decodeURIComponent(m[3] ?? ""), m[4] ?? "", m[5] ?? "");
  }
  static file(p: string): Uri {
    return Uri.parse(pathToFileURL(p).href);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return base.with({ path: path.posix.join(base.path, ...parts) });
  }
  get fsPath(): string {
    return this.scheme === "file" ? fileURLToPath(this.toString()) : this.path;
  }
  with(c: { scheme?: string; path?: string }): Uri {
    return new Uri(c.scheme ?? this.scheme, this.authority, c.path ?? this.path, this.query, this.fragment);
  }
  toString(): string {
    if (this.scheme === "file") {
      return pathToFileURL(this.path).href;
    }
    return `${this.scheme}:${this.authority ? "//" + this.authority : ""}${this.path}`;
  }
  toJSON(): unknown {
    return { scheme: this.scheme, path: this.path };
  }
}

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(a: Position | number, b: Position | number, c?: number, d?: number) {
    this.start = typeof a === "number" ? new Position(a, b as number) : a;
    this.end = typeof a === "number" ? new Position(c!, d!) : (b as Position);
  }
}

export class Location {
  constructor(
    readonly uri: Uri,
    readonly range: Range,
  ) {}
}

export enum DiagnosticSeverity {
  Error = 0,
  Warning = 1,
  Information = 2,
  Hint = 3,
}

export enum DiagnosticTag {
  Unnecessary = 1,
  Deprecated = 2,
}

export class DiagnosticRelatedInformation {
  constructor(
    readonly location: Location,
    readonly message: string,
  ) {}
}

export class Diagnostic {
  code?: string | number | { value: string | number; target: Uri };
  source?: string;
  relatedInformation?: DiagnosticRelatedInformation[];
  tags?: DiagnosticTag[];
  constructor(
    readonly range: Range,
    readonly message: string,
    readonly severity: DiagnosticSeverity = DiagnosticSeverity.Error,
  ) {}
}

export class MarkdownString {
  isTrusted?: boolean;
  supportHtml?: boolean;
  constructor(
    public value = "",
    readonly supportThemeIcons = false,
  ) {}
  appendMarkdown(s: string): this {
    this.value += s;
    return this;
  }
  appendText(s: string): this {
    this.value += s;
    return this;
  }
  appendCodeblock(s: string): this {
    this.value += "\n```\n" + s + "\n```\n";
    return this;
  }
}

export class Hover {
  readonly contents: unknown[];
  constructor(
    contents: unknown,
    readonly range?: Range,
  ) {
    this.contents = Array.isArray(contents) ? contents : [contents];
  }
}

export class CodeActionKind {
  static readonly Empty = new CodeActionKind("");
  static readonly QuickFix = new CodeActionKind("quickfix");
  static readonly Refactor = new CodeActionKind("refactor");
  static readonly RefactorExtract = new CodeActionKind("refactor.extract");
  static readonly RefactorInline = new CodeActionKind("refactor.inline");
  static readonly RefactorRewrite = new CodeActionKind("refactor.rewrite");
  static readonly Source = new CodeActionKind("source");
  static readonly SourceOrganizeImports = new CodeActionKind("source.organizeImports");
  static readonly SourceFixAll = new CodeActionKind("source.fixAll");
  constructor(readonly value: string) {}
  append(part: string): CodeActionKind {
    return new CodeActionKind(this.value ? `${this.value}.${part}` : part);
  }
  contains(other: CodeActionKind): boolean {
    return this.value === "" || other.value === this.value || other.value.startsWith(this.value + ".");
  }
  intersects(other: CodeActionKind): boolean {
    return this.contains(other) || other.contains(this);
  }
}

export class CancellationTokenSource {
  private readonly emitter = new EventEmitter<void>();
  readonly token = {
    isCancellationRequested: false,
    onCancellationRequested: this.emitter.event,
  };
  cancel(): void {
    this.token.isCancellationRequested = true;
    this.emitter.fire();
  }
  dispose(): void {}
}

export class CancellationError extends Error {}
export class RelativePattern {
  constructor(
    readonly base: unknown,
    readonly pattern: string,
  ) {}
}
export class TabInputText {
  constructor(readonly uri: Uri) {}
}
export class TabInputTextDiff {}
export class TabInputCustom {}

/** A no-op that is callable, constructible and has every property: returns a disposable. */
export const anything: any = new Proxy(function () {}, {
  get: (_t, p) => (p === "then" ? undefined : p === "dispose" ? () => {} : anything),
  apply: () => new Disposable(),
  construct: () => anything,
});

function withFallback<T extends object>(o: T): T {
  return new Proxy(o, { get: (t, p) => (p in t ? (t as any)[p] : typeof p === "symbol" ? undefined : anything) });
}

/** A document as the client reads it. */
export class TextDocument {
  readonly isClosed = false;
  readonly isDirty = false;
  readonly isUntitled = false;
  readonly eol = 1;
  constructor(
    readonly uri: Uri,
    readonly languageId: string,
    public version: number,
    private text: string,
  ) {}
  get fileName(): string {
    return this.uri.fsPath;
  }
  get lineCount(): number {
    return this.text.split("\n").length;
  }
  getText(): string {
    return this.text;
  }
  offsetAt(p: Position): number {
    const lines = this.text.split("\n");
    return lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  }
  positionAt(offset: number): Position {
    const before = this.text.slice(0, offset).split("\n");
    return new Position(before.length - 1, before[before.length - 1]!.length);
  }
}

export interface Fake {
  api: any;
  /** `section.key` → value, as getConfiguration reads. */
  settings: Map<string, unknown>;
  log: string[];
  errors: string[];
  diagnostics: Map<string, Diagnostic[]>;
  providers: { kind: string; provider: any }[];
  commands: Map<string, (...a: unknown[]) => unknown>;
  open(doc: TextDocument): void;
  changeConfiguration(changed: string[]): void;
  /** Resolves when `ok` holds, checked after each change of diagnostics, log or errors. */
  until(what: string, ok: () => boolean, ms?: number): Promise<void>;
}

export function fakeVscode(workspaceFolder: string): Fake {
  const changed = new EventEmitter<void>();
  const settings = new Map<string, unknown>();
  const log: string[] = [];
  const errors: string[] = [];
  const diagnostics = new Map<string, Diagnostic[]>();
  const providers: { kind: string; provider: any }[] = [];
  const commands = new Map<string, (...a: unknown[]) => unknown>();
  const documents: TextDocument[] = [];
  // Tabs: the client pulls diagnostics only for documents shown in a tab.
  const tabGroups: { tabs: { input: TabInputText }[] }[] = [{ tabs: [] }];
  const ev = {
    tabs: new EventEmitter<unknown>(),
    open: new EventEmitter<TextDocument>(),
    config: new EventEmitter<{ affectsConfiguration(s: string): boolean }>(),
  };
  const folder = { uri: Uri.file(workspaceFolder), name: path.basename(workspaceFolder), index: 0 };
  const event = () => new EventEmitter<any>().event;

  const configuration = (section?: string) => ({
    get: (key: string, dflt?: unknown) => {
      const full = section ? `${section}.${key}` : key;
      return settings.has(full) ? settings.get(full) : dflt;
    },
    has: (key: string) => settings.has(section ? `${section}.${key}` : key),
    inspect: () => undefined,
    update: async () => {},
  });

  const diagnosticCollection = (name = "") => {
    const own = new Map<string, Diagnostic[]>();
    const publish = () => {
      for (const [k, v] of own) {
        diagnostics.set(k, v);
      }
      changed.fire();
    };
    return withFallback({
      name,
      set(uri: Uri | [Uri, Diagnostic[]][], ds?: Diagnostic[]) {
        if (Array.isArray(uri)) {
          uri.forEach(([u, d]) => own.set(u.toString(), d ?? []));
        } else {
          own.set(uri.toString(), ds ?? []);
        }
        publish();
      },
      get: (uri: Uri) => own.get(uri.toString()),
      has: (uri: Uri) => own.has(uri.toString()),
      delete(uri: Uri) {
        own.delete(uri.toString());
        diagnostics.set(uri.toString(), []);
        changed.fire();
      },
      clear() {
        for (const k of own.keys()) {
          diagnostics.set(k, []);
        }
        own.clear();
        changed.fire();
      },
      forEach: (f: (u: Uri, d: Diagnostic[]) => void) => own.forEach((d, u) => f(Uri.parse(u), d)),
      dispose() {},
    });
  };

  const matches = (selector: any, doc: TextDocument): number => {
    const list = Array.isArray(selector) ? selector : [selector];
    return list.some(
      (s: any) =>
        (typeof s === "string" && s === doc.languageId) ||
        (typeof s === "object" &&
          (s.language === undefined || s.language === doc.languageId) &&
          (s.scheme === undefined || s.scheme === doc.uri.scheme)),
    )
      ? 10
      : 0;
  };

  const register =
    (kind: string) =>
    (_selector: unknown, provider: unknown): Disposable => {
      providers.push({ kind, provider });
      return new Disposable(() => providers.splice(providers.findIndex((p) => p.provider === provider), 1));
    };

  const api = {
    version: "1.82.0",
    Disposable,
    EventEmitter,
    Uri,
    Position,
    Range,
    Location,
    Diagnostic,
    DiagnosticSeverity,
    DiagnosticTag,
    DiagnosticRelatedInformation,
    MarkdownString,
    Hover,
    CodeActionKind,
    CancellationTokenSource,
    CancellationError,
    RelativePattern,
    TabInputText,
    TabInputTextDiff,
    TabInputCustom,
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    env: withFallback({ appName: "Visual Studio Code (fake)", language: "en", machineId: "test", sessionId: "test" }),
    commands: withFallback({
      registerCommand(name: string, f: (...a: unknown[]) => unknown) {
        commands.set(name, f);
        return new Disposable(() => commands.delete(name));
      },
      executeCommand: async () => undefined,
    }),
    window: withFallback({
      createOutputChannel: (name: string) =>
        withFallback({
          name,
          append: (s: string) => log.push(s),
          appendLine: (s: string) => {
            log.push(s);
            changed.fire();
          },
          replace() {},
          clear() {},
          show() {},
          hide() {},
          dispose() {},
        }),
      showErrorMessage: async (m: string) => {
        errors.push(m);
        changed.fire();
        return undefined;
      },
      showWarningMessage: async (m: string) => {
        log.push(`warning: ${m}`);
        return undefined;
      },
      showInformationMessage: async (m: string) => {
        log.push(`info: ${m}`);
        return undefined;
      },
      withProgress: (_o: unknown, task: (p: unknown, t: unknown) => unknown) =>
        task({ report() {} }, new CancellationTokenSource().token),
      activeTextEditor: undefined,
      visibleTextEditors: [],
      onDidChangeActiveTextEditor: event(),
      onDidChangeVisibleTextEditors: event(),
      tabGroups: { all: tabGroups, onDidChangeTabs: ev.tabs.event, onDidChangeTabGroups: event() },
    }),
    languages: new Proxy(
      {
        createDiagnosticCollection: diagnosticCollection,
        match: matches,
      } as Record<string, unknown>,
      {
        get: (t, p) =>
          typeof p === "string" && p in t
            ? t[p]
            : typeof p === "string" && p.startsWith("register")
              ? register(p.replace(/^register|Provider$/g, ""))
              : anything,
      },
    ),
    workspace: withFallback({
      workspaceFolders: [folder],
      getWorkspaceFolder: () => folder,
      get textDocuments() {
        return documents;
      },
      getConfiguration: configuration,
      onDidOpenTextDocument: ev.open.event,
      onDidChangeConfiguration: ev.config.event,
      onDidChangeTextDocument: event(),
      onDidCloseTextDocument: event(),
      onDidSaveTextDocument: event(),
      onWillSaveTextDocument: event(),
      onDidChangeWorkspaceFolders: event(),
      onDidGrantWorkspaceTrust: event(),
      createFileSystemWatcher: () =>
        withFallback({ onDidCreate: event(), onDidChange: event(), onDidDelete: event(), dispose() {} }),
    }),
  };

  return {
    api: withFallback(api),
    settings,
    log,
    errors,
    diagnostics,
    providers,
    commands,
    open(doc) {
      // As VS Code: the document opens, then its tab.
      documents.push(doc);
      ev.open.fire(doc);
      const tab = { input: new TabInputText(doc.uri) };
      tabGroups[0]!.tabs.push(tab);
      ev.tabs.fire({ opened: [tab], closed: [], changed: [] });
    },
    changeConfiguration(keys) {
      ev.config.fire({ affectsConfiguration: (s) => keys.some((k) => k === s || k.startsWith(s + ".")) });
    },
    until(what, ok, ms = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (ok()) {
            clearTimeout(timer);
            d.dispose();
            resolve();
          }
        };
        const timer = setTimeout(() => {
          d.dispose();
          reject(new Error(`timed out waiting for ${what}; log: ${log.join("\n")}; errors: ${errors.join("\n")}`));
        }, ms);
        const d = changed.event(check);
        check();
      });
    },
  };
}
