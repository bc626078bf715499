// Check-in at the door: sends a « Arrivé·e » / « Annuler » form without reloading the page.
// Without this script the form posts and the page comes back at the same person.
(function () {
  "use strict";

  var announce = document.querySelector("[data-announce]");
  var presentCount = document.querySelector("[data-present]");

  function update(form, present, message) {
    var row = form.closest(".checkin-person");
    row.classList.toggle("is-present", present);
    form.querySelector('input[name="presence"]').value = present ? "absent" : "present";
    // The words come from the form (data-state-present, data-state-absent: the page's language), the French as fallback.
    form.querySelector("[data-state]").textContent = present
      ? form.dataset.statePresent || "Présent·e"
      : form.dataset.stateAbsent || "Pas encore arrivé·e";
    form.querySelector("[data-label]").textContent = present ? form.dataset.labelPresent : form.dataset.labelAbsent;
    form.querySelector("button").classList.toggle("secondary", present);
    if (announce) announce.textContent = message;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList.contains("checkin-toggle") || !window.fetch) return;
    event.preventDefault();
    if (form.getAttribute("aria-busy") === "true") return;
    form.setAttribute("aria-busy", "true");
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        // 409: refused (no seat, a day to come…): the answer says why, and the presence as it is.
        if (!response.ok && response.status !== 409) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        var was = form.closest(".checkin-person").classList.contains("is-present");
        update(form, data.present, data.message);
        if (presentCount && was !== data.present) {
          presentCount.textContent = String(Number(presentCount.textContent) + (data.present ? 1 : -1));
        }
      })
      .catch(function () {
        // The server did not answer as expected: send the form the ordinary way.
        form.removeAttribute("aria-busy");
        form.submit();
      })
      .then(function () {
        form.removeAttribute("aria-busy");
      });
  });
})();
