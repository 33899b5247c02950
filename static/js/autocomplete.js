/* Pickers among many rows (organizations.pickers): an <input data-autocomplete-url> becomes a combobox that asks the
   endpoint for suggestions as the user types and fills in the chosen row's value. The original input stays the
   one that is posted (hidden); what the user types is posted when nothing is picked, and the server resolves it.
   Without this script the input is a plain text box that the form validates the same way. */
(function () {
  "use strict";

  var DELAY_MS = 200;
  var counter = 0;

  function enhance(original) {
    var url = original.dataset.autocompleteUrl;
    var minChars = parseInt(original.dataset.autocompleteMin || "2", 10);
    var id = original.id || "autocomplete-" + (++counter);
    var listId = id + "-suggestions";

    var box = document.createElement("input");
    box.type = "text";
    box.className = original.className;
    box.placeholder = original.placeholder || "";
    box.required = original.required;
    box.autocomplete = "off";
    box.spellcheck = false;
    box.setAttribute("role", "combobox");
    box.setAttribute("aria-autocomplete", "list");
    box.setAttribute("aria-expanded", "false");
    box.setAttribute("aria-controls", listId);
    ["aria-describedby", "aria-invalid"].forEach(function (name) {
      if (original.hasAttribute(name)) { box.setAttribute(name, original.getAttribute(name)); }
    });
    box.value = original.dataset.autocompleteLabel || original.value;
    // The label's for= points at the box the user types in; the posted input keeps its name.
    original.id = id + "-value";
    box.id = id;
    original.type = "hidden";
    original.required = false;

    var wrapper = document.createElement("div");
    // Bootstrap shows a field's error (.invalid-feedback) after an .is-invalid sibling: now the wrapper.
    wrapper.className = "position-relative" + (original.classList.contains("is-invalid") ? " is-invalid" : "");
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "dropdown-menu w-100 autocomplete-list";
    list.setAttribute("role", "listbox");
    original.parentNode.insertBefore(wrapper, original);
    wrapper.appendChild(box);
    wrapper.appendChild(list);
    wrapper.appendChild(original);

    var timer = null, request = 0, items = [], active = -1;

    function close() {
      list.classList.remove("show");
      list.replaceChildren();
      box.setAttribute("aria-expanded", "false");
      box.removeAttribute("aria-activedescendant");
      items = [];
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (option, position) {
        var on = position === index;
        option.classList.toggle("active", on);
        option.setAttribute("aria-selected", on ? "true" : "false");
        if (on) {
          box.setAttribute("aria-activedescendant", option.id);
          option.scrollIntoView({block: "nearest"});
        }
      });
      active = index;
    }

    function pick(item) {
      original.value = item.value;
      box.value = item.label;
      close();
      original.dispatchEvent(new Event("change", {bubbles: true}));
    }

    function show(results, more) {
      list.replaceChildren();
      items = results;
      active = -1;
      if (!results.length) {
        var none = document.createElement("li");
        none.className = "dropdown-item-text text-body-secondary small";
        none.textContent = original.dataset.autocompleteEmpty || "—";
        list.appendChild(none);
      }
      results.forEach(function (item, position) {
        var option = document.createElement("li");
        option.id = listId + "-" + position;
        option.className = "dropdown-item";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = item.label;
        if (item.detail) {
          var detail = document.createElement("div");
          detail.className = "small text-body-secondary";
          detail.textContent = item.detail;
          option.appendChild(detail);
        }
        // mousedown, not click: picking must happen before the box loses focus and closes the list.
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          pick(item);
        });
        list.appendChild(option);
      });
      if (more) {
        var hint = document.createElement("li");
        hint.className = "dropdown-item-text text-body-secondary small";
        hint.textContent = "…";
        list.appendChild(hint);
      }
      list.classList.add("show");
      box.setAttribute("aria-expanded", "true");
    }

    function suggest() {
      var term = box.value.trim();
      if (term.length < minChars) { close(); return; }
      var mine = ++request;
      var address = url + (url.indexOf("?") === -1 ? "?" : "&") + "q=" + encodeURIComponent(term);
      fetch(address, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
        .then(function (response) { return response.ok ? response.json() : {results: []}; })
        .then(function (data) {
          if (mine === request && document.activeElement === box) { show(data.results || [], data.more); }
        })
        .catch(function () { if (mine === request) { close(); } });
    }

    box.addEventListener("input", function () {
      // Typed text is what is posted until a suggestion is picked: the server resolves a code or a unique name.
      original.value = box.value.trim();
      window.clearTimeout(timer);
      timer = window.setTimeout(suggest, DELAY_MS);
    });
    box.addEventListener("keydown", function (event) {
      var open = list.classList.contains("show");
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open) { suggest(); return; }
        highlight(Math.min(active + 1, items.length - 1));
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        pick(items[active]);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });
    box.addEventListener("blur", close);
  }

  document.querySelectorAll("input[data-autocomplete-url]").forEach(enhance);
})();
