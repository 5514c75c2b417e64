/* Answering a survey: questions appear and disappear with their conditions, and each answer is
   saved on the server as a draft when it changes (typing is saved after a short pause).
   Without JavaScript the "Save draft" button does the same; the server decides everything. */
(function () {
  "use strict";
  var form = document.getElementById("survey-form");
  if (!form) { return; }
  var messages = JSON.parse(document.getElementById("survey-messages").textContent);
  var status = document.getElementById("autosave-status");
  var autosaveUrl = form.dataset.autosaveUrl;
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var pending = {};   // question key -> true while it waits to be sent
  var timer = null;
  var sending = false;

  function questionOf(element) { return element.closest(".question"); }

  function valuesOf(key) {
    var inputs = form.querySelectorAll("[name='q-" + key + "']");
    var values = [];
    inputs.forEach(function (input) {
      if ((input.type === "checkbox" || input.type === "radio")) {
        if (input.checked) { values.push(input.value); }
      } else if (input.value !== "") {
        values.push(input.value);
      }
    });
    return values;
  }

  function applyConditions() {
    form.querySelectorAll(".question[data-show-if]").forEach(function (question) {
      var wanted = question.dataset.showIfValues.split(" ");
      var source = document.getElementById("question-" + question.dataset.showIf);
      var shown = source && !source.hidden && valuesOf(question.dataset.showIf).some(function (value) {
        return wanted.indexOf(value) !== -1;
      });
      question.hidden = !shown;
    });
  }

  function setState(key, text, isError) {
    var question = document.getElementById("question-" + key);
    if (!question) { return; }
    var state = question.querySelector(".save-state");
    state.textContent = text || "";
    state.classList.toggle("error", !!isError);
  }

  function flush() {
    timer = null;
    var keys = Object.keys(pending);
    if (!autosaveUrl || sending || keys.length === 0) { return; }
    if (!navigator.onLine) { status.textContent = messages.offline; return; }
    var body = new FormData();
    keys.forEach(function (key) {
      body.append("q-" + key + "-present", "1");
      var question = document.getElementById("question-" + key);
      var multiple = question && question.querySelector("input[type=checkbox]");
      var values = valuesOf(key);
      if (multiple) {
        values.forEach(function (value) { body.append("q-" + key, value); });
      } else {
        body.append("q-" + key, values.length ? values[0] : "");
      }
    });
    pending = {};
    sending = true;
    status.textContent = messages.saving;
    fetch(autosaveUrl, {
      method: "POST",
      body: body,
      headers: { "X-CSRFToken": csrf, "Accept": "application/json" },
      credentials: "same-origin",
      keepalive: true
    }).then(function (response) {
      if ((response.headers.get("content-type") || "").indexOf("json") === -1) {
        // A page, not our answer (rate limit, server error, expired session): say so, don't retry
        // in a loop; the answers stay in the form and "Save draft" still works.
        return { ok: false, data: { error: String(response.status) } };
      }
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      var errors = result.data.errors || {};
      keys.forEach(function (key) { setState(key, (errors[key] || []).join(" "), !!errors[key]); });
      if (result.data.error) {
        status.textContent = messages.failed + " " + result.data.error;
      } else if (result.data.saved_at) {
        status.textContent = messages.saved + " " + result.data.saved_at + ".";
      }
    }).catch(function () {
      // No connection: keep the answers queued and try again shortly, or when back online.
      keys.forEach(function (key) { pending[key] = true; });
      status.textContent = messages.offline;
    }).then(function () {
      sending = false;
      if (Object.keys(pending).length && !timer) { timer = window.setTimeout(flush, 1500); }
    });
  }

  function changed(event) {
    var question = questionOf(event.target);
    if (!question) { return; }
    applyConditions();
    pending[question.dataset.key] = true;
    if (timer) { window.clearTimeout(timer); }
    timer = window.setTimeout(flush, event.type === "input" ? 800 : 150);
  }

  form.addEventListener("change", changed);
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA" || event.target.type === "text") { changed(event); }
  });
  window.addEventListener("online", flush);
  // Leaving the page with answers not yet sent: send them now.
  window.addEventListener("pagehide", function () { if (Object.keys(pending).length) { flush(); } });
  applyConditions();
})();
