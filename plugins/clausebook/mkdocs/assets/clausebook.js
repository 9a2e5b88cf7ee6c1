/* clausebook: table filters (kept in the address), sortable heads and the print date.
   No network, no dependencies. */
(function () {
  "use strict";

  /* A document's stable address was id/<ID>/ (a page per id); it is id/#<ID>
     (one page for all). Nothing lives under id/ but that page (CB610 keeps it so), so a
     page at the old form is the site's 404.html, which the host served for the missing
     path: move on to the new form, keeping the old address's #section. */
  var old = /(^|\/)id\/([A-Za-z0-9][A-Za-z0-9._-]*)\/?$/.exec(window.location.pathname);
  if (old) {
    var section = window.location.hash.slice(1);
    window.location.replace(window.location.pathname.slice(0, old.index) + old[1] + "id/#" +
      old[2] + (section ? "/" + section : ""));
    return;
  }

  function applyFilter(form) {
    var table = document.getElementById(form.getAttribute("data-target"));
    if (!table) { return; }
    var values = {};
    Array.prototype.forEach.call(form.querySelectorAll("select"), function (select) {
      values[select.name] = select.value;
    });
    var rows = table.querySelectorAll("tbody tr");
    var shown = 0;
    Array.prototype.forEach.call(rows, function (row) {
      var visible = true;
      var state = row.getAttribute("data-state");
      if (values.state === "gaps") {
        visible = row.getAttribute("data-assessable") !== "no" &&
          (state === "uncovered" || state === "at-risk");
      } else if (values.state) {
        visible = state === values.state;
      }
      ["group", "owner", "status", "overdue", "unit"].forEach(function (name) {
        if (visible && values[name]) {
          visible = row.getAttribute("data-" + name) === values[name];
        }
      });
      var chips = row.querySelectorAll(".cb-doc");
      if (values.type !== undefined && !row.hasAttribute("data-owner")) {
        var matching = 0;
        Array.prototype.forEach.call(chips, function (chip) {
          var match = !values.type || chip.getAttribute("data-type") === values.type;
          chip.classList.toggle("cb-hidden", !match);
          if (match) { matching += 1; }
        });
        if (values.type && matching === 0) { visible = false; }
      } else if (visible && values.type) {
        visible = row.getAttribute("data-type") === values.type;
      }
      row.classList.toggle("cb-hidden", !visible);
      if (visible) { shown += 1; }
    });
    if (table.id === "cb-reviews") {
      Array.prototype.forEach.call(table.querySelectorAll("table"), function (t) {
        var any = t.querySelectorAll("tbody tr:not(.cb-hidden)").length > 0;
        t.classList.toggle("cb-hidden", !any);
      });
    }
    var count = form.querySelector(".cb-count");
    if (count) {
      count.textContent = count.getAttribute("data-format")
        .replace("{shown}", shown).replace("{total}", rows.length);
    }
  }

  /* The filters of a form marked data-url live in the address (?owner=...): a filtered
     register can be bookmarked and sent. */
  function readAddress(form) {
    var params = new URLSearchParams(window.location.search);
    Array.prototype.forEach.call(form.querySelectorAll("select"), function (select) {
      var value = params.get(select.name);
      if (value !== null && select.querySelector("option[value=\"" + CSS.escape(value) + "\"]")) {
        select.value = value;
      }
    });
  }

  function writeAddress(form) {
    var params = new URLSearchParams(window.location.search);
    Array.prototype.forEach.call(form.querySelectorAll("select"), function (select) {
      if (select.value) { params.set(select.name, select.value); } else { params.delete(select.name); }
    });
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") +
      window.location.hash);
  }

  function sortBy(table, header) {
    var heads = Array.prototype.slice.call(header.parentNode.children);
    var index = heads.indexOf(header);
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    heads.forEach(function (th) { th.setAttribute("aria-sort", "none"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[index].textContent.trim();
      var y = b.cells[index].textContent.trim();
      var order = x.localeCompare(y, undefined, { numeric: true, sensitivity: "base" });
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function setup() {
    Array.prototype.forEach.call(document.querySelectorAll("form.cb-filter"), function (form) {
      var withAddress = form.getAttribute("data-url") === "yes";
      if (withAddress) { readAddress(form); applyFilter(form); }
      form.addEventListener("change", function () {
        applyFilter(form);
        if (withAddress) { writeAddress(form); }
      });
      form.addEventListener("submit", function (event) { event.preventDefault(); });
    });
    Array.prototype.forEach.call(document.querySelectorAll("table.cb-sortable"), function (table) {
      Array.prototype.forEach.call(table.querySelectorAll("th .cb-sort"), function (button) {
        button.addEventListener("click", function () { sortBy(table, button.parentNode); });
      });
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
