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
