/* The workshop board (lipse_widgets/views/board.py): a group report in the browser.
 *
 * The trainer pastes answer codes or links (read by window.LipseCodes, lipse-codes.js)
 * or chooses the CSV or Excel files participants downloaded (read with Papa Parse and
 * read-excel-file, vendored in _static/vendor). Every participant becomes a row of the
 * table "participants" (a name and one answer per factor). Vega (the site's own bundle,
 * loaded on first use) then computes everything from the page's data, written by Python:
 * the group summary (logic/workshop.vega_group, with the scoring rule's Vega expressions)
 * and the report's three charts (the same specs the Python report draws). This script
 * only reads input, fills the report's empty places and saves it: it holds no formula.
 *
 * Lines it cannot read are listed with their line number and the reason, and left out.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var RUNTIME = new URL(script.dataset.runtime, script.src).href;
  var runtime = null;

  function loadRuntime() {
    if (!runtime) {
      runtime = new Promise(function (resolve, reject) {
        if (window.vegaEmbed) { resolve(window.vegaEmbed); return; }
        var tag = document.createElement("script");
        tag.src = RUNTIME;
        tag.onload = function () { resolve(window.vegaEmbed); };
        tag.onerror = function () { reject(new Error("could not load " + RUNTIME)); };
        document.head.appendChild(tag);
      });
    }
    return runtime;
  }

  function $(root, selector) { return root.querySelector(selector); }
  function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }

  // --- Reading answer files -------------------------------------------------------------

  function stem(name) { return name.replace(/\.[^.]*$/, ""); }

  // A table (rows of cells, the header first) -> participants and problems, as `score` reads
  // a table of answers: a respondent_id column and one column per factor, in any order.
  function readTable(fileName, cells, models, respondent) {
    var rows = [], problems = [];
    var header = (cells[0] || []).map(function (c) { return String(c == null ? "" : c).replace(/^\uFEFF/, "").trim(); });
    var model = null;
    models.forEach(function (m) {
      if (!model && m.factors.every(function (f) { return header.indexOf(f.id) >= 0; })) model = m;
    });
    if (!model) {
      problems.push({ line: fileName + " row 1", text: header.join(", ").slice(0, 60),
        reason: "the first row names no model's questions: it should be " + respondent +
          " and the factor ids, as the calculator's download has them" });
      return { rows: rows, problems: problems };
    }
    var nameAt = header.indexOf(respondent);
    for (var r = 1; r < cells.length; r++) {
      var row = cells[r] || [];
      var texts = row.map(function (c) { return String(c == null ? "" : c).trim(); });
      if (!texts.some(Boolean)) continue;  // a spreadsheet's leftover empty row
      var where = fileName + " row " + (r + 1);
      var given = nameAt >= 0 ? texts[nameAt] : "";
      var values = [], bad = null;
      model.factors.forEach(function (f) {
        var text = texts[header.indexOf(f.id)] || "";
        var value = Number(text);
        if (!bad && (text === "" || !Number.isInteger(value) || value < model.min || value > model.max)) {
          bad = f.id + ": " + (text === "" ? "no answer" : "'" + text.slice(0, 20) + "'") +
            " is not a whole number from " + model.min + " to " + model.max;
        }
        values.push(value);
      });
      if (given === "example-1") {
        problems.push({ line: where, text: given, reason: "the example row of the template, left out" });
      } else if (bad) {
        problems.push({ line: where, text: texts.join(", ").slice(0, 60), reason: bad });
      } else {
        // A participant's own download names them "me": the file's name says who it is.
        var name = !given || given === "me" ? (cells.length > 2 ? stem(fileName) + " " + r : stem(fileName)) : given;
        rows.push({ line: where, name: name, model: model, values: values });
      }
    }
    return { rows: rows, problems: problems };
  }

  function readFile(file, models, respondent) {
    var name = file.name;
    if (/\.xlsx$/i.test(name)) {
      // read-excel-file's bundle: every sheet, [{name, data}]; the answers are the first
      // sheet's, as `score` reads a workbook.
      return window.readXlsxFile(file).then(function (sheets) {
        var cells = sheets.length && sheets[0].data ? sheets[0].data : sheets;
        return readTable(name, cells, models, respondent);
      }, function (error) {
        return { rows: [], problems: [{ line: name, text: "", reason: "cannot be read as an Excel workbook (.xlsx): " + error.message }] };
      });
    }
    return file.text().then(function (text) {
      if (/\.txt$/i.test(name)) {
        var parsed = window.LipseCodes.parseLines(text, models);
        parsed.rows.forEach(function (row) { row.line = name + " line " + row.line; });
        parsed.problems.forEach(function (p) { p.line = name + " line " + p.line; });
        return parsed;
      }
      var result = window.Papa.parse(text.replace(/^\uFEFF/, ""), { skipEmptyLines: false, delimitersToGuess: [",", ";", "\t"] });
      return readTable(name, result.data, models, respondent);
    });
  }

  // --- The group ------------------------------------------------------------------------

  function Board(element) {
    this.element = element;
    this.data = JSON.parse($(element, "script[data-board-data]").textContent);
    this.codes = window.LipseCodes.pageData();
    this.files = [];
    all(element, "[data-group-n], [data-group-mean]").forEach(function (e) {
      e.removeAttribute("data-group-n");
      e.removeAttribute("data-group-mean");
    });
    var self = this;
    var style = document.createElement("style");
    style.textContent = this.data.css;
    document.head.appendChild(style);
    $(element, "[data-board-show]").addEventListener("click", function () { self.update(); });
    $(element, "[data-board-clear]").addEventListener("click", function () { self.clear(); });
    $(element, "[data-board-print]").addEventListener("click", function () { window.print(); });
    $(element, "[data-board-save]").addEventListener("click", function () { self.save(); });
    var input = $(element, "[data-board-files]");
    input.addEventListener("change", function () { self.addFiles(input.files); input.value = ""; });
    var drop = $(element, "[data-board-drop]");
    drop.addEventListener("dragover", function (e) { e.preventDefault(); drop.classList.add("is-over"); });
    drop.addEventListener("dragleave", function () { drop.classList.remove("is-over"); });
    drop.addEventListener("drop", function (e) {
      e.preventDefault();
      drop.classList.remove("is-over");
      self.addFiles(e.dataTransfer.files);
    });
  }

  Board.prototype.addFiles = function (list) {
    var self = this;
    Array.prototype.forEach.call(list, function (file) { self.files.push(file); });
    $(this.element, "[data-board-chosen]").textContent = this.files.length
      ? "Files: " + this.files.map(function (f) { return f.name; }).join(", ") : "";
    return this.update();
  };

  Board.prototype.clear = function () {
    this.files = [];
    $(this.element, "[data-board-codes]").value = "";
    $(this.element, "[data-board-chosen]").textContent = "";
    this.update();
  };

  Board.prototype.read = function () {
    var models = this.codes.models, respondent = this.data.respondent;
    var pasted = window.LipseCodes.parseLines($(this.element, "[data-board-codes]").value, models);
    pasted.rows.forEach(function (row) { row.line = "line " + row.line; });
    pasted.problems.forEach(function (p) { p.line = "line " + p.line; });
    return Promise.all(this.files.map(function (f) { return readFile(f, models, respondent); }))
      .then(function (results) {
        var rows = pasted.rows.slice(), problems = pasted.problems.slice();
        results.forEach(function (r) { rows = rows.concat(r.rows); problems = problems.concat(r.problems); });
        // One model at a time: the first participant's.
        var model = rows.length ? rows[0].model : null;
        var kept = rows.filter(function (row) {
          if (row.model.id === model.id) return true;
          problems.push({ line: row.line, text: row.name, reason: "answers to the " + row.model.id +
            " model; this group is " + model.id + " (the first participant's model): show it separately" });
          return false;
        });
        return { model: model, rows: kept, problems: problems };
      });
  };

  Board.prototype.showProblems = function (problems) {
    var box = $(this.element, "[data-board-problems]");
    var list = $(box, "[data-board-problem-list]");
    list.replaceChildren();
    problems.forEach(function (p) {
      var item = document.createElement("li");
      var where = document.createElement("strong");
      where.textContent = p.line + ": ";
      item.appendChild(where);
      item.appendChild(document.createTextNode(p.reason + (p.text ? " (" + p.text + ")" : "")));
      list.appendChild(item);
    });
    box.hidden = !problems.length;
  };

  Board.prototype.update = function () {
    var self = this, element = this.element;
    var status = $(element, "[data-board-status]");
    element.dataset.boardState = "working";
    return this.read().then(function (group) {
      self.showProblems(group.problems);
      all(element, "[data-board-report]").forEach(function (r) { r.hidden = true; });
      $(element, "[data-board-actions]").hidden = true;
      if (!group.rows.length) {
        status.textContent = group.problems.length ? "No participant could be read: see the lines left out."
          : "No answers yet.";
        element.dataset.boardState = "empty";
        return null;
      }
      status.textContent = "Computing the group of " + group.rows.length + " participant(s)\u2026";
      return loadRuntime().then(function (embed) { return self.show(embed, group); });
    }).catch(function (error) {
      status.textContent = "The board could not compute the group: " + (error && error.message || error);
      element.dataset.boardState = "failed";
    });
  };

  Board.prototype.show = function (embed, group) {
    var element = this.element, model = group.model, data = this.data.models[model.id];
    var records = group.rows.map(function (row) {
      var record = { name: row.name };
      model.factors.forEach(function (f, i) { record[f.id] = row.values[i]; });
      return record;
    });
    var report = $(element, '[data-board-report="' + model.id + '"]');
    report.hidden = false;
    var spec = JSON.parse(JSON.stringify(data.group));
    spec.data[0].values = records;
    var hidden = document.createElement("div");
    return embed(hidden, spec, { mode: "vega", renderer: "none", actions: false }).then(function (result) {
      var view = result.view;
      var summary = view.data("summary")[0];
      var weak = view.data("weak");
      result.finalize();
      fillStats(report, summary);
      fillWeak(report, weak, data.weakest, summary.respondents);
      $(report, "[data-report-origin]").textContent = group.rows.length + " participant(s) entered on the workshop board";
      // Each chart twice, as the Python report has it: in the column's width, and as
      // drawn for a phone (the report's styles pick one: on a phone, in print).
      return Promise.all(Object.keys(data.charts).map(function (key) {
        var place = $(report, '[data-chart="' + key + '"]');
        place.replaceChildren();
        return Promise.all(["wide", "narrow"].map(function (size) {
          var chart = JSON.parse(JSON.stringify(data.charts[key][size]));
          chart.datasets = chart.datasets || {};
          chart.datasets.participants = records;
          var box = document.createElement("div");
          box.className = "lipse-report-drawing";
          if (size === "narrow") box.style.width = data.narrowWidth + "px";
          place.appendChild(box);
          return embed(box, chart, { mode: "vega-lite", renderer: "svg", actions: false }).then(function (result) {
            var svg = box.querySelector("svg");
            svg.classList.add("lipse-chart-" + size);
            svg.setAttribute("role", "img");
            svg.setAttribute("aria-label", $(place.parentNode, ".lipse-chart-description").textContent);
            place.appendChild(svg);  // the SVG alone, as in the Python report
            box.remove();
            result.finalize();
          });
        }));
      }));
    }).then(function () {
      $(element, "[data-board-actions]").hidden = false;
      $(element, "[data-board-status]").textContent = "The group: " + group.rows.length +
        " participant(s)" + (group.problems.length ? "; " + group.problems.length + " line(s) left out." : ".");
      element.dataset.boardState = "shown";
    });
  };

  // The group figures as the Python report writes them (views/report.format_stat).
  function formatStat(key, value) {
    if (key === "mean") return (Math.floor(value * 10 + 0.5) / 10).toFixed(1);
    if (key === "median") return String(value);
    return String(Math.round(value));
  }

  function fillStats(report, summary) {
    all(report, "[data-stat]").forEach(function (dd) {
      var key = dd.dataset.stat;
      dd.textContent = formatStat(key, summary[key]);
      dd.dataset.value = String(summary[key]);
      if (key === "respondents") dd.setAttribute("data-group-n", "");
      if (key === "mean") dd.setAttribute("data-group-mean", "");
    });
  }

  function fillWeak(report, weak, n, respondents) {
    var list = $(report, "[data-weak-list]");
    all(list, "[data-weak-factor]").forEach(function (item) { item.hidden = true; });
    var shown = weak.filter(function (w) { return w.respondents > 0; }).slice(0, n);
    shown.forEach(function (w) {
      var item = $(list, '[data-weak-factor="' + w.factor + '"]');
      $(item, "[data-weak-count]").textContent = w.respondents + " of " + respondents;
      item.hidden = false;
      list.appendChild(item);  // in the order of the group: most common first
    });
    $(report, "[data-weak-none]").hidden = shown.length > 0;
  }

  // --- Saving the report ----------------------------------------------------------------

  Board.prototype.save = function () {
    var report = $(this.element, "[data-board-report]:not([hidden]) .lipse-report");
    var copy = report.cloneNode(true);
    all(copy, "[hidden], script, .vega-actions, details").forEach(function (e) { e.remove(); });
    all(copy, "*").forEach(function (e) {
      ["data-group-n", "data-group-mean"].forEach(function (a) { if (e.hasAttribute(a)) e.setAttribute(a, ""); });
    });
    var body = copy.outerHTML.replace(/\sxmlns(:xlink)?="[^"]*"/g, "");
    var page = this.data.document.replace("<!--lipse-report-body-->", body)
      .replace("<title>Group report</title>", "<title>" + report.querySelector("h1").textContent.replace(/[<&>]/g, "") + "</title>");
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([page], { type: "text/html;charset=utf-8" }));
    link.download = "group-report-" + report.dataset.reportModel + ".html";
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  };

  function start() {
    all(document, "[data-workshop-board]").forEach(function (element) {
      element.lipseBoard = new Board(element);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
