/* Accessibility fixes for what the theme and vega-embed put on the page (LIPSE book).
 *
 * - The theme's Font Awesome icons are decorative, empty <i> and <span> elements drawn by
 *   a web font: hide them from screen readers (the theme's icon script, which this book
 *   does not ship, did the same).
 * - vega-embed's "..." menu is a <details> whose <summary> holds only an SVG, so it has
 *   no accessible name: name it after what the menu offers. vega-embed draws charts
 *   asynchronously, so charts added later are fixed as they appear.
 * - A navigation drawer (the theme's sidebars as <dialog>s on a narrow screen) opened
 *   from the keyboard gives focus back to its button when it closes, so that a keyboard
 *   reader goes on from where they were. The theme means to, but sphinx-book-theme takes
 *   focus off the button (to hide its tooltip) before pydata-sphinx-theme notes where
 *   focus was. Opened by touch or mouse, focus stays off the button (no tooltip left over).
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

  var TOGGLES = ".primary-toggle, .secondary-toggle";
  var DRAWERS = "#pst-primary-sidebar-modal, #pst-secondary-sidebar-modal";

  function returnFocusFromDrawers() {
    var opener = null;
    // Capture on the document: before the buttons' own listeners take focus away.
    document.addEventListener("click", function (event) {
      var toggle = event.target.closest && event.target.closest(TOGGLES);
      // detail is 0 for a click made with Enter or Space, 1 or more for a pointer's.
      if (toggle) opener = event.detail === 0 ? toggle : null;
    }, true);
    document.querySelectorAll(DRAWERS).forEach(function (drawer) {
      drawer.addEventListener("close", function () {
        var button = opener;
        opener = null;
        if (!button) return;
        // After the theme's own handler, which puts focus back where it found it (nowhere).
        setTimeout(function () {
          var focused = document.activeElement;
          if (!focused || focused === document.body) button.focus();
        }, 0);
      });
    });
  }

  function start() {
    fix(document);
    returnFocusFromDrawers();
    // One pass per batch of changes (a chart adds many nodes at once).
    new MutationObserver(function () { fix(document); })
      .observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
