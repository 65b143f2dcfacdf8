// Shared page behaviour: CSRF header for htmx requests, confirmations before destructive forms.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csrf-token"]');
  var token = meta ? meta.getAttribute("content") : "";
  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRF-Token"] = token;
  });
  // A table refreshed in place (the live monitor) keeps its sideways scroll; htmx itself
  // gives focus back to an element with the same id.
  var scrolled = {};
  document.addEventListener("htmx:beforeSwap", function () {
    scrolled = {};
    document.querySelectorAll(".table-wrap[id]").forEach(function (box) {
      scrolled[box.id] = box.scrollLeft;
    });
  });
  document.addEventListener("htmx:afterSwap", function () {
    Object.keys(scrolled).forEach(function (id) {
      var box = document.getElementById(id);
      if (box) { box.scrollLeft = scrolled[id]; }
    });
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
})();
