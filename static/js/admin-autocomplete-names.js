/* The admin's autocompletes (select2) show the chosen row in a box with role="textbox" that has no
   name of its own: each such box is named after its select (its aria-label, or its <label>), as it
   is created, including in inline rows added later. Without JavaScript there is no box to name. */
(function () {
  "use strict";

  function nameOf(select) {
    if (select.getAttribute("aria-label")) {
      return select.getAttribute("aria-label");
    }
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    return label ? label.textContent.replace(/\s*:\s*$/, "").trim() : "";
  }

  function nameBoxes(root) {
    var boxes = root.querySelectorAll ? root.querySelectorAll(".select2-selection__rendered[role='textbox']") : [];
    Array.prototype.forEach.call(boxes, function (box) {
      var match = /^select2-(.+)-container$/.exec(box.id);
      var select = match && document.getElementById(match[1]);
      var name = select && nameOf(select);
      if (name && !box.getAttribute("aria-label")) {
        box.setAttribute("aria-label", name);
      }
    });
  }

  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      Array.prototype.forEach.call(change.addedNodes, function (node) {
        if (node.nodeType === 1) {
          nameBoxes(node.parentNode || node);
        }
      });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
