// Ajar's service worker: keeps the app shell on the phone so a client link opened once
// opens again with no connection. The API is never cached: answers travel only through
// the app's own outbox.
const SHELL = 'ajar-shell-v2';
// The therapist's app (pages under /t, files under /therapist/) is its own bundle and is
// not kept on the phone: it always comes from the network.
const THERAPIST = /^\/(t|therapist)(\/|$)/;

// The hashed files index.html loads (wasm, js, css, icons, manifest). Trunk minifies the
// page in release builds, which drops the quotes around attribute values.
function assetsOf(html) {
  const found = new Set();
  for (const m of html.matchAll(/(?:href|src)=["']?(\/[^"'#?\s>]+)/g)) found.add(m[1]);
  return [...found];
}

// Stores index.html and everything it names, so the next start works offline.
async function cacheShell(response) {
  const cache = await caches.open(SHELL);
  const html = await response.clone().text();
  await cache.put('/index.html', response.clone());
  await Promise.all(assetsOf(html).map(async (url) => {
    if (!(await cache.match(url))) {
      const r = await fetch(url);
      if (r.ok) await cache.put(url, r);
    }
  }));
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const r = await fetch('/index.html', { cache: 'no-store' });
    if (r.ok) await cacheShell(r);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== SHELL) await caches.delete(key);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || THERAPIST.test(url.pathname)) return;

  if (event.request.mode === 'navigate') {
    // Network first, so a new version arrives as soon as there is signal.
    event.respondWith((async () => {
      try {
        const r = await fetch('/index.html', { cache: 'no-store' });
        if (r.ok) event.waitUntil(cacheShell(r.clone()));
        return r;
      } catch {
        const cached = await caches.match('/index.html');
        return cached ?? Response.error();
      }
    })());
    return;
  }

  // Everything else the app loads has a content hash in its name: cache first.
  event.respondWith((async () => {
    const cached = await caches.match(event.request);
    if (cached) return cached;
    const r = await fetch(event.request);
    if (r.ok) {
      const cache = await caches.open(SHELL);
      event.waitUntil(cache.put(event.request, r.clone()));
    }
    return r;
  })());
});

// A reminder from Ajar's server: the push service hands over only what the server wrote,
// encrypted for this phone, and that is only neutral words ("You have a check-in
// waiting"). The notification opens the client's page.
self.addEventListener('push', (event) => {
  let message = { title: 'Ajar', body: 'You have a check-in waiting' };
  try {
    if (event.data) message = { ...message, ...event.data.json() };
  } catch {
    // Not JSON: the neutral words above.
  }
  event.waitUntil(self.registration.showNotification(message.title, {
    body: message.body,
    tag: 'ajar-reminder',
    icon: '/icon.svg',
    data: { url: '/c' },
  }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil((async () => {
    const open = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    const page = open.find((c) => new URL(c.url).pathname.startsWith('/c'));
    if (page) return page.focus();
    return self.clients.openWindow('/c');
  })());
});
