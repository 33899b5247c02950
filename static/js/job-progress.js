// The page of a background job: asks for its state every second and moves the bar; once the job has finished the
// page is loaded again, and the server writes the result (message, link, errors) into it.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || box.dataset.finished === "true") { return; }
  var bar = box.querySelector("[data-job-bar]");
  var progress = box.querySelector("[data-job-progress]");
  var status = box.querySelector("[data-job-status]");
  var stage = box.querySelector("[data-job-stage]");
  var count = box.querySelector("[data-job-count]");
  var number = new Intl.NumberFormat(document.documentElement.lang || "vi");

  function show(state) {
    bar.style.width = state.percent + "%";
    bar.textContent = state.percent + "%";
    progress.setAttribute("aria-valuenow", String(state.percent));
    status.textContent = state.status_label;
    stage.textContent = state.stage;
    count.textContent = state.total ? number.format(state.done) + " " + box.dataset.of + " " + number.format(state.total) : "";
  }

  function poll() {
    fetch(box.dataset.statusUrl, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (state) { show(state); }
        if (state && state.finished) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
