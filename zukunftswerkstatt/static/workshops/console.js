// Drag and drop on the moderator's console. Without it, each card's "Cluster" list and "Move"
// button do the same; this script only fills in that form and sends it.
(function () {
  "use strict";
  var dragged = null;

  function zone(element) {
    return element && element.closest ? element.closest("[data-drop-cluster]") : null;
  }

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest("[data-card]");
    if (!card) return;
    dragged = card.getAttribute("data-card");
    window.zwDragging = true;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged);
  });

  document.addEventListener("dragend", function () {
    window.zwDragging = false;
    document.querySelectorAll(".ws-drop-target").forEach(function (el) { el.classList.remove("ws-drop-target"); });
  });

  document.addEventListener("dragover", function (event) {
    var target = zone(event.target);
    if (!target || dragged === null) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    document.querySelectorAll(".ws-drop-target").forEach(function (el) { if (el !== target) el.classList.remove("ws-drop-target"); });
    target.classList.add("ws-drop-target");
  });

  document.addEventListener("drop", function (event) {
    var target = zone(event.target);
    if (!target || dragged === null) return;
    event.preventDefault();
    var form = document.querySelector('[data-move-form="' + dragged + '"]');
    dragged = null;
    window.zwDragging = false;
    if (!form) return;
    var select = form.querySelector("select[name=cluster]");
    var value = target.getAttribute("data-drop-cluster");
    if (select.value === value) return;
    select.value = value;
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  });
})();
