/* The team's keyboard entry of paper and phone answers (surveys/entry/entry.html).
 *
 * - Enter moves to the next field (Shift+Enter keeps a line break in a long text); on the last
 *   field it goes to the save button. Ctrl+Enter saves from anywhere.
 * - A question whose condition is not met is skipped: its fields are disabled (not sent, not
 *   reached by Enter or Tab) and say why.
 * - The typed numbers are echoed as words beside the field ("→ Eigentum"); what cannot be read
 *   is said in red. The server reads the same way (surveys/keyed.py) and has the last word.
 * - With the telephone channel, the paper number is not asked.
 * Without JavaScript the form works as a plain form.
 */
(function () {
  "use strict";

  var form = document.querySelector("[data-entry-form]");
  if (!form) return;
  var messages = {};
  try {
    messages = JSON.parse(form.getAttribute("data-entry-messages") || "{}");
  } catch (error) {
    messages = {};
  }
  var SEPARATORS = /[\s,;./+]+/;
  var MAX_RUN_TOGETHER = 9;

  function labelsOf(input) {
    try {
      return JSON.parse(input.getAttribute("data-entry-labels") || "[]");
    } catch (error) {
      return [];
    }
  }

  /* The numbers typed, as keyed.py reads them: {numbers: [...]} or {problem: "..."}. */
  function numbersTyped(text, count, single) {
    text = text.trim();
    if (!text) return { numbers: [] };
    var parts = text.split(SEPARATORS).filter(function (part) { return part !== ""; });
    if (single) {
      if (parts.length > 1) return { problem: messages.one || "?" };
    } else if (parts.length === 1 && count <= MAX_RUN_TOGETHER && /^[0-9]+$/.test(parts[0])) {
      parts = parts[0].split("");
    }
    var numbers = [];
    for (var index = 0; index < parts.length; index += 1) {
      if (!/^[0-9]+$/.test(parts[index])) return { problem: (messages.number || "?") + ": " + parts[index] };
      var number = parseInt(parts[index], 10);
      if (number < 1 || number > count) return { problem: (messages.none || "?") + ": " + number };
      if (numbers.indexOf(number) !== -1) return { problem: (messages.twice || "?") + ": " + number };
      numbers.push(number);
    }
    return { numbers: numbers };
  }

  function readInput(input) {
    var kind = input.getAttribute("data-entry-kind");
    var labels = labelsOf(input);
    if (!labels.length || input.disabled) return { numbers: [], words: "" };
    var single = kind !== "multiple" && kind !== "ranking";
    var read = numbersTyped(input.value, labels.length, single);
    if (read.problem) return { numbers: [], problem: read.problem };
    var words = read.numbers.map(function (number, index) {
      var label = labels[number - 1];
      if (kind === "ranking") return (index + 1) + ". " + label;
      if (kind === "scale" || kind === "matrix") return number + " – " + label;
      return label;
    });
    return { numbers: read.numbers, words: words.join(", ") };
  }

  function echo(input) {
    var output = form.querySelector('output[for="' + input.id + '"]');
    if (!output) return;
    var read = readInput(input);
    output.classList.toggle("entry-echo--problem", Boolean(read.problem));
    output.textContent = read.problem ? "⚠ " + read.problem : (read.words ? "→ " + read.words : "");
  }

  /* Conditions, in the order of the questionnaire: a question is shown when its condition's
     question is shown and its number was typed there. */
  function applyConditions() {
    var rows = form.querySelectorAll(".entry-row");
    rows.forEach(function (row) {
      var sourceId = row.getAttribute("data-condition-field");
      if (!sourceId) return;
      var source = document.getElementById(sourceId);
      var shown = false;
      if (source && !source.disabled) {
        shown = readInput(source).numbers.indexOf(parseInt(row.getAttribute("data-condition-number"), 10)) !== -1;
      }
      row.classList.toggle("entry-row--skipped", !shown);
      row.querySelectorAll("input, textarea").forEach(function (input) {
        input.disabled = !shown;
        echo(input);
      });
      var state = row.querySelector("[data-entry-skipped]");
      if (state) state.textContent = shown ? "" : "– " + (messages.skipped || "");
    });
  }

  function applyChannel() {
    var paper = form.querySelector("[data-entry-paper]");
    var checked = form.querySelector('input[name="channel"]:checked');
    if (!paper || !checked) return;
    var isPaper = checked.value === "paper";
    paper.classList.toggle("entry-paper-hidden", !isPaper);
    paper.querySelectorAll("input").forEach(function (input) { input.disabled = !isPaper; });
  }

  function steps() {
    return Array.prototype.filter.call(
      form.querySelectorAll('input:not([type="hidden"]):not([type="radio"]), textarea, [data-entry-save]'),
      function (element) { return !element.disabled && element.offsetParent !== null; }
    );
  }

  function nextAfter(element) {
    var all = steps();
    var index = all.indexOf(element);
    if (index === -1) {
      // A radio button: the first step after it in the page.
      return all.find(function (candidate) {
        return element.compareDocumentPosition(candidate) & Node.DOCUMENT_POSITION_FOLLOWING;
      });
    }
    return all[index + 1];
  }

  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.isComposing) return;
    var target = event.target;
    if (event.ctrlKey || event.metaKey) {
      event.preventDefault();
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
      return;
    }
    if (target.matches("button, a, summary")) return;
    if (target.tagName === "TEXTAREA" && event.shiftKey) return;
    event.preventDefault();
    var next = nextAfter(target);
    if (next) {
      next.focus();
      if (next.select && next.tagName === "INPUT") next.select();
    }
  });

  form.addEventListener("input", function (event) {
    if (event.target.matches("[data-entry-labels]")) echo(event.target);
    applyConditions();
  });
  form.addEventListener("change", function (event) {
    if (event.target.name === "channel") applyChannel();
  });

  form.querySelectorAll("[data-entry-labels]").forEach(echo);
  applyConditions();
  applyChannel();
  var focused = form.querySelector("[autofocus]");
  if (focused && !focused.disabled) {
    focused.focus();
    if (focused.select && focused.tagName === "INPUT") focused.select();
  }
})();
