// Inside a box on another website: tell the page around it how tall the box is, so that it needs no
// scroll bar (the page listens with embed-frame.js). Only the height and the box's id are sent.
(function () {
  "use strict";
  if (window.parent === window) return;
  var id = document.body.getAttribute("data-frame-id") || "";
  var last = 0;
  function send() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "zukunftswerkstatt:height", id: id, height: height }, "*");
  }
  if (window.ResizeObserver) new ResizeObserver(send).observe(document.documentElement);
  window.addEventListener("load", send);
  send();
})();
