// The live parts of the board (_projector_live.html, _participant_live.html, _console_live.html,
// _class_board.html) ask the server for news every few seconds and replace themselves.
//
// 1. They wait while a person types in one of their forms or drags a card. htmx's trigger filters
//    ("every 2s [...]") could say so, but htmx runs them as code made from text, which the
//    Content-Security-Policy forbids; this listener cancels the request instead.
// 2. Live push (docs/live.md): when the page carries <template data-live-push="…">, it listens on
//    that server-sent-events stream and fetches its live part the moment the server says "changed"
//    (htmx trigger "zw:changed from:body"). While the stream is open the timed polls are only a
//    safety net (one every SAFETY_MS); when it breaks, the browser connects again by itself and the
//    polls go on every few seconds meanwhile. On every (re)connection the page fetches once, so a
//    phone that was offline catches up. A 204 answer means "no push on this server": the browser
//    stops trying and the page simply polls.
(function () {
  "use strict";
  var SAFETY_MS = 30000;
  var pushOpen = false;
  var lastFetch = Date.now();
  var missed = false;

  function isLive(element) {
    return element && element.hasAttribute && element.hasAttribute("hx-trigger") && element.closest(".ws-live, .ws-wall__live");
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var live = event.detail && event.detail.elt;
    if (!isLive(live)) return;
    var config = event.detail.requestConfig || {};
    var pushed = config.triggeringEvent && config.triggeringEvent.type === "zw:changed";
    if (live.hasAttribute("data-live-pause")) {
      var active = document.activeElement;
      var typing = active && active.closest && active.closest("form") && live.contains(active);
      if (typing || window.zwDragging) {
        // Fetched at the next poll after the person has finished.
        missed = true;
        event.preventDefault();
        return;
      }
    }
    if (!pushed && pushOpen && !missed && Date.now() - lastFetch < SAFETY_MS) {
      event.preventDefault();
      return;
    }
    missed = false;
    lastFetch = Date.now();
  });

  // A fetch that failed (offline, server restarting) is made up for at the next timed poll.
  ["htmx:sendError", "htmx:responseError", "htmx:timeout"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      if (isLive(event.detail && event.detail.elt)) missed = true;
    });
  });

  var marker = document.querySelector("template[data-live-push]");
  if (!marker || !window.EventSource) return;
  var url = marker.getAttribute("data-live-push");
  // The server sends a "ping" every 15 s; a stream silent for longer than this is dead (a phone that
  // lost its network may keep such a connection "open" for minutes) and is opened anew.
  var SILENT_MS = 40000;
  var source = null;
  var lastHeard = 0;

  function changed() {
    lastHeard = Date.now();
    if (window.htmx) window.htmx.trigger(document.body, "zw:changed");
  }

  function connect() {
    source = new EventSource(url);
    lastHeard = Date.now();
    source.addEventListener("ready", function () {
      pushOpen = true;
      changed();
    });
    source.addEventListener("changed", changed);
    source.addEventListener("ping", function () {
      lastHeard = Date.now();
    });
    source.addEventListener("error", function () {
      // The browser connects again by itself (after the server's "retry"), unless the answer said
      // there is no push here (204): then the page polls from now on.
      pushOpen = false;
    });
  }

  window.setInterval(function () {
    if (source && source.readyState !== EventSource.CLOSED && Date.now() - lastHeard > SILENT_MS) {
      source.close();
      pushOpen = false;
      connect();
    }
  }, 5000);
  connect();
})();
