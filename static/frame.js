/* selfcheck inside a clinic's frame: tell the page around it how tall this page is, so
   the frame never crops or scrolls. Only a page from one of the clinic's allowed origins
   (listed on <html data-embed-origins>) that says hello gets an answer, and only it. */
(function () {
  "use strict";
  var root = document.documentElement;
  var allowed = (root.getAttribute("data-embed-origins") || "").split(" ").filter(Boolean);
  allowed.push(location.origin); // our own embed-kit page shows a live preview
  var parentOrigin = null;

  function matches(origin, pattern) {
    if (pattern.slice(-2) !== ":*") return origin === pattern;
    var base = pattern.slice(0, -2);
    return origin === base || new RegExp("^" + base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + ":\\d{1,5}$").test(origin);
  }

  function send() {
    if (!parentOrigin) return;
    var height = Math.ceil(document.body.getBoundingClientRect().height);
    window.parent.postMessage({ type: "selfcheck:height", height: height }, parentOrigin);
  }

  window.addEventListener("message", function (event) {
    if (event.source !== window.parent || !event.data || event.data.type !== "selfcheck:hello") return;
    if (!allowed.some(function (p) { return matches(event.origin, p); })) return;
    parentOrigin = event.origin;
    send();
  });
  if (window.ResizeObserver) new ResizeObserver(send).observe(document.body);
  window.addEventListener("load", send);
})();
