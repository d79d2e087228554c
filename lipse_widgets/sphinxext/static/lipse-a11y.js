/* Accessibility fixes for what the theme and vega-embed put on the page (LIPSE book).
 *
 * - The theme's Font Awesome icons are decorative, empty <i> and <span> elements drawn by
 *   a web font: hide them from screen readers (the theme's icon script, which this book
 *   does not ship, did the same).
 * - vega-embed's "..." menu is a <details> whose <summary> holds only an SVG, so it has
 *   no accessible name: name it after what the menu offers. vega-embed draws charts
 *   asynchronously, so charts added later are fixed as they appear.
 */
(function () {
  "use strict";
  var ICONS = [".fa", ".fas", ".far", ".fab", ".fa-solid", ".fa-regular", ".fa-brands"]
    .map(function (c) { return "i" + c + ", span" + c; }).join(", ");
  var MENU_NAME = "Chart menu: save the chart as an image";

  function fix(root) {
    root.querySelectorAll(ICONS).forEach(function (icon) {
      if (!icon.textContent.trim()) icon.setAttribute("aria-hidden", "true");
    });
    root.querySelectorAll(".vega-embed details > summary:not([aria-label])").forEach(function (summary) {
      summary.setAttribute("aria-label", MENU_NAME);
      var svg = summary.querySelector("svg");
      if (svg) svg.setAttribute("aria-hidden", "true");
    });
  }

  function start() {
    fix(document);
    // One pass per batch of changes (a chart adds many nodes at once).
    new MutationObserver(function () { fix(document); })
      .observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
