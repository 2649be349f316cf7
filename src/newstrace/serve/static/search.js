/* The search page: a facet checkbox applies at once (without script, the Apply button does). */
(function () {
  "use strict";
  document.querySelectorAll(".facets input[type=checkbox]").forEach(function (box) {
    box.addEventListener("change", function () { box.form.submit(); });
  });
})();
