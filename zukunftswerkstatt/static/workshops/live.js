// The live parts of the board (_participant_live.html, _console_live.html) ask the server for news
// every few seconds and replace themselves. They wait while a person types in one of their forms or
// drags a card. htmx's trigger filters ("every 2s [...]") could say so, but htmx runs them as code
// made from text, which the Content-Security-Policy forbids; this listener cancels the request instead.
(function () {
  "use strict";
  document.addEventListener("htmx:beforeRequest", function (event) {
    var live = event.detail && event.detail.elt;
    if (!live || !live.hasAttribute || !live.hasAttribute("data-live-pause")) return;
    var active = document.activeElement;
    var typing = active && active.closest && active.closest("form") && live.contains(active);
    if (typing || window.zwDragging) event.preventDefault();
  });
})();
