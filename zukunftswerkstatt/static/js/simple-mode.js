/* Issue 15: the simple view of citizen forms and read-aloud (docs/accessibility.md).
   A form opts in with data-simple-mode; its texts come from the element .simple-mode-texts
   (rendered by templates/includes/simple_mode.html, so they are translated). Without JavaScript
   nothing changes. The choice is kept in localStorage (functional, no consent needed). */
(function () {
  "use strict";
  if (window.zwSimpleMode) return; // the script may be included twice on a page
  window.zwSimpleMode = true;
  var KEY = "zw-simple-view";
  var synth = window.speechSynthesis;
  var canSpeak = !!(synth && window.SpeechSynthesisUtterance);
  var lang = document.documentElement.lang || "de";

  function remembered() {
    try { return window.localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }
  function remember(on) {
    try { window.localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* private mode */ }
  }
  function text(el) { return el ? el.textContent.replace(/\s+/g, " ").trim() : ""; }
  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, name) { return values[name]; });
  }
  function button(label, cls) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "button simple-mode__button" + (cls ? " " + cls : "");
    b.textContent = label;
    return b;
  }

  function speak(content) {
    if (!canSpeak || !content) return;
    synth.cancel();
    var utterance = new window.SpeechSynthesisUtterance(content);
    utterance.lang = lang;
    synth.speak(utterance);
  }

  /* A "Read aloud" and a "Stop" button before a target; hidden where speech is missing. */
  function readAloudBar(texts, getContent) {
    var bar = document.createElement("div");
    bar.className = "read-aloud";
    var read = button(texts.read, "read-aloud__read");
    var stop = button(texts.stop, "read-aloud__stop");
    read.addEventListener("click", function () { speak(getContent()); });
    stop.addEventListener("click", function () { if (canSpeak) synth.cancel(); });
    bar.appendChild(read);
    bar.appendChild(stop);
    if (!canSpeak) bar.hidden = true;
    return bar;
  }

  function stepParts(step) {
    var heading = step.querySelector("legend, label, h3");
    var help = step.querySelectorAll(".helptext, [id$='_helptext']");
    var hintEl = step.querySelector("[data-simple-hint]");
    var hint = step.getAttribute("data-simple-hint") || (hintEl && hintEl.getAttribute("data-simple-hint")) || "";
    var helpText = help.length ? text(help[0]) : "";
    var choices = Array.prototype.map.call(
      step.querySelectorAll("input[type=radio] + label, input[type=checkbox] + label, option, [type=radio] ~ label"),
      text
    ).filter(Boolean);
    return { label: text(heading).replace(/\s*:\s*$/, ""), hint: hint, help: helpText, choices: choices };
  }

  function findSteps(form) {
    var marked = form.querySelectorAll("[data-simple-step]");
    var list = marked.length ? marked : form.querySelectorAll("fieldset, .field, .vote-item");
    return Array.prototype.filter.call(list, function (el) {
      if (el.closest(".hp-field")) return false;
      var parent = el.parentElement && el.parentElement.closest("fieldset, .vote-item, [data-simple-step]");
      if (parent && form.contains(parent) && parent !== el) return false;
      if (el.closest("[hidden]")) return false;
      return !!el.querySelector("input:not([type=hidden]), select, textarea");
    });
  }

  function answerOf(step) {
    var out = [];
    step.querySelectorAll("input, select, textarea").forEach(function (input) {
      if (input.type === "hidden" || input.type === "submit" || input.type === "button") return;
      if (input.type === "radio" || input.type === "checkbox") {
        if (input.checked) {
          var label = form_label(input);
          out.push(label);
        }
      } else if (input.tagName === "SELECT") {
        Array.prototype.forEach.call(input.selectedOptions, function (o) { if (o.value) out.push(text(o)); });
      } else if (input.type === "file") {
        if (input.files && input.files.length) out.push(input.files[0].name);
      } else if (input.value) {
        out.push(input.value);
      }
    });
    return out.join(", ");
  }
  function form_label(input) {
    var label = input.id && document.querySelector("label[for='" + input.id + "']");
    return label ? text(label) : input.value;
  }

  function setUp(form) {
    var textsEl = form.querySelector(".simple-mode-texts") || document.querySelector(".simple-mode-texts");
    if (!textsEl) return;
    var t = textsEl.dataset;
    var texts = { read: t.read, stop: t.stop };
    var steps = findSteps(form);
    if (!steps.length) return;
    var actions = form.querySelector(".form-actions") || form.querySelector("button[type=submit]:last-of-type");
    var current = 0;
    var on = false;

    var toggle = button(t.switchOn, "simple-mode__switch");
    toggle.setAttribute("aria-pressed", "false");
    var bar = document.createElement("div");
    bar.className = "simple-mode__bar";
    bar.appendChild(toggle);
    form.insertBefore(bar, form.firstChild);

    var panel = document.createElement("div");
    panel.className = "simple-mode__panel";
    panel.hidden = true;
    var progress = document.createElement("p");
    progress.className = "simple-mode__progress";
    progress.setAttribute("role", "status");
    progress.setAttribute("aria-live", "polite");
    var heading = document.createElement("h2");
    heading.className = "simple-mode__heading";
    heading.tabIndex = -1;
    var hint = document.createElement("p");
    hint.className = "simple-mode__hint";
    var read = readAloudBar(texts, function () {
      var p = current < steps.length ? stepParts(steps[current]) : { label: t.summary, hint: "", help: "", choices: [] };
      return [p.label, p.hint, p.help, p.choices.join(", ")].filter(Boolean).join(". ");
    });
    panel.appendChild(progress);
    panel.appendChild(heading);
    panel.appendChild(hint);
    panel.appendChild(read);
    bar.after(panel);

    var summary = document.createElement("dl");
    summary.className = "simple-mode__summary";
    summary.hidden = true;
    var nav = document.createElement("div");
    nav.className = "simple-mode__nav";
    nav.hidden = true;
    var back = button(t.back, "simple-mode__back");
    var next = button(t.next, "button--primary simple-mode__next");
    nav.appendChild(back);
    nav.appendChild(next);
    if (actions && actions.parentNode === form) {
      form.insertBefore(summary, actions);
      form.insertBefore(nav, actions);
    } else {
      form.appendChild(summary);
      form.appendChild(nav);
    }

    var others = Array.prototype.filter.call(form.children, function (el) {
      return el !== bar && el !== panel && el !== summary && el !== nav && el !== actions &&
        !steps.some(function (s) { return el.contains(s); }) && !el.matches("input[type=hidden], .hp-field");
    });

    function show(index, focus) {
      current = index;
      var atSummary = index >= steps.length;
      steps.forEach(function (s, i) {
        s.classList.add("simple-mode__step");
        if (i === index) s.removeAttribute("data-simple-hidden"); else s.setAttribute("data-simple-hidden", "");
      });
      // Containers of steps (a list of vote items): shown only if the current step is inside.
      others.forEach(function (el) { el.setAttribute("data-simple-hidden", ""); });
      if (actions) {
        if (atSummary) actions.removeAttribute("data-simple-hidden"); else actions.setAttribute("data-simple-hidden", "");
      }
      back.hidden = index === 0;
      next.hidden = atSummary;
      summary.hidden = !atSummary;
      if (atSummary) {
        summary.textContent = "";
        steps.forEach(function (s) {
          var dt = document.createElement("dt");
          dt.textContent = stepParts(s).label;
          var dd = document.createElement("dd");
          dd.textContent = answerOf(s) || t.empty;
          summary.appendChild(dt);
          summary.appendChild(dd);
        });
        heading.textContent = t.summary;
        hint.textContent = t.summaryHint;
        progress.textContent = "";  // the focused heading says it
      } else {
        var parts = stepParts(steps[index]);
        heading.textContent = parts.label;
        hint.textContent = parts.hint || parts.help;
        hint.hidden = !hint.textContent;
        progress.textContent = fill(t.progress, { current: index + 1, total: steps.length });
      }
      if (focus) heading.focus();
    }

    function valid(step) {
      var fields = step.querySelectorAll("input, select, textarea");
      for (var i = 0; i < fields.length; i++) {
        if (fields[i].willValidate && !fields[i].checkValidity()) {
          fields[i].reportValidity();
          return false;
        }
      }
      return true;
    }

    function enable(flag, focus) {
      on = flag;
      form.classList.toggle("is-simple", on);
      toggle.textContent = on ? t.switchOff : t.switchOn;
      toggle.setAttribute("aria-pressed", on ? "true" : "false");
      panel.hidden = !on;
      nav.hidden = !on;
      if (on) {
        var firstError = steps.findIndex(function (s) {
          return s.matches(".field--error") || s.querySelector(".field--error, .errorlist, [aria-invalid=true]");
        });
        show(firstError >= 0 ? firstError : 0, focus);
      } else {
        form.querySelectorAll("[data-simple-hidden]").forEach(function (el) { el.removeAttribute("data-simple-hidden"); });
        summary.hidden = true;
        if (canSpeak) synth.cancel();
      }
    }

    toggle.addEventListener("click", function () { remember(!on); enable(!on, true); });
    next.addEventListener("click", function () { if (valid(steps[current])) show(current + 1, true); });
    back.addEventListener("click", function () { show(Math.max(0, current - 1), true); });
    if (remembered()) enable(true, false);
  }

  function setUpReadAloud(target) {
    var holder = document.querySelector(".simple-mode-texts");
    var read = target.getAttribute("data-read-aloud-label") || (holder && holder.dataset.read) || "Read aloud";
    var stop = target.getAttribute("data-read-aloud-stop") || (holder && holder.dataset.stop) || "Stop";
    target.before(readAloudBar({ read: read, stop: stop }, function () { return text(target); }));
  }

  document.querySelectorAll("form[data-simple-mode]").forEach(setUp);
  document.querySelectorAll("[data-read-aloud]").forEach(setUpReadAloud);
})();
