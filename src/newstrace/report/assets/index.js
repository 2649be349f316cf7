/* newstrace story index: sort the table by a column (click again to reverse). */
(function () {
  "use strict";
  document.body.classList.remove("no-js");
  var table = document.querySelector("table.stories");
  if (!table) return;
  var body = table.tBodies[0];
  table.querySelectorAll("th[data-sort]").forEach(function (th) {
    th.addEventListener("click", function () {
      var col = +th.getAttribute("data-sort"), numeric = th.getAttribute("data-type") === "n";
      var desc = th.getAttribute("aria-sort") !== "descending";
      if (col === 0) desc = !desc; /* rank: ascending first */
      table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", desc ? "descending" : "ascending");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].getAttribute("data-v"), y = b.cells[col].getAttribute("data-v");
        var c = numeric ? (+x) - (+y) : x.localeCompare(y);
        if (c === 0) c = (+a.cells[0].getAttribute("data-v")) - (+b.cells[0].getAttribute("data-v"));
        return desc ? -c : c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
})();
