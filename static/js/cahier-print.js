/* The print view's « Imprimer » button (phones have no visible print command): shown only when scripts run. */
(function () {
  "use strict";
  var holder = document.querySelector("[data-print]");
  if (!holder || typeof window.print !== "function") return;
  holder.hidden = false;
  holder.querySelector("button").addEventListener("click", function () { window.print(); });
})();
