// kehoach serve: the few behaviours htmx does not give. No inline script anywhere (CSP).
(function () {
  "use strict";
  function focusTask(path) {
    document.querySelectorAll(".source .focus").forEach(function (el) { el.classList.remove("focus"); });
    document.querySelectorAll("tr.current").forEach(function (el) { el.classList.remove("current"); });
    if (!path) { return; }
    document.querySelectorAll(".source [data-task]").forEach(function (el) {
      if (el.getAttribute("data-task") === path) { el.classList.add("focus"); }
    });
    document.querySelectorAll("tr[data-task]").forEach(function (el) {
      if (el.getAttribute("data-task") === path) { el.classList.add("current"); }
    });
  }
  function fromHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) { return; }
    var el = document.getElementById(id);
    if (el && el.hasAttribute("data-task")) { focusTask(el.getAttribute("data-task")); }
  }
  document.addEventListener("click", function (ev) {
    var link = ev.target.closest("a[data-task]");
    if (link) { focusTask(link.getAttribute("data-task")); }
  });
  window.addEventListener("hashchange", fromHash);
  document.addEventListener("DOMContentLoaded", function () {
    fromHash();
    // on a phone the filters start folded, so the results come first
    if (window.matchMedia("(max-width: 900px)").matches) {
      document.querySelectorAll("details.facets[open]").forEach(function (el) {
        var chosen = Array.prototype.some.call(el.querySelectorAll("select"), function (s) { return s.value; });
        if (!chosen) { el.removeAttribute("open"); }
      });
    }
  });
})();
