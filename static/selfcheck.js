/* selfcheck: small enhancements only. Every page works without this file. */
(function () {
  "use strict";

  function values(form, name) {
    var out = [];
    var fields = form.querySelectorAll('[name="' + name + '"]');
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if ((f.type === "radio" || f.type === "checkbox") && !f.checked) continue;
      if (f.value.trim() !== "") out.push(f.value.trim());
    }
    return out;
  }

  // The same rules as selfcheck/conditions.py, for questions revealed on the same page.
  function holds(c, form) {
    if (c.all) return c.all.every(function (x) { return holds(x, form); });
    if (c.any) return c.any.some(function (x) { return holds(x, form); });
    if (c.not) return !holds(c.not, form);
    var got = values(form, c.question);
    if ("answered" in c) return (got.length > 0) === c.answered;
    if (!got.length) return false;
    if ("equals" in c) return got[0] === String(c.equals);
    if ("in" in c) return c.in.map(String).indexOf(got[0]) >= 0;
    if ("any_of" in c) return c.any_of.some(function (v) { return got.indexOf(String(v)) >= 0; });
    if ("count_gte" in c) return got.length >= c.count_gte;
    var n = Number(got[0].replace(/,/g, ""));
    if (isNaN(n)) return false;
    if ("gt" in c) return n > c.gt;
    if ("gte" in c) return n >= c.gte;
    if ("lt" in c) return n < c.lt;
    if ("lte" in c) return n <= c.lte;
    return false;
  }

  function reveal(form) {
    var items = form.querySelectorAll("[data-show-if]");
    for (var i = 0; i < items.length; i++) {
      items[i].hidden = !holds(JSON.parse(items[i].getAttribute("data-show-if")), form);
    }
  }

  function exclusive(event) {
    var box = event.target;
    if (box.type !== "checkbox" || !box.checked) return;
    var group = box.form.querySelectorAll('input[type="checkbox"][name="' + box.name + '"]');
    for (var i = 0; i < group.length; i++) {
      var other = group[i];
      if (other === box) continue;
      if (box.hasAttribute("data-exclusive") || other.hasAttribute("data-exclusive")) other.checked = false;
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
    var forms = document.querySelectorAll("form");
    for (var i = 0; i < forms.length; i++) {
      (function (form) {
        if (!form.querySelector("[data-show-if]")) return;
        reveal(form);
        form.addEventListener("change", function () { reveal(form); });
        form.addEventListener("input", function () { reveal(form); });
      })(forms[i]);
    }
    document.addEventListener("change", exclusive);
    var print = document.querySelector("[data-print]");
    if (print) {
      print.hidden = false;
      print.addEventListener("click", function () { window.print(); });
    }
    window.addEventListener("beforeprint", function () {
      var more = document.querySelectorAll("details.more");
      for (var j = 0; j < more.length; j++) more[j].open = true;
    });
  });
})();
