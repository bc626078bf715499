// « Ajouter à mon programme » without a reload. Every button sends the page's one form « choix »
// to its own address (formaction); here the same fields go with fetch. Without JavaScript (or if
// fetch fails) the form is sent as usual and the page comes back. Its words come from the form's
// data-add, data-remove and data-chosen (in the page's language), French when they are missing.
(function () {
  "use strict";
  var LABELS = { ajouter: "Ajouter à mon programme", retirer: "Retirer de mon programme", choisie: "Dans mon programme" };

  function labels() {
    var words = (document.getElementById("choix") || {}).dataset || {};
    return {
      ajouter: words.add || LABELS.ajouter,
      retirer: words.remove || LABELS.retirer,
      choisie: words.chosen || LABELS.choisie,
    };
  }

  function update(piece, chosen, message) {
    var words = labels();
    var button = piece.querySelector(".choice__button");
    button.value = chosen ? "retirer" : "ajouter";
    button.classList.toggle("choice__button--chosen", chosen);
    piece.querySelector(".choice__label").textContent = chosen ? words.retirer : words.ajouter;
    var mark = piece.querySelector(".choice__chosen");
    if (chosen && !mark) {
      mark = document.createElement("span");
      mark.className = "choice__chosen";
      mark.textContent = "✓ " + words.choisie;
      piece.querySelector(".choice__status").before(mark);
    } else if (!chosen && mark) {
      mark.remove();
    }
    piece.querySelector(".choice__status").textContent = message;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    if (form.id !== "choix" || !button || !button.closest("[data-choice]") || !window.fetch) {
      return;
    }
    event.preventDefault();
    var piece = button.closest("[data-choice]");
    var fields = new FormData(form);
    fields.append(button.name, button.value);
    button.disabled = true;
    fetch(button.getAttribute("formaction"), {
      method: "POST",
      body: fields,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().then(function (data) {
          if (response.ok) {
            update(piece, data.choisie, data.message);
          } else {
            piece.querySelector(".choice__status").textContent = data.erreur;
          }
        });
      })
      .catch(function () {
        // As without JavaScript: form.submit() fires no submit event, and sends no button.
        var action = document.createElement("input");
        action.type = "hidden";
        action.name = button.name;
        action.value = button.value;
        form.append(action);
        form.setAttribute("action", button.getAttribute("formaction"));
        form.submit();
      })
      .finally(function () {
        button.disabled = false;
      });
  });
})();
