// Offline after the first visit: the site's own files, cache first, refreshed in the background.
// Requests to the Hub are never cached here (they pass through untouched).
const CACHE = "cardlint-@VERSION@";
const FILES = ["./", "index.html", "app.js", "style.css", "pkg/cardlint_web.js", "pkg/cardlint_web_bg.wasm"];

self.addEventListener("install", (ev) => {
  ev.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (ev) => {
  ev.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (ev) => {
  const url = new URL(ev.request.url);
  if (ev.request.method !== "GET" || url.origin !== self.location.origin) return;
  ev.respondWith(
    caches.open(CACHE).then(async (c) => {
      const key = url.pathname.endsWith("/") ? "./" : ev.request;
      const hit = await c.match(key, { ignoreSearch: true });
      const fresh = fetch(ev.request).then((r) => {
        if (r.ok) c.put(key, r.clone());
        return r;
      });
      return hit || fresh;
    }),
  );
});
