// On the website that shows a box of the platform: give each box the height it reports. Messages are
// accepted only from the platform's own address (this script's origin) and only for a frame that
// shows a page of it; nothing else is read or sent.
(function () {
  "use strict";
  var script = document.currentScript;
  var origin = script ? new URL(script.src, window.location.href).origin : window.location.origin;
  window.addEventListener("message", function (event) {
    if (event.origin !== origin) return;
    var data = event.data;
    if (!data || data.type !== "zukunftswerkstatt:height" || typeof data.height !== "number") return;
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i++) {
      var frame = frames[i];
      if (frame.contentWindow !== event.source) continue;
      var height = Math.max(80, Math.min(4000, Math.round(data.height)));
      frame.style.height = height + "px";
    }
  });
})();
