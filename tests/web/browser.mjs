// The browser test of cardlint's page: Debian's chromium, driven by playwright-core, against the
// built site served on 127.0.0.1, with a fake Hub on 127.0.0.1 (CORS headers as the Hub's).
//
//   node tests/web/browser.mjs            the test (CI: .ci/run, "the browser page")
//   node tests/web/browser.mjs --bench    also the figures: wasm size, first report, re-lint
//
// playwright-core comes from target/ci/web-test/node_modules (npm ci of tests/web's lockfile).
// Needs the wasm built (scripts/build-web.sh); the site is rebuilt into target/web-test/site
// with the fake Hub as its endpoint. Writes target/web-test/page.png and, with --bench,
// target/web-test/bench.json.
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { readFileSync, existsSync, mkdirSync, writeFileSync, statSync, readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join, extname, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const require = createRequire(join(root, "target/ci/web-test/package.json"));
const { chromium } = require("playwright-core");
const bench = process.argv.includes("--bench");
const outDir = join(root, "target/web-test");
const site = join(outDir, "site");
mkdirSync(outDir, { recursive: true });

// ---- a fake Hub ----
const CARD = `---
license: apache-2.0
co2_eq_emissions:
  emissions: "1.71 kg"
  source: CodeCarbon
  training_type: pre-training
  geographical_location: Singapore
  hardware_used: 4 x NVIDIA A100-SXM4-80GB
datasets:
- acme/corpus
---

# tiny-llama-pt
`;
// The Hub's card reports its emissions as a number: every metric of the label can be rated.
const HUB_CARD = CARD.replace('"1.71 kg"', "1710");
const hubRequests = [];
const hub = createServer((req, res) => {
  hubRequests.push(req.url);
  const cors = { "access-control-allow-origin": "*" };
  const routes = {
    "/acme/tiny/resolve/main/README.md": ["text/plain; charset=utf-8", HUB_CARD],
    "/api/models/acme/tiny?blobs=true": ["application/json", JSON.stringify({
      id: "acme/tiny", downloads: 1234,
      siblings: [{ rfilename: "model.safetensors", size: 400000000 }, { rfilename: "README.md", size: 300 }],
    })],
    "/api/datasets/acme/corpus": ["application/json", JSON.stringify({ cardData: { dataset_info: { dataset_size: 2000000 } } })],
  };
  const hit = routes[req.url];
  if (!hit) {
    res.writeHead(404, { ...cors, "content-type": "text/plain" });
    res.end("not found");
    return;
  }
  res.writeHead(200, { ...cors, "content-type": hit[0] });
  res.end(hit[1]);
});

// ---- the site ----
const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".md": "text/markdown", ".svg": "image/svg+xml" };
const siteRequests = [];
const server = createServer((req, res) => {
  siteRequests.push(req.url);
  const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
  const file = join(site, path.endsWith("/") ? path + "index.html" : path);
  if (!file.startsWith(site) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404);
    res.end();
    return;
  }
  res.writeHead(200, { "content-type": types[extname(file)] || "application/octet-stream", "cache-control": "no-store" });
  res.end(readFileSync(file));
});

const listen = (s) => new Promise((ok) => s.listen(0, "127.0.0.1", () => ok(s.address().port)));
const hubPort = await listen(hub);
const sitePort = await listen(server);
const HUB = `http://127.0.0.1:${hubPort}`;
const SITE = `http://127.0.0.1:${sitePort}/`;
execFileSync(join(root, "scripts/build-web.sh"), {
  cwd: root,
  env: { ...process.env, HF_ENDPOINT: HUB, CARDLINT_WEB_OUT: site, CARDLINT_WEB_SITE_ONLY: "1" },
  stdio: ["ignore", "inherit", "inherit"],
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const figures = {};
let failed = false;
const step = async (name, f) => {
  try {
    await f();
    console.log(`ok   ${name}`);
  } catch (e) {
    failed = true;
    console.log(`FAIL ${name}\n${e.stack || e}`);
  }
};

async function newPage(opts = {}) {
  const context = await browser.newContext({ serviceWorkers: opts.serviceWorkers || "block", colorScheme: opts.colorScheme || "light" });
  const page = await context.newPage();
  const seen = { dialogs: [], hosts: new Set(), errors: [] };
  page.on("dialog", (d) => { seen.dialogs.push(d.message()); d.dismiss(); });
  page.on("request", (r) => seen.hosts.add(new URL(r.url()).origin));
  page.on("pageerror", (e) => seen.errors.push(String(e)));
  return { context, page, seen };
}

const b64url = (s) => Buffer.from(s, "utf8").toString("base64url");
const ready = (page) => page.waitForSelector("body[data-ready='1']", { timeout: 20000 });
const findings = (page) => page.$$eval("#findings .finding .code", (b) => b.map((x) => x.textContent));

await step("paste a card: the finding, its code frame and the level", async () => {
  const { context, page, seen } = await newPage();
  await page.goto(SITE);
  await ready(page);
  await page.fill("#card", CARD);
  await page.waitForFunction(() => document.querySelector("#level")?.textContent.includes("Level 3"));
  assert.ok((await findings(page)).includes("CL102"));
  const level = await page.textContent("#level");
  assert.match(level, /Level 3 of 5: Energy Awareness/);
  assert.match(level, /Next step, to reach optimization/);
  const frame = await page.textContent("#findings .frame");
  assert.match(frame, /4 │ {3}emissions: "1\.71 kg"\n {2}│ {14}\^{9}/);
  assert.equal(await page.textContent("#highlighted mark.sev-error"), '"1.71 kg"');
  // The label and the fixed card follow.
  await page.waitForSelector("#label-img img");
  assert.match(await page.getAttribute("#label-img img", "src"), /^blob:/);
  await page.waitForFunction(() => document.querySelector("#diff")?.textContent.includes("+  emissions: 1710"));
  // Keyboard: the rule's button opens its documentation.
  await page.focus("#findings .finding .code");
  await page.keyboard.press("Enter");
  assert.match(await page.textContent("#doc-text"), /^CL\d{3} \(/);
  assert.deepEqual(seen.errors, []);
  assert.deepEqual([...seen.hosts], [SITE.slice(0, -1)]);
  await page.screenshot({ path: join(outDir, "page.png"), fullPage: true });
  // The README's picture (docs/web.png): the card, the verdict and the label.
  await page.setViewportSize({ width: 1200, height: 1500 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(outDir, "page-top.png") });
  await context.close();
});

await step("spans after non-ASCII text mark the right characters", async () => {
  const { context, page } = await newPage();
  await page.goto(SITE);
  await ready(page);
  // UTF-8 offsets (the report's) become UTF-16 indexes (the page's): 2-, 3- and 4-byte characters.
  await page.fill("#card", CARD.replace("license: apache-2.0", 'model_name: "é 模型 🚀"'));
  await page.waitForFunction(() => document.querySelector("#highlighted mark.sev-error"));
  assert.equal(await page.textContent("#highlighted mark.sev-error"), '"1.71 kg"');
  await page.click("#findings .finding.error .goto");
  const sel = await page.evaluate(() => {
    const t = document.querySelector("#card");
    return t.value.slice(t.selectionStart, t.selectionEnd);
  });
  assert.equal(sel, '"1.71 kg"');
  await context.close();
});

await step("a share link shows the same report", async () => {
  const { context, page } = await newPage({ colorScheme: "dark" });
  await page.goto(`${SITE}#card=${b64url(CARD)}`);
  await ready(page);
  assert.equal(await page.inputValue("#card"), CARD);
  assert.match(await page.textContent("#level"), /Level 3 of 5/);
  assert.ok((await findings(page)).includes("CL102"));
  // Dark mode follows the system.
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, "rgb(22, 22, 22)");
  await page.screenshot({ path: join(outDir, "page-dark.png") });
  // A broken link says so and lints nothing from it.
  await page.goto(`${SITE}#card=%%%`);
  await context.close();
});

await step("a model id fetches the card and the Hub's facts from the endpoint", async () => {
  const { context, page, seen } = await newPage();
  await page.goto(SITE);
  await ready(page);
  await page.fill("#model", "../../etc/passwd");
  await page.press("#model", "Enter");
  await page.waitForFunction(() => document.querySelector("#status").textContent.includes("not a model id"));
  await page.fill("#model", "acme/tiny");
  await page.press("#model", "Enter");
  await page.waitForFunction(() => document.querySelector("#status").textContent.includes("Linted hf://acme/tiny"));
  assert.match(await page.textContent("#level"), /Level 3 of 5/);
  await page.waitForFunction(() => document.querySelector("#evidence").textContent.includes("hub"));
  const evidence = await page.textContent("#evidence");
  // The facts the page fetched reach the label: downloads, the weights' size, the dataset's.
  assert.match(evidence, /downloads1234[A-E]hub/);
  assert.match(evidence, /size_efficency233918\.128[0-9]*[A-E]hub/);
  assert.match(evidence, /datasets_size_efficency1169\.59[0-9]*[A-E]hub/);
  assert.equal(await page.inputValue("#card"), HUB_CARD);
  assert.deepEqual(hubRequests.sort(), ["/acme/tiny/resolve/main/README.md", "/api/datasets/acme/corpus", "/api/models/acme/tiny?blobs=true"]);
  assert.deepEqual([...seen.hosts].sort(), [HUB, SITE.slice(0, -1)].sort());
  // A model the Hub does not have: an error in words, no card replaced.
  await page.fill("#model", "acme/missing");
  await page.press("#model", "Enter");
  await page.waitForFunction(() => document.querySelector("#status").textContent.includes("HTTP 404"));
  await context.close();
});

await step("hostile card text stays inert", async () => {
  const { context, page, seen } = await newPage();
  await page.goto(SITE);
  await ready(page);
  const hostile = `---
model_name: "<img src=x onerror=alert(1)>"
co2_eq_emissions:
  emissions: "<script>alert(2)</script>"
  source: "[x](javascript:alert(3))"
datasets:
- "<svg onload=alert(4)>"
---

# <script>window.__pwned = 1</script> <img src=x onerror="window.__pwned = 2">

[click](javascript:window.__pwned=3) <a href="javascript:alert(5)">a</a> <iframe src="javascript:alert(6)"></iframe>
\u001b[31m\u202e
`;
  await page.fill("#card", hostile);
  await page.waitForSelector("#findings .finding");
  await page.waitForSelector("#label-img img");
  await page.waitForTimeout(400);
  const dom = await page.evaluate(() => ({
    pwned: window.__pwned,
    imgs: [...document.images].map((i) => i.getAttribute("src")),
    scripts: document.scripts.length,
    iframes: document.querySelectorAll("iframe").length,
    jsLinks: [...document.querySelectorAll("a")].filter((a) => /^\s*javascript:/i.test(a.getAttribute("href") || "")).length,
    text: document.body.textContent,
  }));
  assert.equal(dom.pwned, undefined);
  assert.deepEqual(seen.dialogs, []);
  // The only image is the label, from a blob URL.
  assert.equal(dom.imgs.length, 1);
  assert.match(dom.imgs[0], /^blob:/);
  assert.equal(dom.scripts, 1);
  assert.equal(dom.iframes, 0);
  assert.equal(dom.jsLinks, 0);
  // The text is there, as text.
  assert.ok(dom.text.includes("<script>window.__pwned = 1</script>"));
  // Opening it as a share link is just as inert.
  await page.goto(`${SITE}#card=${b64url(hostile)}`);
  await ready(page);
  await page.waitForTimeout(400);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(seen.dialogs, []);
  assert.deepEqual([...seen.hosts], [SITE.slice(0, -1)]);
  await context.close();
});

await step("offline once loaded (the service worker)", async () => {
  const { context, page } = await newPage({ serviceWorkers: "allow" });
  await page.goto(SITE);
  await ready(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await ready(page);
  await context.setOffline(true);
  await page.reload();
  await ready(page);
  await page.fill("#card", CARD);
  await page.waitForFunction(() => document.querySelector("#level")?.textContent.includes("Level 3"));
  await context.close();
});

if (bench) {
  await step("benchmark: wasm size, first report, re-lint per keystroke", async () => {
    const wasm = readFileSync(join(site, "pkg/cardlint_web_bg.wasm"));
    figures.wasm_bytes = wasm.length;
    figures.wasm_gzip_bytes = gzipSync(wasm, { level: 9 }).length;
    // A typical card: one of the real cards beside the project where present (read, not copied).
    const corpus = join(root, "../shared/corpus");
    let typical = readFileSync(join(root, "examples/complete/README.md"), "utf8");
    if (existsSync(corpus)) {
      const cards = readdirSync(corpus, { recursive: true }).filter((f) => String(f).endsWith(".md")).map((f) => join(corpus, String(f)));
      const sized = cards.map((f) => [statSync(f).size, f]).sort((a, b) => a[0] - b[0]);
      typical = readFileSync(sized[Math.floor(sized.length / 2)][1], "utf8");
      figures.typical_card = sized[Math.floor(sized.length / 2)][1].slice(corpus.length + 1);
    }
    figures.typical_card_bytes = Buffer.byteLength(typical);
    const firsts = [];
    const { context, page } = await newPage();
    for (let i = 0; i < 5; i++) {
      await page.goto(`${SITE}?run=${i}#card=${b64url(typical)}`);
      await ready(page);
      firsts.push(await page.evaluate(() => {
        const t = window.cardlintTimings;
        const nav = performance.getEntriesByType("navigation")[0];
        return { fromNavigation: t.first, fromDomContentLoaded: t.first - nav.domContentLoadedEventEnd };
      }));
    }
    const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    figures.first_report_ms_from_navigation = +med(firsts.map((f) => f.fromNavigation)).toFixed(1);
    figures.first_report_ms_from_dom_content_loaded = +med(firsts.map((f) => f.fromDomContentLoaded)).toFixed(1);
    await page.evaluate(() => { window.cardlintTimings.lints = []; });
    await page.focus("#card");
    await page.keyboard.press("End");
    await page.keyboard.type("A short note on the training run, typed key by key.", { delay: 20 });
    const lints = await page.evaluate(() => window.cardlintTimings.lints);
    const sorted = [...lints].sort((a, b) => a - b);
    figures.relint_count = lints.length;
    figures.relint_ms_median = +med(lints).toFixed(2);
    figures.relint_ms_p95 = +sorted[Math.floor(sorted.length * 0.95)].toFixed(2);
    await context.close();
    writeFileSync(join(outDir, "bench.json"), JSON.stringify(figures, null, 2) + "\n");
    console.log(JSON.stringify(figures, null, 2));
    assert.ok(figures.wasm_gzip_bytes <= 1024 * 1024, "the wasm is at most 1 MB gzipped");
    assert.ok(figures.first_report_ms_from_navigation <= 300, "the first report within 300 ms");
    assert.ok(figures.relint_ms_median <= 10, "a re-lint within 10 ms");
  });
}

await browser.close();
hub.close();
server.close();
if (failed) process.exit(1);
console.log("browser test passed");
