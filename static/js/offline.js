/* Registers the service worker (public/sw.js, served at /sw.js) that keeps the programme
   readable offline. Without JavaScript or service workers, the site works as before. */
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
}
