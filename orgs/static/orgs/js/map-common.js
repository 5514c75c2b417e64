/* Shared by the profile map and the editor: a Leaflet map with the configured base layers.
   With no tiles (offline, tests) the map still shows markers on a plain background. */
(function () {
  "use strict";
  window.ngo20 = window.ngo20 || {};
  window.ngo20.makeMap = function (element, options) {
    var map = L.map(element, options || {});
    var tilesElement = document.getElementById("map-tiles");
    var tiles = tilesElement ? JSON.parse(tilesElement.textContent) : [];
    tiles.slice(0, 1).forEach(function (layer) {
      L.tileLayer(layer.url, layer.options || {}).addTo(map);
    });
    return map;
  };
})();
