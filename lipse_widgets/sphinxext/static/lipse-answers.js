/* A calculator's answers in the browser: its code, a link, copy and download, and links
 * that open answers (outcomes.html#eprocurement=3425134).
 *
 * Each calculator ([data-readiness-model]) has, below its chart, the controls that
 * lipse_widgets/views/answer_codes.py draws: hidden until this script runs (they need
 * JavaScript), with the score of the starting answers in [data-readiness-score]. This
 * script
 *   - shows the code of the sliders' answers in [data-answer-code], a link to them, and a
 *     CSV download of them as a row of the `template` table (respondent_id, then one column
 *     per factor), kept up to date as the reader moves a slider;
 *   - keeps [data-readiness-score] equal to the chart's own score (the Vega signal
 *     readiness_score, which lipse_widgets.logic.readiness generates from the scoring rule);
 *   - opens a code from the page's address (#eprocurement=...) or typed into the
 *     calculator: it sets the sliders, and the chart and the score follow. A code that
 *     cannot be read is said beside the calculator (role="alert"), and nothing is changed.
 * Codes are read and written by window.LipseCodes (lipse-codes.js), with the messages the
 * Python package uses.
 */
(function () {
  "use strict";
  var FORMULA_START = /^[=+\-@\t\r]/;  // as lipse_widgets/data/tables.py FORMULA_START

  function calculators() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-readiness-model]"));
  }

  function modelOf(calculator) {
    var id = calculator.dataset.readinessModel;
    var found = null;
    window.LipseCodes.pageData().models.forEach(function (m) { if (m.id === id) found = m; });
    return found;
  }

  function sliders(calculator) {
    return Array.prototype.slice.call(calculator.querySelectorAll("input[type=range][data-lipse-signal]"));
  }

  function values(calculator) {
    return sliders(calculator).map(function (input) { return +input.value; });
  }

  function pageAddress() {
    return location.href.split("#")[0];
  }

  // A cell of the CSV download: text a spreadsheet would run as a formula gets an apostrophe
  // (as lipse_widgets.data.tables.neutralise does), and quotes where CSV needs them.
  function csvCell(text) {
    text = FORMULA_START.test(text) ? "'" + text : text;
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function slug(text) {
    return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 30);
  }

  function refresh(calculator) {
    var model = modelOf(calculator);
    var answers = calculator.querySelector("[data-lipse-answers]");
    var code = window.LipseCodes.format(model, values(calculator));
    var link = pageAddress() + "#" + code;
    calculator.querySelector("[data-answer-code]").textContent = code;
    var anchor = calculator.querySelector("[data-answer-link]");
    anchor.href = link;
    anchor.textContent = link;
    var name = calculator.querySelector("[data-answer-name]").value.trim();
    var row = [name || answers.dataset.lipseDownloadId].concat(values(calculator).map(String));
    var csv = answers.dataset.lipseCsvHeader + "\r\n" + row.map(csvCell).join(",") + "\r\n";
    var download = calculator.querySelector("[data-answer-download]");
    download.href = "data:text/csv;charset=utf-8," + encodeURIComponent(csv);
    download.download = model.id + "-answers" + (slug(name) ? "-" + slug(name) : "") + ".csv";
    return { code: code, link: link };
  }

  function say(calculator, text) {
    var status = calculator.querySelector("[data-answer-status]");
    status.textContent = "";
    // A new text in the live region, even if it is the same as before.
    setTimeout(function () { status.textContent = text; }, 50);
  }

  function showError(calculator, text) {
    calculator.querySelector("[data-answer-error]").textContent = text;
  }

  // While the chart is not yet live, the score shown is the starting answers': say it is
  // being worked out, until the chart's own score arrives (or its script fails to load).
  function pending(calculator) {
    var figure = calculator.querySelector(".lipse-figure");
    if (figure.dataset.lipseState === "live") return;
    var score = calculator.querySelector("[data-readiness-score]");
    score.textContent = "\u2026";
    score.setAttribute("aria-busy", "true");
  }

  function setAnswers(calculator, answerValues) {
    pending(calculator);
    sliders(calculator).forEach(function (input, i) {
      input.value = String(answerValues[i]);
      // lipse-charts.js follows the input: the shown value, the chart (drawn live if needed).
      input.dispatchEvent(new Event("input", { bubbles: true }));
    });
    refresh(calculator);
  }

  // Open a code (from a link or typed): set the sliders of its calculator, or say why not.
  function open(text, where, fromLink) {
    var all = calculators();
    var parsed = window.LipseCodes.parse(text, window.LipseCodes.pageData().models);
    var target = null;
    if (!parsed.error) {
      all.forEach(function (c) { if (c.dataset.readinessModel === parsed.model.id) target = c; });
      if (!target) parsed = { error: "this page has no calculator for the " + parsed.model.id + " model" };
    }
    if (parsed.error) {
      // Beside the calculator the code names, if it names one; else the first.
      var named = text.split("#").pop().split("=")[0].trim().toLowerCase();
      var shown = where || all.filter(function (c) { return c.dataset.readinessModel === named; })[0] || all[0];
      var what = fromLink ? "The answer code in this page's address cannot be used" :
        "This answer code cannot be used";
      showError(shown, what + " (" + text.trim().slice(0, 60) + "): " + parsed.error +
        ". The sliders are unchanged.");
      if (fromLink) shown.querySelector("[data-answer-error]").scrollIntoView({ block: "center" });
      return false;
    }
    all.forEach(function (c) { showError(c, ""); });
    setAnswers(target, parsed.values);
    say(target, "The sliders now show the answers of " + parsed.code + ".");
    if (fromLink) target.scrollIntoView({ block: "start" });
    return true;
  }

  function openFromAddress() {
    var fragment = location.hash.slice(1);
    try { fragment = decodeURIComponent(fragment); } catch (e) { /* shown as written */ }
    // Only a fragment that looks like a code: "#readiness-calculators" is a place in the page.
    if (fragment.indexOf("=") < 0) return;
    open(fragment, null, true);
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (e) { done = false; }
      document.body.removeChild(area);
      if (done) resolve(); else reject(new Error("copy refused"));
    });
  }

  function wire(calculator) {
    var controls = calculator.querySelector("[data-lipse-code-controls]");
    if (!controls || !modelOf(calculator)) return;
    controls.hidden = false;
    refresh(calculator);
    sliders(calculator).forEach(function (input) {
      input.addEventListener("input", function () { pending(calculator); refresh(calculator); });
      input.addEventListener("change", function () { refresh(calculator); });
    });
    calculator.querySelector("[data-answer-name]").addEventListener("input", function () {
      refresh(calculator);
    });
    calculator.querySelector("[data-copy-code]").addEventListener("click", function () {
      var code = refresh(calculator).code;
      copy(code).then(function () { say(calculator, "Copied the code " + code + "."); },
        function () { say(calculator, "Your browser did not let the page copy: select the code and copy it yourself."); });
    });
    calculator.querySelector("[data-copy-link]").addEventListener("click", function () {
      copy(refresh(calculator).link).then(function () { say(calculator, "Copied the link to your answers."); },
        function () { say(calculator, "Your browser did not let the page copy: select the link and copy it yourself."); });
    });
    var typed = calculator.querySelector("[data-answer-open]");
    var use = function () { if (open(typed.value, calculator, false)) typed.value = ""; };
    calculator.querySelector("[data-answer-open-button]").addEventListener("click", use);
    typed.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); use(); }
    });
    // The score shown is the chart's own (the Vega signal), once the chart is live.
    var figure = calculator.querySelector(".lipse-figure");
    var score = calculator.querySelector("[data-readiness-score]");
    var follow = function (view) {
      var show = function (name, value) {
        score.textContent = String(value);
        score.removeAttribute("aria-busy");
      };
      view.addSignalListener("readiness_score", show);
      show(null, view.signal("readiness_score"));
    };
    if (figure.lipseView) follow(figure.lipseView);
    figure.addEventListener("lipse:live", function (event) { follow(event.detail.view); });
    figure.addEventListener("lipse:static", function () {
      score.textContent = "?";
      score.removeAttribute("aria-busy");
      showError(calculator, "The score cannot be worked out: the chart's script did not load. " +
        "Reload the page, or use the answer code later.");
    });
  }

  function start() {
    if (!window.LipseCodes) return;
    calculators().forEach(wire);
    openFromAddress();
    window.addEventListener("hashchange", openFromAddress);
  }

  window.lipseAnswers = { open: open };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
