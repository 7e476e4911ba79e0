// The service worker: keeps every file of the site in a cache, so that after the first visit the
// page loads and checks with the network off. `qrseal web build` writes the SITE line below (the
// site's files and a version made from their contents): a new build is a new cache, installed in
// the background and used from the next load.
const SITE = {"version":"unbuilt","files":[]}; // written by qrseal web build
const CACHE = `qrseal-site-${SITE.version}`;
const LISTS = new URL('lists/', self.registration.scope).pathname;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // cache: 'reload' skips the HTTP cache, so the files cached are the ones this build wrote.
    await cache.addAll(['./', ...SITE.files].map((f) => new Request(f, { cache: 'reload' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys())
      if (name.startsWith('qrseal-site-') && name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

// The lists folder: network first (an authority republishes it with `qrseal publish`), the cached
// copy when offline. Everything else: the cache first, the network for what the build did not list.
self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith(LISTS)) {
    event.respondWith((async () => {
      const cache = await caches.open(CACHE);
      try {
        const res = await fetch(req);
        if (res.ok) await cache.put(url.pathname, res.clone());
        return res;
      } catch (e) {
        const hit = await cache.match(url.pathname);
        if (hit) return hit;
        throw e;
      }
    })());
    return;
  }
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(req, { ignoreSearch: true });
    if (hit) return hit;
    if (req.mode === 'navigate') {
      const page = await cache.match('./');
      try {
        return await fetch(req);
      } catch (e) {
        if (page) return page;
        throw e;
      }
    }
    return fetch(req);
  })());
});
