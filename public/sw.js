/* Automne — the programme offline (service worker, scope /).

   Pages: network first. While online, every page comes from the server; a copy is kept only
   when the server marks the page as shared by everyone (Cache-Control: public), so no page
   that depends on an account is ever kept. For a logged-in visitor's programme page (private),
   the anonymous version of the same address is fetched without cookies and kept instead.
   Opening the week page keeps every day, session and speaker page and « Maintenant » as well (again
   whenever the programme has changed). Offline, the kept copy is served with a « Hors ligne — version du … » note.
   « Mon programme », the one personal page kept, goes to a cache of its own, for the account
   logged in: it is emptied, like the others, when anyone logs in or out, so it is never shown to
   another account.
   Static files (hashed names, never changing): cache first.
   Logging in or out empties the kept pages. */

const PAGES = "automne-pages-v1";
const STATIC = "automne-static-v1";
const PERSONAL = "automne-mon-programme-v1";
const MY_PROGRAMME = /^\/(?:editions\/[^/]+\/)?mon-programme\/$/;
// Programme pages whose anonymous version is kept for logged-in visitors (« Maintenant » too: offline,
// its last copy is shown, dated by the moment the server sent it).
const PROGRAMME = /^\/(?:$|programme\/|seances\/[^/]+\/$|intervenants\/|maintenant\/$)/;
const ACCOUNT_CHANGES = ["/connexion/", "/deconnexion/"];

self.addEventListener("install", (event) => {
  event.waitUntil(self.skipWaiting());
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((n) => ![PAGES, STATIC, PERSONAL].includes(n)).map((n) => caches.delete(n)))
      )
      .then(() => self.clients.claim())
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "forget-pages") {
    event.waitUntil(forgetPages());
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && ACCOUNT_CHANGES.includes(url.pathname)) {
    event.respondWith(forgetPages().then(() => fetch(request)));
    return;
  }
  if (request.method !== "GET") return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === "navigate") {
    event.respondWith(networkFirst(event, url));
  }
});

function forgetPages() {
  return Promise.all([caches.delete(PAGES), caches.delete(PERSONAL)]);
}

async function cacheFirst(request) {
  const cache = await caches.open(STATIC);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

function isShared(response) {
  const control = (response.headers.get("Cache-Control") || "").toLowerCase();
  return (
    response.status === 200 &&
    response.type === "basic" &&
    !response.redirected &&
    /\bpublic\b/.test(control) &&
    !/\b(private|no-store)\b/.test(control) &&
    (response.headers.get("Content-Type") || "").startsWith("text/html")
  );
}

function isOwnPage(response) {
  return (
    response.status === 200 &&
    response.type === "basic" &&
    !response.redirected &&
    (response.headers.get("Content-Type") || "").startsWith("text/html")
  );
}

async function networkFirst(event, url) {
  let response;
  try {
    response = await fetch(event.request);
  } catch (offline) {
    const store = MY_PROGRAMME.test(url.pathname) ? PERSONAL : PAGES;
    const kept = await (await caches.open(store)).match(url.href, { ignoreVary: true });
    if (kept) return withOfflineNote(kept);
    throw offline;
  }
  if (MY_PROGRAMME.test(url.pathname) && isOwnPage(response)) {
    const copy = response.clone();
    event.waitUntil(caches.open(PERSONAL).then((cache) => cache.put(url.href, copy)).catch(() => null));
    return response;
  }
  // Kept after the page is shown, without delaying it.
  if (isShared(response)) {
    event.waitUntil(keepPage(url, response.clone()).catch(() => null));
  } else if (response.ok && PROGRAMME.test(url.pathname)) {
    // A logged-in visitor's page: keep the anonymous version of the same address, never this one.
    event.waitUntil(
      anonymous(url.href)
        .then((shared) => shared && keepPage(url, shared))
        .catch(() => null)
    );
  }
  return response;
}

async function anonymous(address) {
  const response = await fetch(address, { credentials: "omit", cache: "no-store" });
  return isShared(response) ? response : null;
}

async function keepPage(url, response) {
  const cache = await caches.open(PAGES);
  const previous = await cache.match(url.href, { ignoreVary: true });
  const html = await response.clone().text();
  await cache.put(url.href, response.clone());
  await keepStylesheets(html);
  // The week page opened: keep every day, session and speaker page too, again whenever the
  // programme has changed since the last copy (its Last-Modified is the programme's version).
  const version = response.headers.get("Last-Modified");
  if (url.pathname === "/programme/" && (!previous || previous.headers.get("Last-Modified") !== version)) {
    await keepProgramme(html);
  }
}

async function keepStylesheets(html) {
  // So that a page is readable offline even when first seen before this worker ran.
  const sheets = [...html.matchAll(/<link rel="stylesheet" href="(\/static\/[^"]+)"/g)].map((m) => m[1]);
  const statics = await caches.open(STATIC);
  await Promise.all(sheets.map((href) => statics.match(href).then((hit) => hit || statics.add(href).catch(() => null))));
}

function programmeLinks(html) {
  return [...html.matchAll(/href="(\/[^"#?]*)"/g)].map((m) => m[1]).filter((path) => PROGRAMME.test(path));
}

async function keepProgramme(weekHtml) {
  const cache = await caches.open(PAGES);
  const queue = [...new Set([...programmeLinks(weekHtml), "/intervenants/"])];
  const seen = new Set(["/programme/"]);
  while (queue.length && seen.size < 500) {
    const path = queue.shift();
    if (seen.has(path)) continue;
    seen.add(path);
    try {
      const response = await anonymous(new URL(path, self.location.origin).href);
      if (!response) continue;
      const html = await response.clone().text();
      await cache.put(new URL(path, self.location.origin).href, response);
      if (path === "/intervenants/") queue.push(...programmeLinks(html));
    } catch (offline) {
      return;
    }
  }
}

const DATE = new Intl.DateTimeFormat("fr-CA", { day: "numeric", month: "long", year: "numeric", timeZone: "America/Toronto" });
const TIME = new Intl.DateTimeFormat("fr-CA", { hour: "numeric", minute: "numeric", hourCycle: "h23", timeZone: "America/Toronto" });

const EN_DATE = new Intl.DateTimeFormat("en-CA", { month: "long", day: "numeric", year: "numeric", timeZone: "America/Toronto" });
const EN_TIME = new Intl.DateTimeFormat("en-CA", { hour: "numeric", minute: "2-digit", timeZone: "America/Toronto" });

function englishMoment(moment) {
  return `${EN_DATE.format(moment)}, ${EN_TIME.format(moment)}`;
}

function frenchMoment(moment) {
  const parts = Object.fromEntries(TIME.formatToParts(moment).map((p) => [p.type, p.value]));
  const hour = String(Number(parts.hour));
  const time = parts.minute === "00" ? `${hour}\u00a0h` : `${hour}\u00a0h\u00a0${parts.minute}`;
  return `${DATE.format(moment)}, ${time}`;
}

async function withOfflineNote(kept) {
  // The version is the programme's last change (Last-Modified), else the moment the page was kept.
  const stamp = kept.headers.get("Last-Modified") || kept.headers.get("Date");
  const page = await kept.text();
  // The note in the page's language: English for a page whose <html lang> is English, French otherwise.
  const english = /<html\b[^>]*\blang="en\b/.test(page);
  const when = stamp ? (english ? englishMoment : frenchMoment)(new Date(stamp)) : "";
  const note = english
    ? '<div class="offline-note" role="status"><p class="wrap">Offline — version of ' + when +
      ". Changes will appear on your next visit online.</p></div>"
    : '<div class="offline-note" role="status"><p class="wrap">Hors ligne — version du ' + when +
      ". Les modifications arriveront à votre prochaine visite en ligne.</p></div>";
  const html = page.replace(/(<main\b[^>]*>)/, "$1" + note);
  const headers = new Headers(kept.headers);
  headers.delete("Content-Length");
  return new Response(html, { status: 200, headers });
}
