// The openings filter panel on narrow screens, a <details> that works without JavaScript.
// With htmx, the results follow every change as it is made, so "Show N openings" only has
// to fold the panel and take the reader to them; Escape folds it too.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var panel = document.getElementById("filters-panel");
  if (!form || !panel) return;
  var toggle = panel.querySelector("summary");
  var count = document.getElementById("results-count");

  function folding() {
    // Wide screens show the panel beside the results, with no toggle to fold it.
    return panel.open && getComputedStyle(toggle).display !== "none";
  }

  form.addEventListener("submit", function () {
    if (!window.htmx || !folding()) return;
    panel.open = false;
    count.focus();
  });

  panel.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !folding()) return;
    panel.open = false;
    toggle.focus();
  });
})();
