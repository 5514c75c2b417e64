/* Future Village (未来村庄) on the resource map: a layer in the map's layer control, off until
   chosen (or the address says villages=1). It asks trainings for the published villages in the
   visible box (bounded on the server), filtered by stage and role wanted, and draws each as a
   point whose popup links to the village and its open projects. Registered by trainings in
   mapplatform/layers.py; runs after map.js (deferred). */
(function () {
  "use strict";
  var config = document.querySelector("[data-map-layer=villages]");
  var map = window.ngo20 && window.ngo20.resourceMap;
  if (!config || !map || !window.L) { return; }
  var filters = document.getElementById("village-layer-filters");
  var note = document.getElementById("village-layer-note");
  var stage = document.getElementById("village-layer-stage");
  var role = document.getElementById("village-layer-role");
  var text = filters ? filters.dataset : {};
  var group = L.layerGroup();
  // Above organizations and posts: a village often sits at its county's seat, where they are too.
  map.createPane("village-points").style.zIndex = 430;
  if (map.ngo20Overlays) {
    map.ngo20Overlays.addOverlay(group, config.dataset.label);
  } else {
    L.control.layers(null, { [config.dataset.label]: group }, { collapsed: false }).addTo(map);
  }

  function escapeHtml(value) {
    return String(value == null ? "" : value).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function bboxParam() {
    var bounds = map.getBounds();
    var sw = window.ngo20.fromDisplay(map, bounds.getSouthWest());
    var ne = window.ngo20.fromDisplay(map, bounds.getNorthEast());
    var clamp = function (v, lo, hi) { return Math.max(lo, Math.min(hi, v)); };
    return [clamp(sw.lng, -180, 180), clamp(sw.lat, -90, 90), clamp(ne.lng, -180, 180), clamp(ne.lat, -90, 90)]
      .map(function (v) { return v.toFixed(5); }).join(",");
  }
  function popupFor(props) {
    var html = '<strong><a href="' + escapeHtml(props.url) + '">' + escapeHtml(props.name) + "</a></strong>" +
      '<br><span class="muted">' + escapeHtml(props.county) + "</span>";
    if (!props.projects.length) { return html + '<br><span class="muted">' + escapeHtml(text.noProjects) + "</span>"; }
    return html + "<br>" + escapeHtml(text.projects) + '<ul class="village-popup-projects">' +
      props.projects.map(function (project) {
        return '<li><a href="' + escapeHtml(project.url) + '">' + escapeHtml(project.title) + "</a> " +
          '<span class="muted">' + escapeHtml(project.stage) + "</span></li>";
      }).join("") + "</ul>";
  }
  // Remember the layer and its filters in the address, so a shared link shows the same villages.
  function keepInUrl() {
    var url = new URL(window.location.href);
    var on = map.hasLayer(group);
    [["villages", on ? "1" : ""], ["village_stage", on && stage ? stage.value : ""],
     ["village_role", on && role ? role.value : ""]].forEach(function (pair) {
      if (pair[1]) { url.searchParams.set(pair[0], pair[1]); } else { url.searchParams.delete(pair[0]); }
    });
    history.replaceState(null, "", url.pathname + url.search + window.location.hash);
  }
  var pending = null;
  function refresh() {
    if (!map.hasLayer(group)) { group.clearLayers(); return; }
    var params = new URLSearchParams({ bbox: bboxParam(), stage: stage ? stage.value : "", role: role ? role.value : "" });
    var token = {};
    pending = token;
    config.dataset.loaded = "false";
    fetch(config.dataset.url + "?" + params.toString(), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (data) {
        if (pending !== token) { return; }
        group.clearLayers();
        data.features.forEach(function (feature) {
          var coords = feature.geometry.coordinates;
          var point = L.circleMarker(window.ngo20.toDisplay(map, coords[0], coords[1]), {
            radius: 8, color: "#fff", weight: 2, fillColor: "#c77700", fillOpacity: 0.95, className: "village-point",
            pane: "village-points"
          });
          point.bindPopup(popupFor(feature.properties));
          point.feature = feature;
          group.addLayer(point);
        });
        if (note) { note.textContent = data.features.length + " " + text.inView + (data.truncated ? " " + text.truncated : ""); }
        config.dataset.loaded = "true";
      })
      .catch(function () { if (pending === token && note) { note.textContent = text.error; } });
  }
  function shown() {
    if (filters) { filters.hidden = !map.hasLayer(group); }
    keepInUrl();
    refresh();
  }
  map.on("overlayadd overlayremove", function (event) { if (event.layer === group) { shown(); } });
  var timer = null;
  map.on("moveend", function () { window.clearTimeout(timer); timer = window.setTimeout(refresh, 150); });
  map.on("ngo20:datumchange", refresh);
  [stage, role].forEach(function (select) {
    if (select) { select.addEventListener("change", function () { keepInUrl(); refresh(); }); }
  });
  var query = new URLSearchParams(window.location.search);
  if (query.get("villages") === "1" || query.get("village_stage") || query.get("village_role")) { group.addTo(map); }
  window.ngo20.villageLayer = group;
})();
