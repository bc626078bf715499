// « Ajouter à mon programme » without a reload: the same form, sent with fetch. Without
// JavaScript (or if fetch fails) the form is sent as usual and the page comes back.
(function () {
  "use strict";
  var LABELS = { ajouter: "Ajouter à mon programme", retirer: "Retirer de mon programme" };

  function update(form, chosen, message) {
    form.querySelector("input[name=action]").value = chosen ? "retirer" : "ajouter";
    form.querySelector(".choice__label").textContent = chosen ? LABELS.retirer : LABELS.ajouter;
    form.querySelector(".choice__button").classList.toggle("choice__button--chosen", chosen);
    var mark = form.querySelector(".choice__chosen");
    if (chosen && !mark) {
      mark = document.createElement("span");
      mark.className = "choice__chosen";
      mark.textContent = "✓ Dans mon programme";
      form.querySelector(".choice__status").before(mark);
    } else if (!chosen && mark) {
      mark.remove();
    }
    form.querySelector(".choice__status").textContent = message;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-choice]") || !window.fetch) {
      return;
    }
    event.preventDefault();
    var button = form.querySelector("button");
    button.disabled = true;
    // Not form.action: the form has a field named "action".
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().then(function (data) {
          if (response.ok) {
            update(form, data.choisie, data.message);
          } else {
            form.querySelector(".choice__status").textContent = data.erreur;
          }
        });
      })
      .catch(function () {
        form.submit();
      })
      .finally(function () {
        button.disabled = false;
      });
  });
})();
