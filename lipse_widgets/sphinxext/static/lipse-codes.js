/* Answer codes in the browser: window.LipseCodes.
 *
 * A code is a readiness model's id, "=", then one digit per factor in the model's
 * factor order: "eprocurement=3425134". This file reads and writes codes exactly as
 * lipse_widgets/data/codes.py does, with the same messages: the page carries them,
 * with the models, in <script type="application/json" data-lipse-codes> (written by
 * lipse_widgets.views.answer_codes.codes_data_html from codes.page_data).
 *
 *   LipseCodes.pageData(doc)        -> {models, messages, lineName} read from the page
 *       (every data-lipse-codes element of it: their models, each once)
 *   LipseCodes.format(model, values) -> "eprocurement=3425134"
 *       model: a model definition ({id, min, max, factors: [{id, label}]});
 *       values: answers in factor order (an array) or by factor id (an object).
 *   LipseCodes.parse(text, models)   -> {model, values, code} or {error}
 *       text: a code or a link with the code after "#"; models: pageData().models.
 *       model is the model's definition, values the answers in factor order.
 *   LipseCodes.parseLines(text, models)
 *       -> {rows: [{line, name, model, values, code}], problems: [{line, text, reason}]}
 *       One participant per line, "name: code", "name: link" or the code alone; blank
 *       lines and lines starting with "#" are skipped; a line without a name is named
 *       "line N"; a name used twice is a problem.
 */
(function () {
  "use strict";
  var cached = null;

  // Every element of the page with codes' data counts (a calculator carries its own model,
  // the workshop board all of them): their models, each once, and the first one's messages.
  function pageData(doc) {
    doc = doc || document;
    if (doc === document && cached) return cached;
    var elements = doc.querySelectorAll('script[type="application/json"][data-lipse-codes]');
    if (!elements.length) throw new Error("this page carries no answer-code data (data-lipse-codes)");
    var data = null, ids = {};
    Array.prototype.forEach.call(elements, function (element) {
      var one = JSON.parse(element.textContent);
      if (!data) data = { models: [], messages: one.messages, lineName: one.lineName };
      one.models.forEach(function (model) {
        if (!ids[model.id]) { ids[model.id] = true; data.models.push(model); }
      });
    });
    if (doc === document) cached = data;
    return data;
  }

  function messages() {
    return (cached || pageData(document)).messages;
  }

  function message(key, values) {
    return messages()[key].replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function middle(model) {
    return Math.floor((model.min + model.max) / 2);
  }

  function exampleCode(model) {
    return model.id + "=" + model.factors.map(function () { return middle(model); }).join("");
  }

  function format(model, values) {
    var list = Array.isArray(values) ? values : model.factors.map(function (f) { return values[f.id]; });
    if (list.length !== model.factors.length) {
      throw new Error(list.length + " answers given; " + model.id + " has " + model.factors.length);
    }
    list.forEach(function (value, i) {
      if (value !== Math.floor(value) || value < model.min || value > model.max || model.max > 9) {
        throw new Error(model.factors[i].id + ": " + value + " is not a whole number from " +
          model.min + " to " + model.max);
      }
    });
    return model.id + "=" + list.join("");
  }

  function shorten(text, limit) {
    limit = limit || 40;
    text = text.split(/\s+/).filter(Boolean).join(" ");
    return text.length <= limit ? text : text.slice(0, limit - 1) + "\u2026";
  }

  var SCHEME = /^[A-Za-z][A-Za-z0-9+.\-]*:\/\//;

  function modelsText(models) {
    return models.map(function (m) { return m.id; }).sort().join(", ");
  }

  function decode(text) {
    try { return decodeURIComponent(text); } catch (e) { return text; }
  }

  function parse(text, models) {
    var example = models.length ? exampleCode(models[0]) : "eprocurement=33333333";
    text = String(text).trim();
    if (!text) return { error: message("empty", { example: example }) };
    if (text.indexOf("#") >= 0 || SCHEME.test(text)) {
      var fragment = text.indexOf("#") >= 0 ? text.slice(text.lastIndexOf("#") + 1) : "";
      fragment = decode(fragment).trim();
      if (fragment.indexOf("=") < 0) return { error: message("link_without_code", { example: example }) };
      text = fragment;
    }
    if (text.indexOf("=") < 0) {
      return { error: message("no_equals", { text: shorten(text), example: example }) };
    }
    var at = text.indexOf("=");
    var modelId = text.slice(0, at).trim();
    var digits = text.slice(at + 1).trim();
    var model = null;
    models.forEach(function (m) { if (m.id === modelId.toLowerCase()) model = m; });
    if (!model) {
      return { error: message("unknown_model", { model: shorten(modelId), models: modelsText(models) }) };
    }
    digits = digits.replace(/\s+/g, "");
    var expected = model.factors.length;
    if (!/^[0-9]*$/.test(digits)) {
      return { error: message("not_digits", { digits: shorten(digits), model: model.id, expected: expected }) };
    }
    if (digits.length !== expected) {
      return {
        error: message("wrong_count", {
          count: digits.length, digit_word: digits.length === 1 ? "digit" : "digits",
          model: model.id, expected: expected
        })
      };
    }
    var values = digits.split("").map(Number);
    for (var i = 0; i < values.length; i++) {
      if (values[i] < model.min || values[i] > model.max) {
        return {
          error: message("off_scale", {
            position: i + 1, value: values[i], factor: model.factors[i].label,
            min: model.min, max: model.max
          }),
          field: model.factors[i].id
        };
      }
    }
    return { model: model, values: values, code: model.id + "=" + digits };
  }

  function splitName(line) {
    if (SCHEME.test(line) || line.indexOf(":") < 0) return { name: null, code: line };
    var at = line.indexOf(":");
    var rest = line.slice(at + 1);
    if (rest.slice(0, 2) === "//") return { name: null, code: line };
    return { name: line.slice(0, at).trim(), code: rest.trim() };
  }

  function parseLines(text, models) {
    var rows = [], problems = [], seen = {};
    var lineName = (cached || pageData(document)).lineName || "line {line}";
    String(text).split(/\r\n|\r|\n/).forEach(function (raw, index) {
      var number = index + 1;
      var line = raw.trim().replace(/^\ufeff/, "");
      if (!line || line.charAt(0) === "#") return;
      var parts = splitName(line);
      if (parts.name !== null && !parts.name) {
        problems.push({ line: number, text: raw, reason: message("no_name", {}) });
        return;
      }
      var parsed = parse(parts.code, models);
      if (parsed.error) {
        problems.push({ line: number, text: raw, reason: parsed.error });
        return;
      }
      var name = parts.name || lineName.replace("{line}", String(number));
      var key = name.toLowerCase();
      if (Object.prototype.hasOwnProperty.call(seen, key)) {
        problems.push({
          line: number, text: raw,
          reason: message("duplicate_name", { name: shorten(name), first: seen[key] })
        });
        return;
      }
      seen[key] = number;
      rows.push({ line: number, name: name, model: parsed.model, values: parsed.values, code: parsed.code });
    });
    return { rows: rows, problems: problems };
  }

  window.LipseCodes = {
    pageData: pageData,
    format: format,
    parse: parse,
    parseLines: parseLines,
    message: message,
    exampleCode: exampleCode
  };
})();
