/* selfcheck embed kit: put the questionnaire in a frame that grows with its content.
   Use: <div data-selfcheck-clinic="CLINIC-ID"></div>
        <script src="https://SELFCHECK-HOST/static/embed.js" async></script>
   No dependencies. Messages are accepted only from the selfcheck host, sent only to it. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var host = new URL(script.src).origin;
  var slots = document.querySelectorAll("[data-selfcheck-clinic]");
  for (var i = 0; i < slots.length; i++) mount(slots[i]);

  function mount(slot) {
    var id = slot.getAttribute("data-selfcheck-clinic");
    if (!/^[a-z][a-z0-9_]{0,39}$/.test(id) || slot.querySelector("iframe")) return;
    var frame = document.createElement("iframe");
    var loads = 0;
    frame.src = host + "/embed/" + id + "/";
    frame.title = slot.getAttribute("data-title") || "Questions for your visit";
    frame.style.cssText = "display:block;width:100%;height:640px;border:0";
    frame.addEventListener("load", function () {
      frame.contentWindow.postMessage({ type: "selfcheck:hello" }, host);
      // a new page in the frame: bring its top into view if the page was scrolled past it
      if (loads++ && frame.getBoundingClientRect().top < 0) {
        window.scrollTo(0, window.pageYOffset + frame.getBoundingClientRect().top);
      }
    });
    window.addEventListener("message", function (event) {
      var data = event.data;
      if (event.origin !== host || event.source !== frame.contentWindow) return;
      if (!data || data.type !== "selfcheck:height") return;
      var height = Math.ceil(Number(data.height));
      if (height > 0 && height < 100000) frame.style.height = height + "px";
    });
    slot.appendChild(frame);
  }
})();
