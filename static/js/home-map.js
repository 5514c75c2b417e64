/* The home page's small map: organizations per province, drawn from our own data (no tiles needed). */
(function () {
  "use strict";
  var element = document.getElementById("home-map");
  if (!element || !window.L) { return; }
  var map = window.ngo20.makeMap(element, { zoomControl: false, attributionControl: false, scrollWheelZoom: false });
  map.setView([35.5, 104.0], 3);
  fetch(element.dataset.provincesUrl + "?metric=orgs", {
    headers: { Accept: "application/json", "Accept-Language": document.documentElement.lang || "zh-hans" },
    credentials: "same-origin"
  }).then(function (response) { return response.json(); }).then(function (data) {
    var max = Math.max.apply(null, data.features.map(function (f) { return f.properties.count; }).concat([1]));
    L.geoJSON(data, {
      coordsToLatLng: function (c) { return window.ngo20.toDisplay(map, c[0], c[1]); },
      style: function (feature) {
        return { color: "#555", weight: 1, fillColor: "#0b6e4f", fillOpacity: 0.08 + 0.6 * Math.sqrt(feature.properties.count / max) };
      },
      onEachFeature: function (feature, layer) {
        var label = document.createElement("span");
        label.textContent = feature.properties.name + ": " + feature.properties.count;
        layer.bindTooltip(label);
      }
    }).addTo(map);
    element.dataset.loaded = "true";
  });
})();
