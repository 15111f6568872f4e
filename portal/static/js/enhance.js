// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Focus the error summary so keyboard and screen-reader users hear what went wrong.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }

    // Forms marked data-once cannot be sent twice by a double click.
    document.querySelectorAll("form[data-once]").forEach(function (form) {
      form.addEventListener("submit", function (ev) {
        if (form.dataset.sent) { ev.preventDefault(); return; }
        form.dataset.sent = "1";
        form.querySelectorAll("button[type=submit]").forEach(function (b) { b.setAttribute("aria-disabled", "true"); });
      });
    });

    // Similar proposals while the title is written.
    var live = document.getElementById("similar-live");
    var title = document.getElementById("title");
    if (live && title && window.fetch) {
      var timer = null;
      title.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
          var url = live.dataset.similarUrl + "?title=" + encodeURIComponent(title.value);
          fetch(url, { headers: { "Accept": "text/html" } })
            .then(function (r) { return r.ok ? r.text() : ""; })
            .then(function (html) { live.innerHTML = html; })
            .catch(function () {});
        }, 400);
      });
    }
  });
})();
