// The public complaint form's proof-of-work (zhibu/complaints/challenge.py). The vendored ALTCHA widget is the build
// without inline workers (the CSP allows no blob: or inline script), so its SHA-256 worker is registered here, from
// zhibu's own static files, before the widget starts: it then solves while the citizen types.
(function () {
  "use strict";
  var widgets = document.querySelectorAll("altcha-widget[data-worker]");
  if (!widgets.length || !globalThis.$altcha) { return; }
  var url = widgets[0].getAttribute("data-worker");
  globalThis.$altcha.algorithms.set("SHA-256", function () { return new Worker(url); });
  widgets.forEach(function (widget) { widget.setAttribute("auto", "onload"); });
})();
