// Behaviour that used to sit in inline event handlers: the Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  // <select data-submit-on-change> submits its form as soon as a choice is made (the language switch).
  document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
    select.addEventListener("change", function () {
      if (select.form) { select.form.submit(); }
    });
  });
  // <button data-print> prints the page (reports, documents).
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();

// <form data-busy-text="…">: once submitted, its buttons are disabled (a second press would send the file again)
// and the submit button says that the server is working, with a spinner, until the next page arrives.
(function () {
  "use strict";
  document.querySelectorAll("form[data-busy-text]").forEach(function (form) {
    form.addEventListener("submit", function () {
      if (form.getAttribute("aria-busy") === "true") { return; }
      form.setAttribute("aria-busy", "true");
      form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (button) {
        button.dataset.idleText = button.tagName === "INPUT" ? button.value : button.textContent;
        // Disabled after the browser has collected the form's data, so the pressed button's name is still sent.
        window.setTimeout(function () { button.disabled = true; }, 0);
      });
      var button = form.querySelector("button[type=submit], input[type=submit]");
      if (!button) { return; }
      if (button.tagName === "INPUT") {
        button.value = form.dataset.busyText;
      } else {
        var spinner = document.createElement("span");
        spinner.className = "spinner-border spinner-border-sm me-2";
        spinner.setAttribute("aria-hidden", "true");
        button.textContent = form.dataset.busyText;
        button.prepend(spinner);
      }
      var status = form.querySelector("[data-busy-status]");
      if (status) { status.textContent = form.dataset.busyText; status.hidden = false; }
    });
  });
  // Coming back with the browser's Back button shows the page as it was left: enable its forms again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll("form[data-busy-text][aria-busy=true]").forEach(function (form) {
      form.removeAttribute("aria-busy");
      form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (button) {
        button.disabled = false;
        if (button.dataset.idleText) {
          if (button.tagName === "INPUT") { button.value = button.dataset.idleText; } else { button.textContent = button.dataset.idleText; }
        }
      });
      var status = form.querySelector("[data-busy-status]");
      if (status) { status.hidden = true; }
    });
  });
})();
