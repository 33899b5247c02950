// Behaviour that used to sit in inline event handlers: the Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  // <select data-submit-on-change> submits its form as soon as a choice is made (the language switch).
  document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
    select.addEventListener("change", function () {
      if (select.form) { select.form.submit(); }
    });
  });
})();
