// Follows an ingest job on its page (/ingest/ID): polls /api/v1/jobs/ID (the API reads the desk's
// session cookie, so this works on a desk with accounts too) and updates the status, the progress
// bar and the rejected inputs. If the API cannot be read (signed out meanwhile, server down), it
// reloads the page instead, which the server renders afresh.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) return;
  var id = box.getAttribute("data-job");
  var finished = function (s) { return s === "done" || s === "failed" || s === "interrupted"; };
  if (finished(box.getAttribute("data-status"))) return;
  var $ = function (cls) { return box.querySelector("." + cls); };

  function cell(row, text) {
    var td = document.createElement("td");
    td.textContent = text == null ? "" : String(text);
    row.appendChild(td);
  }

  function show(job) {
    var status = $("job-status");
    status.textContent = job.status;
    status.className = "job-status job-" + job.status;
    $("job-stage").textContent = job.stage && !finished(job.status) ? " · " + job.stage : "";
    var bar = $("job-progress");
    if (job.total) { bar.max = job.total; bar.value = job.done; }
    else if (finished(job.status)) { bar.max = 1; bar.value = 1; }
    else { bar.removeAttribute("value"); }
    $("job-count").textContent = job.done + (job.total ? " of " + job.total : "");
    $("job-detail").textContent = job.detail || "";
    var body = $("job-rejected");
    body.textContent = "";
    (job.rejected || []).forEach(function (r) {
      var row = document.createElement("tr");
      cell(row, r.stage); cell(row, r.item); cell(row, r.reason);
      body.appendChild(row);
    });
    $("job-none").hidden = (job.rejected || []).length > 0;
    if (finished(job.status)) window.location.reload(); // the server's page has the result and links
  }

  function poll() {
    fetch("/api/v1/jobs/" + encodeURIComponent(id), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        if (!r.ok) throw new Error(String(r.status));
        return r.json();
      })
      .then(function (job) {
        show(job);
        if (!finished(job.status)) window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(function () { window.location.reload(); }, 3000); });
  }
  var refresh = $("job-refresh");
  if (refresh) refresh.hidden = true;
  window.setTimeout(poll, 500);
})();
