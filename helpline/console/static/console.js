// The console's small scripts: map layers and details, the editor's live preview, the simulator.
// Everything works without them except the live preview and the simulator.
(function () {
  "use strict";
  var token = document.querySelector('meta[name="csrf-token"]');
  token = token ? token.content : "";

  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": token},
      body: JSON.stringify(body)
    }).then(function (r) { return r.json().then(function (data) { return {status: r.status, data: data}; }); });
  }

  function bubble(text, cost, who) {
    var div = document.createElement("div");
    div.className = "bubble";
    if (who) { var w = document.createElement("div"); w.className = "who"; w.textContent = who; div.appendChild(w); }
    div.appendChild(document.createTextNode(text));
    var c = document.createElement("div"); c.className = "cost"; c.textContent = cost; div.appendChild(c);
    return div;
  }

  // Map: recolour by layer, show a state's facts on hover or focus.
  var map = document.getElementById("tilemap");
  var select = document.getElementById("layer");
  function paint(layer) {
    map.dataset.layer = layer;
    map.querySelectorAll(".tile").forEach(function (tile) {
      tile.style.background = tile.getAttribute("data-" + layer + "-colour") || "#DDDDDD";
      tile.querySelector(".mark").textContent = tile.getAttribute("data-" + layer) || "";
      tile.setAttribute("aria-label", tile.dataset.code + ": " + (tile.getAttribute("data-" + layer + "-label") || ""));
    });
    document.querySelectorAll("[data-legend]").forEach(function (l) { l.hidden = l.dataset.legend !== layer; });
  }
  if (map && select) {
    paint(select.value);
    select.addEventListener("change", function () {
      paint(select.value);
      history.replaceState(null, "", "?layer=" + encodeURIComponent(select.value));
    });
    var details = document.getElementById("details");
    function show(tile) {
      var source = document.getElementById("details-" + tile.dataset.code);
      if (source) { details.innerHTML = source.innerHTML; }
    }
    map.querySelectorAll(".tile").forEach(function (tile) {
      tile.addEventListener("mouseenter", function () { show(tile); });
      tile.addEventListener("focus", function () { show(tile); });
    });
  }

  // Editor: check and preview as the organizer types.
  var form = document.getElementById("edit-form");
  if (form) {
    var area = document.getElementById("markdown"), preview = document.getElementById("preview"), check = document.getElementById("check");
    var timer = null, sequence = 0;
    area.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var mine = ++sequence;
        post(form.dataset.preview, {markdown: area.value}).then(function (r) {
          if (mine !== sequence) { return; }
          check.innerHTML = "";
          (r.data.errors || []).forEach(function (e) { var p = document.createElement("p"); p.className = "error"; p.textContent = e; check.appendChild(p); });
          (r.data.warnings || []).forEach(function (e) { var p = document.createElement("p"); p.className = "warning"; p.textContent = e; check.appendChild(p); });
          preview.innerHTML = "";
          (r.data.bubbles || []).forEach(function (b) {
            preview.appendChild(bubble(b.text, b.characters + " · " + b.encoding + " · " + b.segments, b.label));
          });
          form.dataset.updated = String(mine);
        });
      }, 120);
    });
  }

  // Simulator: the real pipeline, nothing stored.
  var sim = document.getElementById("sim-form");
  if (sim) {
    var log = document.getElementById("sim-log"), input = document.getElementById("sim-text");
    sim.addEventListener("submit", function (event) {
      event.preventDefault();
      var channel = sim.querySelector('input[name="channel"]:checked').value, text = input.value;
      var mine = document.createElement("div"); mine.className = "bubble me"; mine.textContent = text; log.appendChild(mine);
      input.value = "";
      post(sim.dataset.url, {text: text, channel: channel}).then(function (r) {
        var d = r.data;
        var meta = document.createElement("div"); meta.className = "understood";
        meta.textContent = "language " + d.language + " · intent " + d.intent + " (" + (d.confidence === null ? "-" : d.confidence.toFixed(2)) + ") · state " + d.state + " · topic " + d.topic;
        log.appendChild(meta);
        (d.bubbles || []).forEach(function (b) { log.appendChild(bubble(b.text, b.length + " · " + b.name + " · " + b.segments)); });
        log.dataset.replies = String((+log.dataset.replies || 0) + 1);
      });
    });
  }
})();
