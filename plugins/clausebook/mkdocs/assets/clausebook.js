/* clausebook: table filters and the print date. No network, no dependencies. */
(function () {
  "use strict";

  function applyFilter(form) {
    var table = document.getElementById(form.getAttribute("data-target"));
    if (!table) { return; }
    var values = {};
    Array.prototype.forEach.call(form.querySelectorAll("select"), function (select) {
      values[select.name] = select.value;
    });
    var rows = table.querySelectorAll("tbody tr");
    Array.prototype.forEach.call(rows, function (row) {
      var visible = true;
      var state = row.getAttribute("data-state");
      if (values.state === "gaps") {
        visible = row.getAttribute("data-assessable") !== "no" &&
          (state === "uncovered" || state === "at-risk");
      } else if (values.state) {
        visible = state === values.state;
      }
      if (visible && values.group) {
        visible = row.getAttribute("data-group") === values.group;
      }
      if (visible && values.owner) {
        visible = row.getAttribute("data-owner") === values.owner;
      }
      var chips = row.querySelectorAll(".cb-doc");
      if (values.type !== undefined) {
        var shown = 0;
        Array.prototype.forEach.call(chips, function (chip) {
          var match = !values.type || chip.getAttribute("data-type") === values.type;
          chip.classList.toggle("cb-hidden", !match);
          if (match) { shown += 1; }
        });
        if (values.type && shown === 0) { visible = false; }
      }
      row.classList.toggle("cb-hidden", !visible);
    });
    if (table.id === "cb-reviews") {
      Array.prototype.forEach.call(table.querySelectorAll("table"), function (t) {
        var any = t.querySelectorAll("tbody tr:not(.cb-hidden)").length > 0;
        t.classList.toggle("cb-hidden", !any);
      });
    }
  }

  function setup() {
    Array.prototype.forEach.call(document.querySelectorAll("form.cb-filter"), function (form) {
      form.addEventListener("change", function () { applyFilter(form); });
      form.addEventListener("submit", function (event) { event.preventDefault(); });
    });
  }

  /* The footer of printed pages (print.css) gets the day it is printed: at load, and again
     when the browser prints, so a tab left open prints the day of printing. */
  function stampPrintDate() {
    var root = getComputedStyle(document.documentElement);
    var footer = root.getPropertyValue("--cb-print-footer").trim();
    var label = root.getPropertyValue("--cb-printed-on").trim();
    if (!footer || !label) { return; }
    var today = new Date();
    var text = today.getFullYear() + "-" + String(today.getMonth() + 1).padStart(2, "0") +
      "-" + String(today.getDate()).padStart(2, "0");
    var style = document.getElementById("cb-print-date");
    if (!style) {
      style = document.createElement("style");
      style.id = "cb-print-date";
      document.head.appendChild(style);
    }
    style.textContent = "@page { @bottom-left { content: " + footer + ' " · " ' + label +
      ' " ' + text + '"; } }';
  }

  window.addEventListener("beforeprint", stampPrintDate);
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { setup(); stampPrintDate(); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setup(); stampPrintDate(); });
  } else {
    setup();
    stampPrintDate();
  }
})();
