// The live preview (`make serve`, mkdocs serve --dirty): while the publication has
// errors, every page shows the last build without them, under the list of the problems
// (problems.html beside this script, empty once they are fixed).
(function () {
  "use strict";
  var problems = new URL("problems.html", document.currentScript.src);

  function show() {
    fetch(problems, { cache: "no-store" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        var shown = document.getElementById("cm-preview-problems");
        if (shown) shown.remove();
        if (!html.trim()) return;
        var banner = document.createElement("div");
        banner.id = "cm-preview-problems";
        banner.innerHTML = html; // rendered by the plugin, every value escaped
        var content = document.querySelector(".md-content__inner") || document.body;
        content.prepend(banner);
      })
      .catch(function () {});
  }

  // Material's instant navigation swaps pages without loading this script again.
  if (window.document$) window.document$.subscribe(show);
  else show();
})();
