// Search as you type: a progressive enhancement of the search form, which works without it.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("search-form");
    var input = document.getElementById("q");
    if (!form || !input || !window.fetch || !window.DOMParser || !window.history) { return; }
    var timer = null;
    var pending = null;
    function refresh() {
      var params = new URLSearchParams(new FormData(form));
      params.delete("page");
      var url = form.action + "?" + params.toString();
      if (pending && pending.abort) { pending.abort(); }
      pending = window.AbortController ? new AbortController() : null;
      fetch(url, { headers: { "Accept": "text/html" }, signal: pending ? pending.signal : undefined })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (!html) { return; }
          var doc = new DOMParser().parseFromString(html, "text/html");
          ["search-results", "search-facets"].forEach(function (id) {
            var fresh = doc.getElementById(id);
            var old = document.getElementById(id);
            if (fresh && old) { old.innerHTML = fresh.innerHTML; }
          });
          // The address stays shareable: it always shows the current search.
          window.history.replaceState(null, "", url);
        })
        .catch(function () {});
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 250);
    });
  });
})();
