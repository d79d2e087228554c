/* Interactive charts for the LIPSE book, loaded only when a reader reaches for one.
 *
 * Every chart is already in the page as an SVG drawn at build time
 * (lipse_widgets/views/figure.py), so nothing here is needed to read it. This
 * deferred script, added only to pages with charts, waits until the reader comes
 * near a chart (the pointer enters its figure), touches it, or moves into it with
 * the keyboard. Then, and only then, it loads the Vega runtime (once per page, with
 * no other host involved) and draws the interactive chart over the static one, in
 * the same box, so nothing on the page moves. The static SVG stays underneath,
 * hidden, and keeps the box's size.
 *
 * The figure's inputs (sliders, menus) are HTML from the build, disabled until this
 * script enables them; they drive the chart's Vega signals. A value the reader sets
 * before the runtime has arrived is applied as soon as it has.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  // A page that carries the runtime itself (a take-away calculator) has no file to load.
  var RUNTIME = script && script.src ? new URL(script.dataset.runtime, script.src).href : null;
  var TRIGGERS = ["pointerenter", "pointerdown", "touchstart", "focusin"];
  var runtime = null;

  function loadRuntime() {
    if (!runtime && window.vegaEmbed) runtime = Promise.resolve(window.vegaEmbed);
    if (!runtime) {
      runtime = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = RUNTIME;
        tag.async = true;
        tag.onload = function () { resolve(window.vegaEmbed); };
        tag.onerror = function () { reject(new Error("could not load " + RUNTIME)); };
        document.head.appendChild(tag);
      });
    }
    return runtime;
  }

  function json(chart, selector) {
    return JSON.parse(chart.querySelector(selector).textContent);
  }

  // A chart's spec: in the page (a figure shown in Jupyter), or, on the book's site, in a
  // script of its own that calls lipseChartSpec (a page opened from a folder on disk may
  // load a script but not fetch a file).
  var specs = {};
  window.lipseChartSpec = function (digest, spec) {
    var entry = specs[digest] = specs[digest] || {};
    entry.value = spec;
    if (entry.resolve) entry.resolve(spec);
  };
  function loadSpec(element) {
    if (!element.dataset.src) return Promise.resolve(JSON.parse(element.textContent));
    var digest = element.dataset.digest;
    var entry = specs[digest] = specs[digest] || {};
    if (!entry.promise) {
      entry.promise = entry.value ? Promise.resolve(entry.value) : new Promise(function (resolve, reject) {
        entry.resolve = resolve;
        var tag = document.createElement("script");
        tag.src = element.dataset.src;
        tag.async = true;
        tag.onerror = function () { reject(new Error("could not load " + tag.src)); };
        document.head.appendChild(tag);
      });
    }
    // A copy: Vega changes the spec it is given.
    return entry.promise.then(function (spec) { return JSON.parse(JSON.stringify(spec)); });
  }

  function inputValue(input) {
    if (input.type === "checkbox") return input.checked;
    var holder = input.closest("[data-lipse-options]");  // a menu or radio buttons
    if (holder) {
      // The option's own value (a number stays a number), by its place in the list.
      var options = JSON.parse(holder.dataset.lipseOptions);
      if (input.tagName === "SELECT") return options[input.selectedIndex];
      var radios = holder.querySelectorAll("input[type=radio]");
      return options[Array.prototype.indexOf.call(radios, input)];
    }
    return input.type === "range" ? +input.value : input.value;
  }

  function shownIsNarrow(chart) {
    var narrow = chart.querySelector("svg.lipse-chart-narrow");
    return !!narrow && getComputedStyle(narrow).display !== "none";
  }

  function takeOver(figure) {
    if (figure.dataset.lipseState) return;
    figure.dataset.lipseState = "loading";
    var chart = figure.querySelector(".lipse-chart");
    var box = chart.querySelector(".lipse-chart-box");
    var options = json(chart, ".lipse-chart-options");
    var narrow = shownIsNarrow(chart);
    // On a phone: the view's own narrow chart if it has one, else the theme's width cut.
    var own = narrow && chart.querySelector(".lipse-chart-spec-narrow");
    var spec = own || chart.querySelector(".lipse-chart-spec");
    function narrowed(spec) {
      if (narrow && !own) {
        // Draw it as the narrow SVG was drawn: the theme's view width cut for a phone.
        spec.config = spec.config || {};
        spec.config.view = Object.assign({}, spec.config.view, {
          continuousWidth: +chart.dataset.lipseNarrowWidth
        });
      }
      return spec;
    }
    // Drawn in the box, over the static chart (a chart whose width is "container"
    // measures the box), which is hidden once the interactive one is there.
    var live = document.createElement("div");
    live.className = "lipse-chart-live";
    Promise.all([loadRuntime(), loadSpec(spec)])
      .then(function (loaded) {
        box.appendChild(live);
        return loaded[0](live, narrowed(loaded[1]), options);
      })
      .then(function (result) {
        var view = result.view;
        // The box keeps the size of the SVG it showed; that SVG leaves the page, so the
        // page holds one drawing of the chart (for readers, tests and screen readers).
        var shown = box.querySelector(narrow ? "svg.lipse-chart-narrow" : "svg.lipse-chart-wide");
        var size = shown.viewBox.baseVal;
        box.style.aspectRatio = size.width + " / " + size.height;
        box.style.maxWidth = "min(100%, " + size.width + "px)";
        box.querySelectorAll(":scope > svg").forEach(function (svg) { svg.remove(); });
        box.classList.add("lipse-chart-is-live");
        inputs(figure).forEach(function (input) {
          if (input.dataset.lipseTouched) view.signal(input.dataset.lipseSignal, inputValue(input));
        });
        figure.lipseView = view;
        figure.dataset.lipseState = "live";
        // For scripts that follow the chart's signals (a calculator's score and code).
        figure.dispatchEvent(new CustomEvent("lipse:live", { detail: { view: view } }));
        return view.runAsync();
      })
      .catch(function (error) {
        // The static chart stays: it shows the same figure, without tooltips.
        if (live.parentNode) live.parentNode.removeChild(live);
        figure.dataset.lipseState = "static";
        figure.dataset.lipseError = String(error && error.message || error);
        figure.dispatchEvent(new CustomEvent("lipse:static"));
      });
  }

  function inputs(figure) {
    return Array.prototype.slice.call(figure.querySelectorAll("[data-lipse-signal]"));
  }

  function wireInputs(figure) {
    inputs(figure).forEach(function (input) {
      input.disabled = false;
      var update = function () {
        input.dataset.lipseTouched = "1";
        var shown = input.parentNode.querySelector(".vega-bind-value");
        if (shown) shown.textContent = input.value;
        if (figure.lipseView) {
          figure.lipseView.signal(input.dataset.lipseSignal, inputValue(input)).runAsync();
        } else {
          takeOver(figure);
        }
      };
      input.addEventListener("input", update);
      input.addEventListener("change", update);
    });
  }

  function start() {
    document.querySelectorAll(".lipse-figure").forEach(function (figure) {
      if (!figure.querySelector(".lipse-chart")) return;
      wireInputs(figure);
      var go = function () {
        TRIGGERS.forEach(function (type) { figure.removeEventListener(type, go); });
        takeOver(figure);
      };
      TRIGGERS.forEach(function (type) {
        figure.addEventListener(type, go, { passive: true });
      });
    });
  }

  // For the browser tests and for anyone who wants every chart live at once.
  window.lipseCharts = {
    takeOver: takeOver,
    takeOverAll: function () {
      document.querySelectorAll(".lipse-figure").forEach(function (f) {
        if (f.querySelector(".lipse-chart")) takeOver(f);
      });
    },
    runtime: RUNTIME
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
