// Keyboard entry on the ratings grid: typing 1-4 on a level picks that tier and moves to the next row;
// Ctrl+Enter saves. Tab order is the table's order; the first unrated row has the focus (autofocus).
(function () {
  "use strict";
  var form = document.getElementById("grid-form");
  if (!form || form.dataset.editable !== "true") { return; }
  var selects = Array.prototype.slice.call(form.querySelectorAll("select.grid-level"));
  selects.forEach(function (select, index) {
    select.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey || event.key < "1" || event.key > "4" || event.key.length !== 1) {
        return;
      }
      var option = Array.prototype.find.call(select.options, function (o) { return o.text.indexOf(event.key + ".") === 0; });
      if (!option) { return; }
      event.preventDefault();
      select.value = option.value;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      if (selects[index + 1]) { selects[index + 1].focus(); }
    });
  });
  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.submit();
    }
  });
})();

// Warnings where the decision is made: when a level is chosen or a score typed, the grid as it stands is sent to
// the check endpoint (nothing is saved) and each row lists what the year's rules say of it, with the rule's source
// and whether that source is confirmed, as the check report does. A typed score without a level gets the level
// the year's thresholds give.
(function () {
  "use strict";
  var form = document.getElementById("grid-form");
  if (!form || form.dataset.editable !== "true" || !form.dataset.checkUrl || !window.fetch) { return; }
  var words = form.dataset;
  var timer = null;
  var sequence = 0;

  function item(issue) {
    var li = document.createElement("li");
    li.className = issue.severity === "error" ? "text-danger" : "text-warning-emphasis";
    var badge = document.createElement("span");
    badge.className = "badge me-1 " + (issue.severity === "error" ? "text-bg-danger" : "text-bg-warning");
    badge.textContent = issue.severity === "error" ? words.wordError : words.wordWarning;
    li.appendChild(badge);
    li.appendChild(document.createTextNode(issue.message));
    if (issue.source) {
      var source = document.createElement("span");
      source.className = "d-block text-body-secondary issue-source";
      source.textContent = words.wordSource + ": " + issue.source + " · " +
        (issue.confirmed ? words.wordConfirmed : words.wordUnconfirmed);
      li.appendChild(source);
    }
    return li;
  }

  function propose(rowId, level) {
    var select = form.querySelector("#id_level_" + rowId);
    if (!select || (select.value && select.dataset.proposed !== "true")) { return; }
    select.value = String(level.id);
    select.dataset.proposed = "true";
    var list = document.getElementById("issues-" + rowId);
    var li = document.createElement("li");
    li.className = "text-body-secondary proposed-level";
    li.textContent = words.wordProposed + " " + level.label;
    list.appendChild(li);
  }

  function show(data) {
    form.querySelectorAll(".row-issues").forEach(function (list) { list.textContent = ""; });
    Object.keys(data.rows || {}).forEach(function (rowId) {
      var list = document.getElementById("issues-" + rowId);
      if (!list) { return; }
      data.rows[rowId].forEach(function (issue) { list.appendChild(item(issue)); });
    });
    Object.keys(data.proposed || {}).forEach(function (rowId) { propose(rowId, data.proposed[rowId]); });
    var general = document.getElementById("grid-check-general");
    general.textContent = (data.general || []).join(" ");
    general.classList.toggle("d-none", !(data.general || []).length);
    form.dataset.checked = String(sequence);
  }

  function check() {
    var mine = ++sequence;
    fetch(form.dataset.checkUrl, { method: "POST", body: new FormData(form), credentials: "same-origin",
                                   headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data && mine === sequence) { show(data); } })
      .catch(function () { /* the save checks again; a lost connection only loses the preview */ });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, 350);
  }

  // Saving checks everything again: a preview still waiting would only race the save.
  form.addEventListener("submit", function () {
    window.clearTimeout(timer);
    sequence += 1;
  });
  form.addEventListener("change", function (event) {
    if (event.target.matches("select.grid-level")) {
      event.target.dataset.proposed = "false";
      later();
    }
  });
  form.addEventListener("input", function (event) {
    if (event.target.matches(".grid-score, .grid-exceeded-share, input[name=override_reason]")) {
      var select = form.querySelector("#id_level_" + event.target.name.split("_").pop());
      if (select && select.dataset.proposed === "true") { select.value = ""; }
      later();
    }
  });
})();
