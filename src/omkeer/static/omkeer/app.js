// Omkeer: a little progressive enhancement. Every page works without this file.
(function () {
  "use strict";

  // <form data-confirm="Are you sure?">: ask before destructive actions.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });

  // <div data-progress-url="…">: poll a JSON {percent, state, done} endpoint and move the bar; reload when done.
  function poll(box) {
    var url = box.getAttribute("data-progress-url");
    var bar = box.querySelector("progress");
    var label = box.querySelector("[data-progress-label]");
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        bar.value = data.percent;
        if (label) { label.textContent = data.label; }
        if (data.done) { window.location.reload(); } else { window.setTimeout(function () { poll(box); }, 800); }
      })
      .catch(function () { window.setTimeout(function () { poll(box); }, 2000); });
  }
  document.querySelectorAll("[data-progress-url]").forEach(poll);
})();
