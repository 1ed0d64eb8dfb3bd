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

  // The time limit (WCAG 2.2.1): a few minutes before the answers would be cleared, a dialog
  // offers to keep them; one click saves them again (a post to /keep) and starts the clock
  // afresh. Times are shown in this device's own clock and the page's language.
  function keepAnswers(dialog) {
    var lang = document.documentElement.lang || "en";
    var deadline = Number(dialog.getAttribute("data-deadline"));
    var warn = Number(dialog.getAttribute("data-warn"));
    var keepButton = dialog.querySelector("[data-keep]");
    var closeButton = dialog.querySelector("[data-keep-close]");
    var status = document.querySelector("[data-keep-status]");
    var timers = [];
    var busy = false;

    function clockTime(ms) {
      try {
        return new Intl.DateTimeFormat(lang, { hour: "numeric", minute: "2-digit" }).format(new Date(ms));
      } catch (e) {
        return "";
      }
    }
    function showTimes() {
      var text = clockTime(deadline);
      var times = document.querySelectorAll("time[data-answers-deadline]");
      for (var i = 0; i < times.length; i++) {
        if (text) times[i].textContent = text;
        times[i].setAttribute("datetime", new Date(deadline).toISOString());
      }
    }
    function open() {
      if (dialog.open) return;
      if (dialog.showModal) dialog.showModal();
      else dialog.setAttribute("open", "");
      keepButton.focus();
    }
    function close() {
      if (dialog.close) dialog.close();
      else dialog.removeAttribute("open");
    }
    function failed() {  // too late, or refused: say so instead of asking
      dialog.querySelector("#keep-title").hidden = true;
      dialog.querySelector("#keep-text").hidden = true;
      dialog.querySelector("[data-keep-failed]").hidden = false;
      dialog.setAttribute("aria-labelledby", "keep-failed");
      dialog.removeAttribute("aria-describedby");
      keepButton.hidden = true;
      closeButton.textContent = closeButton.getAttribute("data-done");
      closeButton.focus();
    }
    function arm() {
      while (timers.length) clearTimeout(timers.pop());
      timers.push(setTimeout(open, Math.max(0, deadline - warn - Date.now())));
      timers.push(setTimeout(function () { if (dialog.open) failed(); }, Math.max(0, deadline - Date.now())));
    }
    function kept(body) {
      deadline = body.deadline_ms;
      if (body.state) {
        var fields = document.querySelectorAll('input[name="state"]');
        for (var i = 0; i < fields.length; i++) fields[i].value = body.state;
      }
      showTimes();
      arm();
      close();
      if (status) status.textContent = dialog.getAttribute("data-kept").replace("%(time)s", clockTime(deadline) || body.time);
    }
    function keep() {
      if (busy) return;
      busy = true;
      var body = new URLSearchParams();
      var csrf = dialog.getAttribute("data-csrf");
      var state = document.querySelector('input[name="state"]');
      if (csrf) body.append("csrf_token", csrf);
      if (state) body.append("state", state.value);
      fetch(dialog.getAttribute("data-keep-url"), { method: "POST", body: body, credentials: "same-origin" })
        .then(function (response) {
          return response.json().then(function (json) { return response.ok && json.kept ? json : null; });
        })
        .then(function (json) { busy = false; if (json) kept(json); else failed(); },
              function () { busy = false; failed(); });
    }
    keepButton.addEventListener("click", keep);
    closeButton.addEventListener("click", close);
    showTimes();
    arm();
  }

  // Listen: the page's questions and choices (or the list) read aloud by the browser's own
  // speech synthesis, in the page's language; nothing leaves the device. The page says what
  // to read (a selector in data-listen); each shown match in <main> is read in page order,
  // an item of a numbered list with its number.
  function listen(box, synth) {
    var button = box.querySelector("button");
    var label = box.querySelector("[data-listen-label]");
    var status = box.querySelector("[data-listen-status]");
    var words = { listen: label.textContent, stop: button.getAttribute("data-stop") };
    var lang = document.documentElement.lang || "en";
    var run = 0;
    var speaking = false;

    function shown(element) {
      return !element.closest("[hidden]") && element.getClientRects().length > 0;
    }
    function number(element, numbered) {
      var item = element.closest("ol > li");
      if (!item || numbered.indexOf(item) >= 0) return "";
      numbered.push(item);
      return (item.parentNode.start || 1) + Array.prototype.indexOf.call(item.parentNode.children, item) + ". ";
    }
    function parts() {
      var out = [];
      var numbered = [];
      var elements = document.querySelector("main").querySelectorAll(box.getAttribute("data-listen"));
      for (var i = 0; i < elements.length; i++) {
        if (!shown(elements[i])) continue;
        var text = elements[i].textContent.replace(/\s+/g, " ").trim();
        if (text) out.push(number(elements[i], numbered) + text);
      }
      return out;
    }
    // Only a voice of the device's own: some browsers list online voices, which would send
    // the words (answers included) to someone else. With no list yet, the browser's default.
    function voice() {
      var voices = synth.getVoices ? synth.getVoices() : [];
      var base = lang.toLowerCase().split("-")[0];
      for (var i = 0; i < voices.length; i++) {
        var own = (voices[i].lang || "").toLowerCase().split(/[-_]/)[0] === base;
        if (own && voices[i].localService !== false) return { voice: voices[i] };
      }
      return voices.length ? null : { voice: null };
    }
    function show(on, said) {
      speaking = on;
      label.textContent = on ? words.stop : words.listen;
      status.textContent = button.getAttribute(said);
    }
    function start() {
      var mine = ++run;
      var texts = parts();
      var chosen = voice();
      synth.cancel();
      if (!chosen) {
        status.textContent = button.getAttribute("data-no-voice");
        return;
      }
      show(true, "data-reading");
      texts.forEach(function (text, i) {
        var utterance = new window.SpeechSynthesisUtterance(text);
        utterance.lang = lang;
        if (chosen.voice) utterance.voice = chosen.voice;
        if (i === texts.length - 1) {
          utterance.onend = function () { if (mine === run && speaking) show(false, "data-done"); };
        }
        synth.speak(utterance);
      });
    }
    function stop() {
      run++;
      synth.cancel();
      show(false, "data-stopped");
    }
    if (synth.getVoices) synth.getVoices();  // some browsers load the list on first asking
    button.addEventListener("click", function () { if (speaking) stop(); else start(); });
    window.addEventListener("pagehide", function () { if (speaking) synth.cancel(); });
    box.hidden = false;
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
    var box = document.querySelector("[data-listen]");
    if (box && window.speechSynthesis && window.SpeechSynthesisUtterance) listen(box, window.speechSynthesis);
    var dialog = document.querySelector("[data-keep-dialog]");
    if (dialog && window.fetch && window.URLSearchParams) keepAnswers(dialog);
    window.addEventListener("beforeprint", function () {
      var more = document.querySelectorAll("details.more");
      for (var j = 0; j < more.length; j++) more[j].open = true;
    });
  });
})();
