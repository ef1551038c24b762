// cardlint in the browser. Card text, file names and everything the Hub answers reach the page
// only as text nodes (textContent / createTextNode): never as HTML. The label SVG is shown as an
// <img> from a blob URL (an image cannot run script). The only requests go to this site and to
// the Hub endpoint the Content-Security-Policy names.
import init, * as cl from "./pkg/cardlint_web.js";

const $ = (id) => document.getElementById(id);
const ENDPOINT = (document.querySelector('meta[name="cardlint-hub-endpoint"]')?.content || "https://huggingface.co").replace(/\/+$/, "");
/** The largest card fetched or opened (the command line's limit for a card). */
const MAX_CARD = 10 * 1024 * 1024;
/** The largest API answer read. */
const MAX_JSON = 32 * 1024 * 1024;

const state = { path: "README.md", facts: {}, fixed: null, labelUrl: null, fixedUrl: null };
/** Timings the benchmark reads: the first report after load, and each re-lint. */
window.cardlintTimings = { ready: null, first: null, lints: [] };

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}

function status(msg) {
  $("status").textContent = msg;
}

function options() {
  return JSON.stringify({ path: state.path, "efficiency-mode": $("mode").value });
}

// ---- share links: #card=<base64url of the UTF-8 text> ----

function toBase64url(text) {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64url(s) {
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "===".slice((b64.length + 3) % 4));
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}

function cardFromHash() {
  const m = /^#card=([A-Za-z0-9_-]*)$/.exec(location.hash);
  if (!m) return null;
  try {
    return fromBase64url(m[1]);
  } catch {
    status("The share link's card could not be read (it is not base64url of UTF-8 text).");
    return null;
  }
}

// ---- rendering ----

/** UTF-8 byte offsets (the report's) to UTF-16 indexes (the textarea's). */
function byteIndex(text) {
  const starts = [];
  let b = 0;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i);
    starts.push([b, i]);
    // UTF-8 length of the code point (a lone surrogate is written as U+FFFD: 3 bytes).
    b += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += cp > 0xffff ? 2 : 1;
  }
  starts.push([b, text.length]);
  return (off) => {
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid][0] <= off) lo = mid; else hi = mid - 1;
    }
    return starts[lo][1];
  };
}

function renderLevel(card) {
  const box = $("level");
  clear(box);
  const r = card.reporting;
  if (!r) {
    box.append(el("p", "No reporting level: the card could not be read."));
    return;
  }
  const p = el("p", null, "level");
  p.append(el("strong", `Level ${r.level} of 5: ${r.name}`));
  if (r.co2_grams !== null && r.co2_grams !== undefined) p.append(el("span", ` · ${r.co2_grams} g CO2eq (${r.co2_from})`));
  box.append(p);
  if (r.next) {
    const n = el("p", `Next step, to reach ${r.next.class}: `, "next");
    const ul = el("ul");
    for (const need of r.next.needs) ul.append(el("li", need));
    box.append(n, ul);
  } else {
    box.append(el("p", "The highest level the card can reach.", "next"));
  }
  const e = card.efficiency;
  if (e) {
    box.append(el("p", e.class ? `Efficiency class ${e.class}${e.provisional ? " (provisional)" : ""}, ${e.mode} mode, ${e.metrics_used} of 5 metrics` : "No efficiency class: no metric could be rated.", "class"));
  }
}

function codeFrame(lines, d) {
  const pre = el("pre", null, "frame");
  if (!d.line) return pre;
  const first = Math.max(1, d.line - 1);
  const last = Math.min(lines.length, (d.end_line || d.line) + 1);
  const width = String(last).length;
  for (let n = first; n <= last; n++) {
    const text = lines[n - 1] ?? "";
    const row = el("span", null, n >= d.line && n <= (d.end_line || d.line) ? "frame-line hit" : "frame-line");
    row.append(el("span", `${String(n).padStart(width)} │ `, "gutter"), document.createTextNode(text + "\n"));
    pre.append(row);
    if (n === d.line && d.column) {
      const endCol = d.end_line === d.line && d.end_column > d.column ? d.end_column : d.column + 1;
      pre.append(el("span", `${" ".repeat(width)} │ ${" ".repeat(d.column - 1)}${"^".repeat(Math.max(1, endCol - d.column))}\n`, "caret"));
    }
  }
  return pre;
}

function renderFindings(card, text) {
  const box = $("findings");
  clear(box);
  const diags = card.diagnostics;
  if (!diags.length) {
    box.append(el("p", "No findings."));
    return;
  }
  const lines = text.split(/\r?\n/);
  const toIndex = byteIndex(text);
  const ol = el("ol", null, "findings");
  for (const d of diags) {
    const li = el("li", null, `finding ${d.severity}`);
    const head = el("div", null, "finding-head");
    const code = el("button", d.code, "code");
    code.type = "button";
    code.title = `About ${d.code} (${d.name})`;
    code.addEventListener("click", () => showDocs(d.code));
    head.append(code, el("span", ` ${d.severity}`, "sev"), el("span", d.line ? ` line ${d.line}: ` : ": ", "where"), el("span", d.message, "message"));
    li.append(head);
    if (d.help) li.append(el("p", d.help, "help"));
    if (d.line) {
      li.append(codeFrame(lines, d));
      const go = el("button", "Select in the card", "goto");
      go.type = "button";
      go.addEventListener("click", () => {
        const ta = $("card");
        ta.focus();
        ta.setSelectionRange(toIndex(d.offset), toIndex(d.offset + d.length));
      });
      li.append(go);
    }
    ol.append(li);
  }
  box.append(ol);
}

/** The card as text with each finding's span in a <mark>: built from text nodes only. */
function renderHighlighted(card, text) {
  const pre = $("highlighted");
  clear(pre);
  const toIndex = byteIndex(text);
  const spans = card.diagnostics
    .filter((d) => d.offset !== null && d.offset !== undefined)
    .map((d) => ({ a: toIndex(d.offset), b: toIndex(d.offset + Math.max(d.length, 0)), d }))
    .sort((x, y) => x.a - y.a || y.b - x.b);
  let at = 0;
  for (const s of spans) {
    if (s.a < at) continue; // overlapping spans: the first wins
    pre.append(document.createTextNode(text.slice(at, s.a)));
    // An empty span (a missing key's place) is a marker drawn by CSS, not a character.
    const m = el("mark", text.slice(s.a, Math.max(s.b, s.a)), `sev-${s.d.severity}`);
    if (s.b <= s.a) m.classList.add("point");
    m.title = `${s.d.code}: ${s.d.message}`;
    pre.append(m);
    at = Math.max(s.b, s.a);
  }
  pre.append(document.createTextNode(text.slice(at)));
}

function renderLabel(text, card) {
  const svg = cl.labelSvg(text, options(), JSON.stringify(state.facts));
  if (state.labelUrl) URL.revokeObjectURL(state.labelUrl);
  state.labelUrl = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
  const box = $("label-img");
  clear(box);
  const img = new Image();
  img.alt = card.efficiency?.class ? `Efficiency label: class ${card.efficiency.class}` : "Efficiency label: no class";
  img.src = state.labelUrl;
  img.className = "label";
  box.append(img);
  const a = $("label-download");
  a.href = state.labelUrl;
  a.hidden = false;
  const table = $("evidence");
  clear(table);
  const e = card.efficiency;
  if (!e) return;
  const head = el("tr");
  for (const h of ["Metric", "Value", "Rating", "From"]) head.append(el("th", h));
  table.append(el("caption", "What the label rests on"), head);
  for (const m of e.metrics) {
    const tr = el("tr");
    tr.append(el("td", m.name), el("td", m.value ?? "—"), el("td", m.rating ?? "—"), el("td", m.from ?? "—"));
    table.append(tr);
  }
}

function renderFixed(text) {
  let out;
  try {
    out = JSON.parse(cl.fix(text, options(), JSON.stringify(state.facts)));
  } catch (e) {
    state.fixed = null;
    $("fixed-note").textContent = `No fixed card: ${e}`;
    clear($("diff"));
    for (const b of ["copy-fixed", "download-fixed", "use-fixed"]) $(b).disabled = true;
    return;
  }
  const pre = $("diff");
  clear(pre);
  state.fixed = out.diff ? out.text : null;
  for (const b of ["copy-fixed", "download-fixed", "use-fixed"]) $(b).disabled = !state.fixed;
  if (!out.diff) {
    $("fixed-note").textContent = "Nothing to fix automatically.";
    return;
  }
  $("fixed-note").textContent = `Fixes for ${out.fixed.join(", ")}:`;
  for (const line of out.diff.split("\n")) {
    const cls = line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : line.startsWith("@@") ? "hunk" : "ctx";
    pre.append(el("span", line + "\n", cls));
  }
}

function lintNow() {
  const text = $("card").value;
  const t0 = performance.now();
  let report;
  try {
    report = JSON.parse(cl.lint(text, options(), JSON.stringify(state.facts)));
  } catch (e) {
    status(`cardlint could not lint this card: ${e}`);
    return;
  }
  const card = report.cards[0];
  renderLevel(card);
  renderFindings(card, text);
  renderHighlighted(card, text);
  const t1 = performance.now();
  window.cardlintTimings.lints.push(t1 - t0);
  if (window.cardlintTimings.first === null) window.cardlintTimings.first = t1;
  scheduleExtras(text, card);
  document.body.dataset.linted = String(window.cardlintTimings.lints.length);
}

// The label and the fixed card follow the text once typing pauses: a keystroke only re-lints.
let extras = null;
function scheduleExtras(text, card) {
  clearTimeout(extras);
  extras = setTimeout(() => {
    renderLabel(text, card);
    renderFixed(text);
    document.body.dataset.extras = String(window.cardlintTimings.lints.length);
  }, 150);
}

function setCard(text, path) {
  state.path = path || "README.md";
  $("card").value = text;
  lintNow();
}

function showDocs(code) {
  const md = cl.ruleDocs(code);
  $("docs").hidden = false;
  $("docs-h").textContent = `Rule ${code}`;
  $("doc-text").textContent = md ?? `Unknown rule ${code}`;
  $("doc-text").focus();
}

// ---- the Hub ----

async function readLimited(resp, limit) {
  const len = Number(resp.headers.get("content-length"));
  if (len > limit) throw new Error(`the answer is ${len} bytes (at most ${limit})`);
  const reader = resp.body.getReader();
  const chunks = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.length;
    if (n > limit) {
      reader.cancel();
      throw new Error(`the answer is over ${limit} bytes`);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(n);
  let at = 0;
  for (const c of chunks) { all.set(c, at); at += c.length; }
  return new TextDecoder("utf-8", { fatal: true }).decode(all);
}

async function hubGet(path, limit) {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), 30000);
  try {
    const resp = await fetch(ENDPOINT + path, { signal: ctl.signal, credentials: "omit", redirect: "follow", referrerPolicy: "no-referrer" });
    if (!resp.ok) throw new Error(`HTTP ${resp.status}`);
    return await readLimited(resp, limit);
  } catch (e) {
    throw new Error(e.name === "AbortError" ? "timed out" : e.message);
  } finally {
    clearTimeout(timer);
  }
}

const enc = (rev) => rev.replace(/\//g, "%2F");

async function fetchModel(raw) {
  let m;
  try {
    m = JSON.parse(cl.modelId(raw));
  } catch (e) {
    status(String(e));
    return;
  }
  const name = m.revision ? `${m.id}@${m.revision}` : m.id;
  status(`Fetching hf://${name} from ${ENDPOINT}…`);
  $("fetch").disabled = true;
  try {
    let text;
    try {
      text = await hubGet(`/${m.id}/resolve/${enc(m.revision || "main")}/README.md`, MAX_CARD);
    } catch (e) {
      status(`Cannot read hf://${name}/README.md: ${e.message}`);
      return;
    }
    const facts = { "hub-problems": [] };
    const api = m.revision ? `/api/models/${m.id}/revision/${enc(m.revision)}?blobs=true` : `/api/models/${m.id}?blobs=true`;
    try {
      facts["hub-model"] = JSON.parse(await hubGet(api, MAX_JSON));
    } catch (e) {
      facts["hub-problems"].push(`no downloads or model size for \`${m.id}\` from the Hub: ${e.message}`);
    }
    const datasets = JSON.parse(cl.datasets(text));
    facts["hub-datasets"] = {};
    const failed = [];
    await Promise.all(datasets.map(async (d) => {
      try {
        facts["hub-datasets"][d] = JSON.parse(await hubGet(`/api/datasets/${d}`, MAX_JSON));
      } catch (e) {
        failed.push(`${d} (${e.message})`);
      }
    }));
    if (failed.length) facts["hub-problems"].push(`the datasets' size of \`${m.id}\`: ${failed.length} of ${datasets.length} could not be read: ${failed.slice(0, 3).join(", ")}`);
    state.facts = facts;
    setCard(text, `hf://${name}`);
    status(`Linted hf://${name}.`);
  } finally {
    $("fetch").disabled = false;
  }
}

// ---- files, sharing, downloads ----

function download(text, name, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function openFile(file) {
  if (!file) return;
  if (file.size > MAX_CARD) {
    status(`${file.name} is ${file.size} bytes: at most ${MAX_CARD}.`);
    return;
  }
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    status(`${file.name} is not UTF-8 text.`);
    return;
  }
  state.facts = {};
  setCard(text, file.name.replace(/[\\/]/g, "_") || "README.md");
  status(`Opened ${file.name}.`);
}

function wire() {
  $("endpoint").textContent = ENDPOINT;
  const ta = $("card");
  ta.addEventListener("input", () => lintNow());
  $("mode").addEventListener("change", () => lintNow());
  $("hub-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    fetchModel($("model").value);
  });
  $("file").addEventListener("change", (ev) => openFile(ev.target.files[0]));
  ta.addEventListener("dragover", (ev) => ev.preventDefault());
  ta.addEventListener("drop", (ev) => {
    ev.preventDefault();
    openFile(ev.dataTransfer.files[0]);
  });
  $("share").addEventListener("click", async () => {
    const url = `${location.origin}${location.pathname}#card=${toBase64url(ta.value)}`;
    history.replaceState(null, "", url);
    try {
      await navigator.clipboard.writeText(url);
      status("The share link is copied (the card is in the link itself; nothing is uploaded).");
    } catch {
      status("The share link is in the address bar (the card is in the link itself).");
    }
  });
  $("copy-fixed").addEventListener("click", async () => {
    if (!state.fixed) return;
    try {
      await navigator.clipboard.writeText(state.fixed);
      status("The fixed card is copied.");
    } catch {
      status("The clipboard is not available here: use Download.");
    }
  });
  $("download-fixed").addEventListener("click", () => state.fixed && download(state.fixed, "README.md", "text/markdown"));
  $("use-fixed").addEventListener("click", () => state.fixed && setCard(state.fixed, state.path));
  window.addEventListener("hashchange", () => {
    const t = cardFromHash();
    if (t !== null) { state.facts = {}; setCard(t, "README.md"); }
  });
}

async function main() {
  await init();
  window.cardlintTimings.ready = performance.now();
  wire();
  const shared = cardFromHash();
  setCard(shared ?? $("card").value, "README.md");
  document.body.dataset.ready = "1";
  if ("serviceWorker" in navigator && (location.protocol === "https:" || location.hostname === "127.0.0.1" || location.hostname === "localhost")) {
    navigator.serviceWorker.register("sw.js").catch(() => {});
  }
}

main().catch((e) => status(`cardlint could not start: ${e}`));
