/* Drafts on a shared computer (loaded on every page): before « Se déconnecter », the cahier texts kept in this
   browser (localStorage, written by cahier-autosave.js) are sent to the server; each one the server then holds
   is cleared. A draft the server does not take (another text was saved since) is shown, with the choice to
   keep it or to log out and delete it: never silently deleted. Without JavaScript there are no drafts. */
(function () {
  "use strict";

  var PREFIX = "cahier:";
  // The page's words, in its language: the logout form's data-msg-* attributes, French when one is missing.
  var MSG = {
    titleOne: "{count} brouillon de votre cahier n'est pas enregistré sur le serveur",
    titleMany: "{count} brouillons de votre cahier ne sont pas enregistrés sur le serveur",
    helpOne: "Ce navigateur le garde. Copiez-le ou ouvrez la page où vous l'avez écrit avant de vous déconnecter.",
    helpMany: "Ce navigateur les garde. Copiez-les ou ouvrez la page où vous les avez écrits avant de vous déconnecter.",
    openPage: "Ouvrir la page de ce brouillon",
    leave: "Me déconnecter et effacer ces brouillons",
    stay: "Rester connecté·e"
  };

  function message(form, key) {
    return form.dataset["msg" + key.charAt(0).toUpperCase() + key.slice(1)] || MSG[key];
  }

  function drafts() {
    var found = [];
    try {
      for (var i = 0; i < window.localStorage.length; i++) {
        var key = window.localStorage.key(i);
        if (key && key.indexOf(PREFIX) === 0) {
          var value = JSON.parse(window.localStorage.getItem(key));
          if (value && typeof value.text === "string") found.push({ key: key, prompt: key.split(":")[2], draft: value });
        }
      }
    } catch (e) { /* storage unavailable: nothing kept here */ }
    return found;
  }

  function forget(key) {
    try { window.localStorage.removeItem(key); } catch (e) { /* nothing to remove */ }
  }

  /* Resolves true when the server holds this text (saved now, or already the same). */
  function hand(form, entry) {
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    // data-drafts-url is the autosave address of writing area 0: the draft's own area replaces the 0.
    return fetch(form.getAttribute("data-drafts-url").replace(/0\/$/, entry.prompt + "/"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token ? token.value : "" },
      body: JSON.stringify({ text: entry.draft.text, version: entry.draft.base || 0 })
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return response.status === 200 || (response.status === 409 && data.server_text === entry.draft.text);
      });
    }).catch(function () { return false; });
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text) node.textContent = text;
    return node;
  }

  function offer(form, kept) {
    var old = document.getElementById("brouillons-non-enregistres");
    if (old) old.remove();
    var box = el("section", { id: "brouillons-non-enregistres", class: "wrap message message--warning", role: "alert", tabindex: "-1" });
    var count = kept.length;
    box.appendChild(el("h2", {}, message(form, count > 1 ? "titleMany" : "titleOne").replace("{count}", String(count))));
    box.appendChild(el("p", {}, message(form, count > 1 ? "helpMany" : "helpOne")));
    kept.forEach(function (entry) {
      if (entry.draft.page) box.appendChild(el("p", {})).appendChild(el("a", { href: entry.draft.page }, message(form, "openPage")));
      box.appendChild(el("pre", { class: "revision__text" }, entry.draft.text));
    });
    var leave = el("button", { type: "button", class: "secondary" }, message(form, "leave"));
    var stay = el("button", { type: "button" }, message(form, "stay"));
    box.appendChild(stay);
    box.appendChild(leave);
    var main = document.querySelector("main") || document.body;
    main.insertBefore(box, main.firstChild);
    box.focus();
    stay.addEventListener("click", function () { box.remove(); });
    leave.addEventListener("click", function () {
      kept.forEach(function (entry) { forget(entry.key); });
      form.setAttribute("data-drafts-checked", "");
      form.submit();
    });
  }

  document.querySelectorAll("form[data-drafts-url]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.hasAttribute("data-drafts-checked")) return;
      var found = drafts();
      if (!found.length) return;
      event.preventDefault();
      Promise.all(found.map(function (entry) { return hand(form, entry); })).then(function (held) {
        var kept = found.filter(function (entry, i) {
          if (held[i]) forget(entry.key);
          return !held[i];
        });
        form.setAttribute("data-drafts-checked", "");
        if (kept.length) offer(form, kept);
        else form.submit();
      });
    });
  });
})();
