// Before printing, every link in the main content gets its absolute address in data-print-href,
// which print.css writes out after the link's text (the href itself may be relative).
(function () {
  "use strict";
  function mark() {
    var links = document.querySelectorAll("main a[href]");
    for (var i = 0; i < links.length; i++) {
      var href = links[i].getAttribute("href");
      if (href && href.charAt(0) !== "#") {
        links[i].setAttribute("data-print-href", links[i].href);
      }
    }
  }
  window.addEventListener("beforeprint", mark);
})();
