// A page part marked data-poll="ms" is fetched again every ms milliseconds and replaced by
// its newer self, until the newer self no longer asks to be polled (the work is done). The
// page itself never reloads, which would move a screen reader back to the top.
(function () {
  "use strict";
  function poll(part) {
    var every = parseInt(part.getAttribute("data-poll"), 10);
    if (!every) { return; }
    window.setTimeout(function () {
      fetch(window.location.href, { credentials: "same-origin" })
        .then(function (answer) { return answer.ok ? answer.text() : Promise.reject(answer); })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(part.id);
          if (fresh) { part.replaceWith(fresh); poll(fresh); } else { poll(part); }
        })
        .catch(function () { poll(part); });
    }, every);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-poll]").forEach(poll);
  });
})();
