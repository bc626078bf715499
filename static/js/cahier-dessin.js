/* Cahier réflexif: the drawing canvas of « Dessinez vos idées » (loaded by that page only).
   Progressive enhancement: without this file, the canvas stays hidden and a photo can be sent. */
(function () {
  "use strict";

  function Canvas(tools) {
    var form = tools.closest("form");
    var canvas = tools.querySelector("[data-canvas]");
    var input = tools.querySelector("[data-drawing-input]");
    var context = canvas.getContext("2d");
    var strokes = [];
    var current = null;
    tools.hidden = false;

    function tool() {
      var checked = tools.querySelector("input[name=outil]:checked");
      return checked ? checked.value : "#1c1f24";
    }
    function paintBackground() {
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, canvas.width, canvas.height);
    }
    function drawStroke(stroke) {
      context.strokeStyle = stroke.colour;
      context.lineWidth = stroke.width;
      context.lineCap = "round";
      context.lineJoin = "round";
      context.beginPath();
      stroke.points.forEach(function (p, i) { if (i === 0) context.moveTo(p[0], p[1]); else context.lineTo(p[0], p[1]); });
      if (stroke.points.length === 1) context.lineTo(stroke.points[0][0] + 0.1, stroke.points[0][1]);
      context.stroke();
    }
    function redraw() {
      paintBackground();
      strokes.forEach(drawStroke);
      input.value = strokes.length ? canvas.toDataURL("image/png") : "";
    }
    function point(event) {
      var rect = canvas.getBoundingClientRect();
      return [(event.clientX - rect.left) * canvas.width / rect.width, (event.clientY - rect.top) * canvas.height / rect.height];
    }
    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      var eraser = tool() === "gomme";
      var width = eraser ? 28 : 4 * (event.pointerType === "pen" && event.pressure ? 0.5 + event.pressure : 1);
      current = { colour: eraser ? "#ffffff" : tool(), width: width, points: [point(event)] };
      drawStroke(current);
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!current) return;
      var events = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
      (events.length ? events : [event]).forEach(function (e) { current.points.push(point(e)); });
      drawStroke(current);
    });
    function end() {
      if (!current) return;
      strokes.push(current);
      current = null;
      redraw();
    }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    tools.querySelector("[data-undo]").addEventListener("click", function () { strokes.pop(); redraw(); });
    tools.querySelector("[data-clear]").addEventListener("click", function () { strokes = []; redraw(); });
    form.addEventListener("submit", function () {
      var photo = form.querySelector("input[type=file]");
      if (photo && photo.files && photo.files.length) input.value = "";
    });
    paintBackground();
  }

  var tools = document.querySelector("[data-canvas-tools]");
  if (tools) new Canvas(tools);
})();
