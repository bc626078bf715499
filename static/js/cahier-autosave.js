/* Cahier réflexif: autosave that never loses a word (loaded by the writing pages only).
   Progressive enhancement: without this file, « Enregistrer » saves with a plain POST.

   Every keystroke is copied to localStorage at once; the copy is removed only when the
   server has confirmed a save of exactly that text. A failed save (no network, or a
   server fault: 503 « réessai automatique ») is retried with a growing delay; a save
   refused as stale (409) shows both texts and waits for the participant's choice. */
(function () {
  "use strict";

  var PAUSE_MS = 1500;
  var MAX_RETRY_MS = 60000;
  var KEEPALIVE_MAX_BYTES = 60000; // browsers cap keepalive bodies at 64 KiB
  // The page's words, in its language: the form's data-msg-* attributes (cahier/page.html), French when one is missing.
  // The status line: typed → sent → « Enregistré à … », the last one only once the server confirmed (its own words).
  var MSG = {
    unsaved: "Modifications non enregistrées",
    saving: "Enregistrement\u2026",
    offlineNotice: "Certaines modifications ne sont pas encore enregistrées sur le serveur. " +
      "Elles sont gardées dans ce navigateur et seront envoyées dès que possible : ne fermez pas cette page.",
    caseOffline: "Choix non enregistré (pas de connexion) : utilisez le bouton « Enregistrer ».",
    noConnection: "Pas de connexion : votre texte est gardé dans ce navigateur et sera envoyé dès que possible.",
    notSaved: "Ce texte n'a pas pu être enregistré.",
    textStays: "Votre texte reste dans la page.",
    sessionExpired: "Votre session a expiré.",
    logInAgain: "Se reconnecter",
    serverError: "Le serveur n'a pas enregistré ce texte (erreur {status}) : il est gardé dans ce navigateur et sera renvoyé.",
    savedElsewhere: "Texte enregistré ailleurs :",
    keepMine: "Garder mon texte",
    keepServer: "Garder le texte enregistré",
    merge: "Fusionner les deux",
    conflict: "Conflit : deux versions de ce texte existent. Choisissez ci-dessous.",
    keptServer: "Texte enregistré conservé.",
    draft: "Ce navigateur garde une version plus récente de ce texte, qui n'a pas été enregistrée sur le serveur ({when}).",
    restoreDraft: "Restaurer ce brouillon",
    ignoreDraft: "Ignorer le brouillon"
  };
  var LANG = "fr";

  function readMessages(element) {
    Object.keys(MSG).forEach(function (key) {
      var given = element.dataset["msg" + key.charAt(0).toUpperCase() + key.slice(1)];
      if (given) MSG[key] = given;
    });
    LANG = (document.documentElement.getAttribute("lang") || "fr").slice(0, 2);
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text) node.textContent = text;
    return node;
  }

  function storageGet(key) {
    try { return JSON.parse(window.localStorage.getItem(key)); } catch (e) { return null; }
  }
  function storageSet(key, value) {
    try { window.localStorage.setItem(key, JSON.stringify(value)); return true; } catch (e) { return false; }
  }
  function storageRemove(key) {
    try { window.localStorage.removeItem(key); } catch (e) { /* storage unavailable: nothing to remove */ }
  }

  function formatWhen(ms) {
    var d = new Date(ms);
    if (LANG === "en") {
      return d.toLocaleString("en-CA", { weekday: "long", month: "long", day: "numeric", hour: "numeric", minute: "2-digit" });
    }
    var minutes = d.getMinutes();
    return d.toLocaleDateString("fr-CA", { weekday: "long", day: "numeric", month: "long" }) +
      " à " + d.getHours() + "\u00a0h" + (minutes ? "\u00a0" + String(minutes).padStart(2, "0") : "");
  }

  function Writing(form) {
    readMessages(form);
    this.form = form;
    this.user = form.getAttribute("data-user");
    this.tokenUrl = form.getAttribute("data-token-url");
    this.zones = [];
    this.submitting = false;
    this.offline = form.querySelector("[data-offline]");
    var self = this;
    form.querySelectorAll("textarea[data-autosave]").forEach(function (textarea) {
      self.zones.push(new Zone(self, textarea));
    });
    form.addEventListener("submit", function () { self.submitting = true; });
    window.addEventListener("beforeunload", function (event) {
      if (self.submitting || !self.hasUnsaved()) return;
      event.preventDefault();
      event.returnValue = "";
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") self.zones.forEach(function (z) { z.save({ keepalive: true }); });
    });
    window.addEventListener("online", function () { self.zones.forEach(function (z) { z.retryNow(); }); });
    var select = form.querySelector("select[name=etude_de_cas]");
    if (select && form.getAttribute("data-case-url")) this.watchCaseStudy(select, form.getAttribute("data-case-url"));
  }

  Writing.prototype.csrf = function () {
    var input = this.form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  };

  /* A fresh CSRF token, or the reason there is none: {token} or {status, data} (401 when logged out). */
  Writing.prototype.refreshToken = function () {
    return fetch(this.tokenUrl, {
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-Cahier-Page": window.location.pathname }
    })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          if (!response.ok || !data.csrf) return { status: response.status, data: data };
          document.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (input) { input.value = data.csrf; });
          return { token: data.csrf };
        });
      })
      .catch(function () { return { status: 0, data: {} }; });
  };

  Writing.prototype.hasUnsaved = function () {
    return this.zones.some(function (z) { return z.isDirty(); });
  };

  Writing.prototype.updateOfflineNotice = function () {
    var failing = this.zones.filter(function (z) { return z.failing; });
    if (!this.offline) return;
    if (failing.length) {
      this.offline.hidden = false;
      this.offline.textContent = MSG.offlineNotice;
    } else {
      this.offline.hidden = true;
      this.offline.textContent = "";
    }
  };

  Writing.prototype.watchCaseStudy = function (select, url) {
    var self = this;
    var status = document.getElementById("statut-etude");
    select.addEventListener("change", function () {
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": self.csrf(), Accept: "application/json" },
        body: JSON.stringify({ session: select.value || null })
      }).then(function (response) {
        return response.json().then(function (data) {
          status.className = "zone__status" + (response.ok ? "" : " is-error");
          status.textContent = response.ok ? data.status : data.error;
        });
      }).catch(function () {
        status.className = "zone__status is-warning";
        status.textContent = MSG.caseOffline;
      });
    });
  };

  function Zone(writing, textarea) {
    this.writing = writing;
    this.textarea = textarea;
    this.url = textarea.getAttribute("data-autosave");
    this.prompt = textarea.getAttribute("data-prompt");
    this.versionInput = writing.form.querySelector("[data-version-for='" + this.prompt + "']");
    this.status = document.getElementById("statut-" + this.prompt);
    this.conflictBox = document.getElementById("conflit-" + this.prompt);
    this.key = "cahier:" + writing.user + ":" + this.prompt;
    this.version = parseInt(this.versionInput.value, 10) || 0;
    this.savedText = textarea.value;
    this.timer = null;
    this.inflight = false;
    this.again = false;
    this.conflict = false;
    this.blocked = false; // refused for good (too long, bad request) until the next edit
    this.failing = false;
    this.retryMs = 2000;
    this.unconfirmed = []; // texts sent without an answer: the server may have saved one of them
    var self = this;
    textarea.addEventListener("input", function () { self.changed(); });
    textarea.addEventListener("blur", function () { self.save(); });
    this.offerDraft();
  }

  Zone.prototype.isDirty = function () { return this.textarea.value !== this.savedText; };

  Zone.prototype.setVersion = function (version) {
    this.version = version;
    this.versionInput.value = String(version);
  };

  Zone.prototype.say = function (text, kind, link) {
    this.status.className = "zone__status" + (kind ? " is-" + kind : "");
    this.status.textContent = text;
    if (link) {
      this.status.appendChild(document.createTextNode(" "));
      this.status.appendChild(el("a", { href: link.href }, link.text));
    }
  };

  Zone.prototype.keepDraft = function () {
    storageSet(this.key, {
      text: this.textarea.value, base: this.version, at: Date.now(), page: window.location.pathname + "#zone-" + this.prompt
    });
  };

  Zone.prototype.changed = function () {
    this.blocked = false;
    this.keepDraft();
    // Until the server confirms, the words are only in this browser: say so (a connection warning stays as it is).
    if (!this.conflict && !this.failing && this.status.textContent !== MSG.unsaved) this.say(MSG.unsaved, "warning");
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.save(); }, PAUSE_MS);
  };

  Zone.prototype.retryLater = function () {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.save(); }, this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
  };

  Zone.prototype.retryNow = function () {
    if (this.failing) { this.retryMs = 2000; this.save(); }
  };

  Zone.prototype.save = function (options) {
    options = options || {};
    clearTimeout(this.timer);
    if (this.conflict || this.blocked) return;
    if (!this.isDirty()) { storageRemove(this.key); return; }
    if (this.inflight) { this.again = true; return; }
    this.send(this.textarea.value, options, false);
  };

  Zone.prototype.send = function (text, options, tokenRetried) {
    var self = this;
    var body = JSON.stringify({ text: text, version: this.version });
    this.inflight = true;
    if (!this.failing) this.say(MSG.saving, "warning");
    fetch(this.url, {
      method: "POST",
      credentials: "same-origin",
      keepalive: Boolean(options.keepalive) && body.length * 3 < KEEPALIVE_MAX_BYTES,
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": this.writing.csrf(),
        "X-Cahier-Page": window.location.pathname
      },
      body: body
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        self.inflight = false;
        self.handle(response.status, data, text, options, tokenRetried);
      });
    }).catch(function () {
      self.inflight = false;
      self.unconfirmed = self.unconfirmed.slice(-49).concat([text]);
      self.failed(MSG.noConnection);
    });
  };

  Zone.prototype.handle = function (status, data, text, options, tokenRetried) {
    var self = this;
    if (status === 200) {
      this.unconfirmed = [];
      this.failing = false;
      this.retryMs = 2000;
      this.setVersion(data.version);
      this.savedText = text;
      if (!this.isDirty()) storageRemove(this.key);
      else this.keepDraft();
      if (data.status) this.say(data.status);
      this.writing.updateOfflineNotice();
      if (this.again || this.isDirty()) { this.again = false; this.changed(); }
      return;
    }
    if (status === 409 && this.unconfirmed.indexOf(data.server_text) !== -1) {
      // The server holds a text this page sent while the answer was lost on the way: our own save, not another tab's.
      this.unconfirmed = [];
      this.setVersion(data.server_version);
      this.savedText = data.server_text;
      this.save();
      return;
    }
    if (status === 409) {
      this.failing = false;
      this.writing.updateOfflineNotice();
      this.showConflict(data.error || "", data.server_text || "", data.server_version || 0);
      return;
    }
    // 403 with code « ecriture_refusee »: this account may not write in this notebook (cahier/writers.py).
    if (status === 400 || status === 404 || (status === 403 && data.code === "ecriture_refusee")) {
      this.blocked = true;
      this.say((data.error || MSG.notSaved) + " " + MSG.textStays, "error");
      return;
    }
    if (status === 401) {
      this.failed(data.error || MSG.sessionExpired, { href: data.login_url || "/", text: MSG.logInAgain });
      return;
    }
    if (status === 403 && !tokenRetried) {
      // A new login rotates the CSRF token: fetch the current one, then try once more.
      this.writing.refreshToken().then(function (fresh) {
        if (fresh.token) self.send(text, options, true);
        else if (fresh.status === 401) self.handle(401, fresh.data, text, options, true);
        else self.failed(MSG.noConnection);
      });
      return;
    }
    // 503: the server's own words (« réessai automatique »); any other answer: said here. Either way, retried.
    this.failed(data.error && status === 503 ? data.error : MSG.serverError.replace("{status}", String(status)));
  };

  Zone.prototype.failed = function (message, link) {
    this.failing = true;
    this.keepDraft();
    this.say(message, "warning", link);
    this.writing.updateOfflineNotice();
    this.retryLater();
  };

  /* `message` is the server's explanation of the 409 (writing.CONFLICT): the sentence is written once, in Python. */
  Zone.prototype.showConflict = function (message, serverText, serverVersion) {
    var self = this;
    this.conflict = true;
    this.keepDraft();
    var box = this.conflictBox;
    box.textContent = "";
    box.appendChild(el("p", {}, message));
    box.appendChild(el("p", {}, MSG.savedElsewhere));
    box.appendChild(el("pre", { "data-server-text": "" }, serverText));
    var keepMine = el("button", { type: "button" }, MSG.keepMine);
    var keepServer = el("button", { type: "button", class: "secondary" }, MSG.keepServer);
    var merge = el("button", { type: "button", class: "secondary" }, MSG.merge);
    box.appendChild(keepMine);
    box.appendChild(keepServer);
    box.appendChild(merge);
    box.hidden = false;
    this.say(MSG.conflict, "error");

    function resolved() {
      self.conflict = false;
      box.hidden = true;
      box.textContent = "";
      self.setVersion(serverVersion);
    }
    keepMine.addEventListener("click", function () { resolved(); self.save(); self.textarea.focus(); });
    keepServer.addEventListener("click", function () {
      resolved();
      self.textarea.value = serverText;
      self.savedText = serverText;
      storageRemove(self.key);
      self.say(MSG.keptServer);
      self.textarea.focus();
    });
    merge.addEventListener("click", function () {
      resolved();
      self.textarea.value = self.textarea.value + "\n\n" + serverText;
      self.keepDraft();
      self.save();
      self.textarea.focus();
    });
  };

  Zone.prototype.offerDraft = function () {
    var draft = storageGet(this.key);
    if (!draft || typeof draft.text !== "string") return;
    if (draft.text === this.textarea.value) { storageRemove(this.key); return; }
    var self = this;
    var box = el("div", { class: "zone__draft" });
    box.appendChild(el("p", {}, MSG.draft.replace("{when}", formatWhen(draft.at))));
    box.appendChild(el("pre", { "data-draft-text": "" }, draft.text));
    var restore = el("button", { type: "button" }, MSG.restoreDraft);
    var dismiss = el("button", { type: "button", class: "secondary" }, MSG.ignoreDraft);
    box.appendChild(restore);
    box.appendChild(dismiss);
    this.textarea.parentNode.insertBefore(box, this.textarea);
    restore.addEventListener("click", function () {
      box.remove();
      self.textarea.value = draft.text;
      // Saved on the version the draft was written on: if the server moved since, the conflict shows both texts.
      self.setVersion(typeof draft.base === "number" ? Math.min(draft.base, self.version) : self.version);
      self.save();
      self.textarea.focus();
    });
    dismiss.addEventListener("click", function () {
      box.remove();
      storageRemove(self.key);
      self.textarea.focus();
    });
  };

  var form = document.querySelector("[data-cahier-form]");
  if (form) new Writing(form);
})();
