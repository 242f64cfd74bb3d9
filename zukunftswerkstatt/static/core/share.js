/* Share links (core/_share.html): the "Copy link" and "Share…" buttons appear only where the browser
   offers the clipboard or its own share sheet; nothing is loaded from elsewhere. */
(function () {
  "use strict";

  function say(box, key) {
    var status = box.querySelector("[data-share-status]");
    if (status) { status.textContent = status.getAttribute(key); }
  }

  document.querySelectorAll(".share").forEach(function (box) {
    var copyItem = box.querySelector("[data-share-copy-item]");
    var nativeItem = box.querySelector("[data-share-native-item]");

    if (copyItem && navigator.clipboard && window.isSecureContext) {
      copyItem.hidden = false;
      copyItem.querySelector("button").addEventListener("click", function (event) {
        navigator.clipboard.writeText(event.currentTarget.getAttribute("data-share-copy")).then(
          function () { say(box, "data-copied"); },
          function () { say(box, "data-failed"); }
        );
      });
    }

    if (nativeItem && typeof navigator.share === "function") {
      nativeItem.hidden = false;
      nativeItem.querySelector("button").addEventListener("click", function (event) {
        var button = event.currentTarget;
        navigator.share({ title: button.getAttribute("data-share-title"), url: button.getAttribute("data-share-native") })
          .catch(function () { /* the person closed the share sheet */ });
      });
    }
  });
})();
