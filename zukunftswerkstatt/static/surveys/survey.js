// The online questionnaire (surveys/public/answer.html).
//
// Conditions: a question with data-condition="<question id>:<option id>" is shown only while that
// option is chosen in a question that is itself shown (surveys/answering.py, visible_questions);
// hidden questions have their inputs disabled, so they are not sent. Without this script every
// question is on one page and a conditional question says when to answer it; the server checks
// everything again either way.
//
// One question per screen (data-one-per-screen, on small screens only): a step is one question
// with the section headings before it, and the optional details last. "Next" checks that a
// required question has an answer; each step moves the focus to its heading. The texts come
// translated from the page (data-text-*).
(function () {
  "use strict";

  var form = document.querySelector("form[data-survey]");
  if (!form) return;

  var SMALL = window.matchMedia("(max-width: 40rem)");
  var items = Array.prototype.slice.call(form.querySelectorAll("[data-question], [data-section], [data-details]"));
  var questions = items.filter(function (el) { return el.hasAttribute("data-question"); });
  var progress = form.querySelector("[data-progress]");
  var stepper = form.querySelector("[data-stepper]");
  var backButton = form.querySelector("[data-back]");
  var nextButton = form.querySelector("[data-next]");
  var submit = form.querySelector("[data-submit]");
  var current = null; // the first element of the step shown

  function text(name, values) {
    var value = form.getAttribute("data-text-" + name) || "";
    Object.keys(values || {}).forEach(function (key) {
      value = value.replace("%(" + key + ")s", values[key]);
    });
    return value;
  }

  function inputs(el) {
    return Array.prototype.slice.call(el.querySelectorAll("input, select, textarea"));
  }

  // -- conditions ---------------------------------------------------------------------------

  function applyConditions() {
    var shown = {};
    questions.forEach(function (el) {
      var condition = el.getAttribute("data-condition");
      var on = true;
      if (condition) {
        var parts = condition.split(":");
        var chosen = form.querySelector('input[name="q' + parts[0] + '"][value="' + parts[1] + '"]');
        on = Boolean(shown[parts[0]] && chosen && chosen.checked && !chosen.disabled);
      }
      if (on) shown[el.getAttribute("data-question")] = true;
      el.toggleAttribute("data-off", !on);
      inputs(el).forEach(function (input) { input.disabled = !on; });
    });
  }

  // -- steps --------------------------------------------------------------------------------

  function stepping() {
    return form.hasAttribute("data-one-per-screen") && SMALL.matches;
  }

  function steps() {
    var result = [];
    var sections = [];
    items.forEach(function (el) {
      if (el.hasAttribute("data-off")) return;
      if (el.hasAttribute("data-section")) {
        sections.push(el);
        return;
      }
      result.push({ elements: sections.concat([el]), main: el });
      sections = [];
    });
    return result;
  }

  function stepIndex(list, el) {
    for (var i = 0; i < list.length; i++) {
      if (list[i].elements.indexOf(el) !== -1) return i;
    }
    return -1;
  }

  function render() {
    applyConditions();
    if (!stepping()) {
      items.forEach(function (el) { el.hidden = el.hasAttribute("data-off"); });
      stepper.hidden = true;
      progress.hidden = true;
      submit.hidden = false;
      return;
    }
    var list = steps();
    var index = current ? stepIndex(list, current) : 0;
    if (index < 0) index = 0;
    var step = list[index];
    current = step ? step.elements[0] : null;
    items.forEach(function (el) { el.hidden = !step || step.elements.indexOf(el) === -1; });
    var total = list.filter(function (s) { return s.main.hasAttribute("data-question"); }).length;
    progress.hidden = false;
    progress.textContent = step && step.main.hasAttribute("data-details")
      ? text("details")
      : text("progress", { current: index + 1, total: total });
    stepper.hidden = false;
    backButton.hidden = index === 0;
    nextButton.hidden = index >= list.length - 1;
    submit.hidden = index < list.length - 1;
  }

  function go(delta) {
    var list = steps();
    var index = stepIndex(list, current) + delta;
    if (index < 0 || index >= list.length) return;
    current = list[index].elements[0];
    render();
    // The question's own heading (a section heading stays in view above it).
    var heading = list[index].main.querySelector("[tabindex='-1']");
    if (heading) heading.focus();
  }

  // -- "required" on each step --------------------------------------------------------------

  function missing(el) {
    if (!el.hasAttribute("data-question") || !el.hasAttribute("data-required") || el.hasAttribute("data-off")) {
      return "";
    }
    var fields = inputs(el);
    var kind = el.getAttribute("data-kind");
    if (kind === "matrix") {
      var names = {};
      fields.forEach(function (input) { names[input.name] = names[input.name] || input.checked; });
      var rated = Object.keys(names).filter(function (name) { return names[name]; }).length;
      if (rated === 0) return text("required");
      return rated < Object.keys(names).length ? text("every-statement") : "";
    }
    var answered = fields.some(function (input) {
      if (input.type === "radio" || input.type === "checkbox") return input.checked;
      return input.value.trim() !== "";
    });
    return answered ? "" : text("required");
  }

  function showProblem(el, message) {
    var id = "q" + el.getAttribute("data-question") + "-js-error";
    var note = document.getElementById(id);
    var described = el.querySelector("fieldset") || inputs(el)[0];
    if (!message) {
      if (!note) return;
      note.remove();
      el.classList.remove("survey-question--error");
      if (described) {
        var rest = (described.getAttribute("aria-describedby") || "").split(" ").filter(function (part) {
          return part && part !== id;
        });
        if (rest.length) described.setAttribute("aria-describedby", rest.join(" "));
        else described.removeAttribute("aria-describedby");
      }
      return;
    }
    if (!note) {
      note = document.createElement("p");
      note.id = id;
      note.className = "errorlist survey-question__problem";
      var title = el.querySelector(".survey-question__title");
      var anchor = el.querySelector("legend") || title;
      anchor.parentNode.insertBefore(note, anchor.nextSibling);
    }
    note.textContent = message;
    el.classList.add("survey-question--error");
    if (described) {
      var ids = (described.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      if (ids.indexOf(id) === -1) ids.push(id);
      described.setAttribute("aria-describedby", ids.join(" "));
    }
  }

  function checkStep() {
    var list = steps();
    var step = list[stepIndex(list, current)];
    if (!step) return true;
    var message = missing(step.main);
    showProblem(step.main, message);
    if (message) {
      var first = inputs(step.main).filter(function (input) { return !input.disabled; })[0];
      if (first) first.focus();
      return false;
    }
    return true;
  }

  // -- wiring -------------------------------------------------------------------------------

  form.addEventListener("change", function (event) {
    var question = event.target.closest("[data-question]");
    if (question && question.querySelector("#q" + question.getAttribute("data-question") + "-js-error")) {
      showProblem(question, missing(question));
    }
    render();
  });
  nextButton.addEventListener("click", function () {
    if (checkStep()) go(1);
  });
  backButton.addEventListener("click", function () { go(-1); });
  // Enter in a text field goes to the next question, as "Next" would, instead of sending the form
  // from the middle of it (a text area keeps its line breaks).
  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !stepping() || nextButton.hidden) return;
    var target = event.target;
    if (target.tagName !== "INPUT" || target.type === "submit" || target.type === "button") return;
    event.preventDefault();
    if (checkStep()) go(1);
  });
  form.addEventListener("submit", function (event) {
    if (stepping() && !checkStep()) event.preventDefault();
  });
  if (SMALL.addEventListener) SMALL.addEventListener("change", render);

  // The error summary's links lead into a step that may be hidden: show that step first.
  document.addEventListener("click", function (event) {
    var link = event.target.closest(".survey-errors a[href^='#']");
    if (!link || !stepping()) return;
    var target = document.getElementById(link.getAttribute("href").slice(1));
    var owner = target && target.closest("[data-question], [data-details]");
    if (!owner) return;
    event.preventDefault();
    var list = steps();
    current = list[Math.max(0, stepIndex(list, owner))].elements[0];
    render();
    target.focus();
  });

  // After the server found errors, the stepper starts at the first question with one.
  var firstError = form.querySelector(".survey-question--error, [data-details] .field--error");
  if (firstError) current = firstError.closest("[data-question], [data-details]");
  render();
})();
