(() => {
  const spoken = [];
  const queue = [];
  let cancels = 0;
  const recorder = {
    speaking: false, pending: false, paused: false,
    speak(utterance) { spoken.push({ text: utterance.text, lang: utterance.lang }); queue.push(utterance); this.speaking = true; },
    cancel() { cancels += 1; queue.length = 0; this.speaking = false; },
    pause() {}, resume() {},
    getVoices() { return window.__voices || []; },
    addEventListener() {}, removeEventListener() {},
  };
  Object.defineProperty(window, "speechSynthesis", { configurable: true, get: () => recorder });
  window.__speech = {
    spoken,
    cancels: () => cancels,
    finish() { while (queue.length) { const u = queue.shift(); if (u.onend) u.onend(new Event("end")); } recorder.speaking = false; },
  };
})();
