/* Readability hints beside every text area marked data-readability (docs/easyread.md).
   The page names the endpoint in <meta name="zw-readability">; without it, or without JavaScript,
   nothing changes. The hints are advice: they never stop a form from being sent. */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="zw-readability"]');
  if (!meta || !window.fetch || !window.FormData) { return; }
  var url = meta.getAttribute("content");
  var DELAY = 800;

  function csrfToken(area) {
    var form = area.form;
    var input = (form && form.querySelector('input[name="csrfmiddlewaretoken"]')) ||
      document.querySelector('input[name="csrfmiddlewaretoken"]');
    if (input) { return input.value; }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function attach(area, index) {
    if (area.dataset.readabilityReady) { return; }
    area.dataset.readabilityReady = "1";
    // The page may have a region ready (with the hints of the text as saved): "<id>-readability".
    var region = area.id ? document.getElementById(area.id + "-readability") : null;
    if (!region) {
      region = document.createElement("div");
      region.className = "readability-hints";
      region.id = (area.id || "readability-text-" + index) + "-readability";
      // In the back office a text area sits in a row with its label (.flex-container): below the row.
      (area.closest(".flex-container") || area).insertAdjacentElement("afterend", region);
    }
    region.setAttribute("aria-live", "polite");
    var timer = null;
    var last = null;
    function ask() {
      var text = area.value;
      if (text === last) { return; }
      last = text;
      var body = new FormData();
      body.append("text", text);
      fetch(url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(area) }
      }).then(function (response) {
        return response.text();
      }).then(function (html) {
        region.innerHTML = html;
      }).catch(function () { /* a hint that cannot come is no error for the writer */ });
    }
    area.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, DELAY);
    });
    if (area.value.trim() && !region.firstElementChild) { ask(); }
  }

  function attachAll() {
    document.querySelectorAll("textarea[data-readability]").forEach(attach);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", attachAll);
  } else {
    attachAll();
  }
  // Back-office inlines add rows later ("Add another phase").
  document.addEventListener("formset:added", attachAll);
})();
