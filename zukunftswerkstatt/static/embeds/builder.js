// The embed builder: "Copy code" buttons (shown only where the browser can copy); the text areas
// stay selectable by hand without JavaScript.
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  var status = document.querySelector(".embed-copied");
  document.querySelectorAll("[data-copy-from]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var source = document.getElementById(button.getAttribute("data-copy-from"));
      navigator.clipboard.writeText(source.value).then(function () {
        if (status) status.textContent = button.getAttribute("data-copied") || "✓";
      });
    });
  });
})();
